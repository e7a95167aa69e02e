/* SPDX-License-Identifier: Apache-2.0 */
/* test_linux_console.c - the console of the Linux test guest through the
 * ns16550a under the kernel's 8250 driver. Input: with "-- echo" on the
 * kernel command line the init echoes each console line until "quit"; the
 * lines are written into vpbridge's stdin (a pipe, as a script would) once
 * the init asks for them, and must come back in order, read through the
 * UART's RX interrupt ("console interrupts counted": the ttyS0 line of
 * /proc/interrupts). Output before the 8250 driver: earlycon=sbi prints the
 * kernel's early lines through the SBI console until ttyS0 takes over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "linux_boot.h"

#define PROMPT "init: echo: type lines, \"quit\" ends"

/* Lines of several lengths: empty, one byte, longer than the 16-byte RX FIFO. */
static const char *const lines[] = {
    "hello",
    "",
    "x",
    "a line longer than the sixteen-byte receive FIFO, typed in one go: 0123456789",
    "last line",
};

static void test_linux_console_echo_lines_from_stdin(void **state)
{
    (void)state;
    const char *append = "console=ttyS0 -- echo";
    char input[1024] = "";
    size_t n = sizeof lines / sizeof lines[0];
    for (size_t i = 0; i < n; i++)
        snprintf(input + strlen(input), sizeof input - strlen(input), "%s\n", lines[i]);
    strcat(input, "quit\n");
    linux_run r;
    linux_boot(&r, &linux_board_1hart, "jit", append, PROMPT, input);
    linux_expect e = {0};
    linux_expect_boot(&e, &linux_board_1hart, append);
    linux_expect_add(&e, "init: echo: type lines, \"quit\" ends");
    /* The tty echoes what is typed, so an init line may follow echoed input. */
    for (size_t i = 0; i < n; i++)
        linux_expect_add(&e, "*init: echo: \\[%s\\]", lines[i]);
    linux_expect_add(&e, "*init: echo: %zu lines", n);
    linux_expect_add(&e, "init: PASS console input lines read");
    linux_expect_add(&e, "init: echo: ttyS0 interrupts *");
    linux_expect_add(&e, "init: PASS console interrupts counted");
    linux_expect_end(&e);
    linux_check(&r, &e);
    linux_expect_free(&e);
    linux_run_free(&r);
}

static void test_linux_console_earlycon_sbi(void **state)
{
    (void)state;
    const char *append = "console=ttyS0 earlycon=sbi";
    linux_run r;
    linux_boot(&r, &linux_board_1hart, "jit", append, NULL, NULL);
    linux_expect e = {0};
    linux_expect_add(&e, "\\[*\\] Linux version 6.1.*");
    linux_expect_add(&e, "\\[*\\] earlycon: sbi0 at I/O port 0x0 (options '')");
    linux_expect_add(&e, "\\[*\\] printk: bootconsole \\[sbi0\\] enabled");
    linux_expect_add(&e, "\\[*\\] Kernel command line: %s", append);
    linux_expect_add(&e, "\\[*\\] Serial: 8250/16550 driver, * ports, IRQ sharing disabled");
    linux_expect_add(&e, "\\[*\\] printk: console \\[ttyS0\\] enabled");
    linux_expect_add(&e, "\\[*\\] printk: bootconsole \\[sbi0\\] disabled");
    linux_expect_add(&e, "init: started, pid 1");
    linux_expect_end(&e);
    linux_check(&r, &e);
    linux_expect_free(&e);
    linux_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_console_echo_lines_from_stdin),
        cmocka_unit_test(test_linux_console_earlycon_sbi),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
