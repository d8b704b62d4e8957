package org.mmdsl.formatting2;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.MultilineCommentReplacer;
import org.eclipse.xtext.formatting2.internal.WhitespaceReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegionPart;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.mmdsl.mmdsl.Binary;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.BootOption;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Thread;

/**
 * The layout of a scenario, as the examples are written (and as {@code gofmt} does it, one layout, no
 * options): one statement per line; the steps of a {@code < … >} block indented by two spaces, the
 * closing {@code >} on its own line; an expectation attached to a statement on its own line, two spaces
 * deeper than the statement; boot options on the boot line, or on continuation lines two spaces deep
 * where the author broke the line; one space between words, none inside {@code buf+4KB},
 * {@code GFP_KERNEL|__GFP_NOWARN}, {@code brk +4KB} and parentheses. One blank line between statements
 * is kept, more are folded into one. Comments stay where they are.
 *
 * <p>Every hidden region (the whitespace and comments between two tokens) is decided once, in one
 * pass over the tokens ({@link #spacing}); indentation is given as ranges (a block's interior, a
 * statement's expectations, the boot line's continuation). The indentation unit is two spaces whatever
 * the client's tab size: it is the language's layout, not a preference.
 */
public class MmdslFormatter extends AbstractJavaFormatter {

    /** The language's indentation unit. */
    public static final String INDENT = "  ";

    /** What the hidden region before a token is, when that token starts something. */
    private enum Start {
        STATEMENT, EXPECTATION, BOOT_OPTION, BLOCK_END
    }

    /** Hidden regions before a statement: where a blank line is kept. Filled by format(Scenario). */
    private final Set<IHiddenRegion> statementStarts = new HashSet<>();

    @Override
    protected void initialize(FormatterRequest request) {
        MapBasedPreferenceValues prefs = new MapBasedPreferenceValues(request.getPreferences(), new HashMap<>());
        prefs.put(FormatterPreferenceKeys.indentation, INDENT);
        request.setPreferences(prefs);
        super.initialize(request);
    }

    protected void format(Scenario scenario, IFormattableDocument doc) {
        Map<IHiddenRegion, Start> starts = new HashMap<>();
        Boot boot = scenario.getBoot();
        if (boot != null && !boot.getOptions().isEmpty()) {
            for (BootOption o : boot.getOptions()) {
                starts.put(previousHiddenRegion(o), Start.BOOT_OPTION);
            }
            // continuation lines of the boot line: two spaces deep
            doc.set(regionFor(boot).keyword("boot").getNextHiddenRegion(), nextHiddenRegion(boot), this::indent);
        }
        for (EObject s : scenario.getStatements()) {
            statement(s, starts, doc);
        }
        // one pass over every token pair
        ISemanticRegion previous = null;
        for (ISemanticRegion r : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
            if (previous != null) {
                spacing(previous, r, starts.get(r.getPreviousHiddenRegion()), doc);
            }
            previous = r;
        }
        if (previous != null) {
            doc.append(previous, this::newLine);
        }
        starts.forEach((region, start) -> {
            if (start == Start.STATEMENT) {
                statementStarts.add(region);
            }
        });
    }

    /** Marks where a statement (and its expectations and nested statements) starts; sets indentation. */
    private void statement(EObject s, Map<IHiddenRegion, Start> starts, IFormattableDocument doc) {
        starts.put(previousHiddenRegion(s), Start.STATEMENT);
        Expectation first = null;
        for (EObject child : s.eContents()) {
            if (child instanceof Expectation) {
                starts.put(previousHiddenRegion(child), Start.EXPECTATION);
                if (first == null) {
                    first = (Expectation) child;
                }
            }
        }
        if (first != null) {
            doc.set(previousHiddenRegion(first), nextHiddenRegion(s), this::indent);
        }
        if (s instanceof Process || s instanceof Thread || s instanceof KernelBlock || s instanceof org.mmdsl.mmdsl.Kthread
                || s instanceof org.mmdsl.mmdsl.ForkBlock || s instanceof org.mmdsl.mmdsl.Repeat) {
            ISemanticRegion open = regionFor(s).keyword("<");
            ISemanticRegion close = regionFor(s).keyword(">");
            if (open == null || close == null) {
                return;
            }
            starts.put(close.getPreviousHiddenRegion(), Start.BLOCK_END);
            for (EObject child : s.eContents()) {
                if (!(child instanceof Expectation) && isIn(child, open, close)) {
                    statement(child, starts, doc);
                }
            }
            doc.interior(open, close, this::indent);
        }
    }

    private boolean isIn(EObject child, ISemanticRegion open, ISemanticRegion close) {
        IEObjectRegion r = regionForEObject(child);
        return r != null && r.getOffset() >= open.getEndOffset() && r.getEndOffset() <= close.getOffset();
    }

    /** The hidden region between two neighbouring tokens {@code a} and {@code b}. */
    private void spacing(ISemanticRegion a, ISemanticRegion b, Start start, IFormattableDocument doc) {
        IHiddenRegion between = b.getPreviousHiddenRegion();
        if (start == Start.STATEMENT) {
            doc.set(between, f -> f.setNewLines(1, 1, 2));
        } else if (start == Start.EXPECTATION || start == Start.BLOCK_END) {
            doc.set(between, this::newLine);
        } else if (start == Start.BOOT_OPTION) {
            doc.set(between, between.isMultiline() ? this::newLine : this::oneSpace);
        } else if (glued(a, b)) {
            doc.set(between, this::noSpace);
        } else {
            doc.set(between, this::oneSpace);
        }
    }

    /**
     * The spaces between a statement and its trailing comment are the author's (the examples align
     * their comments in a column); everything else follows the formatting.
     */
    @Override
    public ITextReplacer createWhitespaceReplacer(ITextSegment segment, IHiddenRegionFormatting formatting) {
        if (segment instanceof IHiddenRegionPart part && part.getPreviousHiddenPart() == null
                && part.getNextHiddenPart() instanceof IComment && !segment.isMultiline()
                && part.getHiddenRegion().getPreviousSemanticRegion() != null && segment.getLength() > 0) {
            return new WhitespaceReplacer(segment, formatting) {
                @Override
                public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                    return context;
                }
            };
        }
        if (segment instanceof IHiddenRegionPart part && part.getPreviousHiddenPart() instanceof IComment c
                && c.getText().startsWith("//") && segment.getText().indexOf('\n') >= 0
                && (part.getNextHiddenPart() instanceof IComment || statementStarts.contains(part.getHiddenRegion()))) {
            // a line comment ends with its newline: a blank line after it is this segment's only newline
            return new WhitespaceReplacer(segment, formatting) {
                @Override
                public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                    int indentation = computeNewIndentation(context);
                    context.addReplacement(segment.replaceWith("\n" + context.getIndentationString(indentation)));
                    return context.withIndentation(indentation);
                }
            };
        }
        return super.createWhitespaceReplacer(segment, formatting);
    }

    /** A block comment is kept as written: its lines are the author's drawing, not code to re-indent. */
    @Override
    public ITextReplacer createCommentReplacer(IComment comment) {
        if (comment.getText().startsWith("/*")) {
            return new MultilineCommentReplacer(comment, '*') {
                @Override
                public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                    return context;
                }
            };
        }
        return super.createCommentReplacer(comment);
    }

    /**
     * {@code buf+4KB}, {@code GFP_KERNEL|__GFP_NOWARN}, {@code brk -4KB}, {@code (buf+4KB)}, {@code pages a, b},
     * {@code show pmap -x}, the two brackets of {@code <<} and {@code >>}; the other operators of an expression
     * stand between spaces ({@code buf >> 12}, {@code x & 0xfff}, {@code vpn | 1}).
     */
    private static boolean glued(ISemanticRegion a, ISemanticRegion b) {
        String at = a.getText();
        String bt = b.getText();
        boolean inExpr = a.getSemanticElement() instanceof Binary && b.getSemanticElement() instanceof Binary;
        if (inExpr && at.equals(bt) && ("<".equals(at) || ">".equals(at))) {
            return true;
        }
        boolean bar = "|".equals(at) && !(a.getSemanticElement() instanceof Binary)
                || "|".equals(bt) && !(b.getSemanticElement() instanceof Binary);
        if (bar || "(".equals(at) || ")".equals(bt) || ",".equals(bt)
                || "->".equals(at) || "->".equals(bt)) {
            return true;
        }
        // brk -4KB, show pmap -x, expect vma 0x1000-0x2000
        if (isSign(at) && (a.getSemanticElement() instanceof Binary || a.getSemanticElement() instanceof Brk
                || a.getSemanticElement() instanceof org.mmdsl.mmdsl.Show
                || a.getSemanticElement() instanceof org.mmdsl.mmdsl.VmaExpectation)) {
            return true;
        }
        return isSign(bt) && (b.getSemanticElement() instanceof Binary
                || b.getSemanticElement() instanceof org.mmdsl.mmdsl.VmaExpectation);
    }

    private static boolean isSign(String t) {
        return "+".equals(t) || "-".equals(t);
    }
}
