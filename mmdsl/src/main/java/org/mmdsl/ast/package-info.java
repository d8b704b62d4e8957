/**
 * The questions the editor services and the validators ask of any statement, each answered once through
 * the generated {@link org.mmdsl.mmdsl.util.MmdslSwitch}: which block a statement is or stands in
 * ({@link org.mmdsl.ast.Block}), and what it can report, so which {@code expect} fits it
 * ({@link org.mmdsl.ast.StatementResult}). Runs nothing: the interpreter dispatches statements in its own
 * switches (interpreter.ProcessStatementSwitch, KernelStatementSwitch); expressions are read by
 * interpreter.Exprs.
 */
package org.mmdsl.ast;
