package org.mmdsl.interpreter;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * The blanks of an exercise: every expectation or state check written with {@code ?} in its answer's
 * place (the grammar's {@code blank?='?'}). Reads the AST and the node model; runs nothing. The answers
 * come from a run's {@link BlankAnswer} events (recorded by ExpectationJudge); the CLI's {@code answers}
 * command and the run summary use this class.
 */
public final class Blanks {
    private Blanks() {
    }

    /** Whether {@code o} is an expectation or check whose answer is blank. */
    public static boolean isBlank(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature("blank");
        return f != null && Boolean.TRUE.equals(o.eGet(f));
    }

    /** The blanks under {@code root}, in text order. */
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

    /**
     * The key of an exercise: {@code text} (the exercise's whole text, as parsed into {@code root})
     * with every blank's {@code ?} replaced by the first answer {@code run} gave it; a blank without
     * one stays {@code ?}. Every other character is the exercise's. Each blank with its answers is
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
            key.append(text, copied, q[0]).append(f.answer() == null ? "?" : f.answer());
            copied = q[0] + q[1];
        }
        return key.append(text, copied, text.length()).toString();
    }
}
