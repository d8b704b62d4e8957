package org.mmdsl.interpreter;

import org.mmdsl.runtime.event.Event;

/**
 * A kmap the scenario never undid: kmap() and kunmap() come in pairs (mm/highmem.c). For a highmem
 * page the pkmap slot stays counted, and when all LAST_PKMAP slots are held the next kmap() sleeps on
 * pkmap_map_wait forever. A lowmem page holds nothing: kmap() returned page_address() (the direct map,
 * no pkmap slot) and kunmap() of it returns at once (include/linux/highmem-internal.h), so the message
 * says the pairing is broken, not that a slot leaks. The kernel does not warn about either; this is the
 * scenario's lint.
 */
public record KmapLeak(long pfn, boolean highmem) implements Event {

    @Override
    public Kind kind() {
        return Kind.KERNEL_WARNING;
    }

    @Override
    public String message() {
        return highmem ? String.format("kmap of pfn 0x%x is never kunmap'ed: kmap and kunmap come in pairs; this highmem "
                + "page keeps its pkmap slot, and once every slot is held kmap sleeps forever", pfn)
                : String.format("kmap of pfn 0x%x is never kunmap'ed: kmap and kunmap come in pairs; this lowmem page "
                        + "took no pkmap slot (kmap returned page_address(), the direct map), so nothing is held, but "
                        + "the same code leaks a slot with a highmem page", pfn);
    }
}
