package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.SpareKernels;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.arch.BootParams;
import org.mmdsl.runtime.event.Output;

import com.google.inject.Inject;

/**
 * Issue 15: an editor run on a machine booted ahead of time (SpareKernels, which the language server
 * enables) shows exactly what a run that boots its own shows: the boot messages in their order, the
 * faults, the frames and the /proc files, run after run on the same and on another boot line.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class SpareKernelsTest {

    @Inject
    private ParseHelper<Scenario> parser;

    private static final String SCENARIO = """
            %s
            process init <
              mmap buf 64KB rw- private anon
              write buf+4KB value 42
              read buf+4KB
              show buddyinfo
              show meminfo
            >
            kernel <
              kmalloc k 100 GFP_KERNEL
            >
            """;

    @AfterEach
    void off() {
        SpareKernels.disable();
    }

    /** Every event of an editor run, as the CLI would list it: message, and an Output's text. */
    private String editorRun(String boot) throws Exception {
        Run run = Interpreter.run(parser.parse(SCENARIO.formatted(boot)), Interpreter.Limits.EDITOR, null);
        return run.events().stream()
                .map(e -> e.event().message() + (e.event() instanceof Output o ? "\n" + o.text() : "") + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void aSpareMachineRunsAsAFreshlyBootedOne() throws Exception {
        String small = "boot ram 256MB";
        String large = "boot ram 1536MB highmem";
        String freshSmall = editorRun(small);
        String freshLarge = editorRun(large);
        assertTrue(freshLarge.startsWith("BIOS-provided physical RAM map:"), freshLarge.lines().findFirst().orElse(""));
        assertTrue(freshLarge.contains("HighMem"), "the 1.5 GB machine has a HighMem zone");
        SpareKernels.enable();
        SpareKernels.prepare(new BootParams()); // the default machine, as the language server asks at start
        for (int i = 0; i < 3; i++) {
            assertEquals(freshLarge, editorRun(large), "run " + i + " on the 1.5 GB machine");
            assertEquals(freshSmall, editorRun(small), "run " + i + " on the 256 MB machine");
        }
    }
}
