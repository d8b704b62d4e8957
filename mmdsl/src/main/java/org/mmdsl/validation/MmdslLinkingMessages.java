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
        return new DiagnosticMessage(message, Severity.ERROR, MmdslIssue.UNKNOWN_NAME.id);
    }
}
