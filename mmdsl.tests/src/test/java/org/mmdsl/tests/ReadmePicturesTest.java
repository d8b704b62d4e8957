package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 14 point 5: the README shows one picture of each kind, and they are the build's, not drawn by hand.
 * docs/pictures/KIND.svg is what {@code mmdsl run --pictures} writes for examples/pictures-i386.mmdsl's
 * {@code show picture} of that kind; this test plays the example (twice: the files must not vary from run
 * to run, no date, no random id), and fails when a committed file differs, when docs/pictures holds a file
 * that no picture writes, or when the README does not show each one. After a change meant to alter the
 * pictures, rewrite them and review the diff with it:
 * <pre>
 * mvn -B -q -o -pl runtime,mmdsl,mmdsl.ide,mmdsl.tests -am verify -Dtest=ReadmePicturesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dpictures.update=true
 * </pre>
 */
class ReadmePicturesTest {
    private static final String EXAMPLE = "pictures-i386";
    /** Each kind, and the line of the example whose picture the README shows. */
    private static final Map<String, Integer> SHOWN = new LinkedHashMap<>();

    static {
        SHOWN.put("maps", 16);
        SHOWN.put("walk", 17);
        SHOWN.put("kernel", 27);
        SHOWN.put("physical", 32);
        SHOWN.put("buddy", 33);
    }

    @Test
    void theReadmesPicturesAreTheExamplesPictures() throws IOException {
        Path root = ExamplesTest.root();
        Path docs = root.resolve("docs/pictures");
        Map<String, String> drawn = draw(root, "a");
        assertEquals(drawn, draw(root, "b"), "the pictures differ from one run to the next");
        List<String> problems = new ArrayList<>();
        boolean update = Boolean.getBoolean("pictures.update");
        if (update) {
            Files.createDirectories(docs);
        }
        for (Map.Entry<String, String> e : drawn.entrySet()) {
            Path f = docs.resolve(e.getKey());
            if (update) {
                Files.writeString(f, e.getValue());
            } else if (!Files.isRegularFile(f) || !Files.readString(f).equals(e.getValue())) {
                problems.add("docs/pictures/" + e.getKey() + (Files.isRegularFile(f) ? " differs from" : " is missing:")
                        + " what examples/" + EXAMPLE + ".mmdsl draws now");
            }
        }
        try (Stream<Path> files = Files.isDirectory(docs) ? Files.list(docs) : Stream.empty()) {
            for (Path f : files.sorted().toList()) {
                if (!drawn.containsKey(f.getFileName().toString())) {
                    if (update) {
                        Files.delete(f);
                    } else {
                        problems.add("docs/pictures/" + f.getFileName() + " is drawn by no picture of examples/" + EXAMPLE
                                + ".mmdsl");
                    }
                }
            }
        }
        String readme = Files.readString(root.resolve("README.md"));
        for (String name : drawn.keySet()) {
            if (!readme.contains("<img src=\"docs/pictures/" + name + "\"")) {
                problems.add("README.md does not show docs/pictures/" + name + " (<img src=\"docs/pictures/" + name + "\" ...>)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + (problems.isEmpty() ? "" : "\nrewrite the pictures "
                + "with -Dtest=ReadmePicturesTest -Dpictures.update=true and review the diff"));
    }

    /** The example's pictures as `run --pictures` writes them, by the README's file name (KIND.svg). */
    private static Map<String, String> draw(Path root, String run) throws IOException {
        Path dir = Path.of("target", "readme-pictures", run);
        Files.createDirectories(dir);
        Cli r = Cli.run("run", "--pictures", dir.toString(), root.resolve("examples/" + EXAMPLE + ".mmdsl").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : SHOWN.entrySet()) {
            Path svg = dir.resolve(EXAMPLE + "." + e.getValue() + "." + e.getKey() + ".svg");
            assertTrue(Files.isRegularFile(svg), svg + " was not written: " + r.out());
            out.put(e.getKey() + ".svg", Files.readString(svg));
        }
        return out;
    }
}
