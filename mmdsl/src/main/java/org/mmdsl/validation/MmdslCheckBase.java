package org.mmdsl.validation;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.mmdsl.mmdsl.MmdslPackage;

/**
 * Base of the per-concept validators composed by {@link MmdslValidator}: reports an {@link MmdslIssue}
 * with the registry's severity, so a check never chooses a severity of its own.
 */
public abstract class MmdslCheckBase extends AbstractDeclarativeValidator {

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into MmdslValidator; registering here would run every check twice
    }

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(MmdslPackage.eINSTANCE);
    }

    /** As {@link #report(MmdslIssue, String, EObject, EStructuralFeature, String...)}, on the index-th value of a list. */
    protected void report(MmdslIssue issue, String message, EObject object, EStructuralFeature feature, int index) {
        switch (issue.severity) {
            case ERROR:
                error(message, object, feature, index, issue.id);
                break;
            case WARNING:
                warning(message, object, feature, index, issue.id);
                break;
            default:
                info(message, object, feature, index, issue.id);
                break;
        }
    }

    protected void report(MmdslIssue issue, String message, EObject object, EStructuralFeature feature,
            String... data) {
        switch (issue.severity) {
            case ERROR:
                error(message, object, feature, -1, issue.id, data);
                break;
            case WARNING:
                warning(message, object, feature, -1, issue.id, data);
                break;
            default:
                info(message, object, feature, -1, issue.id, data);
                break;
        }
    }
}
