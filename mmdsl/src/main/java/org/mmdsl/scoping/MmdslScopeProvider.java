package org.mmdsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.Tasks;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.KernelHandle;
import org.mmdsl.mmdsl.KernelStatement;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.Task;
import org.mmdsl.mmdsl.TopTranslate;

/**
 * Which names a reference can see, following the run's order:
 * <ul>
 * <li>a handle used inside a process or thread block sees the handles that task defined <em>before</em>
 * the statement (a mapping exists only once mmap ran), then every handle of the task it was forked or
 * cloned from, and of that one's parent, nearest first (fork copies the address space, a thread shares it);</li>
 * <li>a handle used in a top-level statement that names a task ({@code expect init read buf},
 * {@code translate init buf}) sees that task's handles and its ancestors';</li>
 * <li>a handle used in a kernel statement sees the kernel handles (kmalloc, alloc_pages, vmalloc…)
 * defined before it, at top level or in kernel blocks, and the {@code let} names of the process and thread
 * blocks before it (anywhere in the block, fork and repeat blocks included): a value computed in a process,
 * passed into the kernel, as a driver gets a number from user space; it holds the last value the let gave;</li>
 * <li>a task reference sees the processes defined earlier in the file.</li>
 * </ul>
 */
public class MmdslScopeProvider extends AbstractMmdslScopeProvider {

    @Override
    public IScope getScope(EObject context, EReference reference) {
        if (reference == MmdslPackage.Literals.HANDLE_REF__HANDLE) {
            return handleScope(context);
        }
        if (reference == MmdslPackage.Literals.MMAP__SOURCE) {
            return Scopes.scopeFor(kernelHandlesBeforeTask(context));
        }
        if (reference.getEReferenceType() == MmdslPackage.Literals.TASK) {
            return Scopes.scopeFor(tasksBefore(context));
        }
        return super.getScope(context, reference);
    }

    private IScope handleScope(EObject context) {
        Task own = EcoreUtil2.getContainerOfType(context, Task.class);
        if (own != null) {
            return blockScope(context, own);
        }
        Task named = namedTask(context);
        if (named != null) {
            return ancestorScope(named, 0);
        }
        org.mmdsl.mmdsl.PageCheck page = EcoreUtil2.getContainerOfType(context, org.mmdsl.mmdsl.PageCheck.class);
        if (page != null && page.getPfn() != null) {
            // expect page pfn blk ... at top level: a frame the kernel's earlier statements named (alloc_pages blk)
            return Scopes.scopeFor(kernelHandlesBeforeTask(context), Scopes.scopeFor(letsBefore(context)));
        }
        KernelStatement kernelStatement = EcoreUtil2.getContainerOfType(context, KernelStatement.class);
        if (kernelStatement == null) {
            return IScope.NULLSCOPE;
        }
        return Scopes.scopeFor(kernelHandlesBefore(kernelStatement), Scopes.scopeFor(letsBefore(kernelStatement)));
    }

    /**
     * The handles a statement inside {@code block} (a process, a thread, or a {@code fork NAME < >} block
     * or a {@code repeat} body in one) sees: those defined before it in the block, the nearest first, then
     * those of the enclosing block before the fork (the child's copy of the address space) or the repeat,
     * then the task's ancestors.
     */
    private IScope blockScope(EObject context, EObject block) {
        EObject inner = block;
        for (EObject e = context.eContainer(); e != null && e != block; e = e.eContainer()) {
            if (e instanceof org.mmdsl.mmdsl.ForkBlock || e instanceof org.mmdsl.mmdsl.Repeat) {
                inner = e;
                break;
            }
        }
        EObject statement = statementOf(context, inner);
        List<EObject> statements = inner instanceof org.mmdsl.mmdsl.ForkBlock
                ? new ArrayList<>(((org.mmdsl.mmdsl.ForkBlock) inner).getStatements())
                : inner instanceof org.mmdsl.mmdsl.Repeat ? new ArrayList<>(((org.mmdsl.mmdsl.Repeat) inner).getStatements())
                : new ArrayList<>(Tasks.statements((Task) block));
        List<Handle> visible = new ArrayList<>();
        for (EObject s : statements) {
            if (s == statement) {
                break;
            }
            if (s instanceof Handle && Exprs.nameOf(s) != null) {
                visible.add(0, (Handle) s); // nearest first: a later let of a name hides an earlier one
            }
        }
        IScope outer = inner == block ? ancestorScope(Tasks.parent((Task) block), 0) : blockScope(inner, block);
        return Scopes.scopeFor(visible, outer);
    }

    /**
     * The kernel handles (kmalloc, alloc_pages, vmalloc…) defined before {@code statement}, at top level
     * or in kernel blocks: the kernel's address space is one, so every earlier one is visible.
     */
    private static List<Handle> kernelHandlesBefore(KernelStatement statement) {
        List<Handle> visible = new ArrayList<>();
        Scenario scenario = EcoreUtil2.getContainerOfType(statement, Scenario.class);
        if (scenario == null) {
            return visible;
        }
        for (EObject top : scenario.getStatements()) {
            List<? extends EObject> inner = top instanceof KernelBlock ? ((KernelBlock) top).getStatements()
                    : top instanceof org.mmdsl.mmdsl.Kthread ? ((org.mmdsl.mmdsl.Kthread) top).getStatements() : List.of(top);
            for (EObject s : inner) {
                if (s == statement) {
                    return visible;
                }
                if (s instanceof KernelHandle && Exprs.nameOf(s) != null) {
                    visible.add((Handle) s);
                }
            }
        }
        return visible;
    }

    /**
     * The {@code let} names of the process and thread blocks before the top-level statement that holds
     * {@code context} (anywhere in a block, fork and repeat blocks included), the nearest first: a later
     * let of a name hides an earlier one.
     */
    private static List<Handle> letsBefore(EObject context) {
        List<Handle> lets = new ArrayList<>();
        Scenario scenario = EcoreUtil2.getContainerOfType(context, Scenario.class);
        if (scenario == null) {
            return lets;
        }
        for (EObject top : scenario.getStatements()) {
            if (EcoreUtil2.isAncestor(top, context)) {
                break;
            }
            if (top instanceof Task) {
                for (org.mmdsl.mmdsl.Let let : EcoreUtil2.getAllContentsOfType(top, org.mmdsl.mmdsl.Let.class)) {
                    if (let.getName() != null) {
                        lets.add(0, let);
                    }
                }
            }
        }
        return lets;
    }

    /**
     * The kernel handles a device mmap can name (the driver's buffer): those defined before the
     * top-level process or thread block that holds the mmap.
     */
    private static List<Handle> kernelHandlesBeforeTask(EObject context) {
        List<Handle> visible = new ArrayList<>();
        Scenario scenario = EcoreUtil2.getContainerOfType(context, Scenario.class);
        if (scenario == null) {
            return visible;
        }
        for (EObject top : scenario.getStatements()) {
            if (EcoreUtil2.isAncestor(top, context)) {
                break;
            }
            List<? extends EObject> inner = top instanceof KernelBlock ? ((KernelBlock) top).getStatements()
                    : top instanceof org.mmdsl.mmdsl.Kthread ? ((org.mmdsl.mmdsl.Kthread) top).getStatements() : List.of(top);
            for (EObject s : inner) {
                if (s instanceof KernelHandle && Exprs.nameOf(s) != null) {
                    visible.add((Handle) s);
                }
            }
        }
        return visible;
    }

    /**
     * Handles of {@code task} (all of them: a task referenced from later code has run to the end), then
     * those of the task it was forked or cloned from, nearest first: fork copies the address space and
     * a thread shares it.
     */
    private IScope ancestorScope(Task task, int depth) {
        if (task == null || depth > 64) {
            return IScope.NULLSCOPE;
        }
        List<Handle> all = new ArrayList<>();
        for (EObject s : Tasks.statements(task)) {
            if (s instanceof Handle && Exprs.nameOf(s) != null) {
                all.add(0, (Handle) s); // nearest first: a later let of a name hides an earlier one
            }
        }
        return Scopes.scopeFor(all, ancestorScope(Tasks.parent(task), depth + 1));
    }

    private static Task namedTask(EObject context) {
        ReadCheck check = EcoreUtil2.getContainerOfType(context, ReadCheck.class);
        if (check != null && check.eIsSet(MmdslPackage.Literals.READ_CHECK__TASK)) {
            return check.getTask();
        }
        org.mmdsl.mmdsl.PteCheck pte = EcoreUtil2.getContainerOfType(context, org.mmdsl.mmdsl.PteCheck.class);
        if (pte != null && pte.getTask() != null) {
            return pte.getTask();
        }
        org.mmdsl.mmdsl.PageCheck page = EcoreUtil2.getContainerOfType(context, org.mmdsl.mmdsl.PageCheck.class);
        if (page != null && page.getTask() != null) {
            return page.getTask();
        }
        TopTranslate translate = EcoreUtil2.getContainerOfType(context, TopTranslate.class);
        return translate == null ? null : translate.getTask();
    }

    /** The direct child of {@code process} that contains {@code context}. */
    private static EObject statementOf(EObject context, EObject process) {
        EObject e = context;
        while (e != null && e.eContainer() != process) {
            e = e.eContainer();
        }
        return e;
    }

    private static List<Task> tasksBefore(EObject context) {
        Scenario scenario = EcoreUtil2.getContainerOfType(context, Scenario.class);
        List<Task> tasks = new ArrayList<>();
        if (scenario == null) {
            return tasks;
        }
        EObject top = context;
        while (top != null && top.eContainer() != scenario) {
            top = top.eContainer();
        }
        for (EObject s : scenario.getStatements()) {
            if (s == top) {
                break;
            }
            if (s instanceof Task && Exprs.nameOf(s) != null) {
                tasks.add((Task) s);
            }
        }
        return tasks;
    }
}
