package org.mmdsl.generator;

import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenPackage;
import org.eclipse.xtext.xtext.generator.ecore.EMFGeneratorFragment2;

/**
 * Xtext's EMF generator, always with the package's {@code Literals} interface and code-initialised
 * packages. EMF's GenPackageImpl.initialize() switches a "big model" (more than 500 classes,
 * supertypes, features, enums and enum literals together) to load initialisation from the
 * serialised .ecore and drops {@code MmdslPackage.Literals}, which validators, scoping and the
 * interpreter use everywhere; the grammar crossed that line in issue 11. Does not change anything
 * else EMFGeneratorFragment2 generates.
 */
public class LiteralsEmfGeneratorFragment extends EMFGeneratorFragment2 {

    @Override
    protected void doGenerate(GenModel genModel) {
        for (GenPackage p : genModel.getGenPackages()) {
            p.setLiteralsInterface(true);
            p.setLoadInitialization(false);
        }
        super.doGenerate(genModel);
    }
}
