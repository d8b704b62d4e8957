/**
 * The proc-maps oracle (shared/conformance/proc-maps) in the language: {@link org.mmdsl.oracle.OracleTranslator}
 * turns a driver script into a scenario, {@link org.mmdsl.oracle.OracleRenderer} prints a run of it in the
 * driver's output format, so the recordings can be compared with what the scenario language does.
 */
package org.mmdsl.oracle;
