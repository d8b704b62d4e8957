package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.ArchOption;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.BootOption;
import org.mmdsl.mmdsl.CpusOption;
import org.mmdsl.mmdsl.HighmemOption;
import org.mmdsl.mmdsl.HighpteOption;
import org.mmdsl.mmdsl.KernelOption;
import org.mmdsl.mmdsl.MemOption;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.PtiOption;
import org.mmdsl.mmdsl.RamOption;
import org.mmdsl.mmdsl.ReservetopOption;
import org.mmdsl.mmdsl.SplitOption;
import org.mmdsl.mmdsl.SwapOption;
import org.mmdsl.mmdsl.TlbOption;
import org.mmdsl.mmdsl.VmallocOption;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.arch.Arch;
import org.mmdsl.runtime.arch.ArchWord;
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
        boolean[] ramGiven = {false};
        MmdslSwitch<Boolean> option = new MmdslSwitch<>() {
            @Override
            public Boolean caseRamOption(RamOption o) {
                ramGiven[0] = true;
                p.ramBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseArchOption(ArchOption a) {
                p.arch = Arch.of(ArchWord.byWord(a.getArch()), ArchWord.byWord(a.getVariant() == null ? "" : a.getVariant()));
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseSplitOption(SplitOption o) {
                Split split = Split.byWord(o.getSplit());
                if (split != null) {
                    p.split = split;
                }
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseHighmemOption(HighmemOption h) {
                p.highmem = !h.isOff();
                if (h.eIsSet(MmdslPackage.Literals.HIGHMEM_OPTION__SIZE)) {
                    p.highmemBytes = h.getSize();
                }
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseVmallocOption(VmallocOption o) {
                p.vmallocBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseReservetopOption(ReservetopOption o) {
                p.reserveTopBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseHighpteOption(HighpteOption o) {
                p.highpte = true;
                return Boolean.TRUE;
            }

            @Override
            public Boolean casePtiOption(PtiOption o) {
                p.pti = o.isOn();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseMemOption(MemOption o) {
                p.memBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseKernelOption(KernelOption o) {
                KernelModel m = KernelModel.byLabel(o.getVersion());
                if (m != null) {
                    p.model = m;
                }
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseTlbOption(TlbOption t) {
                p.tlbEntries = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, t.getEntries()));
                p.tlbWays = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, t.getWays()));
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseKernelcoreOption(org.mmdsl.mmdsl.KernelcoreOption o) {
                p.kernelcoreBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseMovablecoreOption(org.mmdsl.mmdsl.MovablecoreOption o) {
                p.movablecoreBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseSwapOption(SwapOption o) {
                p.swapBytes = o.getSize();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseCpusOption(CpusOption o) {
                long n = o.getCount();
                p.cpus = n > Integer.MAX_VALUE || n < 0 ? -1 : (int) n;
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseThpOption(org.mmdsl.mmdsl.ThpOption o) {
                p.thp = org.mmdsl.runtime.arch.ThpMode.byWord(o.getMode());
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseHugepagesOption(org.mmdsl.mmdsl.HugepagesOption o) {
                p.hugepages = o.getCount();
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseNodesOption(org.mmdsl.mmdsl.NodesOption o) {
                long[] sizes = o.getSizes().stream().mapToLong(Long::longValue).toArray();
                // one number is a count of nodes sharing the RAM, several are each node's RAM
                p.nodeBytes = sizes.length == 1 ? new long[] {-sizes[0]} : sizes;
                if (o.getDistance() != 0) {
                    p.remoteDistance = (int) Math.min(Integer.MAX_VALUE, o.getDistance());
                }
                return Boolean.TRUE;
            }

            @Override
            public Boolean defaultCase(org.eclipse.emf.ecore.EObject o) {
                return Boolean.FALSE; // a bare option left by parser recovery sets nothing
            }
        };
        for (BootOption o : boot.getOptions()) {
            option.doSwitch(o);
        }
        if (p.nodeBytes != null && p.nodeBytes.length == 1) {
            long n = -p.nodeBytes[0];
            p.nodeBytes = n < 1 || n > BootParams.MAX_NODES ? new long[(int) Math.max(0, Math.min(n, 1))]
                    : BootParams.evenNodes(p.ramBytes, (int) n);
        } else if (p.nodeBytes != null && !ramGiven[0]) {
            p.ramBytes = java.util.Arrays.stream(p.nodeBytes).sum(); // the nodes' RAM is the machine's
        }
        return p;
    }
}
