package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdsl.ide.server.LspLatency;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Completion as it is typed: an editor sends the edit and the completion together, and the server answers
 * the completion before the edit's build (parse, validation and the run of 1,000 lines) is done
 * (CompletionWhileBuilding). What the user sees must be the edited text's proposals: a handle the edit
 * declared is offered at once, and the list is the one the same request gets once the build is done; the
 * same after a second edit, whose answer updates the first answer's parse (Xtext's partial parser).
 */
class CompletionAfterEditTest {

    @Test
    void aCompletionRightAfterAnEditOffersWhatTheEditDeclared(@TempDir Path dir) throws Exception {
        String text = LspLatency.scenario();
        Path file = dir.resolve("big.mmdsl");
        Files.writeString(file, text);
        String[] lines = text.split("\n", -1);
        int last = lines.length - 3; // "  show maps" of the last process, then ">" and the end
        assertEquals("  show maps", lines[last]);
        try (LspStdioClient client = new LspStdioClient(LanguageServerTest.serverCommand())) {
            client.initialize(dir);
            client.open(file, text);
            assertTrue(client.nextNotification("textDocument/publishDiagnostics", 60_000) != null);

            // before the last `show maps`: a new mapping, then `read ` whose handle is being typed
            client.notify("textDocument/didChange", change(file, 2, last, "  mmap zz 4KB rw- private anon\n  read \n"));
            List<String> atOnce = labels(client.response(client.request("textDocument/completion",
                    position(file, last + 1, 7)), 60_000));
            assertTrue(atOnce.contains("zz"), "the handle the edit declared: " + atOnce);
            assertTrue(client.nextNotification("textDocument/publishDiagnostics", 60_000) != null);
            List<String> settled = labels(client.response(client.request("textDocument/completion",
                    position(file, last + 1, 7)), 60_000));
            assertEquals(settled, atOnce);

            // a second edit, answered from the first answer's parse updated in the edited region only
            client.notify("textDocument/didChange", change(file, 3, last, "  mmap yy 8KB rw- private anon\n"));
            List<String> again = labels(client.response(client.request("textDocument/completion",
                    position(file, last + 2, 7)), 60_000));
            assertTrue(again.contains("yy") && again.contains("zz"), "both handles the edits declared: " + again);
            assertTrue(client.nextNotification("textDocument/publishDiagnostics", 60_000) != null);
            assertEquals(labels(client.response(client.request("textDocument/completion",
                    position(file, last + 2, 7)), 60_000)), again);
        }
    }

    private static JsonObject change(Path file, int version, int line, String inserted) {
        JsonObject pos = new JsonObject();
        pos.addProperty("line", line);
        pos.addProperty("character", 0);
        JsonObject range = new JsonObject();
        range.add("start", pos);
        range.add("end", pos);
        JsonObject c = new JsonObject();
        c.add("range", range);
        c.addProperty("text", inserted);
        JsonArray changes = new JsonArray();
        changes.add(c);
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", file.toUri().toString());
        doc.addProperty("version", version);
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        params.add("contentChanges", changes);
        return params;
    }

    private static JsonObject position(Path file, int line, int character) {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", file.toUri().toString());
        JsonObject pos = new JsonObject();
        pos.addProperty("line", line);
        pos.addProperty("character", character);
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        params.add("position", pos);
        return params;
    }

    private static List<String> labels(JsonObject response) {
        JsonElement result = response.get("result");
        JsonArray items = result.isJsonArray() ? result.getAsJsonArray() : result.getAsJsonObject().getAsJsonArray("items");
        List<String> labels = new ArrayList<>();
        for (JsonElement i : items) {
            labels.add(i.getAsJsonObject().get("label").getAsString());
        }
        return labels;
    }
}
