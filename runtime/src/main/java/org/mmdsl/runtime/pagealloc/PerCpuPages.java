package org.mmdsl.runtime.pagealloc;

import org.mmdsl.runtime.arch.KernelModel;

/**
 * The sizes of a zone's per-cpu page lists (struct per_cpu_pages, mm/page_alloc.c). Only the
 * sizes: the lists themselves are not modelled (frames go straight to and from the buddy lists).
 * /proc/zoneinfo prints them (proc.Vmstat); 2.6.24's boot prints the batch ("LIFO batch").
 */
public final class PerCpuPages {
    private PerCpuPages() {
    }

    /**
     * Mirrors mm/page_alloc.c zone_batchsize() of {@code model} for a zone of {@code pages} (6.1:
     * managed pages, at least 1 as zone_set_high_and_batch() takes max(1, batch); 2.6.24: present
     * pages, as setup_pageset() clamps per list, at least 0).
     */
    public static int zoneBatchsize(KernelModel model, long pages) {
        long batch = model == KernelModel.V2_6 ? Math.min(pages / 1024, (512 * 1024) / 4096)
                : Math.min(pages >> 10, (1 << 20) / 4096);
        batch /= 4;
        if (batch < 1) {
            batch = 1;
        }
        batch = Long.highestOneBit(batch + batch / 2) - 1;
        return (int) Math.max(model == KernelModel.V2_6 ? 0 : 1, batch);
    }
}
