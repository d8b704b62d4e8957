package org.mmdsl.runtime.vma;

/**
 * The driver behind one device node (a misc device such as /dev/mmdsl0): its file and what its
 * vm_operations_struct counted, as LDD3's scull counts its mappings in {@code dev->vmas}
 * (scull_vma_open() increments, scull_vma_close() decrements) and its simple driver prints a
 * line from simple_vma_open()/simple_vma_close(). One per path for the whole run; every mapping
 * of the node shares it.
 *
 * <p>Neighbours: a mapping's handlers (vm_ops and vm_private_data) are {@link DeviceVmOps}; the
 * driver's mmap is {@link DeviceMap}.
 */
public final class DeviceDriver {
    /** The device node (dev 00:05 on devtmpfs). */
    public final FileRef file;
    long opens;
    long closes;
    long faults;

    public DeviceDriver(FileRef file) {
        this.file = file;
    }

    /** Calls of the mappings' open handler: the driver's mmap (LDD3 calls it there), fork, split, mremap. */
    public long opens() {
        return opens;
    }

    /** Calls of the mappings' close handler: munmap, exit, the removed part of a split. */
    public long closes() {
        return closes;
    }

    /** Calls of the mappings' fault (2.6: nopage / nopfn) handler, failed ones included. */
    public long faults() {
        return faults;
    }
}
