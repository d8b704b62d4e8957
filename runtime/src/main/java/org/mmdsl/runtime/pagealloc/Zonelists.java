package org.mmdsl.runtime.pagealloc;

/**
 * The node order of each node's zonelist, as mm/page_alloc.c build_all_zonelists() makes it (6.1):
 * for every node, build_zonelists() picks the nodes one by one with find_next_best_node() from the
 * SLIT's distances (arch/x86/mm/numa.c __node_distance(); LOCAL_DISTANCE 10 and REMOTE_DISTANCE 20
 * when the firmware gives no SLIT), and build_zonelists_in_node_order() lists each node's zones
 * from the highest down. The allocator ({@link BuddyAllocator}) walks that order; __GFP_THISNODE
 * uses the node's own zones alone (build_thisnode_zonelists(), ZONELIST_NOFALLBACK).
 *
 * <p>Worked example, 3 nodes, every remote distance 20, CPUs on node 0 only: for node 0 the
 * candidates 1 and 2 score (20 + 0) * 1024 + node_load; both have load 0, so node 1 (the first)
 * wins and, being the first of its distance group, gets node_load 1; then node 2. Order 0 1 2.
 * For node 1: node 0 scores (20 + 1 + 1 CPU penalty) * 1024, node 2 (20) * 1024 + 0: order 1 2 0.
 */
public final class Zonelists {
    /** include/linux/topology.h. */
    public static final int LOCAL_DISTANCE = 10;
    public static final int REMOTE_DISTANCE = 20;
    /** mm/page_alloc.c: a node with CPUs is a little further than a headless one. */
    static final int PENALTY_FOR_NODE_WITH_CPUS = 1;
    /** MAX_NUMNODES of the recorded kernel (CONFIG_NODES_SHIFT=10). */
    static final int MAX_NUMNODES = 1024;

    private Zonelists() {
    }

    /** The default SLIT: 10 on the diagonal, {@code remote} elsewhere. */
    public static int[][] distances(int nrNodes, int remote) {
        int[][] d = new int[nrNodes][nrNodes];
        for (int i = 0; i < nrNodes; i++) {
            for (int j = 0; j < nrNodes; j++) {
                d[i][j] = i == j ? LOCAL_DISTANCE : remote;
            }
        }
        return d;
    }

    /**
     * Mirrors __build_all_zonelists() -> build_zonelists() for every online node in order, with
     * node_load[] shared between them (zeroed once, as the kernel does).
     *
     * @param hasCpus whether each node has CPUs (cpumask_of_node() not empty)
     * @return order[nid]: the nodes of nid's zonelist, nid first
     */
    public static int[][] nodeOrder(int[][] distance, boolean[] hasCpus) {
        int n = distance.length;
        int[] nodeLoad = new int[n];
        int[][] order = new int[n][];
        for (int local = 0; local < n; local++) {
            boolean[] used = new boolean[n];
            int[] o = new int[n];
            int count = 0;
            int prev = local;
            int node;
            while ((node = findNextBestNode(local, used, distance, hasCpus, nodeLoad)) >= 0) {
                // "We don't want to pressure a particular node. So adding penalty to the first node
                // in same distance group to make it round-robin."
                if (distance[local][node] != distance[local][prev]) {
                    nodeLoad[node]++;
                }
                o[count++] = node;
                prev = node;
            }
            order[local] = java.util.Arrays.copyOf(o, count);
        }
        return order;
    }

    /** Mirrors find_next_best_node(): the local node first, then the nearest unused one (ties as the kernel breaks them). */
    static int findNextBestNode(int node, boolean[] used, int[][] distance, boolean[] hasCpus, int[] nodeLoad) {
        if (!used[node]) {
            used[node] = true;
            return node;
        }
        int minVal = Integer.MAX_VALUE;
        int best = -1;
        for (int n = 0; n < distance.length; n++) {
            if (used[n]) {
                continue;
            }
            int val = distance[node][n];
            val += n < node ? 1 : 0; // penalize nodes under us ("prefer the next node")
            if (hasCpus[n]) {
                val += PENALTY_FOR_NODE_WITH_CPUS;
            }
            val *= MAX_NUMNODES;
            val += nodeLoad[n];
            if (val < minVal) {
                minVal = val;
                best = n;
            }
        }
        if (best >= 0) {
            used[best] = true;
        }
        return best;
    }

    /** build_zonelists()'s "Fallback order for Node N: a b " line. */
    public static String fallbackLine(int nid, int[] order) {
        StringBuilder sb = new StringBuilder("Fallback order for Node ").append(nid).append(": ");
        for (int node : order) {
            sb.append(node).append(' ');
        }
        return sb.toString();
    }
}
