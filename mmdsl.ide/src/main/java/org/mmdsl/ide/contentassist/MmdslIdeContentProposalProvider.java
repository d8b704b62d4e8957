package org.mmdsl.ide.contentassist;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.hover.KernelDocs;
import org.mmdsl.parser.Expected;
import org.mmdsl.parser.FirstKeywords;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.runtime.Vocabulary.WordSet;
import org.mmdsl.runtime.pagealloc.GfpFlag;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.runtime.uapi.Madv;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;
import org.mmdsl.runtime.zone.ZoneType;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;

/**
 * Completion beyond the grammar's keywords and the handles and tasks in scope (which Xtext proposes from
 * the cross references): where the grammar takes a vocabulary word as an ID ({@link GrammarWords}), the
 * set's words: errno names after {@code expect errno}, signals and si_codes after {@code expect fault},
 * zone names after {@code expect zone}, GFP flags of kmalloc/kzalloc/kvmalloc and alloc_pages (also
 * after {@code |}), madvise advice; the protections (r--, rw-, r-x, rwx, ---) where a PROT goes, mmap's sharing
 * (private, shared) and other datatype rules' keywords, which Xtext leaves out; never the placeholder of a
 * feature's name ({@code name}, {@code prot}) that Xtext offers for a terminal. Every proposal fits what is
 * typed before the cursor ({@code r}, {@code pr}), and punctuation comes only after no word or a whole one
 * (never after {@code GFP_}). Keywords carry their kernel doc line.
 *
 * <p>A statement typed halfway, {@code mmap} alone on its line, makes Xtext expect the rest of that
 * statement on the next line: {@code wri} there would be the mmap's name (a keyword in full,
 * {@code write}, is never an ID, so it ends the mmap with a syntax error instead). When the cursor's word
 * starts its line, the statement keywords of the enclosing block are proposed as well.
 */
public class MmdslIdeContentProposalProvider extends IdeContentProposalProvider {

    @Inject
    private MmdslGrammarAccess grammar;

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        WordSet set = GrammarWords.idSet(GrammarUtil.containingRule(assignment).getName(), assignment.getFeature());
        if (set == null) {
            AbstractElement terminal = assignment.getTerminal();
            AbstractRule rule = terminal instanceof RuleCall rc ? rc.getRule() : null;
            if (rule instanceof TerminalRule) {
                // Xtext proposes the feature's name here (`name`, `prot`), a placeholder the parser would
                // take as a word: the protections instead, and nothing where the user names or numbers something
                if ("PROT".equals(rule.getName())) {
                    proposeProtections(context, acceptor);
                }
                return;
            }
            if (rule instanceof ParserRule p && GrammarUtil.isDatatypeRule(p)) {
                // a datatype rule of keywords (mmap's private|shared|shared_validate, arch i386|x86_64):
                // Xtext proposes nothing for it
                for (String keyword : FirstKeywords.of(p)) {
                    if (keyword.startsWith(context.getPrefix())) {
                        acceptKeyword(keyword, context, acceptor);
                    }
                }
                return;
            }
            super._createProposals(assignment, context, acceptor);
            return;
        }
        List<String[]> names = new ArrayList<>();
        for (KernelWord w : set.words()) {
            // SIGKILL: no memory access raises it, the validator refuses it there; a keyword (mm->brk) is proposed as one
            if (w != Signal.SIGKILL && !GrammarUtil.getAllKeywords(grammar.getGrammar()).contains(w.word())) {
                names.add(new String[] {w.word(), detail(w)});
            }
        }
        for (String[] n : names) {
            if (n[0].startsWith(context.getPrefix())) {
                ContentAssistEntry entry = getProposalCreator().createProposal(n[0], context);
                if (entry != null) {
                    entry.setDescription(n[1]);
                    entry.setKind(ContentAssistEntry.KIND_VALUE);
                    acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
                }
            }
        }
    }

    /**
     * The protections (r--, rw-, r-x, rwx, ---) that start with what is typed before the cursor, letters and
     * dashes (Xtext's prefix stops at a dash); each replaces that text.
     */
    private void proposeProtections(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        String typed = typed(context, "[A-Za-z0-9_-]");
        for (String prot : Expected.PROTS) {
            if (prot.startsWith(typed)) {
                ContentAssistEntry entry = new ContentAssistEntry();
                entry.setPrefix(typed);
                entry.setProposal(prot);
                entry.setLabel(prot);
                entry.setDescription(protDescription(prot));
                entry.setKind(ContentAssistEntry.KIND_VALUE);
                acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
            }
        }
    }

    /** r-x: PROT_READ|PROT_EXEC; ---: PROT_NONE (include/uapi/asm-generic/mman-common.h). */
    static String protDescription(String prot) {
        List<String> bits = new ArrayList<>();
        if (prot.charAt(0) == 'r') {
            bits.add("PROT_READ");
        }
        if (prot.charAt(1) == 'w') {
            bits.add("PROT_WRITE");
        }
        if (prot.charAt(2) == 'x') {
            bits.add("PROT_EXEC");
        }
        return bits.isEmpty() ? "PROT_NONE" : String.join("|", bits);
    }

    /** The characters matching {@code charClass} right before the cursor: what the user is typing. */
    private static String typed(ContentAssistContext context, String charClass) {
        String text = context.getRootNode().getText();
        int end = Math.min(context.getOffset(), text.length());
        int start = end;
        while (start > 0 && String.valueOf(text.charAt(start - 1)).matches(charClass)) {
            start--;
        }
        return text.substring(start, end);
    }

    /** The detail line of a vocabulary word: its kernel name and value, or what it belongs to. */
    private static String detail(KernelWord w) {
        if (w instanceof Signal s) {
            return "signal " + s.number;
        } else if (w instanceof SiCode c) {
            return c.signal == null ? "si_code" : "si_code of " + c.signal;
        } else if (w instanceof GfpFlag) {
            return String.format("gfp_t 0x%x (include/linux/gfp_types.h)", w.value());
        } else if (w instanceof Madv) {
            return w.kernelName() + " = " + w.value() + " (mm/madvise.c)";
        } else if (w instanceof Errno e) {
            return e.description;
        } else if (w instanceof ZoneType) {
            return w.kernelName();
        }
        return w.kernelName() + ": " + w.doc();
    }

    @Override
    protected void _createProposals(Keyword keyword, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        // `prot 0x7` (raw PROT bits) parses, but the protections are proposed instead of its keyword
        if (!filterKeyword(keyword, context) || "prot".equals(keyword.getValue())) {
            return;
        }
        acceptKeyword(keyword.getValue(), context, acceptor);
    }

    private void acceptKeyword(String keyword, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(keyword, context);
        if (entry != null) {
            entry.setKind(ContentAssistEntry.KIND_KEYWORD);
            String doc = KernelDocs.of(keyword);
            if (doc != null) {
                entry.setDescription(doc);
            }
            acceptor.accept(entry, getProposalPriorities().getKeywordPriority(keyword, entry));
        }
    }

    /** A proposal held until all contexts have made theirs (see {@link #flushTyped}). */
    private record Held(ContentAssistEntry entry, int priority) {
    }

    /**
     * Passes on the held proposals that fit what is typed before the cursor: Xtext also completes after the
     * typed word as if it were whole, so `GFP_` got `|` and `>`, and a word that does not start with the typed
     * one would replace nothing and be glued to it. A word proposal must start with the typed word;
     * punctuation comes only after no word or a whole one (a word some proposal spells exactly: GFP_KERNEL|).
     */
    private static void flushTyped(ContentAssistContext context, List<Held> held, IIdeContentProposalAcceptor acceptor) {
        String typed = typed(context, "[A-Za-z0-9_]");
        boolean whole = typed.isEmpty() || held.stream().anyMatch(h -> h.entry().getProposal().equals(typed));
        for (Held h : held) {
            String p = h.entry().getProposal();
            boolean word = !p.isEmpty() && (Character.isLetterOrDigit(p.charAt(0)) || p.charAt(0) == '_');
            String prefix = h.entry().getPrefix() == null ? "" : h.entry().getPrefix();
            if (word ? p.startsWith(prefix) && prefix.endsWith(typed) : whole) {
                acceptor.accept(h.entry(), h.priority());
            }
        }
    }

    /** Xtext's proposals, filtered by what is typed, then the enclosing block's statement keywords when the cursor's word starts its line. */
    @Override
    public void createProposals(Collection<ContentAssistContext> contexts, IIdeContentProposalAcceptor acceptor) {
        Set<String> proposed = new HashSet<>();
        List<Held> held = new ArrayList<>();
        IIdeContentProposalAcceptor recording = new IIdeContentProposalAcceptor() {
            @Override
            public void accept(ContentAssistEntry entry, int priority) {
                if (entry != null) {
                    proposed.add(entry.getProposal());
                    held.add(new Held(entry, priority));
                }
            }

            @Override
            public boolean canAcceptMoreProposals() {
                return acceptor.canAcceptMoreProposals();
            }
        };
        super.createProposals(contexts, recording);
        if (!contexts.isEmpty()) {
            flushTyped(contexts.iterator().next(), held, acceptor);
        }
        for (ContentAssistContext context : contexts) {
            if (!startsItsLine(context)) {
                continue;
            }
            for (String keyword : statementKeywords(context)) {
                if (keyword.startsWith(context.getPrefix()) && proposed.add(keyword)) {
                    acceptKeyword(keyword, context, acceptor);
                }
            }
        }
    }

    private static boolean startsItsLine(ContentAssistContext context) {
        String text = context.getRootNode().getText();
        int i = Math.min(context.getOffset() - context.getPrefix().length(), text.length()) - 1;
        for (; i >= 0 && text.charAt(i) != '\n'; i--) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The first keywords of the statements the block around the cursor takes (process, thread, kernel, top). */
    private Set<String> statementKeywords(ContentAssistContext context) {
        Block block = Block.of(Block.enclosing(context.getCurrentModel()));
        AbstractRule rule = block == null ? grammar.getTopStatementRule()
                : block.isTask() ? grammar.getProcessStatementRule() : grammar.getKernelStatementRule();
        return FirstKeywords.of(rule);
    }
}
