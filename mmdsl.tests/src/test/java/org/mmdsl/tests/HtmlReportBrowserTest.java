package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 14 point 3: the HTML report of examples/pictures-i386.mmdsl opened in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core from npm: mmdsl.tests/browser/check-report.mjs, installed
 * with `npm ci` from its package-lock.json on first use). The page renders without a console message or a
 * page error, asks for nothing but itself, holds the six pictures where the scenario asked for them and
 * every event `mmdsl run -v` prints, at its line; its colours change with prefers-color-scheme. Full-page
 * screenshots in both schemes are kept under target/html-report/ to be looked at. Skipped, and said so,
 * when Chromium or node/npm is not installed (.ci/run installs chromium).
 */
class HtmlReportBrowserTest {
    private static final Path OUT = Path.of("target", "html-report");
    private static final Path HARNESS = Path.of("browser");
    private static final String EXAMPLE = "../examples/pictures-i386.mmdsl";

    @Test
    void theReportRendersInChromiumWithItsPicturesAndEvents() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)),
                "skipped: no Chromium at " + chromium + " (apt-get install chromium): the report was not opened in a browser");
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "skipped: node/npm are not on the PATH (apt-get install nodejs npm): the report was not opened in a browser");
        npmCi();
        Files.createDirectories(OUT);
        Path html = OUT.resolve("pictures-i386.html");
        Cli r = Cli.run("run", "--html", html.toString(), EXAMPLE);
        assertEquals(0, r.status(), r.out() + r.err());

        Path light = OUT.resolve("pictures-i386.light.png");
        Path dark = OUT.resolve("pictures-i386.dark.png");
        Files.deleteIfExists(light);
        Files.deleteIfExists(dark);
        JsonObject page = JsonParser.parseString(node("check-report.mjs", html.toAbsolutePath().toString(),
                light.toAbsolutePath().toString(), dark.toAbsolutePath().toString())).getAsJsonObject();

        assertEquals(List.of(), strings(page.getAsJsonArray("console")), "console messages");
        assertEquals(List.of(), strings(page.getAsJsonArray("pageErrors")), "page errors");
        assertEquals(List.of(html.toAbsolutePath().toUri().toString()),
                strings(page.getAsJsonArray("requests")), "the page asks for nothing but itself");
        assertEquals(0, page.get("scripts").getAsInt());
        assertEquals(List.of(), strings(page.getAsJsonArray("external")));
        assertEquals(List.of(), strings(page.getAsJsonArray("duplicateIds")));
        assertEquals("pictures-i386.mmdsl: PASS - mmdsl report", page.get("title").getAsString());
        assertEquals("✓ PASS (3 expectations met, 0 failed)", page.get("verdict").getAsString());
        assertEquals("../examples/pictures-i386.mmdsl: PASS (3 expectations met, 0 failed)", page.get("footer").getAsString());

        // the six pictures, each below the line that asked for it, drawn at 100 % in a 1400 px window
        List<String> pictures = new ArrayList<>();
        for (JsonElement e : page.getAsJsonArray("pictures")) {
            JsonObject p = e.getAsJsonObject();
            pictures.add(p.get("id").getAsString() + " | " + p.get("caption").getAsString() + " | " + p.get("title").getAsString());
            assertEquals(p.get("viewBoxWidth").getAsDouble(), p.get("width").getAsDouble(), 1.0, p.toString());
            assertTrue(p.get("height").getAsInt() > 300 && p.get("groups").getAsInt() > 5, p.toString());
            assertEquals(p.get("groups").getAsInt(), p.get("tooltips").getAsInt(), p.toString());
        }
        assertEquals("""
                picture-16 | picture maps: maps of init (pid 1) | maps of init (pid 1)
                picture-17 | picture walk: page walk of 0xb7fdb000 in init (pid 1) | page walk of 0xb7fdb000 in init (pid 1)
                picture-18 | picture walk: page walk of 0xb7fdc000 in init (pid 1) | page walk of 0xb7fdc000 in init (pid 1)
                picture-27 | picture kernel: the kernel's virtual address space | the kernel's virtual address space
                picture-32 | picture physical: physical memory | physical memory
                picture-33 | picture buddy: buddy allocator: free blocks per order | buddy allocator: free blocks per order
                """, String.join("\n", pictures) + "\n");
        assertEquals(6, page.get("svgCount").getAsInt());

        // every line `run -v` prints, at the same line of the page (boot log folded, pictures as figures)
        List<String> expected = new ArrayList<>();
        Matcher m = Pattern.compile("^\\.\\./examples/pictures-i386\\.mmdsl:(\\d+):\\d+: (.*)$", Pattern.MULTILINE)
                .matcher(Cli.run("run", "-v", EXAMPLE).out());
        while (m.find()) {
            expected.add(m.group(1) + ": " + m.group(2));
        }
        expected.sort(Comparator.comparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf(':')))));
        List<String> shown = new ArrayList<>();
        for (JsonElement e : page.getAsJsonArray("events")) {
            JsonObject ev = e.getAsJsonObject();
            shown.add(ev.get("line").getAsString() + ": " + ev.get("text").getAsString());
        }
        for (JsonElement e : page.getAsJsonArray("pictures")) {
            JsonObject p = e.getAsJsonObject();
            shown.add(p.get("line").getAsString() + ": " + p.get("caption").getAsString());
        }
        shown.sort(Comparator.comparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf(':')))));
        assertEquals(String.join("\n", expected), String.join("\n", shown));
        assertEquals("boot log (33 lines)", page.get("bootLogSummary").getAsString());

        // colours follow the reader's scheme
        assertEquals("rgb(253, 253, 251)", page.get("lightBackground").getAsString());
        assertEquals("rgb(21, 23, 26)", page.get("darkBackground").getAsString());
        assertTrue(Files.size(light) > 100_000 && Files.size(dark) > 100_000, "screenshots " + light + ", " + dark);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** npm ci of the harness when its lock file changed since the last install (as mmdsl.vscode/build-vsix.sh). */
    private static void npmCi() throws IOException, InterruptedException {
        Path installed = HARNESS.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(HARNESS.resolve("package-lock.json"))) >= 0) {
            return;
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    }

    private static String node(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(command, 180);
    }

    /** Runs a command in the harness folder; its standard output, or a failure with everything it printed. */
    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("mmdsl-browser", ".out");
        Path err = Files.createTempFile("mmdsl-browser", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(HARNESS.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + printed + Files.readString(err));
            return printed;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
