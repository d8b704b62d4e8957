package org.mmdsl.parser;

import java.util.stream.Collectors;

import org.antlr.runtime.CommonToken;
import org.antlr.runtime.MismatchedTokenException;
import org.antlr.runtime.MissingTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.mmdsl.ast.Block;
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

    /**
     * "boot options are ram SIZE, arch i386|i386 pae|x86_64|x86_64 la57, ...": each alternative of the
     * grammar's BootOption rule as it is written ({@link GrammarShape}), the architectures with their
     * paging variants from the vocabulary.
     */
    private String bootOptions() {
        return "boot options are " + GrammarShape.alternatives(grammar.getBootOptionRule()).stream()
                .map(s -> s.startsWith("arch ") ? "arch " + ARCHES : s).collect(Collectors.joining(", "));
    }

    /** How the boot option {@code keyword} belongs to is written ("pti on|off"), or "". */
    private static String optionShape(ILeafNode keyword) {
        if (!(keyword.getGrammarElement() instanceof org.eclipse.xtext.AbstractElement e)) {
            return "";
        }
        ParserRule rule = (ParserRule) org.eclipse.xtext.GrammarUtil.containingRule(e);
        return rule.getName().endsWith("Option") ? "; it is written `" + GrammarShape.of(rule.getAlternatives()) + "`"
                : "";
    }

    /**
     * The boot option a value word belongs to: 'x86_64' -> "arch", 'madvise' -> "thp", 'off' -> "highmem" (the
     * first option in grammar order that takes it right after its keyword).
     */
    private String optionOf(String word) {
        for (org.eclipse.xtext.AbstractElement alt : ((org.eclipse.xtext.Alternatives) grammar.getBootOptionRule()
                .getAlternatives()).getElements()) {
            if (!(alt instanceof org.eclipse.xtext.RuleCall rc) || !(rc.getRule() instanceof ParserRule r)
                    || !(r.getAlternatives() instanceof org.eclipse.xtext.Group g)) {
                continue;
            }
            java.util.List<org.eclipse.xtext.AbstractElement> parts = g.getElements();
            for (int i = 0; i + 1 < parts.size(); i++) {
                if (parts.get(i) instanceof org.eclipse.xtext.Keyword k) {
                    java.util.Set<String> words = new java.util.LinkedHashSet<>();
                    Expected.first(parts.get(i + 1), new java.util.LinkedHashSet<>(), words);
                    if (words.contains(word)) {
                        return k.getValue();
                    }
                    break;
                }
            }
        }
        return null;
    }

    /**
     * "'kmalloc' is a kernel step ..." when {@code word} starts a statement of the other kind of block than
     * the one around {@code where} (a kernel service in a process, a system call in a kernel block), else null.
     */
    private String misplacedStep(EObject where, String word) {
        java.util.Set<String> process = FirstKeywords.of(grammar.getProcessStatementRule());
        java.util.Set<String> kernel = FirstKeywords.of(grammar.getKernelStatementRule());
        boolean inProcess = where instanceof org.mmdsl.mmdsl.Task || where instanceof org.mmdsl.mmdsl.Repeat
                || where instanceof org.mmdsl.mmdsl.ForkBlock;
        boolean inKernel = where instanceof KernelBlock || where instanceof org.mmdsl.mmdsl.Kthread;
        if (inProcess && kernel.contains(word) && !process.contains(word)) {
            return "'" + word + "' is a kernel service: it is written in `kernel < ... >` or a `kthread NAME < ... >`; "
                    + "a process reaches the kernel through its system calls (mmap, brk, munmap, ...)";
        }
        if (inKernel && process.contains(word) && !kernel.contains(word)) {
            return "'" + word + "' is a process's system call: it is written in `process NAME < ... >`; "
                    + kernelSteps(grammar);
        }
        return null;
    }

    /**
     * "expect fault" when {@code prev} is in an expectation attached to the statement that starts with
     * {@code first} (the last `expect` and the word after it before {@code prev}), else the statement's word.
     */
    private static String attachedExpectation(ILeafNode first, ILeafNode prev) {
        String name = first.getText();
        ILeafNode expect = null;
        boolean after = false;
        for (ILeafNode l : prev.getRootNode().getLeafNodes()) {
            if (l.getOffset() < first.getOffset() || l.isHidden()) {
                continue;
            }
            if (l.getOffset() > prev.getOffset()) {
                break;
            }
            if (after) {
                name = "expect " + l.getText();
                after = false;
            }
            if ("expect".equals(l.getText()) && l.getGrammarElement() instanceof org.eclipse.xtext.Keyword) {
                expect = l;
                name = "expect";
                after = true;
            }
        }
        return expect == null ? first.getText() : name;
    }

    /** Whether {@code leaf} was read as part of the boot statement. */
    private static boolean inBoot(ILeafNode leaf) {
        for (INode n = leaf; n != null; n = n.getParent()) {
            if (n.getGrammarElement() instanceof org.eclipse.xtext.AbstractElement e
                    && "Boot".equals(org.eclipse.xtext.GrammarUtil.containingRule(e).getName())) {
                return true;
            }
        }
        return false;
    }

    /** Prefix of the issue-data entry that moves a syntax error: {@code at:OFFSET:LENGTH} (MmdslResourceValidator). */
    public static final String AT = "at:";

    /**
     * The message of a syntax error, in this order: a lexer error (an unterminated string); a keyword written
     * as a name; an expectation after a statement that takes none; the file ending inside a block; a number
     * run into letters (0xb7ffg000); a statement left incomplete (what the grammar takes after its last word,
     * {@link Expected}: on that word when the parser only noticed on a later line); a block not closed before
     * a top-level statement; otherwise the steps the block takes. Each names what was expected and, when a
     * word is near one of them, suggests it ("did you mean").
     */
    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        RecognitionException e = context.getRecognitionException();
        Token token = e == null ? null : e.token;
        if (e == null) {
            return lexerError(context);
        }
        String found = token == null || token.getType() == Token.EOF ? "end of file"
                : "'" + token.getText() + "'";
        EObject where = context.getCurrentContext();
        INode current = context.getCurrentNode();
        ILeafNode prev = current == null ? null : previousLeaf(current.getRootNode(), token);
        boolean sameLine = prev != null && token != null && token.getType() != Token.EOF && prev.getEndLine() == token.getLine();
        String message;
        String[] data = null;
        String reserved = sameLine || prev == null ? ReservedName.message(context, token) : null;
        Expected.Next next = prev == null || prev.getGrammarElement() == null ? null : Expected.after(prev);
        if (afterLexerError(e, token)) {
            // the parser's recovery from the word the lexer could not read (an unterminated string): that
            // error is the mistake, this one is dropped (MmdslResourceValidator)
            message = "unexpected " + found + " after the error before it";
            data = new String[] {CONSEQUENCE};
        } else if (reserved != null) {
            message = reserved;
        } else if (misplacedExpectation(e, token)) {
            message = "unexpected " + found + ": `expect ok|fail|errno|fault|value|address|warning` belongs to the "
                    + "statement before it, and that statement takes none (let, show, translate, invlpg, "
                    + "flush_tlb_all, exit); standing alone an expectation is "
                    + "`expect [TASK] read ADDR == V` or `expect zone NAME start|end|spanned|present|managed|min|low|high|free N`";
        } else if (token != null && token.getType() == Token.EOF && e instanceof MismatchedTokenException
                && context.getDefaultMessage().contains("'>'")) {
            message = isBlock(where) ? "expected '>' before the end of file: " + opening(where) + " is not closed"
                    : "the file ends inside a block: a `>` is missing to close it";
        } else if (sameLine && token instanceof CommonToken t && t.getStartIndex() == prev.getEndOffset()
                && Character.isLetterOrDigit(token.getText().charAt(0)) && Character.isDigit(prev.getText().charAt(0))) {
            String number = prev.getText() + token.getText();
            message = "'" + number + "' is no number: '" + token.getText().charAt(0) + "' is no "
                    + (prev.getText().matches("0[xX].*") ? "hex digit (0-9, a-f)" : "digit, nor a unit (B, KB, MB, GB, TB)");
            data = at(prev.getOffset(), t.getStopIndex() + 1 - prev.getOffset());
        } else if (next != null && !next.complete() && !next.items().isEmpty() && next.statement() != null
                && !"<".equals(prev.getText())) {
            String statement = next.statement() == null ? null : next.statement().getText();
            String expected = "expected " + or(next.items()) + " after '" + prev.getText() + "'";
            String how = "boot".equals(statement) ? optionShape(prev) : written(statement);
            if ("kernel".equals(statement) && "kernel".equals(prev.getText()) && sameLine
                    && token.getText().matches("[0-9]+")) {
                // `boot ... kernel 6`: a version without its dot is no VERSION, so `kernel` began a kernel block
                message = "unexpected '" + token.getText() + "' after 'kernel': a kernel version is written with its "
                        + "dot, " + or(java.util.Arrays.stream(org.mmdsl.runtime.arch.KernelModel.values())
                                .map(m -> m.label).collect(Collectors.toList()))
                        + " (`boot ... kernel 6.1`); a kernel block is `kernel < ... >`";
            } else if (!sameLine) {
                message = (statement == null ? "incomplete statement" : "incomplete " + statement) + ": " + expected
                        + how;
                data = at(prev.getOffset(), prev.getLength());
            } else {
                String near = NearestWord.of(token.getText(), next.words());
                String suggestion = near != null ? "; did you mean '" + near + "'?"
                        : e instanceof MissingTokenException && next.items().size() == 1
                                && next.items().iterator().next().startsWith("'")
                                        ? "; did you mean `" + prev.getText() + " " + next.words().iterator().next() + " "
                                                + token.getText() + "`?"
                                        : "";
                message = "unexpected " + found + (statement == null ? "" : " in " + statement) + ": " + expected
                        + ("mmap".equals(statement) ? "" : how) + suggestion;
            }
        } else if (token != null && token.getType() != Token.EOF && TOP_ONLY.contains(token.getText())
                && isBlock(where)) {
            message = "expected '>' before " + found + ": " + opening(where) + " is not closed";
        } else if (token != null && token.getType() != Token.EOF && misplacedStep(where, token.getText()) != null) {
            message = misplacedStep(where, token.getText());
        } else if (sameLine && next != null && next.complete() && next.statement() != null && !inBoot(prev)
                && !"<".equals(prev.getText()) && !">".equals(prev.getText())) {
            // a word after a statement that could end: what the statement takes there, or the end of the line
            String statement = attachedExpectation(next.statement(), prev);
            String near = NearestWord.of(token.getText(), next.words());
            java.util.List<String> comes = next.items().stream().filter(i -> !i.matches("'[^a-zA-Z_]+'"))
                    .collect(Collectors.toCollection(java.util.ArrayList::new)); // operators go without saying
            comes.add("the end of the statement");
            message = "unexpected " + found + " in " + statement + ": after '" + prev.getText() + "' comes " + or(comes)
                    + (near != null ? "; did you mean '" + near + "'?" : didYouMean(token, candidates(where)));
        } else if (sameLine && inBoot(prev)) {
            String option = optionOf(token.getText());
            message = "unexpected " + found + " in boot; " + bootOptions() + (option != null
                    ? "; did you mean `" + option + " " + token.getText() + "`?"
                    : didYouMean(token, FirstKeywords.of(grammar.getBootOptionRule())));
        } else {
            message = "unexpected " + found + blockSteps(where, context) + didYouMean(token, candidates(where));
        }
        return data == null ? new SyntaxErrorMessage(message, MmdslIssue.SYNTAX.id)
                : new SyntaxErrorMessage(message, MmdslIssue.SYNTAX.id, data);
    }

    private static boolean isBlock(EObject o) {
        return Block.of(o) != null || o instanceof org.mmdsl.mmdsl.Repeat || o instanceof org.mmdsl.mmdsl.ForkBlock;
    }

    /** "`process p <` (line 1)": a block's words up to its '<', and its line. */
    private static String opening(EObject block) {
        INode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(block);
        if (node == null) {
            return "the block";
        }
        String text = node.getText().strip();
        int lt = text.indexOf('<');
        String head = (lt < 0 ? text : text.substring(0, lt + 1)).replaceAll("\\s+", " ");
        return "`" + head + "` (line " + node.getStartLine() + ")";
    }

    /** The top-level statements that no block takes: before one of them, a block was left open. */
    private static final java.util.Set<String> TOP_ONLY = java.util.Set.of("boot", "process", "thread", "kthread", "file",
            "sysctl");

    /** "; inside `process NAME < ... >` the steps are ..." and the like, or the default message. */
    private String blockSteps(EObject where, IParserErrorContext context) {
        if (where instanceof org.mmdsl.mmdsl.Task) {
            return "; " + processSteps();
        } else if (where instanceof KernelBlock) {
            return "; " + kernelSteps(grammar);
        } else if (where instanceof org.mmdsl.mmdsl.Kthread) {
            return "; inside `kthread NAME < ... >` the steps are kernel steps (read, write, "
                    + "kmalloc, kfree, alloc_pages, vmalloc, kmap, ..., show " + ShowTargets.of(grammar.getKernelStatementRule())
                    + ")";
        } else if (where instanceof Boot) {
            return "; " + bootOptions();
        } else if (where == null || where.eContainer() == null) {
            return "; " + statements();
        } else if (where instanceof Mmap) {
            return " in mmap" + written("mmap");
        } else if (where instanceof Munmap) {
            return " in munmap" + written("munmap");
        } else if (where instanceof Mprotect) {
            return " in mprotect" + written("mprotect");
        }
        return " (" + context.getDefaultMessage() + ")";
    }

    /** The words a statement of the block around {@code where} starts with: the "did you mean" candidates. */
    private java.util.Set<String> candidates(EObject where) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (where instanceof org.mmdsl.mmdsl.Task || where instanceof org.mmdsl.mmdsl.Repeat
                || where instanceof org.mmdsl.mmdsl.ForkBlock) {
            out.addAll(FirstKeywords.of(grammar.getProcessStatementRule()));
        } else if (where instanceof KernelBlock || where instanceof org.mmdsl.mmdsl.Kthread) {
            out.addAll(FirstKeywords.of(grammar.getKernelStatementRule()));
        } else if (where instanceof Boot) {
            out.addAll(FirstKeywords.of(grammar.getBootOptionRule()));
            out.addAll(FirstKeywords.of(grammar.getTopStatementRule()));
        } else if (where == null || where.eContainer() == null) {
            out.addAll(FirstKeywords.of(grammar.getTopStatementRule()));
            out.add("boot");
        }
        return out;
    }

    /** "; it is written `...`" for the statements whose shape is easy to get wrong, else "". */
    private static String written(String statement) {
        if (statement == null) {
            return "";
        }
        return switch (statement) {
            case "mmap" -> "; it is written `mmap [NAME] [at ADDR] SIZE PROT " + MMAP_SHARING
                    + " anon|file \"PATH\" [offset N] [" + MMAP_FLAGS + "]`";
            case "munmap" -> "; it is written `munmap ADDR [SIZE]`";
            case "mprotect" -> "; it is written `mprotect ADDR [SIZE] PROT` (PROT like r-x)";
            case "kmap", "kunmap" -> "; it is written `" + statement + " page PFN`";
            case "fork" -> "; it is written `fork NAME < ... >`";
            default -> "";
        };
    }

    /** "; did you mean 'W'?" when the found word is a likely typo of W, else "". */
    private static String didYouMean(Token token, java.util.Collection<String> words) {
        if (token == null || token.getType() == Token.EOF) {
            return "";
        }
        String near = NearestWord.of(token.getText(), words);
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    /** "a, b or c". */
    private static String or(java.util.Collection<String> items) {
        java.util.List<String> l = new java.util.ArrayList<>(items);
        if (l.size() == 1) {
            return l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " or " + l.get(l.size() - 1);
    }

    private static String[] at(int offset, int length) {
        return new String[] {AT + offset + ":" + length};
    }

    /** Issue data of a syntax error that only follows from the one before it: the validator drops it. */
    public static final String CONSEQUENCE = "consequence";

    /** Whether the last text before {@code token}, blanks and comments aside, is a word the lexer could not read. */
    private static boolean afterLexerError(RecognitionException e, Token token) {
        if (token == null || !(e.input instanceof org.antlr.runtime.TokenStream in)) {
            return false;
        }
        int at = token.getType() == Token.EOF ? in.size() : token.getTokenIndex();
        for (int i = Math.min(at, in.size()) - 1; i >= 0; i--) {
            Token t = in.get(i);
            if (t.getType() == Token.INVALID_TOKEN_TYPE) {
                return true;
            }
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return false;
            }
        }
        return false;
    }

    /** The last token the parser consumed before {@code token}: the visible leaf ending at or before it. */
    private static ILeafNode previousLeaf(ICompositeNode root, Token token) {
        int limit = token instanceof CommonToken t && t.getType() != Token.EOF ? t.getStartIndex() : Integer.MAX_VALUE;
        ILeafNode last = null;
        for (ILeafNode l : root.getLeafNodes()) {
            if (l.getOffset() >= limit) {
                break;
            }
            if (!l.isHidden() && l.getLength() > 0 && l.getSyntaxErrorMessage() == null) {
                last = l;
            }
        }
        return last;
    }

    /** A lexer error: an unterminated string (the usual one), or a character no token starts with. */
    private static SyntaxErrorMessage lexerError(IParserErrorContext context) {
        String d = context.getDefaultMessage();
        String word = badWord(context);
        String message;
        boolean split = word != null && "split".equals(wordBefore(context));
        if (word != null && word.matches("[0-9]+[KMGT]") && !split) {
            // the SIZE and SPLIT terminals both start like this: 1G is neither 1GB nor 1G/3G
            message = "'" + word + "' is no size: a size ends in B, KB, MB, GB or TB (" + word + "B)";
        } else if (word != null && (split || word.matches("[0-9]+G/[0-9]*G?"))) {
            message = "'" + word + "' is no split: a split is written " + SPLITS;
        } else if (d != null && d.contains("expecting '\"'")) {
            message = "unterminated string: expected a closing '\"' on the same line";
        } else if (d != null && d.contains("expecting '*'")) {
            message = "unterminated comment: expected '*/'";
        } else {
            message = "unexpected character" + (d == null ? "" : " (" + d + ")");
        }
        return new SyntaxErrorMessage(message, MmdslIssue.SYNTAX.id);
    }

    /**
     * The word the lexer could not read: the text from the end of the last node the parser built (the
     * error's current node) to the next blank, or null. Xtext gives a lexer error no token, only this node.
     */
    private static String badWord(IParserErrorContext context) {
        INode node = context.getCurrentNode();
        if (node == null) {
            return null;
        }
        String text = node.getRootNode().getText();
        int i = node.getEndOffset();
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return i < j ? text.substring(i, j) : null;
    }

    /** The word before the one the lexer could not read ("split" in `split 3G`), or null. */
    private static String wordBefore(IParserErrorContext context) {
        INode node = context.getCurrentNode();
        if (node == null) {
            return null;
        }
        String text = node.getRootNode().getText();
        int j = Math.min(node.getEndOffset(), text.length());
        while (j > 0 && Character.isWhitespace(text.charAt(j - 1))) {
            j--;
        }
        int i = j;
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i < j ? text.substring(i, j) : null;
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
