package org.mmdsl.ide.inlayhints;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.ide.simulation.LastGoodResults;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.Kmap;
import org.mmdsl.mmdsl.Mmap;
import org.mmdsl.mmdsl.util.MmdslSwitch;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.arch.KernelLayout;
import org.mmdsl.runtime.arch.PagingMode;
import org.mmdsl.runtime.event.CallResult;
import org.mmdsl.runtime.event.PageFaultEvent;
import org.mmdsl.runtime.event.SignalEvent;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.inject.Inject;

/**
 * Results written after the statement that produced them: the address an mmap without {@code at} got
 * ({@code = 0xb7ff6000}), the frame a fault mapped ({@code → pfn 0x36bfe}), kmap's address and pkmap
 * slot, the errno of a failing call and the signal of a faulting access. Taken from the events of one
 * full editor run (cached per text). While the text has a syntax or static error, the last good run's
 * hints stay on the statements the edits did not touch (LastGoodResults), so the layout does not jump.
 * LSP has no inlay hints in Xtext 2.42: MmdslLanguageServer routes {@code textDocument/inlayHint} here.
 */
public class MmdslInlayHintService {

    /** A hint at a character offset, the end of the statement that starts at {@code start}. */
    public record Hint(int start, int offset, String label) {
    }

    @Inject
    private EditorSimulation simulation;

    @Inject
    private LastGoodResults lastGood;

    public List<InlayHint> inlayHints(Document document, XtextResource resource, InlayHintParams params,
            CancelIndicator cancel) {
        List<InlayHint> out = new ArrayList<>();
        List<Hint> hints = new ArrayList<>();
        if (simulation.playable(resource, cancel)) {
            hints = simulation.runAll(resource, "inlay-hints", MmdslInlayHintService::hints, (s, t, k, h) -> true,
                    cancel).value();
            List<LastGoodResults.Anchored<String>> anchored = new ArrayList<>();
            hints.forEach(h -> anchored.add(new LastGoodResults.Anchored<>(h.start(), h.offset(), h.label())));
            if (cancel == null || !cancel.isCanceled()) { // a cancelled run's hints are partial
                lastGood.remember("inlay-hints", resource, anchored);
            }
        } else {
            // a syntax or static error: the last good run's hints of the statements the edits left alone
            for (LastGoodResults.Anchored<String> a : lastGood.<String>carriedOver("inlay-hints", resource)) {
                hints.add(new Hint(a.start(), a.end(), a.value()));
            }
        }
        int from = offset(document, params.getRange() == null ? null : params.getRange().getStart(), 0);
        int to = offset(document, params.getRange() == null ? null : params.getRange().getEnd(), Integer.MAX_VALUE);
        for (Hint h : hints) {
            if (h.offset() < from || h.offset() > to) {
                continue;
            }
            Position p = document.getPosition(h.offset());
            InlayHint hint = new InlayHint(p, Either.forLeft(h.label()));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            out.add(hint);
        }
        return out;
    }

    /** A position's offset; {@code outside} for none or one past the end (clients ask for whole screens). */
    private static int offset(Document document, Position p, int outside) {
        if (p == null) {
            return outside;
        }
        try {
            return document.getOffSet(p);
        } catch (IndexOutOfBoundsException e) {
            return outside == 0 ? 0 : document.getContents().length();
        }
    }

    /** The hints of a run, in text order of their statements' ends (several on one statement are joined). */
    public static List<Hint> hints(Run run) {
        List<Hint> out = new ArrayList<>();
        Kernel kernel = run.kernel();
        for (RunEvent re : run.events()) {
            if (re.cause() == null) {
                continue;
            }
            String label = label(re, kernel);
            if (label == null) {
                continue;
            }
            int[] r = SimulationDiagnostics.range(re.cause());
            int at = r[0] + r[1];
            if (!out.isEmpty() && out.get(out.size() - 1).offset() == at) {
                Hint last = out.remove(out.size() - 1);
                out.add(new Hint(r[0], at, last.label() + ", " + label));
            } else {
                out.add(new Hint(r[0], at, label));
            }
        }
        return out;
    }

    private static String label(RunEvent re, Kernel kernel) {
        if (re.event() instanceof PageFaultEvent) {
            return String.format("→ pfn 0x%x", ((PageFaultEvent) re.event()).pfn());
        }
        if (re.event() instanceof SignalEvent) {
            SignalEvent s = (SignalEvent) re.event();
            return s.signal() + " " + s.code();
        }
        if (!(re.event() instanceof CallResult)) {
            return null;
        }
        CallResult c = (CallResult) re.event();
        if (c.errno() != null) {
            return "= -1 " + c.errno().name();
        }
        if (!c.pointerResult()) {
            return null;
        }
        long v = c.result();
        return new MmdslSwitch<String>() {
            /** The address an mmap without {@code at} got (with a hint the scenario already shows it). */
            @Override
            public String caseMmap(Mmap m) {
                return m.getHint() == null ? String.format("= 0x%x", v) : null;
            }

            /** Where kmap put the page: a pkmap slot (i386 highmem) or the direct map. */
            @Override
            public String caseKmap(Kmap k) {
                KernelLayout l = kernel == null ? null : kernel.layout();
                if (l != null && kernel.params().arch.is32() && v >= l.pkmapBase() && v < l.pkmapEnd()) {
                    return String.format("= 0x%x (pkmap slot %d)", v, (v - l.pkmapBase()) >>> PagingMode.PAGE_SHIFT);
                }
                return String.format("= 0x%x (direct map)", v);
            }
        }.doSwitch(re.cause());
    }
}
