package org.mmdsl.ide.codelens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.ide.simulation.LastGoodResults;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.RangeSummary;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.proc.ProcMaps;
import org.mmdsl.runtime.vma.MmStruct;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * What each process, thread, kernel and kthread block left behind, from one editor run: the VMA count and
 * /proc/PID/maps of the task's mm right after its block, and the faults (resolved page faults and signals) and
 * kernel calls its statements caused. Feeds the code lenses and the {@code mmdsl.showMaps} command.
 *
 * <p>The page faults are every fault the run resolved for the block's statements, as {@code mmdsl run -v}
 * counts them: one event per single access, and a range access's {@link RangeSummary} total
 * ({@code write buf for 48MB}: 12,287 faults, one event). The mm is the one the task used: a thread that
 * exited leaves the mm to the tasks still using it (kernel/fork.c mmput()), so its lens shows that mm; a
 * process whose exit freed its mm (exit_mmap()) has none left to show.
 */
@Singleton
public class BlockSummaries {

    /**
     * One block: its offset in the text (a stable name within one version) and what it did; {@code vmas} is
     * {@link #MM_FREED} when the task's exit freed its mm.
     */
    public record Summary(int offset, String name, int pid, int vmas, String maps, long pageFaults, int signals,
            int kernelCalls, int kernelWarnings, boolean kernelBlock) {

        /** The code lens title: "3 VMAs · 2 page faults · 1 signal — show /proc/1/maps". */
        public String title() {
            if (kernelBlock) {
                return plural(kernelCalls, "kernel call") + (kernelWarnings == 0 ? "" : " · " + plural(kernelWarnings, "kernel warning"));
            }
            String counts = (vmas == MM_FREED ? "exited, mm freed" : plural(vmas, "VMA")) + " · "
                    + plural(pageFaults, "page fault") + (signals == 0 ? "" : " · " + plural(signals, "signal"));
            return hasMaps() ? counts + " — show /proc/" + pid + "/maps" : counts;
        }

        /** Whether there are maps to show: a task block whose mm outlived it. */
        public boolean hasMaps() {
            return !kernelBlock && vmas != MM_FREED;
        }

        private static String plural(long n, String what) {
            return String.format("%,d %s%s", n, what, n == 1 ? "" : "s");
        }
    }

    /** {@link Summary#vmas()} of a task whose exit freed its mm (no VMAs or maps left to show). */
    public static final int MM_FREED = -1;

    @Inject
    private EditorSimulation simulation;

    @Inject
    private LastGoodResults lastGood;

    /**
     * The summaries in text order. When the scenario cannot be played (a syntax or static error while
     * typing), those of the last good run for the blocks the edits did not touch (LastGoodResults).
     */
    public List<Summary> of(XtextResource resource, CancelIndicator cancel) {
        List<Summary> out = new ArrayList<>();
        if (!simulation.playable(resource, cancel)) {
            for (LastGoodResults.Anchored<Summary> a : lastGood.<Summary>carriedOver("lenses", resource)) {
                Summary s = a.value();
                out.add(new Summary(a.start(), s.name(), s.pid(), s.vmas(), s.maps(), s.pageFaults(), s.signals(),
                        s.kernelCalls(), s.kernelWarnings(), s.kernelBlock()));
            }
            return out;
        }
        List<LastGoodResults.Anchored<Summary>> blocks = run(resource, cancel);
        if (cancel == null || !cancel.isCanceled()) { // a cancelled run's summaries are partial
            lastGood.remember("lenses", resource, blocks);
        }
        blocks.forEach(a -> out.add(a.value()));
        return out;
    }

    /** One run's summaries, each anchored to its block's text. */
    private List<LastGoodResults.Anchored<Summary>> run(XtextResource resource, CancelIndicator cancel) {
        Map<EObject, Summary> after = new LinkedHashMap<>();
        // the mm each task block's task last ran in: after `exit` the task has none, the mm may live on
        Map<EObject, MmStruct> lastMm = new HashMap<>();
        return simulation.runAll(resource, "blocks", run -> summarize(run, after), (s, task, kernel, handles) -> {
            Block block = Block.of(s);
            if (task != null && task.mm() != null) {
                lastMm.put(Block.enclosing(s), task.mm());
            }
            if (block != null && block.isTask() && task != null) {
                MmStruct mm = task.mm() != null ? task.mm() : lastMm.get(s);
                boolean alive = mm != null && mm.mmUsers() > 0;
                after.put(s, new Summary(EditorSimulation.offsetOf(s), task.comm(), task.pid(),
                        alive ? mm.vmas().size() : MM_FREED, alive ? ProcMaps.render(mm, kernel.is64()) : "", 0, 0, 0,
                        0, false));
            } else if (block != null && block.isKernel()) {
                String name = block == Block.KERNEL ? "kernel" : Exprs.nameOf(s);
                after.put(s, new Summary(EditorSimulation.offsetOf(s), name, 0, 0, "", 0, 0, 0, 0, true));
            }
            return true;
        }, cancel).value();
    }

    private static List<LastGoodResults.Anchored<Summary>> summarize(Run run, Map<EObject, Summary> after) {
        Map<EObject, long[]> counts = new LinkedHashMap<>();
        for (RunEvent re : run.events()) {
            if (re.cause() == null) {
                continue;
            }
            EObject block = Block.enclosing(re.cause());
            if (block == null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(block, b -> new long[4]);
            if (re.event() instanceof PageFaultEvent) {
                c[0]++;
            } else if (re.event() instanceof RangeSummary range) {
                for (long[] n : range.faults().values()) {
                    c[0] += n[0];
                }
            } else if (re.event() instanceof SignalEvent) {
                c[1]++;
            } else if (re.event() instanceof CallResult || re.event() instanceof org.mmdsl.runtime.event.KernelCall) {
                c[2]++;
            } else if (re.event() instanceof KernelMessage && ((KernelMessage) re.event()).warning()) {
                c[3]++;
            }
        }
        List<LastGoodResults.Anchored<Summary>> out = new ArrayList<>();
        for (Map.Entry<EObject, Summary> e : after.entrySet()) {
            Summary s = e.getValue();
            long[] c = counts.getOrDefault(e.getKey(), new long[4]);
            ICompositeNode node = NodeModelUtils.findActualNodeFor(e.getKey());
            out.add(new LastGoodResults.Anchored<>(s.offset(), node == null ? s.offset() : node.getEndOffset(),
                    new Summary(s.offset(), s.name(), s.pid(), s.vmas(), s.maps(), c[0], (int) c[1], (int) c[2],
                            (int) c[3], s.kernelBlock())));
        }
        return out;
    }
}
