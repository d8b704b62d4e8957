package org.mmdsl.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.mmdsl.ide.MmdslIdeSetup;

import com.google.inject.Injector;

/**
 * The language, in-process: one Guice injector made by mmdsl.ide's {@link MmdslIdeSetup} (the same
 * bindings the language server uses), and parsing of an editor's text into a fresh resource. Every
 * editor service of this bundle goes through here; none re-implements a rule of the language.
 */
public final class MmdslLanguage {
    private static volatile Injector injector;

    private MmdslLanguage() {
    }

    /** The language's injector (runtime module + ide module), created on first use. */
    public static Injector injector() {
        Injector i = injector;
        if (i == null) {
            synchronized (MmdslLanguage.class) {
                i = injector;
                if (i == null) {
                    i = new MmdslIdeSetup().createInjectorAndDoEMFRegistration();
                    injector = i;
                }
            }
        }
        return i;
    }

    /**
     * Parses {@code text} into a new resource of its own resource set, so a parse never sees another
     * editor's state. Linking is lazy; the caller validates if it wants diagnostics.
     */
    public static XtextResource parse(String text, URI uri) {
        Injector in = injector();
        XtextResourceSet resourceSet = in.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) in.getInstance(IResourceFactory.class).createResource(uri);
        resourceSet.getResources().add(resource);
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
        return resource;
    }

    /** The workspace file a document belongs to, or {@code null} for a file outside the workspace. */
    public static IFile fileOf(IDocument document) {
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null) {
            return null;
        }
        IPath path = buffer.getLocation();
        if (path != null && path.segmentCount() > 1) {
            IFile file = ResourcesPlugin.getWorkspace().getRoot().getFile(path);
            if (file.exists()) {
                return file;
            }
        }
        return null;
    }

    /** Whether {@code document} is the text of a scenario (a *.mmdsl file open in an editor). */
    public static boolean isMmdsl(IDocument document) {
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null) {
            return false;
        }
        if (buffer.getLocation() != null) {
            return "mmdsl".equals(buffer.getLocation().getFileExtension());
        }
        return buffer.getFileStore() != null && buffer.getFileStore().getName().endsWith(".mmdsl");
    }

    /** The URI a document's resource gets: the workspace file's, else its file-system location. */
    public static URI uriOf(IDocument document) {
        IFile file = fileOf(document);
        if (file != null) {
            return URI.createPlatformResourceURI(file.getFullPath().toString(), true);
        }
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer != null && buffer.getFileStore() != null) {
            return URI.createURI(buffer.getFileStore().toURI().toString());
        }
        return URI.createURI("inmemory:/scenario.mmdsl");
    }
}
