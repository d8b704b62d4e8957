package org.mmdsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.mmdsl.interpreter.BootConfig;
import org.mmdsl.interpreter.Exprs;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.mmdsl.TlbFlush;
import org.mmdsl.runtime.arch.BootParams;

/**
 * Checks the width of constant addresses and the arguments of the TLB statements.
 *
 * <p>An i386 kernel's unsigned long is 32 bits: a virtual address is 0..0xffffffff and there is no
 * canonical form (arch/x86/include/asm/page_32_types.h; the non-canonical #GP is x86_64's,
 * arch/x86/mm/fault.c). A constant address wider than that in any statement (read, write,
 * translate, mmap at, munmap, mprotect, mremap, madvise, show pagetables from/to, kernel read/write,
 * __pa, set_pte, invlpg, vfree...) is an error, not a fault the run would invent. x86_64 takes every
 * 64-bit value; its canonical check is the run's (the fault handler's #GP). Addresses computed from
 * handles are checked when the statement runs (Interpreter#address skips the statement).
 *
 * <p>TLB: arch/x86/mm/tlb.c flush_tlb_all() takes no argument; invlpg (__flush_tlb_one_kernel()) needs one.
 */
public class AddressWidthValidator extends MmdslCheckBase {

    @Check
    public void checkWidth(Expr e) {
        if (!Exprs.isVirtualAddress(e)) {
            return;
        }
        Long value = Exprs.constant(e);
        if (value == null || (value >>> 32) == 0 || !is32(e)) {
            return;
        }
        report(MmdslIssue.ADDRESS_TOO_WIDE, String.format("address 0x%x does not fit in 32 bits: an i386 "
                + "virtual address is 0x0..0xffffffff (unsigned long is 32 bits, and there is no canonical form "
                + "as on x86_64); write an address below 0x100000000, or boot `arch x86_64` for 64-bit addresses",
                value), e.eContainer(), e.eContainingFeature());
    }

    private static boolean is32(EObject context) {
        Scenario s = EcoreUtil2.getContainerOfType(context, Scenario.class);
        BootParams p = BootConfig.from(s == null ? null : s.getBoot());
        return p.arch.is32();
    }

    @Check
    public void checkTlbFlush(TlbFlush f) {
        if ("invlpg".equals(f.getOp()) && f.getAddress() == null) {
            report(MmdslIssue.TLB_FLUSH_ARGUMENT, "invlpg needs an address: it drops one page's TLB entry "
                    + "(__flush_tlb_one_kernel(addr)); write `invlpg ADDR`, or `flush_tlb_all` to drop every entry",
                    f, MmdslPackage.Literals.TLB_FLUSH__OP);
        } else if ("flush_tlb_all".equals(f.getOp()) && f.getAddress() != null) {
            report(MmdslIssue.TLB_FLUSH_ARGUMENT, "flush_tlb_all takes no address: it drops every TLB entry "
                    + "(arch/x86/mm/tlb.c flush_tlb_all()); write `flush_tlb_all`, or `invlpg ADDR` for one page",
                    f, MmdslPackage.Literals.TLB_FLUSH__ADDRESS);
        }
    }
}
