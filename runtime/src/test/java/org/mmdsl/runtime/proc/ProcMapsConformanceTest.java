package org.mmdsl.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.fault.UserAccess;
import org.mmdsl.runtime.fork.Fork;
import org.mmdsl.runtime.testing.Machine;
import org.mmdsl.runtime.testing.MmValidator;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.vma.ExecImage;
import org.mmdsl.runtime.vma.FileRef;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Vma;

/**
 * Replays every recorded proc-maps case (../shared/conformance/proc-maps/cases beside the repository, else
 * the copy in src/test/resources/conformance/proc-maps; see {@link ProcMapsOracle}) on the 6.18 64-bit model: the task starts in the
 * layout of 00-initial-layout (the oracle's static driver64 after exec and glibc's start-up), each
 * script operation becomes a runtime call, and the output is written in the driver's format and
 * compared line by line with the recording. Not compared, as the oracle's README says: the inode
 * column, and the Rss columns of the driver's own file-backed VMAs (with the status lines that sum
 * them: VmHWM, VmRSS, RssFile), and for the same reason the Rss of the driver's .bss (its static
 * buffers are touched as the driver runs: 40 kB after exec, 48 kB a few operations later) and
 * RssAnon, which sums it; likewise the Rss of [stack] and of the start-up [heap] (glibc's TLS
 * block) in a forked child: the driver's own code there copies pages of them. Also not compared: the lines of {@code info} (argv/envp are not modelled). validate_mm runs after every operation.
 */
class ProcMapsConformanceTest {
    private static final String EXE = "/opt/oracle/bin/driver64";
    private static final String EXE32 = "/opt/oracle/bin/driver32";

    /** The repository's root (the runtime module runs its tests in runtime/). */
    private static final java.nio.file.Path ROOT = java.nio.file.Path.of(System.getProperty("mmdsl.root", ".."));

    static java.util.stream.Stream<String> cases() throws IOException {
        return ProcMapsOracle.cases(ProcMapsOracle.casesDirectory(ROOT)).stream();
    }

    /** Every case of the cases directory (hidden ones dropped there included), not a list of names. */
    @ParameterizedTest
    @MethodSource("cases")
    void replay(String name) throws IOException {
        java.nio.file.Path cases = ProcMapsOracle.casesDirectory(ROOT);
        String script = java.nio.file.Files.readString(cases.resolve(name + ".script"));
        String expected = java.nio.file.Files.readString(cases.resolve(name + ".expected"));
        Driver d = new Driver(script.contains("#! arch 32"), script.contains("#! setarch -R -L"), stackRlimit(script),
                script.contains("#! user nobody"));
        d.prescan(script);
        for (String line : script.split("\n")) {
            d.run(line);
        }
        java.nio.file.Path dir = java.nio.file.Path.of("target", "conformance");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve(name + ".actual"), ProcMapsOracle.normalize(d.out.toString()));
        // (the raw comparison, before known differences are masked, is in target/conformance)
        java.nio.file.Files.writeString(dir.resolve(name + ".expected"), ProcMapsOracle.normalize(expected));
        assertEquals(ProcMapsOracle.comparable(name, expected), ProcMapsOracle.comparable(name, d.out.toString()), name);
    }

    /** RLIMIT_STACK at exec: {@code #! ulimit -s N|unlimited} (KiB), else the default 8 MiB. */
    static long stackRlimit(String script) {
        for (String l : script.split("\n")) {
            String d = l.strip();
            if (d.startsWith("#! ulimit -s ")) {
                String v = d.substring("#! ulimit -s ".length()).strip();
                return v.equals("unlimited") ? ExecImage.RLIM_INFINITY : Long.parseLong(v) * 1024;
            }
        }
        return ExecImage.DEFAULT_STACK_RLIMIT;
    }

    /** The oracle's driver.c on the simulated 6.18 kernel. */
    static final class Driver {
        final StringBuilder out = new StringBuilder();
        final Machine m = Machine.x8664();
        final MmStruct parentMm;
        final UserAccess parentUa;
        /** The task the operations act on: the parent, or the child between fork and endfork. */
        MmStruct mm;
        UserAccess ua;
        final AccessResult r = new AccessResult();
        final Map<String, Long> names = new HashMap<>();
        final Map<String, FileRef> files = new HashMap<>();
        final Map<String, Integer> fds = new HashMap<>();
        final Map<String, FileRef> byPath = new HashMap<>();
        /** The driver's binary; every byte reads 0x7f, the first byte of its ELF header (case 21 reads it). */
        final FileRef exe = new FileRef(EXE, 0xfe, 0, 5523708, 0x100000, 0x7f, false, true, false, true, false);

        final boolean is32;

        Driver(boolean is32, boolean legacy) {
            this(is32, legacy, ExecImage.DEFAULT_STACK_RLIMIT, false);
        }

        /** RLIMIT_STACK {@code stack} at exec ({@code #! ulimit -s}); {@code nobody}: {@code #! user nobody}. */
        Driver(boolean is32, boolean legacy, long stack, boolean nobody) {
            this.is32 = is32;
            this.stack = stack;
            out.append(String.format("# driver: %d-bit, personality=0x%x, RLIMIT_STACK=%s, uid=%d%n", is32 ? 32 : 64,
                    legacy ? 0x240000 : 0x40000, stack == ExecImage.RLIM_INFINITY ? "unlimited" : "0x" + Long.toHexString(stack),
                    nobody ? 65534 : 0));
            mm = MmStruct.create(m.kpt, !is32, KernelVersion.V6_18);
            mm.legacyLayout = legacy;
            ua = m.access(mm);
            parentMm = mm;
            parentUa = ua;
            if (is32) {
                initialLayout32();
            } else {
                initialLayout();
            }
            if (nobody) {
                mm.capSysRawio = false;
                mm.capIpcLock = false;
            }
            this.nobody = nobody;
        }

        /** Not root: /proc/self/pagemap shows pfn 0 (the driver prints "hidden/0"). */
        private final boolean nobody;

        private final long stack;
        /** After {@code exit}: nothing more runs (in a child: until its endfork). */
        private boolean exited;

        /**
         * 50-m32-initial: driver32 at 0x08048000 (ELF header page r--, text from 0x08049000 to
         * end_code 0x80d918c, .rodata r--, the RW segment at file offset 0xc8000 with its RELRO part
         * r--, .bss to start_brk 0x81ec000, [heap] to 0x820e000) and the pages start-up touched:
         * 2 RELRO and 2 data pages copied, 9 bss pages, the heap's first page (the TLS block), 2
         * stack pages, one vDSO page.
         */
        private void initialLayout32() {
            FileRef exe32 = new FileRef(EXE32, 0xfe, 0, 5523709, 0x100000, 0x7f, false, true, false, true, false);
            mm.execLayout(new ExecImage(exe32, 0x9118c, 0x3b2d8, 0xd6d28, false, stack));
            mm.mmap(0x8048000, 0x1000, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_FIXED, exe32, 0);
            mm.mmap(0x80da000, 0x37000, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_FIXED, exe32, 0x92000);
            mm.mmap(0x8111000, 0x5000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_FIXED, exe32,
                    0xc8000);
            for (long a = 0x8111000; a < 0x8116000; a += 0x1000) {
                ua.access(a, a == 0x8113000 ? Access.READ : Access.WRITE, 0, 1, r);
            }
            mm.mprotect(0x8111000, 0x3000, Mman.PROT_READ);
            for (long a = 0x8048000; a < 0x8111000; a += 0x1000) {
                ua.access(a, Access.READ, 0, 1, r);
            }
            for (long a = 0x8116000; a < 0x811f000; a += 0x1000) {
                ua.access(a, Access.WRITE, 0, 1, r);
            }
            mm.brk(0x820e000);
            ua.access(0x81ec000, Access.WRITE, 0, 1, r);
            ua.access(0xffffd000L, Access.WRITE, 0, 1, r);
            ua.access(0xffffc000L, Access.WRITE, 0, 1, r);
            ua.access(vdso(), Access.READ, 0, 1, r); // 0xf7ffc000 in the top-down layout
            mm.startCode = 0x8049000;
            MmValidator.validate(mm);
        }

        /**
         * 00-initial-layout: ELF header page, text up to end_code 0x49b221, .rodata (a PT_LOAD of
         * its own, r--), the RW segment at file offset 0xc6000 whose RELRO part glibc mprotect()s
         * to r--, .bss up to start_brk 0x5af000, the [heap] glibc's start-up brk() made (to
         * 0x5d1000), and the pages start-up touched: 2 RELRO and 3 data pages copied, 10 bss and
         * 2 heap pages, 2 stack pages, one vDSO page (the text pages it read are not compared).
         */
        private void initialLayout() {
            mm.execLayout(new ExecImage(exe, 0x9a221, 0x312b0, 0xe1d50, true, stack));
            mm.mmap(0x49c000, 0x2b000, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_FIXED, exe, 0x9c000);
            mm.mmap(0x4c7000, 0x7000, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_FIXED, exe,
                    0xc6000);
            for (long a = 0x4c7000; a < 0x4ce000; a += 0x1000) {
                ua.access(a, a < 0x4c9000 || a >= 0x4cb000 ? Access.WRITE : Access.READ, 0, 1, r);
            }
            mm.mprotect(0x4c7000, 0x4000, Mman.PROT_READ);
            for (long a = 0x400000; a < 0x4c7000; a += 0x1000) {
                ua.access(a, Access.READ, 0, 1, r);
            }
            for (long a = 0x4ce000; a < 0x4d8000; a += 0x1000) {
                ua.access(a, Access.WRITE, 0, 1, r);
            }
            mm.brk(0x5d1000);
            ua.access(0x5af000, Access.WRITE, 0, 1, r);
            ua.access(0x5b0000, Access.WRITE, 0, 1, r);
            ua.access(0x7fffffffe000L, Access.WRITE, 0, 1, r);
            ua.access(0x7fffffffd000L, Access.WRITE, 0, 1, r);
            ua.access(vdso(), Access.READ, 0, 1, r); // 0x7ffff7ffd000 in the top-down layout
            mm.startData = 0x4c73b8;
            MmValidator.validate(mm);
        }

        /** Where the layout put [vdso] (start-up reads its first page wherever it is). */
        private long vdso() {
            for (Vma v : mm.vmas()) {
                if ("[vdso]".equals(mm.vmaName(v))) {
                    return v.vmStart();
                }
            }
            throw new IllegalStateException("no [vdso]");
        }

        /** Paths some {@code file} line of the script opens for writing (one FileRef per path: see {@link #file}). */
        final java.util.Set<String> writablePaths = new java.util.HashSet<>();

        void prescan(String script) {
            for (String l : script.split("\n")) {
                String[] t = l.strip().split("\\s+");
                if (t[0].equals("file") && t.length > 3 && !t[3].equals("ro")) {
                    writablePaths.add(t[2]);
                }
            }
        }

        void run(String raw) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            String[] t = line.split("\\s+");
            if (exited && !(t[0].equals("endfork") && mm != parentMm)) {
                return;
            }
            exited = false;
            if (t[0].equals("endfork")) {
                MmValidator.validate(mm);
                Fork.mmput(mm);
                mm = parentMm;
                ua = parentUa;
                m.access(mm); // the parent's fault path populates again
                out.append("fork: child exited status=0\n");
                return;
            }
            int mark = out.length();
            out.append("> ").append(line).append('\n');
            if (t[0].equals("fork")) {
                out.append("fork:\n");
                mm = Fork.copyMm(0, parentMm);
                ua = m.access(mm);
                return;
            }
            op(t, line);
            if (mm != parentMm) {
                String child = out.substring(mark);
                out.setLength(mark);
                for (String l : child.split("\n")) {
                    out.append("  [child] ").append(l).append('\n');
                }
            }
            MmValidator.validate(mm);
        }

        private void op(String[] t, String line) {
            switch (t[0]) {
                case "echo" -> out.append("## ").append(line.substring(5)).append('\n');
                case "mmap" -> mmap(t);
                case "munmap" -> call(String.format("munmap(0x%x, 0x%x)", ev(t[1]), ev(t[2])),
                        mm.munmap(ev(t[1]), ev(t[2])), false);
                case "mprotect" -> call(String.format("mprotect(0x%x, 0x%x, %s)", ev(t[1]), ev(t[2]), t[3]),
                        mm.mprotect(ev(t[1]), ev(t[2]), prot(t[3])), false);
                case "mremap" -> mremap(t);
                case "madvise" -> {
                    int advice = t[3].matches("\\d+") ? Integer.parseInt(t[3]) : Mman.madvise(t[3]);
                    call(String.format("madvise(0x%x, 0x%x, %s)", ev(t[1]), ev(t[2]), t[3]),
                            mm.madvise(ev(t[1]), ev(t[2]), advice), false);
                }
                case "mlock" -> call(String.format("mlock(0x%x, 0x%x)", ev(t[1]), ev(t[2])), mm.mlock(ev(t[1]), ev(t[2])),
                        false);
                case "munlock" -> call(String.format("munlock(0x%x, 0x%x)", ev(t[1]), ev(t[2])),
                        mm.munlock(ev(t[1]), ev(t[2])), false);
                case "mlock2" -> {
                    boolean onfault = t.length > 3 && t[3].equals("onfault");
                    // driver.c prints ", ONFAULT" only when the line has a flag
                    call(String.format("mlock2(0x%x, 0x%x%s)", ev(t[1]), ev(t[2]), onfault ? ", ONFAULT" : ""),
                            mm.mlock2(ev(t[1]), ev(t[2]), onfault ? Mman.MLOCK_ONFAULT : 0), false);
                }
                case "mlockall" -> {
                    int f = 0;
                    for (String s : t[1].split(",")) {
                        f |= s.equals("current") ? Mman.MCL_CURRENT : s.equals("future") ? Mman.MCL_FUTURE : Mman.MCL_ONFAULT;
                    }
                    call("mlockall(" + t[1] + ")", mm.mlockall(f), false);
                }
                case "munlockall" -> call("munlockall()", mm.munlockall(), false);
                case "msync" -> {
                    // driver.c: MS_SYNC unless the line says async or invalidate
                    int f = t.length < 4 || t[3].equals("sync") ? Mman.MS_SYNC
                            : t[3].equals("async") ? Mman.MS_ASYNC : Mman.MS_INVALIDATE;
                    call(String.format("msync(0x%x, 0x%x, %s)", ev(t[1]), ev(t[2]), t.length < 4 ? "sync" : t[3]),
                            mm.msync(ev(t[1]), ev(t[2]), f), false);
                }
                case "mincore" -> {
                    StringBuilder vec = new StringBuilder();
                    long res = mm.mincore(ev(t[1]), ev(t[2]), vec);
                    out.append(String.format("mincore(0x%x, 0x%x) = %s%n", ev(t[1]), ev(t[2]),
                            Errno.isError(res) ? "-1 " + Errno.fromResult(res).name() : "0 [" + vec + "]"));
                }
                case "touch" -> touch(t);
                case "fill" -> fill(t);
                case "brk" -> brk(t);
                case "brk-child" -> brkChild(t);
                case "file" -> file(t);
                case "dump" -> dump(t.length > 1 ? t[1] : "");
                case "status" -> {
                    out.append("status:\n");
                    for (String s : ProcSmaps.status(mm).split("\n")) {
                        out.append("  ").append(s.replace('\t', ' ')).append('\n');
                    }
                }
                case "info" -> out.append("info:\n  -\n  -\n  -\n");
                case "let" -> {
                    names.put(t[1], ev(t[2]));
                    out.append(String.format("let %s = 0x%x%n", t[1], ev(t[2])));
                }
                case "touchn" -> touchn(t);
                case "ftruncate" -> {
                    mm.truncateFile(files.get(t[1]), ev(t[2]));
                    out.append(String.format("ftruncate(%s=%d, 0x%x) = 0%n", t[1], fds.get(t[1]), ev(t[2])));
                }
                case "fork-and-dump" -> {
                    MmStruct child = Fork.copyMm(0, mm);
                    m.access(child);
                    out.append("fork-and-dump:\n");
                    StringBuilder saved = new StringBuilder(out);
                    out.setLength(0);
                    dumpOf(child, t.length > 1 ? t[1] : "", false);
                    for (String l : out.toString().split("\n")) {
                        saved.append("  [child] ").append(l).append('\n');
                    }
                    out.setLength(0);
                    out.append(saved);
                    MmValidator.validate(child);
                    Fork.mmput(child);
                    m.access(mm);
                    out.append("fork-and-dump: child exited status=0\n");
                }
                case "pagemap" -> pagemap(t);
                case "mseal" -> call(String.format("mseal(0x%x, 0x%x)", ev(t[1]), ev(t[2])), mm.mseal(ev(t[1]), ev(t[2]), 0),
                        false);
                case "close" -> out.append(String.format("close(%s=%d) = 0%n", t[1], fds.get(t[1])));
                case "exit" -> {
                    out.append("exit\n");
                    exited = true;
                }
                case "rlimit" -> {
                    long v = t[2].equals("unlimited") ? ExecImage.RLIM_INFINITY : ev(t[2]);
                    switch (t[1]) {
                        case "stack" -> mm.stackRlimit = v;
                        case "as" -> mm.rlimitAs = v;
                        case "data" -> mm.rlimitData = v;
                        default -> mm.memlockRlimit = v;
                    }
                    out.append(String.format("setrlimit(%s, %s) = 0%n", t[1], t[2]));
                }
                case "mmap-many" -> {
                    long n = ev(t[1]);
                    long len = ev(t[2]);
                    int prot = prot(t[3]);
                    int flags = mapFlags(t[4]);
                    boolean alt = t.length > 5 && t[5].equals("alt");
                    long ok = 0;
                    long first = 0;
                    long last = 0;
                    String err = "";
                    for (long i = 0; i < n; i++) {
                        long r = mm.mmap(0, len, alt && (i & 1) == 1 ? Mman.PROT_READ : prot, flags, null, 0);
                        if (Errno.isError(r)) {
                            err = ", then -1 " + Errno.fromResult(r).name();
                            break;
                        }
                        first = ok++ == 0 ? r : first;
                        last = r;
                    }
                    out.append(String.format("mmap-many(%d x 0x%x, %s, %s%s) = %d ok, first=0x%x last=0x%x%s%n", n, len,
                            t[3], t[4], alt ? ", alt" : "", ok, first, last, err));
                }
                default -> throw new IllegalArgumentException("operation not replayed: " + line);
            }
        }

        private void touchn(String[] t) {
            long a = ev(t[1]);
            long n = ev(t[2]);
            Access acc = t[3].equals("w") ? Access.WRITE : Access.READ;
            long val = t.length > 4 ? ev(t[4]) : 1;
            for (long i = 0; i < n; i++) {
                if (!ua.access(a + (i << 12), acc, val, 1, r)) {
                    out.append(String.format("touchn(0x%x, %d pages, %s) [after %d pages ok] = %s%n", a, n, t[3], i,
                            fault()));
                    return;
                }
            }
            out.append(String.format("touchn(0x%x, %d pages, %s) = ok%n", a, n, t[3]));
        }

        /**
         * /proc/self/pagemap as the driver prints it: present, swapped, bit 61 (file page or shared
         * anonymous), bit 56 (exclusively mapped: mapcount 1), and whether the pfn is the zero page.
         */
        private void pagemap(String[] t) {
            long a = ev(t[1]);
            long n = t.length > 2 ? ev(t[2]) : 1;
            out.append(String.format("pagemap(0x%x, %d pages):%n", a, n));
            for (long i = 0; i < n; i++) {
                long va = a + (i << 12);
                // fs/proc/task_mmu.c pte_to_pagemap_entry(), as the runtime builds it (the zero page: no PM_FILE)
                long e = ProcPagemap.entry(mm, va, !nobody);
                boolean present = (e & ProcPagemap.PM_PRESENT) != 0;
                String pfn = "-";
                if (present) {
                    pfn = nobody ? "hidden/0" : mm.isZeroPfn(e & ProcPagemap.PM_PFRAME_MASK) ? "zero-page" : "page";
                }
                out.append(String.format("  pagemap 0x%x: present=%d swapped=%d file_or_shanon=%d exclusive=%d pfn=%s%n",
                        va, present ? 1 : 0, (e & ProcPagemap.PM_SWAP) != 0 ? 1 : 0, (e & ProcPagemap.PM_FILE) != 0 ? 1 : 0,
                        (e & ProcPagemap.PM_MMAP_EXCLUSIVE) != 0 ? 1 : 0, pfn));
            }
        }

        private void call(String text, long res, boolean pointer) {
            out.append(text).append(" = ").append(res(res, pointer)).append('\n');
        }

        private static String res(long res, boolean pointer) {
            if (Errno.isError(res)) {
                return "-1 " + Errno.fromResult(res).name();
            }
            return pointer ? "0x" + Long.toHexString(res) : Long.toString(res);
        }

        private void mmap(String[] t) {
            long addr = ev(t[2]);
            long len = ev(t[3]);
            int prot = prot(t[4]);
            int flags = mapFlags(t[5]);
            FileRef file = null;
            int fd = -1;
            long off = 0;
            if (t.length > 6 && !t[6].equals("-1")) {
                file = files.get(t[6]);
                fd = fds.get(t[6]);
                off = ev(t[7]);
            }
            long res = mm.mmap(addr, len, prot, flags, file, off);
            out.append(String.format("mmap(0x%x, 0x%x, %s, %s, fd=%d, off=0x%x) = %s%n", addr, len, t[4], t[5], fd, off,
                    res(res, true)));
            if (!Errno.isError(res) && !t[1].equals("-")) {
                names.put(t[1], res);
            }
        }

        private static int mapFlags(String list) {
            int flags = 0;
            for (String f : list.split(",")) {
                flags |= switch (f) {
                    case "private" -> Mman.MAP_PRIVATE;
                    case "shared" -> Mman.MAP_SHARED;
                    case "shared_validate" -> Mman.MAP_SHARED_VALIDATE;
                    case "anon" -> Mman.MAP_ANONYMOUS;
                    case "fixed" -> Mman.MAP_FIXED;
                    case "fixed_noreplace" -> Mman.MAP_FIXED_NOREPLACE;
                    case "noreserve" -> Mman.MAP_NORESERVE;
                    case "populate" -> Mman.MAP_POPULATE;
                    case "growsdown" -> Mman.MAP_GROWSDOWN;
                    case "stack" -> Mman.MAP_STACK;
                    case "locked" -> Mman.MAP_LOCKED;
                    case "nonblock" -> Mman.MAP_NONBLOCK;
                    case "hugetlb" -> Mman.MAP_HUGETLB;
                    case "sync" -> Mman.MAP_SYNC;
                    case "32bit" -> Mman.MAP_32BIT;
                    default -> (int) Long.decode(f).longValue();
                };
            }
            return flags;
        }

        private void mremap(String[] t) {
            long old = ev(t[2]);
            long oldLen = ev(t[3]);
            long newLen = ev(t[4]);
            int flags = 0;
            long newAddr = 0;
            List<String> fl = new ArrayList<>();
            for (int i = 5; i < t.length; i++) {
                if (t[i].equals("maymove")) {
                    flags |= Mman.MREMAP_MAYMOVE;
                    fl.add("MAYMOVE");
                } else if (t[i].equals("fixed")) {
                    flags |= Mman.MREMAP_FIXED;
                    newAddr = ev(t[++i]);
                    fl.add("FIXED");
                } else if (t[i].equals("dontunmap")) {
                    flags |= Mman.MREMAP_DONTUNMAP;
                    fl.add("DONTUNMAP");
                }
            }
            long res = mm.mremap(old, oldLen, newLen, flags, newAddr);
            out.append(String.format("mremap(0x%x, 0x%x, 0x%x, %s, 0x%x) = %s%n", old, oldLen, newLen,
                    fl.isEmpty() ? "0" : String.join("|", fl), newAddr, res(res, true)));
            if (!Errno.isError(res)) {
                names.put(t[1], res);
            }
        }

        private void touch(String[] t) {
            long a = ev(t[1]);
            String kind = t[2];
            long val = t.length > 3 ? ev(t[3]) : 1;
            Access acc = kind.equals("r") ? Access.READ : kind.equals("w") ? Access.WRITE : Access.EXEC;
            boolean ok = ua.access(a, acc, val, 1, r);
            String what;
            if (!ok) {
                what = fault();
            } else if (acc == Access.READ) {
                what = String.format("ok value=0x%02x", r.value);
            } else if (acc == Access.WRITE) {
                what = String.format("ok wrote=0x%02x", val & 0xff);
            } else if (r.value == 0xc3) {
                what = "ok returned";
            } else {
                // The driver calls ADDR: bytes 00 00 are "add %al,(%rax)" with rax = ADDR, a store
                // to ADDR (on a --x page: SEGV_ACCERR at ADDR, as case 21 shows).
                what = ua.access(a, Access.WRITE, 0, 1, r) ? "ok returned" : fault();
            }
            out.append(String.format("touch(0x%x, %s) = %s%n", a, kind, what));
        }

        private String fault() {
            return String.format("FAULT %s %s addr=0x%x", r.signal, r.siCode, r.faultAddr);
        }

        private void fill(String[] t) {
            long a = ev(t[1]);
            long len = ev(t[2]);
            long b = ev(t[3]) & 0xff;
            String what = "ok";
            for (long i = 0; i < len; i++) {
                if (!ua.access(a + i, Access.WRITE, b, 1, r)) {
                    what = fault();
                    break;
                }
            }
            out.append(String.format("fill(0x%x, 0x%x, 0x%x) = %s%n", a, len, b, what));
        }

        private void brk(String[] t) {
            long was = mm.brk;
            long want = t[1].startsWith("+") ? was + ev(t[1].substring(1))
                    : t[1].startsWith("-") && t[1].length() > 1 ? was - ev(t[1].substring(1)) : ev(t[1]);
            long res = mm.brk(want);
            out.append(String.format("brk(0x%x) = 0x%x (was 0x%x)%s%n", want, res, was, res != want ? " [refused]" : ""));
        }

        /** brk in a forked child: fork (dup_mm), brk there, dump its maps, exit (mmput). */
        private void brkChild(String[] t) {
            long want = ev(t[1]);
            MmStruct child = Fork.copyMm(0, mm);
            long res = child.brk(want);
            out.append("brk-child:\n");
            out.append(String.format("  [child] brk(0x%x) = 0x%x%n", want, res));
            out.append("  [child] dump:\n");
            for (String s : ProcMaps.render(child, true).split("\n")) {
                out.append("  [child]   ").append(s).append('\n');
            }
            MmValidator.validate(child);
            Fork.mmput(child);
            out.append("brk-child: child exited status=0\n");
        }

        private void file(String[] t) {
            if (t[2].startsWith("memfd:")) {
                FileRef f = new FileRef("/memfd:" + t[2].substring(6) + " (deleted)", 0, 1, 2000 + files.size(), ev(t[3]), 0,
                        false, true, true, true, true);
                f.fdGet();
                int fd = 3 + files.size();
                files.put(t[1], f);
                fds.put(t[1], fd);
                out.append(String.format("file %s = open(%s, %s) = fd %d (dev=00:01 ino=%d size=%d)%n", t[1], t[2], t[3], fd,
                        f.inode, f.sizeBytes()));
                return;
            }
            String path = t[2];
            long size = path.endsWith("/f8") ? 8 * 4096 : path.endsWith("/f6000") ? 6000 : path.endsWith("/f2") ? 8192
                    : 4L << 20;
            boolean letters = path.endsWith("/f8");
            int fill = path.endsWith("/f6000") ? 'a' : path.endsWith("/f4m") ? 'Z' : 0;
            // One FileRef per path, so two opens share the inode's page cache; the model's FileRef is
            // also the open file, so it is writable when any open of the path in the script is.
            FileRef f = byPath.computeIfAbsent(path, k -> new FileRef(k, 0xfe, 0, 1000 + byPath.size(), size, fill,
                    letters, true, writablePaths.contains(k), true, false));
            int fd = 3 + files.size();
            files.put(t[1], f);
            fds.put(t[1], fd);
            out.append(String.format("file %s = open(%s, %s) = fd %d (dev=fe:00 ino=%d size=%d)%n", t[1], path, t[3], fd,
                    f.inode, size));
        }

        private void dump(String kind) {
            dumpOf(mm, kind, true);
        }

        private void dumpOf(MmStruct mm, String kind, boolean header) {
            String maps = ProcMaps.render(mm, true);
            if (kind.equals("count")) {
                out.append("dump count = ").append(maps.split("\n").length).append('\n');
                return;
            }
            if (header) {
                out.append(kind.equals("smaps") ? "dump smaps:\n" : "dump:\n");
            }
            String[] lines = maps.split("\n");
            for (int i = 0; i < lines.length; i++) {
                out.append("  ").append(lines[i]).append('\n');
                if (kind.equals("smaps")) {
                    ProcSmaps.Stats s = i < mm.mapCount() ? ProcSmaps.stats(mm, mm.vmaAt(i)) : new ProcSmaps.Stats();
                    String flags = i < mm.mapCount() ? mm.vmaAt(i).vmFlagsMnemonics() : "ex ";
                    out.append(String.format("      Rss=%d ShClean=%d ShDirty=%d PrivClean=%d PrivDirty=%d Anon=%d "
                            + "Swap=%d Locked=%d VmFlags: %s%n", s.resident >> 10, s.sharedClean >> 10,
                            s.sharedDirty >> 10, s.privateClean >> 10, s.privateDirty >> 10, s.anonymous >> 10,
                            s.swap >> 10, ((long) s.pssLocked) >> 10, flags));
                }
            }
        }

        private static int prot(String p) {
            if (p.startsWith("0x")) {
                return (int) Long.parseLong(p.substring(2), 16);
            }
            int v = 0;
            String base = p.split("\\+")[0];
            v |= base.indexOf('r') >= 0 ? Mman.PROT_READ : 0;
            v |= base.indexOf('w') >= 0 ? Mman.PROT_WRITE : 0;
            v |= base.indexOf('x') >= 0 ? Mman.PROT_EXEC : 0;
            if (p.contains("+growsdown")) {
                v |= Mman.PROT_GROWSDOWN;
            }
            if (p.contains("+growsup")) {
                v |= Mman.PROT_GROWSUP;
            }
            return v;
        }

        /** TERM(+TERM|-TERM)* of the driver's expression syntax. */
        long ev(String e) {
            if (e.equals("-")) {
                return 0;
            }
            long sum = 0;
            int i = 0;
            int sign = 1;
            if (e.startsWith("-")) {
                sign = -1;
                i = 1;
            }
            int start = i;
            for (; i <= e.length(); i++) {
                if (i == e.length() || (i > start && (e.charAt(i) == '+' || e.charAt(i) == '-'))) {
                    sum += sign * term(e.substring(start, i));
                    if (i < e.length()) {
                        sign = e.charAt(i) == '+' ? 1 : -1;
                    }
                    start = i + 1;
                }
            }
            return sum;
        }

        private long term(String t) {
            if (t.equals("brk")) {
                return mm.brk;
            }
            if (t.equals("start_brk")) {
                return mm.startBrk;
            }
            if (t.startsWith("@vsyscall")) {
                return MmStruct.vsyscallAddr() + (t.endsWith("_end") ? 4096 : 0);
            }
            if (t.startsWith("@")) {
                boolean end = t.endsWith("_end");
                String n = "[" + (end ? t.substring(1, t.length() - 4) : t.substring(1)) + "]";
                for (Vma v : mm.vmas()) {
                    boolean match = t.startsWith("@exe") ? v.file() == exe : n.equals(mm.vmaName(v));
                    if (match) {
                        return end ? v.vmEnd() : v.vmStart();
                    }
                }
                throw new IllegalArgumentException("no VMA " + t);
            }
            if (names.containsKey(t)) {
                return names.get(t);
            }
            long mult = 1;
            char last = t.charAt(t.length() - 1);
            if (!t.startsWith("0x") || "kmgp".indexOf(last) >= 0 && !t.matches("0x[0-9a-fA-F]+")) {
                switch (last) {
                    case 'k' -> mult = 1024;
                    case 'm' -> mult = 1L << 20;
                    case 'g' -> mult = 1L << 30;
                    case 'p' -> mult = 4096;
                    default -> mult = 1;
                }
                if (mult != 1) {
                    t = t.substring(0, t.length() - 1);
                }
            }
            return Long.parseUnsignedLong(t.startsWith("0x") ? t.substring(2) : t, t.startsWith("0x") ? 16 : 10) * mult;
        }
    }
}
