package org.mmdsl.parser;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;

/**
 * The words that may follow {@code show} where a statement rule applies (a process block, a kernel
 * block or kthread, the top level), read from the grammar itself, so a message that lists them cannot
 * drift from what parses: `show buddyinfo` in a kernel block, `show active_mm`, `show pagemap` in a
 * process. Does not say which model has a target (`show mmap_cache` is 2.6's): the validator does.
 */
public final class ShowTargets {
    private ShowTargets() {
    }

    /** The targets of {@code show} among the statements of {@code rule}, joined with '|', in grammar order. */
    public static String of(ParserRule rule) {
        return String.join("|", list(rule));
    }

    /** As {@link #of(ParserRule)}, as a list. */
    public static List<String> list(ParserRule rule) {
        Set<String> out = new LinkedHashSet<>();
        collect(rule.getAlternatives(), out, new java.util.HashSet<>());
        return List.copyOf(out);
    }

    /** Follows rule calls through alternatives down to the rules that start with the keyword `show`. */
    private static void collect(AbstractElement e, Set<String> out, Set<AbstractRule> seen) {
        if (e instanceof RuleCall call) {
            AbstractRule r = call.getRule();
            if (r instanceof ParserRule && seen.add(r)) {
                collect(r.getAlternatives(), out, seen);
            }
        } else if (e instanceof Alternatives alts) {
            for (AbstractElement a : alts.getElements()) {
                collect(a, out, seen);
            }
        } else if (e instanceof Group g) {
            // a rule may open with an action ({PageTableDump} 'show' 'pagetables' ...): skip it
            List<AbstractElement> els = g.getElements();
            int i = !els.isEmpty() && els.get(0) instanceof Action ? 1 : 0;
            if (els.size() > i + 1 && els.get(i) instanceof Keyword k && "show".equals(k.getValue())) {
                words(els.get(i + 1), out);
            }
        }
    }

    /** The keywords an element accepts: a keyword, or the literals of an enum rule assigned there. */
    private static void words(EObject e, Set<String> out) {
        if (e instanceof Keyword k) {
            out.add(k.getValue());
        } else if (e instanceof Assignment a) {
            words(a.getTerminal(), out);
        } else if (e instanceof RuleCall call && call.getRule() instanceof EnumRule en) {
            words(en.getAlternatives(), out);
        } else if (e instanceof Alternatives alts) {
            for (AbstractElement a : alts.getElements()) {
                words(a, out);
            }
        } else if (e instanceof EnumLiteralDeclaration lit) {
            out.add(lit.getLiteral().getValue());
        }
    }
}
