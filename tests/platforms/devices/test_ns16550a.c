/* SPDX-License-Identifier: Apache-2.0 */
/* test_ns16550a.c - NS16550A UART module through the device harness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device_harness.h"

enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static harness *make(const char *const *opts)
{
    harness *h = harness_create("ns16550a", 1);
    assert_non_null(h);
    assert_int_equal(harness_device_create(h, "ns16550a", opts), 0);
    return h;
}

static const char *const no_backend[] = {"backend=none", NULL};

static uint8_t rd(harness *h, unsigned reg)
{
    tlmc_response r;
    uint8_t v = (uint8_t)harness_rd(h, reg, 1, &r);
    assert_int_equal(r, TLMC_OK_RESPONSE);
    return v;
}

static void wr(harness *h, unsigned reg, uint8_t v) { assert_int_equal(harness_wr(h, reg, 1, v), TLMC_OK_RESPONSE); }

static void test_ns16550a_reset_values_and_scratch(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    assert_int_equal(rd(h, IER), 0);
    assert_int_equal(rd(h, IIR), 0x01);
    assert_int_equal(rd(h, LCR), 0);
    assert_int_equal(rd(h, MCR), 0x08);
    assert_int_equal(rd(h, LSR), 0x60);
    assert_int_equal(rd(h, MSR), 0xb0);
    wr(h, SCR, 0xa5);
    assert_int_equal(rd(h, SCR), 0xa5);
    wr(h, LCR, 0x1b);
    assert_int_equal(rd(h, LCR), 0x1b);
    assert_false(harness_signal(h, "irq", 0));
    assert_true(harness_destroy(h));
}

static void test_ns16550a_dlab_selects_divisor(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    wr(h, IER, 0x05);
    wr(h, LCR, 0x83);
    assert_int_equal(rd(h, RBR), 0x0c); /* DLL reset value */
    wr(h, RBR, 0x34);
    wr(h, IER, 0x12);
    assert_int_equal(rd(h, RBR), 0x34);
    assert_int_equal(rd(h, IER), 0x12);
    wr(h, LCR, 0x03);
    assert_int_equal(rd(h, IER), 0x05); /* IER untouched by the DLM write */
    wr(h, LCR, 0x83);
    assert_int_equal(rd(h, IER), 0x12);
    assert_true(harness_destroy(h));
}

static void test_ns16550a_thre_interrupt(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    wr(h, IER, 0x02); /* enabling ETBEI with THR empty interrupts at once */
    assert_true(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, IIR) & 0x0f, 0x02);
    assert_false(harness_signal(h, "irq", 0)); /* reading IIR cleared it */
    assert_int_equal(rd(h, IIR) & 0x0f, 0x01);
    wr(h, RBR, 'x'); /* THR write: transmitted at once, THRE again */
    assert_true(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, LSR) & 0x60, 0x60);
    wr(h, IER, 0x00);
    assert_false(harness_signal(h, "irq", 0));
    assert_true(harness_destroy(h));
}

static void test_ns16550a_rx_interrupt_loopback(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    wr(h, MCR, 0x10); /* loopback */
    assert_int_equal(rd(h, MSR) & 0xf0, 0x00);
    wr(h, IER, 0x01);
    assert_false(harness_signal(h, "irq", 0));
    wr(h, RBR, 'A');
    assert_true(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, IIR), 0x04);
    assert_int_equal(rd(h, LSR) & 0x01, 0x01);
    assert_int_equal(rd(h, RBR), 'A');
    assert_false(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, LSR) & 0x01, 0x00);
    /* no FIFO: a second byte overruns */
    wr(h, RBR, 'B');
    wr(h, RBR, 'C');
    assert_int_equal(rd(h, LSR) & 0x03, 0x03);
    assert_int_equal(rd(h, LSR) & 0x02, 0x00); /* OE cleared by the LSR read */
    assert_int_equal(rd(h, RBR), 'B');
    assert_true(harness_destroy(h));
}

static void test_ns16550a_fifo_trigger_and_priority(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    wr(h, MCR, 0x10);
    wr(h, IIR, 0x41); /* FCR: FIFO on, trigger 4 */
    wr(h, IER, 0x07);
    assert_int_equal(rd(h, IIR), 0xc2); /* THRE */
    wr(h, RBR, '1');
    assert_int_equal(rd(h, IIR), 0xcc); /* below trigger: timeout indication */
    wr(h, RBR, '2');
    wr(h, RBR, '3');
    wr(h, RBR, '4');
    assert_int_equal(rd(h, IIR), 0xc4);
    for (int i = 0; i < 13; i++)
        wr(h, RBR, 'x'); /* 17 bytes into a 16-byte FIFO: overrun */
    assert_int_equal(rd(h, IIR), 0xc6); /* line status has top priority */
    assert_int_equal(rd(h, LSR) & 0x03, 0x03);
    assert_int_equal(rd(h, IIR), 0xc4);
    assert_int_equal(rd(h, RBR), '1');
    wr(h, IIR, 0x43); /* clear RX FIFO */
    assert_int_equal(rd(h, LSR) & 0x01, 0);
    assert_true(harness_signal(h, "irq", 0)); /* THRE still latched */
    assert_true(harness_destroy(h));
}

static void test_ns16550a_reg_shift_and_invalid_access(void **state)
{
    (void)state;
    const char *const opts[] = {"backend=none", "reg-shift=2", NULL};
    harness *h = make(opts);
    assert_int_equal(harness_wr(h, SCR * 4, 4, 0x77), TLMC_OK_RESPONSE);
    assert_int_equal(harness_rd(h, SCR * 4, 4, NULL), 0x77);
    assert_int_equal(harness_rd(h, LSR * 4, 1, NULL), 0x60);
    tlmc_response r;
    harness_rd(h, 1, 1, &r);
    assert_int_equal(r, TLMC_ADDRESS_ERROR_RESPONSE);
    harness_rd(h, 8 * 4, 1, &r);
    assert_int_equal(r, TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 2);
    assert_true(harness_destroy(h));
}

static void test_ns16550a_reset_op_restores_state(void **state)
{
    (void)state;
    harness *h = make(no_backend);
    wr(h, IER, 0x02);
    wr(h, LCR, 0x9b);
    wr(h, SCR, 0x11);
    assert_true(harness_signal(h, "irq", 0));
    harness_device_reset(h);
    assert_false(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, LCR), 0);
    assert_int_equal(rd(h, IER), 0);
    assert_int_equal(rd(h, SCR), 0);
    assert_int_equal(rd(h, RBR), 0);
    assert_true(harness_destroy(h));
}

static char *tmp_path(void)
{
    char *p = strdup("/tmp/vp_uart_XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

static void test_ns16550a_file_backend(void **state)
{
    (void)state;
    char *path = tmp_path();
    char opt[256];
    snprintf(opt, sizeof(opt), "path=%s", path);
    const char *const opts[] = {"backend=file", opt, NULL};
    harness *h = make(opts);
    const char *msg = "Hello, file!\nno newline";
    for (const char *c = msg; *c; c++)
        wr(h, RBR, (uint8_t)*c);
    assert_true(harness_destroy(h)); /* closes the file */
    char buf[64] = {0};
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(msg));
    assert_string_equal(buf, msg);
    unlink(path);
    free(path);
}

static void test_ns16550a_bad_path_fails_create(void **state)
{
    (void)state;
    harness *h = harness_create("ns16550a", 1);
    assert_non_null(h);
    const char *const opts[] = {"backend=file", "path=/nonexistent-dir/uart.out", NULL};
    assert_int_not_equal(harness_device_create(h, "ns16550a", opts), 0);
    assert_true(harness_log_contains(h, ~0u, "/nonexistent-dir/uart.out"));
    assert_true(harness_log_contains(h, ~0u, strerror(ENOENT)));
    /* the failed create left nothing behind; a good one still works */
    assert_int_equal(harness_device_create(h, "ns16550a", no_backend), 0);
    const char *const bad_enum[] = {"backend=telnet", NULL};
    harness_device_destroy(h);
    assert_int_equal(harness_device_create(h, "ns16550a", bad_enum), VP_EINVAL);
    assert_true(harness_destroy(h));
}

static void test_ns16550a_options_checked(void **state)
{
    (void)state;
    harness *h = harness_create("ns16550a", 1);
    assert_non_null(h);
    const char *const unknown[] = {"backend=none", "baud=9600", NULL};
    assert_int_equal(harness_device_create(h, "ns16550a", unknown), VP_EINVAL);
    const char *const shift[] = {"backend=none", "reg-shift=5", NULL};
    assert_int_equal(harness_device_create(h, "ns16550a", shift), VP_EINVAL);
    /* stdio without input: no poll event at all */
    const char *const noin[] = {"backend=stdio", "input=false", NULL};
    assert_int_equal(harness_device_create(h, "ns16550a", noin), 0);
    assert_int_equal(clock_stub_live(harness_clock(h)), 0);
    harness_device_destroy(h);
    /* backend=file without a path is a create() failure with a message */
    const char *const nopath[] = {"backend=file", NULL};
    assert_int_not_equal(harness_device_create(h, "ns16550a", nopath), 0);
    assert_true(harness_log_contains(h, VP_LOG_PLUGIN, "needs option 'path'"));
    assert_true(harness_destroy(h));
}

/* stdio backend: output to fd 1, input polled from fd 0 (both pipes here). */
static void test_ns16550a_stdio_output_and_input(void **state)
{
    (void)state;
    int out[2], in[2];
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(in), 0);
    fflush(stdout);
    int save_out = dup(1), save_in = dup(0);
    dup2(out[1], 1);
    dup2(in[0], 0);
    const char *const opts[] = {"backend=stdio", "rx-poll=100us", NULL};
    harness *h = make(opts);
    wr(h, RBR, 'o');
    wr(h, RBR, 'k');
    char got[4] = {0};
    ssize_t n = read(out[0], got, 2); /* already flushed: no harness_destroy needed */
    assert_int_equal(write(in[1], "xy", 2), 2);
    wr(h, IER, 0x01);
    assert_false(harness_signal(h, "irq", 0));
    harness_advance(h, 50 * VP_US);
    assert_false(harness_signal(h, "irq", 0)); /* not polled yet */
    harness_advance(h, 50 * VP_US);
    assert_true(harness_signal(h, "irq", 0));
    assert_int_equal(rd(h, RBR), 'x'); /* FIFO off: only one byte taken */
    assert_false(harness_signal(h, "irq", 0));
    harness_advance(h, 100 * VP_US);
    assert_int_equal(rd(h, RBR), 'y');
    close(in[1]); /* EOF: polling stops */
    harness_advance(h, 100 * VP_US);
    assert_int_equal(clock_stub_pending(harness_clock(h)), 0);
    assert_int_equal(rd(h, LSR) & 0x01, 0);
    assert_true(harness_destroy(h));
    fflush(stdout);
    dup2(save_out, 1);
    dup2(save_in, 0);
    close(save_out);
    close(save_in);
    close(out[0]);
    close(out[1]);
    close(in[0]);
    assert_int_equal(n, 2);
    assert_string_equal(got, "ok");
}

/* The stdin poll runs only while a byte could be taken: not in loopback
 * (TX feeds RX), not with a full RX FIFO. An idle UART leaves the clock
 * without pending events (so the bridge can see a dead-lock). */
static void test_ns16550a_rx_poll_only_when_input_possible(void **state)
{
    (void)state;
    int in[2];
    assert_int_equal(pipe(in), 0);
    int save_in = dup(0);
    dup2(in[0], 0); /* open, empty: no EOF */
    const char *const opts[] = {"backend=stdio", "rx-poll=100us", NULL};
    harness *h = make(opts);
    clock_stub *c = harness_clock(h);
    assert_int_equal(clock_stub_pending(c), 1); /* realize armed it */
    wr(h, MCR, 0x10);                           /* loopback */
    assert_int_equal(clock_stub_pending(c), 0);
    wr(h, RBR, 'x');
    harness_advance(h, 1 * VP_MS);
    assert_int_equal(clock_stub_pending(c), 0);
    assert_int_equal(rd(h, RBR), 'x');
    assert_int_equal(clock_stub_pending(c), 0);
    wr(h, MCR, 0x00); /* loopback off: polling again */
    assert_int_equal(clock_stub_pending(c), 1);
    harness_advance(h, 100 * VP_US);
    assert_int_equal(clock_stub_pending(c), 1);
    assert_int_equal(write(in[1], "a", 1), 1);
    harness_advance(h, 100 * VP_US); /* 'a' taken: the 1-byte FIFO is full */
    assert_int_equal(clock_stub_pending(c), 0);
    assert_int_equal(rd(h, RBR), 'a'); /* room again */
    assert_int_equal(clock_stub_pending(c), 1);
    assert_true(harness_destroy(h));
    dup2(save_in, 0);
    close(save_in);
    close(in[0]);
    close(in[1]);
}

/* A write error on the output is one error line naming the output and
 * the reason; the output stops, nothing more is reported (not even by the
 * final flush). */
static void test_ns16550a_write_error_reported_once(void **state)
{
    (void)state;
    const char *const opts[] = {"backend=file", "path=/dev/full", NULL};
    harness *h = make(opts);
    const char *msg = "one\ntwo\nthree";
    for (const char *c = msg; *c; c++)
        wr(h, RBR, (uint8_t)*c);
    harness_device_destroy(h);
    char want[128];
    snprintf(want, sizeof want, "cannot write to /dev/full: %s", strerror(ENOSPC));
    assert_true(harness_log_contains(h, VP_LOG_PLUGIN, want));
    assert_int_equal(harness_log_count(h, ~0u), 1);
    /* the same at the end only: nothing flushed before destroy */
    const char *const quiet[] = {"backend=file", "path=/dev/full", NULL};
    harness_log_clear(h);
    assert_int_equal(harness_device_create(h, "ns16550a", quiet), 0);
    wr(h, RBR, 'z');
    assert_int_equal(harness_log_count(h, ~0u), 0);
    harness_device_destroy(h);
    assert_true(harness_log_contains(h, VP_LOG_PLUGIN, want));
    assert_int_equal(harness_log_count(h, ~0u), 1);
    assert_true(harness_destroy(h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ns16550a_reset_values_and_scratch),
        cmocka_unit_test(test_ns16550a_dlab_selects_divisor),
        cmocka_unit_test(test_ns16550a_thre_interrupt),
        cmocka_unit_test(test_ns16550a_rx_interrupt_loopback),
        cmocka_unit_test(test_ns16550a_fifo_trigger_and_priority),
        cmocka_unit_test(test_ns16550a_reg_shift_and_invalid_access),
        cmocka_unit_test(test_ns16550a_reset_op_restores_state),
        cmocka_unit_test(test_ns16550a_file_backend),
        cmocka_unit_test(test_ns16550a_bad_path_fails_create),
        cmocka_unit_test(test_ns16550a_options_checked),
        cmocka_unit_test(test_ns16550a_stdio_output_and_input),
        cmocka_unit_test(test_ns16550a_rx_poll_only_when_input_possible),
        cmocka_unit_test(test_ns16550a_write_error_reported_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
