package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.PageCheck;
import org.mmdsl.mmdsl.PteCheck;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.Show;
import org.mmdsl.mmdsl.ZoneCheck;
import org.mmdsl.runtime.Task;
import org.mmdsl.runtime.ZoneView;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.arch.PteFlag;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.runtime.fault.AccessResult;
import org.mmdsl.runtime.pgtable.PageWalk;

/**
 * The statements that look at the machine without changing it: {@code translate}, {@code show} (the
 * /proc files of fs/proc/task_mmu.c and fs/proc/meminfo.c, dmesg, zoneinfo, ...), {@code show
 * pagetables}, and the {@code read} and {@code zone} checks. The kernel-side views ({@code show tlb},
 * slabinfo, vmallocinfo) live with the kernel's memory in {@link KernelMemorySteps}.
 */
final class ObservationSteps {
    private final StepContext in;
    private final AccessResult access = new AccessResult();

    ObservationSteps(StepContext in) {
        this.in = in;
    }

    /** translate ADDR: the walk printed, and where it ended for {@code expect address} / {@code expect notpresent}. */
    Outcome translate(Task task, Expr address) {
        Long addr = in.address(address);
        if (addr == null) {
            return Outcome.EVENTS_ONLY;
        }
        in.record(new Output(String.format("translate %s 0x%x", task.comm(), addr), task.translate(addr)));
        // under page-table isolation the expectations judge what the process sees: its user pgd
        PageWalk user = task.walkUser(addr);
        PageWalk w = user != null ? user : task.walk(addr);
        return w == null ? Outcome.EVENTS_ONLY
                : new Outcome.Walk(String.format(user != null ? "0x%x in %s's user pgd" : "0x%x in %s", addr, task.comm()),
                        w.paddr(), w.stoppedAt());
    }

    void show(Show s, Task own) {
        Task task = s.getTask() != null ? in.task(s.getTask()) : own;
        switch (s.getWhat()) {
            case MAPS:
                if (task != null) {
                    in.record(new Output("/proc/" + task.pid() + "/maps", task.maps()));
                }
                break;
            case DMESG:
                in.record(new Output("dmesg", in.kernel().dmesg()));
                break;
            case ZONEINFO:
                in.record(new Output("/proc/zoneinfo", in.kernel().zoneinfo()));
                break;
            case BUDDYINFO:
                in.record(new Output("/proc/buddyinfo", in.kernel().buddyinfo()));
                break;
            case PAGETYPEINFO:
                in.record(new Output("/proc/pagetypeinfo", in.kernel().pagetypeinfo()));
                break;
            case SMAPS:
            case STATUS:
            case PMAP:
            case NUMA_MAPS:
                showTaskMemory(s, task);
                break;
            case MM:
                if (task != null && task.mm() != null) {
                    in.record(new Output("mm_struct of " + task.comm() + " (pid " + task.pid() + ")", task.showMm()));
                }
                break;
            case STAT:
                if (task != null) {
                    in.record(new Output("/proc/" + task.pid() + "/stat (mm fields)", task.stat()));
                }
                break;
            case EARLY_PAGETABLES:
                String early = in.kernel().earlyPageTables();
                if (early == null) {
                    in.record(new ScenarioProblem("the provisional boot page tables are modelled for i386 kernels only "
                            + "(2.6 and 6.1)", false));
                } else if (in.kernel().params().model == org.mmdsl.runtime.arch.KernelModel.V2_6) {
                    in.record(new Output("provisional page tables (head_32.S default_entry, from pg0)", early));
                } else {
                    in.record(new Output("provisional page tables (head32.c mk_early_pgtbl_32)", early));
                }
                break;
            case MMAP_CACHE:
                // the validator rejects it under 6.1; a task without an mm (exited) shows nothing
                if (task != null && task.mmapCache() != null) {
                    in.record(new Output("mmap_cache of " + task.comm() + " (find_vma, kernel 2.6)", task.mmapCache()));
                }
                break;
            case VMSTAT:
                String vmstat = in.kernel().procVmstat();
                in.record(new Output(vmstat.contains("\nthp_") ? "/proc/vmstat (reclaim and thp lines)"
                        : "/proc/vmstat (reclaim lines)", vmstat));
                break;
            default:
                in.record(new Output("/proc/meminfo", in.kernel().meminfo()));
                break;
        }
    }

    /**
     * show picture KIND [ADDR] [TASK]: a picture of the machine now (org.mmdsl.picture), built read-only
     * from the runtime's state; the task is the statement's, else the process block's.
     */
    void showPicture(org.mmdsl.mmdsl.ShowPicture s, Task own) {
        Task task = s.getTask() != null ? in.task(s.getTask()) : own;
        org.mmdsl.picture.Picture.Kind kind = s.isWalk() ? org.mmdsl.picture.Picture.Kind.WALK
                : org.mmdsl.picture.Picture.Kind.byWord(s.getKind().getLiteral());
        long vaddr = 0;
        if (s.isWalk()) {
            Long a = in.address(s.getAddress());
            if (a == null) {
                return;
            }
            vaddr = a;
        }
        if ((kind == org.mmdsl.picture.Picture.Kind.MAPS || kind == org.mmdsl.picture.Picture.Kind.WALK)
                && (task == null || task.exited() || task.mm() == null)) {
            in.record(new ScenarioProblem("there is no address space to draw: the task exited or never started", false));
            return;
        }
        in.record(new PictureEvent(org.mmdsl.picture.Pictures.of(kind, in.kernel(), task, vaddr)));
    }

    /** show smaps / status / pmap: fs/proc/task_mmu.c views of one task's address space. */
    private void showTaskMemory(Show s, Task task) {
        if (task == null) {
            return;
        }
        switch (s.getWhat()) {
            case SMAPS:
                in.record(new Output("/proc/" + task.pid() + "/smaps", task.smaps()));
                break;
            case STATUS:
                in.record(new Output("/proc/" + task.pid() + "/status (memory lines)", task.status()));
                break;
            case NUMA_MAPS:
                in.record(new Output("/proc/" + task.pid() + "/numa_maps", task.numaMaps()));
                break;
            default:
                if ("x".equals(s.getOption())) {
                    in.record(new Output("pmap -x " + task.pid(), task.pmap()));
                } else if ("d".equals(s.getOption())) {
                    in.record(new Output("pmap -d " + task.pid(), task.pmapDefault(true)));
                } else {
                    in.record(new Output("pmap " + task.pid(), task.pmapDefault(false)));
                }
                break;
        }
    }

    /** show vma ADDR: the vm_area_struct holding ADDR in the block's task (vma.ShowVma). */
    void showVma(org.mmdsl.mmdsl.ShowVma s, Task task) {
        Long addr = in.address(s.getAddress());
        if (addr == null || task == null || task.mm() == null) {
            return;
        }
        in.record(new Output(String.format("vm_area_struct at 0x%x in %s", addr, task.comm()), task.showVma(addr)));
    }

    /** show folio ADDR: the folio mapped at ADDR in the block's task (vma.ShowFolio). */
    void showFolio(org.mmdsl.mmdsl.ShowFolio s, Task task) {
        Long addr = in.address(s.getAddress());
        if (addr == null || task == null || task.mm() == null) {
            return;
        }
        in.record(new Output(String.format("struct folio at 0x%x in %s", addr, task.comm()), task.showFolio(addr)));
    }

    /** khugepaged: one pass over every process (vma.Khugepaged); what each scanned 2 MB range came to. */
    void khugepaged() {
        String report = in.kernel().khugepaged();
        in.record(new Output("khugepaged: one pass (khugepaged_do_scan)", report.isEmpty()
                ? "no 2 MB range of a THP-eligible VMA has a pte table to scan\n" : report));
    }

    /**
     * find_vma ADDR, find_vma_prev ADDR, find_vma_intersection START END (vma.FindVma, mm/mmap.c): what the
     * lookup returns, printed and handed to the judge for {@code expect vma} / {@code expect prev}.
     */
    Outcome findVma(org.mmdsl.mmdsl.FindVma f, Task task) {
        Long addr = in.address(f.getAddress());
        Long end = f.getEnd() == null ? Long.valueOf(0) : in.address(f.getEnd());
        if (addr == null || end == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (task == null || task.mm() == null) {
            return new Outcome.NothingToObserve("there is no address space to look in: the task exited or never started");
        }
        org.mmdsl.runtime.vma.MmStruct mm = task.mm();
        org.mmdsl.runtime.vma.Vma vma;
        org.mmdsl.runtime.vma.Vma prev = null;
        String what;
        switch (f.getOp()) {
            case "find_vma_prev" -> {
                org.mmdsl.runtime.vma.FindVma.WithPrev w = org.mmdsl.runtime.vma.FindVma.findVmaPrev(mm, addr);
                vma = w.vma();
                prev = w.prev();
                what = String.format("find_vma_prev(0x%x) in %s", addr, task.comm());
            }
            case "find_vma_intersection" -> {
                vma = org.mmdsl.runtime.vma.FindVma.findVmaIntersection(mm, addr, end);
                what = String.format("find_vma_intersection(0x%x, 0x%x) in %s", addr, end, task.comm());
            }
            default -> {
                vma = org.mmdsl.runtime.vma.FindVma.findVma(mm, addr);
                what = String.format("find_vma(0x%x) in %s", addr, task.comm());
            }
        }
        boolean hasPrev = "find_vma_prev".equals(f.getOp());
        StringBuilder text = new StringBuilder("returns ").append(describe(vma));
        if (vma != null && !"find_vma_intersection".equals(f.getOp()) && Long.compareUnsigned(vma.vmStart(), addr) > 0) {
            text.append(String.format(", which does not contain 0x%x: it starts above it", addr));
        }
        if (hasPrev) {
            text.append("; *pprev = ").append(describe(prev));
        }
        in.record(new Output(what, text.append('\n').toString()));
        return new Outcome.VmaFound(what, bounds(vma), bounds(prev), hasPrev);
    }

    private static String describe(org.mmdsl.runtime.vma.Vma v) {
        return v == null ? "NULL" : String.format("%08x-%08x %s", v.vmStart(), v.vmEnd(), v.perms());
    }

    private static String bounds(org.mmdsl.runtime.vma.Vma v) {
        return v == null ? null : String.format("0x%x-0x%x", v.vmStart(), v.vmEnd());
    }

    /** show pagetables: the task's tables (or swapper_pg_dir), bounded by from/to when given. */
    void pageTableDump(org.mmdsl.mmdsl.PageTableDump d, Task own) {
        Task task = d.getTask() != null ? in.task(d.getTask()) : own;
        long from = 0;
        long to = 0;
        if (d.getFrom() != null) {
            Long f = in.address(d.getFrom());
            Long t = in.address(d.getTo());
            if (f == null || t == null) {
                return;
            }
            from = f;
            to = t;
        }
        if (task != null && task.dumpUserPageTables(from, to) != null) {
            // page-table isolation: both pgds of the pair, as debugfs' current_kernel and current_user
            in.record(new Output("page tables of " + task.comm() + " (pid " + task.pid() + "), kernel pgd",
                    task.dumpPageTables(from, to)));
            in.record(new Output("page tables of " + task.comm() + " (pid " + task.pid() + "), user pgd",
                    task.dumpUserPageTables(from, to) + task.ptiCr3() + "\n"));
        } else if (task != null) {
            in.record(new Output("page tables of " + task.comm() + " (pid " + task.pid() + ")", task.dumpPageTables(from, to)));
        } else {
            in.record(new Output("kernel page tables (swapper_pg_dir)", in.kernel().dumpKernelPageTables(from, to)));
        }
    }

    /** expect [TASK] read ADDR == V: what the task reads there now, for the judge to compare. */
    Outcome readCheck(ReadCheck r, Task task) {
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve("there is no such task to read from (it exited or never started)");
        }
        Long addr = in.address(r.getAddress());
        Long want = Blanks.isBlank(r) ? Long.valueOf(0) : in.address(r.getValue()); // a blank: the judge records what is read
        if (addr == null || want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (!task.peek(addr, access)) {
            return new Outcome.NothingToObserve(Blanks.isBlank(r) ? String.format("nothing readable is mapped at 0x%x in %s",
                    addr, task.comm()) : String.format("expected %d at 0x%x in %s, but nothing readable is mapped "
                    + "there", want, addr, task.comm()));
        }
        return new Outcome.State(String.format("%s reads %d at 0x%x", task.comm(), access.value, addr), access.value, want,
                false);
    }

    /** expect zone NAME FIELD|MARK V: the zone's field or watermark now, for the judge to compare. */
    Outcome zoneCheck(ZoneCheck z) {
        int nid = z.isHasNode() ? z.getNode() : 0;
        ZoneView zone = in.kernel().zone(nid, z.getZone());
        Long want = Blanks.isBlank(z) ? Long.valueOf(0) : in.address(z.getValue()); // a blank: the judge records the field
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (zone == null) {
            return new Outcome.NothingToObserve(nid < in.kernel().nrNodes() ? "this machine has no zone " + z.getZone()
                    : "this machine has no node " + nid + " (nodes 0.." + (in.kernel().nrNodes() - 1) + ")");
        }
        String label = z.isHasNode() ? "node " + nid + " zone" : "zone";
        if (z.getMigratetype() != null && in.kernel().migratetype(z.getMigratetype()) < 0) {
            return new Outcome.NothingToObserve("this kernel has no migrate type " + z.getMigratetype() + " (its types: "
                    + String.join(", ", in.kernel().migratetypeNames()) + ")");
        }
        if (z.isPageblocks()) {
            long got = in.kernel().zonePageblocks(nid, zone.name(), z.getMigratetype());
            return new Outcome.State(String.format(label + " %s has %d pageblock%s of type %s", zone.name(), got,
                    got == 1 ? "" : "s", z.getMigratetype()), got, want, false);
        }
        if (z.isByOrder() && z.getMigratetype() != null) {
            long got = in.kernel().zoneFreeBlocks(nid, zone.name(), z.getOrder(), z.getMigratetype());
            if (got >= 0) {
                return new Outcome.State(String.format(label + " %s has %d free block%s of order %d on the %s list",
                        zone.name(), got, got == 1 ? "" : "s", z.getOrder(), z.getMigratetype()), got, want, false);
            }
        }
        if (z.isByOrder()) {
            long got = in.kernel().zoneFreeBlocks(nid, zone.name(), z.getOrder());
            if (got < 0) {
                return new Outcome.NothingToObserve(String.format("zone %s has no free list of order %d (orders 0..%d)",
                        zone.name(), z.getOrder(), org.mmdsl.runtime.zone.Zone.MAX_ORDER - 1));
            }
            return new Outcome.State(String.format(label + " %s has %d free block%s of order %d", zone.name(), got,
                    got == 1 ? "" : "s", z.getOrder()), got, want, false);
        }
        if (z.getMark() != null) {
            org.mmdsl.runtime.zone.ZoneMark mark = org.mmdsl.runtime.zone.ZoneMark.byWord(z.getMark());
            long got = zone.mark(mark == null ? org.mmdsl.runtime.zone.ZoneMark.FREE : mark);
            return new Outcome.State(String.format(label + " %s %s is %d pages", zone.name(), z.getMark(), got), got, want, false);
        }
        long got;
        boolean address;
        switch (z.getField()) {
            case START:
                got = zone.startPfn() << PagingMode.PAGE_SHIFT;
                address = true;
                break;
            case END:
                got = zone.endPfn() << PagingMode.PAGE_SHIFT;
                address = true;
                break;
            case SPANNED:
                got = zone.spanned();
                address = false;
                break;
            case PRESENT:
                got = zone.present();
                address = false;
                break;
            default:
                got = zone.managed();
                address = false;
                break;
        }
        return new Outcome.State(String.format(label + " %s %s is " + (address ? "0x%x" : "%d"), zone.name(),
                z.getField().getLiteral(), got), got, want, address);
    }

    /**
     * expect [TASK] pte ADDR flags F... | pfn N: the leaf entry the task's page tables map ADDR with, by the
     * runtime's software walk (pgtable/PageWalk: no fault, no accessed bit, no TLB fill). Flags are the
     * vocabulary's pte flags of a present leaf in bit order, or {@code none}; a pfn needs a present leaf.
     */
    Outcome pteCheck(PteCheck p, Task task) {
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve("there is no such task to look at (it exited or never started)");
        }
        Long addr = in.address(p.getAddress());
        Long want = p.isPfn() && !Blanks.isBlank(p) ? in.address(p.getValue()) : Long.valueOf(0);
        if (addr == null || want == null) {
            return Outcome.EVENTS_ONLY;
        }
        PageWalk w = task.walk(addr);
        if (w == null) {
            return new Outcome.NothingToObserve(task.comm() + " has no address space (no mm)");
        }
        String where = String.format("0x%x in %s", addr, task.comm());
        if (!p.isPfn()) {
            String got = w.mapped() ? PteFlag.words(w.leafFlags()) : PteFlag.NONE.word();
            return new Outcome.StateWords(w.mapped() ? String.format("the %s of %s has flags %s", w.stoppedAt(), where, got)
                    : String.format("no present entry maps %s (the walk stops at the %s)", where, w.stoppedAt()), got,
                    PteFlag.words(PteFlag.parse(p.getFlags())));
        }
        if (!w.mapped()) {
            return new Outcome.NothingToObserve(String.format("no present entry maps %s (the walk stops at the %s)%s",
                    where, w.stoppedAt(), Blanks.isBlank(p) ? "" : String.format(", expected pfn 0x%x", want)));
        }
        long pfn = org.mmdsl.runtime.arch.Pte.pfn(w.leafEntry());
        return new Outcome.State(String.format("the %s of %s points to pfn 0x%x", w.stoppedAt(), where, pfn), pfn, want,
                true);
    }

    /**
     * expect [TASK] page ADDR|pfn N refcount|mapcount|zone V: struct page of the frame the task maps at ADDR
     * (its software walk), or of frame N: page_ref_count(), page_mapcount(), page_zone() as the runtime's
     * memmap holds them (Kernel.page()).
     */
    Outcome pageCheck(PageCheck p, Task task) {
        Long want = (p.getCounter() == null && !p.isHasNode()) || Blanks.isBlank(p) ? Long.valueOf(0) : in.address(p.getValue());
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        long pfn;
        String page;
        if (p.getPfn() != null) {
            Long n = in.address(p.getPfn());
            if (n == null) {
                return Outcome.EVENTS_ONLY;
            }
            pfn = n;
            page = String.format("page of pfn 0x%x", pfn);
        } else {
            if (task == null || task.exited()) {
                return new Outcome.NothingToObserve("there is no such task to look at (it exited or never started)");
            }
            Long addr = in.address(p.getAddress());
            if (addr == null) {
                return Outcome.EVENTS_ONLY;
            }
            PageWalk w = task.walk(addr);
            if (w == null || !w.mapped()) {
                return new Outcome.NothingToObserve(String.format("no page is mapped at 0x%x in %s%s", addr, task.comm(),
                        w == null ? " (no mm)" : " (the walk stops at the " + w.stoppedAt() + ")"));
            }
            pfn = w.paddr() >>> PagingMode.PAGE_SHIFT;
            page = String.format("page at 0x%x in %s (pfn 0x%x)", addr, task.comm(), pfn);
        }
        org.mmdsl.runtime.Kernel.PageView v = in.kernel().page(pfn);
        if (v == null) {
            return new Outcome.NothingToObserve(String.format("pfn 0x%x has no struct page (pfn_valid() is false)", pfn));
        }
        if (p.isHasNode()) {
            long nid = in.kernel().pageNid(pfn);
            return new Outcome.State(String.format("the %s is on node %d", page, nid), nid, want, false);
        }
        if (p.getCounter() == null) {
            String zone = v.zone() == null ? "?" : v.zone();
            return new Outcome.StateWords(String.format("the %s is in zone %s", page, zone), zone, p.getZone());
        }
        long got = "refcount".equals(p.getCounter()) ? v.refcount() : v.mapcount();
        return new Outcome.State(String.format("the %s has %s %d", page, p.getCounter(), got), got, want, false);
    }

    // ------------------------------------------------------------ the address space's state (issue 13 point 5)

    /** What a check of a task's address space says when the task is gone or never ran. */
    private static final String NO_TASK = "there is no such task to look at (it exited or never started)";

    /** expect [TASK] maps """...""" / maps has "LINE": the task's /proc/PID/maps now, for the judge to compare. */
    Outcome mapsCheck(org.mmdsl.mmdsl.MapsCheck c, Task task) {
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve(NO_TASK);
        }
        return new Outcome.MapsText(task.comm(), "/proc/" + task.pid() + "/maps", task.maps(),
                c.getText() == null ? "" : c.getText(), false);
    }

    /** expect [TASK] maps has "LINE". */
    Outcome mapsLineCheck(org.mmdsl.mmdsl.MapsLineCheck c, Task task) {
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve(NO_TASK);
        }
        if (c.getLine() == null) {
            return Outcome.EVENTS_ONLY; // no line: the validator refused it
        }
        return new Outcome.MapsText(task.comm(), "/proc/" + task.pid() + "/maps", task.maps(), c.getLine(), true);
    }

    /** expect [TASK] vmas N: mm->map_count. */
    Outcome vmaCountCheck(org.mmdsl.mmdsl.VmaCountCheck c, Task task) {
        return count(c, c.getValue(), task, "map_count", "%s has %d %s (mm->map_count)", "VMA");
    }

    /** expect [TASK] rss [COUNTER] N: get_mm_rss(), or one rss_stat counter, in pages. */
    Outcome rssCheck(org.mmdsl.mmdsl.RssCheck c, Task task) {
        Long want = Blanks.isBlank(c) ? Long.valueOf(0) : in.address(c.getValue());
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve(NO_TASK);
        }
        // `file` is the enum's default, which EMF reports as unset: whether a counter was written is in the text
        org.mmdsl.runtime.vma.MmCounter counter = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(c,
                org.mmdsl.mmdsl.MmdslPackage.Literals.RSS_CHECK__COUNTER).isEmpty() && !c.eIsSet(
                        org.mmdsl.mmdsl.MmdslPackage.Literals.RSS_CHECK__COUNTER) ? null
                        : org.mmdsl.runtime.vma.MmCounter.byWord(c.getCounter().getLiteral());
        long got = task.rss(counter);
        String what = counter == null ? "rss is %d %s (get_mm_rss())"
                : "rss " + counter.word() + " is %d %s (" + counter.kernelName() + ")";
        return new Outcome.State(String.format("%s's " + what, task.comm(), got, got == 1 ? "page" : "pages"), got, want,
                false);
    }

    /**
     * expect device "PATH" opens|closes|faults N: how often the vm_operations of the device's
     * mappings were called (vma.DeviceDriver), machine-wide: every process's mappings of the node.
     */
    Outcome deviceCheck(org.mmdsl.mmdsl.DeviceCheck c) {
        Long want = Blanks.isBlank(c) ? Long.valueOf(0) : in.address(c.getValue());
        if (want == null || c.getPath() == null || c.getCounter() == null) {
            return Outcome.EVENTS_ONLY;
        }
        org.mmdsl.runtime.vma.DeviceDriver d = in.kernel().deviceDriverIfMapped(c.getPath());
        long got = d == null ? 0 : "opens".equals(c.getCounter()) ? d.opens() : "closes".equals(c.getCounter())
                ? d.closes() : d.faults();
        String handler = "opens".equals(c.getCounter()) ? "open" : "closes".equals(c.getCounter()) ? "close"
                : in.kernel().model() == org.mmdsl.runtime.arch.KernelModel.V2_6 ? "nopage/nopfn" : "fault";
        return new Outcome.State(String.format("the vm_operations' %s of %s's mappings ran %d %s", handler, c.getPath(),
                got, got == 1 ? "time" : "times"), got, want, false);
    }

    /** expect [TASK] mm FIELD V: an mm_struct field, a counter in pages or an address. */
    Outcome mmCheck(org.mmdsl.mmdsl.MmCheck c, Task task) {
        org.mmdsl.runtime.vma.MmStructField f = org.mmdsl.runtime.vma.MmStructField.byWord(c.getField());
        if (f == null) {
            return Outcome.EVENTS_ONLY; // the validator names the fields
        }
        if (f.pages()) {
            boolean vmas = f == org.mmdsl.runtime.vma.MmStructField.MAP_COUNT;
            return count(c, c.getValue(), task, f.word(), "%s's mm->" + f.word() + " is %d" + (vmas ? "" : " %s"),
                    vmas ? null : "page");
        }
        Long want = Blanks.isBlank(c) ? Long.valueOf(0) : in.address(c.getValue());
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve(NO_TASK);
        }
        long got = task.mmField(f.word());
        return new Outcome.State(String.format("%s's mm->%s is 0x%x", task.comm(), f.word(), got), got, want, true);
    }

    /**
     * A count of the task's mm_struct ({@code field}, an MmStructField word) against the check's value; {@code format}
     * takes the task, the count and, when {@code unit} is given, the unit in the count's number.
     */
    private Outcome count(org.eclipse.emf.ecore.EObject check, Expr value, Task task, String field, String format,
            String unit) {
        Long want = Blanks.isBlank(check) ? Long.valueOf(0) : in.address(value);
        if (want == null) {
            return Outcome.EVENTS_ONLY;
        }
        if (task == null || task.exited()) {
            return new Outcome.NothingToObserve(NO_TASK);
        }
        long got = task.mmField(field);
        String observed = unit == null ? String.format(format, task.comm(), got)
                : String.format(format, task.comm(), got, got == 1 ? unit : unit + "s");
        return new Outcome.State(observed, got, want, false);
    }
}
