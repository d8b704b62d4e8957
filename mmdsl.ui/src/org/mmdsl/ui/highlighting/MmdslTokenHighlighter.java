package org.mmdsl.ui.highlighting;

import java.util.List;
import java.util.Map;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Color;
import org.eclipse.xtext.ide.editor.syntaxcoloring.DefaultAntlrTokenToAttributeIdMapper;
import org.eclipse.xtext.ide.editor.syntaxcoloring.HighlightingStyles;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.parser.antlr.LexerBindings;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ide.semantictokens.MmdslSemanticTokens;
import org.mmdsl.ide.semantictokens.SemanticTokenLegend;
import org.mmdsl.ui.MmdslLanguage;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.name.Names;

/**
 * Colours a scenario as the language server's semantic tokens do (mmdsl.ide's {@link MmdslSemanticTokens}:
 * keywords including the kernel API words and read/write/exec, numbers and sizes, strings, comments,
 * handles, tasks, kernel names such as GFP flags, errnos, zones and show targets, operators): the text is
 * parsed (no linking, no validation) and the tokens decoded from their LSP encoding; each token type has
 * one style ({@link #SEMANTIC}, by the legend's type name). Parsing recovers from syntax errors, so a file
 * that does not parse is coloured too. A text above {@link #SEMANTIC_LIMIT} characters is coloured from
 * the generated ANTLR lexer alone (keywords, comments, strings, numbers) with Xtext's
 * {@link DefaultAntlrTokenToAttributeIdMapper}, which never fails. The damage is always the whole
 * document: an opened {@code /*} recolours everything after it, and scenarios are short.
 */
public class MmdslTokenHighlighter implements IPresentationDamager, IPresentationRepairer {

    /**
     * Above this many characters a keystroke re-lexes instead of re-parsing, since the parse runs in the UI
     * thread. Measured here (JDK 17, 2 loaded cores, examples/pictures-i386.mmdsl repeated): parse plus
     * semantic tokens take a median 23 ms at 66 KB (1,666 lines), 44 ms (max 137 ms) at 263 KB.
     */
    static final int SEMANTIC_LIMIT = 64 * 1024;

    /** The style of each semantic token type (LSP's standard names; modifier "declaration" adds bold). */
    static final Map<String, Style> SEMANTIC = Map.ofEntries(
            Map.entry("keyword", new Style(new Color(127, 0, 85), SWT.BOLD)),
            Map.entry("comment", new Style(new Color(63, 127, 95), SWT.NORMAL)),
            Map.entry("string", new Style(new Color(42, 0, 255), SWT.NORMAL)),
            Map.entry("number", new Style(new Color(0, 102, 153), SWT.NORMAL)),
            Map.entry("variable", new Style(new Color(0, 0, 192), SWT.NORMAL)),
            Map.entry("parameter", new Style(new Color(0, 0, 192), SWT.NORMAL)),
            Map.entry("property", new Style(new Color(0, 0, 192), SWT.NORMAL)),
            Map.entry("class", new Style(new Color(0, 128, 128), SWT.NORMAL)),
            Map.entry("type", new Style(new Color(0, 128, 128), SWT.NORMAL)),
            Map.entry("namespace", new Style(new Color(0, 128, 128), SWT.NORMAL)),
            Map.entry("enumMember", new Style(new Color(150, 75, 0), SWT.ITALIC)),
            Map.entry("macro", new Style(new Color(150, 75, 0), SWT.ITALIC)),
            Map.entry("function", new Style(new Color(127, 0, 85), SWT.BOLD)),
            Map.entry("method", new Style(new Color(127, 0, 85), SWT.BOLD)),
            Map.entry("event", new Style(new Color(127, 0, 85), SWT.BOLD)),
            Map.entry("operator", new Style(new Color(90, 90, 90), SWT.NORMAL)));

    private static final Map<String, Style> STYLES = Map.of(
            HighlightingStyles.KEYWORD_ID, SEMANTIC.get("keyword"),
            HighlightingStyles.COMMENT_ID, SEMANTIC.get("comment"),
            HighlightingStyles.STRING_ID, SEMANTIC.get("string"),
            HighlightingStyles.NUMBER_ID, SEMANTIC.get("number"),
            HighlightingStyles.INVALID_TOKEN_ID, new Style(new Color(200, 0, 0), SWT.NORMAL));

    record Style(Color foreground, int fontStyle) {
    }

    /** HEX and SIZE literals are numbers of this language; everything else is Xtext's default mapping. */
    private static final class TokenStyles extends DefaultAntlrTokenToAttributeIdMapper {
        @Override
        protected String calculateId(String tokenName, int tokenType) {
            if ("RULE_HEX".equals(tokenName) || "RULE_SIZE".equals(tokenName)) {
                return HighlightingStyles.NUMBER_ID;
            }
            if ("RULE_ANY_OTHER".equals(tokenName)) {
                return HighlightingStyles.INVALID_TOKEN_ID;
            }
            return super.calculateId(tokenName, tokenType);
        }
    }

    private IDocument document;
    private Provider<Lexer> lexers;
    private TokenStyles tokenStyles;
    private MmdslSemanticTokens semanticTokens;

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean documentPartitioningChanged) {
        return new Region(0, event.getDocument().getLength());
    }

    @Override
    public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
        if (document == null) {
            return;
        }
        init();
        String text = document.get();
        if (text.length() > SEMANTIC_LIMIT || !semantic(presentation, text, damage)) {
            lexical(presentation, text, damage);
        }
    }

    /** The semantic tokens' styles; false when the parse failed (the lexer then colours). */
    private boolean semantic(TextPresentation presentation, String text, IRegion damage) {
        List<Integer> data;
        try {
            XtextResource resource = MmdslLanguage.parse(text, MmdslLanguage.uriOf(document));
            data = semanticTokens.tokens(resource, CancelIndicator.NullImpl).getData();
        } catch (RuntimeException e) {
            return false;
        }
        int end = damage.getOffset() + damage.getLength();
        int line = 0;
        int column = 0;
        for (int i = 0; i + 4 < data.size(); i += 5) {
            line += data.get(i);
            column = data.get(i) == 0 ? column + data.get(i + 1) : data.get(i + 1);
            int length = data.get(i + 2);
            String type = SemanticTokenLegend.TYPES.get(data.get(i + 3));
            Style style = SEMANTIC.get(type);
            int start;
            try {
                start = document.getLineOffset(line) + column;
            } catch (BadLocationException e) {
                break;
            }
            if (style == null || start + length <= damage.getOffset()) {
                continue;
            }
            if (start >= end) {
                break;
            }
            int font = style.fontStyle() | ((data.get(i + 4) & 1) != 0 ? SWT.BOLD : SWT.NORMAL);
            presentation.addStyleRange(new StyleRange(start, length, style.foreground(), null, font));
        }
        return true;
    }

    private void lexical(TextPresentation presentation, String text, IRegion damage) {
        Lexer lexer = lexers.get();
        lexer.setCharStream(new ANTLRStringStream(text));
        int end = damage.getOffset() + damage.getLength();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            CommonToken token = (CommonToken) t;
            int start = token.getStartIndex();
            int length = token.getStopIndex() - start + 1;
            if (start >= end) {
                break;
            }
            if (length <= 0 || start + length <= damage.getOffset()) {
                continue;
            }
            Style style = STYLES.get(tokenStyles.getId(token.getType()));
            if (style != null) {
                presentation.addStyleRange(new StyleRange(start, length, style.foreground(), null, style.fontStyle()));
            }
        }
    }

    private void init() {
        if (lexers == null) {
            Injector injector = MmdslLanguage.injector();
            lexers = injector.getProvider(Key.get(Lexer.class, Names.named(LexerBindings.RUNTIME)));
            TokenStyles styles = new TokenStyles();
            styles.setTokenDefProvider(injector.getInstance(ITokenDefProvider.class));
            tokenStyles = styles;
            semanticTokens = injector.getInstance(MmdslSemanticTokens.class);
        }
    }
}
