package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Formatting of scenarios (MmdslFormatter): text in, text out, compared whole; formatting twice changes
 * nothing; every example is already formatted; and the same through LSP textDocument/formatting.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class FormatterTest {

    @Inject
    private ParseHelper<Scenario> parser;
    @Inject
    private Provider<IFormatter2> formatter;
    @Inject
    private Provider<TextRegionAccessBuilder> regions;
    @Inject
    private Provider<FormatterRequest> requests;

    private String format(String text) throws Exception {
        XtextResource r = (XtextResource) parser.parse(text).eResource();
        assertTrue(r.getErrors().isEmpty(), () -> "syntax errors: " + r.getErrors());
        ITextRegionAccess access = regions.get().forNodeModel(r).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        return access.getRewriter().renderToString(formatter.get().format(request));
    }

    private void assertFormatted(String expected, String input) throws Exception {
        assertEquals(expected, format(input));
        assertEquals(expected, format(expected), "formatting is not idempotent");
    }

    @Test
    void blocksAreIndentedByTwoAndExpectationsTwoMore() throws Exception {
        assertFormatted("""
                boot ram 1536MB highmem
                process init <
                  exec "/sbin/init" text 24KB data 4KB bss 16KB
                  mmap buf 16KB rw- private anon
                    expect address 0x1000
                  write buf+4KB value 42
                >
                kernel <
                  kmap page 0x100
                    expect address 0xc0100000
                  kunmap page 0x100
                >
                """, """
                boot   ram 1536MB highmem
                process init <
                exec "/sbin/init"   text 24KB data 4KB bss 16KB
                        mmap buf 16KB rw- private anon expect address 0x1000
                   write buf + 4KB value 42 >
                kernel < kmap page 0x100 expect address 0xc0100000
                kunmap page 0x100 >
                """);
    }

    @Test
    void oneStatementPerLineAndEveryExpectationOnItsOwnLine() throws Exception {
        assertFormatted("""
                process child <
                  read 0x1000
                    expect fault SIGSEGV SEGV_MAPERR
                    expect fault SIGSEGV
                  brk +132KB
                  brk -4KB
                    expect ok
                >
                expect child read 0x1000 == 0
                """, """
                process child < read 0x1000 expect fault SIGSEGV SEGV_MAPERR expect fault SIGSEGV brk + 132KB brk - 4KB expect ok > expect child read 0x1000 == 0
                """);
    }

    @Test
    void bootOptionsStayOnTheBootLineOrOnIndentedContinuationLines() throws Exception {
        assertFormatted("""
                boot ram 1536MB highmem
                  arch i386 pae
                  split 2G/2G
                show dmesg
                """, """
                boot ram 1536MB    highmem
                arch i386 pae
                        split 2G/2G
                show dmesg
                """);
        assertFormatted("boot ram 64MB cpus 2\n", "boot ram   64MB  cpus 2\n");
    }

    @Test
    void gfpFlagsSumsAndParenthesesAreGlued() throws Exception {
        assertFormatted("""
                kernel <
                  kmalloc obj 200B GFP_KERNEL|__GFP_NOWARN
                  alloc_pages blk order 3 GFP_HIGHUSER
                  kmap page (blk+1)
                >
                """, """
                kernel <
                    kmalloc obj 200B GFP_KERNEL | __GFP_NOWARN
                  alloc_pages blk order 3 GFP_HIGHUSER
                  kmap page ( blk + 1 )
                >
                """);
    }

    @Test
    void aVmaRangeAndAPmapOptionAreGlued() throws Exception {
        assertFormatted("""
                process p <
                  find_vma 0x10000000
                    expect vma 0xb7ff0000-0xb8000000
                  show pmap -d
                >
                """, """
                process p <
                  find_vma   0x10000000
                    expect vma 0xb7ff0000 - 0xb8000000
                  show pmap - d
                >
                """);
    }

    @Test
    void commentsAndOneBlankLineAreKept() throws Exception {
        assertFormatted("""
                // header
                process p <
                  mmap b 4KB rw- private anon      // aligned comment

                  /* a drawing
                     kept as is */
                  write b
                >

                // the next one
                process q <
                >
                """, """
                // header
                process p <
                mmap b 4KB rw- private anon      // aligned comment



                  /* a drawing
                     kept as is */
                    write b
                >


                // the next one
                process q < >
                """);
    }

    @Test
    void everyExampleIsFormatted() throws Exception {
        for (Path p : ExamplesTest.examples()) {
            String text = Files.readString(p);
            assertEquals(text, format(text), p.toString());
        }
    }

    @Test
    void formattingOverLsp() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open("""
                    process init <
                    mmap buf 16KB rw- private anon expect ok
                    write buf+4KB
                    >
                    """);
            // the client's tab size does not change the language's two spaces
            List<? extends TextEdit> edits = h.server
                    .formatting(new DocumentFormattingParams(h.doc(), new FormattingOptions(4, true)))
                    .get(30, TimeUnit.SECONDS);
            assertEquals("""
                    process init <
                      mmap buf 16KB rw- private anon
                        expect ok
                      write buf+4KB
                    >
                    """, h.apply(edits));
        }
    }
}
