package org.mmdsl.interpreter;

import org.mmdsl.mmdsl.AddressExpectation;
import org.mmdsl.mmdsl.ErrnoExpectation;
import org.mmdsl.mmdsl.Expectation;
import org.mmdsl.mmdsl.FailExpectation;
import org.mmdsl.mmdsl.FaultExpectation;
import org.mmdsl.mmdsl.NotPresentExpectation;
import org.mmdsl.mmdsl.OkExpectation;
import org.mmdsl.mmdsl.TlbExpectation;
import org.mmdsl.mmdsl.ValueExpectation;
import org.mmdsl.mmdsl.WarningExpectation;
import org.mmdsl.mmdsl.util.MmdslSwitch;

/**
 * One method per kind of {@code expect}, each doing nothing unless overridden: a pass of
 * {@link ExpectationJudge} implements the kinds it judges. {@link #visit} dispatches through the
 * generated {@link MmdslSwitch}, so a new expectation kind is a new method here and a case below.
 */
interface ExpectationVisitor {

    default void fault(FaultExpectation e) {
    }

    default void errno(ErrnoExpectation e) {
    }

    default void value(ValueExpectation e) {
    }

    default void ok(OkExpectation e) {
    }

    default void address(AddressExpectation e) {
    }

    default void fail(FailExpectation e) {
    }

    default void warning(WarningExpectation e) {
    }

    default void tlb(TlbExpectation e) {
    }

    default void notPresent(NotPresentExpectation e) {
    }

    default void vma(org.mmdsl.mmdsl.VmaExpectation e) {
    }

    /** Calls the method of {@code e}'s kind. */
    default void visit(Expectation e) {
        new MmdslSwitch<Boolean>() {
            @Override
            public Boolean caseFaultExpectation(FaultExpectation f) {
                fault(f);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseErrnoExpectation(ErrnoExpectation x) {
                errno(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseValueExpectation(ValueExpectation x) {
                value(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseOkExpectation(OkExpectation x) {
                ok(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseAddressExpectation(AddressExpectation x) {
                address(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseFailExpectation(FailExpectation x) {
                fail(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseWarningExpectation(WarningExpectation x) {
                warning(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseTlbExpectation(TlbExpectation x) {
                tlb(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseNotPresentExpectation(NotPresentExpectation x) {
                notPresent(x);
                return Boolean.TRUE;
            }

            @Override
            public Boolean caseVmaExpectation(org.mmdsl.mmdsl.VmaExpectation x) {
                vma(x);
                return Boolean.TRUE;
            }
        }.doSwitch(e);
    }

    /** Visits every expectation of {@code expects} in the order the scenario wrote them. */
    default void visitAll(Iterable<Expectation> expects) {
        for (Expectation e : expects) {
            visit(e);
        }
    }
}
