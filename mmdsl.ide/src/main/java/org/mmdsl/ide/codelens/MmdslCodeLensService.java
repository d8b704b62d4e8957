package org.mmdsl.ide.codelens;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codelens.ICodeLensService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.inject.Inject;

/**
 * A lens above each process, thread and kernel block: VMAs and faults after the block, with the
 * {@code mmdsl.showMaps} command (MmdslCommandService) that returns the task's /proc/PID/maps there;
 * and a "picture" lens above each {@code show picture} statement and each process or thread block
 * ({@link PictureLenses}).
 */
public class MmdslCodeLensService implements ICodeLensService {

    @Inject
    private BlockSummaries summaries;

    @Override
    public List<? extends CodeLens> computeCodeLenses(Document document, XtextResource resource, CodeLensParams params,
            CancelIndicator cancel) {
        List<CodeLens> out = new ArrayList<>();
        for (BlockSummaries.Summary s : summaries.of(resource, cancel)) {
            Position start = document.getPosition(s.offset());
            Range range = new Range(start, new Position(start.getLine(), start.getCharacter() + 1));
            Command command = !s.hasMaps() ? new Command(s.title(), "")
                    : new Command(s.title(), MmdslCommandService.SHOW_MAPS,
                            List.of(params.getTextDocument().getUri(), s.offset()));
            out.add(new CodeLens(range, command, null));
        }
        out.addAll(PictureLenses.of(document, resource, params.getTextDocument().getUri()));
        return out;
    }
}
