package org.mmdsl.parser;

import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.UnorderedGroup;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.mmdsl.runtime.Vocabulary.WordSet;

/**
 * What the grammar takes next after the last word the parser consumed: the syntax error's "expected ...".
 * Read from the Xtext grammar at the consumed word's grammar element, climbing the node model through the
 * rule calls while the rule can end there (after {@code mmap}: a NAME, at, a size or '('; after
 * {@code mmap buf 4KB}: a protection or prot). It stops at the statement: what may follow a complete
 * statement (the next statement, '>') is not listed. Works for any rule, so a new statement needs no edit.
 */
public final class Expected {
    private Expected() {
    }

    /**
     * What may come after a consumed word: {@code items} (keywords quoted, terminals described, in grammar
     * order), whether the statement may end there ({@code complete}), and the statement's first word (null
     * outside a statement).
     */
    public record Next(Set<String> items, Set<String> words, boolean complete, ILeafNode statement) {
    }

    /** What the grammar takes after {@code leaf}. */
    public static Next after(ILeafNode leaf) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> words = new LinkedHashSet<>();
        EObject element = leaf.getGrammarElement();
        INode node = leaf;
        boolean complete = true;
        while (element instanceof AbstractElement e) {
            if (!followInRule(e, out, words)) {
                complete = false;
                break;
            }
            // the rule can end here: what follows its call in the calling rule
            ICompositeNode parent = node.getParent();
            while (parent != null && (parent.getGrammarElement() == null || parent.getGrammarElement() == element
                    || parent.getGrammarElement() instanceof Action)) {
                parent = parent.getParent();
            }
            if (parent == null || !(parent.getGrammarElement() instanceof RuleCall rc) || isStatementCall(rc)) {
                break;
            }
            node = parent;
            element = rc;
        }
        // the statement around the leaf: the outermost composite below a block's statement call
        ILeafNode start = null;
        for (ICompositeNode p = leaf.getParent(); p != null; p = p.getParent()) {
            if (p.getGrammarElement() instanceof RuleCall rc && isStatementCall(rc) || isBootNode(p)) {
                for (ILeafNode l : p.getLeafNodes()) {
                    if (!l.isHidden()) {
                        start = l;
                        break;
                    }
                }
                break;
            }
        }
        if (leaf.getGrammarElement() instanceof RuleCall rc && rc.getRule().getName().equals("SIZE")) {
            out.removeAll(java.util.List.of("'page'", "'pages'")); // 16KB pages: the unit follows a bare count only
            words.removeAll(java.util.List.of("page", "pages"));
        }
        return new Next(out, words, complete, start);
    }

    /**
     * Whether {@code p} is the node of the boot statement: it starts with an action ({Boot}), so its node
     * carries that action, not the rule call that a statement's node carries.
     */
    private static boolean isBootNode(ICompositeNode p) {
        return p.getGrammarElement() instanceof Action a && "Boot".equals(GrammarUtil.containingRule(a).getName());
    }

    private static boolean isStatementCall(RuleCall rc) {
        Assignment a = GrammarUtil.containingAssignment(rc);
        String caller = GrammarUtil.containingRule(rc).getName();
        return caller.endsWith("Statement") || caller.equals("Scenario")
                || a != null && ("statements".equals(a.getFeature()) || "boot".equals(a.getFeature()));
    }

    /** Adds what may follow {@code e} inside its rule; true when the rule may end after {@code e}. */
    private static boolean followInRule(AbstractElement e, Set<String> out, Set<String> words) {
        AbstractElement cur = e;
        while (true) {
            if (isMany(cur)) {
                first(cur, out, words);
            }
            EObject parent = cur.eContainer();
            if (parent instanceof Group g) {
                int i = g.getElements().indexOf(cur);
                for (int j = i + 1; j < g.getElements().size(); j++) {
                    if (!first(g.getElements().get(j), out, words)) {
                        return false;
                    }
                }
            } else if (parent instanceof UnorderedGroup u) {
                for (AbstractElement x : u.getElements()) {
                    if (x != cur) {
                        first(x, out, words);
                    }
                }
            }
            if (!(parent instanceof AbstractElement)) {
                return true;
            }
            cur = (AbstractElement) parent;
        }
    }

    private static boolean isMany(AbstractElement e) {
        return "*".equals(e.getCardinality()) || "+".equals(e.getCardinality());
    }

    /**
     * Adds the first items of {@code e} to {@code out} and the words a user may type there to {@code words}
     * (keywords, protections, vocabulary words); true when {@code e} can match nothing (so what follows it
     * is next too).
     */
    static boolean first(AbstractElement e, Set<String> out, Set<String> words) {
        boolean empty = firstOf(e, out, words, new java.util.HashSet<>());
        return empty || GrammarUtil.isOptionalCardinality(e);
    }

    private static boolean firstOf(AbstractElement e, Set<String> out, Set<String> words, Set<AbstractRule> seen) {
        boolean optional = GrammarUtil.isOptionalCardinality(e);
        boolean empty;
        if (e instanceof Keyword k) {
            out.add("'" + k.getValue() + "'");
            words.add(k.getValue());
            empty = false;
        } else if (e instanceof EnumLiteralDeclaration l) {
            out.add("'" + l.getLiteral().getValue() + "'");
            words.add(l.getLiteral().getValue());
            empty = false;
        } else if (e instanceof Action) {
            empty = true;
        } else if (e instanceof CrossReference c) {
            out.add(c.getType().getClassifier().getName().equals("Task") ? "a task's name" : "a name");
            empty = false;
        } else if (e instanceof Assignment a) {
            WordSet set = GrammarWords.idSet(GrammarUtil.containingRule(a).getName(), a.getFeature());
            if (set != null) {
                out.add(article(set.name()));
                set.words().forEach(w -> words.add(w.word()));
                empty = false;
            } else if ("name".equals(a.getFeature())) {
                out.add("a NAME");
                empty = false;
            } else {
                empty = firstOf(a.getTerminal(), out, words, seen);
            }
        } else if (e instanceof RuleCall rc) {
            AbstractRule r = rc.getRule();
            if (r instanceof TerminalRule) {
                out.add(describe(r.getName()));
                if (r.getName().equals("PROT")) {
                    words.addAll(PROTS);
                }
                empty = false;
            } else if (r.getName().equals("Number")) {
                out.add("a number (4096, 0x3a000, 16KB)");
                empty = false;
            } else if (r.getName().equals("Expr")) {
                out.add("an address or value");
                empty = false;
            } else if ((r instanceof ParserRule || r instanceof EnumRule) && seen.add(r)) {
                empty = firstOf(r.getAlternatives(), out, words, seen);
            } else {
                empty = false;
            }
        } else if (e instanceof Alternatives alt) {
            empty = false;
            for (AbstractElement x : alt.getElements()) {
                empty |= firstOf(x, out, words, seen);
            }
        } else if (e instanceof UnorderedGroup u) {
            empty = true;
            for (AbstractElement x : u.getElements()) {
                empty &= firstOf(x, out, words, seen);
            }
        } else if (e instanceof Group g) {
            empty = true;
            for (AbstractElement x : g.getElements()) {
                if (!firstOf(x, out, words, seen)) {
                    empty = false;
                    break;
                }
            }
        } else {
            empty = false;
        }
        return empty || optional;
    }

    /** The protections the PROT terminal spells, as a scenario writes them most. */
    public static final java.util.List<String> PROTS = java.util.List.of("r--", "rw-", "r-x", "rwx", "---");

    private static String article(String setName) {
        String singular = setName.endsWith("s") ? setName.substring(0, setName.length() - 1) : setName;
        return (singular.matches("(?i)[aeiou].*") ? "an " : "a ") + singular;
    }

    /** A terminal in the words of the docs. */
    static String describe(String terminal) {
        return switch (terminal) {
            case "ID" -> "a name";
            case "INT" -> "a number";
            case "HEX" -> "a hex number (0x3a000)";
            case "SIZE" -> "a size (16KB)";
            case "PROT" -> "a protection (r--, rw-, r-x, rwx, ---)";
            case "STRING" -> "a \"string\"";
            case "TEXT_BLOCK" -> "a \"\"\"text block\"\"\"";
            case "VERSION" -> "a version (6.1)";
            case "SPLIT" -> "a split (3G/1G)";
            default -> terminal;
        };
    }
}
