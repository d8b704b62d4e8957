package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
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
}
