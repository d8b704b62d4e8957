package org.mmdsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.validation.Issue;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.mmdsl.cli.ScenarioLoader.Loaded;
import org.mmdsl.interpreter.ExpectationEvent;
import org.mmdsl.interpreter.PictureEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.picture.Pictures;
import org.mmdsl.picture.svg.SvgRenderer;
import org.mmdsl.runtime.event.Output;
import org.mmdsl.validation.MmdslIssue;
import org.mmdsl.validation.SimulationDiagnostics;

/**
 * {@code mmdsl run --html OUT.html FILE}: one scenario's run as one self-contained HTML page that a student
 * can send to a teacher. The scenario's text with line numbers; beside each statement what {@code mmdsl run
 * -v} prints for it (the same text, without the {@code file:line:col:} prefix, marked ✓ for a met
 * expectation, ✗ for a failed one or an error, ⚠ for a warning); the boot log folded under the boot
 * statement; each {@code show picture} drawn inline below its line (the SVG of {@link SvgRenderer}); a header
 * with the file, the date, the machine and the verdict, and the summary line at the end. No script, no
 * external font, stylesheet or image: nothing is fetched when the page is opened. The page is built as a
 * jsoup DOM, so every text and attribute is escaped by jsoup; the colours follow prefers-color-scheme.
 * Where the text report is printed: {@link MmdslCli} ({@code report}); the JSON one: {@link JsonReport}.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * Where each file's report goes: {@code out} itself for one file (or {@code out/NAME.html} when
     * {@code out} is a folder or ends with /); for several files {@code out} is a folder (made if missing) and
     * each report is {@code out/NAME.html}. Null, after saying why on standard error, when {@code out} is a
     * file or an {@code .html} name for several scenarios, or two scenarios would write the same report.
     */
    static Map<Path, Path> targets(List<Path> files, String name) {
        Map<Path, Path> targets = new LinkedHashMap<>();
        Path out = Path.of(name);
        boolean folder = Files.isDirectory(ScenarioLoader.resolve(out)) || name.endsWith("/");
        if (files.size() > 1 && !folder) {
            if (Files.exists(ScenarioLoader.resolve(out)) || out.getFileName().toString().endsWith(".html")) {
                ScenarioLoader.err.println("mmdsl: --html " + out + " names one report, but " + files.size()
                        + " scenarios were given: name a folder (--html DIR) to get DIR/NAME.html for each");
                return null;
            }
            folder = true;
        }
        Map<Path, Path> seen = new HashMap<>();
        for (Path f : files) {
            Path target = folder ? out.resolve(f.getFileName().toString().replaceFirst("\\.mmdsl$", "") + ".html") : out;
            Path before = seen.put(target, f);
            if (before != null) {
                ScenarioLoader.err.println("mmdsl: --html " + out + ": " + before + " and " + f + " would both write "
                        + target + ": give them separately");
                return null;
            }
            targets.put(f, target);
        }
        return targets;
    }

    /** Writes {@code html} to {@code target}, making its folder. */
    static void write(Path target, String html) throws IOException {
        Path opened = ScenarioLoader.resolve(target);
        Path dir = opened.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(opened, html);
    }

    /**
     * The page of one scenario. {@code run} is null when the scenario did not run (it does not parse or
     * validate: the page shows its errors at their lines and the verdict ERROR).
     */
    static String render(Loaded l, Run run, boolean strict, Instant when) {
        Document doc = Document.createShell("");
        doc.outputSettings().prettyPrint(false).charset("UTF-8");
        doc.prependChild(new org.jsoup.nodes.DocumentType("html", "", ""));
        Element html = doc.child(0);
        html.attr("lang", "en");
        String name = l.file().getFileName().toString();
        Verdict verdict = run == null ? Verdict.ERROR : Verdict.of(run, strict);
        String summary = run == null ? l.display() + ": ERROR (the scenario does not validate and did not run)"
                : MmdslCli.summaryLine(l, run, strict);

        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("meta").attr("name", "color-scheme").attr("content", "light dark");
        head.appendElement("meta").attr("name", "generator").attr("content", version());
        head.appendElement("title").text(name + ": " + verdict.name() + " - mmdsl report");
        head.appendElement("style").appendChild(new org.jsoup.nodes.DataNode(HtmlReportStyle.CSS));

        Lines lines = new Lines(l);
        issues(l, lines);
        List<Element> pictures = run == null ? List.of() : events(l, run, lines);

        Element body = doc.body();
        Element header = body.appendElement("header");
        header.appendElement("p").addClass("kicker").text("mmdsl report");
        header.appendElement("h1").text(name);
        Element v = header.appendElement("p").addClass("verdict").addClass(verdict.name().toLowerCase());
        v.appendElement("span").addClass("badge").text(verdict == Verdict.PASS ? "✓ PASS" : "✗ " + verdict.name());
        v.appendText(" ");
        v.appendElement("span").addClass("summary").text(summary.substring(l.display().length() + 2 + verdict.name().length()).trim());
        Element facts = header.appendElement("dl").addClass("facts");
        fact(facts, "file", l.display());
        fact(facts, "played", DATE.format(when));
        fact(facts, "machine", run == null || run.kernel() == null ? "not booted" : Pictures.machine(run.kernel()));
        fact(facts, "tool", version() + (strict ? ", run --strict" : ""));
        if (!pictures.isEmpty()) {
            Element nav = header.appendElement("nav").addClass("pictures");
            nav.appendElement("span").text("pictures:");
            Element ul = nav.appendElement("ul");
            for (Element fig : pictures) {
                ul.appendElement("li").appendElement("a").attr("href", "#" + fig.id())
                        .text("line " + fig.attr("data-line") + ": " + fig.attr("data-kind"));
            }
        }

        Element main = body.appendElement("main").addClass("listing");
        lines.appendTo(main);
        Element footer = body.appendElement("footer");
        footer.appendElement("p").addClass("verdict").addClass(verdict.name().toLowerCase()).text(summary);
        footer.appendElement("p").addClass("note").text("Each statement's events are what `mmdsl run -v` prints "
                + "for it; pictures are drawn from the simulated machine at that step (docs/pictures.md).");
        return doc.outerHtml() + "\n";
    }

    private static void fact(Element dl, String term, String value) {
        dl.appendElement("dt").text(term);
        dl.appendElement("dd").text(value);
    }

    private static String version() {
        return MmdslCli.class.getAnnotation(picocli.CommandLine.Command.class).version()[0];
    }

    /** The static issues (a validation warning, or the errors that kept the scenario from running), at their lines. */
    private static void issues(Loaded l, Lines lines) {
        List<Issue> sorted = new ArrayList<>(l.issues());
        sorted.sort(Comparator.comparingInt((Issue i) -> i.getOffset() == null ? 0 : i.getOffset()));
        for (Issue i : sorted) {
            String sev = i.getSeverity().name().toLowerCase();
            String code = i.getCode() == null ? "" : " [" + (i.getCode().startsWith("org.eclipse.xtext") ? "syntax"
                    : i.getCode()) + "]";
            int line = i.getLineNumber() == null ? 1 : i.getLineNumber();
            lines.event(line, sev, sev + ": " + i.getMessage() + code);
        }
    }

    /**
     * The run's events at their statements' lines, as {@link MmdslCli}'s verbose report words them; returns
     * the pictures' figures in run order.
     */
    private static List<Element> events(Loaded l, Run run, Lines lines) {
        List<SimulationDiagnostics.SimDiagnostic> diags = SimulationDiagnostics.of(run);
        List<Element> figures = new ArrayList<>();
        Map<Integer, Integer> picturesAtLine = new HashMap<>();
        int d = 0;
        for (RunEvent re : run.events()) {
            MmdslIssue issue = SimulationDiagnostics.issueOf(re);
            int line = l.line(SimulationDiagnostics.range(re.cause())[0]);
            if (issue != null && re.cause() != null) {
                SimulationDiagnostics.SimDiagnostic sd = diags.get(d++);
                String sev = issue == MmdslIssue.EXPECTATION_FAILED ? "fail" : issue.severity.name().toLowerCase();
                lines.event(l.line(sd.offset()), sev, issue.severity.name().toLowerCase() + ": " + sd.message() + " ["
                        + issue.id + "]");
            } else if (re.event() instanceof PictureEvent p) {
                int n = picturesAtLine.merge(line, 1, Integer::sum);
                figures.add(lines.picture(line, n, p));
            } else if (re.event() instanceof Output o) {
                Element ev = lines.event(line, "output", o.title());
                if (!o.text().isEmpty()) {
                    ev.appendElement("pre").text(o.text().endsWith("\n") ? o.text().substring(0, o.text().length() - 1)
                            : o.text());
                }
            } else if (JsonReport.isBootLog(l, re)) {
                lines.bootLog(line, re.event().message());
            } else if (re.event() instanceof ExpectationEvent) {
                lines.event(line, "ok", "ok: " + re.event().message());
            } else {
                lines.event(line, "call", re.event().message());
            }
        }
        return figures;
    }

    /** The scenario's lines, each with the events and pictures attached to it so far. */
    private static final class Lines {
        private final String[] text;
        private final Map<Integer, Element> events = new HashMap<>();
        private final Map<Integer, Element> figures = new HashMap<>();
        private final Map<Integer, Element> bootLogs = new HashMap<>();

        Lines(Loaded l) {
            String t = l.text().replace("\r\n", "\n");
            if (t.endsWith("\n")) {
                t = t.substring(0, t.length() - 1);
            }
            text = t.split("\n", -1);
        }

        private Element events(int line) {
            return events.computeIfAbsent(clamp(line), k -> new Element("div").addClass("events"));
        }

        private int clamp(int line) {
            return Math.max(1, Math.min(line, text.length));
        }

        /** One event: its mark (by {@code kind}: ok, fail, error, warning, info, call, output) and its text. */
        Element event(int line, String kind, String message) {
            Element ev = events(line).appendElement("div").addClass("ev").addClass(kind).attr("data-line",
                    String.valueOf(clamp(line)));
            String mark = switch (kind) {
                case "ok" -> "✓";
                case "fail", "error" -> "✗";
                case "warning" -> "⚠";
                case "info" -> "ℹ";
                case "output" -> "▤";
                default -> "→";
            };
            ev.appendElement("span").addClass("mark").attr("aria-hidden", "true").text(mark);
            ev.appendElement("span").addClass("msg").text(message);
            return ev;
        }

        /** A boot-log line, in one folded block per statement. */
        void bootLog(int line, String message) {
            Element pre = bootLogs.get(clamp(line));
            if (pre == null) {
                Element details = events(line).appendElement("details").addClass("boot-log");
                Element summary = details.appendElement("summary");
                pre = details.appendElement("pre");
                bootLogs.put(clamp(line), pre);
            }
            pre.appendText((pre.childNodeSize() == 0 ? "" : "\n") + message);
            int count = pre.wholeText().split("\n", -1).length;
            pre.parent().selectFirst("summary").text("boot log (" + count + " line" + (count == 1 ? "" : "s") + ")");
        }

        /**
         * The {@code n}-th picture drawn at {@code line}: a figure with the -v line as caption, the SVG (its
         * ids prefixed with the figure's, so that the page's ids stay unique) and the short text form, folded.
         */
        Element picture(int line, int n, PictureEvent p) {
            String id = "picture-" + clamp(line) + (n == 1 ? "" : "-" + n);
            Element fig = figures.computeIfAbsent(clamp(line), k -> new Element("div").addClass("figures"))
                    .appendElement("figure").addClass("picture").addClass(p.picture().kind().word()).id(id)
                    .attr("data-line", String.valueOf(clamp(line))).attr("data-kind", p.picture().kind().word());
            fig.appendElement("figcaption").text(p.message());
            Document svgDoc = Jsoup.parse(SvgRenderer.render(p.picture()), "", Parser.xmlParser());
            Element svg = svgDoc.selectFirst("svg");
            for (Element e : svg.select("[id]")) {
                e.id(id + "-" + e.id());
            }
            svg.removeAttr("xmlns:jfreesvg");
            svg.attr("role", "img").attr("aria-label", p.picture().title());
            fig.appendChild(svg);
            Element details = fig.appendElement("details").addClass("text-form");
            details.appendElement("summary").text("text form");
            details.appendElement("pre").text(p.picture().text().stripTrailing());
            return fig;
        }

        void appendTo(Element main) {
            for (int i = 1; i <= text.length; i++) {
                Element row = main.appendElement("div").addClass("line").id("L" + i);
                row.appendElement("a").addClass("no").attr("href", "#L" + i).text(String.valueOf(i));
                row.appendElement("code").addClass("src").text(text[i - 1].isEmpty() ? " " : text[i - 1]);
                Element ev = events.get(i);
                if (ev != null) {
                    row.addClass("has-events");
                    row.appendChild(ev);
                }
                Element fig = figures.get(i);
                if (fig != null) {
                    row.addClass("has-pictures");
                    row.appendChild(fig);
                }
            }
        }
    }
}
