/**
 * The events a run emits: the single record of what happened (a fault, a mapped frame, a failed call
 * with its errno, a kernel message, a failed expectation). The runtime emits them through an
 * {@link org.mmdsl.runtime.event.EventSink}; the interpreter in the language module attaches each to the
 * statement that caused it. Front ends (CLI, language server, tests) only render events and runtime state.
 *
 * <p>Events are immutable records with no reference into live runtime objects, so a report can be
 * rendered after the run ended.
 *
 * <p>Layer: just above uapi and arch, whose types (Signal, SiCode, arch.Access) and primitive data
 * are all an event holds, so every package from memblock up can emit one.
 */
package org.mmdsl.runtime.event;
