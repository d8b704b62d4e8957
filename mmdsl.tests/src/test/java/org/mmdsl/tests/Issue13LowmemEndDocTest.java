package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;

/**
 * Issue 13 point 7: docs/teaching.md's section "Where lowmem ends: 896 MB on 2.6, 875.99 MB on 6.1" cannot go
 * stale. Its heading, its bold results, its summary table and every `A - B = C` in it are checked: the
 * arithmetic by evaluating it, the figures against a boot of `boot ram 1536MB` under each kernel model
 * (KernelLayout, the zones), and the two examples it points to against the same end of lowmem, with a
 * strict run.
 */
class Issue13LowmemEndDocTest {

    private static final String HEADING = "## Where lowmem ends: ";

    private static String section() throws IOException {
        String doc = Files.readString(ExamplesTest.root().resolve("docs/teaching.md"));
        int start = doc.indexOf(HEADING);
        assertTrue(start >= 0, "docs/teaching.md has no section starting with " + HEADING);
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static Kernel boot(KernelModel model) {
        BootParams p = new BootParams(); // boot ram 1536MB: i386, 2-level, 3G/1G, highmem
        p.model = model;
        return Kernel.boot(p, e -> {
        });
    }

    /** Bytes as the doc writes megabytes: 896, 875.99. */
    private static String mb(long bytes) {
        return bytes % (1L << 20) == 0 ? Long.toString(bytes >> 20)
                : String.format(java.util.Locale.ROOT, "%.2f", bytes / (double) (1L << 20));
    }

    @Test
    void theHeadingAndTheBoldResultsAreTheSimulatorsEndOfLowmem() throws IOException {
        String s = section();
        Kernel k26 = boot(KernelModel.V2_6);
        Kernel k61 = boot(KernelModel.V6_1);
        long end26 = k26.zone("Normal").endPfn() << 12;
        long end61 = k61.zone("Normal").endPfn() << 12;
        assertEquals(end26, k26.zone("HighMem").startPfn() << 12);
        assertEquals(end61, k61.zone("HighMem").startPfn() << 12);
        assertEquals(HEADING + mb(end26) + " MB on 2.6, " + mb(end61) + " MB on 6.1", s.lines().findFirst().orElseThrow());
        List<String> bold = new ArrayList<>();
        Matcher m = Pattern.compile("\\*\\*(0x[0-9a-f]+) = ([0-9.]+) MB\\*\\*").matcher(s);
        while (m.find()) {
            bold.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(List.of(hex(end26) + " " + mb(end26), hex(end61) + " " + mb(end61)), bold);
    }

    @Test
    void theSummaryTableIsTheRuntimesLayout() throws IOException {
        Map<String, ToLongFunction<Kernel>> getters = new LinkedHashMap<>();
        getters.put("PAGE_OFFSET", k -> k.layout().pageOffset());
        getters.put("FIXADDR_TOP", k -> k.layout().fixaddrTop());
        getters.put("FIXADDR_TOT_START", k -> k.layout().fixaddrTotStart());
        getters.put("CPU_ENTRY_AREA_BASE", k -> k.layout().cpuEntryAreaBase());
        getters.put("LDT_BASE_ADDR", k -> k.layout().ldtBase());
        getters.put("PKMAP_BASE", k -> k.layout().pkmapBase());
        getters.put("VMALLOC_END", k -> k.layout().vmallocEnd());
        getters.put("MAXMEM", k -> k.layout().maxmem());
        getters.put("high_memory", k -> k.layout().highMemory());
        getters.put("VMALLOC_START", k -> k.layout().vmallocStart());
        Kernel[] kernels = {boot(KernelModel.V2_6), boot(KernelModel.V6_1)};
        Pattern row = Pattern.compile("^\\| `(\\w+)`[^|]* \\| ([^|]+) \\| ([^|]+) \\|$");
        List<String> seen = new ArrayList<>();
        for (String line : section().lines().toList()) {
            Matcher m = row.matcher(line);
            if (!m.matches() || !(m.group(2).startsWith("0x") || m.group(2).equals("none"))) {
                continue;
            }
            String name = m.group(1);
            ToLongFunction<Kernel> get = getters.get(name);
            assertNotNull(get, "the table names " + name + ", which this test does not know: add its getter");
            for (int i = 0; i < 2; i++) {
                String cell = m.group(2 + i).trim();
                long v = get.applyAsLong(kernels[i]);
                String want = v == 0 ? "none" : hex(v) + (name.equals("MAXMEM") ? " (" + mb(v) + " MB)" : "");
                assertEquals(want, cell, name + " under kernel " + (i == 0 ? "2.6" : "6.1"));
            }
            seen.add(name);
        }
        assertEquals(List.copyOf(getters.keySet()), seen);
        for (Kernel k : kernels) {
            assertEquals(k.layout().maxmem(), k.zone("Normal").endPfn() << 12);
        }
    }

    /** Every `... = N` in the section (numbers, + - &#215; &amp; and parentheses) is true. */
    @Test
    void everyEquationInTheSectionHolds() throws IOException {
        Matcher m = Pattern.compile("`([0-9a-fx ()+\\-\u00d7&]+) = (0x[0-9a-f]+|[0-9]+)`").matcher(section());
        int n = 0;
        while (m.find()) {
            long lhs = new Arith(m.group(1)).eval();
            assertEquals(Long.decode(m.group(2)).longValue(), lhs, "`" + m.group(1) + " = " + m.group(2) + "` is "
                    + hex(lhs));
            n++;
        }
        assertTrue(n >= 14, "the section's arithmetic: " + n + " equations found");
    }

    /** The examples the section runs expect the same end of lowmem, and pass a strict run. */
    @Test
    void theExamplesShowTheSameNumbers() throws IOException {
        for (KernelModel model : new KernelModel[] {KernelModel.V2_6, KernelModel.V6_1}) {
            String name = "lowmem-end-" + (model == KernelModel.V2_6 ? "2.6" : "6.1") + ".mmdsl";
            assertTrue(section().contains("examples/" + name), name);
            String text = Files.readString(ExamplesTest.root().resolve("examples/" + name));
            String end = hex(boot(model).layout().maxmem());
            assertTrue(text.contains("\nexpect zone Normal end " + end + " "), name + " expects Normal to end at " + end);
            assertTrue(text.contains("\nexpect zone HighMem start " + end + "\n"), name + " expects HighMem at " + end);
            Cli run = Cli.run("run", "--strict", ExamplesTest.root().resolve("examples/" + name).toString());
            assertEquals(0, run.status(), run.out() + run.err());
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** and := sum ('&amp;' sum)*, sum := prod (('+'|'-') prod)*, prod := atom ('&#215;' atom)*, atom := number | ( and ). */
    private static final class Arith {
        private final String s;
        private int i;

        Arith(String s) {
            this.s = s.replace(" ", "");
        }

        long eval() {
            long v = and();
            if (i != s.length()) {
                fail("cannot read `" + s + "` at " + i);
            }
            return v;
        }

        private long and() {
            long v = sum();
            while (i < s.length() && s.charAt(i) == '&') {
                i++;
                v &= sum();
            }
            return v;
        }

        private long sum() {
            long v = prod();
            while (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                char op = s.charAt(i++);
                long r = prod();
                v = op == '+' ? v + r : v - r;
            }
            return v;
        }

        private long prod() {
            long v = atom();
            while (i < s.length() && s.charAt(i) == '\u00d7') {
                i++;
                v *= atom();
            }
            return v;
        }

        private long atom() {
            if (s.charAt(i) == '(') {
                i++;
                long v = and();
                if (s.charAt(i++) != ')') {
                    fail("unbalanced `" + s + "`");
                }
                return v;
            }
            int start = i;
            if (s.startsWith("0x", i)) {
                i += 2;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                    i++;
                }
                return Long.parseLong(s.substring(start + 2, i), 16);
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }
    }
}
