package org.mmdsl.ui.picture;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Kthread;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.ShowPicture;
import org.mmdsl.picture.Picture;
import org.mmdsl.picture.Pictures;
import org.mmdsl.runtime.Task;
import org.mmdsl.ui.MmdslLanguage;

/**
 * The picture for a caret position: the state right after the {@code show picture} statement at the caret
 * (a picture statement reads the machine and changes nothing, so this is the state it shows), else after
 * the process or thread block at the caret (its task's maps), else after the last {@code show picture}
 * above the caret. The kind is the statement's unless the user chose one. The run is the editor's
 * bounded, cached simulation ({@link EditorSimulation}, the one behind hovers and code lenses), stopped
 * at that step; the picture is built by the language's {@link Pictures}, as {@code mmdsl run} builds it.
 */
public final class PictureAt {

    /**
     * What the view shows: a picture, or (picture null) a message saying why there is none. {@code line}
     * is the 1-based line of the step the picture is taken after (0 when there is none).
     */
    public record Result(Picture picture, String message, int line) {
        static Result message(String message) {
            return new Result(null, message, 0);
        }
    }

    private PictureAt() {
    }

    /** The picture at {@code offset} in {@code resource}; {@code kind} null means the statement's own kind. */
    public static Result of(XtextResource resource, int offset, Picture.Kind kind, CancelIndicator cancel) {
        EditorSimulation simulation = MmdslLanguage.injector().getInstance(EditorSimulation.class);
        if (!simulation.playable(resource, cancel)) {
            return Result.message("The picture appears once the scenario has no errors.");
        }
        Scenario scenario = (Scenario) resource.getContents().get(0);
        EObject target = target(resource, scenario, offset);
        if (target == null) {
            return Result.message("Put the caret on a `show picture` statement or in a process block.");
        }
        ShowPicture show = target instanceof ShowPicture s ? s : null;
        Picture.Kind chosen = kind != null ? kind
                : show == null ? Picture.Kind.MAPS : show.isWalk() ? Picture.Kind.WALK : Picture.Kind.byWord(show.getKind().getLiteral());
        if (chosen == Picture.Kind.WALK && (show == null || !show.isWalk())) {
            return Result.message("A page walk needs an address: put the caret on a `show picture walk ADDR` statement.");
        }
        EObject step = observedStep(target);
        int line = NodeModelUtils.getNode(target).getStartLine();
        Map<org.mmdsl.mmdsl.Task, Task> started = new HashMap<>();
        String key = "eclipse-picture@" + EditorSimulation.offsetOf(target) + ":" + chosen.word();
        EditorSimulation.Stop<Result> stop = simulation.runUntil(resource, key, (s, task, kernel, handles) -> {
            org.mmdsl.mmdsl.Task block = Block.asTask(s);
            if (block != null && task != null) {
                started.put(block, task);
            }
            if (s != step) {
                return null;
            }
            Task t = task;
            if (show != null && show.getTask() != null) {
                t = show.getTask() == Block.asTask(enclosingBlock(show)) && task != null ? task : started.get(show.getTask());
            }
            boolean needsTask = chosen == Picture.Kind.MAPS || chosen == Picture.Kind.WALK;
            if (needsTask && (t == null || t.exited() || t.mm() == null)) {
                return Result.message("There is no address space to draw at line " + line
                        + ": the task exited, never started, or the statement is not in a process block.");
            }
            long vaddr = 0;
            if (chosen == Picture.Kind.WALK) {
                boolean[] missing = {false};
                Task walker = t;
                try {
                    vaddr = Exprs.eval(show.getAddress(), h -> {
                        Long a = handles.get(h);
                        missing[0] |= a == null;
                        return a == null ? 0 : a;
                    }, atom -> Exprs.stateValue(walker, atom));
                } catch (Exprs.Undefined e) {
                    return Result.message(e.getMessage());
                }
                if (missing[0]) {
                    return Result.message("A handle in the address has no address at line " + line
                            + " (its mmap failed or did not run).");
                }
            }
            try {
                return new Result(Pictures.of(chosen, kernel, needsTask ? t : null, vaddr), null, line);
            } catch (IllegalArgumentException e) {
                return Result.message(e.getMessage());
            }
        }, cancel);
        return stop.value() != null ? stop.value()
                : Result.message("Line " + line + " does not run: the run stops or skips it before.");
    }

    /** The picture statement or task block at the offset, else the last picture statement above it. */
    private static EObject target(XtextResource resource, Scenario scenario, int offset) {
        ICompositeNode root = resource.getParseResult().getRootNode();
        for (int at : new int[] {offset, offset - 1}) {
            ILeafNode leaf = at < 0 ? null : NodeModelUtils.findLeafNodeAtOffset(root, at);
            EObject task = null;
            for (EObject o = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf); o != null; o = o.eContainer()) {
                if (o instanceof ShowPicture) {
                    return o;
                }
                if (task == null && Block.asTask(o) != null) {
                    task = o;
                }
            }
            if (task != null) {
                return task;
            }
        }
        ShowPicture last = null;
        for (ShowPicture s : EcoreUtil2.getAllContentsOfType(scenario, ShowPicture.class)) {
            ICompositeNode n = NodeModelUtils.getNode(s);
            if (n != null && n.getOffset() <= offset) {
                last = s;
            }
        }
        return last;
    }

    /**
     * The step the interpreter shows its observer for {@code o}: {@code o} itself when it is a block or a
     * statement directly in a block or the scenario, else the statement around it that is (a repeat).
     */
    private static EObject observedStep(EObject o) {
        EObject step = o;
        while (step.eContainer() != null && !(step.eContainer() instanceof Scenario) && Block.of(step.eContainer()) == null) {
            step = step.eContainer();
        }
        return step;
    }

    private static EObject enclosingBlock(EObject o) {
        for (EObject c = o.eContainer(); c != null; c = c.eContainer()) {
            if (Block.of(c) != null || c instanceof KernelBlock || c instanceof Kthread) {
                return c;
            }
        }
        return null;
    }
}
