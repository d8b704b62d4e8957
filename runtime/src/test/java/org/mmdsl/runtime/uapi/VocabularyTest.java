package org.mmdsl.runtime.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.pagealloc.Gfp;

/**
 * Issue 12 point 1: the vocabulary is one table per set, each word with its value, kernel spelling,
 * release and doc line; the version table answers what each modelled kernel has.
 */
class VocabularyTest {

    @Test
    void everySetHasUniqueWordsAndKernelNamesAndADocLine() {
        for (Vocabulary.WordSet set : Vocabulary.SETS) {
            Set<String> words = new HashSet<>();
            Set<String> kernelNames = new HashSet<>();
            for (KernelWord w : set.words()) {
                assertTrue(words.add(w.word()), set.name() + ": " + w.word() + " twice");
                assertTrue(kernelNames.add(w.kernelName()), set.name() + ": " + w.kernelName() + " twice");
                assertFalse(w.doc() == null || w.doc().isBlank(), set.name() + ": " + w.word() + " has no doc line");
                if (w.since() != null) {
                    KernelVersion.code(w.since()); // parses
                }
            }
        }
    }

    @Test
    void releasesCompareAsTheKernelNumbersThem() {
        assertTrue(KernelVersion.code("2.6.24") < KernelVersion.code("2.6.25"));
        assertTrue(KernelVersion.code("2.6.38") < KernelVersion.code("3.4"));
        assertTrue(KernelVersion.code("6.1") < KernelVersion.code("6.13"));
        assertTrue(KernelVersion.code("6.13") < KernelVersion.code("6.18"));
        assertEquals(KernelVersion.code("6.1"), KernelVersion.code("6.1.0"));
    }

    @Test
    void theVersionTableSaysWhatEachModelHas() {
        assertFalse(KernelVersion.V2_6.has(MapFlag.FIXED_NOREPLACE));
        assertTrue(KernelVersion.V6_1.has(MapFlag.FIXED_NOREPLACE));
        assertFalse(KernelVersion.V2_6.has(Madv.FREE));
        assertFalse(KernelVersion.V6_1.has(Madv.GUARD_INSTALL));
        assertTrue(KernelVersion.V6_18.has(Madv.GUARD_REMOVE));
        assertTrue(KernelVersion.V2_6.has(ShowTarget.MMAP_CACHE));
        assertFalse(KernelVersion.V6_1.has(ShowTarget.MMAP_CACHE));
        assertFalse(KernelVersion.V2_6.has(ShowTarget.VMALLOCINFO));
        assertTrue(KernelVersion.V2_6.has(KernelFeature.KM_TYPE));
        assertFalse(KernelVersion.V6_18.has(KernelFeature.KM_TYPE));
        assertFalse(KernelVersion.V6_1.has(KernelFeature.MSEAL));
        assertTrue(KernelVersion.V6_18.has(FileSeal.EXEC));
        assertFalse(KernelVersion.V6_1.has(FileSeal.EXEC));
        assertEquals(KernelVersion.V6_18, KernelVersion.byLabel("6.18"));
    }

    @Test
    void mmanAndGfpListsAreReadFromTheVocabulary() {
        assertEquals(4, Mman.madvise("dontneed"));
        assertEquals(-1, Mman.madvise("nosuch"));
        assertEquals("guard_install", Mman.MADV_NAMES[Mman.MADV_GUARD_INSTALL]);
        assertEquals(Madv.values().length, java.util.Arrays.stream(Mman.MADV_NAMES).filter(n -> n != null).count());
        assertEquals(List.of("GFP_ATOMIC", "GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "GFP_NOWAIT", "GFP_NOIO", "GFP_NOFS",
                "GFP_USER", "GFP_DMA", "GFP_DMA32", "GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "__GFP_DMA", "__GFP_HIGHMEM",
                "__GFP_DMA32", "__GFP_MOVABLE", "__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_ZERO", "__GFP_ATOMIC",
                "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_NOWARN", "__GFP_NOFAIL", "__GFP_NORETRY",
                "__GFP_COMP", "__GFP_HARDWALL", "__GFP_ACCOUNT"), List.of(Gfp.NAMES));
        assertEquals(Gfp.GFP_HIGHUSER_MOVABLE, Gfp.valueOf("GFP_HIGHUSER_MOVABLE"));
    }

    /** open's flags give the f_mode OPEN_FMODE() gives; each release has the seals its F_ALL_SEALS has. */
    @Test
    void openFlagsAndSealsAreTheKernels() {
        assertEquals(org.mmdsl.runtime.vma.OpenFileDescription.FMODE_READ,
                org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(OpenFlag.RDONLY, KernelVersion.V6_1));
        assertEquals(org.mmdsl.runtime.vma.OpenFileDescription.FMODE_WRITE,
                org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(OpenFlag.WRONLY, KernelVersion.V6_1));
        assertEquals(org.mmdsl.runtime.vma.OpenFileDescription.FMODE_READ | org.mmdsl.runtime.vma.OpenFileDescription.FMODE_WRITE,
                org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(OpenFlag.RDWR, KernelVersion.V6_1));
        assertEquals(org.mmdsl.runtime.vma.OpenFileDescription.FMODE_PATH,
                org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(OpenFlag.PATH, KernelVersion.V6_1));
        assertEquals(org.mmdsl.runtime.vma.OpenFileDescription.FMODE_READ,
                org.mmdsl.runtime.vma.OpenFileDescription.fModeOf(OpenFlag.PATH, KernelVersion.V2_6)); // ignored before 2.6.39
        assertEquals(OpenFlag.RDWR, OpenFlag.byWord("O_RDWR"));
        assertEquals(Mman.MAP_FIXED_NOREPLACE | Mman.MAP_SYNC | Mman.MAP_HUGETLB | Mman.MAP_STACK, MapFlag.unknownTo(KernelVersion.V2_6));
        assertEquals(0, MapFlag.unknownTo(KernelVersion.V6_1));
        assertEquals(0x1f, FileSeal.allSeals(KernelVersion.V6_1));
        assertEquals(0x3f, FileSeal.allSeals(KernelVersion.V6_18));
        assertEquals(FileSeal.WRITE, FileSeal.byWord("F_SEAL_WRITE"));
        assertEquals(3, Rlimit.byWord("RLIMIT_STACK").value());
        assertEquals(9, Rlimit.AS.value());
    }

    /** strace's spelling of the flags (Mman.mapFlagNames) names every MAP_ bit the language has. */
    @Test
    void everyMapFlagPrintsByItsKernelName() {
        for (MapFlag f : MapFlag.values()) {
            assertTrue(Mman.mapFlagNames(Mman.MAP_PRIVATE | (int) f.value()).endsWith("|" + f.kernelName()), f.kernelName());
        }
        for (MapType t : MapType.values()) {
            assertEquals(t.kernelName(), Mman.mapFlagNames((int) t.value()));
        }
        assertNotNull(MapFlag.byWord("32bit"));
        assertEquals("MAP_32BIT", MapFlag.byWord("32bit").kernelName());
    }
}
