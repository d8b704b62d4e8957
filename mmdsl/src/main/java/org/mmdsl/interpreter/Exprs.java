package org.mmdsl.interpreter;

import java.util.function.ToLongFunction;

import org.mmdsl.mmdsl.Binary;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.HandleRef;
import org.mmdsl.mmdsl.MmField;
import org.mmdsl.mmdsl.VmaBound;
import org.mmdsl.mmdsl.NumberLiteral;
import org.mmdsl.mmdsl.util.MmdslSwitch;

/**
 * Evaluates address and size expressions ({@code buf+4KB}, {@code buf >> 12}) as C evaluates them on the
 * kernel's {@code unsigned long} (64 bits): {@code + - *} wrap modulo 2^64, {@code / %} are unsigned,
 * {@code << >>} are logical shifts. What C leaves undefined is an {@link Undefined}: a division by zero,
 * a shift by 64 or more (a "negative" count is a huge unsigned one).
 */
public final class Exprs {
    private Exprs() {
    }

    /** An operation C leaves undefined; the message says which, in the scenario's words. */
    public static final class Undefined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undefined(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code l OP r} on unsigned 64-bit values, OP one of the grammar's binary operators.
     *
     * @throws Undefined for {@code / 0}, {@code % 0} and a shift count of 64 or more
     */
    public static long apply(String op, long l, long r) {
        switch (op) {
            case "+":
                return l + r;
            case "-":
                return l - r;
            case "*":
                return l * r;
            case "/":
            case "%":
                if (r == 0) {
                    throw new Undefined(String.format("division by zero in 0x%x %s 0", l, op));
                }
                return op.equals("/") ? Long.divideUnsigned(l, r) : Long.remainderUnsigned(l, r);
            case "<<":
            case ">>":
                if (Long.compareUnsigned(r, 64) >= 0) {
                    throw new Undefined(String.format("shift count %s in 0x%x %s %s is not 0..63 (a value is 64 bits; "
                            + "C leaves a wider shift undefined)", Long.toUnsignedString(r), l, op,
                            Long.toUnsignedString(r)));
                }
                return op.equals("<<") ? l << r : l >>> r;
            case "&":
                return l & r;
            case "|":
                return l | r;
            default:
                throw new IllegalArgumentException("not an operator: " + op);
        }
    }

    /** Why {@code op} with a constant right operand {@code r} is undefined, or null when it is defined. */
    public static String undefinedWith(String op, long r) {
        try {
            apply(op, 0, r);
            return null;
        } catch (Undefined u) {
            return u.getMessage();
        }
    }

    /** The Expr features that hold a virtual address, by name, across the statements. */
    private static final java.util.Set<String> ADDRESS_FEATURES = java.util.Set.of("address", "hint", "from", "to",
            "fixedAt");

    /**
     * True when {@code e} is a whole expression standing where a statement takes a virtual address
     * (read, write, translate, mmap at, munmap, mprotect, mremap, madvise, show pagetables from/to,
     * vfree, set_pte, invlpg, expect address, the argument of __pa, virt_to_page, page_to_pfn). False
     * for a sub-expression, a length, a value, a pfn or a physical address (__va, ioremap at).
     */
    public static boolean isVirtualAddress(Expr e) {
        org.eclipse.emf.ecore.EStructuralFeature f = e.eContainingFeature();
        if (f == null) {
            return false;
        }
        if (e.eContainer() instanceof org.mmdsl.mmdsl.AddressHelper h) {
            return f == org.mmdsl.mmdsl.MmdslPackage.Literals.ADDRESS_HELPER__ARG
                    && (h.getOp() == org.mmdsl.mmdsl.AddressOp.PA || h.getOp() == org.mmdsl.mmdsl.AddressOp.VIRT_TO_PAGE
                            || h.getOp() == org.mmdsl.mmdsl.AddressOp.PAGE_TO_PFN);
        }
        return !(e.eContainer() instanceof Expr) && ADDRESS_FEATURES.contains(f.getName());
    }

    /** Sentinel for "not a constant" (an expression that names a handle, or a broken tree). */
    public static final Long NOT_CONSTANT = null;

    /** The value of an expression made only of numbers, or {@code null} if it names a handle. */
    public static Long constant(Expr e) {
        if (e == null) {
            return NOT_CONSTANT; // a broken tree
        }
        return new MmdslSwitch<Long>() {
            @Override
            public Long caseNumberLiteral(NumberLiteral n) {
                return n.getValue();
            }

            @Override
            public Long caseBinary(Binary b) {
                Long l = constant(b.getLeft());
                Long r = constant(b.getRight());
                if (l == null || r == null || b.getOp() == null || undefinedWith(b.getOp(), r) != null) {
                    return NOT_CONSTANT; // the operator's own error is ExpectationValidator's
                }
                return apply(b.getOp(), l, r);
            }
        }.doSwitch(e);
    }

    /**
     * The value of an expression, with handles resolved by {@code handleValue}; the task's state
     * ({@code mm->brk}, {@code vma_start "[stack]"}) reads as 0 here: use the three-argument form.
     */
    public static long eval(Expr e, ToLongFunction<Handle> handleValue) {
        return eval(e, handleValue, a -> 0);
    }

    /**
     * The value of an expression, with handles resolved by {@code handleValue} and the atoms that read the
     * task's state ({@link MmField}, {@link VmaBound}) by {@code stateValue}.
     *
     * @throws Undefined when an operation is undefined in C (division by zero, a shift by 64 or more)
     */
    public static long eval(Expr e, ToLongFunction<Handle> handleValue, ToLongFunction<Expr> stateValue) {
        if (e == null) {
            throw new IllegalArgumentException("not an expression: null");
        }
        return new MmdslSwitch<Long>() {
            @Override
            public Long caseNumberLiteral(NumberLiteral n) {
                return n.getValue();
            }

            @Override
            public Long caseHandleRef(HandleRef h) {
                return handleValue.applyAsLong(h.getHandle());
            }

            @Override
            public Long caseMmField(MmField f) {
                return stateValue.applyAsLong(f);
            }

            @Override
            public Long caseVmaBound(VmaBound b) {
                return stateValue.applyAsLong(b);
            }

            @Override
            public Long caseBinary(Binary b) {
                long l = eval(b.getLeft(), handleValue, stateValue);
                long r = eval(b.getRight(), handleValue, stateValue);
                return apply(b.getOp(), l, r);
            }

            @Override
            public Long defaultCase(org.eclipse.emf.ecore.EObject x) {
                throw new IllegalArgumentException("not an expression: " + x);
            }
        }.doSwitch(e);
    }

    /**
     * The value of a state atom ({@code mm->brk}, {@code vma_start "[stack]"}) in {@code task} now; -1 when
     * the task has no such field or VMA (or no address space).
     */
    public static long stateValue(org.mmdsl.runtime.Task task, Expr atom) {
        if (task == null) {
            return -1;
        }
        if (atom instanceof MmField) {
            return task.mmField(((MmField) atom).getField());
        }
        VmaBound b = (VmaBound) atom;
        return task.vmaBound(b.getName(), "vma_end".equals(b.getOp()));
    }

    /** The first atom of {@code e} that reads the task's state, or null. */
    public static Expr firstStateAtom(Expr e) {
        if (e == null) {
            return null;
        }
        return new MmdslSwitch<Expr>() {
            @Override
            public Expr caseMmField(MmField f) {
                return f;
            }

            @Override
            public Expr caseVmaBound(VmaBound b) {
                return b;
            }

            @Override
            public Expr caseBinary(Binary b) {
                Expr l = firstStateAtom(b.getLeft());
                return l != null ? l : firstStateAtom(b.getRight());
            }
        }.doSwitch(e);
    }

    /** The name of a handle or task (the rules that define them all carry {@code name}). */
    public static String nameOf(org.eclipse.emf.ecore.EObject named) {
        return org.eclipse.xtext.util.SimpleAttributeResolver.NAME_RESOLVER.apply(named);
    }

    /**
     * The handle an expression starts from ({@code buf} in {@code buf+4KB}), or {@code null}; only an offset
     * ({@code +}, {@code -}) keeps it: {@code buf >> 12} is a number, not a place in buf.
     */
    public static Handle baseHandle(Expr e) {
        if (e == null) {
            return null;
        }
        return new MmdslSwitch<Handle>() {
            @Override
            public Handle caseHandleRef(HandleRef h) {
                return h.getHandle();
            }

            @Override
            public Handle caseBinary(Binary b) {
                return "+".equals(b.getOp()) || "-".equals(b.getOp()) ? baseHandle(b.getLeft()) : null;
            }
        }.doSwitch(e);
    }
}
