package org.mmdsl.ide.contentassist;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.mmdsl.ide.hover.KernelDocs;
import org.mmdsl.runtime.uapi.Errno;
import org.mmdsl.runtime.uapi.SiCode;
import org.mmdsl.runtime.uapi.Signal;

/**
 * Completion beyond the grammar's keywords and the handles and tasks in scope (which Xtext proposes from
 * the cross references): errno names after {@code expect errno}, signals and si_codes after
 * {@code expect fault}, zone names after {@code expect zone}. Keywords carry their kernel doc line.
 */
public class MmdslIdeContentProposalProvider extends IdeContentProposalProvider {

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        String rule = GrammarUtil.containingRule(assignment).getName();
        List<String[]> names = new ArrayList<>();
        switch (rule + "." + assignment.getFeature()) {
            case "ErrnoExpectation.errno":
                for (Errno e : Errno.values()) {
                    names.add(new String[] {e.name(), e.description});
                }
                break;
            case "FaultExpectation.signal":
                for (Signal s : Signal.values()) {
                    if (s != Signal.SIGKILL) {
                        names.add(new String[] {s.name(), "signal " + s.number});
                    }
                }
                break;
            case "FaultExpectation.code":
                for (SiCode c : SiCode.values()) {
                    names.add(new String[] {c.name(), c.signal == null ? "si_code" : "si_code of " + c.signal});
                }
                break;
            case "ZoneCheck.zone":
                for (String z : new String[] {"DMA", "DMA32", "Normal", "HighMem", "Movable"}) {
                    names.add(new String[] {z, "ZONE_" + z.toUpperCase()});
                }
                break;
            default:
                super._createProposals(assignment, context, acceptor);
                return;
        }
        for (String[] n : names) {
            if (n[0].startsWith(context.getPrefix())) {
                ContentAssistEntry entry = getProposalCreator().createProposal(n[0], context);
                if (entry != null) {
                    entry.setDescription(n[1]);
                    entry.setKind(ContentAssistEntry.KIND_VALUE);
                    acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
                }
            }
        }
    }

    @Override
    protected void _createProposals(Keyword keyword, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (!filterKeyword(keyword, context)) {
            return;
        }
        ContentAssistEntry entry = getProposalCreator().createProposal(keyword.getValue(), context);
        if (entry != null) {
            entry.setKind(ContentAssistEntry.KIND_KEYWORD);
            String doc = KernelDocs.of(keyword.getValue());
            if (doc != null) {
                entry.setDescription(doc);
            }
            acceptor.accept(entry, getProposalPriorities().getKeywordPriority(keyword.getValue(), entry));
        }
    }
}
