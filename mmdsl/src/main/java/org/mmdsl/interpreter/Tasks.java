package org.mmdsl.interpreter;

import java.util.List;

import org.mmdsl.mmdsl.Process;
import org.mmdsl.mmdsl.ProcessStatement;
import org.mmdsl.mmdsl.Task;
import org.mmdsl.mmdsl.Thread;

/**
 * The features every task statement has ({@code process} and {@code thread}): Xtext infers the
 * common supertype {@link Task} without lifting them, so they are read here.
 */
public final class Tasks {
    private Tasks() {
    }

    // Parser recovery can leave a bare Task (neither process nor thread) in a broken file: it has no
    // name, parent or statements.

    public static String name(Task t) {
        return t instanceof Process ? ((Process) t).getName() : t instanceof Thread ? ((Thread) t).getName() : null;
    }

    /** The task this one was forked or cloned from, or {@code null} for a process started on its own. */
    public static Task parent(Task t) {
        return t instanceof Process ? ((Process) t).getParent() : t instanceof Thread ? ((Thread) t).getParent() : null;
    }

    public static List<ProcessStatement> statements(Task t) {
        return t instanceof Process ? ((Process) t).getStatements()
                : t instanceof Thread ? ((Thread) t).getStatements() : List.of();
    }
}
