package org.mmdsl.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form layers (issue 12, point 5): a package may use the packages below it
 * in {@link #LAYERS} and its own, never one above; no two packages use each other; and the runtime
 * depends on the JDK alone. Checked on the compiled main classes (test code may reach anywhere).
 * Compile-time constants (static final primitives and strings) are inlined by javac and so are not
 * seen here; a {@code static} import of one is still an upward import by the reader's eye.
 */
class PackageLayersTest {
    private static final String RUNTIME = "org.mmdsl.runtime";

    /**
     * The layers, bottom first: each package with the kernel part it plays. One line per package;
     * a new package gets a line here (the test fails on a class in a package not listed).
     */
    static final String[][] LAYERS = {
        {"uapi", "include/uapi: errno, signals, si_codes, PROT_/MAP_ bits (what user space sees)"},
        {"arch", "arch/x86: boot parameters, e820, kernel layout, kernel models, pte bits, swap entries"},
        {"event", "the record of a run: events built from primitive data and the types below"},
        {"memblock", "mm/memblock.c: boot-time reservations"},
        {"page", "mm_types.h, page-flags.h: struct page (MemMap)"},
        {"zone", "mm/mm_init.c, mmzone.h: zones, watermarks, lowmem_reserve"},
        {"pagealloc", "mm/page_alloc.c: the buddy allocator, GFP flags, per-cpu page lists"},
        {"mmu", "the hardware: physical memory, translate, TLB"},
        {"pgtable", "mm/pgtable-generic.c, arch/x86/mm/pgtable.c: page tables in frames"},
        {"init", "init/main.c, arch/x86/kernel/setup.c setup_arch(): the boot sequence"},
        {"slab", "mm/slub.c, slab_common.c: kmalloc caches"},
        {"vmalloc", "mm/vmalloc.c: vmap areas"},
        {"highmem", "mm/highmem.c, fixmap.h: pkmap, kmap_local, km_type slots"},
        {"vma", "mm/mmap.c, vma.c, mprotect.c, mremap.c, madvise.c, ...: address spaces"},
        {"reclaim", "mm/vmscan.c, swapfile.c, workingset.c, rmap.c, oom_kill.c"},
        {"fault", "arch/x86/mm/fault.c, mm/memory.c: the page-fault path, user accesses"},
        {"fork", "kernel/fork.c, exit.c: dup_mm, mm_users"},
        {"sched", "kernel/sched/core.c: context_switch(), active_mm"},
        {"proc", "fs/proc, mm/vmstat.c: the /proc files"},
        {"", "the facade the language drives: Kernel, Task, Kthread"},
    };

    private static JavaClasses runtime;

    @BeforeAll
    static void importMainClasses() {
        runtime = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(RUNTIME);
    }

    private static String pkg(String layer) {
        return layer.isEmpty() ? RUNTIME : RUNTIME + "." + layer + "..";
    }

    private static String name(String layer) {
        return layer.isEmpty() ? "(root)" : layer;
    }

    /** (b) No import goes up the layers. */
    @Test
    void noPackageUsesOneAboveIt() {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] l : LAYERS) {
            arch = arch.layer(name(l[0])).definedBy(pkg(l[0]));
        }
        for (int i = 0; i < LAYERS.length - 1; i++) {
            List<String> above = new ArrayList<>();
            for (int j = i + 1; j < LAYERS.length; j++) {
                above.add(name(LAYERS[j][0]));
            }
            arch = arch.whereLayer(name(LAYERS[i][0])).mayOnlyBeAccessedByLayers(above.toArray(new String[0]));
        }
        arch.check(runtime);
    }

    /** Every runtime class lives in a package of {@link #LAYERS}. */
    @Test
    void everyPackageHasALayer() {
        String[] packages = new String[LAYERS.length];
        for (int i = 0; i < LAYERS.length; i++) {
            packages[i] = pkg(LAYERS[i][0]);
        }
        classes().should().resideInAnyPackage(packages)
                .because("a new runtime package gets its line in PackageLayersTest.LAYERS")
                .check(runtime);
    }

    /**
     * Every line of {@link #LAYERS} names a package that has classes: a stale line (a package renamed
     * or emptied) would let the layer rules pass over nothing.
     */
    @Test
    void everyLayerHasClasses() {
        for (String[] l : LAYERS) {
            String name = l[0].isEmpty() ? RUNTIME : RUNTIME + "." + l[0];
            assertTrue(runtime.stream().anyMatch(c -> c.getPackageName().equals(name)),
                    "LAYERS names " + name + ", which has no class");
        }
    }

    /** (a) No cycle among the runtime's packages. */
    @Test
    void noPackageCycles() {
        slices().matching(RUNTIME + ".(*)..").should().beFreeOfCycles()
                .check(runtime);
    }

    /** (c) The runtime depends on the JDK alone. */
    @Test
    void dependsOnTheJdkOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", RUNTIME + "..")
                .because("runtime/ depends on nothing but the JDK")
                .check(runtime);
    }
}
