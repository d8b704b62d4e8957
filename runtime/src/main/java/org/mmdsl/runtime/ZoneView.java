package org.mmdsl.runtime;

/** A zone's boundaries and sizes as /proc/zoneinfo reports them (pfns and pages). */
public record ZoneView(String name, long startPfn, long endPfn, long spanned, long present, long managed) {
}
