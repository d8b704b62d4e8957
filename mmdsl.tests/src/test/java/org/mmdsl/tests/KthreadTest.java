package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.runtime.event.Output;

import com.google.inject.Inject;

/** `kthread NAME < ... >`: context switches, the borrowed active_mm, the oops at a user address. */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class KthreadTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    /** "line: message" of the events after boot whose text matches, in run order. */
    private static String lines(Run run, String... containing) {
        return run.events().stream().filter(e -> NodeModelUtils.findActualNodeFor(e.cause()).getStartLine() > 1)
                .filter(e -> List.of(containing).stream().anyMatch(c -> e.event().message().contains(c)))
                .map(e -> NodeModelUtils.findActualNodeFor(e.cause()).getStartLine() + " " + e.event().message()
                        + (e.event() instanceof Output ? "\n" + ((Output) e.event()).text().stripTrailing() : ""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void anExitedTasksMmStaysWithTheKthreadUntilTheNextUserTaskRuns() throws Exception {
        Scenario s = parser.parse("""
                boot ram 256MB
                process app <
                  mmap buf at 0x40000000 8KB rw- private anon
                  write buf value 42
                  exit
                >
                kthread kworker <
                  show active_mm
                  read 0x40000000
                    expect warning "unable to handle page fault"
                  show active_mm
                >
                process init <
                  mmap b 4KB rw- private anon
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals(0, run.failedExpectations());
        assertEquals("""
                7 context_switch: app[1] → kworker[2]: lazy TLB, active_mm the mm of app[1], handed over from app[1] (CR3 not loaded)
                8 active_mm (CPU 0)
                CPU 0: current kworker[2], mm NULL, active_mm the mm of app[1] (borrowed: lazy TLB)
                  the mm of app[1]: mm_users 0, mm_count 1, 0 VMAs, pgd pfn 0x2003 (exit_mmap() ran: only the page directory is left)
                  CR3: 0x2003000
                9 BUG: unable to handle page fault for address: 40000000
                #PF: supervisor read access in kernel mode
                #PF: error_code(0x0000) - not-present page
                mmdsl: do_user_addr_fault(): kworker[2] is a kernel thread, current->mm is NULL: bad_area_nosemaphore(), no exception fixup, page_fault_oops(); the thread dies
                11 kworker died in its oops: this statement does not run
                13 context_switch: kworker[2] → init[3]: switch_mm, mmdrop(the mm of app[1]): mm_count 0, mm_struct freed (pgd_free())
                """, lines(run, "context_switch", "active_mm", "BUG", "died"));
    }

    @Test
    void aKthreadAfterARunningTaskGrabsItsMm() throws Exception {
        Scenario s = parser.parse("""
                boot ram 256MB
                process app <
                  mmap buf at 0x40000000 8KB rw- private anon
                  write buf value 42
                >
                kthread kworker <
                  read 0x40000000
                    expect value 42
                  show active_mm
                >
                thread t = clone app <
                  read 0x40000000
                >
                """);
        Run run = Interpreter.run(s, Interpreter.Limits.BATCH, null);
        assertEquals(0, run.failedExpectations());
        assertEquals("""
                6 context_switch: app[1] → kworker[2]: lazy TLB, active_mm the mm of app[1], mmgrab() (CR3 not loaded)
                7 kworker[2]: load of user address 0x40000000 went through the borrowed page tables of app[1] (no SMAP: no fault)
                9 active_mm (CPU 0)
                CPU 0: current kworker[2], mm NULL, active_mm the mm of app[1] (borrowed: lazy TLB)
                  the mm of app[1]: mm_users 1, mm_count 2, 1 VMAs, pgd pfn 0x2003
                  CR3: 0x2003000
                11 context_switch: kworker[2] → t[3]: switch_mm, mmdrop(the mm of app[1]): mm_count 1
                """, lines(run, "context_switch", "active_mm", "SMAP"));
    }

    @Test
    void aKthreadNameIsNotATaskName() throws Exception {
        Scenario s = parser.parse("""
                process init <
                >
                kthread init <
                  show active_mm
                >
                """);
        List<Issue> issues = validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        assertEquals("""
                3:9 error [duplicate-name] 'init' already names a task; give the kernel thread a name of its own
                """, ValidatorTest.snapshot(issues));
    }
}
