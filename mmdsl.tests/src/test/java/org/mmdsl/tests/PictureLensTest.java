package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The "picture" code lens above each {@code show picture} statement and each process or thread block,
 * and its command {@code mmdsl.showPicture}, which answers with text for clients without the
 * {@code mmdsl/picture} request (neovim, eglot): the text {@code mmdsl run} prints under the statement.
 */
class PictureLensTest {
    private static final String SCENARIO = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon
              write buf value 42
              show picture maps
            >
            thread worker = clone init <
              read buf
            >
            kernel <
              show picture buddy
            >
            show picture physical
            """;

    @Test
    void aPictureLensAboveEachShowPictureAndEachTaskBlock() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(SCENARIO);
            assertEquals("""
                    2: picture [mmdsl.showPicture]
                    5: picture [mmdsl.showPicture]
                    7: picture [mmdsl.showPicture]
                    11: picture [mmdsl.showPicture]
                    13: picture [mmdsl.showPicture]""", pictureLenses(h));
            // a syntax error keeps them (they are read from the text, not the run)
            h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, 2),
                    List.of(new TextDocumentContentChangeEvent(SCENARIO.replace("  read buf\n", "  read buf +\n")))));
            assertEquals(5, pictureLenses(h).lines().count());
        }
    }

    @Test
    void theLensCommandAnswersWithTheTextARunPrints() throws Exception {
        try (LspHarness h = new LspHarness()) {
            h.open(SCENARIO);
            List<? extends CodeLens> lenses = pictures(h);
            assertEquals("""
                    picture maps of init (pid 1), from TASK_SIZE down:
                      kernel             0xc0000000-0x100000000  kernel space  above TASK_SIZE 0xc0000000: the kernel's 1 GB
                      gap                0xb8000000-0xc0000000  unmapped  128 MB
                      vma anon           0xb7ffc000-0xb8000000  [anon]  rw-p  16 KB
                      gap                0x0-0xb7ffc000  unmapped  2.87 GB
                    """, execute(h, lenses.get(1)));
            // the same as `mmdsl run` prints under each statement
            java.nio.file.Path file = h.dir.resolve("cli.mmdsl");
            Files.writeString(file, SCENARIO);
            String run = Cli.run("run", file.toString()).out();
            for (int i : new int[] {1, 3, 4}) {
                String text = execute(h, lenses.get(i));
                assertEquals(true, run.contains("\n" + text), () -> "not in the run's output:\n" + text + "\n---\n" + run);
            }
            // a block: its task's maps after the block (the thread shares init's mm)
            assertEquals(execute(h, lenses.get(1)).replace("init (pid 1)", "worker (pid 2)"), execute(h, lenses.get(2)));
            // a kind other than the statement's, and a bad one
            assertEquals(true, execute(h, lenses.get(3), "kernel").startsWith("picture kernel: the kernel's virtual address space"));
            assertEquals("unknown picture kind `pixels`: the kinds are maps, physical, kernel, walk and buddy\n",
                    execute(h, lenses.get(3), "pixels"));
            assertEquals("usage: mmdsl.showPicture URI OFFSET [KIND]", h.server.executeCommand(
                    new ExecuteCommandParams("mmdsl.showPicture", List.of(h.uri))).get(30, TimeUnit.SECONDS));
            // a scenario with an error: the lens stays, its command says why there is no picture
            h.server.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(h.uri, 2),
                    List.of(new TextDocumentContentChangeEvent(SCENARIO.replace("  read buf\n", "  read nothing\n")))));
            assertEquals("the scenario has errors, so it is not run and there is no picture: line 8: no mapping named "
                    + "'nothing' is visible here: a handle is the name an earlier `mmap NAME ...` of this process (or of the "
                    + "process it was forked or cloned from) gave\n", execute(h, pictures(h).get(0)));
        }
    }

    private static List<? extends CodeLens> pictures(LspHarness h) throws Exception {
        return h.server.codeLens(new CodeLensParams(h.doc())).get(30, TimeUnit.SECONDS).stream()
                .filter(l -> "mmdsl.showPicture".equals(l.getCommand().getCommand())).toList();
    }

    private static String pictureLenses(LspHarness h) throws Exception {
        return pictures(h).stream().map(l -> l.getRange().getStart().getLine() + 1 + ": " + l.getCommand().getTitle() + " ["
                + l.getCommand().getCommand() + "]").collect(Collectors.joining("\n"));
    }

    private static String execute(LspHarness h, CodeLens lens, String... kind) throws Exception {
        List<Object> args = new java.util.ArrayList<>(lens.getCommand().getArguments());
        args.addAll(List.of(kind));
        return (String) h.server.executeCommand(new ExecuteCommandParams(lens.getCommand().getCommand(), args))
                .get(30, TimeUnit.SECONDS);
    }
}
