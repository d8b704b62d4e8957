package org.mmdsl.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.parser.MmdslSyntaxErrorMessages;

/**
 * One error for each mistake, the first one being the right one (issue 15 point 3), for the CLI and the
 * language server alike (both validate through MmdslResourceValidator):
 * <ul>
 * <li>a syntax error the message provider placed elsewhere (issue data {@code at:OFFSET:LENGTH}: an
 * incomplete statement noticed on the next line goes on its last word) is moved there;</li>
 * <li>a syntax error the message provider marked as the recovery from a lexer error (issue data
 * {@code consequence}) is dropped;</li>
 * <li>a syntax error right after another one, with no well-formed word between them, is the parser's
 * recovery from the first (an unterminated string, then "expected a string") and is dropped;</li>
 * <li>a validation issue on a line that has a syntax error is about a statement the parser only half read
 * (an mmap whose protection is mistyped "needs private or shared") and is dropped.</li>
 * </ul>
 */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    static List<Issue> oneForEachMistake(Resource resource, List<Issue> issues) {
        if (issues == null || !(resource instanceof XtextResource r) || r.getParseResult() == null
                || issues.stream().noneMatch(Issue::isSyntaxError)) {
            return issues;
        }
        ICompositeNode root = r.getParseResult().getRootNode();
        String text = root.getText();
        List<Issue> syntax = new ArrayList<>();
        for (Issue i : issues) {
            if (i.isSyntaxError() && !(i.getData() != null && i.getData().length > 0
                    && MmdslSyntaxErrorMessages.CONSEQUENCE.equals(i.getData()[0]))) {
                syntax.add(moved(i, text));
            }
        }
        syntax.sort(java.util.Comparator.comparing(Issue::getOffset));
        List<Issue> kept = new ArrayList<>();
        Issue last = null;
        for (Issue i : syntax) {
            if (last == null || wordBetween(root, last, i)) {
                kept.add(i);
                last = i;
            }
        }
        Set<Integer> lines = new HashSet<>();
        kept.forEach(i -> lines.add(i.getLineNumber()));
        List<Issue> out = new ArrayList<>(kept);
        for (Issue i : issues) {
            if (!i.isSyntaxError() && !lines.contains(i.getLineNumber())) {
                out.add(i);
            }
        }
        out.sort(java.util.Comparator.comparing((Issue i) -> i.getLineNumber() == null ? 0 : i.getLineNumber())
                .thenComparing(i -> i.getColumn() == null ? 0 : i.getColumn()));
        return out;
    }

    /** Whether a well-formed visible word stands between the end of {@code a} and the start of {@code b}. */
    private static boolean wordBetween(ICompositeNode root, Issue a, Issue b) {
        int from = a.getOffset() + Math.max(0, a.getLength());
        for (ILeafNode l : root.getLeafNodes()) {
            if (l.getOffset() >= b.getOffset()) {
                return false;
            }
            if (l.getOffset() >= from && !l.isHidden() && l.getLength() > 0 && l.getSyntaxErrorMessage() == null) {
                return true;
            }
        }
        return false;
    }

    /** {@code i} at the place its data names, or {@code i} itself. */
    private static Issue moved(Issue i, String text) {
        String[] data = i.getData();
        if (data == null || data.length == 0 || data[0] == null || !data[0].startsWith(MmdslSyntaxErrorMessages.AT)) {
            return i;
        }
        String[] at = data[0].substring(MmdslSyntaxErrorMessages.AT.length()).split(":");
        int offset = Math.min(Integer.parseInt(at[0]), text.length());
        int end = Math.min(offset + Integer.parseInt(at[1]), text.length());
        int[] start = MmdslResourceValidator.lineAndColumn(text, offset);
        int[] stop = MmdslResourceValidator.lineAndColumn(text, end);
        Issue.IssueImpl m = new Issue.IssueImpl();
        m.setOffset(offset);
        m.setLength(end - offset);
        m.setLineNumber(start[0]);
        m.setColumn(start[1]);
        m.setLineNumberEnd(stop[0]);
        m.setColumnEnd(stop[1]);
        m.setMessage(i.getMessage());
        m.setSeverity(i.getSeverity());
        m.setCode(i.getCode());
        m.setData(java.util.Arrays.copyOfRange(data, 1, data.length));
        m.setSyntaxError(true);
        m.setType(i.getType());
        m.setUriToProblem(i.getUriToProblem());
        return m;
    }
}
