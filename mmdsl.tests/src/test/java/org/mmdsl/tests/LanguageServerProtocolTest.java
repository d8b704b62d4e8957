package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 15 point 10: what an editor gets from the server jar over stdio (LspStdioClient, the launcher
 * script editors run) at the protocol's edges: serverInfo, MethodNotFound for an unknown method, an
 * empty answer for a request about a document that is not open, one publication on open (the file is in
 * the workspace folder, so the start-up build has read it already) and a source on every diagnostic.
 */
class LanguageServerProtocolTest {

    private static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void theProtocolsEdgesAsAnEditorSeesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ro.mmdsl");
        String text = """
                boot ram 1536MB highmem
                process init <
                  mmap ro 4KB r-- private anon
                  write ro value 1
                  read 0x1000
                >
                """;
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        Path unopened = dir.resolve("other.mmdsl");
        Files.writeString(unopened, "boot ram 64MB\n");
        try (LspStdioClient client = new LspStdioClient(LanguageServerTest.serverCommand())) {
            JsonObject init = object("{\"processId\":null,\"rootUri\":\"" + dir.toUri() + "\",\"capabilities\":{}}");
            JsonObject initResult = client.response(client.request("initialize", init), 30_000);
            assertEquals("{\"name\":\"mmdsl\",\"version\":\"0.1.0\"}",
                    initResult.getAsJsonObject("result").get("serverInfo").toString());
            assertEquals("mmdsl " + initResult.getAsJsonObject("result").getAsJsonObject("serverInfo").get("version")
                    .getAsString(), Cli.run("--version").out().strip(), "the version `mmdsl --version` prints");
            client.notify("initialized", new JsonObject());

            JsonObject unknown = client.response(client.request("mmdsl/noSuchMethod", new JsonObject()), 30_000);
            assertEquals(-32601, unknown.getAsJsonObject("error").get("code").getAsInt(), unknown::toString);
            assertEquals("Unknown method: mmdsl/noSuchMethod", unknown.getAsJsonObject("error").get("message").getAsString());
            assertFalse(unknown.getAsJsonObject("error").has("data"), () -> "no stack trace: " + unknown);

            for (String method : List.of("textDocument/hover", "textDocument/completion", "textDocument/definition")) {
                JsonObject params = object("{\"textDocument\":{\"uri\":\"" + unopened.toUri()
                        + "\"},\"position\":{\"line\":0,\"character\":1}}");
                JsonObject answer = client.response(client.request(method, params), 30_000);
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + answer.get("id") + ",\"result\":null}", answer.toString(),
                        method + " on a document that is not open");
            }
            JsonObject lens = client.response(client.request("textDocument/codeLens",
                    object("{\"textDocument\":{\"uri\":\"" + unopened.toUri() + "\"}}")), 30_000);
            assertTrue(lens.has("result") && lens.get("result").isJsonNull(), lens::toString);

            JsonObject doc = new JsonObject();
            doc.addProperty("uri", uri);
            doc.addProperty("languageId", "mmdsl");
            doc.addProperty("version", 1);
            doc.addProperty("text", text);
            JsonObject open = new JsonObject();
            open.add("textDocument", doc);
            client.notify("textDocument/didOpen", open);

            // every publication for the file until none came for 3 s (editor-clients.md 5: wait for the settled state)
            List<JsonObject> publications = new ArrayList<>();
            JsonObject n;
            while ((n = client.nextNotification("textDocument/publishDiagnostics", publications.isEmpty() ? 30_000 : 3_000)) != null) {
                if (n.getAsJsonObject("params").get("uri").getAsString().endsWith("/ro.mmdsl")) {
                    publications.add(n.getAsJsonObject("params"));
                }
            }
            assertEquals(1, publications.size(), () -> "published once: " + publications);
            List<String> seen = new ArrayList<>();
            for (JsonElement d : publications.get(0).getAsJsonArray("diagnostics")) {
                JsonObject o = d.getAsJsonObject();
                seen.add((o.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt() + 1) + " "
                        + o.get("source").getAsString() + " [" + o.get("code").getAsString() + "]");
            }
            assertEquals(List.of("4 mmdsl [fault-unexpected]", "5 mmdsl [fault-unexpected]"), seen);
        }
    }

    /**
     * Issue 15 point 9: a scenario above the editor's size limit in the workspace folder is not parsed by
     * the start-up build either (it was: 7.5 s before any diagnostics, about 0.5 GB); it gets the same
     * file-too-large warning as an opened one, and the small file next to it its diagnostics.
     */
    @Test
    void theStartUpBuildLeavesAFileAboveTheLimitUnparsed(@TempDir Path dir) throws Exception {
        String filler = "// " + "x".repeat(96) + "\n";
        String big = "process << this line would be a syntax error\n" + filler.repeat(10_001);
        Files.writeString(dir.resolve("big.mmdsl"), big);
        Files.writeString(dir.resolve("small.mmdsl"), """
                process init <
                  read 0x1000
                >
                """);
        try (LspStdioClient client = new LspStdioClient(LanguageServerTest.serverCommand())) {
            JsonObject init = object("{\"processId\":null,\"rootUri\":\"" + dir.toUri() + "\",\"capabilities\":{}}");
            client.response(client.request("initialize", init), 30_000);
            client.notify("initialized", new JsonObject());
            JsonObject bigDiagnostics = null;
            JsonObject smallDiagnostics = null;
            long end = System.currentTimeMillis() + 60_000;
            while ((bigDiagnostics == null || smallDiagnostics == null) && System.currentTimeMillis() < end) {
                JsonObject n = client.nextNotification("textDocument/publishDiagnostics", end - System.currentTimeMillis());
                if (n == null) {
                    break;
                }
                String uri = n.getAsJsonObject("params").get("uri").getAsString();
                if (uri.endsWith("/big.mmdsl")) {
                    bigDiagnostics = n.getAsJsonObject("params");
                } else if (uri.endsWith("/small.mmdsl")) {
                    smallDiagnostics = n.getAsJsonObject("params");
                }
            }
            assertTrue(bigDiagnostics != null && smallDiagnostics != null, () -> "stderr: " + client.stderr());
            JsonObject warning = bigDiagnostics.getAsJsonArray("diagnostics").get(0).getAsJsonObject();
            assertEquals(1, bigDiagnostics.getAsJsonArray("diagnostics").size(), bigDiagnostics::toString);
            assertEquals("file-too-large", warning.get("code").getAsString());
            assertEquals(String.format("This file is %,d characters, above the editor's limit of 1,000,000: it is not "
                    + "parsed or simulated here (`mmdsl check` and `mmdsl run` on the command line have no limit)",
                    big.length()), warning.get("message").getAsString());
            assertEquals("fault-unexpected", smallDiagnostics.getAsJsonArray("diagnostics").get(0).getAsJsonObject()
                    .get("code").getAsString());
        }
    }
}
