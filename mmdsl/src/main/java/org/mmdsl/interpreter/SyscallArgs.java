package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.MapFlag;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.Mremap;
import org.mmdsl.runtime.uapi.MapType;
import org.mmdsl.runtime.uapi.Mman;

/**
 * The flag words of an mm system-call statement as the kernel receives them: MAP_, PROT_ and MREMAP_
 * bits, each word's bit the vocabulary's. The interpreter's steps pass them to the runtime's system
 * calls; the static checks (validation.KernelArgumentChecks) pass the same bits to the runtime's
 * argument checks. Does not evaluate addresses or lengths: {@link Exprs} does.
 */
public final class SyscallArgs {
    private SyscallArgs() {
    }

    /** MAP_* flags of an mmap statement: the sharing word, MAP_ANONYMOUS, the flag words, {@code bits}. */
    public static int mmapFlags(Mmap m) {
        int flags = m.getSharing() == null ? 0 : (int) MapType.byWord(m.getSharing()).value();
        if (m.isAnon()) {
            flags |= (int) org.mmdsl.runtime.uapi.MapFlag.ANONYMOUS.value();
        }
        for (MapFlag f : m.getFlags()) {
            flags |= (int) org.mmdsl.runtime.uapi.MapFlag.byWord(f.getLiteral()).value();
        }
        if (m.getBits() != null) {
            flags |= (int) Long.decode(m.getBits().replace("_", "")).longValue();
        }
        return flags;
    }

    /** PROT_* bits of {@code rwx} letters, or the raw {@code prot 0x..} bits when given. */
    public static int prot(String letters, String bits) {
        return bits != null ? (int) Long.decode(bits.replace("_", "")).longValue() : Mman.parseProt(letters);
    }

    /** MREMAP_* flags of an mremap statement: maymove, fixed at, dontunmap, {@code bits}. */
    public static int mremapFlags(Mremap m) {
        return (m.isMaymove() ? Mman.MREMAP_MAYMOVE : 0) | (m.getFixedAt() != null ? Mman.MREMAP_FIXED : 0)
                | (m.isDontunmap() ? Mman.MREMAP_DONTUNMAP : 0)
                | (m.getBits() == null ? 0 : (int) Long.decode(m.getBits().replace("_", "")).longValue());
    }

    /** The nodemask a scenario's node list gives set_mempolicy()/mbind() (a node above 62 sets bit 63). */
    public static long nodemask(java.util.List<Integer> nodes) {
        long mask = 0;
        for (int n : nodes) {
            mask |= n >= 0 && n < 64 ? 1L << n : 1L << 63;
        }
        return mask;
    }
}
