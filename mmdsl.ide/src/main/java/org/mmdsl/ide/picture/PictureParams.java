package org.mmdsl.ide.picture;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * The parameters of {@code mmdsl/picture}: the document, a position in it, and optionally a kind that
 * overrides the one the statement asks for ({@code maps}, {@code physical}, {@code kernel}, {@code buddy},
 * {@code walk}) and the task to draw maps or walk of (a process or thread name).
 */
public class PictureParams {
    private TextDocumentIdentifier textDocument;
    private Position position;
    private String kind;
    private String task;

    public PictureParams() {
    }

    public PictureParams(TextDocumentIdentifier textDocument, Position position, String kind, String task) {
        this.textDocument = textDocument;
        this.position = position;
        this.kind = kind;
        this.task = task;
    }

    public TextDocumentIdentifier getTextDocument() {
        return textDocument;
    }

    public void setTextDocument(TextDocumentIdentifier textDocument) {
        this.textDocument = textDocument;
    }

    public Position getPosition() {
        return position;
    }

    public void setPosition(Position position) {
        this.position = position;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getTask() {
        return task;
    }

    public void setTask(String task) {
        this.task = task;
    }
}
