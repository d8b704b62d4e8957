package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Issue 12 point 6: the README's layout table names every package of every folder, and nothing else.
 * The packages are read from the source trees (each .java file's package declaration, generated
 * {@code xtext-gen} and build output left out), per top-level folder; the table's packages column
 * gives, per folder, its root package first and the others relative to it (or in full). The test fails
 * on a folder with Java sources but no row, a package not named in its folder's row, and a name that is
 * no package of that folder. Does not check the other columns.
 */
class ReadmeLayoutTest {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");
    private static final Set<String> NOT_SOURCES = Set.of("target", "xtext-gen", "node_modules", ".git");

    @Test
    void layoutTableNamesEveryPackageOfEveryFolder() throws IOException {
        Path root = ExamplesTest.root();
        Map<String, Set<String>> actual = packagesByFolder(root);
        Map<String, List<String>> table = layoutTable(Files.readString(root.resolve("README.md")));
        List<String> problems = new ArrayList<>();
        for (String folder : actual.keySet()) {
            if (!table.containsKey(folder)) {
                problems.add(folder + "/ has Java packages " + actual.get(folder) + " but no row in the README's layout table");
            }
        }
        for (Map.Entry<String, List<String>> row : table.entrySet()) {
            String folder = row.getKey();
            Set<String> packages = actual.getOrDefault(folder, Set.of());
            List<String> names = row.getValue();
            if (names.isEmpty()) {
                if (!packages.isEmpty()) {
                    problems.add(folder + "/: the README names no packages, the sources have " + packages);
                }
                continue;
            }
            String base = names.get(0);
            if (packages.stream().noneMatch(p -> p.equals(base) || p.startsWith(base + "."))) {
                problems.add(folder + "/: the README's root package `" + base + "` is no package of the folder");
            }
            Set<String> named = new TreeSet<>();
            for (String n : names.subList(1, names.size())) {
                String full = packages.contains(n) ? n : base + "." + n;
                if (packages.contains(full)) {
                    named.add(full);
                } else {
                    problems.add(folder + "/: the README names `" + n + "`, which is no package of the folder any more");
                }
            }
            if (packages.contains(base)) {
                named.add(base);
            }
            for (String p : packages) {
                if (!named.contains(p)) {
                    problems.add(folder + "/: package " + p + " is not named in the README's layout table");
                }
            }
        }
        assertEquals("", String.join("\n", problems), "README.md, ## Layout");
    }

    /** Top-level folder name to the packages declared by the Java files under it. */
    private static Map<String, Set<String>> packagesByFolder(Path root) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return NOT_SOURCES.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Path rel = root.relativize(f);
                if (rel.getNameCount() >= 2 && f.getFileName().toString().endsWith(".java")) {
                    Matcher m = PACKAGE.matcher(Files.readString(f));
                    if (m.find()) {
                        out.computeIfAbsent(rel.getName(0).toString(), k -> new TreeSet<>()).add(m.group(1));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /**
     * The rows of the table under "## Layout": folder (first column, without its trailing slash) to the
     * names in backquotes in the packages column, in order.
     */
    static Map<String, List<String>> layoutTable(String readme) {
        int section = readme.indexOf("\n## Layout\n");
        assertTrue(section >= 0, "README has no '## Layout' section");
        int next = readme.indexOf("\n## ", section + 1);
        String text = next < 0 ? readme.substring(section) : readme.substring(section, next);
        Map<String, List<String>> rows = new TreeMap<>();
        boolean header = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (!header) {
                assertEquals(List.of("folder", "packages"), List.of(cells[1].trim(), cells[2].trim()),
                        "the layout table's first columns");
                header = true;
                continue;
            }
            if (cells[1].trim().startsWith("---")) {
                continue;
            }
            String folder = cells[1].trim().replace("`", "").replaceAll("/$", "");
            List<String> names = new ArrayList<>();
            Matcher m = NAME.matcher(cells[2]);
            while (m.find()) {
                names.add(m.group(1));
            }
            rows.put(folder, names);
        }
        assertTrue(header, "README's layout section has no table");
        return rows;
    }
}
