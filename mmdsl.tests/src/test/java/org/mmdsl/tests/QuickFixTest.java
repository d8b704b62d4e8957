package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/** Quick fixes: each applied to the text and the result compared. */
class QuickFixTest {

    /** Applies every fix offered for the first diagnostic with {@code code}; one result per fix. */
    private static String fixes(String text, String code) throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(text);
            Diagnostic d = null;
            long end = System.currentTimeMillis() + 30_000;
            while (d == null && System.currentTimeMillis() < end) {
                for (PublishDiagnosticsParams p : h.diagnostics) {
                    for (Diagnostic x : p.getDiagnostics()) {
                        if (code.equals(x.getCode().getLeft())) {
                            d = x;
                        }
                    }
                }
                Thread.sleep(20);
            }
            CodeActionParams params = new CodeActionParams(h.doc(), d.getRange(), new CodeActionContext(List.of(d)));
            List<Either<Command, CodeAction>> actions = h.server.codeAction(params).get(30, TimeUnit.SECONDS);
            return actions.stream().map(a -> "# " + a.getRight().getTitle() + "\n"
                    + h.apply(a.getRight().getEdit().getChanges().get(h.uri))).collect(Collectors.joining());
        }
    }

    @Test
    void unalignedMunmapAddressIsAlignedOrItsEinvalExpected() throws Exception {
        assertEquals("""
                # Align to the page: 0xb7ffc000
                process p <
                  mmap buf 16KB rw- private anon
                  munmap 0xb7ffc000 4KB
                >
                # Add `expect errno EINVAL`: the kernel's failure becomes part of the scenario
                process p <
                  mmap buf 16KB rw- private anon
                  munmap 0xb7ffc010 4KB expect errno EINVAL
                >
                """, fixes("""
                process p <
                  mmap buf 16KB rw- private anon
                  munmap 0xb7ffc010 4KB
                >
                """, "unaligned-address"));
    }

    @Test
    void moreThan4GbWithoutPaeBootsThePaeKernel() throws Exception {
        assertEquals("""
                # Boot the PAE kernel (arch i386 pae) to use all the RAM
                boot ram 6GB arch i386 pae
                """, fixes("boot ram 6GB\n", "ram-not-addressable"));
    }

    @Test
    void kmapAtomicBecomesKmapLocalPageWithItsKunmap() throws Exception {
        assertEquals("""
                # Use kmap_local_page (and kunmap_local)
                kernel <
                  kmap_local_page page 0x40000
                  kmap page 0x100
                  kunmap_local page 0x40000
                >
                """, fixes("""
                kernel <
                  kmap_atomic page 0x40000
                  kmap page 0x100
                  kunmap_atomic page 0x40000
                >
                """, "deprecated-api"));
    }

    @Test
    void aKmapWithoutKunmapGetsItsKunmap() throws Exception {
        assertEquals("""
                # Add the missing `kunmap page 0x40000`
                kernel <
                  kmap page 0x40000
                  kunmap page 0x40000
                  kmap page 0x100
                  kunmap page 0x100
                >
                """, fixes("""
                kernel <
                  kmap page 0x40000
                  kmap page 0x100
                  kunmap page 0x100
                >
                """, "kmap-not-unmapped"));
    }
}
