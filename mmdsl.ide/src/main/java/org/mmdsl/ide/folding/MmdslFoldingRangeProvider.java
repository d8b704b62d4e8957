package org.mmdsl.ide.folding;

import java.util.SortedSet;
import java.util.TreeSet;

import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.editor.folding.FoldingRange;
import org.eclipse.xtext.ide.editor.folding.FoldingRangeKind;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeProvider;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Folds every {@code < … >} block (processes, threads, kernel blocks) from its opening line to its
 * closing {@code >}, and block comments. Matching is done on the keywords so a half-typed block
 * still folds up to where it is closed.
 */
public class MmdslFoldingRangeProvider implements IFoldingRangeProvider {

    @Override
    public SortedSet<FoldingRange> getFoldingRanges(XtextResource resource, CancelIndicator cancel) {
        SortedSet<FoldingRange> out = new TreeSet<>(java.util.Comparator.comparingInt(FoldingRange::getOffset)
                .thenComparingInt(FoldingRange::getLength));
        ICompositeNode root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
        if (root == null) {
            return out;
        }
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.getGrammarElement() instanceof Keyword) {
                String k = ((Keyword) leaf.getGrammarElement()).getValue();
                if ("<".equals(k)) {
                    open.push(leaf.getOffset());
                } else if (">".equals(k) && !open.isEmpty()) {
                    int start = open.pop();
                    out.add(new FoldingRange(start, leaf.getEndOffset() - start, null));
                }
            } else if (leaf.isHidden() && leaf.getText().startsWith("/*") && leaf.getText().indexOf('\n') >= 0) {
                out.add(new FoldingRange(leaf.getOffset(), leaf.getLength(), FoldingRangeKind.COMMENT));
            }
        }
        return out;
    }
}
