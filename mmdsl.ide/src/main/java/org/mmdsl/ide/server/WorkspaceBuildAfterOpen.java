package org.mmdsl.ide.server;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;

/**
 * Builds the workspace folder's files (which {@link OpenDocumentsFirst} left unbuilt at start-up) after
 * the documents the editor opened: one file per write request, each queued behind every request already
 * there ({@link MmdslRequestManager#runWriteBehind}) and cancelled by an edit like any build, so the folder
 * never delays an open document's diagnostics, a hover or an edit by more than one file's build. A file
 * open in the editor is skipped (its didOpen built it). Starts on the first didOpen, or half a second
 * after {@code initialized} for an editor that opens nothing.
 */
final class WorkspaceBuildAfterOpen {

    private final MmdslRequestManager requests;
    private final WorkspaceManager workspace;
    private final Predicate<URI> open;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ConcurrentLinkedQueue<URI> pending = new ConcurrentLinkedQueue<>();

    WorkspaceBuildAfterOpen(MmdslRequestManager requests, WorkspaceManager workspace, Predicate<URI> open) {
        this.requests = requests;
        this.workspace = workspace;
        this.open = open;
    }

    /** Queues the first file's build (once; later calls do nothing). */
    void start() {
        if (started.compareAndSet(false, true)) {
            // the file list is read on the request queue, after the start-up build (initialize) made it
            next(true);
        }
    }

    private void next(boolean first) {
        if (!first && pending.isEmpty()) {
            return;
        }
        try {
            requests.runWriteBehind(() -> {
                if (first) {
                    for (ProjectManager p : workspace.getProjectManagers()) {
                        if (p instanceof OpenDocumentsFirst o) {
                            pending.addAll(o.takeUnbuilt());
                        }
                    }
                }
                return null;
            }, (cancel, nothing) -> {
                URI uri = pending.poll();
                while (uri != null && open.test(uri)) {
                    uri = pending.poll();
                }
                if (uri != null) {
                    workspace.didChangeFiles(List.of(uri), List.of()).build(cancel);
                }
                return null;
            }).whenCompleteAsync((r, e) -> next(false)); // async: a cancel completes it inside runWrite, whose write goes first
        } catch (RejectedExecutionException e) {
            // the server is shutting down
        }
    }
}
