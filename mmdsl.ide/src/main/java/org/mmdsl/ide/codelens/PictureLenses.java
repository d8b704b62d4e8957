package org.mmdsl.ide.codelens;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.ide.picture.PictureAnchors;

/**
 * A "picture" lens above each {@code show picture} statement and each process or thread block, with the
 * command {@code mmdsl.showPicture [uri, offset]}: its text form for any client (MmdslCommandService);
 * the VS Code extension turns it into the picture panel. Read from the AST alone, so the lenses stay
 * in place while the scenario has errors (the command then says why there is no picture).
 */
public final class PictureLenses {
    public static final String TITLE = "picture";

    private PictureLenses() {
    }

    public static List<CodeLens> of(Document document, XtextResource resource, String uri) {
        List<CodeLens> out = new ArrayList<>();
        for (PictureAnchors.Anchor a : PictureAnchors.of(resource)) {
            Position start = document.getPosition(a.offset());
            Range range = new Range(start, new Position(start.getLine(), start.getCharacter() + 1));
            out.add(new CodeLens(range, new Command(TITLE, MmdslCommandService.SHOW_PICTURE, List.of(uri, a.offset())),
                    null));
        }
        return out;
    }
}
