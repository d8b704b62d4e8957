package org.mmdsl.tests;

import java.util.stream.Collectors;

import org.mmdsl.interpreter.Run;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.validation.SimulationDiagnostics;

/** A run as text for scenario tests: its events as the CLI words them, and filters over their lines. */
final class RunText {
    private RunText() {
    }

    /** Every event, one per line: "[issue code] message" (the code when it is a diagnostic), an output's text below it. */
    static String events(Run r) {
        return r.events().stream().map(e -> {
            var issue = SimulationDiagnostics.issueOf(e);
            String shown = e.event() instanceof Output o ? "\n" + o.text().stripTrailing() : "";
            return (issue == null ? "" : "[" + issue.id + "] ") + e.event().message() + shown;
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Every event, one per line: "[issue code] message"; an output's text follows as printed (raw, with
     * its own line ends).
     */
    static String eventsWithRawBodies(Run r) {
        StringBuilder sb = new StringBuilder();
        r.events().forEach(e -> {
            var issue = SimulationDiagnostics.issueOf(e);
            sb.append(issue == null ? "" : "[" + issue.id + "] ").append(e.event().message()).append('\n');
            if (e.event() instanceof Output o) {
                sb.append(o.text()); // the body: a /proc file, a page-table dump
            }
        });
        return sb.toString();
    }

    /** The lines of {@code out} that contain one of the needles, in order. */
    static String linesContaining(String out, String... needles) {
        return out.lines().filter(l -> {
            for (String n : needles) {
                if (l.contains(n)) {
                    return true;
                }
            }
            return false;
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The lines of {@code out} that start with one of the prefixes, in order. */
    static String linesStarting(String out, String... prefixes) {
        return out.lines().filter(l -> {
            for (String p : prefixes) {
                if (l.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
