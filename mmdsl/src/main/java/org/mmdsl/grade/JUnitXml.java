package org.mmdsl.grade;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One JUnit XML report per submission, {@code DIR/TEST-<id>.xml}, in the format of Ant's and Maven
 * Surefire's reports that CI servers and GitHub Classroom read: a {@code testsuite} named after the student
 * ({@code tests}, {@code failures}, {@code errors}, {@code skipped} counts; {@code properties} with the score
 * and the maximum), a {@code testcase} per question ({@code classname} the student, {@code name} the
 * question), a {@code failure} (type: the status, message: the feedback) for every question short of its
 * points, and the feedback in {@code system-out}. A submission that is not gradable is one testcase
 * {@code parse} with an {@code error} listing its syntax errors. No {@code time}: the report is the same on
 * every run. Written with the JDK's StAX.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    public static void write(Key key, Submission s, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("TEST-" + s.id() + ".xml");
        try (OutputStream os = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", s.id());
            if (!s.gradable()) {
                x.writeAttribute("tests", "1");
                x.writeAttribute("failures", "0");
                x.writeAttribute("errors", "1");
                x.writeAttribute("skipped", "0");
                x.writeCharacters("\n  ");
                properties(x, key, s);
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("name", "parse");
                x.writeAttribute("classname", s.id());
                x.writeCharacters("\n    ");
                x.writeStartElement("error");
                x.writeAttribute("message", "not gradable: " + s.formatErrors().get(0));
                x.writeAttribute("type", "not gradable");
                x.writeCharacters(String.join("\n", s.formatErrors()));
                x.writeEndElement();
                x.writeCharacters("\n  ");
                x.writeEndElement();
            } else {
                long failures = s.scores().stream().filter(q -> !q.right()).count();
                x.writeAttribute("tests", String.valueOf(s.scores().size()));
                x.writeAttribute("failures", String.valueOf(failures));
                x.writeAttribute("errors", "0");
                x.writeAttribute("skipped", "0");
                x.writeCharacters("\n  ");
                properties(x, key, s);
                for (Score q : s.scores()) {
                    x.writeCharacters("\n  ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("name", q.question().title());
                    x.writeAttribute("classname", s.id());
                    if (!q.right()) {
                        x.writeCharacters("\n    ");
                        x.writeStartElement("failure");
                        x.writeAttribute("message", q.message());
                        x.writeAttribute("type", q.status().word);
                        x.writeCharacters(q.points() + "/" + q.question().points() + ": " + q.message());
                        x.writeEndElement();
                        x.writeCharacters("\n  ");
                    }
                    x.writeEndElement();
                }
            }
            x.writeCharacters("\n  ");
            x.writeStartElement("system-out");
            x.writeCharacters(s.feedback());
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void properties(XMLStreamWriter x, Key key, Submission s) throws XMLStreamException {
        x.writeStartElement("properties");
        property(x, "score", s.gradable() ? String.valueOf(s.score()) : "");
        property(x, "max_score", String.valueOf(key.maxScore()));
        property(x, "gradable", String.valueOf(s.gradable()));
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }
}
