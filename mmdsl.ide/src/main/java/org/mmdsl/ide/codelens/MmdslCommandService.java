package org.mmdsl.ide.codelens;

import java.util.List;

import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.mmdsl.ide.picture.EditorPictures;

import com.google.gson.JsonPrimitive;
import com.google.inject.Inject;

/**
 * The code lenses' commands, answered with text so that every client can show them:
 * {@code mmdsl.showMaps [uri, blockOffset]}, the /proc/PID/maps of the task of the block at that offset,
 * right after the block; {@code mmdsl.showPicture [uri, offset, kind?]}, the title and text form of the
 * picture of the {@code show picture} statement or block at that offset (EditorPictures; clients with
 * the {@code mmdsl/picture} request draw the SVG instead).
 */
public class MmdslCommandService implements IExecutableCommandService {
    public static final String SHOW_MAPS = "mmdsl.showMaps";
    public static final String SHOW_PICTURE = "mmdsl.showPicture";
    /** Every command, in name order, as the initialize result lists them. */
    public static final List<String> COMMANDS = List.of(SHOW_MAPS, SHOW_PICTURE);

    @Inject
    private BlockSummaries summaries;

    @Inject
    private EditorPictures pictures;

    @Override
    public List<String> initialize() {
        return COMMANDS;
    }

    @Override
    public Object execute(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancel) {
        if (SHOW_PICTURE.equals(params.getCommand())) {
            return showPicture(params, access, cancel);
        }
        if (!SHOW_MAPS.equals(params.getCommand()) || params.getArguments() == null || params.getArguments().size() < 2) {
            return "usage: mmdsl.showMaps URI OFFSET";
        }
        String uri = string(params.getArguments().get(0));
        int offset = (int) Double.parseDouble(string(params.getArguments().get(1)));
        String none = "no process or thread block starts there in the current text (or the scenario has errors)";
        return access.doSyncRead(uri, ctx -> {
            if (!ctx.isDocumentOpen() || !(ctx.getResource() instanceof XtextResource resource)) {
                return none; // a document the client has not opened (issue 15 point 10: no internal error)
            }
            for (BlockSummaries.Summary s : summaries.of(resource, cancel)) {
                if (s.offset() == offset && s.hasMaps()) {
                    return "/proc/" + s.pid() + "/maps of " + s.name() + " after its block\n" + s.maps();
                }
            }
            return none;
        });
    }

    private Object showPicture(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancel) {
        List<Object> args = params.getArguments();
        if (args == null || args.size() < 2) {
            return "usage: mmdsl.showPicture URI OFFSET [KIND]";
        }
        int offset;
        try {
            offset = (int) Double.parseDouble(string(args.get(1)));
        } catch (NumberFormatException e) {
            return "usage: mmdsl.showPicture URI OFFSET [KIND] (OFFSET is a number, not " + string(args.get(1)) + ")";
        }
        String kind = args.size() > 2 && args.get(2) != null ? string(args.get(2)) : null;
        return access.doSyncRead(string(args.get(0)), ctx -> pictures
                .atOffset(ctx.getDocument(), (XtextResource) ctx.getResource(), offset, kind, cancel).plainText());
    }

    private static String string(Object o) {
        return o instanceof JsonPrimitive ? ((JsonPrimitive) o).getAsString() : String.valueOf(o);
    }
}
