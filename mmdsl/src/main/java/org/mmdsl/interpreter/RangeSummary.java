package org.mmdsl.interpreter;

import java.util.Map;

import org.mmdsl.runtime.event.Event;

/**
 * What a range access ({@code write buf for 1GB}) did: how many accesses ran before the end or the
 * first fault, and the page faults they resolved, counted by kind ("do_anonymous_page: new zeroed
 * page" × 262144); {@code value} is the value written (1 without {@code value}, 0 for reads).
 */
public record RangeSummary(String access, long start, long length, long stride, long accesses,
        Map<String, long[]> faults, long value) implements Event {

    @Override
    public Kind kind() {
        return Kind.INFO;
    }

    @Override
    public String message() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s of 0x%x..0x%x every %d bytes: %d access%s", access, start, start + length, stride,
                accesses, accesses == 1 ? "" : "es"));
        long total = 0;
        for (long[] n : faults.values()) {
            total += n[0];
        }
        sb.append(", ").append(total).append(" page fault").append(total == 1 ? "" : "s");
        if (!faults.isEmpty()) {
            sb.append(" (");
            String sep = "";
            for (Map.Entry<String, long[]> f : faults.entrySet()) {
                sb.append(sep).append(f.getValue()[0]).append(" × ").append(f.getKey());
                sep = ", ";
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
