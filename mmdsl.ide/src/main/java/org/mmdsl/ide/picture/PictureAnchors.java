package org.mmdsl.ide.picture;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.XtextResource;
import org.mmdsl.ast.Block;
import org.mmdsl.ide.simulation.EditorSimulation;
import org.mmdsl.mmdsl.ShowPicture;
import org.mmdsl.picture.Picture;

/**
 * Where a picture can be asked for, read from the AST alone (no run): each {@code show picture}
 * statement (the picture it asks for) and each process or thread block (the task's maps after the
 * block). The code lenses stand above them; {@code mmdsl/picture} draws the one at or before a position.
 */
public final class PictureAnchors {
    private PictureAnchors() {
    }

    /** One place: the statement or block, the offset of its first character, and what it draws by default. */
    public record Anchor(EObject node, int offset, Picture.Kind kind) {
        /** Whether it is a process or thread block (drawn after its last statement). */
        public boolean block() {
            return !(node instanceof ShowPicture);
        }

        /**
         * The kinds that can be drawn here: the machine-wide three always, maps where a task is known (a
         * block, a statement in a process block or naming a task), walk only at a walk (it needs the
         * statement's address).
         */
        public List<String> kinds() {
            List<String> out = new ArrayList<>();
            boolean task = block() || ((ShowPicture) node).getTask() != null
                    || Block.asTask(Block.enclosing(node)) != null;
            if (task) {
                out.add(Picture.Kind.MAPS.word());
            }
            if (kind == Picture.Kind.WALK) {
                out.add(Picture.Kind.WALK.word());
            }
            out.add(Picture.Kind.PHYSICAL.word());
            out.add(Picture.Kind.KERNEL.word());
            out.add(Picture.Kind.BUDDY.word());
            return out;
        }
    }

    /** Every anchor of the resource, in text order; empty when it did not parse into a scenario. */
    public static List<Anchor> of(XtextResource resource) {
        List<Anchor> out = new ArrayList<>();
        if (resource.getContents().isEmpty()) {
            return out;
        }
        resource.getContents().get(0).eAllContents().forEachRemaining(o -> {
            if (o instanceof ShowPicture s) {
                Picture.Kind kind = s.isWalk() ? Picture.Kind.WALK
                        : s.getKind() == null ? null : Picture.Kind.byWord(s.getKind().getLiteral());
                if (kind != null) {
                    out.add(new Anchor(s, EditorSimulation.offsetOf(s), kind));
                }
            } else if (Block.asTask(o) != null) {
                out.add(new Anchor(o, EditorSimulation.offsetOf(o), Picture.Kind.MAPS));
            }
        });
        out.removeIf(a -> a.offset() < 0);
        out.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return out;
    }
}
