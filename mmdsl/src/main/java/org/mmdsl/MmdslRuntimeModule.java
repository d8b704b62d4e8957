package org.mmdsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.validation.IResourceValidator;
import org.mmdsl.conversion.MmdslValueConverters;
import org.mmdsl.validation.MmdslLinkingMessages;
import org.mmdsl.validation.MmdslResourceValidator;

/** Guice bindings of the language: number conversion, messages for unknown names, simulated diagnostics. */
public class MmdslRuntimeModule extends AbstractMmdslRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return MmdslValueConverters.class;
    }

    public Class<? extends IResourceValidator> bindIResourceValidator() {
        return MmdslResourceValidator.class;
    }

    public Class<? extends org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
        return org.mmdsl.parser.MmdslSyntaxErrorMessages.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return MmdslLinkingMessages.class;
    }
}
