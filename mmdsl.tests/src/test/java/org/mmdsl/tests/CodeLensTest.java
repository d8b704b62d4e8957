package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.junit.jupiter.api.Test;

/** Code lenses on process, thread and kernel blocks, and the show-maps command behind them. */
class CodeLensTest {

    @Test
    void lensPerBlockWithVmasFaultsAndTheMapsCommand() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon
                      write buf value 42
                      mprotect buf 4KB r--
                      write buf
                        expect fault SIGSEGV SEGV_ACCERR
                    >
                    thread worker = clone init <
                      read buf+4KB
                    >
                    kernel <
                      kmap page 0x3a000
                    >
                    kthread kworker <
                      kmalloc obj 64B GFP_KERNEL
                      kfree obj
                    >
                    """);
            List<? extends CodeLens> lenses = h.server.codeLens(new CodeLensParams(h.doc())).get(30, TimeUnit.SECONDS);
            // the "picture" lenses beside them are PictureLensTest's
            String rendered = lenses.stream().filter(l -> !"mmdsl.showPicture".equals(l.getCommand().getCommand()))
                    .map(l -> l.getRange().getStart().getLine() + 1 + ": "
                    + l.getCommand().getTitle() + " [" + l.getCommand().getCommand() + "]").collect(Collectors.joining("\n"));
            assertEquals("""
                    2: 2 VMAs · 1 page fault · 1 signal — show /proc/1/maps [mmdsl.showMaps]
                    9: 2 VMAs · 1 page fault — show /proc/2/maps [mmdsl.showMaps]
                    12: 1 kernel call []
                    15: 2 kernel calls []""", rendered);
            Object maps = h.server.executeCommand(new ExecuteCommandParams("mmdsl.showMaps",
                    lenses.get(0).getCommand().getArguments())).get(30, TimeUnit.SECONDS);
            assertEquals("""
                    /proc/1/maps of init after its block
                    b7ffc000-b7ffd000 r--p 00000000 00:00 0\s
                    b7ffd000-b8000000 rw-p 00000000 00:00 0\s
                    """, maps);
        }
    }

    /** The block summaries, one per line; the "picture" lenses beside them are PictureLensTest's. */
    private static String render(List<? extends CodeLens> lenses) {
        return lenses.stream().filter(l -> !"mmdsl.showPicture".equals(l.getCommand().getCommand())).map(l -> l.getRange().getStart().getLine() + 1 + ": " + l.getCommand().getTitle() + " ["
                + l.getCommand().getCommand() + "]").collect(Collectors.joining("\n"));
    }

    /** A single fault's line and a range access's total, as `mmdsl run -v` prints them. */
    private static final Pattern FAULT = Pattern.compile(
            ":(\\d+):\\d+: (?:page fault on |(?:read|write|exec) of 0x\\p{XDigit}+\\.\\.0x\\p{XDigit}+ every \\d+ bytes: \\d+ access(?:es)?, (\\d+) page faults?)");

    /** Issue 15 point 1: the lens counts every fault `mmdsl run -v` reports for the block, ranges included. */
    @Test
    void faultCountsAreWhatRunVerboseCounts() throws Exception {
        String text = Files.readString(Path.of("../examples/reclaim-oom.mmdsl"));
        Cli cli = Cli.run("run", "-v", "../examples/reclaim-oom.mmdsl");
        List<String> lines = text.lines().toList();
        TreeMap<Integer, Long> perBlock = new TreeMap<>();
        Matcher m = FAULT.matcher(cli.out());
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            int header = line;
            while (!lines.get(header - 1).endsWith("<")) {
                header--;
            }
            perBlock.merge(header, m.group(2) == null ? 1 : Long.parseLong(m.group(2)), Long::sum);
        }
        assertEquals("{12=12288, 29=1, 36=10240}", perBlock.toString());
        try (LspHarness h = new LspHarness()) {
            h.open(text);
            List<? extends CodeLens> lenses = h.server.codeLens(new CodeLensParams(h.doc())).get(60, TimeUnit.SECONDS);
            assertEquals("""
                    12: 7 VMAs · 12,288 page faults — show /proc/1/maps [mmdsl.showMaps]
                    22: 2 kernel calls []
                    29: exited, mm freed · 1 page fault []
                    36: 7 VMAs · 10,240 page faults — show /proc/3/maps [mmdsl.showMaps]""", render(lenses));
            List<String> counted = new ArrayList<>();
            perBlock.forEach((line, n) -> counted.add(line + ": " + String.format("%,d page fault", n)));
            for (String c : counted) {
                assertEquals(1, render(lenses).lines().filter(l -> l.startsWith(c.substring(0, c.indexOf(':') + 1))
                        && l.contains(c.substring(c.indexOf(':') + 2))).count(), () -> c + " in\n" + render(lenses));
            }
        }
    }

    /** A thread that exited leaves its mm to the process (mmput()): the lens shows that mm's VMAs. */
    @Test
    void anExitedThreadShowsTheMmItShared() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("""
                    boot ram 1536MB highmem
                    process init <
                      mmap buf 16KB rw- private anon
                      mmap other 8KB r-- private anon
                    >
                    thread worker = clone init <
                      write buf for 8KB value 3
                      exit
                    >
                    """);
            List<? extends CodeLens> lenses = h.server.codeLens(new CodeLensParams(h.doc())).get(30, TimeUnit.SECONDS);
            assertEquals("""
                    2: 2 VMAs · 0 page faults — show /proc/1/maps [mmdsl.showMaps]
                    6: 2 VMAs · 2 page faults — show /proc/2/maps [mmdsl.showMaps]""", render(lenses));
            Object maps = h.server.executeCommand(new ExecuteCommandParams("mmdsl.showMaps",
                    lenses.get(1).getCommand().getArguments())).get(30, TimeUnit.SECONDS);
            assertEquals("""
                    /proc/2/maps of worker after its block
                    b7ffa000-b7ffc000 r--p 00000000 00:00 0\s
                    b7ffc000-b8000000 rw-p 00000000 00:00 0\s
                    """, maps);
        }
    }
}
