package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 6: `show pagetypeinfo` and the migrate-type checks `expect zone Z free order K
 * migratetype T N` and `expect zone Z pageblocks T N`; a type the model's kernel does not list is an
 * `unknown-migratetype` error naming the model's types (2.6.24 has Reserve, 6.1 HighAtomic and CMA).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class MigrateTypeLanguageTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    @Test
    void aMigrateTypeIsOneOfTheModelsKernel() throws Exception {
        assertEquals("""
                3:44 error [unknown-migratetype] 'Moveable' is not a migrate type of this kernel (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate) (did you mean Movable?)
                4:28 error [unknown-migratetype] 'Reserve' is not a migrate type of this kernel (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate)
                """, issues("""
                boot ram 256MB arch x86_64
                show pagetypeinfo
                expect zone DMA32 free order 9 migratetype Moveable 1
                expect zone DMA pageblocks Reserve 1
                expect zone DMA pageblocks Movable 7
                """));
        assertEquals("""
                3:28 error [unknown-migratetype] 'HighAtomic' is not a migrate type of this kernel (Unmovable, Reclaimable, Movable, Reserve, Isolate)
                """, issues("""
                boot ram 256MB kernel 2.6
                show pagetypeinfo
                expect zone DMA pageblocks HighAtomic 0
                expect zone DMA pageblocks Reserve 1
                """));
    }
}
