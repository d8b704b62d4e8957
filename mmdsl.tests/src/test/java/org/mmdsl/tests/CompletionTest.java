package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.junit.jupiter.api.Test;

/** Completion: keywords, handles in scope, mmap flags, errnos, signals and si_codes, zones. */
class CompletionTest {

    private static List<String> labels(String marked) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            List<CompletionItem> items = h.server.completion(new CompletionParams(h.doc(), cursor))
                    .get(30, TimeUnit.SECONDS).getRight().getItems();
            return items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
        }
    }

    @Test
    void handlesInScopeAfterWrite() throws Exception {
        List<String> l = labels("process p <\n  mmap buf 4KB rw- private anon\n  mmap lib 4KB r-- private anon\n  write <|>\n>\n");
        assertTrue(l.containsAll(List.of("buf", "lib")), l::toString);
    }

    @Test
    void errnoNames() throws Exception {
        List<String> l = labels("process p <\n  munmap 0x1000 4KB expect errno EN<|>\n>\n");
        assertEquals(List.of("ENFILE", "ENODEV", "ENOENT", "ENOMEM", "ENOSPC", "ENOSYS"), l.stream().filter(s -> s.startsWith("E")).sorted().toList());
    }

    @Test
    void signalsAndSiCodes() throws Exception {
        assertTrue(labels("process p <\n  write 0x10 expect fault <|>\n>\n").containsAll(List.of("SIGSEGV", "SIGBUS")));
        assertTrue(labels("process p <\n  write 0x10 expect fault SIGSEGV SEGV<|>\n>\n")
                .containsAll(List.of("SEGV_MAPERR", "SEGV_ACCERR")));
    }

    @Test
    void mmapFlagsAndZones() throws Exception {
        assertTrue(labels("process p <\n  mmap b 4KB rw- private anon <|>\n>\n").containsAll(List.of("fixed", "populate", "locked")));
        assertTrue(labels("expect zone <|>").containsAll(List.of("DMA", "Normal", "HighMem")));
    }
}
