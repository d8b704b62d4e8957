package org.mmdsl.ide.contentassist;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Xtext's content-assist contexts, with {@link #canBeCalledAfter} remembered. For every follow element of
 * the text before the cursor, Xtext climbs the node model from the cursor's model object and asks at each
 * level whether the follow element can come after the last complete node in that rule: a walk of the
 * grammar (CallHierarchyHelper) each time, allocating sets per alternative. A JFR profile of LspLatency
 * (issue 15) put three quarters of a completion's CPU time there, against a fifth in the parse itself.
 *
 * <p>The answer depends on the grammar only: the rule, the previous and the next grammar element, and the
 * previous node's text, which CallHierarchyHelper compares (while it has no previous grammar element) with
 * keywords' values and nothing else. So the key holds that text only when some keyword of the grammar
 * spells it, and the cache is bounded by the grammar (the pairs that occur, a few thousand at most).
 */
public class MmdslContentAssistContextFactory extends ContentAssistContextFactory {

    @Inject
    private Answers answers;

    @Override
    protected boolean canBeCalledAfter(AbstractRule rule, EObject previousGrammarElement, String previousText,
            EObject nextGrammarElement) {
        String text = previousGrammarElement == null && answers.keywords.contains(previousText) ? previousText : null;
        Key key = new Key(rule, previousGrammarElement, text, nextGrammarElement);
        Boolean known = answers.map.get(key);
        if (known == null) {
            known = super.canBeCalledAfter(rule, previousGrammarElement, previousText, nextGrammarElement);
            answers.map.put(key, known);
        }
        return known;
    }

    /** Grammar elements compare by identity (EObjectImpl does not override equals). */
    private record Key(AbstractRule rule, EObject previous, String previousText, EObject next) {
    }

    /** The remembered answers, one map per language (the grammar is loaded once per injector). */
    @Singleton
    static class Answers {
        final Map<Key, Boolean> map = new ConcurrentHashMap<>();
        final Set<String> keywords;

        @Inject
        Answers(IGrammarAccess grammar) {
            keywords = GrammarUtil.getAllKeywords(grammar.getGrammar());
        }
    }
}
