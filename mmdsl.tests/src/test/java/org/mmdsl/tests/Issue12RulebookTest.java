package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.diagnostics.Severity;
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
import org.mmdsl.oracle.OracleTranslator;
import org.mmdsl.runtime.event.CallResult;

import com.google.inject.Inject;

/**
 * Issue 12, one rulebook: the validators, the oracle translator and the runtime give one errno for a
 * call whose arguments the kernel refuses, because all three ask the runtime's argument checks
 * (runtime vma Mmap.checkMmap, checkMunmap, Mprotect.checkMprotect, Mremap.checkMremap,
 * Madvise.checkMadvise). Each row is one call, as a scenario statement and as a line of the
 * proc-maps driver's script, and the errno the kernel returns. For each row:
 * <ol>
 * <li>the statement alone is a static error (the validator knows the call fails);</li>
 * <li>the run of it returns the row's errno (the runtime's system call);</li>
 * <li>with {@code expect errno E} for that errno the scenario validates: the static diagnostic's errno is
 * the runtime's;</li>
 * <li>the oracle translator, without a recording, writes {@code expect errno E} for the driver's line, and
 * its scenario validates.</li>
 * </ol>
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue12RulebookTest {

    @Inject
    private ParseHelper<Scenario> parser;
    @Inject
    private IResourceValidator validator;

    // statement                                   | driver script line ("-": none)                | errno
    private static final String TABLE = """
            mmap at 0x10001 4KB rw- private anon fixed  | mmap A 0x10001 0x1000 rw- private,anon,fixed   | EINVAL  -- unaligned MAP_FIXED
            mmap 0 rw- private anon                     | mmap A - 0 rw- private,anon                    | EINVAL  -- zero length
            mmap 0x800000000000 rw- private anon        | mmap A - 0x800000000000 rw- private,anon       | ENOMEM  -- beyond TASK_SIZE
            mmap 0xfffffffffffff001 rw- private anon    | mmap A - 0xfffffffffffff001 rw- private,anon   | ENOMEM  -- PAGE_ALIGN() wraps
            mmap 4KB rw- anon                           | mmap A - 0x1000 rw- anon                       | EINVAL  -- no MAP_PRIVATE/SHARED
            mmap 4KB rw- private anon offset 0x10       | -                                              | EINVAL  -- unaligned offset
            mmap at 0x10001 0 rw- private anon fixed    | mmap A 0x10001 0 rw- private,anon,fixed        | EINVAL  -- both
            mmap 0x800000000000 rw- private anon offset 0x10 | -                                         | EINVAL  -- offset first
            munmap 0x10001 4KB                          | munmap 0x10001 0x1000                          | EINVAL  -- unaligned
            munmap 0x10000 0x800000000000               | munmap 0x10000 0x800000000000                  | EINVAL  -- beyond TASK_SIZE
            mprotect 0x10001 4KB r--                    | mprotect 0x10001 0x1000 r--                    | EINVAL  -- unaligned
            mprotect 0x10000 0x800000000000 r--         | mprotect 0x10000 0x800000000000 r--            | ENOMEM  -- no VMA so far
            mremap r 0x10001 4KB 8KB maymove            | mremap B 0x10001 0x1000 0x2000 maymove         | EINVAL  -- unaligned
            mremap r 0x10000 4KB 0 maymove              | mremap B 0x10000 0x1000 0 maymove              | EINVAL  -- zero new length
            mremap r 0x10000 4KB 4KB fixed at 0x20000   | mremap B 0x10000 0x1000 0x1000 fixed 0x20000   | EINVAL  -- FIXED without MAYMOVE
            mremap r 0x10000 4KB 8KB maymove dontunmap  | mremap B 0x10000 0x1000 0x2000 maymove dontunmap | EINVAL -- DONTUNMAP resizes
            madvise 0x10000 4KB frobnicate              | madvise 0x10000 0x1000 frobnicate              | EINVAL  -- unknown advice
            """;

    private record Row(String statement, String driver, String errno) {
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            String l = line.replaceAll("\\s--\\s.*", "").trim();
            if (!l.isEmpty()) {
                String[] c = l.split("\\|");
                rows.add(new Row(c[0].trim(), c[1].trim().equals("-") ? null : c[1].trim(), c[2].trim()));
            }
        }
        return rows;
    }

    private static String scenario(String statement) {
        return "boot ram 1GB arch x86_64 kernel 6.18\nprocess p <\n  " + statement + "\n>\n";
    }

    private List<String> errors(String text) throws Exception {
        Scenario s = parser.parse(text);
        assertTrue(s.eResource().getErrors().isEmpty(), () -> "syntax errors in\n" + text + s.eResource().getErrors());
        List<Issue> issues = validator.validate(s.eResource(), CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        return issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).map(i -> i.getCode() + " " + i.getMessage())
                .collect(Collectors.toList());
    }

    /** The errno the runtime's system call returned for the scenario's one call. */
    private String runErrno(String text) throws Exception {
        Run run = Interpreter.run(parser.parse(text), Interpreter.Limits.BATCH, null);
        List<String> errnos = new ArrayList<>();
        for (RunEvent e : run.events()) {
            if (e.event() instanceof CallResult c && e.cause() != null) {
                errnos.add(c.errno() == null ? "0" : c.errno().name());
            }
        }
        assertEquals(1, errnos.size(), () -> "one call in\n" + text + errnos);
        return errnos.get(0);
    }

    @Test
    void theValidatorTheTranslatorAndTheRuntimeAgree() throws Exception {
        for (Row row : rows()) {
            String bare = scenario(row.statement());
            assertFalse(errors(bare).isEmpty(), "the validator judges `" + row.statement() + "` statically");
            assertEquals(row.errno(), runErrno(bare), "the runtime's errno for `" + row.statement() + "`");
            String expecting = scenario(row.statement() + " expect errno " + row.errno());
            assertEquals(List.of(), errors(expecting), "`expect errno " + row.errno() + "` is the static diagnostic's errno");
            assertEquals(row.errno(), runErrno(expecting), row.statement());
            for (String other : List.of("EINVAL", "ENOMEM")) {
                if (!other.equals(row.errno())) {
                    assertFalse(errors(scenario(row.statement() + " expect errno " + other)).isEmpty(),
                            "`" + row.statement() + "` expecting " + other + " (the kernel says " + row.errno() + ")");
                }
            }
            if (row.driver() != null) {
                String translated = OracleTranslator.translate(row.driver() + "\n", null);
                String tail = translated.substring(translated.indexOf("// > " + row.driver()));
                assertTrue(tail.contains("expect errno " + row.errno()), row.driver() + ":\n" + tail);
                assertEquals(List.of(), errors(translated), row.driver() + ":\n" + translated);
            }
        }
    }

    /** A computed argument is not judged statically: the run shows what the kernel does with it. */
    @Test
    void aComputedArgumentIsNotJudged() throws Exception {
        assertEquals(List.of(), errors("""
                boot ram 1GB arch x86_64 kernel 6.18
                process p <
                  mmap buf 8KB rw- private anon
                  munmap buf+1 4KB
                  mremap r buf+1 4KB 8KB maymove
                >
                """));
    }
}
