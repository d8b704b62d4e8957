package org.mmdsl.ide.contentassist;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Xtext's content-assist contexts, with the text before the cursor parsed from the top-level statement
 * before the cursor's, not from the file's start, and {@link #canBeCalledAfter} remembered (issue 15).
 *
 * <p>Xtext asks the content-assist parser for the follow elements of the whole text before the cursor (up
 * to three times per request): on a 1,031-line scenario a parse of up to a thousand lines each time. A
 * scenario is a sequence of top-level statements (boot first, then processes, threads, kernel blocks, ...),
 * and the parser's state where one begins is the same whatever came before it (Scenario's
 * {@code statements+=TopStatement*} loop; only {@code boot} is taken at the very start, and no top-level
 * statement begins with it). So the text parsed starts at the top-level statement before the one the text
 * ends in ({@link #statementStart}), as the parse of the resource found them, when that parse had no syntax
 * error before it; otherwise the whole text, as Xtext does. {@code ReducedContentAssistTest} compares the
 * contexts of both at every offset of every example. The nodes, models and prefixes of the contexts still
 * come from the resource's whole parse.
 *
 * <p>{@link #canBeCalledAfter}: for every follow element of the text before the cursor, Xtext climbs the node
 * model from the cursor's model object and asks at each level whether the follow element can come after the
 * last complete node in that rule: a walk of the grammar (CallHierarchyHelper) each time, allocating sets per
 * alternative. A JFR profile of LspLatency (issue 15) put three quarters of a completion's CPU time there,
 * against a fifth in the parse itself.
 *
 * <p>The answer depends on the grammar only: the rule, the previous and the next grammar element, and the
 * previous node's text, which CallHierarchyHelper compares (while it has no previous grammar element) with
 * keywords' values and nothing else. So the key holds that text only when some keyword of the grammar
 * spells it, and the cache is bounded by the grammar (the pairs that occur, a few thousand at most).
 */
public class MmdslContentAssistContextFactory extends ContentAssistContextFactory {

    @Inject
    private Answers answers;

    @Inject
    private MmdslGrammarAccess grammar;

    private boolean wholeText;

    /** Parse the whole text before the cursor, as Xtext does (the reference the tests compare with). */
    public MmdslContentAssistContextFactory wholeText() {
        wholeText = true;
        return this;
    }

    @Override
    protected String getInputToParse(String completeInput, int offset) {
        String input = super.getInputToParse(completeInput, offset);
        int from = wholeText ? 0 : statementStart(input.length());
        return from == 0 ? input : input.substring(from);
    }

    /**
     * The offset of the top-level statement before the last one whose first token starts before {@code end}, if
     * the resource parsed without a syntax error before it; else 0. Not the last one itself: the text may end
     * inside its first word, and its first words can also continue the statement before it ({@code kernel}
     * after {@code boot} is a boot option or a kernel block, {@code expect} after a process block is the
     * block's or a statement of its own): with the statement before it in the text, the parser weighs both as
     * on the whole text.
     */
    public int statementStart(int end) {
        ICompositeNode root = parseResult.getRootNode();
        int start = 0;
        int last = 0;
        for (INode child : root.getChildren()) {
            if (child.getOffset() >= end) {
                break;
            }
            if (child instanceof ICompositeNode
                    && child.getGrammarElement() == grammar.getScenarioAccess().getStatementsTopStatementParserRuleCall_2_0()) {
                start = last;
                last = child.getOffset();
            }
        }
        if (start == 0) {
            return 0;
        }
        for (INode error : parseResult.getSyntaxErrors()) {
            SyntaxErrorMessage message = error.getSyntaxErrorMessage();
            if (message != null && error.getTotalOffset() < start) {
                return 0;
            }
        }
        return start;
    }

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
