package org.mmdsl.ide.hover;

import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.ide.simulation.StateViews;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.TopTranslate;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.vma.MmStruct;

import com.google.inject.Inject;

/**
 * Hovers that show the simulation where it happens: on an address, the VMA, page walk and frame in the
 * task at that step (the run stops right after the statement); on a pfn of kmap/kunmap, the frame's
 * zone and struct page; on a size, bytes, pages and buddy order; on a keyword (a statement, an access,
 * a kernel function) or a word of the vocabulary written as a name (a GFP flag, a zone), one line of
 * kernel documentation ({@link KernelDocs}); on a handle or task name, the mapping or task at that step
 * ({@link NameHover}). Runs come from {@link EditorSimulation} (bounded); what a run passes, it records for
 * every hover of those statements ({@link HoverRecord}), so hovering around one text replays rarely.
 */
public class MmdslHoverService extends HoverService {

    /** Features whose expression is an address in the task's address space. */
    static final Set<EStructuralFeature> ADDRESS_FEATURES = Set.of(MmdslPackage.Literals.ACCESS__ADDRESS,
            MmdslPackage.Literals.MMAP__HINT, MmdslPackage.Literals.MUNMAP__ADDRESS,
            MmdslPackage.Literals.MPROTECT__ADDRESS, MmdslPackage.Literals.TRANSLATE__ADDRESS,
            MmdslPackage.Literals.TOP_TRANSLATE__ADDRESS, MmdslPackage.Literals.READ_CHECK__ADDRESS,
            MmdslPackage.Literals.FAULT_EXPECTATION__ADDRESS, MmdslPackage.Literals.ADDRESS_EXPECTATION__ADDRESS);

    /** Features whose expression is a page frame number (kmap, kunmap). */
    static final Set<EStructuralFeature> PFN_FEATURES = Set.of(MmdslPackage.Literals.KMAP__PFN,
            MmdslPackage.Literals.KUNMAP__PFN);

    @Inject
    private EditorSimulation simulation;

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancel) {
        int offset = document.getOffSet(params.getPosition());
        ICompositeNode root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
        ILeafNode leaf = root == null ? null : NodeModelUtils.findLeafNodeAtOffset(root, offset);
        if (leaf == null || leaf.isHidden()) {
            return IHoverService.EMPTY_HOVER;
        }
        String text = null;
        INode rangeNode = leaf;
        String keyword = keyword(leaf);
        if (keyword != null) {
            String doc = KernelDocs.of(keyword, GrammarUtil.containingRule(leaf.getGrammarElement()).getName());
            text = doc == null ? null : "`" + keyword + "` — " + doc;
        }
        EObject element = NodeModelUtils.findActualSemanticObjectFor(leaf);
        Answer answer = text != null || element == null ? null
                : new ElementHover(resource, leaf, cancel).doSwitch(element);
        if (text == null && (answer == null || answer.text() == null) && element != null) {
            // a word of a vocabulary set written as an ID: GFP_KERNEL, HighMem, ... (an expectation's
            // signal or errno gets the run's verdict above)
            text = KernelDocs.ofId(element, GrammarUtil.containingAssignment(leaf.getGrammarElement()), leaf.getText());
            answer = null;
        }
        EObject named = answer != null && answer.text() != null || text != null ? null : NameHover.target(leaf);
        if (named != null) {
            text = NameHover.text(simulation, resource, named, element, cancel);
        } else if (answer != null) {
            rangeNode = answer.range();
            text = answer.text();
        } else if (text == null) {
            Assignment size = numberAssignment(leaf);
            if (size != null && element != null) {
                EStructuralFeature f = element.eClass().getEStructuralFeature(size.getFeature());
                Object v = f == null ? null : element.eGet(f);
                if (v instanceof Long) {
                    text = StateViews.size((Long) v);
                    rangeNode = numberNode(leaf);
                }
            }
        }
        if (text == null) {
            return IHoverService.EMPTY_HOVER;
        }
        Range range = new Range(document.getPosition(rangeNode.getOffset()), document.getPosition(rangeNode.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    /** The keyword {@code leaf} is: a keyword of a rule, or the literal of an enum rule (`write`, `kmalloc`, `__va`). */
    private static String keyword(ILeafNode leaf) {
        if (leaf.getGrammarElement() instanceof Keyword k) {
            return k.getValue();
        }
        if (leaf.getGrammarElement() instanceof EnumLiteralDeclaration e) {
            return e.getLiteral().getValue();
        }
        return null;
    }

    /** A hover's text (null: none) and the range it covers. */
    private record Answer(String text, INode range) {
    }

    /**
     * The hover of the semantic element under the cursor, by its kind: on an expression, the whole
     * expression's ({@link #exprHover}); on the signal, si_code or errno name of an expectation, the run's
     * verdict there. Null for every other element (the caller then tries a size).
     */
    private final class ElementHover extends MmdslSwitch<Answer> {
        private final XtextResource resource;
        private final ILeafNode leaf;
        private final CancelIndicator cancel;

        ElementHover(XtextResource resource, ILeafNode leaf, CancelIndicator cancel) {
            this.resource = resource;
            this.leaf = leaf;
            this.cancel = cancel;
        }

        @Override
        public Answer caseExpr(Expr e) {
            Expr outer = e;
            while (outer.eContainer() instanceof Expr) {
                outer = (Expr) outer.eContainer();
            }
            return new Answer(exprHover(resource, outer, cancel), NodeModelUtils.findActualNodeFor(outer));
        }

        @Override
        public Answer caseFaultExpectation(FaultExpectation f) {
            return new Answer(verdictHover(resource, f, cancel), leaf);
        }

        @Override
        public Answer caseErrnoExpectation(ErrnoExpectation e) {
            return new Answer(verdictHover(resource, e, cancel), leaf);
        }
    }

    /** The assignment of a `Number` datatype rule call the leaf belongs to (a size such as `16KB`). */
    private static Assignment numberAssignment(ILeafNode leaf) {
        INode n = numberNode(leaf);
        return n == null ? null : GrammarUtil.containingAssignment(n.getGrammarElement());
    }

    private static INode numberNode(ILeafNode leaf) {
        for (INode n = leaf; n != null; n = n.getParent()) {
            if (n.getGrammarElement() instanceof RuleCall
                    && "Number".equals(((RuleCall) n.getGrammarElement()).getRule().getName())) {
                return n;
            }
        }
        return null;
    }

    private String exprHover(XtextResource resource, Expr expr, CancelIndicator cancel) {
        EObject holder = expr.eContainer();
        EStructuralFeature feature = expr.eContainingFeature();
        if (feature == MmdslPackage.Literals.BRK__AMOUNT) {
            return brkHover(resource, (Brk) holder, cancel);
        }
        if (holder instanceof Expectation || holder instanceof org.mmdsl.mmdsl.ExpectStatement && "value".equals(feature.getName())) {
            return verdictHover(resource, holder, cancel);
        }
        boolean pfn = PFN_FEATURES.contains(feature);
        if (!pfn && !ADDRESS_FEATURES.contains(feature)) {
            Long c = Exprs.constant(expr);
            return c == null ? null : String.format("%d = 0x%x", c, c);
        }
        EObject statement = holder; // an expectation's expression was answered above
        if (!simulation.playable(resource, cancel)) {
            return "_the simulation shows this address once the scenario has no errors_";
        }
        String text = HoverRecord.of(simulation, resource).answer(simulation, resource,
                HoverRecord.exprKey(statement, expr), null, cancel);
        return text == null ? "_this statement does not run (the run stops or skips it)_" : text;
    }

    /**
     * An address (the VMA, page walk and frame in the task) or a pfn (the frame) that {@code expr} of
     * {@code statement} evaluates to right after the statement ran; {@code task}: the task it ran in (null
     * at the top level: the task {@code translate init ...} names, once its block ended).
     */
    static String addressText(EObject statement, Expr expr, Task task, Kernel kernel, Map<Handle, Long> handles,
            HoverRecord.Steps steps) {
        boolean[] missing = {false};
        long value;
        try {
            value = Exprs.eval(expr, h -> {
                Long a = handles.get(h);
                missing[0] |= a == null;
                return a == null ? 0 : a;
            }, atom -> Exprs.stateValue(task, atom)); // mm->brk, vma_start "...": as they are after the statement
        } catch (Exprs.Undefined e) {
            return "_" + e.getMessage() + "_"; // a division by zero or a shift too far, computed at this step
        }
        if (missing[0]) {
            return "_a handle in this expression has no address at this step (its mmap failed or did not run)_";
        }
        if (PFN_FEATURES.contains(expr.eContainingFeature())) {
            return StateViews.frame(kernel, value);
        }
        org.mmdsl.mmdsl.Task named = statement instanceof TopTranslate ? ((TopTranslate) statement).getTask()
                : statement instanceof ReadCheck ? ((ReadCheck) statement).getTask() : null;
        Task t = task != null ? task : steps.blockTasks.get(named);
        if (t == null || t.exited()) {
            return String.format("0x%x: the task has exited at this step", value);
        }
        return StateViews.address(kernel, t, value) + "\n_state after line "
                + NodeModelUtils.getNode(statement).getStartLine() + " ran_";
    }

    /**
     * On a brk amount: the program break before and after the statement and whether the kernel refused to
     * move it (brk() then returns the old break). "Before" is the break of the task's mm after the last
     * step that ran in that mm (for an mm no step has seen yet: the parent's break at a fork, else start_brk).
     */
    private String brkHover(XtextResource resource, Brk brk, CancelIndicator cancel) {
        if (!simulation.playable(resource, cancel)) {
            return "_the simulation shows the break once the scenario has no errors_";
        }
        String text = HoverRecord.of(simulation, resource).answer(simulation, resource, HoverRecord.brkKey(brk), null,
                cancel);
        return text == null ? "_this statement does not run (the run stops or skips it)_" : text;
    }

    /** {@link #brkHover}'s text at the step of {@code brk} (the steps before it seen by {@code steps}). */
    static String brkText(Brk brk, Task task, Map<Handle, Long> handles, HoverRecord.Steps steps) {
        MmStruct mm = task == null ? null : task.mm();
        if (mm == null) {
            return "_the task has no address space: brk returns 0_";
        }
        boolean[] missing = {false};
        long value;
        try {
            value = Exprs.eval(brk.getAmount(), h -> {
                Long a = handles.get(h);
                missing[0] |= a == null;
                return a == null ? 0 : a;
            });
        } catch (Exprs.Undefined e) {
            return "_" + e.getMessage() + "_";
        }
        if (missing[0]) {
            return "_a handle in this expression has no address at this step (its mmap failed or did not run)_";
        }
        Long known = steps.brkSeen.get(mm);
        org.mmdsl.mmdsl.Process process = org.eclipse.xtext.EcoreUtil2.getContainerOfType(brk, org.mmdsl.mmdsl.Process.class);
        if (known == null && process != null && process.getParent() != null) {
            // the first step in a forked mm: the break is the parent's at the fork
            Task parent = steps.blockTasks.get(process.getParent());
            known = parent == null ? null : steps.brkSeenByTask.get(parent);
        }
        long before = known != null ? known : mm.startBrk;
        long after = mm.brk;
        long want = brk.getSign() == null ? value : brk.getSign().equals("+") ? before + value : before - value;
        String line = "\n\n_state after line " + NodeModelUtils.getNode(brk).getStartLine() + " ran_";
        if (after != want) {
            return String.format("program break **0x%x** → **0x%x**: the kernel refused to move it to 0x%x "
                    + "(brk returned the old break)", before, after, want) + line;
        }
        long delta = after - before;
        String how = delta == 0 ? "unchanged"
                : String.format("%s by %,d bytes", delta > 0 ? "grew" : "shrank", Math.abs(delta));
        return String.format("program break **0x%x** → **0x%x** (%s)", before, after, how) + line;
    }

    /**
     * On an expectation (its value, address, signal or errno) or on the value of {@code expect read X == V}:
     * the verdict of the run on it and what the run actually produced there (the interpreter's message).
     */
    private String verdictHover(XtextResource resource, EObject where, CancelIndicator cancel) {
        if (!simulation.playable(resource, cancel)) {
            return "_the simulation checks this expectation once the scenario has no errors_";
        }
        String text = HoverRecord.of(simulation, resource).answer(simulation, resource, HoverRecord.verdictKey(where),
                HoverRecord.statementOf(where), cancel);
        return text != null ? text
                : "_not checked: the statement did not run, or a value in it has no address at this step_";
    }
}
