package org.mmdsl.ide.semantictokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.highlighting.HighlightWords;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;

/**
 * Semantic tokens (full document) from the node model: keywords, the steps (functions: mmap, read, write,
 * exec, kmalloc, kmap_atomic, kfree, the words {@link HighlightWords} calls functions), numbers and sizes,
 * strings, comments, handles (variables, where declared and where used), tasks (classes), kernel names such as
 * errnos, signals, GFP flags, km_types, zones, flags, show targets and protections (enum members). Xtext 2.42's SemanticTokensService offers a fixed three-type legend, so the server
 * advertises {@link #LEGEND} and answers with this class.
 */
public class MmdslSemanticTokens {
    public static final SemanticTokensLegend LEGEND = new SemanticTokensLegend(SemanticTokenLegend.TYPES,
            SemanticTokenLegend.MODIFIERS);

    private static final int KEYWORD = 0;
    private static final int NUMBER = 1;
    private static final int STRING = 2;
    private static final int COMMENT = 3;
    private static final int VARIABLE = 4;
    private static final int CLASS = 5;
    private static final int ENUM_MEMBER = 6;
    private static final int OPERATOR = 7;
    private static final int FUNCTION = 8;

    @Inject
    private MmdslGrammarAccess grammar;

    /** The editors' word classes (the TextMate, Vim and Emacs files colour the same words), made on first use. */
    private volatile HighlightWords words;

    private HighlightWords words() {
        HighlightWords w = words;
        if (w == null) {
            w = new HighlightWords(grammar);
            words = w;
        }
        return w;
    }

    /** Where every plain ID is a kernel name: expect fault (signal, si_code), errno, zone (zone, field), a km_type. */
    private static final Set<EClass> KERNEL_NAMES = Set.of(MmdslPackage.Literals.ERRNO_EXPECTATION,
            MmdslPackage.Literals.FAULT_EXPECTATION, MmdslPackage.Literals.ZONE_CHECK, MmdslPackage.Literals.KMAP_LOCAL);

    /** The tokens of {@code resource}, LSP-encoded (relative lines and columns, UTF-16 units). */
    public SemanticTokens tokens(XtextResource resource, CancelIndicator cancel) {
        List<Integer> data = new ArrayList<>();
        ICompositeNode root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
        if (root == null) {
            return new SemanticTokens(data);
        }
        String text = root.getText();
        int line = 0;
        int lineStart = 0;
        int scanned = 0;
        int lastLine = 0;
        int lastCol = 0;
        int n = 0;
        for (ILeafNode leaf : root.getLeafNodes()) {
            if ((++n & 1023) == 0 && cancel != null && cancel.isCanceled()) {
                break;
            }
            int[] type = classify(leaf);
            if (type == null) {
                continue;
            }
            // split multi-line tokens (block comments) into one token per line
            int start = leaf.getOffset();
            int end = leaf.getEndOffset();
            while (start < end) {
                int nl = text.indexOf('\n', start);
                int pieceEnd = nl < 0 || nl >= end ? end : nl;
                for (; scanned < start; scanned++) {
                    if (text.charAt(scanned) == '\n') {
                        line++;
                        lineStart = scanned + 1;
                    }
                }
                int len = pieceEnd - start;
                if (pieceEnd > start && text.charAt(pieceEnd - 1) == '\r') {
                    len--;
                }
                if (len > 0) {
                    int col = start - lineStart;
                    data.add(line - lastLine);
                    data.add(line == lastLine ? col - lastCol : col);
                    data.add(len);
                    data.add(type[0]);
                    data.add(type[1]);
                    lastLine = line;
                    lastCol = col;
                }
                start = pieceEnd + 1;
            }
        }
        return new SemanticTokens(data);
    }

    /** {type, modifiers} for a leaf, or null when it gets no token. */
    private int[] classify(ILeafNode leaf) {
        EObject g = leaf.getGrammarElement();
        if (leaf.isHidden()) {
            return g instanceof org.eclipse.xtext.TerminalRule || g instanceof RuleCall ? commentOrNull(leaf) : null;
        }
        if (g instanceof Keyword || g instanceof EnumLiteralDeclaration) {
            // a keyword, or a literal of a grammar enum (read, kmalloc, show maps, an mmap flag, rss anon, '+')
            String k = g instanceof Keyword kw ? kw.getValue() : ((EnumLiteralDeclaration) g).getLiteral().getValue();
            AbstractRule rule = GrammarUtil.containingRule(g);
            if ("Number".equals(rule.getName())) {
                return new int[] {NUMBER, 0}; // the unit of `3 pages`
            }
            if (!Character.isLetterOrDigit(k.charAt(0)) && k.charAt(0) != '_') {
                return new int[] {OPERATOR, 0};
            }
            if (rule instanceof ParserRule p && GrammarUtil.isDatatypeRule(p)) {
                return new int[] {ENUM_MEMBER, 0}; // a keyword standing for a word: mm->brk, pte, private
            }
            HighlightWords w = words();
            if (w.functions.contains(k)) {
                return new int[] {FUNCTION, 0}; // a step: mmap, read, write, exec, kmalloc, kmap_atomic, kfree
            }
            // an enum's word (show maps, populate, rss anon) or a show target spelled as a keyword (show pagetables)
            return new int[] {g instanceof EnumLiteralDeclaration || w.flags.contains(k) && afterShow((Keyword) g)
                    ? ENUM_MEMBER : KEYWORD, 0};
        }
        if (g instanceof CrossReference c) {
            return new int[] {"Handle".equals(c.getType().getClassifier().getName()) ? VARIABLE : CLASS, 0};
        }
        if (!(g instanceof RuleCall)) {
            return null;
        }
        String rule = ((RuleCall) g).getRule().getName();
        switch (rule) {
            case "INT":
            case "HEX":
            case "SIZE":
            case "SPLIT":
                return new int[] {NUMBER, 0};
            case "STRING":
            case "TEXT_BLOCK": // expect maps """ ... """: one string token per line
                return new int[] {STRING, 0};
            case "PROT":
                return new int[] {ENUM_MEMBER, 0};
            case "ID":
                break;
            default:
                return null;
        }
        if (g.eContainer() instanceof CrossReference) {
            String type = ((CrossReference) g.eContainer()).getType().getClassifier().getName();
            return new int[] {"Handle".equals(type) ? VARIABLE : CLASS, 0};
        }
        Assignment a = GrammarUtil.containingAssignment(g);
        EObject element = leaf.getParent() == null ? null : leaf.getParent().getSemanticElement();
        if (a != null && "name".equals(a.getFeature())) {
            boolean task = Block.asTask(element) != null;
            return new int[] {task ? CLASS : VARIABLE, 1};
        }
        // a word of a vocabulary set (an errno, a GFP flag, an advice: GrammarWords), and a zone check's field
        if (element != null && KERNEL_NAMES.contains(element.eClass())
                || a != null && GrammarWords.idSet(GrammarUtil.containingRule(a).getName(), a.getFeature()) != null) {
            return new int[] {ENUM_MEMBER, 0};
        }
        return null;
    }

    /** Whether {@code k} directly follows the keyword {@code show} in its rule (show pagetables, show page). */
    private static boolean afterShow(Keyword k) {
        if (k.eContainer() instanceof org.eclipse.xtext.Group g) {
            int i = g.getElements().indexOf(k);
            return i > 0 && g.getElements().get(i - 1) instanceof Keyword before && "show".equals(before.getValue());
        }
        return false;
    }

    private static int[] commentOrNull(ILeafNode leaf) {
        String t = leaf.getText();
        return t.startsWith("//") || t.startsWith("/*") ? new int[] {COMMENT, 0} : null;
    }
}
