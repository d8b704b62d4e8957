package org.mmdsl.ide.hover;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.Brk;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.vma.MmStruct;

/**
 * The hovers of one document text that runs have passed: every run a hover starts records, at each step,
 * the answer of every hover site of that statement (its addresses, pfns, brk amount, handle and task
 * names) and, when it ends, the verdict of every expectation it judged. A hover whose site a run has
 * passed is read from here; only a hover further on replays the scenario, up to its statement, recording
 * what it passes. So the first hover after an edit costs what it did (a run up to its statement), and
 * hovering around the document after it costs a look-up instead of a run per site.
 *
 * <p>Answers are the machine's state right after the statement ran, rendered then (the machine moves on);
 * only text is kept, never the machine. A statement that runs more than once (a loop) keeps its first
 * run's answers, as a run stopped there would show. One record per text ({@link EditorSimulation#perText}):
 * an edit starts a new one.
 */
final class HoverRecord {
    /** Site key → hover text, for the sites the runs passed. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    /** Statements some run has passed (a verdict missing for one of them: the statement judged nothing). */
    private final Map<EObject, Boolean> passed = new ConcurrentHashMap<>();
    /** True once a run went to the end recording every site: a site still missing is on a statement that does not run. */
    private volatile boolean complete;
    /** What one run may spend on the answers of sites other than its own ({@link Steps#put}). */
    static final long RENDER_NANOS = 200_000_000L;
    static final long CHARS = 2_000_000L;
    /** Characters of the answers kept (at most {@link #CHARS}; the cache holds up to 32 texts' records). */
    private final java.util.concurrent.atomic.AtomicLong chars = new java.util.concurrent.atomic.AtomicLong();

    /** The record of {@code resource}'s current text. */
    static HoverRecord of(EditorSimulation simulation, XtextResource resource) {
        return simulation.perText(resource, "hover-record", HoverRecord::new);
    }

    /**
     * The answer of site {@code key}, replaying the scenario up to it if no run has passed it yet; null
     * when its statement does not run (the run ends, or stops, before it) or the request was cancelled.
     * {@code stopAt}: for a verdict, the statement whose events hold it (verdicts are read from the run's
     * events once it stops); null for every other site (recorded at its step).
     */
    String answer(EditorSimulation simulation, XtextResource resource, String key, EObject stopAt, CancelIndicator cancel) {
        String known = answers.get(key);
        if (known != null || complete || stopAt != null && passed.containsKey(stopAt)) {
            return known;
        }
        Steps steps = new Steps(key);
        boolean[] stopped = {false};
        Map<EObject, Boolean> passedNow = new IdentityHashMap<>();
        Run run = simulation.play(resource, (s, task, kernel, handles) -> {
            steps.record(s, task, kernel, handles);
            passedNow.put(s, Boolean.TRUE);
            stopped[0] = s == stopAt || answers.containsKey(key) || steps.wantedText != null;
            return !stopped[0];
        }, cancel);
        if (cancel != null && cancel.isCanceled()) {
            return null; // the answers recorded so far are right; the verdicts and "passed" wait for a whole run
        }
        for (RunEvent e : run.events()) {
            if (e.event() instanceof ExpectationEvent v) {
                answers.putIfAbsent(verdictKey(e.cause()), verdictText(e.cause(), v));
            }
        }
        passed.putAll(passedNow);
        complete |= !stopped[0] && !steps.skipped; // missing now means: its statement does not run
        String recorded = answers.get(key);
        return recorded != null ? recorded : steps.wantedText;
    }

    /** The key of an address or pfn expression's hover (statement: the expression's holder). */
    static String exprKey(EObject statement, Expr expr) {
        return "hover@" + EditorSimulation.offsetOf(statement) + ":" + EditorSimulation.offsetOf(expr);
    }

    /** The key of a brk amount's hover. */
    static String brkKey(Brk brk) {
        return "hover-brk@" + EditorSimulation.offsetOf(brk);
    }

    /** The key of a name's hover: {@code target} (a handle or task) named inside {@code where}. */
    static String nameKey(EObject where, EObject target) {
        return "hover-name@" + EditorSimulation.offsetOf(where) + ":" + EditorSimulation.offsetOf(target);
    }

    /** The key of an expectation's verdict; {@code where}: the expectation, or a statement that is one. */
    static String verdictKey(EObject where) {
        return "hover-verdict@" + EditorSimulation.offsetOf(statementOf(where)) + ":"
                + NodeModelUtils.findActualNodeFor(where).getOffset();
    }

    /** The statement an expectation belongs to ({@code expect read X == V} is one itself). */
    static EObject statementOf(EObject where) {
        return where instanceof Expectation ? where.eContainer() : where;
    }

    private static String verdictText(EObject where, ExpectationEvent v) {
        return (v.met() ? "**met**: " : "**not met**: ") + v.message() + "\n\n_at line "
                + NodeModelUtils.getNode(statementOf(where)).getStartLine() + "_";
    }

    /**
     * What one run has seen so far, that the answers at a step need: the task of each block (after its
     * last statement), the task each block's statements ran in, and each mm's program break at its last
     * step.
     */
    final class Steps {
        /** A process or thread block → its task, once the block's end was reported (Block.asTask). */
        final Map<org.mmdsl.mmdsl.Task, Task> blockTasks = new HashMap<>();
        /** A block (Block.enclosing) → the task its statements ran in. */
        final Map<EObject, Task> enclosingTasks = new HashMap<>();
        /** An mm → its break after the last step that ran in it; a task → the same, by task. */
        final Map<MmStruct, Long> brkSeen = new IdentityHashMap<>();
        final Map<Task, Long> brkSeenByTask = new IdentityHashMap<>();
        /** The site the run is for: answered whatever the budget. */
        private final String wanted;
        private long renderNanos;
        /** The run's own site's answer, kept or not. */
        String wantedText;
        /** True once a site was left out for the budget (its hover replays). */
        boolean skipped;

        Steps(String wanted) {
            this.wanted = wanted;
        }

        /**
         * Records the answer of site {@code key} unless some run did. What the record costs is bounded, so a
         * hover never pays for more than a replay and its own budget, and a text's record never holds more
         * than {@link #CHARS} characters: rendering the other sites of one run takes at most
         * {@link #RENDER_NANOS} (a task's maps of 65,000 VMAs named in a thousand statements, a handle of a
         * terabyte mapping whose present pages are counted page by page); the sites left out replay when
         * hovered, and the run's own site, when the record is full, is answered without being kept. Only what
         * is cached depends on the bounds, never an answer.
         */
        void put(String key, java.util.function.Supplier<String> render) {
            if (answers.containsKey(key)) {
                return;
            }
            boolean own = key.equals(wanted);
            if (!own && (renderNanos > RENDER_NANOS || chars.get() > CHARS)) {
                skipped = true;
                return;
            }
            long t = System.nanoTime();
            String text = render.get();
            renderNanos += System.nanoTime() - t;
            if (own) {
                wantedText = text;
            }
            if (chars.get() + text.length() <= CHARS) {
                chars.addAndGet(text.length());
                answers.putIfAbsent(key, text);
            } else {
                skipped = true;
            }
        }

        void record(EObject s, Task task, Kernel kernel, Map<Handle, Long> handles) {
            org.mmdsl.mmdsl.Task block = Block.asTask(s);
            if (block != null && task != null) {
                blockTasks.put(block, task);
            }
            if (task != null) {
                enclosingTasks.put(Block.enclosing(s), task);
            }
            // the names this statement holds (a block: those no statement inside it answered)
            INode node = NodeModelUtils.getNode(s);
            if (node != null) {
                for (ILeafNode leaf : node.getLeafNodes()) {
                    if (leaf.isHidden()) {
                        continue;
                    }
                    EObject target = NameHover.target(leaf);
                    EObject where = target == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
                    if (where != null && contains(s, where)) {
                        put(nameKey(where, target), () -> NameHover.render(target, where, s, task, kernel, handles, this));
                    }
                }
            }
            // the statement's addresses and pfns
            for (EStructuralFeature f : s.eClass().getEAllStructuralFeatures()) {
                if (MmdslHoverService.ADDRESS_FEATURES.contains(f) || MmdslHoverService.PFN_FEATURES.contains(f)) {
                    if (s.eGet(f) instanceof Expr expr) {
                        put(exprKey(s, expr), () -> MmdslHoverService.addressText(s, expr, task, kernel, handles, this));
                    }
                }
            }
            if (s instanceof Brk brk) {
                put(brkKey(brk), () -> MmdslHoverService.brkText(brk, task, handles, this));
            }
            MmStruct mm = task == null ? null : task.mm();
            if (mm != null) {
                brkSeen.put(mm, mm.brk);
                brkSeenByTask.put(task, mm.brk);
            }
        }
    }

    /** Whether {@code statement} is {@code o} or one of its containers. */
    static boolean contains(EObject statement, EObject o) {
        for (EObject c = o; c != null; c = c.eContainer()) {
            if (c == statement) {
                return true;
            }
        }
        return false;
    }
}
