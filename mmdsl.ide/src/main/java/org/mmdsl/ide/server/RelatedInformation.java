package org.mmdsl.ide.server;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.validation.Issue;
import org.mmdsl.validation.MmdslResourceValidator;

/**
 * LSP related information from a simulated issue's data: the entries MmdslResourceValidator wrote
 * ({@code related:LINE,COLUMN,END_LINE,END_COLUMN,MESSAGE}) become locations in the same document. Other
 * data (the values quick fixes read) is left alone.
 */
final class RelatedInformation {
    private RelatedInformation() {
    }

    /** The related information of {@code issue} in the document {@code uri}, or null when it has none. */
    static List<DiagnosticRelatedInformation> of(Issue issue, String uri) {
        if (issue.getData() == null) {
            return null;
        }
        List<DiagnosticRelatedInformation> out = new ArrayList<>();
        for (String d : issue.getData()) {
            if (d == null || !d.startsWith(MmdslResourceValidator.RELATED)) {
                continue;
            }
            String[] f = d.substring(MmdslResourceValidator.RELATED.length()).split(",", 5);
            if (f.length < 5) {
                continue;
            }
            try {
                Range r = new Range(new Position(Integer.parseInt(f[0]), Integer.parseInt(f[1])),
                        new Position(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                out.add(new DiagnosticRelatedInformation(new Location(uri, r), f[4]));
            } catch (NumberFormatException e) {
                // not ours
            }
        }
        return out.isEmpty() ? null : out;
    }
}
