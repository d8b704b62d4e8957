package org.mmdsl.picture;

import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;

/**
 * Builds a picture of the machine as it is now (read-only): the one entry point for the interpreter's
 * {@code show picture}, the CLI's {@code mmdsl picture} and, later, the report and the editors.
 */
public final class Pictures {
    private Pictures() {
    }

    /**
     * The picture of {@code kind}. {@code task} is needed for maps and walk (else an
     * IllegalArgumentException says so), {@code vaddr} for walk.
     */
    public static Picture of(Picture.Kind kind, Kernel kernel, Task task, long vaddr) {
        switch (kind) {
            case MAPS:
                return MapsPicture.of(kernel, need(task, kind));
            case WALK:
                return WalkPicture.of(kernel, need(task, kind), vaddr);
            case PHYSICAL:
                return PhysicalPicture.of(kernel);
            case KERNEL:
                return KernelPicture.of(kernel);
            default:
                return BuddyPicture.of(kernel);
        }
    }

    /** The machine in one phrase, as every picture's subtitle and the HTML report name it: "i386, kernel 6.1, 1.5 GB RAM". */
    public static String machine(Kernel kernel) {
        return String.format("%s, kernel %s, %s RAM", kernel.params().arch.name().toLowerCase(java.util.Locale.ROOT)
                .replace("_pae", " pae").replace("_la57", " la57"), kernel.model().release,
                Picture.size(kernel.memory().maxPfn() << 12));
    }

    private static Task need(Task task, Picture.Kind kind) {
        if (task == null) {
            throw new IllegalArgumentException("a picture of " + kind.word() + " needs a task: write `show picture "
                    + kind.word() + (kind == Picture.Kind.WALK ? " ADDR" : "") + " TASK` (or put it in a process block)");
        }
        return task;
    }
}
