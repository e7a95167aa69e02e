/* SPDX-License-Identifier: Apache-2.0 */
/* test_linux_boot.c - the Linux test guest (examples/linux) boots with
 * `vpbridge run BOARD --bios fw_jump.bin --kernel Image --append
 * "console=ttyS0"` to its init and powers off with exit status 0: on 1 hart
 * and on 4 harts under the JIT, on 1 hart under the interpreter. The console
 * is checked line by line (linux_expect_boot): OpenSBI's banner and Domain0
 * lines, the kernel's version banner, "smp: Brought up 1 node, N CPUs",
 * every PASS line of the init, its compute and memory results with the
 * values computed on this host, "init: done, 0 failures", "reboot: Power
 * down"; no FAIL line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "linux_boot.h"

#define APPEND "console=ttyS0"

static void boot_and_check(const linux_board *b, const char *accel)
{
    linux_run r;
    linux_boot(&r, b, accel, APPEND, NULL, NULL);
    linux_expect e = {0};
    linux_expect_boot(&e, b, APPEND);
    linux_expect_end(&e);
    linux_check(&r, &e);
    linux_expect_free(&e);
    linux_run_free(&r);
}

static void test_linux_boot_1hart_jit(void **state)
{
    (void)state;
    boot_and_check(&linux_board_1hart, "jit");
}

static void test_linux_boot_4harts_jit(void **state)
{
    (void)state;
    boot_and_check(&linux_board_4harts, "jit");
}

static void test_linux_boot_1hart_interp(void **state)
{
    (void)state;
    boot_and_check(&linux_board_1hart, "interp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_boot_1hart_jit),
        cmocka_unit_test(test_linux_boot_4harts_jit),
        cmocka_unit_test(test_linux_boot_1hart_interp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
