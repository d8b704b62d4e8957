package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * The questions and blanks of an exercise. A question is an expectation or state check written with
 * {@code ?} (the grammar's {@code blank?='?'}); a blank is a question without its answer ({@code expect
 * address ?}), a key's question has one ({@code expect address ? 0xb7ff6000}) and is judged as the answer
 * alone would be. {@code worth N} gives a question its points ({@link #points}, default 1). Reads the AST
 * and the node model; runs nothing. The answers
 * come from a run's {@link BlankAnswer} events (recorded by ExpectationJudge); the CLI's {@code answers}
 * command and the run summary use this class.
 */
public final class Blanks {
    private Blanks() {
    }

    /** Whether {@code o} is a question: an expectation or check written with {@code ?}, answered or not. */
    public static boolean isQuestion(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature("blank");
        return f != null && Boolean.TRUE.equals(o.eGet(f));
    }

    /** Whether {@code o} is a blank: a question whose answer is not written ({@code expect address ?}). */
    public static boolean isBlank(EObject o) {
        return isQuestion(o) && !isAnswered(o);
    }

    /**
     * Whether {@code o}'s answer is written (its answer feature is set: {@link #answerFeature}), with or
     * without a {@code ?} before it.
     */
    public static boolean isAnswered(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature(answerFeature(o));
        return f != null && o.eIsSet(f);
    }

    /**
     * The feature that holds the answer of an expectation or check: {@code signal} of {@code expect fault},
     * {@code errno} of {@code expect errno}, {@code address} of {@code expect address}, {@code text} of {@code expect maps}, {@code line} of {@code expect
     * maps has}, else {@code value}
     * ({@code expect value}, {@code expect read ... ==}, {@code expect zone ...}). A new kind of question
     * whose answer is not {@code value} adds its line here.
     */
    public static String answerFeature(EObject o) {
        return switch (o.eClass().getName()) {
            case "FaultExpectation" -> "signal";
            case "ErrnoExpectation" -> "errno";
            case "AddressExpectation" -> "address";
            case "TlbExpectation" -> "result";
            case "NotPresentExpectation" -> "level";
            case "VmaExpectation" -> Boolean.TRUE.equals(o.eGet(o.eClass().getEStructuralFeature("none"))) ? "none" : "start";
            case "PteCheck" -> Boolean.TRUE.equals(o.eGet(o.eClass().getEStructuralFeature("pfn"))) ? "value" : "flags";
            case "PageCheck" -> o.eGet(o.eClass().getEStructuralFeature("counter")) == null
                    && !Boolean.TRUE.equals(o.eGet(o.eClass().getEStructuralFeature("hasNode"))) ? "zone" : "value";
            case "MapsCheck" -> "text";
            case "MapsLineCheck" -> "line";
            default -> "value";
        };
    }

    /** The points of a question: its {@code worth N}, else 1. */
    public static int points(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature("points");
        return f != null && o.eIsSet(f) ? (Integer) o.eGet(f) : 1;
    }

    /** The blanks (unanswered questions) under {@code root}, in text order. */
    public static List<EObject> of(EObject root) {
        List<EObject> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (TreeIterator<EObject> it = root.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (isBlank(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** The {@code ?} of a blank in the text: its offset and length, or null without a node model. */
    public static int[] questionMark(EObject blank) {
        EStructuralFeature f = blank.eClass().getEStructuralFeature("blank");
        List<INode> nodes = f == null ? List.of() : NodeModelUtils.findNodesForFeature(blank, f);
        if (nodes.isEmpty()) {
            return null;
        }
        INode n = nodes.get(0);
        return new int[] {n.getOffset(), n.getLength()};
    }

    /** The answers the run recorded for {@code blank}, in run order (several when a loop ran it again). */
    public static List<BlankAnswer> answers(Run run, EObject blank) {
        List<BlankAnswer> out = new ArrayList<>();
        for (RunEvent re : run.events()) {
            if (re.cause() == blank && re.event() instanceof BlankAnswer a) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * One blank as a key sees it: where its {@code ?} is and what the run answered there, in run
     * order (empty: the run never reached it).
     */
    public record Filled(int offset, int length, List<BlankAnswer> answers) {
        /** The first answer, or null when the run gave none (not reached, or nothing to give). */
        public String answer() {
            return answers.isEmpty() ? null : answers.get(0).answer();
        }
    }

    /** The questions (answered or not) under {@code root}, in text order. */
    public static List<EObject> questions(EObject root) {
        List<EObject> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (TreeIterator<EObject> it = root.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (isQuestion(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The key of an exercise: {@code text} (the exercise's whole text, as parsed into {@code root})
     * with every blank's {@code ?} followed by the first answer {@code run} gave it ({@code expect address
     * ? 0xb7ff6000}: the key keeps which expectations are questions, for {@code mmdsl grade}); a blank
     * without one stays {@code ?}. Every other character is the exercise's. Each blank with its answers is
     * shown to {@code each} in text order, so a caller can note or refuse what stayed blank. Does not
     * run anything and does not judge the key (run --strict does).
     */
    public static String key(String text, EObject root, Run run, java.util.function.Consumer<Filled> each) {
        StringBuilder key = new StringBuilder(text.length() + 64);
        int copied = 0;
        for (EObject blank : of(root)) {
            int[] q = questionMark(blank);
            if (q == null) {
                continue;
            }
            Filled f = new Filled(q[0], q[1], answers(run, blank));
            each.accept(f);
            key.append(text, copied, q[0] + q[1]);
            if (f.answer() != null) {
                key.append(' ').append(f.answer());
            }
            copied = q[0] + q[1];
        }
        return key.append(text, copied, text.length()).toString();
    }
}
