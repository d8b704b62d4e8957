package org.mmdsl.interpreter;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.Access;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Event;
import org.mmdsl.runtime.event.EventSink;

/**
 * Machines booted ahead of time for the editor's runs. Every edit, hover, hint and lens plays the
 * scenario from boot, and booting the default 1.5 GB i386 machine (memblock_free_all() handing each
 * highmem frame to the buddy allocator, free_highmem_page()) was most of an edit's simulation (issue 15,
 * JFR profile). When enabled (the language server does), an editor run ({@link Interpreter.Limits#EDITOR})
 * takes the machine booted in the background for the same boot parameters and queues the boot of the
 * next one, on one low-priority daemon thread. A machine is the same whoever boots it: {@link Kernel#boot}
 * depends on its parameters only, and the boot messages, kept while no run owns the machine, reach the
 * run's sink in their order when it takes the machine (SpareKernelsTest compares runs).
 *
 * <p>At most {@link #CONFIGS} boot configurations keep a spare, and only machines of up to
 * {@link #MAX_RAM}; others boot as before. (The limit dates from a memmap of 8 B per frame; the sparse
 * memmap keeps a machine's untouched RAM at a few bytes per 4 MB, but a spare still holds whatever the
 * boot touched, and large machines are rare in an editor.)
 */
public final class SpareKernels {
    static final int CONFIGS = 2;
    static final long MAX_RAM = 4L << 30;

    private static volatile boolean enabled;
    private static ExecutorService booter;
    /** Spare machines (booted or booting) by boot parameters, least recently used first. */
    private static final Map<List<Object>, Future<Spare>> SPARES = new LinkedHashMap<>();

    private SpareKernels() {
    }

    /** A booted machine whose events wait for the run that takes it. */
    private record Spare(Kernel kernel, HeldSink sink) {
    }

    /** Editor runs take spare machines from now on. */
    public static synchronized void enable() {
        if (booter == null) {
            booter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mmdsl-spare-kernel");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
        }
        enabled = true;
    }

    /**
     * Boots a spare for {@code params} now, unless one is there: the language server asks for the default
     * machine (most examples boot it) while its injectors are built, so the first document's run neither
     * boots nor meets the runtime's classes cold.
     */
    public static synchronized void prepare(BootParams params) {
        if (enabled && params.ramBytes <= MAX_RAM && BootParams.check(params) == null) {
            List<Object> key = key(params);
            if (!SPARES.containsKey(key)) {
                SPARES.put(key, submitBoot(params.copy()));
            }
        }
    }

    private static Future<Spare> submitBoot(BootParams copy) {
        return booter.submit(() -> {
            HeldSink held = new HeldSink();
            return new Spare(Kernel.boot(copy, held), held);
        });
    }

    /** Back to booting every run's machine in the run (spares are dropped). */
    public static synchronized void disable() {
        enabled = false;
        SPARES.clear();
    }

    /** The machine of a run: a spare for an editor run when enabled, else Kernel.boot(). */
    static Kernel boot(BootParams params, EventSink sink, Interpreter.Limits limits) {
        if (!enabled || limits != Interpreter.Limits.EDITOR || params.ramBytes > MAX_RAM
                || BootParams.check(params) != null) {
            return Kernel.boot(params, sink);
        }
        List<Object> key = key(params);
        Future<Spare> spare;
        synchronized (SpareKernels.class) {
            if (!enabled) {
                return Kernel.boot(params, sink);
            }
            spare = SPARES.remove(key);
            SPARES.put(key, submitBoot(params.copy()));
            for (Iterator<List<Object>> i = SPARES.keySet().iterator(); SPARES.size() > CONFIGS;) {
                SPARES.get(i.next()).cancel(false);
                i.remove();
            }
        }
        if (spare != null) {
            try {
                Spare s = spare.get();
                s.sink().handTo(sink == null ? EventSink.NONE : sink);
                return s.kernel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // booted as below
            }
        }
        return Kernel.boot(params, sink);
    }

    /** The boot parameters as values: every public field of BootParams, whatever fields it gains. */
    static List<Object> key(BootParams params) {
        List<Object> key = new ArrayList<>();
        for (Field f : BootParams.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                try {
                    key.add(f.getName());
                    key.add(f.get(params));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return key;
    }

    /**
     * Keeps the events of a machine no run owns yet; {@link #handTo} gives them to the run's sink in their
     * order and from then on passes every event straight through.
     */
    private static final class HeldSink implements EventSink {
        private final List<Event> held = new ArrayList<>();
        private volatile EventSink target;

        @Override
        public void emit(Event event) {
            EventSink t = target;
            if (t != null) {
                t.emit(event);
            } else {
                held.add(event);
            }
        }

        @Override
        public void pageFault(int pid, long vaddr, Access access, String how, long pfn) {
            EventSink t = target;
            if (t != null) {
                t.pageFault(pid, vaddr, access, how, pfn);
            } else {
                EventSink.super.pageFault(pid, vaddr, access, how, pfn);
            }
        }

        void handTo(EventSink sink) {
            for (Event e : held) {
                sink.emit(e);
            }
            held.clear();
            target = sink;
        }
    }
}
