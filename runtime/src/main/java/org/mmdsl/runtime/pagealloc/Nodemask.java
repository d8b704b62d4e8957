package org.mmdsl.runtime.pagealloc;

/**
 * nodemask_t as a bit per node in a long (the model boots at most 8 nodes): the printed form of
 * lib/vsprintf.c bitmap_list_string() ("%*pbl": "0-1", "1", "0,2") that page-allocation failures,
 * /proc/PID/numa_maps and /proc/PID/status (Mems_allowed_list) use.
 */
public final class Nodemask {
    private Nodemask() {
    }

    /** %*pbl: runs of set bits as "a-b", single bits as "a", joined by commas; "" for an empty mask. */
    public static String nodelist(long mask) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (n < 64) {
            if ((mask & (1L << n)) == 0) {
                n++;
                continue;
            }
            int end = n;
            while (end + 1 < 64 && (mask & (1L << (end + 1))) != 0) {
                end++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(n);
            if (end > n) {
                sb.append('-').append(end);
            }
            n = end + 1;
        }
        return sb.toString();
    }
}
