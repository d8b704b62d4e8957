package org.mmdsl.generate;

import java.util.SplittableRandom;

import org.mmdsl.interpreter.Run;
import org.mmdsl.runtime.ZoneView;

/**
 * {@code generate zones}: where lowmem ends and the zone ranges, from a boot drawn at random: RAM size,
 * user/kernel split, vmalloc=, mem= and kernel model (2.6.24 or 6.1) on i386 and PAE, RAM and mem= on
 * x86_64 and la57. The blanks ask each populated zone's start and end (physical addresses, end exclusive).
 * Which zones are populated is read from a boot of the same machine; their boundaries are not computed
 * here: {@link Keys} takes them from a run.
 */
final class ZonesTopic implements Topic {

    private static final String[] RAM_32 = {"256MB", "384MB", "512MB", "768MB", "896MB", "1GB", "1280MB", "1536MB", "2GB",
        "3GB"};
    private static final String[] RAM_PAE = {"512MB", "896MB", "1GB", "1536MB", "2GB", "3GB", "3584MB", "4GB", "5GB", "6GB",
        "8GB", "12GB"};
    private static final String[] RAM_64 = {"512MB", "1GB", "1536MB", "2GB", "2560MB", "3GB", "3584MB", "4GB", "5GB", "6GB",
        "8GB", "12GB", "16GB"};
    private static final String[] SPLITS = {"3G/1G", "3G/1G", "2G/2G", "1G/3G"};
    private static final String[] VMALLOC = {"64MB", "128MB", "192MB", "256MB"};
    private static final String[] ZONES_32 = {"DMA", "Normal", "HighMem"};
    private static final String[] ZONES_64 = {"DMA", "DMA32", "Normal"};

    @Override
    public String name() {
        return "zones";
    }

    @Override
    public String task() {
        return "work out where each zone starts and ends (physical addresses, the end exclusive) on this machine";
    }

    @Override
    public String body(SplittableRandom rng, GenArch arch) {
        GenArch a = arch != null ? arch : GenArch.draw(rng);
        String[] rams = a == GenArch.I386 ? RAM_32 : a == GenArch.PAE ? RAM_PAE : RAM_64;
        int ramIndex = rng.nextInt(rams.length);
        StringBuilder boot = new StringBuilder();
        boot.append("boot ram ").append(rams[ramIndex]).append('\n');
        boot.append("  arch ").append(a.bootWords).append('\n');
        if (a.is32()) {
            if (rng.nextInt(3) == 0) {
                boot.append("  split ").append(SPLITS[rng.nextInt(SPLITS.length)]).append('\n');
            }
            if (rng.nextInt(3) == 0) {
                boot.append("  vmalloc ").append(VMALLOC[rng.nextInt(VMALLOC.length)]).append('\n');
            }
        }
        if (ramIndex > 0 && rng.nextInt(a.is32() ? 3 : 2) == 0) {
            boot.append("  mem ").append(rams[rng.nextInt(ramIndex)]).append('\n');
        }
        if (a.is32() && rng.nextBoolean()) {
            boot.append("  kernel 2.6\n");
        }
        Run probe = Scenarios.run(boot.toString());
        StringBuilder s = new StringBuilder(boot).append('\n');
        for (String zone : a.is32() ? ZONES_32 : ZONES_64) {
            ZoneView z = probe.kernel().zone(zone);
            if (z != null && z.spanned() > 0) {
                s.append("expect zone ").append(zone).append(" start ?\n");
                s.append("expect zone ").append(zone).append(" end ?\n");
            }
        }
        return s.toString();
    }
}
