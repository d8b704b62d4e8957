package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 7, the language side: {@code boot ... nodes}, where the validator refuses it,
 * {@code expect node N zone ...}, and the memory-policy statements' modes.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16NumaTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    @Test
    void nodesIsAnX86_64OptionWhoseSizesAddUpToTheRam() throws Exception {
        assertEquals("\n", issues("boot ram 4GB arch x86_64 nodes 2"));
        assertEquals("\n", issues("boot arch x86_64 nodes 1GB,3GB distance 21"));
        assertEquals("""
                1:1 error [boot-option-conflict] the model plays NUMA on x86_64 only (an i386 NUMA kernel is CONFIG_X86_32 NUMAQ-era history): use `arch x86_64`
                """, issues("boot ram 4GB nodes 2"));
        assertEquals("""
                1:1 error [boot-option-conflict] the nodes' sizes add up to 3072 MB but the machine has 4096 MB of RAM: give `ram` the sum, or sizes that add up to it
                """, issues("boot ram 4GB arch x86_64 nodes 1GB,2GB"));
        assertEquals("""
                1:1 error [boot-option-conflict] nodes must be between 2 and 8 (one node is the default machine)
                """, issues("boot ram 4GB arch x86_64 nodes 9"));
    }

    @Test
    void expectNodeNamesANodeOfTheMachine() throws Exception {
        assertEquals("""
                2:13 error [unknown-zone] this machine has no node 2: its nodes are 0..1
                """, issues("""
                boot ram 4GB arch x86_64 nodes 2
                expect node 2 zone Normal free 1
                """));
        assertEquals("""
                2:13 error [unknown-zone] this machine has no node 1: its nodes are 0..0 (`boot ... nodes 2` makes a NUMA machine)
                """, issues("""
                boot ram 4GB arch x86_64
                expect node 1 zone Normal free 1
                """));
    }

    @Test
    void policiesAreTheKernelsModes() throws Exception {
        assertEquals("""
                3:17 error [bad-flags] 'spread' is not a memory policy mode (default, preferred, bind, interleave, local)
                4:17 error [bad-flags] bind needs its nodes, e.g. `bind 1` (mpol_new(): EINVAL)
                5:20 error [bad-flags] default takes no nodes (mpol_new(): EINVAL)
                """, issues("""
                boot ram 4GB arch x86_64 nodes 2
                process p <
                  set_mempolicy spread 0,1
                  set_mempolicy bind
                  mbind 0x1000 4KB default 1
                >
                """));
    }
}
