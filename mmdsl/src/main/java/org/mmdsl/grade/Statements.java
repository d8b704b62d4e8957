package org.mmdsl.grade;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.interpreter.Blanks;

/**
 * A parsed scenario cut into statements as grading compares them: each statement's non-hidden tokens
 * (comments and white space do not count), where every expectation that can be a question (its class
 * has the grammar's {@code blank} feature: {@link Blanks#isQuestion}) contributes its words up to the
 * answer and then one answer <em>slot</em>; its {@code ?}, its answer and its {@code worth N} are not
 * words. The answer runs from after the {@code ?} (or, without one, from the first token of the feature
 * {@link Blanks#answerFeature} names) to {@code worth} or the end of the expectation: the grammar puts the
 * answer last in every question. Generic over kinds of question: it reads the node model and Blanks,
 * never a list of expectation classes.
 *
 * <p>A statement is an object of a grammar {@code statements} list (top level, in a process, thread, fork,
 * repeat, kernel block or kthread) or the {@code boot} line; a block's own tokens ({@code process init <},
 * {@code >}, the expectations after it) are its statement, the statements inside are their own. Reads the
 * AST and node model of a resource that parsed; does not validate or run anything.
 */
final class Statements {
    private Statements() {
    }

    /** The kinds of token: a word, an answer slot, or the slot of a question (in a key: any answer fits). */
    enum Kind {
        WORD, SLOT, QUESTION
    }

    /** One compared token: a word's text, or a slot with its answer's tokens joined by single spaces. */
    record Token(Kind kind, String text) {
    }

    /**
     * The answer part of an expectation that can be a question. {@code markOffset}: where its {@code ?}
     * is (-1: none); {@code start}..{@code end}: the answer's source text (equal: no answer); {@code text}:
     * the answer's tokens joined by single spaces ("" when unanswered), {@code source} as written (white space
     * collapsed); {@code prompt}: the expectation's
     * words with {@code ?} ("expect address ?"); {@code points}: its {@code worth N}, else 1.
     */
    record Slot(EObject owner, boolean question, int markOffset, int start, int end, String text, String source,
            String prompt, int line, int points) {
        boolean answered() {
            return !text.isEmpty();
        }
    }

    /** A statement: its first line, its compared tokens, its slots in text order, and how a report shows it. */
    record Statement(int line, List<Token> tokens, List<Slot> slots, String shown, String shownAsKey) {
    }

    /** Whether a key's statement and a submission's are the same but for the answers of the key's questions. */
    static boolean same(Statement key, Statement submission) {
        List<Token> a = key.tokens();
        List<Token> b = submission.tokens();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Token k = a.get(i);
            Token s = b.get(i);
            if (k.kind() == Kind.WORD || s.kind() == Kind.WORD) {
                if (k.kind() != s.kind() || !k.text().equals(s.text())) {
                    return false;
                }
            } else if (k.kind() == Kind.SLOT && !k.text().equals(s.text())) {
                return false; // an answer the key gives as a fact, not as a question: the student may not change it
            }
        }
        return true;
    }

    /** The statements of a resource that parsed, in text order. */
    static List<Statement> of(XtextResource resource) {
        ICompositeNode root = resource.getParseResult().getRootNode();
        EObject scenario = resource.getContents().get(0);
        String text = root.getText();
        Map<EObject, SlotSpan> spans = new IdentityHashMap<>();
        for (TreeIterator<EObject> it = scenario.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (o.eClass().getEStructuralFeature("blank") != null) {
                spans.put(o, SlotSpan.of(o, text));
            }
        }
        Map<EObject, Builder> builders = new LinkedHashMap<>();
        Map<SlotSpan, StringBuilder> prompts = new IdentityHashMap<>();
        EObject lastStatement = null;
        boolean space = false;
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.isHidden() || leaf.getLength() == 0) {
                space |= leaf.isHidden();
                continue;
            }
            boolean spaceBefore = space;
            space = false;
            EObject semantic = NodeModelUtils.findActualSemanticObjectFor(leaf);
            EObject statement = statementOf(semantic);
            Builder b = builders.computeIfAbsent(statement, s -> new Builder(leaf.getStartLine()));
            if (lastStatement != null && lastStatement != statement && !b.items.isEmpty()) {
                b.gap = true; // a block's own tokens around the statements inside it
            }
            lastStatement = statement;
            int offset = leaf.getOffset();
            SlotSpan span = spanAt(offset, spans);
            if (span != null) {
                if (offset == span.markOffset || span.worthOffset >= 0 && offset >= span.worthOffset
                        || offset >= span.start) {
                    continue; // the ?, worth N and the answer are the slot's
                }
                StringBuilder prompt = prompts.computeIfAbsent(span, k -> new StringBuilder());
                prompt.append(prompt.length() > 0 && spaceBefore ? " " : "").append(leaf.getText());
            }
            b.add(offset, new Token(Kind.WORD, leaf.getText()), spaceBefore);
        }
        for (SlotSpan span : spans.values()) {
            Builder b = builders.get(statementOf(span.owner));
            if (b == null) {
                continue;
            }
            StringBuilder prompt = prompts.getOrDefault(span, new StringBuilder());
            Slot slot = span.slot(text, prompt.append(prompt.length() > 0 ? " ?" : "?").toString());
            b.addSlot(span.start, slot);
        }
        List<Statement> out = new ArrayList<>();
        for (Builder b : builders.values()) {
            out.add(b.build());
        }
        return out;
    }

    /** The statement {@code o} belongs to: the nearest object in a {@code statements} list, or the boot line. */
    private static EObject statementOf(EObject o) {
        for (EObject c = o; c != null; c = c.eContainer()) {
            EStructuralFeature f = c.eContainingFeature();
            if (f != null && (f.getName().equals("statements") || f.getName().equals("boot"))) {
                return c;
            }
            if (c.eContainer() == null) {
                return c;
            }
        }
        return o;
    }

    /**
     * The expectation whose text holds {@code offset}, from its {@code expect} on (the node model's actual node
     * of the object, which takes in the keyword of the rule that calls its own), or null.
     */
    private static SlotSpan spanAt(int offset, Map<EObject, SlotSpan> spans) {
        for (SlotSpan s : spans.values()) {
            if (offset >= s.nodeStart && offset < s.nodeEnd) {
                return s;
            }
        }
        return null;
    }

    /** Where the parts of one expectation that can be a question are in the text. */
    private record SlotSpan(EObject owner, int nodeStart, int nodeEnd, int markOffset, int start, int end, int worthOffset,
            String words) {
        static SlotSpan of(EObject o, String text) {
            INode node = NodeModelUtils.getNode(o);
            int nodeEnd = node.getEndOffset();
            EStructuralFeature blank = o.eClass().getEStructuralFeature("blank");
            List<INode> marks = NodeModelUtils.findNodesForFeature(o, blank);
            int mark = marks.isEmpty() ? -1 : marks.get(0).getOffset();
            int markEnd = marks.isEmpty() ? -1 : marks.get(0).getEndOffset();
            int worth = -1;
            int lastBeforeAnswer = node.getOffset();
            for (ILeafNode leaf : node.getLeafNodes()) {
                if (!leaf.isHidden() && leaf.getGrammarElement() instanceof Keyword k && k.getValue().equals("worth")) {
                    worth = leaf.getOffset();
                    break;
                }
            }
            int limit = worth >= 0 ? worth : nodeEnd;
            int start;
            if (mark >= 0) {
                start = markEnd;
            } else {
                EStructuralFeature answer = o.eClass().getEStructuralFeature(Blanks.answerFeature(o));
                List<INode> answerNodes = answer == null || !o.eIsSet(answer) ? List.of()
                        : NodeModelUtils.findNodesForFeature(o, answer);
                start = answerNodes.isEmpty() ? -1 : answerNodes.get(0).getOffset();
                if (start < 0) {
                    for (ILeafNode leaf : node.getLeafNodes()) { // no answer: the slot follows the last word
                        if (!leaf.isHidden() && leaf.getOffset() < limit) {
                            lastBeforeAnswer = leaf.getEndOffset();
                        }
                    }
                    start = lastBeforeAnswer;
                }
            }
            StringBuilder words = new StringBuilder();
            int first = -1;
            int last = -1;
            for (ILeafNode leaf : node.getLeafNodes()) {
                int off = leaf.getOffset();
                if (leaf.isHidden() || leaf.getLength() == 0 || off < start || off >= limit || off == mark) {
                    continue;
                }
                if (first < 0) {
                    first = off;
                }
                last = leaf.getEndOffset();
                words.append(words.length() == 0 ? "" : " ").append(leaf.getText());
            }
            if (first < 0) {
                first = start;
                last = start;
            }
            INode actual = NodeModelUtils.findActualNodeFor(o);
            return new SlotSpan(o, Math.min(actual.getOffset(), node.getOffset()), Math.max(actual.getEndOffset(), nodeEnd), mark,
                    first, last, worth, words.toString());
        }

        Slot slot(String text, String prompt) {
            int line = NodeModelUtils.getNode(owner).getStartLine();
            String source = text.substring(start, end).replaceAll("\\s+", " ");
            return new Slot(owner, Blanks.isQuestion(owner), markOffset, start, end, words, source, prompt, line,
                    Blanks.points(owner));
        }
    }

    /** Collects one statement's tokens in text order. */
    private static final class Builder {
        final int line;
        final List<long[]> order = new ArrayList<>(); // offset, index in items
        final List<Object> items = new ArrayList<>();
        boolean gap;
        final List<Integer> gaps = new ArrayList<>();

        Builder(int line) {
            this.line = line;
        }

        final List<Integer> spaced = new ArrayList<>();

        void add(int offset, Token t, boolean spaceBefore) {
            if (gap) {
                gaps.add(items.size());
                gap = false;
            }
            if (spaceBefore) {
                spaced.add(items.size());
            }
            order.add(new long[] {offset, items.size()});
            items.add(t);
        }

        void addSlot(int offset, Slot s) {
            order.add(new long[] {offset, items.size()});
            items.add(s);
        }

        Statement build() {
            List<long[]> sorted = new ArrayList<>(order);
            sorted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            List<Token> tokens = new ArrayList<>();
            List<Slot> slots = new ArrayList<>();
            StringBuilder shown = new StringBuilder();
            StringBuilder asKey = new StringBuilder();
            for (long[] o : sorted) {
                int index = (int) o[1];
                Object item = items.get(index);
                if (gaps.contains(index)) {
                    shown.append(" ...");
                    asKey.append(" ...");
                }
                if (item instanceof Token t) {
                    tokens.add(t);
                    String sep = spaced.contains(index) ? " " : "";
                    shown.append(shown.length() == 0 ? "" : sep).append(t.text());
                    asKey.append(asKey.length() == 0 ? "" : sep).append(t.text());
                } else {
                    Slot s = (Slot) item;
                    slots.add(s);
                    tokens.add(new Token(s.question() ? Kind.QUESTION : Kind.SLOT, s.text()));
                    String mine = (s.markOffset() >= 0 ? "?" : "") + (s.answered() ? (s.markOffset() >= 0 ? " " : "") + s.source() : "");
                    if (!mine.isEmpty()) {
                        shown.append(shown.length() == 0 ? "" : " ").append(mine);
                    }
                    String key = s.question() ? "?" : s.source();
                    if (!key.isEmpty()) {
                        asKey.append(asKey.length() == 0 ? "" : " ").append(key);
                    }
                }
            }
            return new Statement(line, tokens, slots, shown.toString(), asKey.toString());
        }
    }
}
