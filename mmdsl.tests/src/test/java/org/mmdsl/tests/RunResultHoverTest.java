package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.junit.jupiter.api.Test;

/** Hover on a brk amount (the break before and after) and on expectations (what the run produced there). */
class RunResultHoverTest {

    private static String hover(String marked) throws Exception {
        try (LspHarness h = new LspHarness()) {
            org.eclipse.lsp4j.Position cursor = h.open(marked);
            Hover hover = h.server.hover(new HoverParams(h.doc(), cursor)).get(30, TimeUnit.SECONDS);
            return hover.getContents() == null ? "" : hover.getContents().getRight().getValue();
        }
    }

    private static final String BRK = """
            boot ram 1536MB highmem
            process init <
              exec "/sbin/init" text 24KB data 4KB bss 16KB
              brk %s
              write 0x08054000 value 42
              brk %s
              read 0x08054000
                expect fault SIGSEGV SEGV_MAPERR
              brk +4KB
              read 0x08054000
                expect value %s
              brk %s
              mmap wall at 0x08058000 4KB r-- private anon fixed
              brk %s
                expect address %s
              expect read 0x08054000 == %s
              mmap big 8KB rw- private anon
                expect errno %s
            >
            """;

    private static String brk(String... parts) {
        String[] d = {"+8KB", "-4KB", "0", "0x08000000", "0x08058000", "0x08055000", "0", "ENOMEM"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                d[i] = parts[i];
            }
        }
        return BRK.formatted((Object[]) d);
    }

    @Test
    void brkThatGrowsShowsTheBreakBeforeAndAfter() throws Exception {
        assertEquals("program break **0x8053000** → **0x8055000** (grew by 8,192 bytes)\n\n_state after line 4 ran_",
                hover(brk("+8<|>KB")));
    }

    @Test
    void brkThatShrinksShowsTheBreakBeforeAndAfter() throws Exception {
        assertEquals("program break **0x8055000** → **0x8054000** (shrank by 4,096 bytes)\n\n_state after line 6 ran_",
                hover(brk(null, "-<|>4KB")));
    }

    @Test
    void brkBelowStartBrkIsRefused() throws Exception {
        assertEquals("program break **0x8055000** → **0x8055000**: the kernel refused to move it to 0x8000000 "
                + "(brk returned the old break)\n\n_state after line 12 ran_", hover(brk(null, null, null, "0x0800<|>0000")));
    }

    @Test
    void brkIntoTheNextVmaIsRefused() throws Exception {
        assertEquals("program break **0x8055000** → **0x8055000**: the kernel refused to move it to 0x8058000 "
                + "(brk returned the old break)\n\n_state after line 14 ran_",
                hover(brk(null, null, null, null, "0x08058<|>000")));
    }

    @Test
    void brkFirstInAForkedChildStartsFromTheParentsBreak() throws Exception {
        assertEquals("program break **0x8055000** → **0x8056000** (grew by 4,096 bytes)\n\n_state after line 7 ran_",
                hover("""
                        boot ram 1536MB highmem
                        process init <
                          exec "/sbin/init" text 24KB data 4KB bss 16KB
                          brk +8KB
                        >
                        process child = fork init <
                          brk +4<|>KB
                        >
                        """));
    }

    @Test
    void valueExpectationShowsTheValueRead() throws Exception {
        assertEquals("**met**: read of 0x8054000 gave 0\n\n_at line 10_", hover(brk(null, null, "<|>0")));
        assertEquals("**not met**: read of 0x8054000 gave 0, expected 42\n\n_at line 10_", hover(brk(null, null, "4<|>2")));
    }

    @Test
    void addressExpectationShowsTheAddressReturned() throws Exception {
        assertEquals("**met**: brk returned 0x8055000\n\n_at line 14_", hover(brk(null, null, null, null, null, "0x0805<|>5000")));
        assertEquals("**not met**: brk returned 0x8055000, expected 0x8058000\n\n_at line 14_",
                hover(brk(null, null, null, null, null, "0x0805<|>8000")));
    }

    @Test
    void faultExpectationShowsTheSignalRaised() throws Exception {
        assertEquals("**met**: the read of 0x8054000 raised SIGSEGV SEGV_MAPERR at 0x8054000 as expected\n\n_at line 7_",
                hover(brk().replace("SIGSEGV SEGV_MAPERR", "SIGSEGV SEGV_<|>MAPERR")));
        assertEquals("**not met**: expected SIGBUS, got SIGSEGV SEGV_MAPERR at 0x8054000\n\n_at line 7_",
                hover(brk().replace("SIGSEGV SEGV_MAPERR", "SIG<|>BUS")));
    }

    @Test
    void errnoExpectationShowsWhatTheCallReturned() throws Exception {
        assertEquals("**not met**: expected ENOMEM, but the call succeeded\n\n_at line 17_", hover(brk(null, null, null, null,
                null, null, null, "ENO<|>MEM")));
    }

    @Test
    void readCheckValueShowsTheValueInMemory() throws Exception {
        assertEquals("**not met**: init reads 0 at 0x8054000, expected 7\n\n_at line 16_",
                hover(brk(null, null, null, null, null, null, "<|>7")));
    }
}
