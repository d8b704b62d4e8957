package org.mmdsl.interpreter;

import org.eclipse.emf.ecore.EObject;
import org.mmdsl.runtime.event.Event;

/**
 * An event of a run tied to the statement that caused it. {@code expected} is true when an expectation
 * of that statement announced this outcome (a fault or an errno), so front ends show it as information
 * rather than as a problem.
 */
public record RunEvent(EObject cause, Event event, boolean expected) {
}
