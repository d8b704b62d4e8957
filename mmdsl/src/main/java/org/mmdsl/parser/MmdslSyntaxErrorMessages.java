package org.mmdsl.parser;

import java.util.stream.Collectors;

import org.antlr.runtime.MismatchedTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.mmdsl.mmdsl.Boot;
import org.mmdsl.mmdsl.KernelBlock;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mprotect;
import org.mmdsl.mmdsl.Munmap;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.arch.ArchWord;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.services.MmdslGrammarAccess;
import org.mmdsl.validation.MmdslIssue;

import com.google.inject.Inject;

/**
 * Syntax errors in the scenario's words: what was found, and how the statement being written is
 * spelled, instead of ANTLR's "no viable alternative at input". Every message carries the
 * {@code syntax} issue code.
 */
public class MmdslSyntaxErrorMessages extends SyntaxErrorMessageProvider {

    @Inject
    private MmdslGrammarAccess grammar;

    /** The steps of a kernel block or kthread, its show targets read from the grammar. */
    public static String kernelSteps(MmdslGrammarAccess grammar) {
        return "inside `kernel < ... >` the steps are " + steps(grammar.getKernelStatementRule())
                + " and show " + ShowTargets.of(grammar.getKernelStatementRule());
    }

    private String statements() {
        return "a statement starts with boot, process, thread, kthread, kernel, file, a kernel step (kmap, kmalloc, ...), "
                + "translate, show " + ShowTargets.of(grammar.getTopStatementRule()) + " or expect";
    }

    private String processSteps() {
        return "inside `process NAME < ... >` the steps are " + steps(grammar.getProcessStatementRule()) + ", show "
                + ShowTargets.of(grammar.getProcessStatementRule()) + ", expect and exit";
    }

    /**
     * The first words of a block's statements in grammar order, from the grammar itself (so a new
     * statement is listed without an edit here); show, expect and exit are named by the callers.
     */
    private static String steps(ParserRule rule) {
        return FirstKeywords.of(rule).stream().filter(w -> !TAIL.contains(w)).collect(Collectors.joining(", "));
    }

    private static final java.util.Set<String> TAIL = java.util.Set.of("show", "expect", "exit");

    /** The sharing types and flags of mmap, from the vocabulary (runtime uapi MapType, MapFlag). */
    private static final String MMAP_SHARING = Vocabulary.MAP_TYPES.words().stream().map(KernelWord::word)
            .collect(Collectors.joining("|"));
    private static final String MMAP_FLAGS = Vocabulary.MAP_FLAGS.words().stream()
            .filter(w -> w != org.mmdsl.runtime.uapi.MapFlag.ANONYMOUS).map(KernelWord::word).collect(Collectors.joining("|"));

    /** The architectures, each alone and with each paging variant of it (i386|i386 pae|...), from the vocabulary. */
    private static final String ARCHES = java.util.Arrays.stream(ArchWord.values()).filter(a -> a.variantOf == null)
            .flatMap(a -> java.util.stream.Stream.concat(java.util.stream.Stream.of(a.word()), java.util.Arrays
                    .stream(ArchWord.values()).filter(v -> v.variantOf == a).map(v -> a.word() + " " + v.word())))
            .collect(Collectors.joining("|"));
    private static final String SPLITS = Vocabulary.SPLITS.words().stream().map(KernelWord::word)
            .collect(Collectors.joining("|"));

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        RecognitionException e = context.getRecognitionException();
        Token token = e == null ? null : e.token;
        String found = token == null || token.getType() == Token.EOF ? "end of file"
                : "'" + token.getText() + "'";
        EObject where = context.getCurrentContext();
        String message;
        String reserved = ReservedName.message(context, token);
        if (reserved != null) {
            message = reserved;
        } else if (misplacedExpectation(e, token)) {
            message = "unexpected " + found + ": `expect ok|fail|errno|fault|value|address|warning` belongs to the "
                    + "statement before it, and that statement takes none (let, show, translate, invlpg, "
                    + "flush_tlb_all, exit); standing alone an expectation is "
                    + "`expect [TASK] read ADDR == V` or `expect zone NAME start|end|spanned|present|managed|min|low|high|free N`";
        } else if (token != null && token.getType() == Token.EOF && e instanceof MismatchedTokenException
                && context.getDefaultMessage().contains("'>'")) {
            message = "the file ends inside a block: a `>` is missing to close it";
        } else if (where instanceof Mmap) {
            message = "unexpected " + found + " in mmap; it is written `mmap [NAME] [at ADDR] SIZE PROT " + MMAP_SHARING
                    + " anon|file \"PATH\" [offset N] [" + MMAP_FLAGS + "]`";
        } else if (where instanceof Munmap) {
            message = "unexpected " + found + " in munmap; it is written `munmap ADDR [SIZE]`";
        } else if (where instanceof Mprotect) {
            message = "unexpected " + found + " in mprotect; it is written `mprotect ADDR [SIZE] PROT` (PROT like r-x)";
        } else if (where instanceof org.mmdsl.mmdsl.Task) {
            message = "unexpected " + found + "; " + processSteps();
        } else if (where instanceof KernelBlock) {
            message = "unexpected " + found + "; " + kernelSteps(grammar);
        } else if (where instanceof org.mmdsl.mmdsl.Kthread) {
            message = "unexpected " + found + "; inside `kthread NAME < ... >` the steps are kernel steps (read, write, "
                    + "kmalloc, kfree, alloc_pages, vmalloc, kmap, ..., show " + ShowTargets.of(grammar.getKernelStatementRule())
                    + ")";
        } else if (where instanceof Boot) {
            message = "unexpected " + found + "; boot options are ram SIZE, arch " + ARCHES + ", "
                    + "split " + SPLITS + ", highmem [on|off|SIZE], vmalloc SIZE, mem SIZE, reservetop SIZE, cpus N, "
                    + "kernel VERSION, tlb N entries N ways, swap SIZE";
        } else if (where == null || where.eContainer() == null) {
            message = "unexpected " + found + "; " + statements();
        } else {
            message = "unexpected " + found + " (" + context.getDefaultMessage() + ")";
        }
        return new SyntaxErrorMessage(message, MmdslIssue.SYNTAX.id);
    }

    private static final java.util.Set<String> EXPECTATION_KINDS = java.util.Set.of("ok", "fail", "errno", "fault",
            "value", "==", "address", "warning");

    /**
     * Whether the parser stopped at an attached expectation ({@code expect fail} ...) where the statement
     * before takes none: at {@code expect} itself followed by an expectation kind (a block that has no
     * standalone expect), or at the kind right after {@code expect} (where {@code expect} began a
     * standalone check). Does not look further back than those two visible tokens.
     */
    private static boolean misplacedExpectation(RecognitionException e, Token token) {
        if (token == null || !(e.input instanceof org.antlr.runtime.TokenStream)) {
            return false;
        }
        org.antlr.runtime.TokenStream in = (org.antlr.runtime.TokenStream) e.input;
        int at = token.getTokenIndex();
        if (at < 0 || at >= in.size()) {
            return false;
        }
        if ("expect".equals(token.getText())) {
            Token next = visible(in, at, +1);
            return next != null && EXPECTATION_KINDS.contains(next.getText());
        }
        Token prev = visible(in, at, -1);
        return EXPECTATION_KINDS.contains(token.getText()) && prev != null && "expect".equals(prev.getText());
    }

    /** The nearest token on the default channel from index {@code at} in direction {@code step}, or null. */
    private static Token visible(org.antlr.runtime.TokenStream in, int at, int step) {
        for (int i = at + step; i >= 0 && i < in.size(); i += step) {
            Token t = in.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t;
            }
        }
        return null;
    }
}
