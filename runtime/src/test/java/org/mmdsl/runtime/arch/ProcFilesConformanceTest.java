package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.proc.Vmstat;
import org.mmdsl.runtime.zone.Zone;

/**
 * /proc/zoneinfo and /proc/meminfo against the probe dumps of every recorded 6.1 boot
 * (logs/probe-nothp/RUN.proc.txt, the sections of ../shared/conformance/kernel-boot/logs/probe-nothp
 * with carriage returns removed). The recorded machines ran an initramfs, so their counters (slab,
 * page cache, anon pages) are not the freshly booted model's; what is compared exactly is what the
 * model reproduces: every line's label and order, the per-CPU pageset batch and stats threshold of
 * each zone, pcp high, MemAvailable and CommitLimit recomputed from the recorded values by the
 * model's formulas, and VmallocTotal and Hugepagesize.
 */
class ProcFilesConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyRecordedProbe() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> run : BootConformanceTest.runs()) {
            if (run.get("probe_nothp") == null) {
                continue;
            }
            String name = (String) run.get("name");
            tests.add(DynamicTest.dynamicTest(name, () -> check(run, name)));
        }
        return tests.stream();
    }

    private void check(Map<String, Object> run, String name) throws IOException {
        String log = BootConformanceTest.resource("conformance/kernel-boot/logs/probe-nothp/" + name + ".proc.txt");
        String zoneinfo = section(log, "zoneinfo");
        String meminfo = section(log, "meminfo");
        BootParams p = BootConformanceTest.paramsOf(run);
        Kernel k = Kernel.boot(p, EventSink.NONE);

        assertEquals(labels(zoneinfo), labels(k.zoneinfo()), name + ": zoneinfo lines");
        assertEquals(labels(meminfo), labels(k.meminfo()), name + ": meminfo lines");

        Vmstat v = k.vmstat();
        List<Map<String, Long>> zones = zones(zoneinfo);
        List<Zone> recorded = new ArrayList<>();
        long free = 0;
        long wmarkLow = 0;
        for (int i = 0; i < zones.size(); i++) {
            Map<String, Long> z = zones.get(i);
            Zone model = k.memory().zones().get(i);
            free += z.get("free");
            wmarkLow += z.get("low");
            Zone r = new Zone(i, model.name(), model.isHighmem(), 0, z.get("spanned"), z.get("present"), zones.size());
            r.setManaged(z.get("managed"));
            r.setWatermarks(z.get("min"), z.get("low"), z.get("high"));
            for (int j = 0; j < zones.size(); j++) {
                r.setLowmemReserve(j, z.get("protection" + j));
            }
            recorded.add(r);
            if (!z.containsKey("batch")) {
                continue;
            }
            String what = name + " " + model.name();
            assertEquals(z.get("batch"), (long) v.pcpBatch(model), what + " pcp batch");
            assertEquals(z.get("threshold"), (long) v.statThreshold(model), what + " vm stats threshold");
            assertEquals(z.get("pcphigh"), (long) Vmstat.pcpHigh61(z.get("low"), p.cpus, z.get("batch").intValue()),
                    what + " pcp high from the recorded low watermark");
        }
        Map<String, Long> mi = meminfo(meminfo);
        long pagecache = (mi.get("Active(file)") + mi.get("Inactive(file)")) / 4;
        assertEquals(mi.get("MemAvailable") / 4, Vmstat.siMemAvailable(free, Vmstat.totalreservePages(recorded), wmarkLow,
                pagecache, mi.get("KReclaimable") / 4), name + " MemAvailable");
        assertEquals(mi.get("CommitLimit") / 4, mi.get("MemTotal") / 4 * 50 / 100 + mi.get("SwapTotal") / 4,
                name + " CommitLimit");
        Map<String, Long> model = meminfo(k.meminfo());
        assertEquals(mi.get("VmallocTotal"), model.get("VmallocTotal"), name + " VmallocTotal");
        assertEquals(mi.get("Hugepagesize"), model.get("Hugepagesize"), name + " Hugepagesize");
    }

    static String section(String log, String what) {
        int start = log.indexOf("=====BEGIN " + what + "\n");
        int end = log.indexOf("=====END " + what + "\n");
        String body = log.substring(start + ("=====BEGIN " + what + "\n").length(), end);
        // the serial console interleaves kernel messages ("[    5.1] tsc: ...") with the dump, even
        // inside a line of it (amd64-6144M's FilePmdMapped line)
        return body.replaceAll("\\[ *\\d+\\.\\d+\\] [^\n]*", "").replaceAll("(?m)^\n", "");
    }

    /** Every line without its numbers: the labels and their order. */
    static List<String> labels(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            out.add(line.replaceAll("\\d+", "#").replaceAll(" +", " "));
        }
        return out;
    }

    /** The numbers of each zone: pages block, protection0.., and the first CPU's pageset. */
    static List<Map<String, Long>> zones(String zoneinfo) {
        List<Map<String, Long>> out = new ArrayList<>();
        Map<String, Long> z = null;
        for (String line : zoneinfo.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Node ")) {
                z = new LinkedHashMap<>();
                out.add(z);
            } else if (t.startsWith("pages free")) {
                z.put("free", last(t));
            } else if (t.startsWith("protection:")) {
                String[] v = t.substring(t.indexOf('(') + 1, t.indexOf(')')).split(", ");
                for (int i = 0; i < v.length; i++) {
                    z.put("protection" + i, Long.parseLong(v[i]));
                }
            } else if (t.startsWith("vm stats threshold:")) {
                z.putIfAbsent("threshold", last(t));
            } else if (t.startsWith("batch:")) {
                z.putIfAbsent("batch", last(t));
            } else if (t.startsWith("high:")) {
                z.putIfAbsent("pcphigh", last(t));
            } else if (t.matches("(min|low|high|spanned|present|managed) +\\d+")) {
                z.put(t.split(" +")[0], last(t));
            }
        }
        return out;
    }

    static Map<String, Long> meminfo(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.split(":\\s+");
            out.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").trim()));
        }
        return out;
    }

    private static long last(String t) {
        String[] w = t.split(" +");
        return Long.parseLong(w[w.length - 1]);
    }
}
