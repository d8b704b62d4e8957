package org.mmdsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.junit.jupiter.api.Test;
import org.mmdsl.mmdsl.MmdslPackage;

/**
 * KernelModelValidator keys its rules on grammar rule, feature and enum-literal names; a key the
 * grammar does not have would never fire. Issue 7 found three such keys (KmapLocalPage, KmapAtomic,
 * KunmapAtomic) and one that fired too often (KmapLocal without a feature rejected kmap_atomic
 * under 2.6); this test keeps the keys and the grammar together.
 */
class KernelModelValidatorTest {

    @Test
    void everyKeyNamesARuleFeatureAndLiteralOfTheGrammar() {
        List<String> stale = new ArrayList<>();
        for (KernelModelValidator.Missing m : KernelModelValidator.RULES) {
            EClassifier c = MmdslPackage.eINSTANCE.getEClassifier(m.rule());
            if (!(c instanceof EClass)) {
                stale.add("no rule " + m.rule());
                continue;
            }
            if (m.feature() == null) {
                continue;
            }
            EStructuralFeature f = ((EClass) c).getEStructuralFeature(m.feature());
            if (f == null) {
                stale.add("no feature " + m.rule() + "." + m.feature());
            } else if (m.value() != null && f.getEType() instanceof EEnum
                    && ((EEnum) f.getEType()).getEEnumLiteralByLiteral(m.value()) == null) {
                stale.add("no literal " + m.value() + " in " + m.rule() + "." + m.feature());
            }
        }
        assertEquals(List.of(), stale);
    }

    /**
     * Issue 12: which models lack a thing is the vocabulary's version table. Every rule speaks for at
     * least one model, a rule narrowed to one model names a model that lacks the thing, and every model
     * that lacks it has a rule (so a narrowed rule cannot leave a model silent).
     */
    @Test
    void everyRuleFollowsTheVersionTable() {
        List<String> wrong = new ArrayList<>();
        for (KernelModelValidator.Missing m : KernelModelValidator.RULES) {
            String key = m.rule() + "." + m.feature() + "=" + m.value();
            if (m.only() != null && m.only().processRules.has(m.what())) {
                wrong.add(key + ": kernel " + m.only().label + " has " + m.what().kernelName());
            }
            boolean any = false;
            for (org.mmdsl.runtime.arch.KernelModel model : org.mmdsl.runtime.arch.KernelModel.values()) {
                if (m.appliesTo(model)) {
                    any = true;
                }
                if (!model.processRules.has(m.what()) && KernelModelValidator.RULES.stream().noneMatch(o -> o.what() == m.what()
                        && o.rule().equals(m.rule()) && java.util.Objects.equals(o.feature(), m.feature())
                        && java.util.Objects.equals(o.value(), m.value()) && o.appliesTo(model))) {
                    wrong.add(key + ": no rule for kernel " + model.label);
                }
            }
            if (!any) {
                wrong.add(key + ": every model has " + m.what().kernelName());
            }
        }
        assertEquals(List.of(), wrong);
    }
}
