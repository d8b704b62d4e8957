package org.mmdsl.validation;

import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.mmdsl.mmdsl.MmdslPackage;

/** Unknown names in the scenario's words instead of "Couldn't resolve reference to Handle 'x'". */
public class MmdslLinkingMessages extends LinkingDiagnosticMessageProvider {

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        String name = context.getLinkText();
        String message;
        if (context.getReference() == MmdslPackage.Literals.HANDLE_REF__HANDLE && org.eclipse.xtext.EcoreUtil2
                .getContainerOfType(context.getContext(), org.mmdsl.mmdsl.KernelStatement.class) != null) {
            message = "no kernel object named '" + name + "' is visible here: a kernel handle is the name an earlier "
                    + "kernel statement (`kmalloc NAME ...`, `alloc_pages NAME ...`, `vmalloc NAME ...`) gave";
        } else if (context.getReference() == MmdslPackage.Literals.HANDLE_REF__HANDLE) {
            message = "no mapping named '" + name + "' is visible here: a handle is the name an earlier `mmap NAME ...` "
                    + "of this process (or of the process it was forked or cloned from) gave";
        } else {
            message = "no process or thread named '" + name + "' is defined before this line";
        }
        if (context.getReference() == MmdslPackage.Literals.HANDLE_REF__HANDLE) {
            String where = elsewhere(context.getContext(), name);
            if (where != null) {
                message = "'" + name + "' is not visible here: " + where;
            }
        }
        return new DiagnosticMessage(message, Severity.ERROR, MmdslIssue.UNKNOWN_NAME.id);
    }

    /**
     * Where a handle or let of that name is defined and why this line cannot see it (the scope rules of
     * MmdslScopeProvider), with what to write instead; null when no statement defines the name.
     */
    private static String elsewhere(org.eclipse.emf.ecore.EObject context, String name) {
        org.mmdsl.mmdsl.Scenario scenario = org.eclipse.xtext.EcoreUtil2.getContainerOfType(context,
                org.mmdsl.mmdsl.Scenario.class);
        if (scenario == null) {
            return null;
        }
        org.mmdsl.mmdsl.Handle h = null;
        for (org.mmdsl.mmdsl.Handle c : org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(scenario, org.mmdsl.mmdsl.Handle.class)) {
            if (name.equals(org.mmdsl.interpreter.Exprs.nameOf(c))) {
                h = c;
                break;
            }
        }
        if (h == null) {
            return null;
        }
        int line = line(h);
        int here = line(context);
        String what = h instanceof org.mmdsl.mmdsl.Let ? "`let " + name + "`" : "'" + name + "'";
        org.mmdsl.mmdsl.Task owner = org.eclipse.xtext.EcoreUtil2.getContainerOfType(h, org.mmdsl.mmdsl.Task.class);
        org.mmdsl.mmdsl.Task user = org.eclipse.xtext.EcoreUtil2.getContainerOfType(context, org.mmdsl.mmdsl.Task.class);
        boolean kernel = org.eclipse.xtext.EcoreUtil2.getContainerOfType(context, org.mmdsl.mmdsl.KernelStatement.class) != null;
        if (line >= here && kernel && owner != null) {
            return what + " is on line " + line + ", in " + org.mmdsl.interpreter.Exprs.nameOf(owner) + "'s block, and kernel "
                    + "code sees the `let` names of the process blocks before it: move this kernel statement below that block";
        }
        if (line >= here) {
            return what + " is on line " + line + ", and a name is visible only after the statement that defines it: "
                    + "move line " + line + " above line " + here;
        }
        if (kernel && owner != null) {
            return "'" + name + "' (line " + line + ") is a mapping of " + org.mmdsl.interpreter.Exprs.nameOf(owner)
                    + ", and kernel code sees only kernel handles and the `let` names of earlier process blocks: write `let "
                    + name + "_val = " + name + "` in " + org.mmdsl.interpreter.Exprs.nameOf(owner) + "'s block and use `"
                    + name + "_val` here";
        }
        if (owner != null && user != null && owner != user) {
            return what + " (line " + line + ") belongs to " + org.mmdsl.interpreter.Exprs.nameOf(owner) + "'s block, and a "
                    + "process sees its own names and those of the task it was forked or cloned from: write the value "
                    + "here, or fork this process from " + org.mmdsl.interpreter.Exprs.nameOf(owner);
        }
        if (owner == null && user != null) {
            return "'" + name + "' (line " + line + ") is a kernel object, which a process block cannot name: a process "
                    + "sees its own mappings and `let` names (and those of the task it was forked or cloned from)";
        }
        return null;
    }

    private static int line(org.eclipse.emf.ecore.EObject o) {
        org.eclipse.xtext.nodemodel.INode n = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(o);
        return n == null ? 0 : n.getStartLine();
    }
}
