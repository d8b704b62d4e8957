package org.mmdsl.ide.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

/**
 * A completion asked while a build is pending, as when it is typed right after an edit (an editor sends
 * the edit and the completion together): answered from the document's text as the server last received
 * it, with a parse of its own in a resource set of its own, on a thread of its own, instead of waiting as
 * Xtext's read requests do for the edit's build (parse, validation and the scenario's run of the whole
 * file: about a tenth of a second on 1,000 lines, more under load). The proposals are the content-assist
 * service's for that text, the same as once the build is done (the language has no references between
 * files, so the resource needs no index). Without a pending build the server answers as Xtext does, on the
 * built resource, which costs no parse.
 *
 * <p>Does not cancel or delay the build. Keeps its own parse of the last four documents it answered for,
 * updated by the next answer with Xtext's partial parser (only the edited region is parsed again); all of it
 * is touched only on this class's one thread.
 */
final class CompletionWhileBuilding {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mmdsl-completion");
        t.setDaemon(true);
        return t;
    });

    /**
     * The completion list at {@code params}' position in {@code doc}; {@code services} gives the language's
     * content-assist service, resource factory and resource set. Cancelled with the request ($/cancelRequest).
     */
    CompletableFuture<Either<List<CompletionItem>, CompletionList>> complete(URI uri, Document doc, CompletionParams params,
            Services services) {
        return CompletableFutures.computeAsync(executor, cancel -> {
            ContentAssistService assist = services.get(uri, ContentAssistService.class);
            IResourceFactory factory = services.get(uri, IResourceFactory.class);
            XtextResourceSet set = services.get(uri, XtextResourceSet.class);
            if (assist == null || factory == null || set == null) {
                return Either.forRight(new CompletionList(List.of()));
            }
            XtextResource resource = shadow(uri, doc.getContents(), factory, set);
            if (resource == null) {
                return Either.forRight(new CompletionList(List.of()));
            }
            return Either.forRight(assist.createCompletionList(doc, resource, params, cancel::isCanceled));
        });
    }

    /** This thread's own parse of each document it answered for, with the text it holds (at most four). */
    private final Map<URI, Shadow> shadows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, Shadow> eldest) {
            return size() > 4;
        }
    };

    private record Shadow(XtextResource resource, String text) {
    }

    /**
     * The document's text parsed: the previous parse of this document updated with Xtext's partial parser
     * (XtextResource.update() over the one region where the texts differ, as an editor's reconciler does),
     * or a new parse. Null if the text cannot be read in.
     */
    private XtextResource shadow(URI uri, String text, IResourceFactory factory, XtextResourceSet set) {
        Shadow old = shadows.get(uri);
        if (old != null) {
            String before = old.text();
            int max = Math.min(before.length(), text.length());
            int prefix = 0;
            while (prefix < max && before.charAt(prefix) == text.charAt(prefix)) {
                prefix++;
            }
            int suffix = 0;
            while (suffix < max - prefix
                    && before.charAt(before.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
                suffix++;
            }
            if (prefix != before.length() || prefix != text.length()) {
                old.resource().update(prefix, before.length() - prefix - suffix,
                        text.substring(prefix, text.length() - suffix));
            }
            shadows.put(uri, new Shadow(old.resource(), text));
            return old.resource();
        }
        XtextResource resource = (XtextResource) factory.createResource(uri);
        set.getResources().add(resource);
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        } catch (IOException e) {
            return null;
        }
        shadows.put(uri, new Shadow(resource, text));
        return resource;
    }

    /** The language's services for a URI (LanguageServerImpl.getService). */
    interface Services {
        <T> T get(URI uri, Class<T> type);
    }
}
