/* SPDX-License-Identifier: Apache-2.0 */
/* test_linux_boot.c - the Linux test guest (examples/linux) boots with
 * `vpbridge run BOARD --bios fw_jump.bin --kernel Image --append
 * "console=ttyS0"` to its init and powers off with exit status 0: on 1 hart
 * and on 4 harts under the JIT, on 1 hart under the interpreter. Each console
 * is checked line by line (linux_expect_boot): OpenSBI's banner and Domain0
 * lines, the kernel's version banner, "smp: Brought up 1 node, N CPUs",
 * every PASS line of the init, its compute and memory results with the
 * values computed on this host, "init: done, 0 failures", "reboot: Power
 * down"; no FAIL line. Determinism, with the default icount timing: a second
 * JIT boot of each board prints the same bytes and retires the same number
 * of instructions on each hart (the "hart N: insns" numbers of --stats;
 * wall-time lines are ignored) with the same execution digest (--digest),
 * and the interpreter prints the same bytes as the JIT (its digest differs:
 * a timer interrupt is taken at a block boundary, and the two executors'
 * blocks end at different instructions; docs/batch.md). The first boot of each board is kept for the later tests (5 boots
 * in all). */
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

/* The first checked JIT boot of each board (index: 0 = 1 hart, 1 = 4 harts). */
static linux_run first[2];
static bool first_ok[2];

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

/* The board's first JIT boot, booted and checked here if its test did not. */
static const linux_run *first_boot(unsigned i)
{
    const linux_board *b = i ? &linux_board_4harts : &linux_board_1hart;
    if (!first_ok[i]) {
        linux_run_free(&first[i]);
        boot_checked(&first[i], b, "jit");
        first_ok[i] = true;
    }
    return &first[i];
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

static void test_linux_boot_1hart_jit(void **state)
{
    (void)state;
    first_boot(0);
}

static void test_linux_boot_4harts_jit(void **state)
{
    (void)state;
    first_boot(1);
}

/* Checked like the JIT's boot, and byte for byte the same console. */
static void test_linux_boot_1hart_interp_like_jit(void **state)
{
    (void)state;
    linux_run interp;
    boot_checked(&interp, &linux_board_1hart, "interp");
    same_bytes(first_boot(0), &interp);
    linux_run_free(&interp);
}

static void again(unsigned i)
{
    const linux_board *b = i ? &linux_board_4harts : &linux_board_1hart;
    const linux_run *r1 = first_boot(i);
    linux_run r2;
    linux_boot(&r2, b, "jit", APPEND, NULL, NULL);
    assert_int_equal(r2.status, 0);
    same_bytes(r1, &r2);
    same_insns(r1, &r2, b->harts);
    unsigned long long d1 = linux_digest(r1), d2 = linux_digest(&r2);
    if (d1 != d2)
        fail_msg("execution digest %016llx, then %016llx", d1, d2);
    linux_run_free(&r2);
}

static void test_linux_boot_1hart_deterministic(void **state)
{
    (void)state;
    again(0);
}

static void test_linux_boot_4harts_deterministic(void **state)
{
    (void)state;
    again(1);
}

static int teardown(void **state)
{
    (void)state;
    linux_run_free(&first[0]);
    linux_run_free(&first[1]);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_boot_1hart_jit),
        cmocka_unit_test(test_linux_boot_4harts_jit),
        cmocka_unit_test(test_linux_boot_1hart_interp_like_jit),
        cmocka_unit_test(test_linux_boot_1hart_deterministic),
        cmocka_unit_test(test_linux_boot_4harts_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
