package org.mmdsl.ide.server;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The language server's answer to "generate files for this document?": never. mmdsl has no generator
 * (Xtext's null one), and Xtext's default answer (IShouldGenerate.OnlyWithoutErrors) validates every
 * document the builder just validated a second time — static checks and simulation again, with no cancel
 * indicator — which was half of each edit's build on a 1,000-line scenario (issue 15, JFR profile of
 * LspLatency).
 */
public final class NothingToGenerate implements IShouldGenerate {
    @Override
    public boolean shouldGenerate(Resource resource, CancelIndicator cancelIndicator) {
        return false;
    }
}
