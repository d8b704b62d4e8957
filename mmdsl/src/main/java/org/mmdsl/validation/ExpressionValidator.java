package org.mmdsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.Binary;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.ReadCheck;
import org.mmdsl.mmdsl.ValueExpectation;

/**
 * The operators of address and size expressions ({@code buf >> 12}, {@code (pfn << 12) + 0x10}), on the
 * kernel's unsigned long:
 * <ul>
 * <li>an operation C leaves undefined with a constant right operand: {@code / 0}, {@code % 0}, a shift by
 * 64 or more (computed operands are the run's: interpreter/Exprs skips the statement with the same words);</li>
 * <li>{@code &} and {@code |} beside {@code ==} ({@code expect read buf & 0xff == 1}, {@code expect == x | 1}):
 * in C {@code ==} binds tighter than both, in mmdsl {@code ==} is not an operator, so the same text would
 * mean two things; parentheses say which.</li>
 * </ul>
 */
public class ExpressionValidator extends MmdslCheckBase {

    @Check
    public void checkUndefined(Binary b) {
        Long r = Exprs.constant(b.getRight());
        if (r == null || b.getOp() == null || Exprs.undefinedWith(b.getOp(), r) == null) {
            return;
        }
        String message = "/".equals(b.getOp()) || "%".equals(b.getOp())
                ? "`" + text(b) + "` divides by zero, which C leaves undefined: divide by a number other than 0"
                : "`" + text(b) + "` shifts by " + Long.toUnsignedString(r) + ": a value is 64 bits (unsigned long) and C "
                        + "leaves a shift by 64 or more undefined; shift by 0..63";
        report(MmdslIssue.UNDEFINED_ARITHMETIC, message, b, MmdslPackage.Literals.BINARY__RIGHT);
    }

    @Check
    public void checkReadCheck(ReadCheck c) {
        needsParentheses(c.getAddress(), "expect read (" + text(c.getAddress()) + ") == ...");
        needsParentheses(c.getValue(), "expect read ... == (" + text(c.getValue()) + ")");
    }

    @Check
    public void checkValue(ValueExpectation v) {
        INode node = NodeModelUtils.getNode(v);
        boolean compare = node != null && node.getText().trim().startsWith("==");
        if (compare) {
            needsParentheses(v.getValue(), "expect == (" + text(v.getValue()) + ")");
        }
    }

    /** An unparenthesized {@code &} or {@code |} at the top of {@code e}, which stands beside {@code ==}. */
    private void needsParentheses(Expr e, String instead) {
        if (!(e instanceof Binary b) || !("&".equals(b.getOp()) || "|".equals(b.getOp())) || parenthesized(e)) {
            return;
        }
        report(MmdslIssue.OPERATOR_NEEDS_PARENTHESES, "`" + b.getOp() + "` beside `==` needs parentheses: in C `==` "
                + "binds tighter than `" + b.getOp() + "`, so `" + text(e) + "` next to `==` reads two ways; write `"
                + instead + "`", e.eContainer(), e.eContainingFeature());
    }

    /** Whether the text of {@code e} is one parenthesized group, {@code (a & b)}. */
    static boolean parenthesized(EObject e) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(e);
        if (node == null) {
            return false;
        }
        int depth = 0;
        boolean first = true;
        ILeafNode last = null;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (leaf.isHidden()) {
                continue;
            }
            if (first && !"(".equals(leaf.getText())) {
                return false;
            }
            if (!first && depth == 0) {
                return false; // the first group closed before the end: (a) & (b)
            }
            first = false;
            depth += "(".equals(leaf.getText()) ? 1 : ")".equals(leaf.getText()) ? -1 : 0;
            last = leaf;
        }
        return last != null && depth == 0;
    }

    private static String text(EObject e) {
        INode node = NodeModelUtils.findActualNodeFor(e);
        return node == null ? "" : NodeModelUtils.getTokenText(node);
    }
}
