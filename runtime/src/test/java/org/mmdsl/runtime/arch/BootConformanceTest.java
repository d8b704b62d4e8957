package org.mmdsl.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mmdsl.runtime.event.EventSink;
import org.mmdsl.runtime.init.PhysicalMemory;
import org.mmdsl.runtime.init.Setup;
import org.mmdsl.runtime.zone.Watermarks;
import org.mmdsl.runtime.zone.Zone;

/**
 * Every run of ../shared/conformance/kernel-boot/boot-table.json (read there, else from the copy in the test resources), booted
 * with the same parameters and compared field by field, exactly; and every boot line the simulator
 * prints (the Memory: line is compared on its own) must appear in the real
 * console log in the same order. Issue 11: the whole Memory: line, MemTotal and every zone's
 * managed pages too.
 */
class BootConformanceTest {

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> runs() throws IOException {
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(resource("conformance/kernel-boot/boot-table.json"));
        return (List<Map<String, Object>>) root.get("runs");
    }

    /**
     * A conformance file: from ../shared/conformance beside the repository when it is there (so rows
     * recorded later and dropped into that directory are checked too), else from the copy in the
     * test resources.
     */
    static String resource(String name) throws IOException {
        java.nio.file.Path shared = SHARED.resolve(name.substring("conformance/".length()));
        if (java.nio.file.Files.isRegularFile(shared)) {
            return java.nio.file.Files.readString(shared);
        }
        try (InputStream in = BootConformanceTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no conformance file " + name + " in " + SHARED + " or the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** ../shared/conformance seen from the runtime module (Surefire runs in the module's directory). */
    static final java.nio.file.Path SHARED = java.nio.file.Path.of("..", "..", "shared", "conformance");

    static long size(String s) {
        long mult = s.endsWith("G") ? 1L << 30 : s.endsWith("M") ? 1L << 20 : s.endsWith("K") ? 1L << 10 : 1;
        return Long.parseLong(s.replaceAll("[GMK]$", "")) * mult;
    }

    static long hex(Object o) {
        return Long.parseUnsignedLong(((String) o).substring(2), 16);
    }

    static BootParams paramsOf(Map<String, Object> run) {
        BootParams p = new BootParams();
        String flavour = (String) run.get("flavour");
        p.arch = flavour.equals("686-pae") ? Arch.I386_PAE : flavour.equals("686") ? Arch.I386 : Arch.X86_64;
        p.ramBytes = size((String) run.get("qemu_mem"));
        for (String arg : ((String) run.get("cmdline_extra")).split(" ")) {
            if (arg.startsWith("vmalloc=")) {
                p.vmallocBytes = size(arg.substring(8));
            } else if (arg.startsWith("mem=")) {
                p.memBytes = size(arg.substring(4));
            } else if (arg.startsWith("highmem=")) {
                p.highmemBytes = size(arg.substring(8));
            } else if (arg.startsWith("reservetop=")) {
                p.reserveTopBytes = size(arg.substring(11));
            }
        }
        String qemu = (String) run.get("qemu_extra");
        if (qemu.startsWith("-smp ")) {
            p.cpus = Integer.parseInt(qemu.substring(5).trim());
        }
        return p;
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedBoot() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> run : runs()) {
            tests.add(DynamicTest.dynamicTest((String) run.get("name"), () -> checkRun(run)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void checkRun(Map<String, Object> run) throws IOException {
        String name = (String) run.get("name");
        BootParams p = paramsOf(run);
        // Every recorded boot is one the language accepts; np-6144M (non-PAE, 6 GB) with a warning,
        // because the kernel silently drops the RAM above 4 GB.
        assertNull(BootParams.check(p), name);
        PhysicalMemory m = Setup.boot(p, EventSink.NONE);
        List<String> dmesg = m.dmesg();

        // e820 as the BIOS gave it
        List<Map<String, Object>> e820 = (List<Map<String, Object>>) run.get("e820");
        List<E820.Entry> bios = E820.qemu(p).entries();
        assertEquals(e820.size(), bios.size(), name + " e820 entries");
        for (int i = 0; i < e820.size(); i++) {
            assertEquals(hex(e820.get(i).get("start")), bios.get(i).start(), name + " e820 start " + i);
            assertEquals(hex(e820.get(i).get("end")), bios.get(i).end() - 1, name + " e820 end " + i);
            assertEquals(e820.get(i).get("type"), bios.get(i).typeName(), name + " e820 type " + i);
        }
        for (Object upd : (List<Object>) run.get("e820_updates")) {
            assertTrue(dmesg.contains((String) upd), name + " missing " + upd);
        }
        assertTrue(dmesg.contains("last_pfn = " + run.get("last_pfn") + " max_arch_pfn = " + run.get("max_arch_pfn")),
                name + " last_pfn line");

        // zone ranges
        Map<String, Object> ranges = (Map<String, Object>) run.get("zone_ranges");
        for (Map.Entry<String, Object> zr : ranges.entrySet()) {
            Zone z = m.zone(zr.getKey());
            Map<String, Object> r = (Map<String, Object>) zr.getValue();
            String want = r == null ? "empty"
                    : "[mem " + E820.hex(hex(r.get("start")), 16) + "-" + E820.hex(hex(r.get("end")), 16) + "]";
            assertTrue(dmesg.contains(String.format("  %-8s %s", zr.getKey(), want)), name + " zone range " + zr.getKey() + " " + want);
            if (r != null) {
                assertEquals(hex(r.get("start_pfn")), z.startPfn(), name + " " + zr.getKey() + " start_pfn");
            }
        }

        if (p.arch.is32()) {
            assertTrue(dmesg.contains(run.get("lowmem_mb_msg") + "MB LOWMEM available."), name + " LOWMEM");
            assertTrue(dmesg.contains(run.get("highmem_mb_msg") + "MB HIGHMEM available."), name + " HIGHMEM");
            assertEquals(hex(run.get("low_ram_end")), m.maxLowPfn() << 12, name + " low ram end");
            assertTrue(dmesg.contains("  low ram: 0 - " + ((String) run.get("low_ram_end")).substring(2)), name + " low ram line");
            assertTrue(dmesg.contains("  mapped low ram: 0 - " + ((String) run.get("mapped_low_ram_end")).substring(2)), name);
            Map<String, Object> vl = (Map<String, Object>) run.get("virtual_layout");
            KernelLayout l = m.layout();
            assertEquals(hex(vl.get("PAGE_OFFSET")), l.pageOffset(), name);
            assertEquals(hex(vl.get("FIXADDR_TOP")), l.fixaddrTop(), name);
            assertEquals(hex(vl.get("FIXADDR_START")), l.fixaddrStart(), name);
            assertEquals(hex(vl.get("FIXADDR_TOT_START")), l.fixaddrTotStart(), name);
            assertEquals(vl.get("FIX_KMAP_range"), "0x" + Long.toHexString(l.kmapLocalSlot(31, 15)) + "-0x"
                    + Long.toHexString(l.kmapLocalSlot(0, 0) + 4096), name);
            assertEquals(vl.get("FIX_BTMAP_range"), "0x" + Long.toHexString(l.btmapStart()) + "-0x" + Long.toHexString(l.btmapEnd()), name);
            assertEquals(hex(vl.get("FIX_APIC_BASE")), l.fixApicBase(), name);
            assertEquals(hex(vl.get("FIX_IO_APIC_BASE_0")), l.fixIoApicBase0(), name);
            assertEquals(hex(vl.get("CPU_ENTRY_AREA_BASE")), l.cpuEntryAreaBase(), name);
            assertEquals(hex(vl.get("LDT_BASE_ADDR")), l.ldtBase(), name);
            assertEquals(hex(vl.get("LDT_END_ADDR")), l.ldtEnd(), name);
            assertEquals(hex(vl.get("PKMAP_BASE")), l.pkmapBase(), name);
            assertEquals(hex(vl.get("PKMAP_END")), l.pkmapEnd(), name);
            assertEquals(((Number) vl.get("LAST_PKMAP")).intValue(), l.lastPkmap(), name);
            assertEquals(hex(vl.get("VMALLOC_END")), l.vmallocEnd(), name);
            assertEquals(hex(vl.get("VMALLOC_RESERVE")), l.vmallocReserve(), name);
            assertEquals(hex(vl.get("MAXMEM")), l.maxmem(), name);
            Map<String, Object> obs = (Map<String, Object>) vl.get("observed");
            assertEquals(hex(obs.get("high_memory")), l.highMemory(), name + " high_memory");
            assertEquals(hex(obs.get("VMALLOC_START(high_memory+8M)")), l.vmallocStart(), name + " VMALLOC_START");
            List<Object> hp = (List<Object>) run.get("init_highmem_pfns");
            if (hp != null && !hp.isEmpty()) {
                assertTrue(dmesg.contains("Initializing HighMem for node 0 (" + ((String) hp.get(0)).substring(2) + ":"
                        + ((String) hp.get(1)).substring(2) + ")"), name + " Initializing HighMem");
            }
        } else {
            Map<String, Object> vl = (Map<String, Object>) run.get("virtual_layout");
            assertEquals(hex(vl.get("page_offset_base")), m.layout().pageOffset(), name);
            assertEquals(hex(vl.get("vmalloc_base")), m.layout().vmallocStart(), name);
            assertEquals(hex(vl.get("vmemmap_base")), m.layout().vmemmapBase(), name);
            assertEquals(hex(vl.get("high_memory")), m.layout().highMemory(), name);
        }

        // node ranges, unavailable ranges, Total pages, Memory: total and highmem
        for (Object nr : (List<Object>) run.get("early_node_ranges")) {
            assertTrue(dmesg.contains("  node   0: [mem " + nr + "]"), name + " node range " + nr);
        }
        assertTrue(dmesg.contains("Initmem setup node 0 [mem " + run.get("initmem_setup_node0") + "]"), name + " Initmem");
        List<String> unavail = new ArrayList<>();
        for (Object u : (List<Object>) run.get("unavailable_ranges")) {
            Map<String, Object> um = (Map<String, Object>) u;
            unavail.add("On node 0, zone " + um.get("zone") + ": " + um.get("pages") + " pages in unavailable ranges");
        }
        List<String> mine = new ArrayList<>();
        for (String line : dmesg) {
            if (line.startsWith("On node 0, zone")) {
                mine.add(line);
            }
        }
        assertEquals(unavail, mine, name + " unavailable ranges");
        assertEquals(((Number) run.get("total_pages")).longValue(), m.totalPages(), name + " Total pages");
        Map<String, Object> mem = (Map<String, Object>) run.get("memory");
        assertEquals(((Number) mem.get("total_k")).longValue(), m.presentPages() * 4, name + " Memory: total");
        if (p.arch.is32()) {
            assertEquals(((Number) mem.get("highmem_k")).longValue(), m.totalhighPages() * 4, name + " Memory: highmem");
        }
        // The whole Memory: line (issue 11): every figure the log has, x86_64's deferred-init
        // "available" included.
        String realMemory = null;
        for (String line : resource("conformance/kernel-boot/logs/" + name + ".log").split("\\r?\\n")) {
            String l = line.replaceFirst("^\\[[ 0-9.]*\\] ", "");
            if (l.startsWith("Memory: ")) {
                realMemory = l;
            }
        }
        String simMemory = dmesg.stream().filter(l -> l.startsWith("Memory: ")).findFirst().orElse(null);
        assertTrue(realMemory != null && simMemory != null, name + " Memory: line");
        assertEquals(realMemory, simMemory, name + " Memory: line");

        // spanned / present / start_pfn per zone, from /proc/zoneinfo
        Map<String, Object> probe = (Map<String, Object>) run.get("probe");
        for (Object zo : (List<Object>) probe.get("zoneinfo")) {
            Map<String, Object> zi = (Map<String, Object>) zo;
            Zone z = m.zone((String) zi.get("zone"));
            assertEquals(((Number) zi.get("spanned")).longValue(), z.spanned(), name + " " + z.name() + " spanned");
            assertEquals(((Number) zi.get("present")).longValue(), z.present(), name + " " + z.name() + " present");
            // managed after boot: the probe freed its initramfs, the model never had one
            assertEquals(((Number) zi.get("managed")).longValue(), z.managed(), name + " " + z.name() + " managed");
            if (zi.get("start_pfn") != null) {
                assertEquals(((Number) zi.get("start_pfn")).longValue(), z.startPfn(), name + " " + z.name() + " start_pfn");
            }
        }

        Map<String, Object> meminfo = (Map<String, Object>) probe.get("meminfo_kB");
        assertEquals(((Number) meminfo.get("MemTotal")).longValue(), m.totalramPages() * 4, name + " MemTotal");

        // every simulated boot line, in order, in the real log (Memory: compared above)
        List<String> real = new ArrayList<>();
        for (String line : resource("conformance/kernel-boot/logs/" + name + ".log").split("\r?\n")) {
            real.add(line.replaceFirst("^\\[[ 0-9.]*\\] ", ""));
        }
        int at = 0;
        for (String line : dmesg) {
            if (line.startsWith("Memory: ")) {
                continue;
            }
            int found = real.subList(at, real.size()).indexOf(line);
            assertTrue(found >= 0, name + ": line not in the real log after line " + at + ": " + line);
            at += found + 1;
        }
    }

    /**
     * Watermarks and lowmem_reserve from the recorded managed pages and min_free_kbytes, compared
     * with the recorded "zoneinfo after a forced recomputation", with and without THP. (min_free_kbytes
     * itself depends on managed pages at hugepage_init() time, which include the probe's initramfs:
     * see the report.)
     */
    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> watermarksFromRecordedManagedPages() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> run : runs()) {
            for (String probeKey : new String[] {"probe", "probe_nothp"}) {
                Map<String, Object> probe = (Map<String, Object>) run.get(probeKey);
                if (probe == null) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(run.get("name") + " " + probeKey, () -> {
                    BootParams p = paramsOf(run);
                    List<Object> zi = (List<Object>) probe.get("zoneinfo_recomputed");
                    List<Zone> zones = new ArrayList<>();
                    boolean i386 = p.arch.is32();
                    boolean highPopulated = false;
                    for (Object o : zi) {
                        Map<String, Object> z = (Map<String, Object>) o;
                        if (z.get("zone").equals("HighMem") && ((Number) z.get("spanned")).longValue() > 0) {
                            highPopulated = true;
                        }
                    }
                    for (int i = 0; i < zi.size(); i++) {
                        Map<String, Object> z = (Map<String, Object>) zi.get(i);
                        String zn = (String) z.get("zone");
                        boolean high = zn.equals("HighMem") || (zn.equals("Movable") && i386 && highPopulated);
                        Zone zone = new Zone(i, zn, high, 0, ((Number) z.get("spanned")).longValue(),
                                ((Number) z.get("present")).longValue(), zi.size());
                        zone.setManaged(((Number) z.get("managed")).longValue());
                        zones.add(zone);
                    }
                    long minFree = Long.parseLong((String) ((Map<String, Object>) probe.get("vm_sysctl")).get("min_free_kbytes"));
                    Watermarks.setupPerZoneWmarks(zones, minFree);
                    Watermarks.setupLowmemReserve(zones, i386 ? new int[] {256, 32, 0, 0} : new int[] {256, 256, 32, 0, 0});
                    for (int i = 0; i < zi.size(); i++) {
                        Map<String, Object> z = (Map<String, Object>) zi.get(i);
                        Zone zone = zones.get(i);
                        String what = run.get("name") + " " + probeKey + " " + zone.name();
                        assertEquals(((Number) z.get("min")).longValue(), zone.min(), what + " min");
                        assertEquals(((Number) z.get("low")).longValue(), zone.low(), what + " low");
                        assertEquals(((Number) z.get("high")).longValue(), zone.high(), what + " high");
                        List<Object> prot = (List<Object>) z.get("protection");
                        for (int j = 0; j < prot.size(); j++) {
                            assertEquals(((Number) prot.get(j)).longValue(), zone.lowmemReserve(j), what + " protection " + j);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }
}
