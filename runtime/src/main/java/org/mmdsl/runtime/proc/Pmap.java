package org.mmdsl.runtime.proc;

import org.mmdsl.runtime.uapi.KernelVersion;
import org.mmdsl.runtime.vma.MmStruct;

/**
 * procps {@code pmap PID} and {@code pmap -d PID}: the tool reads /proc/PID/maps line by line
 * ({@link ProcMaps}, so [vsyscall] and 2.6's gate VMA are listed as the file lists them) and prints, per
 * mapping, its address, size in KiB and mode, then a summary. {@code pmap -x} reads smaps and is
 * {@link ProcSmaps#pmapX}.
 *
 * <p>The mode is the maps permissions with the 'p' of a private mapping turned into '-' and a fifth
 * column '-' ("r-x--"); the mapping is the file's base name, "  [ stack ]" for the mapping that holds
 * mm->start_stack and "  [ anon ]" for every other line without a '/' ([heap] and [vdso] too). What
 * differs between the procps of each model: 2.6.24 goes with procps 3.2.7, whose default format
 * prints two blanks before the mapping and the file's full path; 6.1 with procps-ng (4.0), one blank and
 * the base name (the full path needs -p). Both have the same -d format and its summary line, Love's
 * "mapped: ...K    writeable/private: ...K    shared: ...K": mapped counts every line, writeable/private
 * the private writable ones, shared the 's' ones. The command line is the task's comm (argv is not
 * modelled).
 */
public final class Pmap {
    private Pmap() {
    }

    /** {@code pmap PID}: one line per mapping and " total NK". */
    public static String pmap(MmStruct mm, int pid, String comm, boolean kernel64) {
        return render(mm, pid, comm, kernel64, false);
    }

    /** {@code pmap -d PID}: the device format (offset, major:minor) and Love's summary line. */
    public static String pmapDevice(MmStruct mm, int pid, String comm, boolean kernel64) {
        return render(mm, pid, comm, kernel64, true);
    }

    private static String render(MmStruct mm, int pid, String comm, boolean kernel64, boolean device) {
        boolean procps327 = mm.version() == KernelVersion.V2_6;
        int w = kernel64 ? 16 : 8;
        StringBuilder sb = new StringBuilder();
        sb.append(pid).append(":   ").append(comm).append('\n');
        if (device) {
            sb.append(kernel64 ? "Address           Kbytes Mode  Offset           Device    Mapping\n"
                    : "Address   Kbytes Mode  Offset           Device    Mapping\n");
        }
        long shared = 0;
        long privateWriteable = 0;
        long privateReadonly = 0;
        for (String line : ProcMaps.render(mm, kernel64).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            // sscanf(mapbuf, "%lx-%lx %31s %llx %x:%x %llu", ...): the fields before the name
            String[] f = line.trim().split(" +", 6);
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            char[] perms = f[1].toCharArray();
            long offset = Long.parseUnsignedLong(f[2], 16);
            String[] dev = f[3].split(":");
            String name = f.length > 5 ? f[5] : "";
            long diff = end - start;
            if (perms[3] == 's') {
                shared += diff;
            }
            if (perms[3] == 'p') {
                perms[3] = '-';
                if (perms[1] == 'w') {
                    privateWriteable += diff;
                } else {
                    privateReadonly += diff;
                }
            }
            String mode = new String(perms) + "-";
            if (device) {
                sb.append(String.format("%0" + w + "x %7d %s %016x %03x:%05x %s%n", start, diff >> 10, mode, offset,
                        Integer.parseInt(dev[0], 16), Integer.parseInt(dev[1], 16),
                        mappingName(mm, start, diff, name, false)));
            } else {
                sb.append(String.format("%0" + w + "x %6dK %s%s%s%n", start, diff >> 10, mode, procps327 ? "  " : " ",
                        mappingName(mm, start, diff, name, procps327)));
            }
        }
        long mapped = (shared + privateWriteable + privateReadonly) >> 10;
        if (device) {
            sb.append(String.format("mapped: %dK    writeable/private: %dK    shared: %dK%n", mapped,
                    privateWriteable >> 10, shared >> 10));
        } else {
            sb.append(String.format(kernel64 ? " total %16dK%n" : " total %8dK%n", mapped));
        }
        return sb.toString().replace("\r\n", "\n");
    }

    /** procps mapping_name(): the path (showpath) or its base name, else "  [ stack ]" or "  [ anon ]". */
    private static String mappingName(MmStruct mm, long start, long len, String name, boolean showpath) {
        int slash = name.indexOf('/');
        if (slash >= 0) {
            return showpath ? name.substring(slash) : name.substring(name.lastIndexOf('/') + 1);
        }
        long stack = mm.startStack;
        boolean holdsStack = Long.compareUnsigned(stack, start) >= 0 && Long.compareUnsigned(stack, start + len) <= 0;
        return holdsStack ? "  [ stack ]" : "  [ anon ]";
    }
}
