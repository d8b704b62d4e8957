package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.validation.SimulationDiagnostics;

import com.google.inject.Inject;

/** Issue 3: the kernel's own memory statements, their handles, validation and run. */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class KernelMemoryTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    private String run(String text) throws Exception {
        Run r = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        StringBuilder sb = new StringBuilder();
        r.events().forEach(e -> {
            var issue = SimulationDiagnostics.issueOf(e);
            sb.append(issue == null ? "" : "[" + issue.id + "] ").append(e.event().message()).append('\n');
        });
        return sb.toString();
    }

    @Test
    void kernelHandlesAreVisibleToLaterKernelStatementsOnly() throws Exception {
        assertEquals("""
                3:9 error [unknown-name] 'later' is not visible here: 'later' is on line 4, and a name is visible only \
                after the statement that defines it: move line 4 above line 3
                6:25 error [unknown-gfp-flag] 'GFP_BOGUS' is not a GFP flag (e.g. GFP_KERNEL, GFP_ATOMIC, GFP_DMA, \
                __GFP_ZERO, __GFP_NOWARN)
                """, issues("""
                kernel <
                  kmalloc obj 64 GFP_KERNEL
                  kfree later
                  kmalloc later 64 GFP_KERNEL
                >
                kmalloc x 64 GFP_KERNEL|GFP_BOGUS
                kfree obj
                """));
    }

    @Test
    void kmallocRunsAndExpectFailMarksTheWarning() throws Exception {
        String out = run("""
                boot ram 64MB
                kernel <
                  kmalloc a 100 GFP_KERNEL
                    expect ok
                  kfree a
                  kfree a
                    expect fail
                  kmalloc z 0 GFP_KERNEL
                    expect address 0x10
                >
                """);
        assertTrue(out.contains("kmalloc(100, GFP_KERNEL) = 0x"), out);
        assertTrue(out.contains("[kmalloc-128]"), out);
        assertTrue(out.contains("[kernel-warning-expected] kfree(0x"), out);
        assertTrue(!out.contains("[expectation-failed]"), out);
    }
}
