package org.mmdsl.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded output of the driver, read back line by line: for each echoed script line ({@code > LINE},
 * also in a child) the result it printed, so a translation can state it as an expectation.
 */
final class ExpectedOutput {

    /**
     * What a line printed: the errno of a failed call, a fault (signal, si_code, address), a returned
     * address (mmap, mremap, the new break), the byte a read returned.
     */
    record Result(String errno, String[] fault, String address, String value) {
    }

    private static final Pattern ERRNO = Pattern.compile(".* = -1 (E[A-Z0-9]+)$");
    private static final Pattern FAULT = Pattern.compile(".* = FAULT (SIG[A-Z]+) ([A-Z_]+) addr=(0x[0-9a-f]+)$");
    private static final Pattern ADDRESS = Pattern.compile(".* = (0x[0-9a-f]+)(?: \\(was 0x[0-9a-f]+\\)( \\[refused\\])?)?$");
    private static final Pattern VALUE = Pattern.compile(".* = ok value=(0x[0-9a-f]+)$");

    private record Echo(String text, List<String> output) {
    }

    private final List<Echo> echoes = new ArrayList<>();
    private int next;

    ExpectedOutput(String text) {
        Echo current = null;
        for (String raw : text.replace("\r", "").split("\n")) {
            String l = raw.startsWith("  [child] ") ? raw.substring("  [child] ".length()) : raw;
            if (l.startsWith("> ")) {
                current = new Echo(l.substring(2), new ArrayList<>());
                echoes.add(current);
            } else if (current != null) {
                current.output().add(l);
            }
        }
    }

    /** The result printed for the next echo of {@code echo}, searching forward; null if there is none. */
    Result next(String echo) {
        for (int k = next; k < echoes.size(); k++) {
            if (echoes.get(k).text().equals(echo)) {
                next = k + 1;
                return parse(echoes.get(k).output());
            }
        }
        return null;
    }

    private static Result parse(List<String> output) {
        for (String l : output) {
            Matcher m = ERRNO.matcher(l);
            if (m.matches()) {
                return new Result(m.group(1), null, null, null);
            }
            m = FAULT.matcher(l);
            if (m.matches()) {
                return new Result(null, new String[] {m.group(1), m.group(2), m.group(3)}, null, null);
            }
        }
        for (String l : output) {
            Matcher m = ADDRESS.matcher(l);
            if (m.matches()) {
                return new Result(null, null, m.group(1), null);
            }
            m = VALUE.matcher(l);
            if (m.matches()) {
                return new Result(null, null, null, m.group(1));
            }
        }
        return new Result(null, null, null, null);
    }
}
