package org.mmdsl.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.mmdsl.interpreter.AccessEvent;
import org.mmdsl.interpreter.LetEvent;
import org.mmdsl.interpreter.RangeSummary;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.ExecImage;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.ForkBlock;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.runtime.uapi.Mman;

/**
 * Prints a run of a translated scenario ({@link OracleTranslator}) as the oracle's driver prints its
 * run: the header, each script line echoed ({@code > LINE}, from the {@code // > LINE} comment before
 * its statements), the call with its resolved arguments and its result, faults, dumps, and a child's
 * lines prefixed {@code "  [child] "}. Everything printed comes from the run's events: the resolved
 * arguments and results of {@link CallResult}, {@link AccessEvent}, {@link RangeSummary},
 * {@link SignalEvent}, {@link LetEvent} and the {@link Output} of {@code show}; the script line gives
 * only the words the driver copies from it (its flag list, an advice's name, a file's name).
 */
public final class OracleRenderer {

    private static final Pattern MARKER = Pattern.compile("(?m)^[ \t]*// > (.*)$");
    private static final String CHILD = "  [child] ";

    /** One echoed script line: where its comment is, and the statements (and fork blocks) after it. */
    private record Line(int offset, String text, List<EObject> statements) {
    }

    private final StringBuilder out = new StringBuilder();
    /** Each statement's events, by their place in the run (a loop's statements interleave). */
    private final Map<EObject, List<Integer>> eventsOf = new HashMap<>();
    private final List<RunEvent> all;

    private OracleRenderer(Run run) {
        all = run.events();
        for (int i = 0; i < all.size(); i++) {
            EObject cause = all.get(i).cause();
            if (cause instanceof Expectation) {
                continue;
            }
            eventsOf.computeIfAbsent(cause, k -> new ArrayList<>()).add(i);
        }
    }

    /** The driver's output for {@code run} of {@code scenario}. */
    public static String render(Scenario scenario, Run run) {
        return new OracleRenderer(run).print(scenario);
    }

    private String print(Scenario scenario) {
        ICompositeNode root = NodeModelUtils.getNode(scenario).getRootNode();
        String text = root.getText();
        header(scenario);
        List<Line> lines = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            lines.add(new Line(m.start(), m.group(1), new ArrayList<>()));
        }
        List<EObject> statements = new ArrayList<>();
        for (org.eclipse.emf.ecore.EObject o : (Iterable<EObject>) () -> scenario.eAllContents()) {
            if (o instanceof org.mmdsl.mmdsl.Process || o instanceof Expectation || o.eContainer() == null) {
                continue;
            }
            EObject c = o.eContainer();
            if (c instanceof org.mmdsl.mmdsl.Process || c instanceof ForkBlock || c instanceof org.mmdsl.mmdsl.Repeat) {
                statements.add(o);
            }
        }
        for (EObject s : statements) {
            int at = NodeModelUtils.getNode(s).getOffset();
            Line owner = null;
            for (Line l : lines) {
                if (l.offset() < at) {
                    owner = l;
                }
            }
            if (owner != null) {
                owner.statements().add(s);
            }
        }
        List<int[]> open = new ArrayList<>();
        for (Line l : lines) {
            while (!open.isEmpty() && open.get(open.size() - 1)[1] <= l.offset()) {
                open.remove(open.size() - 1);
                emit(open.isEmpty() ? "" : CHILD, "fork: child exited status=0");
            }
            String prefix = open.isEmpty() ? "" : CHILD;
            emit(prefix, "> " + l.text());
            line(prefix, l);
            if (isForkLine(l) && !l.statements().isEmpty() && l.statements().get(0) instanceof ForkBlock) {
                ICompositeNode n = NodeModelUtils.getNode(l.statements().get(0));
                open.add(new int[] {n.getOffset(), n.getEndOffset()});
            }
        }
        while (!open.isEmpty()) {
            open.remove(open.size() - 1);
            emit(open.isEmpty() ? "" : CHILD, "fork: child exited status=0");
        }
        return out.toString();
    }

    private static boolean isForkLine(Line l) {
        String[] t = OracleTranslator.tokens(l.text());
        return t.length > 0 && t[0].equals("fork");
    }

    /** {@code # driver: 64-bit, personality=0x40000, RLIMIT_STACK=0x800000, uid=0}, from the exec statement. */
    private void header(Scenario scenario) {
        boolean ia32 = false;
        boolean legacy = false;
        String stack = "0x800000";
        long uid = 0;
        for (org.eclipse.emf.ecore.EObject o : (Iterable<EObject>) () -> scenario.eAllContents()) {
            if (o instanceof ExecImage) {
                ExecImage e = (ExecImage) o;
                ia32 = e.isIa32();
                legacy = e.isLegacy();
                if (e.isStackUnlimited()) {
                    stack = "unlimited";
                } else if (e.eIsSet(org.mmdsl.mmdsl.MmdslPackage.Literals.EXEC_IMAGE__STACK)) {
                    stack = "0x" + Long.toHexString(e.getStack());
                }
            } else if (o instanceof org.mmdsl.mmdsl.Setuid) {
                uid = ((org.mmdsl.mmdsl.Setuid) o).getUid();
            }
        }
        emit("", String.format("# driver: %d-bit, personality=0x%x, RLIMIT_STACK=%s, uid=%d", ia32 ? 32 : 64,
                legacy ? 0x240000 : 0x40000, stack, uid));
    }

    private void emit(String prefix, String line) {
        out.append(prefix).append(line).append('\n');
    }

    /** The events of a line's statements (with a fork block's statements that have no line of their own). */
    private List<Event> events(List<EObject> statements) {
        List<Integer> at = new ArrayList<>();
        for (EObject s : statements) {
            at.addAll(eventsOf.getOrDefault(s, List.of()));
        }
        java.util.Collections.sort(at);
        List<Event> events = new ArrayList<>(at.size());
        for (int i : at) {
            events.add(all.get(i).event());
        }
        return events;
    }

    private <T extends Event> T first(List<Event> events, Class<T> type) {
        for (Event e : events) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    private CallResult call(List<Event> events) {
        for (Event e : events) {
            if (e instanceof CallResult && ((CallResult) e).args().length > 0) {
                return (CallResult) e;
            }
        }
        return null;
    }

    private void line(String p, Line l) {
        String[] t = OracleTranslator.tokens(l.text());
        List<Event> ev = events(l.statements());
        CallResult c = call(ev);
        SignalEvent sig = first(ev, SignalEvent.class);
        switch (t[0]) {
            case "echo" -> emit(p, "## " + String.join(" ", java.util.Arrays.copyOfRange(t, 1, t.length)));
            case "mmap" -> {
                if (c != null) {
                    emit(p, String.format("mmap(0x%x, 0x%x, %s, %s, fd=%d, off=0x%x) = %s", c.arg(0), c.arg(1),
                            prot((int) c.arg(2)), t[5], (int) c.arg(4), c.arg(5), res(c)));
                }
            }
            case "mmap-many" -> {
                long ok = 0;
                long firstAddr = 0;
                long lastAddr = 0;
                String err = "";
                int prot = -1;
                long length = -1;
                for (Event e : ev) {
                    if (e instanceof CallResult && ((CallResult) e).args().length == 6) {
                        CallResult r = (CallResult) e;
                        if (prot < 0) {
                            prot = (int) r.arg(2);
                            length = r.arg(1);
                        }
                        if (r.errno() != null) {
                            err = ", then -1 " + r.errno().name();
                            break;
                        }
                        if (ok++ == 0) {
                            firstAddr = r.result();
                        }
                        lastAddr = r.result();
                    }
                }
                Long n = OracleTranslator.constantOrNull(t[1]);
                Long len = length >= 0 ? Long.valueOf(length) : OracleTranslator.constantOrNull(t[2]);
                String protText = prot >= 0 ? prot(prot) : t[3];
                emit(p, String.format("mmap-many(%d x 0x%x, %s, %s%s) = %d ok, first=0x%x last=0x%x%s", n == null ? 0 : n,
                        len == null ? 0 : len, protText, t[4], t.length > 5 && t[5].equals("alt") ? ", alt" : "", ok,
                        firstAddr, lastAddr, err));
            }
            case "munmap" -> callLine(p, c, "munmap(0x%x, 0x%x)", c == null ? 0 : c.arg(0), c == null ? 0 : c.arg(1));
            case "mprotect" -> {
                if (c != null) {
                    emit(p, String.format("mprotect(0x%x, 0x%x, %s) = %s", c.arg(0), c.arg(1), prot((int) c.arg(2)), res(c)));
                }
            }
            case "mremap" -> {
                if (c != null) {
                    List<String> fl = new ArrayList<>();
                    if ((c.arg(3) & Mman.MREMAP_MAYMOVE) != 0) {
                        fl.add("MAYMOVE");
                    }
                    if ((c.arg(3) & Mman.MREMAP_FIXED) != 0) {
                        fl.add("FIXED");
                    }
                    if ((c.arg(3) & Mman.MREMAP_DONTUNMAP) != 0) {
                        fl.add("DONTUNMAP");
                    }
                    emit(p, String.format("mremap(0x%x, 0x%x, 0x%x, %s, 0x%x) = %s", c.arg(0), c.arg(1), c.arg(2),
                            fl.isEmpty() ? "0" : String.join("|", fl), c.arg(4), res(c)));
                }
            }
            case "brk" -> {
                if (c != null) {
                    emit(p, String.format("brk(0x%x) = 0x%x (was 0x%x)%s", c.arg(0), c.result(), c.arg(1),
                            c.result() == c.arg(0) ? "" : " [refused]"));
                }
            }
            case "madvise" -> callLine(p, c, "madvise(0x%x, 0x%x, " + t[3] + ")", c == null ? 0 : c.arg(0),
                    c == null ? 0 : c.arg(1));
            case "mlock", "munlock", "mseal" -> callLine(p, c, t[0] + "(0x%x, 0x%x)", c == null ? 0 : c.arg(0),
                    c == null ? 0 : c.arg(1));
            case "mlock2" -> callLine(p, c, "mlock2(0x%x, 0x%x" + (t.length > 3 ? ", ONFAULT" : "") + ")",
                    c == null ? 0 : c.arg(0), c == null ? 0 : c.arg(1));
            case "mlockall" -> callLine(p, c, "mlockall(" + (t.length > 1 ? t[1] : "0") + ")");
            case "munlockall" -> callLine(p, first(ev, CallResult.class), "munlockall()");
            case "msync" -> callLine(p, c, "msync(0x%x, 0x%x, " + (t.length > 3 ? t[3] : "sync") + ")",
                    c == null ? 0 : c.arg(0), c == null ? 0 : c.arg(1));
            case "mincore" -> {
                if (c != null) {
                    emit(p, String.format("mincore(0x%x, 0x%x) = %s", c.arg(0), c.arg(1),
                            c.errno() != null ? "-1 " + c.errno().name() : "0 [" + c.detail() + "]"));
                }
            }
            case "touch" -> {
                AccessEvent a = first(ev, AccessEvent.class);
                if (a != null) {
                    String what = sig != null ? fault(sig) : switch (t[2]) {
                        case "r" -> String.format("ok value=0x%02x", a.value());
                        case "w" -> String.format("ok wrote=0x%02x", a.value());
                        default -> "ok returned";
                    };
                    emit(p, String.format("touch(0x%x, %s) = %s", a.address(), t[2], what));
                }
            }
            case "touchn" -> {
                RangeSummary r = first(ev, RangeSummary.class);
                if (r != null) {
                    String call = String.format("touchn(0x%x, %d pages, %s)", r.start(), r.length() / PagingMode.PAGE_SIZE, t[3]);
                    emit(p, sig == null ? call + " = ok"
                            : String.format("%s [after %d pages ok] = %s", call, r.accesses(), fault(sig)));
                }
            }
            case "fill" -> {
                RangeSummary r = first(ev, RangeSummary.class);
                if (r != null) {
                    emit(p, String.format("fill(0x%x, 0x%x, 0x%02x) = %s", r.start(), r.length(), r.value() & 0xff,
                            sig == null ? "ok" : fault(sig)));
                }
            }
            case "file" -> {
                if (c != null) {
                    emit(p, String.format("file %s = open(%s, %s) = fd %d (dev=%02x:%02x ino=%d size=%d)", t[1], t[2], t[3],
                            c.arg(0), c.arg(1), c.arg(2), c.arg(3), c.arg(4)));
                }
            }
            case "ftruncate" -> callLine(p, c, "ftruncate(" + t[1] + "=%d, 0x%x)", c == null ? 0 : c.arg(0),
                    c == null ? 0 : c.arg(1));
            case "close" -> callLine(p, c, "close(" + t[1] + "=%d)", c == null ? 0 : c.arg(0));
            case "rlimit" -> callLine(p, c, "setrlimit(" + t[1] + ", " + t[2] + ")");
            case "dump" -> dump(p, t.length > 1 ? t[1] : "", ev, true);
            case "status" -> {
                emit(p, "status:");
                Output o = first(ev, Output.class);
                for (String s : o == null ? new String[0] : o.text().split("\n")) {
                    emit(p, "  " + s.replace('\t', ' '));
                }
            }
            case "info" -> {
                emit(p, "info:");
                Output o = first(ev, Output.class);
                for (String s : o == null ? new String[0] : o.text().split("\n")) {
                    emit(p, "  " + s);
                }
            }
            case "pagemap" -> {
                Output o = first(ev, Output.class);
                if (o != null) {
                    String[] lines = o.text().split("\n");
                    String a = lines[0].substring("pagemap ".length(), lines[0].indexOf(':'));
                    emit(p, String.format("pagemap(%s, %d pages):", a, lines.length));
                    for (String s : lines) {
                        emit(p, "  " + s);
                    }
                }
            }
            case "let" -> {
                LetEvent le = first(ev, LetEvent.class);
                if (le != null) {
                    emit(p, String.format("let %s = 0x%x", t[1], le.value()));
                }
            }
            case "fork" -> emit(p, "fork:");
            case "fork-and-dump" -> {
                emit(p, "fork-and-dump:");
                dump(p + CHILD, t.length > 1 ? t[1] : "", ev, false);
                emit(p, "fork-and-dump: child exited status=0");
            }
            case "brk-child" -> {
                emit(p, "brk-child:");
                CallResult b = null;
                for (Event e : ev) {
                    if (e instanceof CallResult && ((CallResult) e).call().contains("brk(")) {
                        b = (CallResult) e;
                    }
                }
                if (b != null) {
                    emit(p + CHILD, String.format("brk(0x%x) = 0x%x", b.arg(0), b.result()));
                }
                dump(p + CHILD, "", ev, true);
                emit(p, "brk-child: child exited status=0");
            }
            case "exit" -> emit(p, "exit");
            default -> emit(p, "SCRIPT ERROR: not rendered: " + t[0]);
        }
    }

    /** dump / dump smaps / dump count from the Output of show maps or show smaps. */
    private void dump(String p, String kind, List<Event> ev, boolean header) {
        Output o = first(ev, Output.class);
        String text = o == null ? "" : o.text();
        if (kind.equals("count")) {
            emit(p, "dump count = " + (text.isEmpty() ? 0 : text.split("\n").length));
            return;
        }
        if (header) {
            emit(p, kind.equals("smaps") ? "dump smaps:" : "dump:");
        }
        if (!kind.equals("smaps")) {
            for (String s : text.isEmpty() ? new String[0] : text.split("\n")) {
                emit(p, "  " + s);
            }
            return;
        }
        // the driver's compact smaps: each maps line, then its counters in kB and VmFlags on one line
        Map<String, String> f = new HashMap<>();
        String mapsLine = null;
        for (String s : text.split("\n")) {
            if (s.matches("[0-9a-f]+-[0-9a-f]+ .*")) {
                if (mapsLine != null) {
                    smapsEntry(p, mapsLine, f);
                }
                mapsLine = s;
                f.clear();
            } else {
                int colon = s.indexOf(':');
                if (colon > 0) {
                    f.put(s.substring(0, colon), s.substring(colon + 1).strip().replace(" kB", ""));
                }
                if (s.startsWith("VmFlags:")) {
                    f.put("VmFlags", s.substring("VmFlags:".length()));
                }
            }
        }
        if (mapsLine != null) {
            smapsEntry(p, mapsLine, f);
        }
    }

    private void smapsEntry(String p, String mapsLine, Map<String, String> f) {
        emit(p, "  " + mapsLine);
        emit(p, String.format("      Rss=%s ShClean=%s ShDirty=%s PrivClean=%s PrivDirty=%s Anon=%s Swap=%s Locked=%s VmFlags:%s",
                f.get("Rss"), f.get("Shared_Clean"), f.get("Shared_Dirty"), f.get("Private_Clean"), f.get("Private_Dirty"),
                f.get("Anonymous"), f.get("Swap"), f.get("Locked"), f.get("VmFlags")));
    }

    private void callLine(String p, CallResult c, String format, Object... args) {
        if (c != null) {
            emit(p, String.format(format, args) + " = " + res(c));
        }
    }

    private static String fault(SignalEvent s) {
        return String.format("FAULT %s %s addr=0x%x", s.signal(), s.code(), s.vaddr());
    }

    /** {@code -1 ENAME}, an address in hex for mmap-like calls, else the number. */
    private static String res(CallResult c) {
        if (c.errno() != null) {
            return "-1 " + c.errno().name();
        }
        return c.pointerResult() ? "0x" + Long.toHexString(c.result()) : Long.toString(c.result());
    }

    /** The driver's prot_str(): rwx letters (with +growsdown/+growsup), or hex when other bits are set. */
    static String prot(int prot) {
        if ((prot & ~(Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) != 0) {
            return String.format("0x%x", prot);
        }
        StringBuilder s = new StringBuilder();
        s.append((prot & Mman.PROT_READ) != 0 ? 'r' : '-').append((prot & Mman.PROT_WRITE) != 0 ? 'w' : '-')
                .append((prot & Mman.PROT_EXEC) != 0 ? 'x' : '-');
        if ((prot & Mman.PROT_GROWSDOWN) != 0) {
            s.append("+growsdown");
        }
        if ((prot & Mman.PROT_GROWSUP) != 0) {
            s.append("+growsup");
        }
        return s.toString();
    }
}
