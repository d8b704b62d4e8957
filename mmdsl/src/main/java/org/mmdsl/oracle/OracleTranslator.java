package org.mmdsl.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.MapFlag;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.MremapFlag;
import org.mmdsl.runtime.uapi.Mman;
import org.mmdsl.runtime.uapi.MsyncFlag;
import org.mmdsl.runtime.vma.Madvise;
import org.mmdsl.runtime.vma.MmStruct;
import org.mmdsl.runtime.vma.Mprotect;
import org.mmdsl.runtime.vma.Mremap;
import org.mmdsl.validation.KernelArgumentChecks;

/**
 * Translates a script of the proc-maps oracle's driver (shared/conformance/proc-maps, README "Script
 * language") into an mmdsl scenario on the 6.18 x86_64 model: the machine, the driver's binary and the
 * fixture files, the process in the layout the static driver has after execve() and glibc's start-up
 * (00-initial-layout, 50-m32-initial), then each script line as one or more statements, preceded by a
 * {@code // > LINE} comment that {@link OracleRenderer} uses to print the run in the driver's format.
 *
 * <p>When the recorded output ({@code NAME.expected}) is given, its results become expectations
 * ({@code expect address}, {@code expect errno}, {@code expect fault}), so the scenario checks itself, and
 * a name a failed call did not bind keeps its earlier value, as in the driver. Without it every call is
 * taken to succeed.
 *
 * <p>What mmdsl cannot say is an {@link IllegalArgumentException} naming the script line: an offset,
 * a count or a size that is not a constant, an operation the driver does not have.
 */
public final class OracleTranslator {

    /** The driver's binaries and the fixture files run_cases.sh writes (README "Regenerating"). */
    static final String EXE64 = "/opt/oracle/bin/driver64";
    static final String EXE32 = "/opt/oracle/bin/driver32";

    private final StringBuilder out = new StringBuilder();
    /** Driver name → the mmdsl handle now bound to it. */
    private final Map<String, String> names = new HashMap<>();
    /** How many handles each driver name has had (A, A_2, A_3 ...). */
    private final Map<String, Integer> generations = new HashMap<>();
    /** Driver file name → mmdsl handle of its open. */
    private final Map<String, String> files = new HashMap<>();
    private final List<String> lines;
    private final ExpectedOutput expected;
    private boolean is32;
    private String exe;
    private int forks;

    private OracleTranslator(String script, String expectedOutput) {
        this.lines = List.of(script.replace("\r", "").split("\n", -1));
        this.expected = expectedOutput == null ? null : new ExpectedOutput(expectedOutput);
    }

    /**
     * The scenario for {@code script}; {@code expectedOutput} (the recorded output) may be null.
     *
     * @throws IllegalArgumentException naming the line, for what mmdsl cannot express
     */
    public static String translate(String script, String expectedOutput) {
        return new OracleTranslator(script, expectedOutput).scenario();
    }

    private String scenario() {
        boolean legacy = false;
        String stack = null;
        boolean nobody = false;
        Map<String, String> opened = new LinkedHashMap<>();
        for (String raw : lines) {
            String l = raw.strip();
            if (l.startsWith("#!")) {
                String d = l.substring(2).strip();
                if (d.equals("arch 32")) {
                    is32 = true;
                } else if (d.startsWith("setarch") && d.contains("-L")) {
                    legacy = true;
                } else if (d.startsWith("ulimit -s ")) {
                    String v = d.substring("ulimit -s ".length()).strip();
                    stack = v.equals("unlimited") ? "unlimited" : hex(Long.parseLong(v) * 1024);
                } else if (d.equals("user nobody")) {
                    nobody = true;
                }
            }
            String[] t = tokens(raw);
            if (t.length > 2 && t[0].equals("file") && !t[2].startsWith("memfd:")) {
                opened.putIfAbsent(t[2], t[2]);
            }
        }
        exe = is32 ? EXE32 : EXE64;
        out.append("// The proc-maps oracle's driver").append(is32 ? "32" : "64")
                .append(" on the recorded kernel (shared/conformance/proc-maps),\n")
                .append("// translated by `mmdsl import-oracle`; `mmdsl run --oracle` prints the run as the driver does.\n");
        out.append("boot ram 1GB arch x86_64 kernel 6.18\n\n");
        out.append("file \"").append(exe).append("\" size 1MB fill 0x7f\n");
        for (String path : opened.keySet()) {
            String fixture = fixture(path);
            if (fixture != null) {
                out.append("file \"").append(path).append("\" ").append(fixture).append('\n');
            }
        }
        out.append("\nprocess driver <\n");
        initialLayout(legacy, stack);
        if (nobody) {
            out.append("  setuid 65534\n");
        }
        block(0, lines.size(), "  ");
        out.append(">\n");
        return out.toString();
    }

    /** The fixture files of run_cases.sh: size and contents. */
    private static String fixture(String path) {
        if (path.endsWith("/f8")) {
            return "size 32KB letters";
        }
        if (path.endsWith("/f6000")) {
            return "size 6000 fill 0x61";
        }
        if (path.endsWith("/f2")) {
            return "size 8KB";
        }
        if (path.endsWith("/f4m")) {
            return "size 4MB fill 0x5a";
        }
        return null;
    }

    /**
     * The driver right after execve() and glibc's start-up: the ELF segments (.rodata and the RW segment
     * mapped over the image at their file offsets, RELRO made read-only), the pages start-up touched,
     * the [heap] its brk() made (00-initial-layout, 50-m32-initial).
     */
    private void initialLayout(boolean legacy, String stack) {
        String opts = (is32 ? " ia32" : "") + (legacy ? " legacy" : "") + (stack == null ? "" : " stack " + stack);
        String f = "file \"" + exe + "\"";
        out.append("  // the static driver after execve() and glibc's start-up\n");
        if (!is32) {
            out.append("  exec \"").append(exe).append("\" text 0x9a221 data 0x312b0 bss 0xe1d50").append(opts).append('\n');
            out.append("  mmap at 0x49c000 0x2b000 r-- private ").append(f).append(" offset 0x9c000 fixed\n");
            out.append("  mmap at 0x4c7000 0x7000 rw- private ").append(f).append(" offset 0xc6000 fixed\n");
            for (long a = 0x4c7000; a < 0x4ce000; a += PagingMode.PAGE_SIZE) {
                out.append(a < 0x4c9000 || a >= 0x4cb000 ? "  write byte " + hex(a) + " value 0\n" : "  read byte " + hex(a) + "\n");
            }
            out.append("  mprotect 0x4c7000 0x4000 r--\n");
            out.append("  read byte 0x400000 for 0xc7000\n");
            out.append("  write byte 0x4ce000 for 0xa000 value 0\n");
            out.append("  brk 0x5d1000\n");
            out.append("  write byte 0x5af000 value 0\n  write byte 0x5b0000 value 0\n");
            out.append("  write byte 0x7fffffffe000 value 0\n  write byte 0x7fffffffd000 value 0\n");
            out.append("  read byte vma_start \"[vdso]\"\n"); // wherever the layout put it (0x7ffff7ffd000 top-down)
        } else {
            out.append("  exec \"").append(exe).append("\" text 0x9018c data 0x3b2d8 bss 0xd6d28").append(opts).append('\n');
            out.append("  mmap at 0x80da000 0x37000 r-- private ").append(f).append(" offset 0x92000 fixed\n");
            out.append("  mmap at 0x8111000 0x5000 rw- private ").append(f).append(" offset 0xc8000 fixed\n");
            for (long a = 0x8111000; a < 0x8116000; a += PagingMode.PAGE_SIZE) {
                out.append(a == 0x8113000 ? "  read byte " + hex(a) + "\n" : "  write byte " + hex(a) + " value 0\n");
            }
            out.append("  mprotect 0x8111000 0x3000 r--\n");
            out.append("  read byte 0x8048000 for 0xc9000\n");
            out.append("  write byte 0x8116000 for 0x9000 value 0\n");
            out.append("  brk 0x820e000\n");
            out.append("  write byte 0x81ec000 value 0\n");
            out.append("  write byte 0xffffd000 value 0\n  write byte 0xffffc000 value 0\n");
            out.append("  read byte vma_start \"[vdso]\"\n"); // 0xf7ffc000 top-down
        }
    }

    /** Translates lines [from, to) at {@code indent}. */
    private void block(int from, int to, String indent) {
        for (int i = from; i < to; i++) {
            String raw = lines.get(i);
            String[] t = tokens(raw);
            if (t.length == 0) {
                continue;
            }
            String echo = raw.stripLeading();
            out.append('\n').append(indent).append("// > ").append(echo).append('\n');
            if (t[0].equals("fork")) {
                int end = findEndfork(i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException(where(i) + "fork without endfork");
                }
                out.append(indent).append("fork child").append(++forks).append(" <\n");
                // the child's names and files are its own: the parent does not see what it binds
                Map<String, String> parentNames = new HashMap<>(names);
                Map<String, String> parentFiles = new HashMap<>(files);
                block(i + 1, end, indent + "  "); // stops at the child's exit
                names.clear();
                names.putAll(parentNames);
                files.clear();
                files.putAll(parentFiles);
                out.append(indent).append(">\n");
                i = end;
                continue;
            }
            line(i, t, indent);
            if (t[0].equals("exit")) {
                return; // the driver _exit()s: nothing after it runs
            }
        }
    }

    private int findEndfork(int from) {
        int depth = 0;
        for (int i = from; i < lines.size(); i++) {
            String[] t = tokens(lines.get(i));
            if (t.length > 0 && t[0].equals("fork")) {
                depth++;
            } else if (t.length > 0 && t[0].equals("endfork")) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    static String[] tokens(String raw) {
        List<String> t = new ArrayList<>();
        for (String s : raw.strip().split("[ \t]+")) {
            if (s.startsWith("#")) {
                break;
            }
            if (!s.isEmpty()) {
                t.add(s);
            }
        }
        return t.toArray(new String[0]);
    }

    private void line(int i, String[] t, String ind) {
        String op = t[0];
        ExpectedOutput.Result res = expected == null ? null : expected.next(lines.get(i).stripLeading());
        if (res != null && res.errno() == null && res.fault() == null && res.address() == null && res.value() == null) {
            res = null;
        }
        StringBuilder s = new StringBuilder(ind);
        switch (op) {
            case "echo", "endfork" -> {
                return;
            }
            case "mmap" -> mmap(i, t, s, res);
            case "mmap-many" -> {
                long n = constant(i, arg(t, 1));
                boolean alt = t.length > 5 && t[5].equals("alt");
                String one = "mmap " + count(i, arg(t, 2)) + " " + prot(arg(t, 3)) + mapFlags(i, arg(t, 4));
                String alternate = "mmap " + count(i, arg(t, 2)) + " r--" + mapFlags(i, arg(t, 4));
                s.append("repeat ").append(alt ? n / 2 : n).append(" <\n").append(ind).append("  ").append(one);
                if (alt) {
                    s.append('\n').append(ind).append("  ").append(alternate);
                }
                s.append('\n').append(ind).append('>');
                if (alt && n % 2 == 1) {
                    s.append('\n').append(ind).append(one);
                }
            }
            case "munmap" -> s.append("munmap ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)));
            case "mprotect" -> s.append("mprotect ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)))
                    .append(' ').append(prot(arg(t, 3)));
            case "mremap" -> {
                s.append("mremap ").append(bind(t[1], res)).append(' ').append(expr(i, arg(t, 2))).append(' ')
                        .append(len(i, arg(t, 3))).append(' ').append(len(i, arg(t, 4)));
                long bits = 0;
                boolean maymove = false;
                boolean dontunmap = false;
                String fixedAt = null;
                for (int k = 5; k < t.length; k++) {
                    MremapFlag f = MremapFlag.byWord(t[k]);
                    if (f == MremapFlag.MAYMOVE) {
                        maymove = true;
                    } else if (f == MremapFlag.FIXED) {
                        fixedAt = expr(i, arg(t, ++k));
                    } else if (f == MremapFlag.DONTUNMAP) {
                        dontunmap = true;
                    } else if (!t[k].startsWith("0x")) {
                        throw new IllegalArgumentException(where(i) + "unknown mremap flag " + t[k]);
                    } else {
                        bits |= constant(i, t[k]);
                    }
                }
                s.append(maymove ? " maymove" : "").append(fixedAt != null ? " fixed at " + fixedAt : "")
                        .append(dontunmap ? " dontunmap" : "").append(bits != 0 ? " bits " + hex(bits) : "");
            }
            case "brk" -> {
                String a = arg(t, 1);
                if (a.startsWith("+") || a.startsWith("-") && a.length() > 1) {
                    s.append("brk ").append(a.charAt(0)).append(expr(i, a.substring(1)));
                } else {
                    s.append("brk ").append(expr(i, a));
                }
            }
            case "brk-child" -> {
                s.append("fork child").append(++forks).append(" <\n").append(ind).append("  brk ").append(expr(i, arg(t, 1)))
                        .append('\n').append(ind).append("  show maps\n").append(ind).append(">");
            }
            case "madvise" -> s.append("madvise ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)))
                    .append(' ').append(arg(t, 3).toLowerCase(Locale.ROOT));
            case "touch" -> {
                String a = expr(i, arg(t, 1));
                switch (arg(t, 2)) {
                    case "r" -> s.append("read byte ").append(a);
                    case "w" -> s.append("write byte ").append(a).append(" value ")
                            .append(t.length > 3 ? expr(i, t[3]) : "0x1");
                    default -> s.append("call ").append(a);
                }
            }
            case "touchn" -> {
                long n = constant(i, arg(t, 2));
                s.append(arg(t, 3).equals("w") ? "write byte " : "read byte ").append(expr(i, arg(t, 1))).append(" for ")
                        .append(n).append(n == 1 ? " page" : " pages");
                if (arg(t, 3).equals("w")) {
                    s.append(" value ").append(t.length > 4 ? expr(i, t[4]) : "0x1");
                }
            }
            case "fill" -> s.append("write byte ").append(expr(i, arg(t, 1))).append(" for ").append(count(i, arg(t, 2)))
                    .append(" stride 1 value ").append(hex(constant(i, arg(t, 3)) & 0xff));
            case "mlock", "munlock" -> s.append(op).append(' ').append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)));
            case "mlock2" -> s.append("mlock2 ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)))
                    .append(t.length > 3 ? " onfault" : "");
            case "mlockall" -> {
                s.append("mlockall");
                for (String f : (t.length > 1 ? t[1] : "").split(",")) {
                    if (!f.isEmpty()) {
                        s.append(' ').append(f);
                    }
                }
            }
            case "munlockall" -> s.append("munlockall");
            case "mseal" -> s.append("mseal ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)));
            case "msync" -> s.append("msync ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2))).append(' ')
                    .append(t.length > 3 && MsyncFlag.byWord(t[3]) != null ? t[3] : MsyncFlag.SYNC.word());
            case "mincore" -> s.append("mincore ").append(expr(i, arg(t, 1))).append(' ').append(len(i, arg(t, 2)));
            case "pagemap" -> {
                long n = t.length > 2 ? constant(i, t[2]) : 1;
                s.append("show pagemap ").append(expr(i, arg(t, 1))).append(" for ").append(n).append(n == 1 ? " page" : " pages");
            }
            case "file" -> {
                String h = handle(t[1]);
                files.put(t[1], h);
                if (arg(t, 2).startsWith("memfd:")) {
                    s.append("memfd_create ").append(h).append(" \"").append(t[2].substring(6)).append("\" ")
                            .append(count(i, arg(t, 3)));
                } else {
                    String mode = switch (arg(t, 3)) {
                        case "rw" -> "O_RDWR";
                        case "wo" -> "O_WRONLY";
                        default -> "O_RDONLY";
                    };
                    s.append("open ").append(h).append(" \"").append(t[2]).append("\" ").append(mode);
                }
            }
            case "ftruncate" -> s.append("ftruncate ").append(fd(i, arg(t, 1))).append(' ').append(expr(i, arg(t, 2)));
            case "close" -> s.append("close ").append(fd(i, arg(t, 1)));
            case "rlimit" -> {
                s.append("setrlimit RLIMIT_").append(arg(t, 1).toUpperCase(Locale.ROOT)).append(' ');
                s.append(arg(t, 2).equals("unlimited") ? "unlimited" : count(i, t[2]));
            }
            case "fork-and-dump" -> s.append("fork child").append(++forks).append(" <\n").append(ind).append("  show ")
                    .append(t.length > 1 && t[1].equals("smaps") ? "smaps" : "maps").append('\n').append(ind).append(">");
            case "dump" -> s.append(t.length > 1 && t[1].equals("smaps") ? "show smaps" : "show maps");
            case "status" -> s.append("show status");
            case "info" -> s.append("show stat");
            case "let" -> {
                String value = expr(i, arg(t, 2));
                s.append("let ").append(bindAlways(t[1])).append(" = ").append(value);
            }
            case "exit" -> s.append("exit");
            default -> throw new IllegalArgumentException(where(i) + "mmdsl has no translation for '" + op + "'");
        }
        if (res == null && expected == null) {
            String errno = staticErrno(t);
            if (errno != null) {
                res = new ExpectedOutput.Result(errno, null, null, null);
            }
        }
        expectations(s, op, res, ind);
        out.append(s).append('\n');
    }

    /**
     * Without a recording: the errno of a call whose failure is known before it runs, so the scenario
     * states it and validates. The errno is the runtime's argument checks' ({@link KernelArgumentChecks}:
     * Mmap.checkMmap, Mmap.checkMunmap, Mprotect.checkMprotect, Mremap.checkMremap,
     * Madvise.checkMadvise) on the 6.18 x86_64 model's TASK_SIZE (a 32-bit task's under {@code #! arch 32}): of the whole call when every
     * argument is a constant, else of the first argument that is a constant and that the validators
     * judge (the same one-argument checks). Null when the call may succeed.
     */
    private String staticErrno(String[] t) {
        long taskSize = is32 ? MmStruct.TASK_SIZE_COMPAT : MmStruct.TASK_SIZE_64;
        long r;
        switch (t[0]) {
            case "mmap" -> {
                if (t.length < 6) {
                    return null;
                }
                Long addr = constantOrNull(t[2]);
                Long len = constantOrNull(t[3]);
                Long off = t.length > 7 ? constantOrNull(t[7]) : Long.valueOf(0);
                int flags = 0;
                for (String f : t[5].split(",")) {
                    MapType type = MapType.byWord(f);
                    MapFlag flag = MapFlag.byWord(f);
                    Long bits = f.startsWith("0x") ? constantOrNull(f) : null;
                    flags |= type != null ? (int) type.value() : flag != null ? (int) flag.value()
                            : bits != null ? bits.intValue() : 0;
                }
                boolean anon = (flags & Mman.MAP_ANONYMOUS) != 0;
                if (addr != null && len != null && off != null && ((flags & Mman.MAP_SYNC) == 0 || anon)) {
                    r = org.mmdsl.runtime.vma.Mmap.checkMmap(addr, len, flags, off, taskSize, false);
                } else {
                    r = first(off == null ? 0 : org.mmdsl.runtime.vma.Mmap.checkMmapOffset(off),
                            len == null ? 0 : KernelArgumentChecks.mmapLength(len, taskSize),
                            (flags & Mman.MAP_TYPE) == 0 ? KernelArgumentChecks.mmapType(flags, !anon) : 0,
                            addr == null || (flags & (Mman.MAP_FIXED | Mman.MAP_FIXED_NOREPLACE)) == 0 ? 0
                                    : KernelArgumentChecks.mmapFixedAddress(addr, taskSize));
                }
            }
            case "munmap", "mprotect" -> {
                Long addr = constantOrNull(arg(t, 1));
                Long len = constantOrNull(arg(t, 2));
                boolean munmap = t[0].equals("munmap");
                if (addr != null && len != null) {
                    r = munmap ? org.mmdsl.runtime.vma.Mmap.checkMunmap(addr, len, taskSize)
                            : Mprotect.checkMprotect(addr, len, protBits(arg(t, 3)));
                } else {
                    r = first(addr == null || PagingMode.pageAlignDown(addr) == addr ? 0
                            : munmap ? KernelArgumentChecks.munmapAddress(addr, taskSize)
                                    : KernelArgumentChecks.mprotectAddress(addr),
                            len == null ? 0 : munmap ? KernelArgumentChecks.munmapLength(len, taskSize)
                                    : KernelArgumentChecks.mprotectLength(len, taskSize));
                }
                if (r == 0 && !munmap && len != null && Long.compareUnsigned(len, taskSize) > 0) {
                    r = Errno.ENOMEM.asResult(); // no VMA reaches that far: the VMA walk's ENOMEM
                }
            }
            case "mremap" -> {
                Long addr = constantOrNull(arg(t, 2));
                Long oldLen = constantOrNull(arg(t, 3));
                Long newLen = constantOrNull(arg(t, 4));
                int flags = 0;
                Long newAddr = 0L;
                for (int k = 5; k < t.length; k++) {
                    MremapFlag f = MremapFlag.byWord(t[k]);
                    if (f != null) {
                        flags |= (int) f.value();
                        if (f == MremapFlag.FIXED) {
                            newAddr = constantOrNull(arg(t, ++k));
                        }
                    } else if (t[k].startsWith("0x") && constantOrNull(t[k]) != null) {
                        flags |= constantOrNull(t[k]).intValue();
                    }
                }
                if (addr != null && oldLen != null && newLen != null && newAddr != null) {
                    r = Mremap.checkMremap(addr, oldLen, newLen, flags, newAddr, taskSize);
                } else {
                    long page = PagingMode.PAGE_SIZE;
                    int dontunmap = Mman.MREMAP_DONTUNMAP | Mman.MREMAP_MAYMOVE;
                    r = first(addr == null ? 0 : KernelArgumentChecks.mremapAddress(addr, taskSize),
                            newLen == null ? 0 : KernelArgumentChecks.mremapNewLength(newLen, taskSize),
                            KernelArgumentChecks.mremapFlags(flags, page, page, taskSize),
                            (flags & Mman.MREMAP_DONTUNMAP) == 0 || oldLen == null || newLen == null ? 0
                                    : KernelArgumentChecks.mremapFlags(dontunmap, oldLen, newLen, taskSize));
                }
            }
            case "madvise" -> {
                String a = arg(t, 3).toLowerCase(Locale.ROOT);
                int advice = a.matches("[0-9]+") ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(a)) : Mman.madvise(a);
                Long addr = constantOrNull(arg(t, 1));
                Long len = constantOrNull(arg(t, 2));
                r = Madvise.checkMadvise(addr == null || len == null ? 0 : addr, addr == null || len == null ? 0 : len,
                        advice, KernelVersion.V6_18);
            }
            default -> {
                return null;
            }
        }
        return r == 0 ? null : Errno.fromResult(r).name();
    }

    /** The first of the checks' results that is an errno, in the kernel's order; 0 when all pass. */
    private static long first(long... results) {
        for (long r : results) {
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /** The PROT_ bits of the driver's prot word (rw-, r-x+growsdown, 0x7). */
    private static int protBits(String p) {
        if (p.startsWith("0x")) {
            Long v = constantOrNull(p);
            return v == null ? 0 : v.intValue();
        }
        String base = p.split("\\+")[0];
        return (base.indexOf('r') >= 0 ? Mman.PROT_READ : 0) | (base.indexOf('w') >= 0 ? Mman.PROT_WRITE : 0)
                | (base.indexOf('x') >= 0 ? Mman.PROT_EXEC : 0) | (p.contains("+growsdown") ? Mman.PROT_GROWSDOWN : 0)
                | (p.contains("+growsup") ? Mman.PROT_GROWSUP : 0);
    }

    private void mmap(int i, String[] t, StringBuilder s, ExpectedOutput.Result res) {
        if (t.length < 6) {
            throw new IllegalArgumentException(where(i) + "mmap NAME ADDR LEN PROT FLAGS [FILE OFFSET]");
        }
        String addr = expr(i, t[2]);
        String lenText = len(i, t[3]);
        boolean anon = false;
        boolean fixed = false;
        String sharing = null;
        StringBuilder flags = new StringBuilder();
        long bits = 0;
        for (String f : t[5].split(",")) {
            MapType type = MapType.byWord(f);
            MapFlag flag = MapFlag.byWord(f);
            if (type != null) {
                if (sharing == null) {
                    sharing = f;
                } else {
                    bits |= type.value();
                }
            } else if (flag == MapFlag.ANONYMOUS) {
                anon = true;
            } else if (flag != null) {
                fixed |= flag == MapFlag.FIXED || flag == MapFlag.FIXED_NOREPLACE;
                flags.append(' ').append(f);
            } else {
                bits |= constant(i, f);
            }
        }
        String name = t[1].equals("-") ? null : bind(t[1], res);
        s.append("mmap");
        if (name != null) {
            s.append(' ').append(name);
        }
        if (fixed || !"0x0".equals(addr)) {
            s.append(" at ").append(addr);
        }
        s.append(' ').append(lenText).append(' ').append(prot(t[4]));
        if (sharing != null) {
            s.append(' ').append(sharing);
        }
        String fd = t.length > 6 && !t[6].equals("-1") ? fd(i, t[6]) : null;
        String offset = t.length > 7 ? count(i, t[7]) : null;
        if (anon) {
            s.append(" anon");
            if (fd != null) {
                s.append(" fd ").append(fd);
            }
        } else {
            s.append(" fd ").append(fd != null ? fd : "0xffffffffffffffff");
        }
        if (offset != null && (!anon || fd != null || !offset.equals("0x0"))) {
            s.append(" offset ").append(offset);
        }
        s.append(flags);
        if (bits != 0) {
            s.append(" bits ").append(hex(bits));
        }
    }

    /** A driver flag list as mmdsl words: the sharing, then anon (no file), the MAP_ flags and raw bits. */
    private String mapFlags(int i, String list) {
        String sharing = null;
        boolean anon = false;
        StringBuilder flags = new StringBuilder();
        long bits = 0;
        for (String f : list.split(",")) {
            MapType type = MapType.byWord(f);
            MapFlag flag = MapFlag.byWord(f);
            if (type != null) {
                if (sharing == null) {
                    sharing = f;
                } else {
                    bits |= type.value();
                }
            } else if (flag == MapFlag.ANONYMOUS) {
                anon = true;
            } else if (flag != null) {
                flags.append(' ').append(f);
            } else {
                bits |= constant(i, f);
            }
        }
        return (sharing == null ? "" : " " + sharing) + (anon ? " anon" : " fd 0xffffffffffffffff") + flags
                + (bits != 0 ? " bits " + hex(bits) : "");
    }

    /** Expectations from the recorded result of this line. */
    private void expectations(StringBuilder s, String op, ExpectedOutput.Result res, String ind) {
        if (res == null) {
            return;
        }
        String e = ind + "  expect ";
        if (res.errno() != null) {
            s.append('\n').append(e).append("errno ").append(res.errno());
        } else if (res.fault() != null && (op.equals("touch"))) {
            String[] f = res.fault();
            s.append('\n').append(e).append("fault ").append(f[0]).append(' ').append(f[1]).append(" at ").append(f[2]);
        } else if ((op.equals("mmap") || op.equals("mremap") || op.equals("brk")) && res.address() != null) {
            s.append('\n').append(e).append("address ").append(res.address());
        } else if (op.equals("touch") && res.value() != null) {
            s.append('\n').append(e).append("value ").append(res.value());
        }
    }

    /** A new handle for driver name {@code n} when the call succeeds (a failed one leaves the old binding). */
    private String bind(String n, ExpectedOutput.Result res) {
        String h = handle(n);
        if (res == null || res.errno() == null) {
            names.put(n, h);
        }
        return h;
    }

    private String bindAlways(String n) {
        String h = handle(n);
        names.put(n, h);
        return h;
    }

    /** A fresh mmdsl name for driver name {@code n}: the name itself, then NAME_2, NAME_3 ... */
    private String handle(String n) {
        String base = n.matches("[A-Za-z_][A-Za-z0-9_]*") && !n.equals(n.toLowerCase(Locale.ROOT)) ? n
                : "v_" + n.replaceAll("[^A-Za-z0-9_]", "_");
        int g = generations.merge(base, 1, Integer::sum);
        return g == 1 ? base : base + "_" + g;
    }

    private String fd(int i, String f) {
        if (files.containsKey(f)) {
            return files.get(f);
        }
        if (f.matches("-?[0-9]+")) {
            return hex(Long.parseLong(f));
        }
        throw new IllegalArgumentException(where(i) + "unknown file '" + f + "'");
    }

    private static String prot(String p) {
        if (p.startsWith("0x")) {
            return "prot " + p;
        }
        String base = p.split("\\+")[0];
        StringBuilder s = new StringBuilder();
        s.append(base.indexOf('r') >= 0 ? 'r' : '-').append(base.indexOf('w') >= 0 ? 'w' : '-')
                .append(base.indexOf('x') >= 0 ? 'x' : '-');
        if (p.contains("+growsdown")) {
            s.append(" growsdown");
        }
        if (p.contains("+growsup")) {
            s.append(" growsup");
        }
        return s.toString();
    }

    private static String arg(String[] t, int k) {
        return k < t.length ? t[k] : "-";
    }

    private String where(int i) {
        return "line " + (i + 1) + ": ";
    }

    /** A length: a number, or an expression in parentheses when it reads names or the task's state. */
    private String len(int i, String e) {
        Long c = constantOrNull(e);
        return c != null ? hex(c) : "(" + expr(i, e) + ")";
    }

    /** An offset or a count: a constant in mmdsl. */
    private String count(int i, String e) {
        return hex(constant(i, e));
    }

    private long constant(int i, String e) {
        Long v = constantOrNull(e);
        if (v == null) {
            throw new IllegalArgumentException(where(i) + "'" + e + "' must be a constant here: mmdsl takes lengths, "
                    + "offsets and counts as numbers");
        }
        return v;
    }

    /** The value of a driver expression made only of numbers, else null. */
    static Long constantOrNull(String e) {
        if (e.equals("-")) {
            return 0L;
        }
        long sum = 0;
        for (String[] term : terms(e)) {
            Long v = number(term[1]);
            if (v == null) {
                return null;
            }
            sum += term[0].equals("-") ? -v : v;
        }
        return sum;
    }

    /** TERM(+TERM|-TERM)* as (sign, term) pairs; a leading '-' negates the first term. */
    private static List<String[]> terms(String e) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        String sign = "+";
        if (e.startsWith("-")) {
            sign = "-";
            i = 1;
        }
        int start = i;
        for (; i <= e.length(); i++) {
            if (i == e.length() || i > start && (e.charAt(i) == '+' || e.charAt(i) == '-')) {
                out.add(new String[] {sign, e.substring(start, i)});
                if (i < e.length()) {
                    sign = String.valueOf(e.charAt(i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** A number with the driver's suffixes k, m, g, p; null when {@code t} is not one. */
    static Long number(String t) {
        if (t.isEmpty()) {
            return null;
        }
        long mult = 1;
        String digits = t;
        char last = t.charAt(t.length() - 1);
        boolean hexDigits = t.matches("0[xX][0-9a-fA-F]+");
        if (!hexDigits && "kmgp".indexOf(last) >= 0) {
            mult = last == 'k' ? 1024 : last == 'm' ? 1L << 20 : last == 'g' ? 1L << 30 : PagingMode.PAGE_SIZE;
            digits = t.substring(0, t.length() - 1);
        }
        try {
            if (digits.matches("0[xX][0-9a-fA-F]+")) {
                return Long.parseUnsignedLong(digits.substring(2), 16) * mult;
            }
            if (digits.matches("[0-9]+")) {
                return Long.parseUnsignedLong(digits) * mult;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** An address expression in mmdsl words. */
    private String expr(int i, String e) {
        Long c = constantOrNull(e);
        if (c != null) {
            return hex(c);
        }
        StringBuilder s = new StringBuilder();
        List<String[]> terms = terms(e);
        for (int k = 0; k < terms.size(); k++) {
            String[] term = terms.get(k);
            if (k == 0 && term[0].equals("-")) {
                s.append("0-");
            } else if (k > 0) {
                s.append(term[0]);
            }
            s.append(term(i, term[1]));
        }
        return s.toString();
    }

    private String term(int i, String t) {
        Long n = number(t);
        if (n != null) {
            return hex(n);
        }
        if (t.equals("brk") || t.equals("start_brk")) {
            return "mm->" + t;
        }
        if (t.startsWith("@")) {
            boolean end = t.endsWith("_end");
            String base = end ? t.substring(1, t.length() - 4) : t.substring(1);
            String name = base.equals("exe") ? exe : "[" + base + "]";
            return (end ? "vma_end \"" : "vma_start \"") + name + "\"";
        }
        String h = names.get(t);
        if (h == null) {
            throw new IllegalArgumentException(where(i) + "'" + t + "' names nothing bound before");
        }
        return h;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
