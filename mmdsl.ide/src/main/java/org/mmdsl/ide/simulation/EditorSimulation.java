package org.mmdsl.ide.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Handle;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;
import org.mmdsl.validation.StaticVerdict;

import com.google.inject.Singleton;

/**
 * The simulation behind hovers, inlay hints and code lenses: the same bounded, cancellable interpreter
 * run as the diagnostics (Interpreter.Limits.EDITOR), on the document's current AST. Answers are cached
 * per document text, so a burst of hover or inlay-hint requests on one version runs the scenario once.
 *
 * <p>Only scenarios without syntax errors and without static errors are played: the run would stop at
 * the first broken statement anyway, and its state would not be the one the user reads. Neighbours:
 * the diagnostics' run lives in mmdsl's MmdslResourceValidator; state views are rendered by
 * {@link StateViews}.
 */
@Singleton
public class EditorSimulation {

    /**
     * What a probe found ({@code null} when it found nothing before the run ended). Only this answer is
     * cached, never the machine: a machine holds the memmap chunks and frame contents its run touched.
     */
    public record Stop<T>(T value) {
    }

    /** Reads the live machine at one step; returns null to keep running. */
    @FunctionalInterface
    public interface Probe<T> {
        T at(EObject statement, Task task, Kernel kernel, Map<Handle, Long> handles);
    }

    private static final int CACHE_ENTRIES = 32;

    private final Map<String, Object> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /** True when the resource parses and has no static error, so a run shows what the text says. */
    public boolean playable(XtextResource resource, CancelIndicator cancel) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Scenario)
                || resource.getParseResult() == null || resource.getParseResult().hasSyntaxErrors()) {
            return false;
        }
        Boolean built = StaticVerdict.of(resource); // what the build's validation found for this text
        if (built != null) {
            return built;
        }
        // the static checks of a 1,000-line text take milliseconds: once per text, not per hover
        String cacheKey = "playable\u0000" + StaticVerdict.textKey(resource);
        synchronized (cache) {
            if (cache.get(cacheKey) instanceof Boolean b) {
                return b;
            }
        }
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> issues = validator.validate(resource, CheckMode.FAST_ONLY, cancel);
        boolean playable = issues.stream().noneMatch(i -> i.getSeverity() == Severity.ERROR);
        if (cancel == null || !cancel.isCanceled()) {
            synchronized (cache) {
                cache.put(cacheKey, playable);
            }
        }
        return playable;
    }

    /**
     * Plays the scenario until {@code probe} returns a value (the run stops right there) or to the end.
     * {@code key} names the question; with the document text it forms the cache key.
     */
    @SuppressWarnings("unchecked")
    public <T> Stop<T> runUntil(XtextResource resource, String key, Probe<T> probe, CancelIndicator cancel) {
        String cacheKey = key + '\u0000' + StaticVerdict.textKey(resource);
        synchronized (cache) {
            Object hit = cache.get(cacheKey);
            if (hit != null) {
                return (Stop<T>) hit;
            }
        }
        List<T> found = new ArrayList<>(1);
        play(resource, (s, t, k, h) -> {
            T v = probe.at(s, t, k, h);
            if (v != null) {
                found.add(v);
                return false;
            }
            return true;
        }, cancel);
        Stop<T> stop = new Stop<>(found.isEmpty() ? null : found.get(0));
        if (cancel == null || !cancel.isCanceled()) {
            synchronized (cache) {
                cache.put(cacheKey, stop);
            }
        }
        return stop;
    }

    /** A whole run, every step shown to {@code collector} (which never stops it); cached like runUntil. */
    public <T> Stop<T> runAll(XtextResource resource, String key, Function<Run, T> after,
            Interpreter.StepObserver collector, CancelIndicator cancel) {
        String cacheKey = key + '\u0000' + StaticVerdict.textKey(resource);
        synchronized (cache) {
            Object hit = cache.get(cacheKey);
            if (hit != null) {
                @SuppressWarnings("unchecked")
                Stop<T> s = (Stop<T>) hit;
                return s;
            }
        }
        Stop<T> stop = new Stop<>(after.apply(play(resource, collector, cancel)));
        if (cancel == null || !cancel.isCanceled()) {
            synchronized (cache) {
                cache.put(cacheKey, stop);
            }
        }
        return stop;
    }

    /**
     * The value kept for the document's current text under {@code key}, made by {@code create} on first
     * use: what the runs over one text add to (the hovers they passed). Shares the cache and its bound
     * with the answers above; an edit makes a new text, hence a new value.
     */
    public <T> T perText(XtextResource resource, String key, java.util.function.Supplier<T> create) {
        String cacheKey = key + '\u0000' + StaticVerdict.textKey(resource);
        synchronized (cache) {
            @SuppressWarnings("unchecked")
            T value = (T) cache.computeIfAbsent(cacheKey, k -> create.get());
            return value;
        }
    }

    /**
     * One run, every step shown to {@code observer} (returning false stops it), not cached: for callers
     * that keep what they need of it themselves ({@link #perText}).
     */
    public Run play(XtextResource resource, Interpreter.StepObserver observer, CancelIndicator cancel) {
        CancelIndicator ci = cancel == null ? CancelIndicator.NullImpl : cancel;
        return Interpreter.run((Scenario) resource.getContents().get(0), Interpreter.Limits.EDITOR, ci::isCanceled, observer);
    }

    /** The offset of a statement's first character, a stable name for it within one text. */
    public static int offsetOf(EObject statement) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(statement);
        return n == null ? -1 : n.getOffset();
    }
}
