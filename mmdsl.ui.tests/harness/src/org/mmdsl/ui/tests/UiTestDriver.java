package org.mmdsl.ui.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.IPage;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;

/**
 * Drives the UI test inside a real workbench, using platform API only (the plug-in under test is found
 * through its extensions and markers, as the workbench finds it). Started by the workbench when
 * {@code -Dmmdsl.uitest.dir=DIR} is set; DIR/scenarios holds the files, DIR/out receives marker lists,
 * checks.txt and the hand-shake files through which run-ui-test.sh takes the screenshot and types.
 */
public class UiTestDriver implements IStartup {
    private static final String MARKER = "org.mmdsl.ui.problem";
    private static final String CONTENT_TYPE = "org.mmdsl.ui.mmdsl";
    private static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";

    private Path out;
    private final List<String> checks = new ArrayList<>();

    @Override
    public void earlyStartup() {
        String dir = System.getProperty("mmdsl.uitest.dir");
        if (dir == null) {
            return;
        }
        out = Path.of(dir, "out");
        try {
            Files.createDirectories(out);
            run(Path.of(dir, "scenarios"));
        } catch (Throwable t) {
            checks.add("FAIL driver: " + t);
            log(t);
        } finally {
            try {
                Files.write(out.resolve("checks.txt"), checks, StandardCharsets.UTF_8);
                Files.writeString(out.resolve("done"), "");
            } catch (IOException e) {
                log(e);
            }
            Display.getDefault().asyncExec(() -> {
                IWorkbenchPage page = PlatformUI.getWorkbench().getWorkbenchWindows()[0].getActivePage();
                page.closeAllEditors(false);
                PlatformUI.getWorkbench().close();
            });
        }
    }

    private void run(Path scenarios) throws Exception {
        // The Generic Editor opens content assist while one types; under load the pop-up can open after
        // the script's Escape and its Return then inserts a proposal. The typing step types text (content
        // assist is checked on its own, below), so the pop-up stays closed unless asked for.
        IEclipsePreferences genericEditor = InstanceScope.INSTANCE.getNode("org.eclipse.ui.genericeditor");
        genericEditor.putBoolean("contentAssistant.autoActivationOnType", false);
        genericEditor.flush();
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject("scenarios");
        IProjectDescription description = workspace.newProjectDescription("scenarios");
        description.setLocation(org.eclipse.core.runtime.IPath.fromOSString(scenarios.toString()));
        if (!project.exists()) {
            project.create(description, null);
        }
        project.open(null);

        // 1. The example whose faults are all expected: information markers only.
        IFile example = project.getFile("segv-write-text.mmdsl");
        open(example);
        writeMarkers(example, waitForMarkers(example, 1), "markers-segv-write-text.tsv");

        // 2. Bad input: opens, is coloured, shows its syntax errors.
        IFile bad = project.getFile("does-not-parse.mmdsl");
        ITextEditor badEditor = open(bad);
        writeMarkers(bad, waitForMarkers(bad, 1), "markers-does-not-parse.tsv");
        checkHighlighting(badEditor);

        // 3. The fixture with an unexpected fault, an expected one and a failed expectation.
        IFile fixture = project.getFile("unexpected-fault.mmdsl");
        ITextEditor editor = open(fixture);
        IMarker[] markers = waitForMarkers(fixture, 1);
        writeMarkers(fixture, markers, "markers-unexpected-fault.tsv");
        checkHighlighting(editor);
        checkOutline(editor);
        checkContentAssist(editor);
        checkHover(editor, fixture, markers);

        // 4. Screenshot of the editor with markers, Outline and Problems views (taken by the script).
        ui(() -> {
            IWorkbenchPage page = editor.getSite().getPage();
            editor.getSite().getShell().setBounds(editor.getSite().getShell().getDisplay().getBounds());
            page.showView(IPageLayout.ID_PROBLEM_VIEW);
            page.activate(editor);
            return null;
        });
        List<String> problems = new ArrayList<>();
        for (IMarker m : workspace.getRoot().findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE)) {
            problems.add(m.getResource().getFullPath() + "\t" + m.getType() + "\t" + m.getAttribute(IMarker.MESSAGE, ""));
        }
        Files.write(out.resolve("all-problems.txt"), problems, StandardCharsets.UTF_8);
        handshake("ready-for-screenshot", "screenshot-taken");

        // 5. The script types a new process at the end of the file; the markers must follow.
        ui(() -> {
            IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            editor.getSite().getShell().forceActive();
            editor.setFocus();
            editor.selectAndReveal(doc.getLength(), 0);
            return null;
        });
        handshake("ready-to-type", "typed");
        IMarker[] typed = waitForMarkers(fixture, markers.length + 1);
        writeMarkers(fixture, typed, "markers-typed.tsv");
        Files.writeString(out.resolve("typed.mmdsl"),
                ui(() -> editor.getDocumentProvider().getDocument(editor.getEditorInput()).get()));
        handshake("ready-for-screenshot-typed", "screenshot-typed-taken");
        checks.add((typed.length > markers.length ? "ok" : "FAIL") + " typing re-validated: " + markers.length
                + " -> " + typed.length + " markers");

        // 6. Colours, hover, code minings and the mmdsl Picture view on the pictures example; the script
        //    takes a screenshot of the view (mmdsl-picture.png) when it shows the maps.
        ITextEditor pictures = open(project.getFile("pictures-i386.mmdsl"));
        new EditorFeatureChecks(checks, out).run(pictures,
                name -> handshake("ready-for-screenshot-" + name, "screenshot-" + name + "-taken"));
    }

    private ITextEditor open(IFile file) throws Exception {
        return ui(() -> {
            IWorkbenchPage page = PlatformUI.getWorkbench().getWorkbenchWindows()[0].getActivePage();
            IEditorPart part = IDE.openEditor(page, file);
            String id = part.getSite().getId();
            checks.add((GENERIC_EDITOR.equals(id) ? "ok" : "FAIL") + " " + file.getName() + " opens in " + id);
            return (ITextEditor) part;
        });
    }

    /** Waits (up to two minutes) for at least {@code min} markers, then until they stop changing for 2 s. */
    private IMarker[] waitForMarkers(IFile file, int min) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        String last = null;
        long stableSince = 0;
        while (System.currentTimeMillis() < deadline) {
            IMarker[] markers = file.findMarkers(MARKER, false, IResource.DEPTH_ZERO);
            String now = describe(markers).toString();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (markers.length >= min && System.currentTimeMillis() - stableSince >= 2000) {
                return markers;
            }
            Thread.sleep(200);
        }
        checks.add("FAIL " + file.getName() + ": fewer than " + min + " markers after two minutes");
        return file.findMarkers(MARKER, false, IResource.DEPTH_ZERO);
    }

    private static List<String> describe(IMarker[] markers) throws CoreException {
        List<IMarker> sorted = new ArrayList<>(Arrays.asList(markers));
        sorted.sort(Comparator.comparingInt((IMarker m) -> m.getAttribute(IMarker.LINE_NUMBER, 0))
                .thenComparing(m -> m.getAttribute(IMarker.MESSAGE, "")));
        List<String> lines = new ArrayList<>();
        for (IMarker m : sorted) {
            String severity = switch (m.getAttribute(IMarker.SEVERITY, -1)) {
                case IMarker.SEVERITY_ERROR -> "error";
                case IMarker.SEVERITY_WARNING -> "warning";
                case IMarker.SEVERITY_INFO -> "info";
                default -> "?";
            };
            lines.add(m.getAttribute(IMarker.LINE_NUMBER, 0) + "\t" + severity + "\t" + m.getAttribute("code", "")
                    + "\t" + m.getAttribute(IMarker.MESSAGE, ""));
        }
        return lines;
    }

    private void writeMarkers(IFile file, IMarker[] markers, String name) throws Exception {
        Files.write(out.resolve(name), describe(markers), StandardCharsets.UTF_8);
    }

    private void checkHighlighting(ITextEditor editor) throws Exception {
        String result = ui(() -> {
            ITextViewer viewer = viewer(editor);
            String text = viewer.getDocument().get();
            StyleRange boot = viewer.getTextWidget().getStyleRangeAtOffset(text.indexOf("boot"));
            StyleRange comment = viewer.getTextWidget().getStyleRangeAtOffset(text.indexOf("//") + 3);
            boolean ok = boot != null && (boot.fontStyle & SWT.BOLD) != 0 && comment != null && comment.foreground != null
                    && !comment.foreground.equals(boot.foreground);
            return (ok ? "ok" : "FAIL") + " highlighting of " + editor.getEditorInput().getName() + ": keyword 'boot' bold " + (boot != null) + ", comment coloured "
                    + (comment != null);
        });
        checks.add(result);
    }

    private void checkOutline(ITextEditor editor) throws Exception {
        List<String> labels = new ArrayList<>();
        ui(() -> {
            ContentOutline view = (ContentOutline) editor.getSite().getPage().showView(IPageLayout.ID_OUTLINE);
            editor.getSite().getPage().activate(editor);
            IPage page = view.getCurrentPage();
            if (page != null && page.getControl() instanceof Tree tree) {
                for (TreeItem item : tree.getItems()) {
                    labels.add(item.getText());
                    for (TreeItem child : item.getItems()) {
                        labels.add("  " + child.getText());
                    }
                }
            }
            return null;
        });
        Files.write(out.resolve("outline.txt"), labels, StandardCharsets.UTF_8);
        boolean ok = labels.contains("boot ram 1536MB highmem") && labels.contains("process init")
                && labels.contains("kernel");
        checks.add((ok ? "ok" : "FAIL") + " outline: " + String.join(" | ", labels));
    }

    private void checkContentAssist(ITextEditor editor) throws Exception {
        List<String> shown = new ArrayList<>();
        for (IConfigurationElement e : elements("org.eclipse.ui.genericeditor.contentAssistProcessors")) {
            IContentAssistProcessor processor = (IContentAssistProcessor) e.createExecutableExtension("class");
            ICompletionProposal[] proposals = ui(() -> {
                ITextViewer viewer = viewer(editor);
                return processor.computeCompletionProposals(viewer, viewer.getDocument().getLength());
            });
            for (ICompletionProposal p : proposals) {
                shown.add(p.getDisplayString());
            }
        }
        boolean ok = shown.stream().anyMatch(s -> s.startsWith("process")) && shown.stream().anyMatch(s -> s.startsWith("kernel"));
        checks.add((ok ? "ok" : "FAIL") + " content assist at the end: " + String.join(", ", shown));
    }

    private void checkHover(ITextEditor editor, IFile file, IMarker[] markers) throws Exception {
        IMarker warning = null;
        for (IMarker m : markers) {
            // the unexpected fault: its statement's hover shows the fault (other warnings sit on keywords,
            // whose hover is the keyword's documentation)
            if (m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_WARNING
                    && "fault-unexpected".equals(m.getAttribute("code", ""))) {
                warning = m;
            }
        }
        if (warning == null) {
            checks.add("FAIL hover: no warning marker to hover on");
            return;
        }
        int offset = warning.getAttribute(IMarker.CHAR_START, 0) + 1;
        String expected = warning.getAttribute(IMarker.MESSAGE, "");
        for (IConfigurationElement e : elements("org.eclipse.ui.genericeditor.hoverProviders")) {
            ITextHover hover = (ITextHover) e.createExecutableExtension("class");
            ITextViewer viewer = ui(() -> viewer(editor));
            String info = hover.getHoverInfo(viewer, new Region(offset, 0));
            checks.add((info != null && info.contains(expected) ? "ok" : "FAIL") + " hover on line "
                    + warning.getAttribute(IMarker.LINE_NUMBER, 0) + ": " + info);
        }
    }

    static List<IConfigurationElement> elements(String point) {
        List<IConfigurationElement> result = new ArrayList<>();
        for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor(point)) {
            if (CONTENT_TYPE.equals(e.getAttribute("contentType"))) {
                result.add(e);
            }
        }
        return result;
    }

    static ITextViewer viewer(ITextEditor editor) {
        return (ITextViewer) editor.getAdapter(ITextOperationTarget.class);
    }

    /** Writes {@code mine}, then waits (up to two minutes) for the script to write {@code theirs}. */
    private void handshake(String mine, String theirs) throws Exception {
        Files.writeString(out.resolve(mine), "");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(out.resolve(theirs))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no " + theirs + " from run-ui-test.sh");
            }
            Thread.sleep(200);
        }
    }

    static <T> T ui(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Display.getDefault().syncExec(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private void log(Throwable t) {
        Platform.getLog(getClass()).error("mmdsl UI test", t);
    }
}
