package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Starts the language-server jar the build produced (mmdsl.ide/target/mmdsl-ls.jar) over stdio, as an
 * editor would, opens a scenario whose write hits a read-only mapping, and checks the SIGSEGV
 * diagnostic the server publishes: its line, its range over the statement, its severity and message.
 */
class LanguageServerTest {

    static Path serverJar() {
        String p = System.getProperty("mmdsl.lsjar", "../mmdsl.ide/target/mmdsl-ls.jar");
        Path jar = Path.of(p);
        assertTrue(Files.isRegularFile(jar), "server jar missing: " + jar.toAbsolutePath() + " (run the Maven build)");
        return jar;
    }

    /**
     * The launcher script editors use (mmdsl.ide/mmdsl-ls: the build's CDS archive, C1, serial GC), run
     * with this JVM and {@link #serverJar()} (LspStdioClient sets MMDSL_JAVA and MMDSL_LS_JAR).
     */
    static List<String> serverCommand() {
        Path script = Path.of(System.getProperty("mmdsl.lsscript", "../mmdsl.ide/mmdsl-ls"));
        assertTrue(Files.isRegularFile(script), "launcher script missing: " + script.toAbsolutePath());
        return List.of("/bin/sh", script.toAbsolutePath().toString());
    }

    @Test
    void writeToReadOnlyMappingIsASigsegvDiagnosticOnThatLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ro.mmdsl");
        String text = """
                boot ram 1536MB highmem
                process init <
                  mmap ro 4KB r-- private anon
                  write ro value 1
                >
                """;
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        try (LspStdioClient client = new LspStdioClient(serverCommand())) {
            JsonObject init = new JsonObject();
            init.addProperty("processId", ProcessHandle.current().pid());
            init.addProperty("rootUri", dir.toUri().toString());
            init.add("capabilities", new JsonObject());
            JsonObject initResult = client.response(client.request("initialize", init), 30_000);
            assertTrue(initResult.has("result"), () -> "initialize failed: " + initResult);
            client.notify("initialized", new JsonObject());

            JsonObject doc = new JsonObject();
            doc.addProperty("uri", uri);
            doc.addProperty("languageId", "mmdsl");
            doc.addProperty("version", 1);
            doc.addProperty("text", text);
            JsonObject open = new JsonObject();
            open.add("textDocument", doc);
            client.notify("textDocument/didOpen", open);

            JsonObject diag = null;
            long end = System.currentTimeMillis() + 30_000;
            while (diag == null && System.currentTimeMillis() < end) {
                JsonObject n = client.nextNotification("textDocument/publishDiagnostics", end - System.currentTimeMillis());
                if (n == null) {
                    break;
                }
                JsonObject params = n.getAsJsonObject("params");
                JsonArray ds = params.getAsJsonArray("diagnostics");
                if (params.get("uri").getAsString().endsWith("ro.mmdsl") && ds.size() > 0) {
                    diag = ds.get(0).getAsJsonObject();
                    assertEquals(1, ds.size(), () -> "exactly one diagnostic expected: " + ds);
                }
            }
            assertNotNull(diag, () -> "no diagnostics published; server stderr:\n" + client.stderr());
            JsonObject range = diag.getAsJsonObject("range");
            assertEquals(3, range.getAsJsonObject("start").get("line").getAsInt(), "line of `write ro value 1`");
            assertEquals(2, range.getAsJsonObject("start").get("character").getAsInt());
            assertEquals(3, range.getAsJsonObject("end").get("line").getAsInt());
            assertEquals(18, range.getAsJsonObject("end").get("character").getAsInt());
            assertEquals(2, diag.get("severity").getAsInt(), "an unexpected fault is a warning");
            assertEquals("fault-unexpected", diag.get("code").getAsString());
            String message = diag.get("message").getAsString();
            assertTrue(message.startsWith("SIGSEGV (SEGV_ACCERR) on write of 0x"), message);
            assertTrue(message.contains(" r--p "), () -> "the message names the VMA: " + message);
        }
    }
}
