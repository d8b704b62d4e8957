package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A node the machine lacks: mpol_set_nodemask() drops it beside a node of the machine, and a list of
     * such nodes only is EINVAL (silent when the statement expects it; the runtime does the same).
     */
    @Test
    void policyNodesTheMachineLacksAreNamed() throws Exception {
        assertEquals("""
                3:25 warning [node-not-on-machine] this machine has no node 3 (its nodes are 0..1): set_mempolicy drops it from the mask and uses the others (mpol_set_nodemask())
                4:22 warning [node-not-on-machine] this machine has no node 3 (its nodes are 0..1): set_mempolicy fails with EINVAL (mpol_set_nodemask() leaves no node); write `expect errno EINVAL` if that is the point
                8:26 warning [node-not-on-machine] this machine has no nodes 5, 7 (its nodes are 0..1): mbind fails with EINVAL (mpol_set_nodemask() leaves no node); write `expect errno EINVAL` if that is the point
                """, issues("""
                boot ram 2GB arch x86_64 nodes 2
                process p <
                  set_mempolicy bind 0, 3
                  set_mempolicy bind 3
                  set_mempolicy bind 2
                    expect errno EINVAL
                  mmap a 8KB rw- private anon
                  mbind a 4KB interleave 5, 7
                >
                """));
        assertEquals("""
                3:22 warning [node-not-on-machine] this machine has no node 1 (its nodes are 0..0): set_mempolicy fails with EINVAL (mpol_set_nodemask() leaves no node); write `expect errno EINVAL` if that is the point, or `boot ... nodes 2` for a NUMA machine
                """, issues("""
                boot ram 1GB arch x86_64
                process p <
                  set_mempolicy bind 1
                >
                """));
    }

    /** What the run does with those lists: `bind 0,3` binds to node 0 (numa_maps), `bind 3` returns EINVAL. */
    @Test
    void theRunDropsAbsentNodes() throws Exception {
        String events = ValidatorTest.eventsFrom(parser, """
                boot ram 2GB arch x86_64 nodes 2
                process p <
                  mmap a 4KB rw- private anon
                  mbind a 4KB bind 0, 3
                  write a
                  set_mempolicy bind 3
                    expect errno EINVAL
                >
                show numa_maps p
                """, "/proc/1/numa_maps");
        assertTrue(events.contains(" bind:0 anon=1 dirty=1 active=0 N0=1 kernelpagesize_kB=4"), events);
    }
}
