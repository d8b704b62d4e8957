package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdsl.MmdslStandaloneSetup;
import org.mmdsl.grade.GradeJson;
import org.mmdsl.grade.Grader;
import org.mmdsl.grade.Key;
import org.mmdsl.grade.Submission;
import org.mmdsl.interpreter.Interpreter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.inject.Injector;

/**
 * Issue 13 point 2, grading: {@code mmdsl grade --key KEY SUBMISSION...|DIR} through the CLI. The lab of
 * examples/ (its key and the graded submissions in examples/_lab-cow-submissions, a folder `run DIR`
 * skips); what counts as a changed statement (not comments, white space, {@code worth} or the answers);
 * equivalent and invalid answers; not gradable; a bad key; every report format, Gradescope's and
 * PrairieLearn's results.json field by field against their documented fields and types, JUnit XML
 * against an XSD written from the documented elements of Ant's and Surefire's reports (no published schema
 * ships in a Maven Central artifact) and through Maven's own reader of it; the same report
 * whatever the number of threads; shared verdicts equal to a run of every submission.
 */
class Issue13GradeTest {

    @TempDir
    Path dir;

    private static final Path EXAMPLES = ExamplesTest.root().resolve("examples");
    private static final Path KEY = EXAMPLES.resolve("lab-cow-key.mmdsl");
    private static final Path SUBMISSIONS = EXAMPLES.resolve("_lab-cow-submissions");

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    /** The exercise with these replacements made (each must apply). */
    private static String exercise(String... replacements) throws IOException {
        String text = Files.readString(EXAMPLES.resolve("lab-cow-exercise.mmdsl"));
        for (int i = 0; i < replacements.length; i += 2) {
            assertTrue(text.contains(replacements[i]), replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    private static String shown(Cli c) {
        return (c.out() + c.err()).replace(EXAMPLES.toString() + "/", "examples/");
    }

    @Test
    void theLabsSubmissionsAreGradedAsTheReportSays() {
        Cli c = Cli.run("grade", "--key", KEY.toString(), SUBMISSIONS.toString());
        assertEquals(1, c.status(), c.out() + c.err()); // dee's does not parse
        assertEquals("""
                key examples/lab-cow-key.mmdsl: 5 questions, 7 points; 4 submissions

                student  score  status
                ada        7/7  graded
                ben        0/7  graded, 4 wrong, 1 unanswered
                cy         4/7  graded, 1 wrong, 2 changed statements
                dee          -  NOT GRADABLE: 1 error

                question  line  points    right  prompt
                Q1          12       1      2/3  expect address ?
                Q2          19       1      1/3  expect value ?
                Q3          23       2      2/3  expect fault ?
                Q4          26       1      2/3  expect init read buf+4KB == ?
                Q5          27       2      1/3  expect child read buf+4KB == ?

                3 graded, 1 not gradable; mean 3.67/7
                """, shown(c));
    }

    @Test
    void feedbackNamesEachQuestionAndChangedStatementWithoutTheAnswers() {
        Cli c = Cli.run("grade", "--key", KEY.toString(), "-v", SUBMISSIONS.resolve("cy.mmdsl").toString(),
                SUBMISSIONS.resolve("dee.mmdsl").toString(), SUBMISSIONS.resolve("ben.mmdsl").toString());
        String out = shown(c);
        assertTrue(out.contains("""
                cy (examples/_lab-cow-submissions/cy.mmdsl): 4/7
                  statements changed (only the answers may change; their questions score 0):
                    line 18: changed `read buf expect value 0`, the key has `read buf+4KB expect value ?`
                    line 20: changed `write buf+4KB value 9`, the key has `write buf+4KB value 7`
                  Q1 (line 12) expect address ?: 1/1, `0xb7ff6000` is right
                  Q2 (line 19) expect value ?: 0/1, not graded: its statement (the key's line 18) was changed, removed or moved (see the changes)
                  Q3 (line 23) expect fault ?: 2/2, `SIGSEGV SEGV_ACCERR` is right
                  Q4 (line 26) expect init read buf+4KB == ?: 1/1, `42` is right
                  Q5 (line 27) expect child read buf+4KB == ?: 0/2, `9` is wrong
                """), out);
        assertTrue(out.contains("""
                dee (examples/_lab-cow-submissions/dee.mmdsl): not gradable
                  not gradable (no score, no attempt used): fix these and submit again
                    line 23:25: unexpected ','"""), out);
        assertTrue(out.contains("  Q1 (line 12) expect address ?: 0/1, `0xb7ff7000` is wrong\n"), out);
        assertFalse(out.contains("0xb7ff6000;") || out.contains("the run gives"), "answers shown without --show-answers");
        Cli shown = Cli.run("grade", "--key", KEY.toString(), "-v", "--show-answers", SUBMISSIONS.resolve("ben.mmdsl").toString());
        assertTrue(shown.out().contains("  Q1 (line 12) expect address ?: 0/1, `0xb7ff7000` is wrong (mmap returned "
                + "0xb7ff6000, expected 0xb7ff7000); the run gives 0xb7ff6000\n"), shown.out());
    }

    @Test
    void runOverExamplesSkipsTheSubmissionsFolderUnlessNamed() {
        Cli all = Cli.run("run", "--strict", EXAMPLES.toString());
        assertEquals(0, all.status(), all.out());
        assertFalse(all.out().contains("_lab-cow-submissions"), all.out());
        Cli named = Cli.run("run", "--strict", SUBMISSIONS.toString());
        assertTrue(named.out().endsWith("4 scenarios: 2 PASS, 1 FAIL, 1 ERROR, 0 BUDGET\n"), named.out());
    }

    @Test
    void commentsWhiteSpaceWorthAndEquivalentAnswersDoNotCost() throws IOException {
        Path sub = file("eve.mmdsl", exercise(
                "    expect address ?", "    expect   address 3086966784 worth 5 // 0xb7ff6000 in decimal",
                "    expect value ?", "    expect value 40+2",
                "expect fault ? worth 2", "expect fault ?\n      SIGSEGV /* an access error */ SEGV_ACCERR",
                "expect init read buf+4KB == ?", "expect init read buf + 4KB == 0x2a",
                "expect child read buf+4KB == ? worth 2", "expect child read buf+4KB == 7 // the child's copy",
                "  write buf+4KB value 42\n", "  write buf+4KB value 42\n\n  // a comment of my own\n"));
        Cli c = Cli.run("grade", "--key", KEY.toString(), "-v", sub.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        assertTrue(c.out().contains("""
                  Q1 (line 12) expect address ?: 1/1, `3086966784` is right
                  Q2 (line 21) expect value ?: 1/1, `40+2` is right
                  Q3 (line 25) expect fault ?: 2/2, `SIGSEGV /* an access error */ SEGV_ACCERR` is right
                  Q4 (line 26) expect init read buf+4KB == ?: 1/1, `0x2a` is right
                  Q5 (line 27) expect child read buf+4KB == ?: 2/2, `7` is right
                """.replace("line 21", "line 19").replace("line 25", "line 23")), c.out());
        assertTrue(c.out().contains("eve        7/7  graded\n"), c.out());
    }

    @Test
    void anAddedRemovedOrChangedStatementIsReportedWithItsLine() throws IOException {
        Path sub = file("frank.mmdsl", exercise(
                "process child = fork init <", "process kid = fork init <",
                "  write buf+4KB value 42\n", "  write buf+4KB value 42\n  write buf value 1\n",
                "  write 0x08048010\n    expect fault ? worth 2\n", "",
                "expect child read buf+4KB == ? worth 2", "expect child read buf+4KB == 7"));
        Cli c = Cli.run("grade", "--key", KEY.toString(), "-v", sub.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        assertTrue(c.out().contains("""
                  statements changed (only the answers may change; their questions score 0):
                    line 14: added `write buf value 1`
                    line 17: changed `process kid = fork init < ... >`, the key has `process child = fork init < ... >`
                    the key's line 22: missing `write 0x08048010 expect fault ?`
                """), c.out());
        // the renamed process does not rename the key's: `child read` is judged on the key's text
        assertTrue(c.out().contains("  Q5 (line 27) expect child read buf+4KB == ?: 2/2, `7` is right\n"), c.out());
        assertTrue(c.out().contains("  Q3 (line 23) expect fault ?: 0/2, not graded: its statement (the key's line 22) "
                + "was changed, removed or moved"), c.out());
    }

    @Test
    void anAnswerThatDoesNotValidateScoresZeroWithTheValidatorsWords() throws IOException {
        Path sub = file("gil.mmdsl", exercise("expect fault ? worth 2", "expect fault SIGFOO",
                "    expect value ?", "    expect value 42"));
        Cli c = Cli.run("grade", "--key", KEY.toString(), "-v", sub.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        assertTrue(c.out().contains("  Q3 (line 23) expect fault ?: 0/2, `SIGFOO` is not a valid answer here: 'SIGFOO' is "
                + "not a signal a memory access raises: use SIGSEGV or SIGBUS\n"), c.out());
        assertTrue(c.out().contains("  Q2 (line 19) expect value ?: 1/1, `42` is right\n"), c.out()); // the others still count
    }

    @Test
    void aKeyWithABlankOrThatFailsStrictIsRefused() throws IOException {
        Cli blank = Cli.run("grade", "--key", EXAMPLES.resolve("lab-cow-exercise.mmdsl").toString(), SUBMISSIONS.toString());
        assertEquals(2, blank.status());
        assertTrue(blank.err().contains("the key has a blank at line 12 ("), blank.err());
        assertTrue(blank.err().contains("run `mmdsl answers` on the exercise first"), blank.err());
        Path wrong = file("wrong-key.mmdsl", Files.readString(KEY).replace("== ? 42", "== ? 43"));
        Cli bad = Cli.run("grade", "--key", wrong.toString(), SUBMISSIONS.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("does not pass `mmdsl run --strict` (FAIL: 1 failed)"), bad.err());
        Path none = file("none.mmdsl", "process init <\n  mmap buf 4KB rw- private anon\n    expect address 0xb7fff000\n>\n");
        Cli noQuestions = Cli.run("grade", "--key", none.toString(), SUBMISSIONS.toString());
        assertEquals(2, noQuestions.status());
        assertTrue(noQuestions.err().contains("has no questions"), noQuestions.err());
        Cli missing = Cli.run("grade", "--key", KEY.toString(), dir.resolve("nobody.mmdsl").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("nobody.mmdsl: no such file or folder"), missing.err());
    }

    @Test
    void badUsageSaysWhatIsWrong() throws IOException {
        Path ada = SUBMISSIONS.resolve("ada.mmdsl");
        Cli both = Cli.run("grade", "--key", KEY.toString(), "--tap", "--json", ada.toString());
        assertEquals(2, both.status());
        assertEquals("mmdsl grade: --tap and --json both print on standard output: choose one\n", both.err());
        Path notAFolder = file("report", "");
        Cli junit = Cli.run("grade", "--key", KEY.toString(), "--junit", notAFolder.toString(), ada.toString());
        assertEquals(2, junit.status());
        assertEquals("mmdsl grade: cannot write a report: " + notAFolder + ": it exists and is not a folder\n", junit.err());
        Cli threads = Cli.run("grade", "--key", KEY.toString(), "--threads", "-1", ada.toString());
        assertEquals(2, threads.status());
        assertEquals("mmdsl grade: --threads takes a number of threads, at least 1 (0, the default, is one per core)\n", threads.err());
        Cli help = Cli.run("grade", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: mmdsl grade "), help.out());
    }

    @Test
    void oneFolderPerStudent() throws IOException {
        file("class/ann/lab.mmdsl", exercise("    expect value ?", "    expect value 42"));
        file("class/bo/lab.mmdsl", exercise());
        file("class/bo/old/lab.mmdsl", exercise());
        file("class/cid.mmdsl", exercise());
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--json", dir.resolve("class").toString());
        assertEquals(1, c.status(), c.err());
        JsonObject json = JsonParser.parseString(c.out()).getAsJsonObject();
        JsonArray subs = json.getAsJsonArray("submissions");
        assertEquals(List.of("ann", "bo", "cid"), ids(subs));
        assertEquals(1, subs.get(0).getAsJsonObject().get("score").getAsInt());
        assertEquals("the folder holds 2 .mmdsl files (lab.mmdsl, old/lab.mmdsl): a student's folder holds one submission",
                subs.get(1).getAsJsonObject().getAsJsonArray("format_errors").get(0).getAsString());
        file("class2/ann.mmdsl", exercise());
        Cli twice = Cli.run("grade", "--key", KEY.toString(), dir.resolve("class").toString(), dir.resolve("class2").toString());
        assertEquals(2, twice.status());
        assertTrue(twice.err().contains("two submissions have the student id ann"), twice.err());
    }

    private static List<String> ids(JsonArray subs) {
        List<String> out = new ArrayList<>();
        subs.forEach(s -> out.add(s.getAsJsonObject().get("id").getAsString()));
        return out;
    }

    @Test
    void tapVersion14() {
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--tap", SUBMISSIONS.resolve("ada.mmdsl").toString(),
                SUBMISSIONS.resolve("ben.mmdsl").toString(), SUBMISSIONS.resolve("dee.mmdsl").toString());
        assertEquals(1, c.status());
        String out = c.out();
        assertTrue(out.startsWith("""
                TAP version 14
                1..3
                # Subtest: ada
                    1..5
                    ok 1 - Q1 (line 12) expect address ?
                    ok 2 - Q2 (line 19) expect value ?
                    ok 3 - Q3 (line 23) expect fault ?
                    ok 4 - Q4 (line 26) expect init read buf+4KB == ?
                    ok 5 - Q5 (line 27) expect child read buf+4KB == ?
                ok 1 - ada: 7/7
                # Subtest: ben
                    1..5
                    not ok 1 - Q1 (line 12) expect address ?
                      ---
                      status: "wrong"
                      points: 0
                      max_points: 1
                      message: "`0xb7ff7000` is wrong"
                      ...
                """), out);
        assertTrue(out.endsWith("""
                not ok 2 - ben: 0/7
                not ok 3 - dee: not gradable
                  ---
                  status: not gradable
                  format_errors:
                    - "line 23:25: unexpected ','; inside `process NAME < ... >` the steps are exec, mmap, munmap, mprotect, brk, read, write, translate, mremap, madvise, mlock, mlock2, munlock, mlockall, munlockall, msync, open, memfd_create, fcntl, ftruncate, close, pread, pwrite, mincore, mseal, setrlimit, setuid, call, let, fork, repeat, find_vma, find_vma_prev, find_vma_intersection, set_mempolicy, mbind, show pagetables|maps|dmesg|zoneinfo|buddyinfo|meminfo|smaps|status|pmap|mmap_cache|early_pagetables|vmstat|stat|mm|pagetypeinfo|numa_maps|pagemap|picture|vma|folio, expect and exit"
                  ...
                """), out);
        // every line is a TAP line: version, plan, test point, comment, or inside a YAML block or subtest
        for (String line : out.split("\n")) {
            assertTrue(line.matches("TAP version 14|1\\.\\.\\d+|(not )?ok \\d+ - .*|# Subtest: .*|    .*|  .*"), line);
        }
    }

    @Test
    void junitXmlValidatesAgainstTheDocumentedSchema() throws Exception {
        Path out = dir.resolve("junit");
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--junit", out.toString(), SUBMISSIONS.toString());
        assertEquals(1, c.status());
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/junit/junit-report.xsd")));
        for (String id : List.of("ada", "ben", "cy", "dee")) {
            Path f = out.resolve("TEST-" + id + ".xml");
            schema.newValidator().validate(new StreamSource(f.toFile()));
        }
        Document ben = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("TEST-ben.xml").toFile());
        Element suite = ben.getDocumentElement();
        assertEquals("ben", suite.getAttribute("name"));
        assertEquals("5", suite.getAttribute("tests"));
        assertEquals("5", suite.getAttribute("failures"));
        NodeList cases = suite.getElementsByTagName("testcase");
        Element first = (Element) cases.item(0);
        assertEquals("Q1 (line 12) expect address ?", first.getAttribute("name"));
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertEquals("wrong", failure.getAttribute("type"));
        assertEquals("`0xb7ff7000` is wrong", failure.getAttribute("message"));
        Element fifth = (Element) cases.item(4);
        assertEquals("unanswered", ((Element) fifth.getElementsByTagName("failure").item(0)).getAttribute("type"));
        Document dee = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("TEST-dee.xml").toFile());
        assertEquals("1", dee.getDocumentElement().getAttribute("errors"));
        assertEquals("not gradable", ((Element) dee.getElementsByTagName("error").item(0)).getAttribute("type"));
        Document ada = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("TEST-ada.xml").toFile());
        assertEquals("0", ada.getDocumentElement().getAttribute("failures"));
        assertEquals(0, ada.getElementsByTagName("failure").getLength());
        // Maven's reader of the format (surefire-report-parser, what the surefire report plugin reads) sees the same
        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(out.resolve("TEST-ben.xml").toString());
        assertEquals(1, suites.size());
        assertEquals("ben", suites.get(0).getName());
        assertEquals(5, suites.get(0).getNumberOfTests());
        assertEquals(5, suites.get(0).getNumberOfFailures());
        ReportTestCase q1 = suites.get(0).getTestCases().get(0);
        assertEquals("Q1 (line 12) expect address ?", q1.getName());
        assertEquals("wrong", q1.getFailureType());
        assertEquals("`0xb7ff7000` is wrong", q1.getFailureMessage());
        ReportTestSuite deeSuite = new TestSuiteXmlParser(new NullConsoleLogger()).parse(out.resolve("TEST-dee.xml").toString()).get(0);
        assertEquals(1, deeSuite.getNumberOfErrors());
        assertEquals("not gradable", deeSuite.getTestCases().get(0).getFailureType());
    }

    /** Gradescope's results.json: "Autograder Specifications", output format (field names and types). */
    @Test
    void gradescopeResultsHaveTheDocumentedFields() throws IOException {
        Path out = dir.resolve("results/results.json");
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--gradescope", out.toString(), SUBMISSIONS.resolve("cy.mmdsl").toString());
        assertEquals(0, c.status(), c.err());
        JsonObject r = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(Set.of("score", "output", "visibility", "stdout_visibility", "tests"), r.keySet());
        assertEquals(4.0, number(r, "score"));
        assertTrue(string(r, "output").contains("line 20: changed `write buf+4KB value 9`"), string(r, "output"));
        Set<String> visibilities = Set.of("hidden", "after_due_date", "after_published", "visible");
        assertTrue(visibilities.contains(string(r, "visibility")));
        assertTrue(visibilities.contains(string(r, "stdout_visibility")));
        JsonArray tests = r.getAsJsonArray("tests");
        assertEquals(5, tests.size());
        double sum = 0;
        for (JsonElement e : tests) {
            JsonObject t = e.getAsJsonObject();
            assertEquals(Set.of("name", "number", "score", "max_score", "output", "visibility"), t.keySet());
            string(t, "name");
            string(t, "number");
            string(t, "output");
            assertTrue(visibilities.contains(string(t, "visibility")));
            assertTrue(number(t, "score") >= 0 && number(t, "score") <= number(t, "max_score"));
            sum += number(t, "score");
        }
        assertEquals(number(r, "score"), sum);
        JsonObject q5 = tests.get(4).getAsJsonObject();
        assertEquals("Q5 (line 27) expect child read buf+4KB == ?", string(q5, "name"));
        assertEquals(0.0, number(q5, "score"));
        assertEquals(2.0, number(q5, "max_score"));
        Cli several = Cli.run("grade", "--key", KEY.toString(), "--gradescope", out.toString(), SUBMISSIONS.toString());
        assertEquals(2, several.status());
        assertTrue(several.err().contains("--gradescope and --prairielearn write the results of one submission"), several.err());
    }

    /** PrairieLearn's results.json: "External Grading", grading results (field names and types). */
    @Test
    void prairieLearnResultsHaveTheDocumentedFields() throws IOException {
        Path out = dir.resolve("pl.json");
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--prairielearn", out.toString(), SUBMISSIONS.resolve("cy.mmdsl").toString());
        assertEquals(0, c.status(), c.err());
        JsonObject r = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(Set.of("gradable", "score", "message", "output", "tests"), r.keySet());
        assertTrue(r.get("gradable").getAsJsonPrimitive().isBoolean() && r.get("gradable").getAsBoolean());
        assertEquals(4.0 / 7, number(r, "score"), 1e-12);
        string(r, "message");
        string(r, "output");
        for (JsonElement e : r.getAsJsonArray("tests")) {
            JsonObject t = e.getAsJsonObject();
            assertEquals(Set.of("name", "description", "points", "max_points", "message", "output"), t.keySet());
            string(t, "name");
            string(t, "description");
            string(t, "message");
            string(t, "output");
            assertTrue(number(t, "points") >= 0 && number(t, "points") <= number(t, "max_points"));
        }
        Cli dee = Cli.run("grade", "--key", KEY.toString(), "--prairielearn", out.toString(), SUBMISSIONS.resolve("dee.mmdsl").toString());
        assertEquals(1, dee.status());
        JsonObject n = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(Set.of("gradable", "format_errors", "message"), n.keySet()); // no score: not gradable
        assertFalse(n.get("gradable").getAsBoolean());
        JsonArray errors = n.getAsJsonArray("format_errors");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getAsString().startsWith("line 23:25: unexpected ','"), errors.toString());
    }

    private static double number(JsonObject o, String field) {
        assertTrue(o.has(field) && o.get(field).isJsonPrimitive() && o.get(field).getAsJsonPrimitive().isNumber(),
                field + " is a number in " + o);
        return o.get(field).getAsDouble();
    }

    private static String string(JsonObject o, String field) {
        assertTrue(o.has(field) && o.get(field).isJsonPrimitive() && o.get(field).getAsJsonPrimitive().isString(),
                field + " is a string in " + o);
        return o.get(field).getAsString();
    }

    @Test
    void csvGradeBook() throws IOException {
        Path out = dir.resolve("grades.csv");
        Cli c = Cli.run("grade", "--key", KEY.toString(), "--csv", out.toString(), SUBMISSIONS.toString());
        assertEquals(1, c.status());
        assertEquals("""
                student,status,Q1 (1),Q2 (1),Q3 (2),Q4 (1),Q5 (2),total,max\r
                ada,graded,1,1,2,1,2,7,7\r
                ben,graded,0,0,0,0,0,0,7\r
                cy,graded,1,0,2,1,0,4,7\r
                dee,not gradable,,,,,,,7\r
                """, Files.readString(out));
    }

    @Test
    void jsonIsTheSameWhateverTheThreads() {
        String one = Cli.run("grade", "--key", KEY.toString(), "--json", "--threads", "1", SUBMISSIONS.toString()).out();
        String four = Cli.run("grade", "--key", KEY.toString(), "--json", "--threads", "4", SUBMISSIONS.toString()).out();
        String again = Cli.run("grade", "--key", KEY.toString(), "--json", SUBMISSIONS.toString()).out();
        assertEquals(one, four);
        assertEquals(one, again);
        JsonObject json = JsonParser.parseString(one).getAsJsonObject();
        assertEquals(7, json.get("max_score").getAsInt());
        assertEquals(List.of("ada", "ben", "cy", "dee"), ids(json.getAsJsonArray("submissions")));
        JsonObject counts = json.getAsJsonObject("counts");
        assertEquals(4, counts.get("submissions").getAsInt());
        assertEquals(1, counts.get("not_gradable").getAsInt());
        assertFalse(one.contains("\"key\": \"SIGSEGV"), "no answers without --show-answers");
        assertFalse(json.getAsJsonArray("questions").get(0).getAsJsonObject().has("key"));
    }

    /**
     * Sharing verdicts between submissions (a question's answer judged once, the key's answers without a
     * run) gives what validating and running every submission's own graded text gives: 60 submissions
     * drawn from right, equivalent, wrong, invalid and missing answers, changed statements and comments.
     */
    @Test
    void sharedVerdictsEqualARunOfEverySubmission() throws Exception {
        String[][] choices = {
            {"? 0xb7ff6000", "3086966784", "0xb7ff7000", "buf", "?", "? buf-4KB"},
            {"? 42", "0x2a", "7", "?", "40 + 2", "SIGSEGV"},
            {"? SIGSEGV SEGV_ACCERR", "SIGSEGV SEGV_MAPERR", "SIGBUS", "SIGFOO", "?", "SIGSEGV  SEGV_ACCERR"},
            {"? 42", "7", "0x2a", "?", "buf", "41"},
            {"? 7", "42", "?", "0x7", "3+4", "0"}};
        String key = Files.readString(KEY);
        String[] answers = {"? 0xb7ff6000", "? 42", "? SIGSEGV SEGV_ACCERR", "? 42", "? 7"};
        SplittableRandom r = new SplittableRandom(7);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String text = key;
            int from = 0;
            for (int q = 0; q < answers.length; q++) {
                int at = text.indexOf(answers[q], from);
                String mine = choices[q][r.nextInt(choices[q].length)];
                text = text.substring(0, at) + mine + text.substring(at + answers[q].length());
                from = at + mine.length();
            }
            int edit = r.nextInt(10);
            if (edit == 0) {
                text = text.replace("write buf+4KB value 7", "write buf+4KB value 8");
            } else if (edit == 1) {
                text = text.replace("  read buf+4KB\n", "  read buf\n");
            } else if (edit == 2) {
                text = text.replace("process init <\n", "process init < // mine\n\n");
            }
            files.add(file(String.format("s%02d.mmdsl", i), text));
        }
        Injector injector = new MmdslStandaloneSetup().createInjectorAndDoEMFRegistration();
        Key k = Key.load(KEY, injector, Interpreter.Limits.BATCH);
        String[] reports = new String[2];
        for (int mode = 0; mode < 2; mode++) {
            Grader g = new Grader(k, injector, true, Interpreter.Limits.BATCH, mode == 0);
            List<Submission> subs = new ArrayList<>();
            for (Path f : files) {
                subs.add(g.grade(f.getFileName().toString(), f));
            }
            reports[mode] = GradeJson.of(k, subs, true);
        }
        assertEquals(reports[1], reports[0]);
        for (String status : List.of("\"right\"", "\"wrong\"", "\"unanswered\"", "\"invalid answer\"", "\"statement changed\"")) {
            assertTrue(reports[0].contains("\"status\": " + status), status + " never drawn");
        }
    }
}
