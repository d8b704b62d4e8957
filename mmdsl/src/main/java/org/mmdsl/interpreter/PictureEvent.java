package org.mmdsl.interpreter;

import org.mmdsl.picture.Picture;
import org.mmdsl.runtime.event.Event;

/**
 * {@code show picture KIND}: the picture built from the machine at that step ({@link Picture}, read-only).
 * A plain run prints its title and short text form, as it prints a {@code show}'s output; {@code mmdsl run
 * --pictures DIR} also writes it as SVG.
 */
public record PictureEvent(Picture picture) implements Event {

    @Override
    public Kind kind() {
        return Kind.OUTPUT;
    }

    /** "picture maps: maps of init (pid 1)". */
    @Override
    public String message() {
        return "picture " + picture.kind().word() + ": " + picture.title();
    }
}
