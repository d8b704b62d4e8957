package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.junit.jupiter.api.Test;

/** Hover: the state of the simulated machine at the hovered step, sizes, pfns and keyword docs. */
class HoverTest {

    private static String hover(String marked) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            Hover hover = h.server.hover(new HoverParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS);
            return hover.getContents() == null ? "" : hover.getContents().getRight().getValue();
        }
    }

    private static final String SCENARIO = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon
              write %s value 42
              mprotect buf 4KB r--
              read %s
            >
            """;

    @Test
    void addressAfterAWriteShowsVmaPageWalkAndTheFrameInHighMem() throws Exception {
        assertEquals("""
                **0xb7ffd000** in init (pid 1)

                VMA `b7ffc000-b8000000 rw-p 00000000 00:00 0`

                page walk
                ```
                0xb7ffd000 (i386 2-level paging) = pgd 735 (bits 31-22) | pte 1021 (bits 21-12) | offset 0x000 (bits 11-0)
                cr3 0x2003000: the pgd at pfn 0x2003
                pgd index  735 (0x2df)  entry @0x2003b7c = 0x2004067   [P RW US A D]  -> pte table at pfn 0x2004
                pte index 1021 (0x3fd)  entry @0x2004ff4 = 0x36bfe067  [P RW US A D]  -> 4 KB page at pfn 0x36bfe
                physical address 0x36bfe000 = 4 KB page 0x36bfe000 + offset 0x000 (bits 11-0)
                ```
                frame pfn 0x36bfe (paddr 0x36bfe000), zone HighMem: flags uptodate|lru|swapbacked|highmem|anon, refcount 1, mapcount 1

                _state after line 4 ran_""", hover(SCENARIO.formatted("buf+4<|>KB", "buf+4KB")));
    }

    @Test
    void stateIsThatOfTheHoveredStepNotOfTheEnd() throws Exception {
        // the read comes after mprotect: the VMA is split and read-only there
        String text = hover(SCENARIO.formatted("buf", "b<|>uf"));
        assertTrue(text.contains("VMA `b7ffc000-b7ffd000 r--p 00000000 00:00 0`"), text);
        assertTrue(text.contains("= 0x36bfe065  [P US A D]"), "write-protected by mprotect: " + text);
        assertTrue(text.contains("_state after line 6 ran_"), text);
    }

    @Test
    void sizeShowsBytesPagesAndBuddyOrder() throws Exception {
        assertEquals("**16,384 bytes** (0x4000) = 4 pages of 4 KB, buddy order 2",
                hover(SCENARIO.formatted("buf", "buf").replace("16KB", "1<|>6KB")));
    }

    @Test
    void pfnOfKmapShowsItsZoneAndFlags() throws Exception {
        String text = hover("""
                boot ram 1536MB highmem
                kernel <
                  kmap page 0x3<|>a000
                >
                """);
        assertTrue(text.startsWith("frame pfn 0x3a000 (paddr 0x3a000000), zone HighMem: flags"), text);
    }

    @Test
    void keywordShowsOneLineOfKernelDocumentation() throws Exception {
        assertEquals("`mmap` — mm/mmap.c do_mmap(): finds a free range (get_unmapped_area) and creates or merges a VMA; "
                + "no frame until the first fault", hover(SCENARIO.formatted("buf", "buf").replace("mmap buf", "mm<|>ap buf")));
    }
}
