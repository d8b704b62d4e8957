package org.mmdsl.ide.highlighting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mmdsl.MmdslStandaloneSetup;
import org.mmdsl.services.MmdslGrammarAccess;

/**
 * Writes the Vim and Emacs files into a folder (mmdsl.ide/pom.xml runs this at process-classes, into
 * {@code target/editors/}): {@code vim/syntax/mmdsl.vim}, {@code vim/ftdetect/mmdsl.vim},
 * {@code vim/ftplugin/mmdsl.vim} (a runtime path: copy the folder's contents under ~/.vim or
 * ~/.config/nvim) and {@code emacs/mmdsl-mode.el}. The TextMate grammar is written by mmdsl.vscode's build
 * (org.mmdsl.ide.textmate.TextMateGrammar) into the extension.
 */
public final class EditorFiles {
    private EditorFiles() {
    }

    /** Writes the files under {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        MmdslGrammarAccess grammar = new MmdslStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(MmdslGrammarAccess.class);
        HighlightWords words = new HighlightWords(grammar);
        Path out = Path.of(args[0]);
        write(out.resolve("vim/syntax/mmdsl.vim"), VimSyntax.syntax(words));
        write(out.resolve("vim/ftdetect/mmdsl.vim"), VimSyntax.ftdetect());
        write(out.resolve("vim/ftplugin/mmdsl.vim"), VimSyntax.ftplugin());
        write(out.resolve("emacs/mmdsl-mode.el"), EmacsMode.mode(words));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
