package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 14 point 4: {@code mmdsl/picture} through the server jar over stdio, as an editor asks it. The
 * SVG the server answers for each {@code show picture} of the examples is the one {@code mmdsl run
 * --pictures} writes for that statement, byte for byte; a process block draws its task's maps as
 * {@code mmdsl picture maps --task} does; another kind at a step is what a {@code show picture} of that
 * kind at that step writes. Problems are answers saying what is wrong, never JSON-RPC errors.
 */
class Issue14EditorPictureTest {

    @Test
    void eachShowPictureIsTheSvgTheCliWritesForThatStep(@TempDir Path dir) throws Exception {
        for (String example : List.of("pictures-i386", "pictures-x86_64")) {
            Path cli = dir.resolve("cli-" + example);
            Cli r = Cli.run("run", "--pictures", cli.toString(), "../examples/" + example + ".mmdsl");
            assertEquals(0, r.status(), r.out() + r.err());
            Path file = dir.resolve(example + ".mmdsl");
            Files.copy(Path.of("../examples/" + example + ".mmdsl"), file);
            try (Session s = new Session(dir, file)) {
                // "../examples/pictures-i386.mmdsl:16:3: picture maps: maps of init (pid 1) -> DIR/pictures-i386.16.maps.svg"
                Matcher m = Pattern.compile(":(\\d+):\\d+: picture (\\w+): (.*) -> (.*)").matcher(r.out());
                int pictures = 0;
                while (m.find()) {
                    int line = Integer.parseInt(m.group(1));
                    JsonObject a = s.picture(line - 1, 12, null, null);
                    assertFalse(a.has("error") && !a.get("error").isJsonNull(), () -> "line " + line + ": " + a);
                    assertEquals(m.group(2), a.get("kind").getAsString(), "line " + line);
                    assertEquals(m.group(3), a.get("title").getAsString(), "line " + line);
                    assertEquals(line - 1, a.get("line").getAsInt());
                    assertEquals(Files.readString(Path.of(m.group(4))), a.get("svg").getAsString(), example + ":" + line);
                    pictures++;
                }
                assertEquals(example.endsWith("i386") ? 6 : 5, pictures, r.out());
            }
        }
    }

    @Test
    void aBlockDrawsItsTasksMapsAndAnotherKindIsDrawnAtThatStep(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pictures-i386.mmdsl");
        List<String> lines = Files.readAllLines(Path.of("../examples/pictures-i386.mmdsl"));
        Files.write(file, lines);
        // the same scenario with `show picture buddy` right after line 27's `show picture kernel`
        List<String> withBuddy = new ArrayList<>(lines);
        assertEquals("  show picture kernel", withBuddy.get(26));
        withBuddy.add(27, "  show picture buddy");
        Path other = Files.createDirectories(dir.resolve("other")).resolve("buddy-at-27.mmdsl");
        Files.write(other, withBuddy);
        Cli buddy = Cli.run("run", "--pictures", dir.resolve("cli").toString(), other.toString());
        assertEquals(0, buddy.status(), buddy.out() + buddy.err());
        Cli maps = Cli.run("picture", "maps", file.toString(), "--task", "init", "-o", dir.resolve("maps.svg").toString());
        assertEquals(0, maps.status(), maps.out() + maps.err());
        try (Session s = new Session(dir, file)) {
            assertEquals("{\"mmdslPicture\":{\"request\":\"mmdsl/picture\",\"kinds\":[\"maps\",\"physical\",\"kernel\",\"walk\","
                    + "\"buddy\"]}}", s.capabilities.get("experimental").toString());
            // `process init <` is line 8: its maps after the block, tile for tile as `mmdsl picture maps` draws them
            JsonObject block = s.picture(7, 3, null, null);
            assertEquals("maps", block.get("kind").getAsString());
            assertEquals("maps of init (pid 1)", block.get("title").getAsString());
            assertEquals(7, block.get("line").getAsInt());
            assertEquals("[\"maps\",\"physical\",\"kernel\",\"buddy\"]", block.get("kinds").toString());
            assertEquals(tiles(Files.readString(dir.resolve("maps.svg"))), tiles(block.get("svg").getAsString()));
            assertEquals(List.of("tile-0 tile kernel 0xc0000000", "tile-1 tile vma stack 0xbffdf000", "tile-2 tile guard 0xbfedf000"),
                    tiles(block.get("svg").getAsString()).subList(0, 3));
            // the cursor on `>` (line 19) after the walks: the last statement above it, line 18's walk
            JsonObject walk = s.picture(18, 0, null, null);
            assertEquals("walk", walk.get("kind").getAsString());
            assertEquals("page walk of 0xb7fdc000 in init (pid 1)", walk.get("title").getAsString());
            assertEquals(17, walk.get("line").getAsInt());
            assertEquals("[\"maps\",\"walk\",\"physical\",\"kernel\",\"buddy\"]", walk.get("kinds").toString());
            // buddy at line 27, inside the kernel block: what a `show picture buddy` there writes
            JsonObject atKernel = s.picture(26, 5, "buddy", null);
            assertEquals("buddy", atKernel.get("kind").getAsString());
            assertEquals(26, atKernel.get("line").getAsInt());
            assertEquals(Files.readString(dir.resolve("cli").resolve("buddy-at-27.28.buddy.svg")),
                    atKernel.get("svg").getAsString());
            assertTrue(atKernel.get("text").getAsString().startsWith("picture buddy: buddy allocator: free blocks per order\n"));
            // maps of a task named in the request, at a top-level statement (line 32, show picture physical)
            JsonObject named = s.picture(31, 0, "maps", "init");
            assertEquals("maps of init (pid 1)", named.get("title").getAsString());
            assertEquals(tiles(Files.readString(dir.resolve("maps.svg"))), tiles(named.get("svg").getAsString()));
        }
    }

    @Test
    void problemsAreAnswersThatSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.mmdsl");
        Files.writeString(file, """
                boot ram 1536MB highmem
                process init <
                  mmap buf 16KB rw- private anon
                  show picture maps
                  write nothing value 1
                >
                show picture buddy
                """);
        try (Session s = new Session(dir, file)) {
            assertEquals("the scenario has errors, so it is not run and there is no picture: line 5: no mapping named "
                    + "'nothing' is visible here: a handle is the name an earlier `mmap NAME ...` of this process (or of the "
                    + "process it was forked or cloned from) gave", error(s.picture(3, 2, null, null), 3));
            s.change("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon
                      show picture maps
                    >
                    show picture buddy
                    """);
            assertEquals("no picture at line 1: there is no `show picture` statement or process block on that line or "
                    + "above it", error(s.picture(0, 3, null, null), -1));
            assertEquals("unknown picture kind `heap`: the kinds are maps, physical, kernel, walk and buddy",
                    error(s.picture(3, 2, "heap", null), 3));
            assertEquals("a walk needs an address: only a `show picture walk ADDR` statement draws one (line 4 is not one)",
                    error(s.picture(3, 2, "walk", null), 3));
            assertEquals("a picture of maps needs a task: this statement is outside process blocks and names none",
                    error(s.picture(5, 0, "maps", null), 5));
            assertEquals("there is no task named `nobody` at this step", error(s.picture(5, 0, "maps", "nobody"), 5));
            JsonObject unopened = new JsonObject();
            JsonObject doc = new JsonObject();
            doc.addProperty("uri", dir.resolve("never-opened.mmdsl").toUri().toString());
            unopened.add("textDocument", doc);
            unopened.add("position", JsonParser.parseString("{\"line\":0,\"character\":0}"));
            JsonObject r = s.client.response(s.client.request("mmdsl/picture", unopened), 30_000);
            assertTrue(r.has("result"), r::toString);
            assertTrue(r.getAsJsonObject("result").get("error").getAsString().startsWith("no picture at line 1")
                    || r.getAsJsonObject("result").get("error").getAsString().contains("never-opened.mmdsl"), r::toString);
            // and the server still answers
            assertEquals("buddy", s.picture(5, 0, null, null).get("kind").getAsString());
        }
    }

    /** The message of an answer without a picture (and its line), checking that it has none. */
    private static String error(JsonObject a, int line) {
        assertTrue(a.has("error"), a::toString);
        assertFalse(a.has("svg") && !a.get("svg").isJsonNull(), a::toString);
        assertEquals(line, a.get("line").getAsInt(), a::toString);
        assertEquals(a.get("error").getAsString(), a.get("text").getAsString());
        return a.get("error").getAsString();
    }

    /** "id classes data-start" of each maps tile, top to bottom. */
    static List<String> tiles(String svg) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList all = dbf.newDocumentBuilder().parse(new InputSource(new StringReader(svg))).getElementsByTagNameNS("*", "g");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (g.getAttribute("class").startsWith("tile ")) {
                out.add(g.getAttribute("id") + " " + g.getAttribute("class") + " " + g.getAttribute("data-start"));
            }
        }
        return out;
    }

    /** The server jar over stdio with one document open. */
    private static final class Session implements AutoCloseable {
        final LspStdioClient client;
        final JsonObject capabilities;
        final String uri;
        int version = 1;

        Session(Path root, Path file) throws Exception {
            client = new LspStdioClient(LanguageServerTest.serverCommand());
            JsonObject init = new JsonObject();
            init.addProperty("processId", ProcessHandle.current().pid());
            init.addProperty("rootUri", root.toUri().toString());
            init.add("capabilities", new JsonObject());
            JsonObject r = client.response(client.request("initialize", init), 30_000);
            capabilities = r.getAsJsonObject("result").getAsJsonObject("capabilities");
            client.notify("initialized", new JsonObject());
            uri = file.toUri().toString();
            JsonObject doc = new JsonObject();
            doc.addProperty("uri", uri);
            doc.addProperty("languageId", "mmdsl");
            doc.addProperty("version", version);
            doc.addProperty("text", Files.readString(file));
            JsonObject open = new JsonObject();
            open.add("textDocument", doc);
            client.notify("textDocument/didOpen", open);
        }

        void change(String text) throws Exception {
            JsonObject doc = new JsonObject();
            doc.addProperty("uri", uri);
            doc.addProperty("version", ++version);
            JsonObject change = new JsonObject();
            change.addProperty("text", text);
            JsonObject params = new JsonObject();
            params.add("textDocument", doc);
            params.add("contentChanges", JsonParser.parseString("[" + change + "]"));
            client.notify("textDocument/didChange", params);
        }

        /** The answer of mmdsl/picture at (line, character), 0-based; kind and task may be null. */
        JsonObject picture(int line, int character, String kind, String task) throws Exception {
            JsonObject params = new JsonObject();
            JsonObject doc = new JsonObject();
            doc.addProperty("uri", uri);
            params.add("textDocument", doc);
            JsonObject position = new JsonObject();
            position.addProperty("line", line);
            position.addProperty("character", character);
            params.add("position", position);
            if (kind != null) {
                params.addProperty("kind", kind);
            }
            if (task != null) {
                params.addProperty("task", task);
            }
            JsonObject r = client.response(client.request("mmdsl/picture", params), 60_000);
            assertTrue(r.has("result") && r.get("result").isJsonObject(), () -> "not an answer: " + r + "\n" + client.stderr());
            return r.getAsJsonObject("result");
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }
}
