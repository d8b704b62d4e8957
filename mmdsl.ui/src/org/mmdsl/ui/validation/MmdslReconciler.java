package org.mmdsl.ui.validation;

import org.eclipse.jface.text.reconciler.MonoReconciler;

/**
 * Re-validates the whole scenario in the reconciler's background thread 400 ms after the user stops
 * typing. Each keystroke cancels the progress monitor of a reconcile still running, which the strategy
 * turns into Xtext's cancel indicator, so a long simulation is abandoned rather than awaited.
 */
public class MmdslReconciler extends MonoReconciler {
    public MmdslReconciler() {
        super(new MmdslReconcilingStrategy(), false);
        setDelay(400);
    }
}
