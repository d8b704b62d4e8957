package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.pagealloc.Nodemask;

/**
 * Mirrors struct mempolicy (include/linux/mempolicy.h, mm/mempolicy.c): a mode and a nodemask, the
 * task's (set_mempolicy(), task->mempolicy; the model keeps it on the mm, see {@link MmStruct#mempolicy})
 * or a VMA's (mbind(), vma->vm_policy). Null stands for the default policy: allocate on the node of the
 * CPU that faults (numa_node_id()), falling back along its zonelist.
 *
 * <p>What a policy decides for a user page (alloc_pages_vma() / vma_alloc_folio() in 6.1): interleave
 * picks the node from the page's offset in the VMA (interleave_nid() -> offset_il_node(): the
 * (vm_pgoff + (addr - vm_start) / PAGE_SIZE) % weight-th node of the mask) and then falls back as
 * default does; preferred starts at its node and falls back (policy_node()); bind starts at the local
 * node but allows only its nodes (policy_nodemask()), so a full bind set fails the allocation and the
 * fault ends in the OOM path. Worked example, `interleave 0,1` on a VMA at 0x7f0000000000: pgoff
 * 0x7f0000000 is even, so its first page is on node 0, the second on node 1, the third on node 0.
 */
public record Mempolicy(int mode, long nodes) {
    /** include/uapi/linux/mempolicy.h. */
    public static final int MPOL_DEFAULT = 0;
    public static final int MPOL_PREFERRED = 1;
    public static final int MPOL_BIND = 2;
    public static final int MPOL_INTERLEAVE = 3;
    public static final int MPOL_LOCAL = 4;

    /** mpol_to_str()'s policy_modes[]. */
    private static final String[] MODES = {"default", "prefer", "bind", "interleave", "local"};

    /** The words a scenario writes, by mode. */
    public static final String[] WORDS = {"default", "preferred", "bind", "interleave", "local"};

    /** The mode a scenario spells {@code word} ("bind"), or -1. */
    public static int modeOf(String word) {
        for (int i = 0; i < WORDS.length; i++) {
            if (WORDS[i].equals(word)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Mirrors mpol_new()'s and mpol_set_nodemask()'s checks for a machine of {@code nrNodes} nodes:
     * default and local take no nodes (EINVAL otherwise); the other modes need a node in the caller's
     * mask (mpol_new()) and one of them with memory: mpol_set_nodemask() ANDs the mask with
     * node_states[N_MEMORY] (and the cpuset's mems_allowed, every node here), and the create step
     * (mpol_new_nodemask(), mpol_new_preferred()) refuses an empty result. So a node the machine lacks
     * is dropped without a word when another node of the mask exists ({@code bind 0,3} on two nodes
     * binds to node 0), and only a mask of absent nodes fails. Does not model MAX_NUMNODES (1024 on the
     * recorded kernels; get_nodes() refuses a bit beyond it): a node above 62 counts as absent.
     *
     * @return 0 or -EINVAL (22)
     */
    public static long check(int mode, long nodes, int nrNodes) {
        if (mode < 0 || mode >= MODES.length) {
            return -22;
        }
        if (mode == MPOL_DEFAULT || mode == MPOL_LOCAL) {
            return nodes == 0 ? 0 : -22;
        }
        if (nodes == 0 || (nodes & online(nrNodes)) == 0) {
            return -22;
        }
        return 0;
    }

    /**
     * The policy a set_mempolicy()/mbind() of {@code mode} leaves, after {@link #check}: null for
     * MPOL_DEFAULT (no policy); the nodes as mpol_set_nodemask() leaves them, the machine's only, and of
     * those preferred keeps the first (mpol_new_preferred(): {@code preferred 1,0} prefers node 0).
     */
    public static Mempolicy of(int mode, long nodes, int nrNodes) {
        if (mode == MPOL_DEFAULT) {
            return null;
        }
        long kept = nodes & online(nrNodes);
        return new Mempolicy(mode, mode == MPOL_PREFERRED ? Long.lowestOneBit(kept) : kept);
    }

    /** node_states[N_MEMORY] of the model: every node has memory. */
    private static long online(int nrNodes) {
        return nrNodes >= 63 ? Long.MAX_VALUE : (1L << nrNodes) - 1;
    }

    /** Mirrors mpol_to_str() for /proc/PID/numa_maps: "default", "bind:1", "interleave:0-1", "prefer:1", "local". */
    public static String toString(Mempolicy p) {
        if (p == null) {
            return MODES[MPOL_DEFAULT];
        }
        return p.mode == MPOL_LOCAL ? MODES[MPOL_LOCAL] : MODES[p.mode] + ":" + Nodemask.nodelist(p.nodes);
    }

    /** Mirrors offset_il_node(): the (n % weight)-th node of the mask. */
    public int interleaveNode(long n) {
        int weight = Long.bitCount(nodes);
        long target = Long.remainderUnsigned(n, weight);
        long m = nodes;
        for (long i = 0; i < target; i++) {
            m &= m - 1;
        }
        return Long.numberOfTrailingZeros(m);
    }

    /** Mirrors policy_node(): where the zonelist walk starts, the preferred node or the local one. */
    public int preferredNode(int localNid) {
        return mode == MPOL_PREFERRED ? Long.numberOfTrailingZeros(nodes) : localNid;
    }

    /** Mirrors policy_nodemask(): bind's nodes, else every node (-1L, no nodemask). */
    public long allowedNodes() {
        return mode == MPOL_BIND ? nodes : -1L;
    }
}
