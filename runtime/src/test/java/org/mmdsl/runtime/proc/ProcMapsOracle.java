package org.mmdsl.runtime.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the proc-maps oracle's recordings (shared/conformance/proc-maps) are compared with a simulated
 * run, for the conformance tests of the runtime and of the language: where the cases are, and what is
 * masked in both texts before they are compared. Masked, as the oracle's README says: the inode column,
 * and the Rss columns of the driver's own file-backed VMAs (with the status lines that sum them: VmHWM,
 * VmRSS, RssFile), and for the same reason the Rss of the driver's .bss (its static buffers are touched
 * as the driver runs: 40 kB after exec, 48 kB a few operations later) and RssAnon, which sums it;
 * likewise the Rss of [stack] and of the start-up [heap] (glibc's TLS block) in a forked child: the
 * driver's own code there copies pages of them. Also not compared: the lines of {@code info}
 * (argv/envp are not modelled).
 *
 * <p>Test code: ProcMapsConformanceTest uses it here, and mmdsl.tests (OracleConformanceTest,
 * GoldenOutputTest, OracleStatementsTest) through the runtime's test-jar (runtime/pom.xml).
 */
public final class ProcMapsOracle {
    private ProcMapsOracle() {
    }

    private static final String EXE = "/opt/oracle/bin/driver64";
    private static final String EXE32 = "/opt/oracle/bin/driver32";

    /**
     * The cases: {@code ../shared/conformance/proc-maps/cases} beside the repository (where CI and the
     * recordings keep them) when that directory exists, else the copy in the runtime's test resources.
     */
    public static Path casesDirectory(Path repositoryRoot) {
        Path shared = repositoryRoot.resolve("../shared/conformance/proc-maps/cases").normalize();
        if (Files.isDirectory(shared)) {
            return shared;
        }
        return repositoryRoot.resolve("runtime/src/test/resources/conformance/proc-maps");
    }

    /** The case names (NAME of every NAME.script that has a NAME.expected), sorted. */
    public static List<String> cases(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".script"))
                    .map(n -> n.substring(0, n.length() - ".script".length()))
                    .filter(n -> Files.exists(directory.resolve(n + ".expected"))).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Lines known to differ, with the reason: the comparison masks them in both texts, so the rest of a
     * case is still compared exactly. Keep this list short and explained.
     */
    private static final Map<String, Map<String, String>> KNOWN = Map.of(
            "38-special-mappings", Map.of("touch(0x7ffff7ffe000, r) = ",
                    "the vDSO image's bytes beyond its ELF magic are not modelled (page 1 starts with 0xde)"));

    /** {@link #normalize} and the known differences of case {@code name}: the text that is compared. */
    public static String comparable(String name, String output) {
        return known(name, normalize(output));
    }

    static String known(String name, String text) {
        Map<String, String> k = KNOWN.getOrDefault(name, Map.of());
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n")) {
            String masked = l;
            for (Map.Entry<String, String> e : k.entrySet()) {
                if (l.startsWith(e.getKey())) {
                    masked = e.getKey() + "KNOWN DIFFERENCE: " + e.getValue();
                }
            }
            sb.append(masked).append('\n');
        }
        return sb.toString();
    }

    /** Masks what the oracle's README calls not portable, and what this model does not reproduce. */
    public static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        boolean driverVma = false;
        boolean bssVma = false;
        boolean childStack = false;
        int skip = 0;
        for (String line : text.replace("\r", "").split("\n")) {
            if (skip > 0) {
                skip--;
                continue;
            }
            if (line.equals("info:") || line.endsWith("] info:")) {
                skip = 3;
            }
            String l = line.replaceAll("([0-9a-f]+-[0-9a-f]+ \\S{4} [0-9a-f]+ [0-9a-f]{2}:[0-9a-f]{2} )\\d+ *", "$1INO ");
            l = l.replaceAll("ino=\\d+", "ino=INO");
            if (l.contains("Rss=") && (driverVma || bssVma || childStack)) {
                l = l.replaceAll("Rss=.* VmFlags:", "RSS-NOT-COMPARED VmFlags:");
            }
            if (l.matches("(  \\[child\\] )?\\s+(VmHWM|VmRSS|RssFile|RssAnon):.*")) { // a child's too
                l = l.replaceAll("\\d+", "N");
            }
            driverVma = l.contains(EXE) || l.contains(EXE32);
            bssVma = l.contains(" 004ce000-") || l.contains(" 08116000-");
            childStack = l.startsWith("  [child]") && (l.endsWith("[stack]") || l.contains(" 005af000-"));
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
