package org.mmdsl.ide.codelens;

import java.util.List;

import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.gson.JsonPrimitive;
import com.google.inject.Inject;

/**
 * {@code mmdsl.showMaps [uri, blockOffset]}: the /proc/PID/maps of the task of the block at that offset,
 * right after the block, as text (the code lens's command).
 */
public class MmdslCommandService implements IExecutableCommandService {
    public static final String SHOW_MAPS = "mmdsl.showMaps";

    @Inject
    private BlockSummaries summaries;

    @Override
    public List<String> initialize() {
        return List.of(SHOW_MAPS);
    }

    @Override
    public Object execute(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancel) {
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

    private static String string(Object o) {
        return o instanceof JsonPrimitive ? ((JsonPrimitive) o).getAsString() : String.valueOf(o);
    }
}
