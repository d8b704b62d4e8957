package org.mmdsl.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.mmdsl.interpreter.AccessEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.runtime.ZoneView;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.SignalEvent;

/**
 * The key of a generated exercise: its text with every blank ({@code ?}) filled from a run of the scenario.
 * A blank is a line of its own: {@code expect fault ?} or {@code expect value ?} under the access it asks
 * about, or {@code expect zone NAME start|end ?}. The run plays the text without those lines; an access's
 * answer is the signal its statement raised or the byte it read, a zone's is the booted zone's boundary.
 * Does not judge the key: {@code run --strict} does (Issue13GenerateTest).
 */
public final class Keys {
    private Keys() {
    }

    /** The key of {@code exercise}; throws when the run gives a blank no answer (a generator bug). */
    public static String of(String exercise) {
        String[] lines = exercise.split("\n", -1);
        StringBuilder stripped = new StringBuilder();
        List<int[]> blanks = new ArrayList<>(); // {exercise line, stripped line of its statement}
        int kept = 0;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].trim();
            if (t.endsWith("?") && t.startsWith("expect ")) {
                blanks.add(new int[] {i, kept});
                continue;
            }
            stripped.append(lines[i]).append('\n');
            kept++;
        }
        Run run = Scenarios.run(stripped.toString());
        Map<Integer, String> faults = new HashMap<>();
        Map<Integer, String> reads = new HashMap<>();
        for (RunEvent re : run.events()) {
            ICompositeNode node = re.cause() == null ? null : NodeModelUtils.getNode(re.cause());
            if (node == null) {
                continue;
            }
            int line = node.getStartLine();
            if (re.event() instanceof SignalEvent s) {
                faults.putIfAbsent(line, s.signal().name() + " " + s.code().name());
            } else if (re.event() instanceof AccessEvent a && a.ok() && a.access().equals("read")) {
                reads.putIfAbsent(line, Long.toString(a.value()));
            }
        }
        for (int[] b : blanks) {
            String t = lines[b[0]].trim();
            String answer;
            if (t.startsWith("expect fault")) {
                answer = faults.get(b[1]);
            } else if (t.startsWith("expect value")) {
                answer = reads.get(b[1]);
            } else if (t.startsWith("expect zone")) {
                String[] w = t.split("\\s+");
                ZoneView z = run.kernel().zone(w[2]);
                long pfn = z == null ? -1 : w[3].equals("start") ? z.startPfn() : z.endPfn();
                answer = pfn < 0 ? null : "0x" + Long.toHexString(pfn << PagingMode.PAGE_SHIFT);
            } else {
                answer = null;
            }
            if (answer == null) {
                throw new IllegalStateException("the run gives no answer for line " + (b[0] + 1) + ": " + t + "\n" + exercise);
            }
            int q = lines[b[0]].lastIndexOf('?');
            lines[b[0]] = lines[b[0]].substring(0, q) + answer + lines[b[0]].substring(q + 1);
        }
        return String.join("\n", lines);
    }
}
