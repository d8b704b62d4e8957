package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;

/**
 * Related information on simulated diagnostics, over LSP: a fault points at the mmap that created the
 * VMA it hit, a failed expectation at its statement and the handles it reads, a failing call at the
 * mmap of the handle it used. Rendered as "line: code -> related line: text of the related range: message".
 */
class RelatedInformationTest {

    private static String related(String scenario) throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(scenario);
            long end = System.currentTimeMillis() + 30_000;
            PublishDiagnosticsParams p = null;
            while (System.currentTimeMillis() < end) {
                if (!h.diagnostics.isEmpty() && !h.diagnostics.get(h.diagnostics.size() - 1).getDiagnostics().isEmpty()) {
                    p = h.diagnostics.get(h.diagnostics.size() - 1);
                    break;
                }
                Thread.sleep(5);
            }
            StringBuilder sb = new StringBuilder();
            for (Diagnostic d : p.getDiagnostics()) {
                sb.append(d.getRange().getStart().getLine() + 1).append(": ").append(d.getCode().getLeft());
                if (d.getRelatedInformation() != null) {
                    sb.append(d.getRelatedInformation().stream()
                            .map(r -> "\n  -> " + (r.getLocation().getRange().getStart().getLine() + 1) + ": "
                                    + h.at(r.getLocation().getRange()) + ": " + r.getMessage()
                                    + (r.getLocation().getUri().equals(h.uri) ? "" : " (other uri " + r.getLocation().getUri() + ")"))
                            .collect(Collectors.joining()));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    @Test
    void aFaultPointsAtTheMmapOfItsVma() throws Exception {
        assertEquals("""
                5: fault-unexpected
                  -> 3: mmap ro 8KB r-- private anon: 0xb7ffd000 is in the mapping 0xb7ffb000-0xb7ffd000 created here
                """.replace("0xb7ffd000 is in the mapping 0xb7ffb000-0xb7ffd000", "X"), related("""
                boot ram 1536MB highmem
                process init <
                  mmap ro 8KB r-- private anon
                  mmap rw 4KB rw- private anon
                  write ro+4KB value 1
                >
                """).replaceAll("0x[0-9a-f]+ is in the mapping 0x[0-9a-f]+-0x[0-9a-f]+", "X"));
    }

    @Test
    void aFailedExpectationPointsAtItsStatementAndItsHandles() throws Exception {
        assertEquals("""
                5: expectation-failed
                  -> 4: read buf: the statement this expectation is about
                  -> 3: mmap buf 4KB rw- private anon: 'buf' is defined here
                """, related("""
                boot ram 1536MB highmem
                process init <
                  mmap buf 4KB rw- private anon
                  read buf
                    expect value 5
                >
                """));
    }
}
