package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.ArchOption;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.BootOption;
import org.mmdsl.mmdsl.CpusOption;
import org.mmdsl.mmdsl.HighmemOption;
import org.mmdsl.mmdsl.KernelOption;
import org.mmdsl.mmdsl.MemOption;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.RamOption;
import org.mmdsl.mmdsl.SplitOption;
import org.mmdsl.mmdsl.VmallocOption;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.arch.Split;

/**
 * Maps a boot statement onto the runtime's {@link BootParams}: a translation of words, no rules.
 * A scenario without a boot statement boots the runtime's defaults (i386, 1536 MB, 3G/1G, highmem).
 */
public final class BootConfig {
    private BootConfig() {
    }

    /** The kernel model a scenario plays: its {@code kernel} boot option, else 6.1. */
    public static KernelModel model(org.mmdsl.mmdsl.Scenario scenario) {
        return scenario == null ? KernelModel.V6_1 : from(scenario.getBoot()).model;
    }

    public static BootParams from(Boot boot) {
        BootParams p = new BootParams();
        if (boot == null) {
            return p;
        }
        for (BootOption o : boot.getOptions()) {
            if (o instanceof RamOption) {
                p.ramBytes = ((RamOption) o).getSize();
            } else if (o instanceof ArchOption) {
                ArchOption a = (ArchOption) o;
                if ("x86_64".equals(a.getArch())) {
                    p.arch = "la57".equals(a.getVariant()) ? Arch.X86_64_LA57 : Arch.X86_64;
                } else {
                    p.arch = "pae".equals(a.getVariant()) ? Arch.I386_PAE : Arch.I386;
                }
            } else if (o instanceof SplitOption) {
                String s = ((SplitOption) o).getSplit();
                for (Split split : Split.values()) {
                    if (split.label.equals(s)) {
                        p.split = split;
                    }
                }
            } else if (o instanceof HighmemOption) {
                HighmemOption h = (HighmemOption) o;
                p.highmem = !h.isOff();
                if (h.eIsSet(MmdslPackage.Literals.HIGHMEM_OPTION__SIZE)) {
                    p.highmemBytes = h.getSize();
                }
            } else if (o instanceof VmallocOption) {
                p.vmallocBytes = ((VmallocOption) o).getSize();
            } else if (o instanceof org.mmdsl.mmdsl.ReservetopOption) {
                p.reserveTopBytes = ((org.mmdsl.mmdsl.ReservetopOption) o).getSize();
            } else if (o instanceof MemOption) {
                p.memBytes = ((MemOption) o).getSize();
            } else if (o instanceof KernelOption) {
                KernelModel m = KernelModel.byLabel(((KernelOption) o).getVersion());
                if (m != null) {
                    p.model = m;
                }
            } else if (o instanceof org.mmdsl.mmdsl.TlbOption) {
                org.mmdsl.mmdsl.TlbOption t = (org.mmdsl.mmdsl.TlbOption) o;
                p.tlbEntries = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, t.getEntries()));
                p.tlbWays = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, t.getWays()));
            } else if (o instanceof org.mmdsl.mmdsl.SwapOption) {
                p.swapBytes = ((org.mmdsl.mmdsl.SwapOption) o).getSize();
            } else if (o instanceof CpusOption) {
                long n = ((CpusOption) o).getCount();
                p.cpus = n > Integer.MAX_VALUE || n < 0 ? -1 : (int) n;
            }
        }
        return p;
    }
}
