package org.mmdsl.parser;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.UnorderedGroup;
import org.eclipse.xtext.util.XtextSwitch;

/**
 * The keywords an element of the grammar can start with, read from the grammar itself so that
 * completion (mmdsl.ide content assist) and the syntax-error hints (MmdslSyntaxErrorMessages) offer the
 * same words and cannot drift from what parses. Collected through the generated switch of Xtext's
 * grammar model: a keyword or enum literal itself; what a parser or enum
 * rule called, an assignment's terminal, any alternative starts with; a group's first elements up to
 * the first that is not optional (actions skipped). Terminal rules contribute nothing.
 */
public final class FirstKeywords extends XtextSwitch<Boolean> {
    private final Set<String> out = new LinkedHashSet<>();
    /** The rules already entered (the grammar's rules call each other). */
    private final Set<AbstractRule> seen = new HashSet<>();

    private FirstKeywords() {
    }

    /** The keywords the statements of {@code rule} start with, in grammar order (each once). */
    public static Set<String> of(AbstractRule rule) {
        FirstKeywords first = new FirstKeywords();
        first.collect(rule.getAlternatives());
        return first.out;
    }

    /** Adds the keywords {@code e} can start with (none for null). */
    private void collect(EObject e) {
        if (e != null) {
            doSwitch(e);
        }
    }

    @Override
    public Boolean caseKeyword(Keyword k) {
        out.add(k.getValue());
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseEnumLiteralDeclaration(EnumLiteralDeclaration l) {
        out.add(l.getLiteral().getValue());
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseRuleCall(RuleCall rc) {
        AbstractRule r = rc.getRule();
        if ((r instanceof ParserRule || r instanceof EnumRule) && seen.add(r)) {
            collect(r.getAlternatives());
        }
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseAssignment(Assignment a) {
        collect(a.getTerminal());
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseAlternatives(Alternatives alt) {
        alt.getElements().forEach(this::collect);
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseUnorderedGroup(UnorderedGroup u) {
        u.getElements().forEach(this::collect);
        return Boolean.TRUE;
    }

    @Override
    public Boolean caseGroup(Group g) {
        for (AbstractElement x : g.getElements()) {
            if (x instanceof Action) {
                continue;
            }
            collect(x);
            if (!GrammarUtil.isOptionalCardinality(x)) {
                break;
            }
        }
        return Boolean.TRUE;
    }

    /** Any other element (a cross reference, a terminal's parts): no keyword. */
    @Override
    public Boolean defaultCase(EObject e) {
        return Boolean.TRUE;
    }
}
