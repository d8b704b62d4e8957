package org.mmdsl.runtime.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * The BIOS memory map (arch/x86/kernel/e820.c) as QEMU 7.2's {@code pc} machine and SeaBIOS 1.16
 * hand it over, and the edits the kernel makes to it early in setup_arch(). Ranges are kept sorted
 * and non-overlapping, as e820__update_table() leaves them. Boot order contract: {@link #qemu},
 * then {@link #applyMemLimit} (mem=), then {@link #reserveZeroPageAndBios}; each edit appends the
 * line the kernel prints to the list given.
 */
public final class E820 {
    public static final int USABLE = 1;
    public static final int RESERVED = 2;

    /** One range, end exclusive. */
    public record Entry(long start, long end, int type) {
        public String typeName() {
            return type == USABLE ? "usable" : "reserved";
        }
    }

    private final List<Entry> table = new ArrayList<>();

    private E820() {
    }

    /**
     * The map SeaBIOS builds for QEMU's i440fx machine (RULES.md 3.1): 639 KiB of base memory, the
     * EBDA and BIOS ROM reserved, RAM below 4 GiB with its top 128 KiB reserved (ACPI tables), the
     * BIOS flash at 0xfffc0000, and RAM beyond the 32-bit PCI hole from 4 GiB on. QEMU keeps all RAM
     * below 4 GiB up to 3.5 GiB (hw/i386/pc_piix.c: lowmem 0xe0000000), else only 3 GiB (gigabyte
     * alignment); the 3-3.5 GiB case is QEMU's rule, not recorded. QEMU adds the AMD HyperTransport
     * hole [0xfd00000000, 1 TiB) as reserved for AMD CPU models, i.e. the x86_64 {@code qemu64}.
     */
    public static E820 qemu(BootParams p) {
        E820 e = new E820();
        long ram = p.ramBytes;
        long below4g = ram >= 0xe0000000L ? 0xc0000000L : ram;
        long above4g = ram - below4g;
        e.table.add(new Entry(0, 0x9fc00, USABLE));
        e.table.add(new Entry(0x9fc00, 0xa0000, RESERVED));
        e.table.add(new Entry(0xf0000, 0x100000, RESERVED));
        e.table.add(new Entry(0x100000, below4g - 0x20000, USABLE));
        e.table.add(new Entry(below4g - 0x20000, below4g, RESERVED));
        e.table.add(new Entry(0xfffc0000L, 0x100000000L, RESERVED));
        if (above4g > 0) {
            e.table.add(new Entry(0x100000000L, 0x100000000L + above4g, USABLE));
        }
        if (!p.arch.is32()) {
            e.table.add(new Entry(0xfd00000000L, 0x10000000000L, RESERVED));
        }
        return e;
    }

    /** The entries, sorted by address. */
    public List<Entry> entries() {
        return List.copyOf(table);
    }

    /** Mirrors e820__print_table(prefix): "BIOS-e820: [mem 0x...-0x...] usable". */
    public List<String> printTable(String prefix) {
        List<String> out = new ArrayList<>();
        for (Entry en : table) {
            out.add(prefix + ": [mem " + hex(en.start, 16) + "-" + hex(en.end - 1, 16) + "] " + en.typeName());
        }
        return out;
    }

    /**
     * Mirrors arch/x86/kernel/e820.c parse_memopt(): mem=X removes all usable RAM from X up, prints
     * the removal and the "user-defined physical RAM map".
     */
    public void applyMemLimit(long memBytes, List<String> log) {
        // e820__range_remove(mem_size, ULLONG_MAX - mem_size, ...) prints end - 1 = ULLONG_MAX - 1.
        log.add("e820: remove [mem " + hex(memBytes, 8) + "-0xfffffffffffffffe] usable");
        remove(memBytes, Long.MAX_VALUE, USABLE);
        log.add("user-defined physical RAM map:");
        log.addAll(printTable("user"));
    }

    /**
     * Mirrors the two edits of setup_arch(): e820__range_update(0, PAGE_SIZE, RAM, RESERVED) (the
     * BIOS data page) and e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, RAM) (the legacy
     * 0xa0000-0xfffff window).
     */
    public void reserveZeroPageAndBios(List<String> log) {
        log.add("e820: update [mem " + hex(0, 8) + "-" + hex(0xfff, 8) + "] usable ==> reserved");
        remove(0, 0x1000, USABLE);
        insert(new Entry(0, 0x1000, RESERVED));
        log.add("e820: remove [mem " + hex(0xa0000, 8) + "-" + hex(0xfffff, 8) + "] usable");
        remove(0xa0000, 0x100000, USABLE);
    }

    /** Drops the parts of entries of the given type inside [start, end). */
    private void remove(long start, long end, int type) {
        List<Entry> out = new ArrayList<>();
        for (Entry en : table) {
            if (en.type != type || en.end <= start || en.start >= end) {
                out.add(en);
                continue;
            }
            if (en.start < start) {
                out.add(new Entry(en.start, start, en.type));
            }
            if (en.end > end) {
                out.add(new Entry(end, en.end, en.type));
            }
        }
        table.clear();
        table.addAll(out);
    }

    private void insert(Entry n) {
        int i = 0;
        while (i < table.size() && table.get(i).start < n.start) {
            i++;
        }
        table.add(i, n);
    }

    /**
     * Mirrors e820__end_pfn(): the end pfn of the highest usable range below limitPfn (a range
     * crossing it is cut), clamped to maxArchPfn; appends "last_pfn = ... max_arch_pfn = ...".
     */
    public long endPfn(long limitPfn, long maxArchPfn, List<String> log) {
        long lastPfn = 0;
        for (Entry en : table) {
            if (en.type != USABLE) {
                continue;
            }
            long s = en.start >>> 12;
            long e = en.end >>> 12;
            if (s >= limitPfn) {
                continue;
            }
            if (e > limitPfn) {
                lastPfn = limitPfn;
                break;
            }
            if (e > lastPfn) {
                lastPfn = e;
            }
        }
        if (lastPfn > maxArchPfn) {
            lastPfn = maxArchPfn;
        }
        log.add("last_pfn = 0x" + Long.toHexString(lastPfn) + " max_arch_pfn = 0x" + Long.toHexString(maxArchPfn));
        return lastPfn;
    }

    /** printk's %#0(digits+2)Lx: "0x" and at least {@code digits} hex digits. */
    public static String hex(long v, int digits) {
        String h = Long.toHexString(v);
        StringBuilder sb = new StringBuilder("0x");
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h).toString();
    }
}
