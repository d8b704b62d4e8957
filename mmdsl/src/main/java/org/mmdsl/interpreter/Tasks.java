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

    public static String name(Task t) {
        return t instanceof Process ? ((Process) t).getName() : ((Thread) t).getName();
    }

    /** The task this one was forked or cloned from, or {@code null} for a process started on its own. */
    public static Task parent(Task t) {
        return t instanceof Process ? ((Process) t).getParent() : ((Thread) t).getParent();
    }

    public static List<ProcessStatement> statements(Task t) {
        return t instanceof Process ? ((Process) t).getStatements() : ((Thread) t).getStatements();
    }
}
