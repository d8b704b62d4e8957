package org.mmdsl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.mmdsl.generate.GenArch;
import org.mmdsl.generate.Generator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdsl generate TOPIC --seed N}: writes seeded exercises (org.mmdsl.generate), to standard output or
 * as files in --out: each exercise with its answers blank ({@code ?}), and with --answers its key. Exit 0;
 * 2 on a bad option or an unwritable folder.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = {"Write fresh exercises of a topic, the same text for the same topic, "
        + "seed, options and mmdsl version (the header records them).",
    "Topics: walk (virtual to physical: page-table indices, what accesses read, which fault), "
        + "zones (zone starts and ends from RAM, split, vmalloc=, mem=, kernel model), "
        + "vma (the addresses mmap returns after mmap/mprotect/munmap, and the maps), "
        + "kmap (i386: pkmap slots of kmap, kmap_local/kmap_atomic fixmap slots, the direct map; --arch i386 or pae), "
        + "cow (fork and copy-on-write: pte flags, refcount and mapcount, values, rss), "
        + "buddy (alloc_pages/free_pages: the pfns and the free blocks of each order), "
        + "tlb (dTLB hits and misses through context switches, flushes and a stale entry).",
    "The answers are blanks (?); --answers also writes each key, the blanks filled in from a run "
        + "(as `mmdsl answers` fills them)."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1", paramLabel = "TOPIC", description = "walk, zones, vma, kmap, cow, buddy or tlb")
    String topic;

    @Option(names = "--seed", required = true, paramLabel = "N", description = "the seed: the same seed, the same text")
    long seed;

    @Option(names = "--count", paramLabel = "K", defaultValue = "1", description = "how many exercises (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--arch", paramLabel = "ARCH", description = "i386, pae, x86_64 or la57 (default: each exercise draws one)")
    String arch;

    @Option(names = "--answers", description = "Also write each exercise's key (after it, or as TOPIC-SEED[-K].key.mmdsl).")
    boolean answers;

    @Option(names = "--out", paramLabel = "DIR", description = "Write TOPIC-SEED[-K].mmdsl (and .key.mmdsl) files "
            + "into DIR instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        PrintStream err = ScenarioLoader.err;
        GenArch a = arch == null ? null : GenArch.byWord(arch);
        if (arch != null && a == null) {
            err.println("mmdsl: --arch must be i386, pae, x86_64 or la57");
            return MmdslCli.INVALID;
        }
        if (count < 1 || count > 1000) {
            err.println("mmdsl: --count must be between 1 and 1000");
            return MmdslCli.INVALID;
        }
        if (!Generator.topics().contains(topic)) {
            err.println("mmdsl: unknown topic " + topic + " (topics: " + String.join(", ", Generator.topics()) + ")");
            return MmdslCli.INVALID;
        }
        if (a != null && !Generator.arches(topic).contains(a.word)) {
            err.println("mmdsl: generate " + topic + " does not play on " + a.word + ": write --arch "
                    + String.join(" or ", Generator.arches(topic)) + ", or leave --arch out");
            return MmdslCli.INVALID;
        }
        List<Generator.Exercise> exercises = Generator.generate(topic, seed, count, a, spec.root().version()[0]);
        try {
            if (out != null) {
                Files.createDirectories(out);
            }
            boolean first = true;
            for (Generator.Exercise e : exercises) {
                if (out != null) {
                    Files.writeString(out.resolve(e.name() + ".mmdsl"), e.text());
                    if (answers) {
                        Files.writeString(out.resolve(e.name() + ".key.mmdsl"), e.key());
                    }
                } else {
                    ScenarioLoader.out.print((first ? "" : "\n") + e.text() + (answers ? "\n" + e.key() : ""));
                }
                first = false;
            }
        } catch (IOException ex) {
            err.println("mmdsl: cannot write " + out + ": " + ex.getMessage());
            return MmdslCli.INVALID;
        }
        return MmdslCli.OK;
    }
}
