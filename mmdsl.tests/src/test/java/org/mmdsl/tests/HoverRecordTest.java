package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hovers read from what earlier hovers' runs recorded (HoverRecord) say exactly what a run stopped at the
 * hovered statement says: on examples with handles, tasks, forks, loops, brk, kmap pfns and expectations,
 * every word that gets a simulation answer is hovered twice, once on a text no run has seen (a fresh
 * version: one run up to that statement) and once on a single text hovered in a scrambled order (most
 * answers come from the record of an earlier hover's run).
 */
class HoverRecordTest {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_0-9]+");
    /** What only a simulation answer says (the step it shows, a verdict, a frame). */
    private static final Pattern SIMULATED = Pattern.compile(
            "ran_|_at line|frame pfn|does not run|not checked|no address at this step|does not exist at this step|has exited");

    @ParameterizedTest
    @ValueSource(strings = {"brk.mmdsl", "cow-after-fork.mmdsl", "address-arithmetic.mmdsl", "kmap-atomic-slots.mmdsl",
            "stack-growth.mmdsl", "lab-cow-key.mmdsl", "mremap-move.mmdsl", "kthread-active-mm.mmdsl"})
    void answersFromTheRecordEqualThoseOfARunStoppedAtTheStatement(String example) throws Exception {
        String text = Files.readString(Path.of("..", "examples", example));
        try (LspHarness h = new LspHarness()) {
            h.open(text);
            int[] version = {1};
            // the record: one text, sites hovered in a scrambled order
            change(h, version, text + "\n// recorded\n");
            List<Integer> sites = new ArrayList<>();
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                sites.add(m.start());
            }
            Collections.shuffle(sites, new Random(42));
            Map<Integer, String> recorded = new LinkedHashMap<>();
            for (int site : sites) {
                String answer = hover(h, site);
                if (SIMULATED.matcher(answer).find()) {
                    recorded.put(site, answer);
                }
            }
            assertTrue(recorded.size() >= 5, example + ": only " + recorded.size() + " simulation hovers");
            // each site again on a text of its own: no record, a run up to the site's statement
            for (Map.Entry<Integer, String> e : recorded.entrySet()) {
                change(h, version, text + "\n// fresh " + version[0] + "\n");
                assertEquals(hover(h, e.getKey()), e.getValue(), example + " at " + h.position(e.getKey()));
            }
        }
    }

    @Test
    void whatARunRecordsIsBoundedAndTheSitesLeftOutReplay() throws Exception {
        // 3,002 VMAs: each hover of `init` shows its maps, 150 KB; sixty of them exceed what one run records
        StringBuilder sb = new StringBuilder("""
                boot ram 1536MB highmem
                process init <
                  repeat 1500 <
                    mmap x 4KB rw- private anon
                    mmap y 4KB r-- private anon
                  >
                  mmap buf 16KB rw- private anon
                  write buf value 1
                >
                """);
        for (int i = 0; i < 60; i++) {
            sb.append("translate init buf+").append(i).append("\n");
        }
        String text = sb.toString();
        List<Integer> sites = new ArrayList<>();
        for (int at = text.indexOf("translate init"); at >= 0; at = text.indexOf("translate init", at + 1)) {
            sites.add(at + "translate ".length());
        }
        try (LspHarness h = new LspHarness()) {
            h.open(text);
            int[] version = {1};
            change(h, version, text + "\n// recorded\n");
            // the last first: its run passes all sixty and records what its budget allows
            List<Integer> order = List.of(sites.get(59), sites.get(0), sites.get(58), sites.get(30), sites.get(1));
            Map<Integer, String> recorded = new LinkedHashMap<>();
            for (int site : order) {
                recorded.put(site, hover(h, site));
            }
            for (Map.Entry<Integer, String> e : recorded.entrySet()) {
                assertTrue(e.getValue().startsWith("**init** (pid 1): 3,00"), e.getValue().substring(0, 60));
                change(h, version, text + "\n// fresh " + version[0] + "\n");
                assertEquals(hover(h, e.getKey()), e.getValue(), "at " + h.position(e.getKey()));
            }
        }
    }

    private static void change(LspHarness h, int[] version, String text) {
        h.text = text;
        h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, ++version[0]),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    private static String hover(LspHarness h, int offset) throws Exception {
        Hover hover = h.server.hover(new HoverParams(h.doc(), h.position(offset))).get(60, TimeUnit.SECONDS);
        return hover.getContents() == null ? "" : hover.getContents().getRight().getValue();
    }
}
