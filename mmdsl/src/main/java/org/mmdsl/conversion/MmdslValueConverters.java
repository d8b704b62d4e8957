package org.mmdsl.conversion;

import java.math.BigInteger;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;
import org.mmdsl.runtime.arch.PagingMode;

import com.google.inject.Singleton;

/**
 * Converts the language's numbers to {@code long} bytes or counts: decimal, {@code 0x} hex (with
 * optional {@code _} separators), sizes with binary units ({@code 4KB} = 4096, as the kernel prints
 * them) and page counts ({@code 3 pages} = 3 × 4096; x86 base pages are always 4 KB). A value that does
 * not fit in an unsigned 64-bit address is a conversion error with a message, never an overflow.
 *
 * <p>One instance per injector: Guice does not inherit DefaultTerminalConverters' {@code @Singleton}, and
 * without it every parser got a new service that looked up its converters in the grammar again on first
 * use (measured: about a sixth of the CPU time of `mmdsl grade` on 2,000 submissions). The lookup is
 * thread-safe (AbstractDeclarativeValueConverterService builds it once under a lock).
 */
@Singleton
public class MmdslValueConverters extends DefaultTerminalConverters {

    public static final long PAGE_SIZE = PagingMode.PAGE_SIZE;

    @ValueConverter(rule = "Number")
    public IValueConverter<Long> Number() {
        return new AbstractNullSafeConverter<Long>() {
            /**
             * A Number without text exists only where ANTLR's recovery invented one after a syntax error
             * (`kmalloc text 64 ...`): that error already says what is wrong, so the invented number is
             * 0 instead of a second, internal "ValueConverter returned null for primitive feature".
             */
            @Override
            public Long toValue(String string, INode node) {
                return string == null || string.isEmpty() ? Long.valueOf(0) : super.toValue(string, node);
            }

            @Override
            protected Long internalToValue(String string, INode node) {
                return parse(string);
            }

            @Override
            protected String internalToString(Long value) {
                return format(value);
            }
        };
    }

    /** A text block's lines without its quotes, common indentation and trailing blanks ({@link #textBlock}). */
    @ValueConverter(rule = "TEXT_BLOCK")
    public IValueConverter<String> TEXT_BLOCK() {
        return new AbstractNullSafeConverter<String>() {
            @Override
            protected String internalToValue(String string, INode node) {
                return textBlock(string);
            }

            @Override
            protected String internalToString(String value) {
                return "\"\"\"\n" + value + "\"\"\"";
            }
        };
    }

    /**
     * The text of a {@code """ ... """} block as Java's text blocks read it: the rest of the opening line, when
     * blank, is not part of it; every line loses its trailing blanks; the indentation common to the lines that
     * are not blank is removed (a closing {@code """} on a line of its own counts, so it may stand under the
     * text); blank lines at the start and end are dropped. Each line ends with a newline; an empty block is "".
     */
    public static String textBlock(String token) {
        String body = token.startsWith("\"\"\"") ? token.substring(3) : token;
        body = body.endsWith("\"\"\"") ? body.substring(0, body.length() - 3) : body;
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.Arrays.asList(body.replace("\r\n", "\n")
                .split("\n", -1)));
        int common = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean closing = i == lines.size() - 1 && i > 0;
            if (i == 0 || line.isBlank() && !closing) {
                continue; // the opening line's text starts right after the quotes: no indentation of its own
            }
            common = Math.min(common, line.isBlank() ? line.length() : indentation(line));
        }
        StringBuilder out = new StringBuilder();
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            kept.add(i == 0 ? line.strip() : line.length() >= common ? line.substring(common).stripTrailing()
                    : line.strip());
        }
        while (!kept.isEmpty() && kept.get(0).isEmpty()) {
            kept.remove(0);
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        for (String line : kept) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Parses a Number's text ("16KB", "0x3a000", "3 pages"). Throws ValueConverterException with a message. */
    public static long parse(String text) {
        String s = text.strip();
        BigInteger multiplier = BigInteger.ONE;
        if (s.endsWith("pages") || s.endsWith("page")) {
            s = s.substring(0, s.length() - (s.endsWith("pages") ? 5 : 4)).strip();
            multiplier = BigInteger.valueOf(PAGE_SIZE);
        }
        BigInteger value;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                value = new BigInteger(s.substring(2).replace("_", ""), 16);
            } else {
                int unitAt = 0;
                while (unitAt < s.length() && Character.isDigit(s.charAt(unitAt))) {
                    unitAt++;
                }
                value = new BigInteger(s.substring(0, unitAt));
                multiplier = multiplier.multiply(unit(s.substring(unitAt), text));
            }
        } catch (NumberFormatException e) {
            throw new ValueConverterException("'" + text + "' is not a number", null, e);
        }
        BigInteger result = value.multiply(multiplier);
        if (result.bitLength() > 64) {
            throw new ValueConverterException("'" + text + "' does not fit in 64 bits: the largest address or size is "
                    + "0xffffffffffffffff (16 EB - 1)", null, null);
        }
        return result.longValue();
    }

    private static BigInteger unit(String unit, String text) {
        switch (unit) {
            case "":
            case "B":
                return BigInteger.ONE;
            case "KB":
                return BigInteger.ONE.shiftLeft(10);
            case "MB":
                return BigInteger.ONE.shiftLeft(20);
            case "GB":
                return BigInteger.ONE.shiftLeft(30);
            case "TB":
                return BigInteger.ONE.shiftLeft(40);
            default:
                throw new ValueConverterException("unknown unit in '" + text + "' (use B, KB, MB, GB, TB or pages)",
                        null, null);
        }
    }

    /** The shortest exact text for a value: a size unit when it divides evenly, else hex. */
    public static String format(long value) {
        if (value != 0) {
            String[] units = {"TB", "GB", "MB", "KB"};
            int[] shifts = {40, 30, 20, 10};
            for (int i = 0; i < units.length; i++) {
                long unit = 1L << shifts[i];
                if (value > 0 && value % unit == 0) {
                    return (value / unit) + units[i];
                }
            }
        }
        return value >= 0 && value < 4096 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }
}
