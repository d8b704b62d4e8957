package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Issue 15, first diagnostics: the document an editor opens is published before the workspace folder's
 * other files, which follow, each once (the start-up build used to play all of them first: 1.2 s more
 * before the opened file's diagnostics with 30 examples). Through the launcher script, as editors run it.
 */
class OpenDocumentsFirstTest {

    @Test
    void theOpenedFileIsPublishedFirstThenEveryFileOfTheFolder(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 8; i++) {
            Files.writeString(dir.resolve("f" + i + ".mmdsl"), """
                    process p%d <
                      read 0x%x
                    >
                    """.formatted(i, 0x1000 * (i + 1)));
        }
        Path opened = dir.resolve("f5.mmdsl");
        String text = """
                process init <
                  mmap ro 4KB r-- private anon
                  write ro value 1
                >
                """;
        try (LspStdioClient client = new LspStdioClient(LanguageServerTest.serverCommand())) {
            client.initialize(dir);
            client.open(opened, text); // the editor's text, not the file's

            // every publication until none came for 3 s (editor-clients.md 5: wait for the settled state)
            List<String> published = new ArrayList<>();
            JsonObject n;
            while ((n = client.nextNotification("textDocument/publishDiagnostics", published.isEmpty() ? 30_000 : 3_000)) != null) {
                JsonObject p = n.getAsJsonObject("params");
                String uri = p.get("uri").getAsString();
                String codes = "";
                for (var d : p.getAsJsonArray("diagnostics")) {
                    codes += " " + d.getAsJsonObject().get("code").getAsString();
                }
                published.add(uri.substring(uri.lastIndexOf('/') + 1) + codes);
            }
            assertEquals("f5.mmdsl fault-unexpected", published.get(0), () -> "first: " + published);
            assertEquals("""
                    [f0.mmdsl fault-unexpected, f1.mmdsl fault-unexpected, f2.mmdsl fault-unexpected, \
                    f3.mmdsl fault-unexpected, f4.mmdsl fault-unexpected, f5.mmdsl fault-unexpected, \
                    f6.mmdsl fault-unexpected, f7.mmdsl fault-unexpected]""", new TreeSet<>(published).toString());
            assertEquals(8, published.size(), () -> "each once: " + published);
        }
    }
}
