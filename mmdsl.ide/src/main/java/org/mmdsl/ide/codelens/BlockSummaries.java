package org.mmdsl.ide.codelens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * What each process, thread, kernel and kthread block left behind, from one editor run: the task's VMA count and
 * /proc/PID/maps right after its block, and the faults (resolved page faults and signals) and kernel
 * calls its statements caused. Feeds the code lenses and the {@code mmdsl.showMaps} command.
 */
@Singleton
public class BlockSummaries {

    /** One block: its offset in the text (a stable name within one version) and what it did. */
    public record Summary(int offset, String name, int pid, int vmas, String maps, int pageFaults, int signals,
            int kernelCalls, int kernelWarnings, boolean kernelBlock) {

        /** The code lens title: "3 VMAs · 2 page faults · 1 SIGSEGV". */
        public String title() {
            if (kernelBlock) {
                return plural(kernelCalls, "kernel call") + (kernelWarnings == 0 ? "" : " · " + plural(kernelWarnings, "kernel warning"));
            }
            return plural(vmas, "VMA") + " · " + plural(pageFaults, "page fault")
                    + (signals == 0 ? "" : " · " + plural(signals, "signal")) + " — show /proc/" + pid + "/maps";
        }

        private static String plural(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }
    }

    @Inject
    private EditorSimulation simulation;

    /** The summaries in text order; empty when the scenario cannot be played (it has errors). */
    public List<Summary> of(XtextResource resource, CancelIndicator cancel) {
        if (!simulation.playable(resource, cancel)) {
            return List.of();
        }
        Map<EObject, Summary> after = new LinkedHashMap<>();
        return simulation.runAll(resource, "blocks", run -> summarize(run, after), (s, task, kernel, handles) -> {
            Block block = Block.of(s);
            if (block != null && block.isTask() && task != null) {
                int vmas = task.mm() == null ? 0 : task.mm().vmas().size();
                after.put(s, new Summary(EditorSimulation.offsetOf(s), task.comm(), task.pid(), vmas, task.maps(), 0, 0,
                        0, 0, false));
            } else if (block != null && block.isKernel()) {
                String name = block == Block.KERNEL ? "kernel" : Exprs.nameOf(s);
                after.put(s, new Summary(EditorSimulation.offsetOf(s), name, 0, 0, "", 0, 0, 0, 0, true));
            }
            return true;
        }, cancel).value();
    }

    private static List<Summary> summarize(Run run, Map<EObject, Summary> after) {
        Map<EObject, int[]> counts = new LinkedHashMap<>();
        for (RunEvent re : run.events()) {
            if (re.cause() == null) {
                continue;
            }
            EObject block = Block.enclosing(re.cause());
            if (block == null) {
                continue;
            }
            int[] c = counts.computeIfAbsent(block, b -> new int[4]);
            if (re.event() instanceof PageFaultEvent) {
                c[0]++;
            } else if (re.event() instanceof SignalEvent) {
                c[1]++;
            } else if (re.event() instanceof CallResult || re.event() instanceof org.mmdsl.runtime.event.KernelCall) {
                c[2]++;
            } else if (re.event() instanceof KernelMessage && ((KernelMessage) re.event()).warning()) {
                c[3]++;
            }
        }
        List<Summary> out = new ArrayList<>();
        for (Map.Entry<EObject, Summary> e : after.entrySet()) {
            Summary s = e.getValue();
            int[] c = counts.getOrDefault(e.getKey(), new int[4]);
            out.add(new Summary(s.offset(), s.name(), s.pid(), s.vmas(), s.maps(), c[0], c[1], c[2], c[3],
                    s.kernelBlock()));
        }
        return out;
    }
}
