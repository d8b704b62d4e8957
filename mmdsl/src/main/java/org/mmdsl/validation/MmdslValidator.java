package org.mmdsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;

/**
 * Composes the per-concept validators; holds no checks itself. Simulated outcomes (faults, errnos,
 * failed expectations) are not checks: {@link SimulationDiagnostics} turns a run's events into
 * diagnostics after these static checks pass.
 */
@ComposedChecks(validators = {BootValidator.class, AddressSpaceValidator.class, ExpectationValidator.class,
        KernelMemoryValidator.class, VmCallValidator.class, HighmemValidator.class, KernelModelValidator.class,
        KernelContextValidator.class, KthreadValidator.class, AddressWidthValidator.class, SysctlValidator.class,
        ExpressionValidator.class})
public class MmdslValidator extends AbstractMmdslValidator {
}
