package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/**
 * A kmap the scenario never undid: kmap() and kunmap() come in pairs (mm/highmem.c). For a highmem
 * page the pkmap slot stays counted, and when all LAST_PKMAP slots are held the next kmap() sleeps on
 * pkmap_map_wait forever. The kernel does not warn about it; this is the scenario's lint.
 */
public record KmapLeak(long pfn) implements Event {

    @Override
    public Kind kind() {
        return Kind.KERNEL_WARNING;
    }

    @Override
    public String message() {
        return String.format("kmap of pfn 0x%x is never kunmap'ed: kmap and kunmap come in pairs; a highmem page "
                + "keeps its pkmap slot, and once every slot is held kmap sleeps forever", pfn);
    }
}
