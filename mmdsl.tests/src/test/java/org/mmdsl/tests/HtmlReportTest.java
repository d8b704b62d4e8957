package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 point 3, {@code mmdsl run --html}: what the page says, read back with jsoup as a reader of the
 * page would read it (line by line: the statement, then its marks and texts). The same page in a real
 * browser: {@link HtmlReportBrowserTest}.
 */
class HtmlReportTest {
    private static final Path OUT = Path.of("target", "html-report");

    private static final String FAILS = """
            // a report with every mark: </code><script>alert("x")</script> & "quotes"
            boot ram 256MB
            process init <
              mmap buf 8KB r-- private anon
              write buf                    // not announced: a warning
              read buf
                expect fault SIGSEGV       // fails: the read is allowed
              show maps
            >
            """;

    /** Each statement with what -v prints for it and its mark; the verdict, the summary, the exit status. */
    @Test
    void eachStatementHasItsEventsAndMarks() throws Exception {
        Path dir = OUT.resolve("fails");
        Path file = write(dir, "fails.mmdsl", FAILS);
        Path html = dir.resolve("report.html");
        Files.deleteIfExists(html);
        Cli r = Cli.run("run", "--html", html.toString(), file.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().endsWith(file + ": FAIL (0 expectations met, 1 failed)\nwrote " + html + "\n"), r.out());
        Document d = Jsoup.parse(html.toFile());
        assertEquals("fails.mmdsl: FAIL - mmdsl report", d.title());
        assertEquals("✗ FAIL (0 expectations met, 1 failed)", d.selectFirst("header .verdict").text());
        assertEquals(List.of("file: " + file, "machine: i386, kernel 6.1, 255.88 MB RAM", "tool: mmdsl 0.1.0"),
                d.select(".facts dt").stream().filter(dt -> !dt.text().equals("played"))
                        .map(dt -> dt.text() + ": " + dt.nextElementSibling().text()).toList());
        assertTrue(d.select(".facts dd").get(1).text().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC"));
        assertEquals("""
                2 | boot ram 256MB
                  boot log (32 lines)
                4 |   mmap buf 8KB r-- private anon
                  → init[1]: mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb7ffe000
                5 |   write buf                    // not announced: a warning
                  ⚠ warning: SIGSEGV (SEGV_ACCERR) on write of 0xb7ffe000 by pid 1: VMA lacks VM_WRITE; VMA b7ffe000-b8000000 r--p 00000000 00:00 0 [fault-unexpected]
                6 |   read buf
                  → page fault on read of 0xb7ffe000 by pid 1: do_anonymous_page: zero page mapped read-only, pfn 0x2002
                7 |     expect fault SIGSEGV       // fails: the read is allowed
                  ✗ error: expected SIGSEGV, but the read of 0xb7ffe000 succeeded [expectation-failed]
                8 |   show maps
                  ▤ /proc/1/maps
                    b7ffe000-b8000000 r--p 00000000 00:00 0\s
                """, outline(d));
        assertEquals(file + ": FAIL (0 expectations met, 1 failed)", d.selectFirst("footer .verdict").text());
    }

    /** The scenario's text is text: markup in a comment is shown, never run; the page has no script at all. */
    @Test
    void theScenarioIsEscaped() throws Exception {
        Path dir = OUT.resolve("fails");
        Path file = write(dir, "fails.mmdsl", FAILS);
        Path html = dir.resolve("escaped.html");
        Cli.run("run", "--html", html.toString(), file.toString());
        Document d = Jsoup.parse(html.toFile());
        assertEquals(FAILS.lines().findFirst().get(), d.selectFirst("#L1 .src").wholeText());
        assertTrue(d.select("script, link, img, iframe, [src]").isEmpty(), d.select("script").toString());
        assertTrue(Files.readString(html).contains("&lt;/code&gt;&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp;"));
    }

    /** A scenario that does not validate still gets its page: the errors at their line, the verdict ERROR. */
    @Test
    void aScenarioThatDoesNotValidateGetsItsErrors() throws Exception {
        Path dir = OUT.resolve("bad");
        Path file = write(dir, "bad.mmdsl", "boot ram 256MB\nprocess init <\n  mmap buf 8KB r-- privat anon\n>\n");
        Path html = dir.resolve("bad.html");
        Cli r = Cli.run("run", "--html", html.toString(), file.toString());
        assertEquals(2, r.status());
        Document d = Jsoup.parse(html.toFile());
        assertEquals("✗ ERROR (the scenario does not validate and did not run)", d.selectFirst("header .verdict").text());
        assertEquals("machine: not booted", d.select(".facts dt").get(2).text() + ": " + d.select(".facts dd").get(2).text());
        String outline = outline(d);
        assertTrue(outline.startsWith("""
                3 |   mmap buf 8KB r-- privat anon
                  ✗ error: unexpected 'privat' in mmap: expected 'private', 'shared', 'shared_validate', 'anon', \
                'file', 'fd' or 'device' after 'r--'; did you mean 'private'? [syntax]
                """), outline);
        assertTrue(d.select("figure").isEmpty());
    }

    /** Several scenarios: one page each in a folder; an .html name for several is refused before anything runs. */
    @Test
    void severalScenariosWriteOnePageEachIntoAFolder() throws Exception {
        Path dir = OUT.resolve("several");
        Path a = write(dir, "a.mmdsl", "boot ram 64MB\nexpect zone DMA start 0x1000\n");
        Path b = write(dir.resolve("sub"), "b.mmdsl", "boot ram 64MB arch x86_64\nshow picture buddy\n");
        Path into = dir.resolve("reports");
        Cli r = Cli.run("run", "--html", into.toString(), a.toString(), b.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(a + ": PASS (1 expectation met, 0 failed)\nwrote " + into.resolve("a.html") + "\n", r.out().substring(0,
                r.out().indexOf('\n', r.out().indexOf("wrote")) + 1));
        assertTrue(r.out().endsWith("wrote " + into.resolve("b.html") + "\n2 scenarios: 2 PASS, 0 FAIL, 0 ERROR, 0 BUDGET\n"),
                r.out());
        Document pb = Jsoup.parse(into.resolve("b.html").toFile());
        assertEquals("x86_64, kernel 6.1, 63.88 MB RAM", pb.select(".facts dd").get(2).text());
        assertEquals(List.of("picture-2"), pb.select("figure.picture").stream().map(Element::id).toList());
        assertEquals("picture buddy: buddy allocator: free blocks per order", pb.selectFirst("figcaption").text());
        assertEquals(1, pb.select("figure svg").size());

        Path one = dir.resolve("one.html");
        Cli refused = Cli.run("run", "--html", one.toString(), a.toString(), b.toString());
        assertEquals(2, refused.status());
        assertEquals("mmdsl: --html " + one + " names one report, but 2 scenarios were given: name a folder (--html DIR) "
                + "to get DIR/NAME.html for each\n", refused.err());
        assertEquals("", refused.out());
        assertFalse(Files.exists(one));
        Cli slash = Cli.run("run", "--html", dir.resolve("alone") + "/", a.toString());
        assertEquals(0, slash.status(), slash.err());
        assertTrue(slash.out().endsWith("wrote " + dir.resolve("alone").resolve("a.html") + "\n"), slash.out());
        Cli notAFolder = Cli.run("run", "--html", a.resolve("x.html").toString(), a.toString());
        assertEquals(2, notAFolder.status());
        assertEquals("mmdsl: cannot write the report " + a.resolve("x.html") + ": " + a + " is a file, not a folder\n",
                notAFolder.err());
        Path twin = write(dir.resolve("twin"), "a.mmdsl", "boot ram 64MB\n");
        Cli clash = Cli.run("run", "--html", into.toString(), a.toString(), twin.toString());
        assertEquals(2, clash.status());
        assertEquals("mmdsl: --html " + into + ": " + a + " and " + twin + " would both write " + into.resolve("a.html")
                + ": give them separately\n", clash.err());
    }

    // ---------------------------------------------------------------- helpers

    private static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /**
     * The listing as a reader goes through it: each line with events ("N | statement"), then each event's
     * mark and text, an output's text indented below it, the folded boot log's summary.
     */
    static String outline(Document d) {
        StringBuilder s = new StringBuilder();
        for (Element line : d.select("main .line.has-events")) {
            s.append(line.selectFirst(".no").text()).append(" | ").append(line.selectFirst(".src").wholeText()).append('\n');
            for (Element e : line.select(".events > *")) {
                if (e.hasClass("boot-log")) {
                    s.append("  ").append(e.selectFirst("summary").text()).append('\n');
                    continue;
                }
                s.append("  ").append(e.selectFirst(".mark").text()).append(' ').append(e.selectFirst(".msg").wholeText())
                        .append('\n');
                Element pre = e.selectFirst("pre");
                if (pre != null) {
                    pre.wholeText().lines().forEach(l -> s.append("    ").append(l).append('\n'));
                }
            }
        }
        return s.toString();
    }
}
