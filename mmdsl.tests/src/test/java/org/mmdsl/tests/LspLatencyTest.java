package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mmdsl.ide.server.LspLatency;

/**
 * Keeps issue 15's latency benchmark (org.mmdsl.ide.server.LspLatency, mmdsl.bench/lsp-latency.sh) working:
 * a run with tiny counts against the launcher script editors use. Asserted: every figure was measured,
 * the table has its rows, and the server's output stayed JSON-RPC 2.0 without an error answer. The
 * figures themselves are never judged here (README, Editors, has a real run's).
 */
class LspLatencyTest {

    @Test
    void aSmokeRunMeasuresEveryFigureOverTheLaunchersStdio() throws Exception {
        var command = LanguageServerTest.serverCommand();
        var options = new LspLatency.Options(3, 1, 4, 20, 30, Path.of("../examples"), command,
                Map.of("MMDSL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "MMDSL_LS_JAR", LanguageServerTest.serverJar().toAbsolutePath().toString()));
        LspLatency.Report r = LspLatency.measure(options);
        System.out.print(r.table());

        assertEquals(java.util.List.of(), r.protocolErrors());
        assertTrue(r.firstAnyMs() > 0 && r.firstOpenedMs() >= r.firstAnyMs(), r.table());
        assertEquals(3, r.editMs().length);
        assertEquals(4, r.hoverMs().length);
        assertEquals(4, r.hoverAnswered(), "hover on a keyword or a handle name answers");
        assertEquals(4, r.completionMs().length);
        assertTrue(r.completionAnswered() > 0, "completion offered nothing: " + r.table());
        assertEquals(2, r.afterEditMs().length);
        assertTrue(r.afterEditAnswered() > 0, "completion right after an edit offered nothing: " + r.table());
        assertTrue(java.util.Arrays.stream(r.rssKb()).allMatch(kb -> kb > 0), r.table());
        assertTrue(java.util.Arrays.stream(r.hwmKb()).allMatch(kb -> kb > 0), r.table());

        String shape = r.table().replace(String.join(" ", command), "COMMAND")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "DATE")
                .replaceAll("\\d+(\\.\\d+)?", "N")
                .replaceAll("\\| (met|missed) \\|", "| ? |");
        assertEquals("""
                mmdsl language server latency, COMMAND, DATE
                load average (N, N, N min) at start N N N, at end N N N

                | figure | measured | budget | |
                |---|---|---|---|
                | first diagnostics after process start (N-file folder, one file opened): any file / the opened file (server CPU time until then) | N / N ms (N ms) | ≤ N ms | ? |
                | edit → diagnostics, N lines, N edits after N warm-up: pN / pN / max | N / N / N ms | pN ≤ N ms | ? |
                | hover, N requests after N warm-up (N with content): pN / pN / max | N / N / N ms | pN ≤ N ms | ? |
                | completion, N requests (N with items): pN / pN / max | N / N / N ms | pN ≤ N ms | ? |
                | completion right after an edit (the edit's build pending), N requests (N with items): pN / pN / max | N / N / N ms | pN ≤ N ms | ? |
                | server CPU time (user + system, all threads) per edit / hover / completion, mean | N / N / N ms | | |
                | VmRSS / VmHWM after opening the scenario | N MB / N MB | | |
                | VmRSS / VmHWM after N edits | N MB / N MB | bounded |  |
                | VmRSS / VmHWM after N edits | N MB / N MB | bounded | ? |
                protocol: every message JSON-RPC N, no error
                """, shape);
    }
}
