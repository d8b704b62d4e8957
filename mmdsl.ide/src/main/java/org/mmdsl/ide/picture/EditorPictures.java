package org.mmdsl.ide.picture;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Position;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.PictureEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.interpreter.ScenarioProblem;
import org.mmdsl.mmdsl.ShowPicture;
import org.mmdsl.picture.Picture;
import org.mmdsl.picture.Pictures;
import org.mmdsl.picture.svg.SvgRenderer;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * The pictures the editors show ({@code mmdsl/picture}, the {@code mmdsl.showPicture} command): the
 * picture a {@code show picture} statement asks for, or the maps of a process or thread block's task
 * after the block, drawn from the editor's run ({@link EditorSimulation}, cached per text). One run
 * draws every anchor of a text: the statements' pictures are the interpreter's own (the PictureEvents
 * {@code mmdsl run} prints and {@code --pictures} writes), the blocks' maps are drawn when the run
 * reports the block. Only another kind or task than the statement's plays the scenario again, up to that
 * step (cached too). Rendering is the CLI's SvgRenderer, so the SVG is the one {@code mmdsl picture}
 * writes for the same step.
 */
@Singleton
public class EditorPictures {

    /** What one anchor drew: a picture, or why there is none. */
    private record Drawn(Picture picture, String problem) {
    }

    /** One run's pictures by anchor offset, and why the run stopped early (or null). */
    private record Drawings(Map<Integer, Drawn> byOffset, String stopped) {
    }

    @Inject
    private EditorSimulation simulation;

    /**
     * The picture at {@code position}: of the last anchor (show picture statement or task block) that starts
     * on that line or above. {@code kind} and {@code task} (either may be null) override the anchor's.
     */
    public PictureAnswer at(Document document, XtextResource resource, Position position, String kind, String task,
            CancelIndicator cancel) {
        PictureAnchors.Anchor chosen = null;
        for (PictureAnchors.Anchor a : PictureAnchors.of(resource)) {
            if (document.getPosition(a.offset()).getLine() <= position.getLine()) {
                chosen = a;
            }
        }
        if (chosen == null) {
            return PictureAnswer.error("no picture at line " + (position.getLine() + 1)
                    + ": there is no `show picture` statement or process block on that line or above it", -1);
        }
        return draw(document, resource, chosen, kind, task, cancel);
    }

    /** The picture of the anchor starting at {@code offset} (a code lens's argument). */
    public PictureAnswer atOffset(Document document, XtextResource resource, int offset, String kind,
            CancelIndicator cancel) {
        for (PictureAnchors.Anchor a : PictureAnchors.of(resource)) {
            if (a.offset() == offset) {
                return draw(document, resource, a, kind, null, cancel);
            }
        }
        return PictureAnswer.error("no `show picture` statement or process block starts there in the current text", -1);
    }

    private PictureAnswer draw(Document document, XtextResource resource, PictureAnchors.Anchor anchor, String kindWord,
            String task, CancelIndicator cancel) {
        int line = document.getPosition(anchor.offset()).getLine();
        Picture.Kind kind = anchor.kind();
        if (kindWord != null && !kindWord.isBlank()) {
            kind = Picture.Kind.byWord(kindWord.strip());
            if (kind == null) {
                return PictureAnswer.error("unknown picture kind `" + kindWord.strip()
                        + "`: the kinds are maps, physical, kernel, walk and buddy", line);
            }
        }
        if (kind == Picture.Kind.WALK && anchor.kind() != Picture.Kind.WALK) {
            return PictureAnswer.error("a walk needs an address: only a `show picture walk ADDR` statement draws one"
                    + " (line " + (line + 1) + " is not one)", line);
        }
        String error = firstError(resource, cancel);
        if (error != null) {
            return PictureAnswer.error("the scenario has errors, so it is not run and there is no picture: " + error,
                    line);
        }
        boolean own = kind == anchor.kind() && (task == null || task.isBlank());
        Drawn drawn;
        String stopped = null;
        if (own) {
            Drawings all = drawAll(resource, cancel);
            drawn = all.byOffset().get(anchor.offset());
            stopped = all.stopped();
        } else {
            drawn = drawAgain(resource, anchor, kind, task == null || task.isBlank() ? null : task.strip(), cancel);
        }
        if (drawn == null) {
            return PictureAnswer.error("the run did not reach line " + (line + 1) + ", so there is no picture of that step"
                    + (stopped == null ? "" : ": " + stopped), line);
        }
        if (drawn.picture() == null) {
            return PictureAnswer.error(drawn.problem(), line);
        }
        Picture p = drawn.picture();
        return new PictureAnswer(p.kind().word(), p.title(), SvgRenderer.render(p), p.text(), line, anchor.kinds(), null);
    }

    /** "line 3: message" of the first error (syntax, linking or validation), or null. */
    private static String firstError(XtextResource resource, CancelIndicator cancel) {
        if (resource.getContents().isEmpty()) {
            return "the text is empty";
        }
        List<Issue> issues = resource.getResourceServiceProvider().getResourceValidator().validate(resource,
                CheckMode.FAST_ONLY, cancel);
        for (Issue i : issues) {
            if (i.getSeverity() == Severity.ERROR) {
                return "line " + i.getLineNumber() + ": " + i.getMessage();
            }
        }
        return null;
    }

    /** Every anchor's own picture, from one run (cached per text by EditorSimulation). */
    private Drawings drawAll(XtextResource resource, CancelIndicator cancel) {
        Map<Integer, Drawn> blocks = new HashMap<>();
        Drawings d = simulation.runAll(resource, "pictures", run -> collect(run, blocks), (s, task, kernel, handles) -> {
            if (Block.asTask(s) != null && task != null) {
                blocks.putIfAbsent(EditorSimulation.offsetOf(s), maps(kernel, task));
            }
            return true;
        }, cancel).value();
        return d == null ? new Drawings(Map.of(), null) : d;
    }

    private static Drawings collect(Run run, Map<Integer, Drawn> blocks) {
        Map<Integer, Drawn> out = new HashMap<>(blocks);
        String stopped = null;
        for (RunEvent re : run.events()) {
            if (re.event() instanceof ScenarioProblem p && p.abortsRun()) {
                stopped = p.message();
            }
            if (!(re.cause() instanceof ShowPicture)) {
                continue;
            }
            if (re.event() instanceof PictureEvent pe) {
                out.putIfAbsent(EditorSimulation.offsetOf(re.cause()), new Drawn(pe.picture(), null));
            } else if (re.event() instanceof ScenarioProblem p) {
                out.putIfAbsent(EditorSimulation.offsetOf(re.cause()), new Drawn(null, p.message()));
            }
        }
        return new Drawings(out, stopped);
    }

    /** The task's maps after its block, or why there are none. */
    private static Drawn maps(Kernel kernel, Task task) {
        if (task.exited() || task.mm() == null) {
            return new Drawn(null, task.comm() + " has no address space after its block: it exited");
        }
        return new Drawn(Pictures.of(Picture.Kind.MAPS, kernel, task, 0), null);
    }

    /** Another kind or task at the anchor: the run is played to that step (cached per text and question). */
    private Drawn drawAgain(XtextResource resource, PictureAnchors.Anchor anchor, Picture.Kind kind, String taskName,
            CancelIndicator cancel) {
        String key = "picture " + anchor.offset() + ' ' + kind.word() + ' ' + (taskName == null ? "" : taskName);
        EObject node = anchor.node();
        return simulation.<Drawn>runUntil(resource, key, (s, own, kernel, handles) -> {
            if (s != node) {
                return null;
            }
            if (kind != Picture.Kind.MAPS && kind != Picture.Kind.WALK) {
                return new Drawn(Pictures.of(kind, kernel, null, 0), null);
            }
            String name = taskName;
            if (name == null && node instanceof ShowPicture sp && sp.getTask() != null) {
                name = Exprs.nameOf(sp.getTask());
            }
            Task task = name == null ? own : live(kernel, name);
            if (task == null) {
                return new Drawn(null, name == null
                        ? "a picture of " + kind.word() + " needs a task: this statement is outside process blocks and names none"
                        : "there is no task named `" + name + "` at this step");
            }
            if (task.exited() || task.mm() == null) {
                return new Drawn(null, task.comm() + " has no address space at this step: it exited");
            }
            long vaddr = 0;
            if (kind == Picture.Kind.WALK) {
                boolean[] missing = {false};
                try {
                    vaddr = Exprs.eval(((ShowPicture) node).getAddress(), h -> {
                        Long a = handles.get(h);
                        missing[0] |= a == null;
                        return a == null ? 0 : a;
                    }, atom -> Exprs.stateValue(task, atom));
                } catch (Exprs.Undefined e) {
                    return new Drawn(null, e.getMessage());
                }
                if (missing[0]) {
                    return new Drawn(null, "a handle in the address has no address at this step (its mmap failed or did not run)");
                }
            }
            return new Drawn(Pictures.of(kind, kernel, task, vaddr), null);
        }, cancel).value();
    }

    /** The live task with that comm (the newest, if several), or null. */
    private static Task live(Kernel kernel, String comm) {
        Task found = null;
        for (Task t : kernel.tasks()) {
            if (comm.equals(t.comm()) && !t.exited()) {
                found = t;
            }
        }
        return found;
    }
}
