package org.mmdsl.ui.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.ICodeMiningProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Issue 14 point 4 and issue 15's Eclipse points, in the running workbench, on examples/pictures-i386.mmdsl:
 * the colours of the semantic tokens (a kernel word, a GFP flag, a handle, a task, a show target), the
 * language server's hover, the code minings (Eclipse's code lenses: their labels and that the editor
 * draws them) and the mmdsl Picture view (opened by its command, following the caret; what it drew is
 * read from the canvas's data and written to out/picture-KIND.txt). Platform API only: the plug-in
 * under test is reached through its extensions, its command and its widgets.
 */
final class EditorFeatureChecks {
    private static final String CODE_MININGS = "org.mmdsl.ui.codeMinings";
    private static final String SHOW_PICTURE = "org.mmdsl.ui.showPicture";
    private static final String VIEW = "org.mmdsl.ui.pictureView";
    private static final String DRAWN = "org.mmdsl.ui.picture.drawn";
    private static final String KIND = "org.mmdsl.ui.picture.kind";
    private static final String TITLE = "org.mmdsl.ui.picture.title";

    /** Called when a picture is on the screen; returns once the script took screenshot mmdsl-NAME.png. */
    interface Screenshot {
        void take(String name) throws Exception;
    }

    private final List<String> checks;
    private final Path out;
    private List<? extends ICodeMining> minings = List.of();

    EditorFeatureChecks(List<String> checks, Path out) {
        this.checks = checks;
        this.out = out;
    }

    void run(ITextEditor editor, Screenshot screenshot) throws Exception {
        ITextViewer viewer = UiTestDriver.ui(() -> UiTestDriver.viewer(editor));
        String text = UiTestDriver.ui(() -> viewer.getDocument().get());
        colours(viewer, text);
        hover(viewer, text);
        minings(viewer, text);
        pictures(editor, text, screenshot);
    }

    // ------------------------------------------------------------------ colours

    private void colours(ITextViewer viewer, String text) throws Exception {
        List<String> seen = new ArrayList<>();
        // word, where it is, expected colour and font style (the semantic token types' styles; null: coloured,
        // whichever type the language server gives the word)
        Object[][] words = {
                {"kmap", "  kmap page blk", "127,0,85", SWT.BOLD, "kernel API word (keyword)"},
                {"write", "  write buf+4KB", null, -1, "write step (any semantic colour)"},
                {"GFP_HIGHUSER", "GFP_HIGHUSER", "150,75,0", SWT.ITALIC, "GFP flag (enumMember)"},
                {"buf", "  mmap buf 64KB", "0,0,192", SWT.BOLD, "handle declaration (variable)"},
                {"maps", "show picture maps", "150,75,0", SWT.ITALIC, "show target (enumMember)"},
                {"init", "process init", "0,128,128", SWT.BOLD, "task declaration (class)"},
                {"0xb7fea000", "expect address 0xb7fea000", "0,102,153", SWT.NORMAL, "number"}};
        long deadline = System.currentTimeMillis() + 60_000;
        boolean ok = false;
        while (!ok && System.currentTimeMillis() < deadline) {
            seen.clear();
            ok = true;
            for (Object[] w : words) {
                int at = text.indexOf((String) w[1]) + ((String) w[1]).indexOf((String) w[0]);
                StyleRange r = UiTestDriver.ui(() -> viewer.getTextWidget().getStyleRangeAtOffset(at));
                String rgb = r == null || r.foreground == null ? "none"
                        : r.foreground.getRed() + "," + r.foreground.getGreen() + "," + r.foreground.getBlue();
                int style = r == null ? -1 : r.fontStyle;
                boolean good = w[2] == null ? !"none".equals(rgb) : rgb.equals(w[2]) && style == (int) w[3];
                ok &= good;
                seen.add((good ? "ok" : "FAIL") + " colour of " + w[4] + " '" + w[0] + "': rgb(" + rgb + ") "
                        + fontStyle(style) + ", expected " + (w[2] == null ? "a colour" : "rgb(" + w[2] + ") " + fontStyle((int) w[3])));
            }
            if (!ok) {
                Thread.sleep(500);
            }
        }
        checks.addAll(seen);
    }

    private static String fontStyle(int s) {
        return s < 0 ? "unstyled" : (s & SWT.BOLD) != 0 ? "bold" : (s & SWT.ITALIC) != 0 ? "italic" : "normal";
    }

    // ------------------------------------------------------------------ hover

    private void hover(ITextViewer viewer, String text) throws Exception {
        int at = text.indexOf("  write buf+4KB") + "  write ".length() + 1;
        for (IConfigurationElement e : UiTestDriver.elements("org.eclipse.ui.genericeditor.hoverProviders")) {
            ITextHover hover = (ITextHover) e.createExecutableExtension("class");
            String info = hover.getHoverInfo(viewer, new Region(at, 0));
            Files.writeString(out.resolve("hover-address.txt"), String.valueOf(info), StandardCharsets.UTF_8);
            boolean ok = info != null && info.contains("0xb7fdb000 in init (pid 1)") && info.contains("page walk")
                    && info.contains("VMA b7fda000-b7fea000 rw-p") && !info.contains("**") && !info.contains("```");
            checks.add((ok ? "ok" : "FAIL") + " hover on 'buf+4KB' (the language server's, as plain text): "
                    + String.valueOf(info).replace('\n', '⏎'));
        }
    }

    // ------------------------------------------------------------------ code minings

    private void minings(ITextViewer viewer, String text) throws Exception {
        ICodeMiningProvider provider = null;
        for (IConfigurationElement e : Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.ui.workbench.texteditor.codeMiningProviders")) {
            if (CODE_MININGS.equals(e.getAttribute("id"))) {
                provider = (ICodeMiningProvider) e.createExecutableExtension("class");
            }
        }
        if (provider == null) {
            checks.add("FAIL code minings: no provider " + CODE_MININGS);
            return;
        }
        ICodeMiningProvider p = provider;
        minings = UiTestDriver.ui(() -> p.provideCodeMinings(viewer, new NullProgressMonitor())).get(120, TimeUnit.SECONDS);
        List<String> labels = new ArrayList<>();
        IDocument document = viewer.getDocument();
        for (ICodeMining m : minings) {
            labels.add((document.getLineOfOffset(m.getPosition().getOffset()) + 1) + "\t" + m.getLabel());
        }
        Files.write(out.resolve("code-minings.txt"), labels, StandardCharsets.UTF_8);
        Pattern process = Pattern.compile("8\t\\d+ VMAs · \\d+ page faults?( · \\d+ signals?)? — show /proc/1/maps");
        Pattern kernel = Pattern.compile("21\t\\d+ kernel calls?( · \\d+ kernel warnings?)?");
        boolean ok = labels.stream().anyMatch(l -> process.matcher(l).matches())
                && labels.stream().anyMatch(l -> kernel.matcher(l).matches()) && labels.contains("16\tpicture maps")
                && labels.contains("17\tpicture walk") && labels.contains("27\tpicture kernel")
                && labels.contains("32\tpicture physical") && labels.contains("33\tpicture buddy");
        checks.add((ok ? "ok" : "FAIL") + " code minings (line, label): " + String.join(" | ", labels).replace('\t', ' '));
        // drawn by the editor: a line-header mining gives its line a vertical indent
        int line = text.substring(0, text.indexOf("process init")).split("\n", -1).length - 1;
        boolean drawn = poll(() -> UiTestDriver.ui(() -> viewer.getTextWidget().getLineVerticalIndent(line) > 0), 90_000);
        checks.add((drawn ? "ok" : "FAIL") + " the editor draws the mining above line " + (line + 1) + " (process init)");
    }

    // ------------------------------------------------------------------ the picture view

    private void pictures(ITextEditor editor, String text, Screenshot screenshot) throws Exception {
        caret(editor, text.indexOf("show picture maps") + 3);
        UiTestDriver.ui(() -> {
            editor.getSite().getPage().activate(editor);
            return PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(SHOW_PICTURE, null);
        });
        Canvas canvas = poll(() -> UiTestDriver.ui(() -> find(editor.getSite().getShell(), Canvas.class,
                c -> c.getData(TITLE) != null)), 30_000);
        if (canvas == null) {
            checks.add("FAIL the command " + SHOW_PICTURE + " opened no mmdsl Picture view");
            return;
        }
        checks.add("ok the command " + SHOW_PICTURE + " opened the mmdsl Picture view");
        List<String> maps = picture(canvas, "maps");
        expect("maps at 'show picture maps'", maps, "[stack]", "[heap]", "[anon]", "[guard]", "/lib/libc.so.6",
                "0xb7fda000");
        screenshot.take("picture");

        maximized(editor, true);
        screenshot.take("picture-maps");
        maximized(editor, false);

        caret(editor, text.indexOf("show picture walk buf+4KB") + 3);
        expect("walk at 'show picture walk buf+4KB'", picture(canvas, "walk"), "0xb7fdb000", "735", "987",
                "0x36bfe");
        maximized(editor, true);
        screenshot.take("picture-walk");
        maximized(editor, false);
        caret(editor, text.indexOf("show picture kernel") + 3);
        expect("kernel at 'show picture kernel'", picture(canvas, "kernel"), "[pkmap-slot]", "[kmap-local-slot]",
                "[vmalloc-area]", "[direct-map]");
        maximized(editor, true);
        screenshot.take("picture-kernel");
        maximized(editor, false);
        caret(editor, text.indexOf("show picture physical") + 3);
        expect("physical at 'show picture physical'", picture(canvas, "physical"), "[zone-highmem]", "[memmap]");
        maximized(editor, true);
        screenshot.take("picture-physical");
        maximized(editor, false);
        // the caret in the process block: its maps; then the kind chooser: buddy
        caret(editor, text.indexOf("brk +132KB") + 1);
        expect("maps of the block at 'brk'", picture(canvas, "maps"), "[heap]");
        UiTestDriver.ui(() -> {
            Combo kinds = find(canvas.getShell(), Combo.class, c -> c.indexOf("buddy") >= 0);
            kinds.select(kinds.indexOf("buddy"));
            kinds.notifyListeners(SWT.Selection, new Event());
            return null;
        });
        expect("buddy chosen in the kind chooser", picture(canvas, "buddy"), "HighMem", "Normal", "DMA");
        maximized(editor, true);
        screenshot.take("picture-buddy");
        maximized(editor, false);

        // a click on the process block's code mining: the view draws that block's maps
        UiTestDriver.ui(() -> {
            Combo kinds = find(canvas.getShell(), Combo.class, c -> c.indexOf("buddy") >= 0);
            kinds.select(0);
            kinds.notifyListeners(SWT.Selection, new Event());
            return null;
        });
        caret(editor, text.indexOf("show picture kernel") + 3);
        picture(canvas, "kernel");
        ICodeMining block = null;
        for (ICodeMining m : minings) {
            if (m.getLabel() != null && m.getLabel().endsWith("show /proc/1/maps")) {
                block = m;
            }
        }
        if (block == null || block.getAction() == null) {
            checks.add("FAIL the process block's code mining has no click action");
            return;
        }
        ICodeMining clicked = block;
        UiTestDriver.ui(() -> {
            clicked.getAction().accept(null);
            return null;
        });
        List<String> drawn = picture(canvas, "maps");
        boolean ok = !drawn.isEmpty() && drawn.get(0).endsWith("(after line 8)");
        checks.add((ok ? "ok" : "FAIL") + " a click on the mining '" + clicked.getLabel() + "' shows: "
                + (drawn.isEmpty() ? "nothing" : drawn.get(0)));

        // an edit: once the editor has re-validated, the view draws the new text's maps
        String before = "  mmap buf 64KB rw-";
        String after = "  mmap buf 128KB rw-";
        UiTestDriver.ui(() -> {
            IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            document.replace(document.get().indexOf(before), before.length(), after);
            return null;
        });
        List<String> edited = poll(() -> UiTestDriver.ui(() -> {
            @SuppressWarnings("unchecked")
            List<String> d = (List<String>) canvas.getData(DRAWN);
            return d != null && d.stream().anyMatch(l -> l.contains("[anon] [anon] | rw-p  128 KB")) ? d : null;
        }), 120_000);
        checks.add((edited != null ? "ok" : "FAIL") + " after the edit 'mmap buf 128KB' the view draws the 128 KB anon tile");
        UiTestDriver.ui(() -> {
            IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            document.replace(document.get().indexOf(after), after.length(), before);
            return null;
        });
    }

    /** The view maximized (for its screenshots), or back beside the editor. */
    private static void maximized(ITextEditor editor, boolean max) throws Exception {
        UiTestDriver.ui(() -> {
            IWorkbenchPage page = editor.getSite().getPage();
            IViewReference view = page.findViewReference(VIEW);
            if (view != null) {
                page.setPartState(view, max ? IWorkbenchPage.STATE_MAXIMIZED : IWorkbenchPage.STATE_RESTORED);
            }
            return null;
        });
        Thread.sleep(500);
    }

    private static void caret(ITextEditor editor, int offset) throws Exception {
        UiTestDriver.ui(() -> {
            editor.getSite().getPage().activate(editor);
            editor.selectAndReveal(offset, 0);
            return null;
        });
    }

    /** Waits (up to two minutes) until the view drew a picture of {@code kind}; writes it to out/. */
    private List<String> picture(Canvas canvas, String kind) throws Exception {
        List<String> drawn = poll(() -> UiTestDriver.ui(() -> {
            @SuppressWarnings("unchecked")
            List<String> d = kind.equals(canvas.getData(KIND)) ? (List<String>) canvas.getData(DRAWN) : null;
            if (d == null) {
                canvas.redraw();
            }
            return d;
        }), 120_000);
        String title = UiTestDriver.ui(() -> String.valueOf(canvas.getData(TITLE)));
        List<String> lines = new ArrayList<>();
        lines.add(title);
        if (drawn != null) {
            lines.addAll(drawn);
        }
        Files.write(out.resolve("picture-" + kind + ".txt"), lines, StandardCharsets.UTF_8);
        if (drawn == null) {
            checks.add("FAIL no " + kind + " picture in the view after two minutes; it shows: " + title);
            return List.of();
        }
        return lines;
    }

    private void expect(String what, List<String> drawn, String... parts) {
        List<String> missing = new ArrayList<>();
        for (String p : parts) {
            if (drawn.stream().noneMatch(l -> l.contains(p))) {
                missing.add(p);
            }
        }
        checks.add((missing.isEmpty() && !drawn.isEmpty() ? "ok" : "FAIL") + " picture " + what + ": "
                + (drawn.isEmpty() ? "none" : drawn.get(0) + ", " + (drawn.size() - 1) + " tiles and texts drawn")
                + (missing.isEmpty() ? "" : ", missing " + missing));
    }

    private static <C extends Control> C find(Control root, Class<C> type, Predicate<C> test) {
        if (type.isInstance(root) && test.test(type.cast(root))) {
            return type.cast(root);
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                C found = find(child, type, test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Polls {@code probe} every 300 ms until it answers non-null (Boolean: true), at most {@code millis}. */
    private static <T> T poll(java.util.concurrent.Callable<T> probe, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            T v = probe.call();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            if (System.currentTimeMillis() > deadline) {
                return v;
            }
            Thread.sleep(300);
        }
    }
}
