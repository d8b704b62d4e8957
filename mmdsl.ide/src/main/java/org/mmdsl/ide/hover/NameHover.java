package org.mmdsl.ide.hover;

import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.ide.simulation.StateViews;
import org.mmdsl.mmdsl.AllocPages;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelHandle;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.pgtable.PageTables;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * Hovers on a name: a handle ({@code buf} of {@code mmap buf 16KB ...}, or a use of it) shows its mapping
 * at that step (the VMA's range and flags, how many of its pages are present); a task ({@code init} of
 * {@code process init <}, or {@code clone init}, {@code translate init ...}) shows the task (pid, VMAs,
 * resident pages, /proc/PID/maps). "At that step": the run stops right after the statement the name
 * stands in (a block's name: after the block). Played by {@link EditorSimulation} (bounded, cached).
 */
final class NameHover {
    private NameHover() {
    }

    /** The handle or task {@code leaf} names (declared or referred to), or null when it names neither. */
    static EObject target(ILeafNode leaf) {
        EObject element = NodeModelUtils.findActualSemanticObjectFor(leaf);
        if (element == null) {
            return null;
        }
        CrossReference ref = GrammarUtil.containingCrossReference(leaf.getGrammarElement());
        if (ref != null) {
            EReference feature = GrammarUtil.getReference(ref, element.eClass());
            Object to = feature == null ? null : element.eGet(feature, false);
            return to instanceof Handle || to instanceof org.mmdsl.mmdsl.Task ? (EObject) to : null;
        }
        Assignment a = GrammarUtil.containingAssignment(leaf.getGrammarElement());
        if (a != null && "name".equals(a.getFeature())
                && (element instanceof Handle || element instanceof org.mmdsl.mmdsl.Task)) {
            return element;
        }
        return null;
    }

    /** The hover text of {@code target} at the statement that holds {@code where} (Markdown). */
    static String text(EditorSimulation simulation, XtextResource resource, EObject target, EObject where,
            CancelIndicator cancel) {
        String name = org.mmdsl.interpreter.Exprs.nameOf(target);
        if (!simulation.playable(resource, cancel)) {
            return "`" + name + "`: _the simulation shows it once the scenario has no errors_";
        }
        String text = HoverRecord.of(simulation, resource).answer(simulation, resource, HoverRecord.nameKey(where, target),
                null, cancel);
        return text == null ? "`" + name + "`: _this statement does not run (the run stops or skips it)_" : text;
    }

    /**
     * The hover of {@code target} named in {@code where}, at step {@code s} (the first statement that ran
     * and contains {@code where}; a block's name: the block, after its last statement).
     */
    static String render(EObject target, EObject where, EObject s, Task task, Kernel kernel, Map<Handle, Long> handles,
            HoverRecord.Steps steps) {
        String name = org.mmdsl.interpreter.Exprs.nameOf(target);
        org.eclipse.xtext.nodemodel.INode node = NodeModelUtils.getNode(s);
        String line = Block.of(s) != null
                ? "\n\n_after the block of lines " + node.getStartLine() + "–" + node.getEndLine() + " ran_"
                : "\n\n_after line " + node.getStartLine() + " ran_";
        if (target instanceof org.mmdsl.mmdsl.Task t) {
            Task runtime = steps.enclosingTasks.get(t);
            return runtime == null ? "`" + name + "`: _the task does not exist at this step_" : task(runtime, kernel) + line;
        }
        Long addr = handles.get((Handle) target);
        if (addr == null) {
            return "`" + name + "`: _no address at this step (its statement failed or did not run)_";
        }
        // the task the statement runs in (a use in a forked child: the child's mm), else the handle's
        Task owner = task != null ? task : steps.enclosingTasks.get(Block.enclosing(target));
        return handle(name, (Handle) target, addr, owner, kernel) + line;
    }

    /**
     * A user mapping: its VMA (range, flags) and how many of the VMA's pages are present (a software walk,
     * as /proc/PID/pagemap reads them); a kernel handle: its address, or the frame alloc_pages gave.
     */
    private static String handle(String name, Handle h, long addr, Task owner, Kernel kernel) {
        if (h instanceof AllocPages) {
            return String.format("**%s** = pfn 0x%x%n%n%s", name, addr, StateViews.frame(kernel, addr));
        }
        if (h instanceof KernelHandle || !(h instanceof Mmap || h instanceof Mremap)) {
            return String.format("**%s** = 0x%x", name, addr);
        }
        MmStruct mm = owner == null ? null : owner.mm();
        Vma vma = mm == null ? null : mm.vmaLookup(addr);
        if (vma == null || addr < vma.vmStart()) {
            return String.format("**%s** = 0x%x: no VMA covers it now (unmapped)", name, addr);
        }
        long pages = (vma.vmEnd() - vma.vmStart()) >>> PagingMode.PAGE_SHIFT;
        return String.format("**%s** = 0x%x in %s (pid %d)%n%nVMA `%s` (%,d KB)%n%npages present: %,d of %,d", name,
                addr, owner.comm(), owner.pid(), ProcMaps.mapsLine(vma).strip().replaceAll(" {2,}", " "),
                (vma.vmEnd() - vma.vmStart()) >>> 10, present(mm, vma), pages);
    }

    /** The task: pid, VMAs, resident pages and its maps. */
    private static String task(Task t, Kernel kernel) {
        if (t.mm() == null) {
            return String.format("**%s** (pid %d): %s", t.comm(), t.pid(), t.exited() ? "exited, its mm is gone" : "no mm");
        }
        MmStruct mm = t.mm();
        return String.format("**%s** (pid %d): %,d VMA%s, %,d pages resident (rss), mm_users %d%n%n```%n%s```", t.comm(),
                t.pid(), mm.vmas().size(), mm.vmas().size() == 1 ? "" : "s", mm.rss(), mm.mmUsers(),
                ProcMaps.render(mm, kernel.is64()));
    }

    /** Present pages of {@code vma}: each page walked in the mm's page tables. */
    private static long present(MmStruct mm, Vma vma) {
        PageTables tables = mm.pageTables();
        long n = 0;
        for (long va = vma.vmStart(); va < vma.vmEnd(); va += PagingMode.PAGE_SIZE) {
            if (tables.walk(mm.pgd, va).mapped()) {
                n++;
            }
        }
        return n;
    }
}
