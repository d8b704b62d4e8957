package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;
import org.mmdsl.validation.WordChoice;

import com.google.inject.Inject;

/**
 * Issue 12 point 1 and 2: open's flags, the file seals, setrlimit's resources, a zone's watermarks and
 * the mm_struct fields are vocabulary sets; a word that is none of a set's is reported with its own code
 * and a message that lists the set's words and, when one is near, names it.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue12WordsTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String text) throws Exception {
        return ValidatorTest.issues(parser, validator, text);
    }

    @Test
    void aMisspeltWordIsNamedWithTheNearestWordOfItsSet() throws Exception {
        assertEquals("""
                4:19 error [unknown-open-flag] 'O_RDONY' is not an access mode of open(2): O_RDONLY, O_WRONLY, O_RDWR or O_PATH (did you mean O_RDONLY?)
                6:23 error [unknown-file-seal] 'F_SEAL_WRTE' is not a file seal: F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE, F_SEAL_FUTURE_WRITE or F_SEAL_EXEC (did you mean F_SEAL_WRITE?)
                7:13 error [unknown-rlimit] 'rlimit_stak' is not a limit mmdsl models: RLIMIT_STACK, RLIMIT_AS, RLIMIT_DATA or RLIMIT_MEMLOCK (did you mean RLIMIT_STACK?)
                8:17 error [unknown-mm-field] mm->strat_brk is not an mm_struct field mmdsl models: brk, start_brk, start_stack, start_code, end_code, start_data, end_data, mmap_base, task_size, map_count, total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm (did you mean start_brk?)
                10:20 error [unknown-zone] 'hihg' is not a zone field (start, end, spanned, present, managed, or min, low, high, free) (did you mean high?)
                """, issues("""
                boot ram 256MB arch x86_64 kernel 6.18
                file "/srv/x" size 8KB
                process p <
                  open f "/srv/x" O_RDONY
                  memfd_create m "buf" 16KB allow_sealing
                  fcntl m F_ADD_SEALS F_SEAL_WRTE
                  setrlimit rlimit_stak 8MB
                  let top = mm->strat_brk
                >
                expect zone Normal hihg 1
                """));
    }

    @Test
    void noWordIsOfferedWhenNoneIsNear() {
        assertNull(WordChoice.nearest("RLIMIT_NOFILE", List.of("RLIMIT_STACK", "RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_MEMLOCK")));
        assertEquals("O_RDWR", WordChoice.nearest("O_RDWX", List.of("O_RDONLY", "O_WRONLY", "O_RDWR", "O_PATH")));
        assertNull(WordChoice.nearest("lowest", List.of("min", "low", "high", "free")));
        assertEquals("O_RDONLY or O_PATH", WordChoice.orList(List.of("O_RDONLY", "O_PATH")));
    }

    /**
     * Point 3: a word newer than the model needs no KernelModelValidator.RULES line: its release decides. An
     * mmap or open flag the release does not know is ignored by that kernel's call (a warning; the runtime
     * ignores it too), any other word is an error unless the statement expects the errno that shows it
     * refused.
     */
    @Test
    void aWordNewerThanTheModelIsJudgedByItsRelease() throws Exception {
        assertEquals("""
                4:32 warning [ignored-by-kernel-model] kernel 2.6: MAP_STACK arrived in 2.6.27; 2.6.24's mmap() ignores it
                5:32 warning [ignored-by-kernel-model] kernel 2.6: MAP_HUGETLB arrived in 2.6.32; 2.6.24's mmap() ignores it
                6:19 warning [ignored-by-kernel-model] kernel 2.6: O_PATH arrived in 2.6.39; 2.6.24's open() ignores it
                9:18 error [not-in-kernel-model] kernel 2.6: GFP_KERNEL_ACCOUNT arrived in 4.5
                """, issues("""
                boot ram 256MB kernel 2.6
                file "/srv/x" size 8KB
                process p <
                  mmap a 16KB rw- private anon stack
                  mmap b 16KB rw- private anon hugetlb
                  open f "/srv/x" O_PATH
                >
                kernel <
                  kmalloc obj 64 GFP_KERNEL_ACCOUNT
                >
                """));
        assertEquals("""
                4:23 error [not-in-kernel-model] kernel 6.1: F_SEAL_EXEC arrived in 6.3
                """, issues("""
                boot ram 256MB
                process p <
                  memfd_create m "buf" 16KB allow_sealing
                  fcntl m F_ADD_SEALS F_SEAL_EXEC
                  fcntl m F_ADD_SEALS F_SEAL_EXEC
                    expect errno EINVAL
                >
                """));
        assertEquals("""
                3:18 error [not-in-kernel-model] kernel 6.18: __GFP_ATOMIC was removed in 6.4
                """, issues("""
                boot ram 256MB arch x86_64 kernel 6.18
                kernel <
                  kmalloc obj 64 GFP_KERNEL|__GFP_ATOMIC
                >
                """));
    }
}
