package org.mmdsl.interpreter;

import java.util.function.ToLongFunction;

import org.mmdsl.mmdsl.Binary;
import org.mmdsl.mmdsl.Expr;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.HandleRef;
import org.mmdsl.mmdsl.NumberLiteral;
import org.mmdsl.mmdsl.Sign;

/** Evaluates address expressions ({@code buf+4KB}) with 64-bit wrap-around, as address arithmetic in C. */
public final class Exprs {
    private Exprs() {
    }

    /** Sentinel for "not a constant" (an expression that names a handle, or a broken tree). */
    public static final Long NOT_CONSTANT = null;

    /** The value of an expression made only of numbers, or {@code null} if it names a handle. */
    public static Long constant(Expr e) {
        if (e instanceof NumberLiteral) {
            return ((NumberLiteral) e).getValue();
        }
        if (e instanceof Binary) {
            Binary b = (Binary) e;
            Long l = constant(b.getLeft());
            Long r = constant(b.getRight());
            if (l == null || r == null) {
                return NOT_CONSTANT;
            }
            return b.getOp() == Sign.MINUS ? l - r : l + r;
        }
        return NOT_CONSTANT;
    }

    /** The value of an expression, with handles resolved by {@code handleValue}. */
    public static long eval(Expr e, ToLongFunction<Handle> handleValue) {
        if (e instanceof NumberLiteral) {
            return ((NumberLiteral) e).getValue();
        }
        if (e instanceof HandleRef) {
            return handleValue.applyAsLong(((HandleRef) e).getHandle());
        }
        if (e instanceof Binary) {
            Binary b = (Binary) e;
            long l = eval(b.getLeft(), handleValue);
            long r = eval(b.getRight(), handleValue);
            return b.getOp() == Sign.MINUS ? l - r : l + r;
        }
        throw new IllegalArgumentException("not an expression: " + e);
    }

    /** The name of a handle or task (the rules that define them all carry {@code name}). */
    public static String nameOf(org.eclipse.emf.ecore.EObject named) {
        return org.eclipse.xtext.util.SimpleAttributeResolver.NAME_RESOLVER.apply(named);
    }

    /** The handle an expression starts from ({@code buf} in {@code buf+4KB}), or {@code null}. */
    public static Handle baseHandle(Expr e) {
        if (e instanceof HandleRef) {
            return ((HandleRef) e).getHandle();
        }
        if (e instanceof Binary) {
            return baseHandle(((Binary) e).getLeft());
        }
        return null;
    }
}
