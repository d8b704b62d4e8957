package org.mmdsl.validation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.util.LineAndColumn;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.IDiagnosticConverter;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.RangeBasedDiagnostic;
import org.eclipse.xtext.validation.ResourceValidatorImpl;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Static validation, then — when the text has no errors and the mode includes NORMAL checks — a
 * bounded, cancellable simulation whose faults, errnos and failed expectations are added as issues on
 * the statements that caused them. FAST_ONLY (the CLI's {@code check}) stays static.
 */
public class MmdslResourceValidator extends ResourceValidatorImpl {

    @Inject
    private IDiagnosticConverter converter;

    @Inject
    private OperationCanceledManager cancelManager;

    /** The resource whose parse diagnostics are being converted (see {@link #issueFromXtextResourceDiagnostic}). */
    private final ThreadLocal<Resource> converting = new ThreadLocal<>();

    @Override
    protected void collectResourceDiagnostics(Resource resource, CancelIndicator monitor,
            org.eclipse.xtext.util.IAcceptor<Issue> acceptor) {
        converting.set(resource);
        try {
            super.collectResourceDiagnostics(resource, monitor, acceptor);
        } finally {
            converting.remove();
        }
    }

    /**
     * Xtext 2.42's InternalNodeModelUtils.getLineAndColumnNoExactLineBreak() reads
     * {@code text.charAt(text.length())} for a range that ends at the end of a text whose last
     * character is a lone '\r' (old Mac line ends): the converter throws, ResourceValidatorImpl logs a
     * stack trace and the syntax error is lost. Here the issue is made from the offsets instead, with
     * lines counted as the node model counts them ("\r\n", "\n" and a lone "\r" each end a line).
     */
    @Override
    protected void issueFromXtextResourceDiagnostic(Resource.Diagnostic diagnostic, Severity severity,
            org.eclipse.xtext.util.IAcceptor<Issue> acceptor) {
        try {
            super.issueFromXtextResourceDiagnostic(diagnostic, severity, acceptor);
        } catch (IndexOutOfBoundsException e) {
            Resource r = converting.get();
            if (!(diagnostic instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic)
                    || !(r instanceof org.eclipse.xtext.resource.XtextResource)
                    || ((org.eclipse.xtext.resource.XtextResource) r).getParseResult() == null) {
                throw e;
            }
            org.eclipse.xtext.diagnostics.AbstractDiagnostic d = (org.eclipse.xtext.diagnostics.AbstractDiagnostic) diagnostic;
            String text = ((org.eclipse.xtext.resource.XtextResource) r).getParseResult().getRootNode().getText();
            Issue.IssueImpl issue = new Issue.IssueImpl();
            int offset = Math.min(d.getOffset(), text.length());
            int end = Math.min(offset + Math.max(0, d.getLength()), text.length());
            int[] start = lineAndColumn(text, offset);
            int[] stop = lineAndColumn(text, end);
            issue.setOffset(offset);
            issue.setLength(end - offset);
            issue.setLineNumber(start[0]);
            issue.setColumn(start[1]);
            issue.setLineNumberEnd(stop[0]);
            issue.setColumnEnd(stop[1]);
            issue.setMessage(d.getMessage());
            issue.setSeverity(severity);
            issue.setCode(d.getCode());
            issue.setData(d.getData());
            issue.setSyntaxError(diagnostic instanceof org.eclipse.xtext.resource.XtextSyntaxDiagnostic);
            issue.setType(CheckType.FAST);
            issue.setUriToProblem(r.getURI());
            acceptor.accept(issue);
        }
    }

    /** 1-based line and column of {@code offset} in {@code text}. */
    static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator indicator) {
        List<Issue> issues = SyntaxErrors.oneForEachMistake(resource, super.validate(resource, mode, indicator));
        if (issues != null && mode.shouldCheck(CheckType.FAST) && (indicator == null || !indicator.isCanceled())) {
            StaticVerdict.record(resource, issues); // every static check is FAST: the editor's runs ask this
        }
        if (issues == null || !mode.shouldCheck(CheckType.NORMAL) || resource.getContents().isEmpty()
                || !(resource.getContents().get(0) instanceof Scenario)) {
            return issues;
        }
        for (Issue i : issues) {
            if (i.getSeverity() == Severity.ERROR) {
                return issues;
            }
        }
        CancelIndicator ci = indicator == null ? CancelIndicator.NullImpl : indicator;
        Run run = Interpreter.run((Scenario) resource.getContents().get(0), Interpreter.Limits.EDITOR, ci::isCanceled);
        cancelManager.checkCanceled(ci);
        List<Issue> all = new ArrayList<>(issues);
        for (SimulationDiagnostics.SimDiagnostic d : SimulationDiagnostics.of(run)) {
            int severity = switch (d.issue().severity) {
                case ERROR -> Diagnostic.ERROR;
                case WARNING -> Diagnostic.WARNING;
                default -> Diagnostic.INFO;
            };
            converter.convertValidatorDiagnostic(new RangeBasedDiagnostic(severity, d.message(), d.cause(), d.offset(),
                    d.length(), CheckType.NORMAL, d.issue().id, relatedData(d)) {
            }, all::add);
        }
        return all;
    }

    /** Prefix of an issue-data entry that is related information (see {@link #relatedData}). */
    public static final String RELATED = "related:";

    /**
     * A simulated diagnostic's related places as issue data, one entry each:
     * {@code related:LINE,COLUMN,END_LINE,END_COLUMN,MESSAGE} (0-based, columns in UTF-16 units).
     */
    static String[] relatedData(SimulationDiagnostics.SimDiagnostic d) {
        String[] out = new String[d.related().size()];
        for (int i = 0; i < out.length; i++) {
            SimulationDiagnostics.Related r = d.related().get(i);
            ICompositeNode node = NodeModelUtils.findActualNodeFor(r.target());
            int[] start = lineColumn(node, r.offset());
            int[] end = lineColumn(node, r.offset() + r.length());
            out[i] = RELATED + start[0] + "," + start[1] + "," + end[0] + "," + end[1] + "," + r.message();
        }
        return out;
    }

    private static int[] lineColumn(ICompositeNode node, int offset) {
        if (node == null) {
            return new int[] {0, 0};
        }
        LineAndColumn lc = NodeModelUtils.getLineAndColumn(node, offset);
        return new int[] {lc.getLine() - 1, lc.getColumn() - 1};
    }
}
