package org.mmdsl.ui.highlighting;

import java.util.Map;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
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
import org.mmdsl.ui.MmdslLanguage;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.name.Names;

/**
 * Colours a scenario by running the language's generated ANTLR lexer (InternalMmdslLexer, bound as the
 * runtime lexer) over the text and mapping token types to Xtext's highlighting styles with Xtext's own
 * {@link DefaultAntlrTokenToAttributeIdMapper}. Lexing never fails (the grammar ends with ANY_OTHER), so
 * a file that does not parse is coloured too. The damage is always the whole document: an opened
 * {@code /*} recolours everything after it, and scenarios are short.
 */
public class MmdslTokenHighlighter implements IPresentationDamager, IPresentationRepairer {

    private static final Map<String, Style> STYLES = Map.of(
            HighlightingStyles.KEYWORD_ID, new Style(new Color(127, 0, 85), SWT.BOLD),
            HighlightingStyles.COMMENT_ID, new Style(new Color(63, 127, 95), SWT.NORMAL),
            HighlightingStyles.STRING_ID, new Style(new Color(42, 0, 255), SWT.NORMAL),
            HighlightingStyles.NUMBER_ID, new Style(new Color(0, 102, 153), SWT.NORMAL),
            HighlightingStyles.INVALID_TOKEN_ID, new Style(new Color(200, 0, 0), SWT.NORMAL));

    private record Style(Color foreground, int fontStyle) {
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
        }
    }
}
