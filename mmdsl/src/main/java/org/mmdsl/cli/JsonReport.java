package org.mmdsl.cli;

import java.nio.file.Path;

import org.eclipse.xtext.validation.Issue;
import org.mmdsl.cli.ScenarioLoader.Loaded;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.runtime.event.KernelMessage;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.validation.MmdslIssue;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The run report as one JSON document, for scripts and graders:
 * <pre>
 * {"status": 1, "scenarios": 1, "counts": {"PASS": 0, "FAIL": 1, "ERROR": 0, "BUDGET": 0},
 *  "files": [{"file": "x.mmdsl", "verdict": "FAIL", "passed": false, "met": 3, "failed": 1, "aborted": false,
 *   "events": [{"line": 4, "column": 3, "kind": "PROBLEM", "event": "SignalEvent",
 *               "code": "fault-unexpected", "severity": "warning", "message": "...", "text": "..."}]}]}
 * </pre>
 * Static issues appear as events of kind "ISSUE" in a file that did not run (verdict ERROR; a file that
 * cannot be read has no events, its reason is on standard error). The boot log (the kernel's lines at
 * boot, not its warnings) is left out unless asked for with {@code --boot-log}.
 */
final class JsonReport {
    private final JsonArray files = new JsonArray();
    private final boolean bootLog;

    /** {@code bootLog}: also list the kernel's informational lines printed while booting. */
    JsonReport(boolean bootLog) {
        this.bootLog = bootLog;
    }

    /** Adds a file that could not be read (verdict ERROR, no events). */
    void unreadable(Path f) {
        JsonObject file = new JsonObject();
        file.addProperty("file", f.toString());
        file.addProperty("verdict", Verdict.ERROR.name());
        file.addProperty("passed", false);
        file.add("events", new JsonArray());
        files.add(file);
    }

    /** Adds a file's static issues; returns how many are errors. */
    int issues(Loaded l) {
        JsonObject file = file(l);
        JsonArray events = new JsonArray();
        int errors = 0;
        for (Issue i : l.issues()) {
            JsonObject e = new JsonObject();
            e.addProperty("line", i.getLineNumber());
            e.addProperty("column", i.getColumn());
            e.addProperty("kind", "ISSUE");
            String code = i.getCode() == null ? "" : i.getCode();
            e.addProperty("code", code.startsWith("org.eclipse.xtext") ? MmdslIssue.SYNTAX.id : code);
            e.addProperty("severity", i.getSeverity().name().toLowerCase());
            e.addProperty("message", i.getMessage());
            events.add(e);
            if (i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR) {
                errors++;
            }
        }
        if (errors > 0) {
            file.addProperty("verdict", Verdict.ERROR.name());
            file.addProperty("passed", false);
            file.add("events", events);
            files.add(file);
        }
        return errors;
    }

    /** Adds a file that ran, with its verdict; boot-log lines only if asked for. */
    void run(Loaded l, Run run, Verdict verdict) {
        JsonObject file = file(l);
        file.addProperty("verdict", verdict.name());
        file.addProperty("passed", verdict == Verdict.PASS);
        file.addProperty("met", run.metExpectations());
        file.addProperty("failed", run.failedExpectations());
        file.addProperty("aborted", run.aborted());
        JsonArray events = new JsonArray();
        for (RunEvent re : run.events()) {
            if (!bootLog && isBootLog(l, re)) {
                continue;
            }
            JsonObject e = new JsonObject();
            if (re.cause() != null) {
                int offset = SimulationDiagnostics.range(re.cause())[0];
                String[] pos = l.position(offset).substring(l.display().length() + 1).split(":");
                e.addProperty("line", Integer.parseInt(pos[0]));
                e.addProperty("column", Integer.parseInt(pos[1]));
            }
            e.addProperty("kind", re.event().kind().name());
            e.addProperty("event", re.event().getClass().getSimpleName());
            MmdslIssue issue = SimulationDiagnostics.issueOf(re);
            if (issue != null) {
                e.addProperty("code", issue.id);
                e.addProperty("severity", issue.severity.name().toLowerCase());
            }
            if (re.event() instanceof ExpectationEvent) {
                e.addProperty("met", ((ExpectationEvent) re.event()).met());
            }
            e.addProperty("message", re.event().message());
            if (re.event() instanceof Output) {
                e.addProperty("text", ((Output) re.event()).text());
            } else if (re.event() instanceof org.mmdsl.interpreter.PictureEvent p) {
                e.addProperty("text", p.picture().text());
            }
            events.add(e);
        }
        file.add("events", events);
        files.add(file);
    }

    /**
     * A boot-log line: an informational kernel line whose cause is the boot statement (or the scenario,
     * when it has none), which is what the interpreter blames while the machine boots. Kernel warnings at
     * boot are not boot log: they stay.
     */
    static boolean isBootLog(Loaded l, RunEvent re) {
        return re.event() instanceof KernelMessage m && !m.warning() && re.cause() != null
                && (re.cause() == l.scenario() || re.cause() == l.scenario().getBoot());
    }

    /** The document: exit status, how many files and the count of each verdict, then the files. */
    String toJson(int status, int[] counts) {
        JsonObject root = new JsonObject();
        root.addProperty("status", status);
        int total = 0;
        JsonObject byVerdict = new JsonObject();
        for (Verdict v : Verdict.values()) {
            byVerdict.addProperty(v.name(), counts[v.ordinal()]);
            total += counts[v.ordinal()];
        }
        root.addProperty("scenarios", total);
        root.add("counts", byVerdict);
        root.add("files", files);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }

    private static JsonObject file(Loaded l) {
        JsonObject f = new JsonObject();
        f.addProperty("file", l.display());
        return f;
    }
}
