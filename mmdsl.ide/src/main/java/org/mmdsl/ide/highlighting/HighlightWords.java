package org.mmdsl.ide.highlighting;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.xtext.GrammarUtil;
import org.mmdsl.parser.FirstKeywords;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.services.MmdslGrammarAccess;

/**
 * The words every editor colours, in five classes read from the Xtext grammar's keywords and the runtime
 * vocabulary, so that the TextMate grammar ({@code org.mmdsl.ide.textmate.TextMateGrammar}), the Vim syntax
 * file ({@link VimSyntax}) and the Emacs mode ({@link EmacsMode}) colour the same words the same way:
 * <ul>
 * <li>{@link #control}: the words that open a top-level statement that is no step, a boot option or a
 * check (boot, process, kernel, expect, ram, fault);</li>
 * <li>{@link #functions}: the words that open a process or kernel step, the kernel's function names (mmap,
 * read, write, exec, kmalloc, kfree, kmap_atomic, __va);</li>
 * <li>{@link #flags}: the vocabulary's words the grammar spells as keywords or enum literals (mmap flags,
 * sharing, msync flags, show targets, boot architectures);</li>
 * <li>{@link #constants}: the vocabulary's capitalised words the grammar takes as IDs (errnos, signals, si_codes,
 * GFP flags, km_types, zones, open flags, seals, resource limits); its lower-case ones (advice, pte flags, mm
 * fields, watermarks such as {@code high}) are also good handle names, so a pattern-based editor leaves them
 * to the names (the server's semantic tokens tell them apart);</li>
 * <li>{@link #others}: every other keyword of the grammar (at, for, value, page).</li>
 * </ul>
 * Any other word is a name the scenario declares (a handle or a task). The five sets are disjoint.
 */
public final class HighlightWords {
    public final Set<String> control = new TreeSet<>();
    public final Set<String> functions = new TreeSet<>();
    public final Set<String> flags = new TreeSet<>();
    public final Set<String> constants = new TreeSet<>();
    public final Set<String> others = new TreeSet<>();

    /** The word classes of {@code grammar} and the vocabulary. */
    public HighlightWords(MmdslGrammarAccess grammar) {
        Set<String> all = new TreeSet<>(GrammarUtil.getAllKeywords(grammar.getGrammar()));
        all.removeIf(w -> !isWord(w));

        functions.addAll(FirstKeywords.of(grammar.getProcessStatementRule()));
        functions.addAll(FirstKeywords.of(grammar.getKernelStatementRule()));
        control.addAll(FirstKeywords.of(grammar.getTopStatementRule()));
        control.removeAll(functions); // the top level's own statements: process, kernel, file, sysctl ...
        control.addAll(FirstKeywords.of(grammar.getBootRule()));
        control.addAll(FirstKeywords.of(grammar.getExpectationRule()));
        control.add("fork"); // process child = fork init, fork child < ... >: a task, not a step
        control.add("clone");
        control.add("repeat");
        functions.remove("repeat");
        functions.remove("fork");
        functions.remove("show"); // show opens an observation: a keyword, its targets are flags
        control.add("show");
        Set<Vocabulary.WordSet> idSets = new HashSet<>(GrammarWords.ID_SETS.values());
        idSets.add(Vocabulary.KM_TYPES);
        for (Vocabulary.WordSet set : Vocabulary.SETS) {
            for (KernelWord w : set.words()) {
                if (all.contains(w.word())) {
                    flags.add(w.word());
                } else if (idSets.contains(set) && w.word().matches("[A-Z_][A-Za-z0-9_]*")) {
                    constants.add(w.word());
                }
            }
        }
        control.retainAll(all);
        functions.retainAll(all);
        functions.removeAll(control);
        flags.removeAll(control);
        flags.removeAll(functions);
        others.addAll(all);
        others.removeAll(control);
        others.removeAll(functions);
        others.removeAll(flags);
        constants.removeAll(all);
    }

    /** A word of letters, digits and underscores that is not a number ({@code 32bit} is a word). */
    private static boolean isWord(String w) {
        return w.matches("[A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*");
    }
}
