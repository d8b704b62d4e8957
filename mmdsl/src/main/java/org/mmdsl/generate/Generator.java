package org.mmdsl.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes seeded exercises: exercise k (from 1) of a seed draws from the k-th {@link SplittableRandom#split()}
 * of {@code new SplittableRandom(seed)}, so it depends on topic, seed, arch, k and the mmdsl version only
 * (not on --count, the time or hash order). The header records the command that regenerates it.
 */
public final class Generator {

    private static final List<Topic> TOPICS = List.of(new WalkTopic(), new ZonesTopic(), new VmaTopic(),
            new KmapTopic(), new CowTopic(), new BuddyTopic(), new TlbTopic());

    private Generator() {
    }

    /** One generated exercise: its file name without extension, the text with blanks, and its key. */
    public record Exercise(String name, String text, String key) {
    }

    /** The topics' words, in the order --help lists them. */
    public static List<String> topics() {
        return TOPICS.stream().map(Topic::name).toList();
    }

    /** The --arch words {@code topic} can be played on (kmap: the 32-bit ones); empty for an unknown topic. */
    public static List<String> arches(String topic) {
        return TOPICS.stream().filter(x -> x.name().equals(topic)).findFirst()
                .map(t -> java.util.Arrays.stream(GenArch.values()).filter(t::takes).map(a -> a.word).toList())
                .orElse(List.of());
    }

    /**
     * {@code count} exercises of {@code topic}; {@code arch} null lets each draw its paging variant.
     * {@code version} is the line the header records ("mmdsl 0.1.0"). Throws IllegalArgumentException for
     * an unknown topic or an arch the topic does not take.
     */
    public static List<Exercise> generate(String topic, long seed, int count, GenArch arch, String version) {
        Topic t = TOPICS.stream().filter(x -> x.name().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topic + " (topics: "
                        + String.join(", ", topics()) + ")"));
        if (arch != null && !t.takes(arch)) {
            throw new IllegalArgumentException("generate " + topic + " takes --arch " + String.join(" or ", arches(topic)));
        }
        String command = "mmdsl generate " + topic + " --seed " + seed + (count == 1 ? "" : " --count " + count)
                + (arch == null ? "" : " --arch " + arch.word);
        SplittableRandom root = new SplittableRandom(seed);
        List<Exercise> out = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            SplittableRandom rng = root.split();
            String header = "// " + command + (count == 1 ? "" : ": exercise " + k + " of " + count) + "\n"
                    + "// " + version + " (the same command and version write the same text)\n"
                    + "// Task: " + t.task() + ".\n";
            String text = header + "\n" + t.body(rng, arch);
            String key = Keys.of(text).replaceFirst("\n// Task: ", "\n// Key: every ? filled in from a run. Task: ");
            out.add(new Exercise(topic + "-" + seed + (count == 1 ? "" : "-" + k), text, key));
        }
        return out;
    }
}
