/**
 * {@code mmdsl grade}: scores students' submissions of an exercise against its key (issue 13 point 2).
 * {@link org.mmdsl.grade.Key} loads the key and its questions (the expectations written {@code ? ANSWER},
 * {@link org.mmdsl.interpreter.Blanks}); {@link org.mmdsl.grade.Statements} cuts a parsed file into the
 * tokens compared; {@link org.mmdsl.grade.Grader} aligns a submission with the key, builds the graded text
 * (the key with the student's answers), validates and runs it and scores each question; the other classes
 * write the reports (terminal table, TAP, JUnit XML, Gradescope, PrairieLearn, CSV, JSON). Uses the
 * language's parser, validators and interpreter; the command line ({@code cli.GradeCommand}) drives it.
 */
package org.mmdsl.grade;
