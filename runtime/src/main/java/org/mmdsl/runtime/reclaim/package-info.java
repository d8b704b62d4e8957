/**
 * Reclaim: the swap area and the swap-out of anonymous pages (mm/swapfile.c, mm/swap_state.c,
 * mm/vmscan.c). A swapped-out page leaves a swap entry in its pte (encoded by {@code arch.SwapOps},
 * swapops.h); the fault path in {@code fault} (do_swap_page()) reads it back. Reclaim holds the anon LRU aging, kswapd,
 * direct reclaim and the OOM killer (mm/vmscan.c, mm/oom_kill.c).
 */
package org.mmdsl.runtime.reclaim;
