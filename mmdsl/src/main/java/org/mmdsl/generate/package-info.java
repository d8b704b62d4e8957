/**
 * Seeded problems (issue 13 point 3): {@code mmdsl generate TOPIC --seed N} writes fresh exercises, one class
 * per topic ({@link org.mmdsl.generate.WalkTopic}, {@link org.mmdsl.generate.ZonesTopic},
 * {@link org.mmdsl.generate.VmaTopic}, {@link org.mmdsl.generate.KmapTopic}), the same text for
 * the same topic, seed, options and mmdsl version ({@link java.util.SplittableRandom}, no time, no hash
 * order). The questions are blanks ({@code ?}); no answer is computed here: {@link org.mmdsl.generate.Keys}
 * fills them in from a run of the exercise through the blanks machinery (interpreter.Blanks), as
 * {@code mmdsl answers} does. The command line lives in org.mmdsl.cli (GenerateCommand).
 */
package org.mmdsl.generate;
