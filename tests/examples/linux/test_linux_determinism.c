/* SPDX-License-Identifier: Apache-2.0 */
/* test_linux_determinism.c - with the default icount timing the Linux test
 * guest is deterministic: two boots under the JIT print the same console
 * bytes and retire the same number of instructions on each hart (the
 * "hart N: insns" numbers of --stats; wall-time lines are ignored), on 1 hart
 * and on 4 harts; and the interpreter prints the same bytes as the JIT
 * (1 hart). Each first boot is also checked line by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "linux_boot.h"

#define APPEND "console=ttyS0"
#define MAX_HARTS 8

/* Boots and checks the boot's lines. */
static void boot_checked(linux_run *r, const linux_board *b, const char *accel)
{
    linux_boot(r, b, accel, APPEND, NULL, NULL);
    linux_expect e = {0};
    linux_expect_boot(&e, b, APPEND);
    linux_expect_end(&e);
    linux_check(r, &e);
    linux_expect_free(&e);
}

/* The first byte where two consoles differ, with both lines, or passes. */
static void same_bytes(const linux_run *a, const linux_run *b)
{
    size_t n = a->out_len < b->out_len ? a->out_len : b->out_len, i = 0;
    while (i < n && a->out[i] == b->out[i])
        i++;
    if (i == n && a->out_len == b->out_len)
        return;
    size_t line = i;
    while (line > 0 && a->out[line - 1] != '\n')
        line--;
    fail_msg("the consoles differ at byte %zu (of %zu and %zu):\n  first: %.*s\n  again: %.*s\n  (%s\n   %s)", i,
             a->out_len, b->out_len, (int)strcspn(a->out + line, "\r\n"), a->out + line,
             (int)strcspn(b->out + line, "\r\n"), b->out + line, a->cmd, b->cmd);
}

static void same_insns(const linux_run *a, const linux_run *b, unsigned harts)
{
    unsigned long long ia[MAX_HARTS] = {0}, ib[MAX_HARTS] = {0};
    size_t na = linux_insns(a, ia, MAX_HARTS), nb = linux_insns(b, ib, MAX_HARTS);
    if (na != harts || nb != harts)
        fail_msg("--stats gave %zu and %zu harts' insns, not %u; stderr:\n%s", na, nb, harts, a->err);
    for (unsigned h = 0; h < harts; h++) {
        print_message("hart %u: insns %llu and %llu\n", h, ia[h], ib[h]);
        if (ia[h] != ib[h])
            fail_msg("hart %u retired %llu instructions, then %llu", h, ia[h], ib[h]);
        assert_true(ia[h] > 0);
    }
}

static void twice(const linux_board *b)
{
    linux_run r1, r2;
    boot_checked(&r1, b, "jit");
    linux_boot(&r2, b, "jit", APPEND, NULL, NULL);
    assert_int_equal(r2.status, 0);
    same_bytes(&r1, &r2);
    same_insns(&r1, &r2, b->harts);
    linux_run_free(&r1);
    linux_run_free(&r2);
}

static void test_linux_determinism_1hart_twice(void **state)
{
    (void)state;
    twice(&linux_board_1hart);
}

static void test_linux_determinism_4harts_twice(void **state)
{
    (void)state;
    twice(&linux_board_4harts);
}

static void test_linux_determinism_interp_like_jit(void **state)
{
    (void)state;
    linux_run jit, interp;
    boot_checked(&jit, &linux_board_1hart, "jit");
    boot_checked(&interp, &linux_board_1hart, "interp");
    same_bytes(&jit, &interp);
    linux_run_free(&jit);
    linux_run_free(&interp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_determinism_1hart_twice),
        cmocka_unit_test(test_linux_determinism_4harts_twice),
        cmocka_unit_test(test_linux_determinism_interp_like_jit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
