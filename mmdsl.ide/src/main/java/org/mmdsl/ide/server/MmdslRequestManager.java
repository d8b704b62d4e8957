package org.mmdsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.eclipse.xtext.ide.server.concurrent.AbstractRequest;
import org.eclipse.xtext.ide.server.concurrent.RequestManager;
import org.eclipse.xtext.ide.server.concurrent.WriteRequest;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.xbase.lib.Functions.Function0;
import org.eclipse.xtext.xbase.lib.Functions.Function2;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Xtext's request manager plus one kind of write: {@link #runWriteBehind}, queued behind the requests
 * already there without cancelling them (Xtext's runWrite cancels every earlier request: right for an
 * edit, wrong for background work such as {@link WorkspaceBuildAfterOpen}, which must not cancel the
 * build of a document just opened). Such a write is itself cancelled by the next ordinary write.
 */
@Singleton
public class MmdslRequestManager extends RequestManager {

    /** The requests submitted and not yet done (Xtext keeps its own list private). */
    private final List<AbstractRequest<?>> submitted = new ArrayList<>();

    @Inject
    public MmdslRequestManager(ExecutorService parallel, OperationCanceledManager operationCanceledManager) {
        super(parallel, operationCanceledManager);
    }

    @Override
    protected void addRequest(AbstractRequest<?> request) {
        super.addRequest(request);
        synchronized (submitted) {
            submitted.removeIf(r -> r.get().isDone());
            submitted.add(request);
        }
    }

    /**
     * A write that runs after every request submitted so far has finished (reads included: a build must
     * not change the resource set under a hover), cancelling none of them.
     */
    public synchronized <U, V> CompletableFuture<V> runWriteBehind(Function0<? extends U> nonCancellable,
            Function2<? super CancelIndicator, ? super U, ? extends V> cancellable) {
        CompletableFuture<?>[] before;
        synchronized (submitted) {
            before = submitted.stream().map(r -> r.get().handle((v, e) -> null)).toArray(CompletableFuture[]::new);
        }
        return submit(new WriteRequest<>(this, nonCancellable, cancellable, CompletableFuture.allOf(before)));
    }

    /** Whether a write (an edit's build, a file of the folder) is queued or running. */
    public boolean writePending() {
        synchronized (submitted) {
            return submitted.stream().anyMatch(r -> r instanceof WriteRequest && !r.get().isDone());
        }
    }
}
