package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.TextRegion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mmdsl.ide.MmdslIdeSetup;
import org.mmdsl.ide.contentassist.MmdslContentAssistContextFactory;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.inject.Injector;

/**
 * Issue 15, completion latency: MmdslContentAssistContextFactory parses the text before the cursor from the
 * start of its top-level statement instead of the start of the file. The contexts it gives (the grammar
 * elements that may follow, the prefix, the replaced region, the nodes and models) must be Xtext's own, at
 * every offset of every scenario in examples/ (the lab submissions under examples/_* included, some of
 * which do not parse) and of texts half typed, with a syntax error before, in or after the cursor's statement.
 */
class ReducedContentAssistTest {

    private static final Injector INJECTOR = new MmdslIdeSetup().createInjectorAndDoEMFRegistration();

    /** The three contexts Xtext computes in parallel, here one after the other, so their order is stable. */
    private static final ExecutorService SAME_THREAD = MoreExecutors.newDirectExecutorService();

    private static XtextResource parse(String text) throws IOException {
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createURI("inmemory:/cursor.mmdsl"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        return resource;
    }

    private static MmdslContentAssistContextFactory factory() {
        MmdslContentAssistContextFactory f = INJECTOR.getInstance(MmdslContentAssistContextFactory.class);
        f.setPool(SAME_THREAD);
        return f;
    }

    private static String describe(ContentAssistContext[] contexts, XtextResource resource) {
        StringBuilder sb = new StringBuilder();
        for (ContentAssistContext c : contexts) {
            sb.append("prefix '").append(c.getPrefix()).append("' region ").append(c.getReplaceRegion())
                    .append(" offset ").append(c.getOffset())
                    .append(" model ").append(fragment(c.getCurrentModel(), resource))
                    .append(" previous ").append(fragment(c.getPreviousModel(), resource))
                    .append(" last ").append(node(c.getLastCompleteNode()))
                    .append(" current ").append(node(c.getCurrentNode())).append('\n');
            for (AbstractElement e : c.getFirstSetGrammarElements()) {
                sb.append("  ").append(EcoreUtil.getURI(e).fragment()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String fragment(EObject o, XtextResource resource) {
        return o == null ? "null" : o.eResource() == resource ? resource.getURIFragment(o) : EcoreUtil.getURI(o).toString();
    }

    private static String node(INode n) {
        return n == null ? "null" : n.getTotalOffset() + "+" + n.getTotalLength() + " "
                + (n.getGrammarElement() == null ? "-" : EcoreUtil.getURI(n.getGrammarElement()).fragment());
    }

    /** Compares both factories at every offset of the text; returns at how many the parsed text was shorter. */
    private static int compareEveryOffset(String name, String text) throws IOException {
        XtextResource resource = parse(text);
        MmdslContentAssistContextFactory probe = factory();
        probe.create(text, new TextRegion(0, 0), 0, resource);
        int reduced = 0;
        for (int offset = 0; offset <= text.length(); offset++) {
            if (probe.statementStart(offset) == 0) {
                // every text parsed ends at or before the cursor, where nothing is cut: Xtext's own texts
                continue;
            }
            reduced++;
            TextRegion cursor = new TextRegion(offset, 0);
            ContentAssistContext[] ours = factory().create(text, cursor, offset, resource);
            ContentAssistContext[] xtext = factory().wholeText().create(text, cursor, offset, resource);
            if (!same(xtext, ours)) {
                int line = text.substring(0, offset).split("\n", -1).length;
                assertEquals(describe(xtext, resource), describe(ours, resource), name + ", offset " + offset + " (line " + line + ")");
            }
        }
        return reduced;
    }

    /** The same contexts: grammar elements, models and nodes by identity (describe() names them on a mismatch). */
    private static boolean same(ContentAssistContext[] a, ContentAssistContext[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            ContentAssistContext x = a[i];
            ContentAssistContext y = b[i];
            if (!x.getPrefix().equals(y.getPrefix()) || !x.getReplaceRegion().equals(y.getReplaceRegion())
                    || x.getOffset() != y.getOffset() || x.getCurrentModel() != y.getCurrentModel()
                    || x.getPreviousModel() != y.getPreviousModel() || x.getLastCompleteNode() != y.getLastCompleteNode()
                    || x.getCurrentNode() != y.getCurrentNode()
                    || !x.getFirstSetGrammarElements().equals(y.getFirstSetGrammarElements())) {
                return false;
            }
        }
        return true;
    }

    @TestFactory
    Stream<DynamicTest> everyOffsetOfEveryExample() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ExamplesTest.root().resolve("examples"))) {
            files = s.filter(f -> f.toString().endsWith(".mmdsl")).sorted().toList();
        }
        assertTrue(files.size() >= 60, "examples/: " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            compareEveryOffset(f.toString(), Files.readString(f));
        }));
    }

    /** Half-typed texts, as while typing: the reduced parse where nothing before the statement is broken. */
    @Test
    void everyOffsetOfHalfTypedTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        String good = "boot arch i386 ram 1GB\nprocess init <\n  mmap buf 16KB rw- private anon\n  write buf value 7\n>\n"
                + "process child = fork init <\n  read buf expect value 7\n>\nkernel <\n  kmalloc obj 64B GFP_KERNEL|__GFP_ZERO\n>\n";
        texts.add(good);
        texts.add(good.replace("  write buf value 7\n", "  mmap\n  write buf value 7\n")); // error in the first block
        texts.add(good.replace("  read buf expect value 7\n", "  mmap x 4KB rw\n  read buf expect\n")); // in the second
        texts.add(good.replace("kernel <\n", "kernel\n")); // a block without '<'
        texts.add(good.replace("process child = fork init <", "process child = fork <")); // a header half typed
        texts.add(good.substring(0, good.indexOf("  read buf"))); // unterminated block at the end
        texts.add(good + "thread t = clone child <\n  write buf value \"x\n>\n"); // unterminated string
        int reduced = 0;
        for (String t : texts) {
            reduced += compareEveryOffset(t, t);
        }
        assertTrue(reduced > 0);
    }

    @Test
    void theParsedTextStartsAtTheCursorsTopLevelStatement() throws IOException {
        String text = "boot ram 1GB\nprocess a <\n  mmap buf 4KB rw- private anon\n>\nprocess b <\n  write buf\n>\nkernel <\n>\n";
        XtextResource resource = parse(text);
        MmdslContentAssistContextFactory f = factory();
        f.create(text, new TextRegion(0, 0), 0, resource);
        // from the statement before the one the text ends in
        assertEquals(0, f.statementStart(text.indexOf("process b")));
        assertEquals(text.indexOf("process a"), f.statementStart(text.indexOf("process b") + 1));
        assertEquals(text.indexOf("process a"), f.statementStart(text.indexOf("write buf") + 5));
        assertEquals(text.indexOf("process a"), f.statementStart(text.indexOf("kernel")));
        assertEquals(text.indexOf("process b"), f.statementStart(text.indexOf("kernel") + 1));
        // a syntax error inside the statement the parsed text starts with: it is parsed as in the whole text
        String broken = text.replace("rw- private anon", "rw");
        XtextResource brokenResource = parse(broken);
        MmdslContentAssistContextFactory g = factory();
        g.create(broken, new TextRegion(0, 0), 0, brokenResource);
        assertTrue(brokenResource.getParseResult().hasSyntaxErrors());
        assertEquals(broken.indexOf("process a"), g.statementStart(broken.indexOf("write buf") + 5));
        // a syntax error before it: the whole text, as Xtext parses it
        String badBoot = text.replace("boot ram 1GB", "boot ram");
        XtextResource badBootResource = parse(badBoot);
        MmdslContentAssistContextFactory h = factory();
        h.create(badBoot, new TextRegion(0, 0), 0, badBootResource);
        assertTrue(badBootResource.getParseResult().hasSyntaxErrors());
        assertEquals(0, h.statementStart(badBoot.indexOf("kernel") + 1));
    }
}
