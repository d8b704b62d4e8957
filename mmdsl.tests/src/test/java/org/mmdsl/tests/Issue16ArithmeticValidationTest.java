package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.Scenario;

import com.google.inject.Inject;

/**
 * Issue 16 point 9, the validator's side: undefined arithmetic with constants, `&`/`|` beside `==`,
 * nested blocks that still close with `>>`, and where a `let` name is visible (MmdslScopeProvider) with
 * the message when it is not (MmdslLinkingMessages).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue16ArithmeticValidationTest {

    @Inject
    private ParseHelper<Scenario> parser;

    @Inject
    private IResourceValidator validator;

    private String issues(String scenario) throws Exception {
        Scenario s = parser.parse(scenario);
        List<Issue> issues = validator.validate(s.eResource(), CheckMode.ALL, CancelIndicator.NullImpl);
        return ValidatorTest.snapshot(issues);
    }

    @Test
    void nestedBlocksStillCloseWithTwoBrackets() throws Exception {
        assertEquals("\n", issues("""
                process p <
                  mmap buf 4KB rw- private anon
                  repeat 2 < fork c < read buf >>
                  repeat 1 < fork d < read buf>>
                >
                kernel <
                  kmap page 0x100
                  kunmap page 0x100 >
                """));
    }

    @Test
    void undefinedArithmeticWithConstantsIsAnErrorAtTheOperator() throws Exception {
        assertEquals("""
                3:17 error [undefined-arithmetic] `buf / 0` divides by zero, which C leaves undefined: divide by a number other than 0
                4:17 error [undefined-arithmetic] `buf % (4 - 4)` divides by zero, which C leaves undefined: divide by a number other than 0
                5:18 error [undefined-arithmetic] `buf << 64` shifts by 64: a value is 64 bits (unsigned long) and C leaves a shift by 64 or more undefined; shift by 0..63
                6:18 error [undefined-arithmetic] `buf >> (0 - 1)` shifts by 18446744073709551615: a value is 64 bits (unsigned long) and C leaves a shift by 64 or more undefined; shift by 0..63
                """, issues("""
                process p <
                  mmap buf 4KB rw- private anon
                  let a = buf / 0
                  let b = buf % (4 - 4)
                  let c = buf << 64
                  let d = buf >> (0 - 1)
                  let e = buf >> 63
                >
                """));
    }

    @Test
    void andOrBesideEqualsNeedParentheses() throws Exception {
        assertEquals("""
                3:15 error [operator-needs-parentheses] `&` beside `==` needs parentheses: in C `==` binds tighter than `&`, so `buf & 0xfffff000` next to `==` reads two ways; write `expect read (buf & 0xfffff000) == ...`
                5:22 error [operator-needs-parentheses] `|` beside `==` needs parentheses: in C `==` binds tighter than `|`, so `1 | 2` next to `==` reads two ways; write `expect == (1 | 2)`
                """, issues("""
                process p <
                  mmap buf 4KB rw- private anon
                  expect read buf & 0xfffff000 == 0
                  expect read (buf & 0xfffff000) == (1 | 2)
                  read buf expect == 1 | 2
                  read buf expect == (1 | 2)
                  read buf expect value 1 | 2
                >
                """));
    }

    @Test
    void aNameOutOfScopeSaysWhereItIsAndWhatToWrite() throws Exception {
        assertEquals("""
                3:13 error [unknown-name] 'pa' is not visible here: `let pa` is on line 8, in p's block, and kernel code sees the `let` names of the process blocks before it: move this kernel statement below that block
                7:8 error [unknown-name] 'later' is not visible here: `let later` is on line 9, and a name is visible only after the statement that defines it: move line 9 above line 7
                12:8 error [unknown-name] 'pa' is not visible here: `let pa` (line 8) belongs to p's block, and a process sees its own names and those of the task it was forked or cloned from: write the value here, or fork this process from p
                15:8 error [unknown-name] 'buf' is not visible here: 'buf' (line 6) is a mapping of p, and kernel code sees only kernel handles and the `let` names of earlier process blocks: write `let buf_val = buf` in p's block and use `buf_val` here
                """, issues("""
                boot arch x86_64
                kernel <
                  kmap page pa >> 12
                >
                process p <
                  mmap buf 4KB rw- private anon
                  read later
                  let pa = 0x100000
                  let later = buf
                >
                process q <
                  read pa
                >
                kernel <
                  read buf
                  kmap page pa >> 12
                >
                """));
    }
}
