package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mmdsl.ide.textmate.TextMateGrammar;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 15 point 6: colour in every editor, on one scenario with read/write steps, handle uses, the kernel API
 * (kmalloc, kmap_atomic, kfree), GFP flags, a km_type and show targets. The server's semantic tokens (VS Code,
 * Monaco); the TextMate grammar the vsix ships, tokenized here as TextMate does (per line, the earliest match of
 * the patterns in order); the generated Vim syntax in a headless neovim (synIDattr); the generated Emacs mode in
 * emacs --batch (font-lock faces, and the indentation of {@code < ... >} blocks).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue15EditorColourTest {

    private static final String TEXT = """
            boot ram 1536MB highmem
            process init <
              mmap buf 16KB rw- private anon
              write buf value 1 // a comment
              read buf+8 expect errno EFAULT
              show maps
            >
            kernel <
              kmalloc obj 64 GFP_KERNEL|__GFP_ZERO
              kmap_atomic page 0x3a001 KM_USER0
              kfree obj
              show slabinfo
            >
            """;

    /** The words each editor is asked about: one of each kind. */
    private static final List<String> WORDS = List.of("boot", "ram", "1536MB", "init", "mmap", "buf", "rw-", "private",
            "write", "// a comment", "read", "EFAULT", "maps", "kmalloc", "GFP_KERNEL", "__GFP_ZERO", "kmap_atomic",
            "KM_USER0", "kfree", "slabinfo");

    private static final Path EDITORS = Path.of("../mmdsl.ide/target/editors");

    @com.google.inject.Inject
    private MmdslGrammarAccess grammar;

    @Test
    void theServersSemanticTokens() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (LspHarness h = new LspHarness()) {
            h.open(TEXT);
            List<Integer> data = h.server.semanticTokensFull(new SemanticTokensParams(h.doc())).get(30, TimeUnit.SECONDS)
                    .getData();
            List<String> types = org.mmdsl.ide.semantictokens.SemanticTokenLegend.TYPES;
            String[] lines = TEXT.split("\n");
            int line = 0;
            int col = 0;
            int last = -1;
            for (int i = 0; i < data.size(); i += 5) {
                line += data.get(i);
                col = data.get(i) == 0 ? col + data.get(i + 1) : data.get(i + 1);
                sb.append(last < 0 ? "" : line == last ? " " : "\n");
                sb.append(lines[line], col, col + data.get(i + 2)).append(':').append(types.get(data.get(i + 3)))
                        .append(data.get(i + 4) == 1 ? "+declaration" : "");
                last = line;
            }
            sb.append('\n');
        }
        assertEquals("""
                boot:keyword ram:keyword 1536MB:number highmem:keyword
                process:keyword init:class+declaration <:operator
                mmap:function buf:variable+declaration 16KB:number rw-:enumMember private:enumMember anon:keyword
                write:function buf:variable value:keyword 1:number // a comment:comment
                read:function buf:variable +:operator 8:number expect:keyword errno:keyword EFAULT:enumMember
                show:keyword maps:enumMember
                >:operator
                kernel:keyword <:operator
                kmalloc:function obj:variable+declaration 64:number GFP_KERNEL:enumMember |:operator __GFP_ZERO:enumMember
                kmap_atomic:function page:keyword 0x3a001:number KM_USER0:enumMember
                kfree:function obj:variable
                show:keyword slabinfo:enumMember
                >:operator
                """, sb.toString());
    }

    @Test
    void theTextMateGrammarScopesEveryKindOfWord() {
        JsonObject tm = JsonParser.parseString(TextMateGrammar.json(grammar)).getAsJsonObject();
        List<String[]> patterns = new ArrayList<>();
        for (JsonElement p : tm.getAsJsonArray("patterns")) {
            JsonObject o = p.getAsJsonObject();
            patterns.add(new String[] {o.get("name").getAsString(), o.has("match") ? o.get("match").getAsString()
                    : o.get("begin").getAsString(), o.has("end") ? o.get("end").getAsString() : null});
        }
        List<String> scoped = new ArrayList<>();
        for (String line : TEXT.split("\n")) {
            scoped.addAll(tokenize(line, patterns));
        }
        List<String> asked = new ArrayList<>();
        for (String w : WORDS) {
            asked.add(scoped.stream().filter(s -> s.startsWith(w + " ")).findFirst().orElse(w + " (none)"));
        }
        assertEquals("""
                boot keyword.control.mmdsl
                ram constant.language.flag.mmdsl
                1536MB constant.numeric.mmdsl
                init variable.other.mmdsl
                mmap support.function.mmdsl
                buf variable.other.mmdsl
                rw- storage.modifier.prot.mmdsl
                private constant.language.flag.mmdsl
                write support.function.mmdsl
                // a comment comment.line.double-slash.mmdsl
                read support.function.mmdsl
                EFAULT constant.other.errno.mmdsl
                maps constant.language.flag.mmdsl
                kmalloc support.function.mmdsl
                GFP_KERNEL constant.other.errno.mmdsl
                __GFP_ZERO constant.other.errno.mmdsl
                kmap_atomic support.function.mmdsl
                KM_USER0 constant.other.errno.mmdsl
                kfree support.function.mmdsl
                slabinfo constant.language.flag.mmdsl
                """, String.join("\n", asked) + "\n");
    }

    /**
     * One line as TextMate scans it with a grammar of top-level patterns: from the current position the
     * pattern whose match starts first wins, the earlier pattern on a tie; a begin/end pattern runs to its end
     * on the line. Returns "text scope" for every token.
     */
    private static List<String> tokenize(String line, List<String[]> patterns) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < line.length()) {
            int bestStart = Integer.MAX_VALUE;
            int bestEnd = -1;
            String scope = null;
            for (String[] p : patterns) {
                Matcher m = Pattern.compile(p[1]).matcher(line);
                if (m.find(pos) && m.start() < bestStart) {
                    bestStart = m.start();
                    bestEnd = m.end();
                    scope = p[0];
                    if (p[2] != null) {
                        Matcher e = Pattern.compile(p[2]).matcher(line);
                        bestEnd = e.find(m.end()) ? e.end() : line.length();
                    }
                }
            }
            if (scope == null || bestEnd <= pos) {
                break;
            }
            out.add(line.substring(bestStart, bestEnd) + " " + scope);
            pos = bestEnd;
        }
        return out;
    }

    /** Line and column (1-based) of the first whole occurrence of {@code word} in TEXT. */
    private static int[] find(String word) {
        Matcher m = Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(TEXT);
        assertTrue(m.find(), word);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < m.start(); i++) {
            if (TEXT.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, m.start() - lineStart + 1};
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("editor.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the editor did not finish");
        return Files.readString(dir.resolve("editor.log"));
    }

    @Test
    void neovimColoursTheWordsWithTheGeneratedSyntax(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("nvim"),
                "nvim is not installed here: `apt-get install neovim` (.ci/run does) to run the neovim syntax test");
        Path vim = EDITORS.resolve("vim").toAbsolutePath();
        assertTrue(Files.exists(vim.resolve("syntax/mmdsl.vim")), "the build writes " + vim + "/syntax/mmdsl.vim");
        Path file = dir.resolve("colour.mmdsl");
        Files.writeString(file, TEXT);
        Path out = dir.resolve("groups.txt");
        StringBuilder script = new StringBuilder("let out = ['filetype ' . &filetype]\n");
        for (String w : WORDS) {
            int[] at = find(w);
            script.append("call add(out, '").append(w).append(" ' . synIDattr(synID(").append(at[0]).append(", ")
                    .append(at[1]).append(", 1), 'name') . ' ' . synIDattr(synIDtrans(synID(").append(at[0])
                    .append(", ").append(at[1]).append(", 1)), 'name'))\n");
        }
        script.append("call writefile(out, '").append(out).append("')\nqa!\n");
        Path vimScript = dir.resolve("groups.vim");
        Files.writeString(vimScript, script);
        // as a user who copied the files into ~/.config/nvim: the folder is on the runtime path at start
        String log = run(dir, List.of("nvim", "--headless", "-u", "NORC", "--noplugin", "--cmd", "set rtp^=" + vim,
                "-S", vimScript.toString(), file.toString()));
        assertTrue(Files.exists(out), () -> "nvim wrote nothing: " + log);
        assertEquals("""
                filetype mmdsl
                boot mmdslControl Statement
                ram mmdslFlag Constant
                1536MB mmdslNumber Constant
                init mmdslName Identifier
                mmap mmdslFunction Identifier
                buf mmdslName Identifier
                rw- mmdslProt Type
                private mmdslFlag Constant
                write mmdslFunction Identifier
                // a comment mmdslComment Comment
                read mmdslFunction Identifier
                EFAULT mmdslConstant PreProc
                maps mmdslFlag Constant
                kmalloc mmdslFunction Identifier
                GFP_KERNEL mmdslConstant PreProc
                __GFP_ZERO mmdslConstant PreProc
                kmap_atomic mmdslFunction Identifier
                KM_USER0 mmdslConstant PreProc
                kfree mmdslFunction Identifier
                slabinfo mmdslFlag Constant
                """, Files.readString(out));
    }

    @Test
    void emacsFontLocksTheWordsAndIndentsBlocks(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.onPath("emacs"),
                "emacs is not installed here: `apt-get install emacs-nox` (.ci/run does) to run the Emacs mode test");
        Path mode = EDITORS.resolve("emacs/mmdsl-mode.el").toAbsolutePath();
        assertTrue(Files.exists(mode), "the build writes " + mode);
        Path file = dir.resolve("colour.mmdsl");
        Files.writeString(file, TEXT);
        StringBuilder words = new StringBuilder();
        for (String w : WORDS) {
            words.append(" \"").append(w).append('"');
        }
        Path el = dir.resolve("faces.el");
        Path out = dir.resolve("faces.txt");
        Files.writeString(el, """
                (load "%s")
                (find-file "%s")
                (font-lock-ensure)
                (let ((out (format "mode %%s\n" major-mode)))
                  (dolist (w '(%s))
                    (goto-char (point-min))
                    (re-search-forward (concat "\\\\(?:^\\\\|[^[:alnum:]_-]\\\\)\\\\(" (regexp-quote w) "\\\\)"))
                    (setq out (concat out (format "%%s %%s\n" w (get-text-property (match-beginning 1) 'face)))))
                  (erase-buffer)
                  (insert "process p <\nmmap buf 4KB rw- private anon\nlet top = mm->brk + 4KB\nrepeat 2 <\nwrite buf value 1\n>\n// done\n   >\n")
                  (indent-region (point-min) (point-max))
                  (setq out (concat out (buffer-string)))
                  (set-buffer-modified-p nil)
                  (with-temp-file "%s" (insert out)))
                """.formatted(mode, file, words, out));
        String log = run(dir, List.of("emacs", "--batch", "-Q", "-l", el.toString()));
        assertTrue(Files.exists(out), () -> "emacs wrote nothing: " + log);
        String printed = Files.readString(out);
        assertEquals("""
                mode mmdsl-mode
                boot font-lock-keyword-face
                ram font-lock-constant-face
                1536MB font-lock-constant-face
                init font-lock-variable-name-face
                mmap font-lock-builtin-face
                buf font-lock-variable-name-face
                rw- font-lock-type-face
                private font-lock-constant-face
                write font-lock-builtin-face
                // a comment font-lock-comment-delimiter-face
                read font-lock-builtin-face
                EFAULT font-lock-preprocessor-face
                maps font-lock-constant-face
                kmalloc font-lock-builtin-face
                GFP_KERNEL font-lock-preprocessor-face
                __GFP_ZERO font-lock-preprocessor-face
                kmap_atomic font-lock-builtin-face
                KM_USER0 font-lock-preprocessor-face
                kfree font-lock-builtin-face
                slabinfo font-lock-constant-face
                process p <
                  mmap buf 4KB rw- private anon
                  let top = mm->brk + 4KB
                  repeat 2 <
                    write buf value 1
                  >
                  // done
                >
                """, printed);
    }
}
