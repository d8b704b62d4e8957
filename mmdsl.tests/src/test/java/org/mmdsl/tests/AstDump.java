package org.mmdsl.tests;

import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * A compact, stable text form of a parsed scenario for snapshot tests: one line per object, indented by
 * depth, with its set attributes (and every enum attribute and number literal, even at their defaults) and the text of its cross-references.
 */
final class AstDump {
    private AstDump() {
    }

    static String dump(EObject root) {
        StringBuilder sb = new StringBuilder();
        dump(root, 0, sb);
        return sb.toString();
    }

    private static void dump(EObject o, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(o.eClass().getName());
        for (EAttribute a : o.eClass().getEAllAttributes()) {
            // enum attributes are printed even at their default literal (plus, maps, start)
            if (o.eIsSet(a) || a.getEAttributeType() instanceof org.eclipse.emf.ecore.EEnum && !a.isMany()
                    || o instanceof org.mmdsl.mmdsl.NumberLiteral) {
                Object v = o.eGet(a);
                if (v instanceof Long) {
                    v = "0x" + Long.toHexString((Long) v);
                }
                sb.append(' ').append(a.getName()).append('=').append(v);
            }
        }
        for (EReference r : o.eClass().getEAllReferences()) {
            if (!r.isContainment() && o.eIsSet(r)) {
                List<INode> nodes = NodeModelUtils.findNodesForFeature(o, (EStructuralFeature) r);
                sb.append(' ').append(r.getName()).append("->")
                        .append(nodes.isEmpty() ? "?" : NodeModelUtils.getTokenText(nodes.get(0)));
            }
        }
        sb.append('\n');
        for (EObject c : o.eContents()) {
            dump(c, depth + 1, sb);
        }
    }
}
