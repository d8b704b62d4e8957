package org.mmdsl.parser;

import java.util.Map;

import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider.IParserErrorContext;

/**
 * A keyword written where a statement expects a NAME (`mmap off 16KB ...`, `open data "/f" O_RDWR`,
 * `let fd = ...`): the lexer made the word a keyword, so the parser saw no name. The message says the
 * word is reserved and suggests one that is not, instead of listing the steps. It looks only at the
 * token before the offending one; a keyword elsewhere keeps the ordinary message.
 */
final class ReservedName {
    private ReservedName() {
    }

    /** The statement keyword whose next word is a name: what the name stands for, and a suffix to suggest. */
    private record Named(String what, String suffix) {
    }

    private static final Named MAPPING = new Named("a mapping", "_buf");
    private static final Named KERNEL = new Named("a kernel buffer", "_buf");
    private static final Named FD = new Named("a file descriptor", "_fd");
    private static final Named TASK = new Named("a task", "_task");

    private static final Map<String, Named> NAMING = Map.ofEntries(Map.entry("mmap", MAPPING), Map.entry("mremap", MAPPING),
            Map.entry("open", FD), Map.entry("memfd_create", FD), Map.entry("kmalloc", KERNEL), Map.entry("kzalloc", KERNEL),
            Map.entry("kvmalloc", KERNEL), Map.entry("vmalloc", KERNEL), Map.entry("vmap", KERNEL),
            Map.entry("ioremap", KERNEL), Map.entry("alloc_pages", KERNEL), Map.entry("let", new Named("a value", "_val")),
            Map.entry("process", TASK), Map.entry("thread", TASK), Map.entry("kthread", TASK), Map.entry("fork", TASK));

    /** The message for a keyword written as a name, or null when the error is something else. */
    static String message(IParserErrorContext context, Token token) {
        RecognitionException e = context.getRecognitionException();
        if (token == null || token.getType() == Token.EOF || e == null || !(e.input instanceof TokenStream)
                || !isKeyword(context, token)) {
            return null;
        }
        TokenStream in = (TokenStream) e.input;
        Token before = null;
        for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
            Token t = in.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                before = t;
                break;
            }
        }
        Named named = before == null ? null : NAMING.get(before.getText());
        if (named == null || !isKeyword(context, before)) {
            return null;
        }
        String word = token.getText();
        return "'" + word + "' is a keyword of mmdsl and cannot name " + named.what() + "; write e.g. `"
                + before.getText() + " " + word + named.suffix() + " ...`";
    }

    /** A word the grammar made a keyword (ANTLR names keyword tokens by their text in quotes). */
    private static boolean isKeyword(IParserErrorContext context, Token t) {
        String[] names = context.getTokenNames();
        return t.getText() != null && t.getText().matches("[A-Za-z_][A-Za-z0-9_]*") && names != null
                && t.getType() >= 0 && t.getType() < names.length && names[t.getType()].startsWith("'");
    }
}
