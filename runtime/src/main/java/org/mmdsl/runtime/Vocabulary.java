package org.mmdsl.runtime;

import java.util.List;

import org.mmdsl.runtime.arch.ArchWord;
import org.mmdsl.runtime.arch.BootParam;
import org.mmdsl.runtime.arch.PteFlag;
import org.mmdsl.runtime.arch.Split;
import org.mmdsl.runtime.highmem.KmType;
import org.mmdsl.runtime.pagealloc.GfpFlag;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.FileSeal;
import org.mmdsl.runtime.uapi.KernelFeature;
import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.runtime.uapi.Madv;
import org.mmdsl.runtime.uapi.MapFlag;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.MlockFlag;
import org.mmdsl.runtime.uapi.MlockallFlag;
import org.mmdsl.runtime.uapi.MremapFlag;
import org.mmdsl.runtime.uapi.MsyncFlag;
import org.mmdsl.runtime.uapi.OpenFlag;
import org.mmdsl.runtime.uapi.Prot;
import org.mmdsl.runtime.uapi.Rlimit;
import org.mmdsl.runtime.uapi.ShowTarget;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;
import org.mmdsl.runtime.vma.MmCounter;
import org.mmdsl.runtime.vma.MmStructField;
import org.mmdsl.runtime.vma.OvercommitSysctl;
import org.mmdsl.runtime.zone.ZoneMark;
import org.mmdsl.runtime.zone.ZoneType;

/**
 * Every set of words the language shares with the kernel, in one list: each set is an enum of
 * {@link KernelWord}s defined once, in uapi or beside the rule it belongs to (GFP flags in pagealloc,
 * zones and their watermarks in zone, km_types in highmem, the boot statement's words in arch), with
 * its bit, kernel spelling, first release and one line of documentation. The language reads these sets (interpreter, validators, completion, hover, syntax
 * hints, the oracle translator), the build generates the TextMate grammar and the docs' tables from
 * them, and a test compares the grammar's enums and keywords with them both ways.
 *
 * <p>It lives at the top of the runtime because it lists sets from several layers; it holds no rule.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** One set: its name in the docs, the kernel header that defines it, its words in the language's order. */
    public record WordSet(String name, String source, List<KernelWord> words) {
        /** The word spelled {@code word} in this set, or null. */
        public KernelWord byWord(String word) {
            for (KernelWord w : words) {
                if (w.word().equals(word)) {
                    return w;
                }
            }
            return null;
        }

        /** The words as a scenario writes them, in order. */
        public List<String> spellings() {
            return words.stream().map(KernelWord::word).toList();
        }

        /**
         * A set is known by its name (the constants below have distinct names). Written out because the
         * record's generated equals/hashCode would hash every word of the set at each lookup, and their first
         * call bootstraps java.lang.runtime.ObjectMethods, about 20 ms of a one-shot run's start-up (the
         * validators keep sets as map keys).
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof WordSet w && w.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    private static WordSet set(String name, String source, KernelWord[] words) {
        return new WordSet(name, source, List.of(words));
    }

    public static final WordSet MAP_TYPES = set("mmap sharing types", "include/uapi/linux/mman.h", MapType.values());
    public static final WordSet MAP_FLAGS = set("mmap flags", "include/uapi/asm-generic/mman-common.h, arch/x86/include/uapi/asm/mman.h",
            MapFlag.values());
    public static final WordSet PROT = set("PROT bits", "include/uapi/asm-generic/mman-common.h", Prot.values());
    public static final WordSet MREMAP_FLAGS = set("mremap flags", "include/uapi/linux/mman.h", MremapFlag.values());
    public static final WordSet MADVISE = set("madvise advice", "include/uapi/asm-generic/mman-common.h", Madv.values());
    public static final WordSet MSYNC_FLAGS = set("msync flags", "include/uapi/asm-generic/mman-common.h", MsyncFlag.values());
    public static final WordSet MLOCK_FLAGS = set("mlock2 flags", "include/uapi/asm-generic/mman-common.h", MlockFlag.values());
    public static final WordSet MLOCKALL_FLAGS = set("mlockall flags", "include/uapi/asm-generic/mman.h", MlockallFlag.values());
    public static final WordSet GFP_FLAGS = set("GFP flags", "include/linux/gfp_types.h", GfpFlag.values());
    public static final WordSet ERRNOS = set("errnos", "include/uapi/asm-generic/errno-base.h, errno.h", Errno.values());
    public static final WordSet SIGNALS = set("signals", "include/uapi/asm-generic/signal.h", Signal.values());
    public static final WordSet SI_CODES = set("si_codes", "include/uapi/asm-generic/siginfo.h", SiCode.values());
    public static final WordSet OPEN_FLAGS = set("open flags", "include/uapi/asm-generic/fcntl.h", OpenFlag.values());
    public static final WordSet FILE_SEALS = set("file seals", "include/uapi/linux/fcntl.h", FileSeal.values());
    public static final WordSet RLIMITS = set("resource limits", "include/uapi/asm-generic/resource.h", Rlimit.values());
    public static final WordSet ZONES = set("zones", "include/linux/mmzone.h", ZoneType.values());
    public static final WordSet ZONE_MARKS = set("zone watermarks and free pages", "include/linux/mmzone.h, mm/vmstat.c zoneinfo",
            ZoneMark.values());
    public static final WordSet PTE_FLAGS = set("pte flags", "arch/x86/include/asm/pgtable_types.h", PteFlag.values());
    public static final WordSet KM_TYPES = set("km_types", "2.6.24 include/asm-x86/kmap_types.h", KmType.values());
    public static final WordSet SHOW_TARGETS = set("show targets", "fs/proc, mm/vmstat.c", ShowTarget.values());
    public static final WordSet MM_FIELDS = set("mm_struct fields", "include/linux/mm_types.h", MmStructField.values());
    public static final WordSet MM_COUNTERS = set("mm rss counters", "include/linux/mm_types_task.h", MmCounter.values());
    public static final WordSet SYSCTLS = set("sysctls", "kernel/sysctl.c, mm/util.c", OvercommitSysctl.values());
    public static final WordSet BOOT_PARAMS = set("boot options", "Documentation/admin-guide/kernel-parameters.txt, arch/x86/Kconfig",
            BootParam.values());
    public static final WordSet ARCHES = set("architectures and paging variants", "arch/x86/Kconfig", ArchWord.values());
    public static final WordSet SPLITS = set("user/kernel splits", "arch/x86/Kconfig (i386)", Split.values());
    public static final WordSet KERNEL_VERSIONS = set("kernel versions", "the releases mmdsl models", KernelVersion.values());

    /** Every set, in the docs' order. */
    public static final List<WordSet> SETS = List.of(MAP_TYPES, MAP_FLAGS, PROT, MREMAP_FLAGS, MADVISE, MSYNC_FLAGS,
            MLOCK_FLAGS, MLOCKALL_FLAGS, OPEN_FLAGS, FILE_SEALS, RLIMITS, GFP_FLAGS, ERRNOS, SIGNALS, SI_CODES, ZONES,
            ZONE_MARKS, PTE_FLAGS, KM_TYPES, SHOW_TARGETS, MM_FIELDS, MM_COUNTERS, SYSCTLS, BOOT_PARAMS, ARCHES, SPLITS, KERNEL_VERSIONS);

    /**
     * The kernel functions kernel steps call by name (kmalloc, kmap_atomic, __va, ...), for hover: function
     * names, not constants, so no set of {@link #SETS} and no table in the docs.
     */
    public static final WordSet KERNEL_API = set("kernel functions", "mm/slub.c, mm/vmalloc.c, mm/page_alloc.c, mm/highmem.c, arch/x86",
            KernelApi.values());

    /** The features that are no word of a set (system calls, kernel APIs) with their releases. */
    public static final List<KernelFeature> FEATURES = List.of(KernelFeature.values());
}
