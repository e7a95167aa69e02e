/* SPDX-License-Identifier: Apache-2.0 */
/* test_device_state.c - checkpoint save/restore (ABI 1.1) of the standard
 * devices: round trips into fresh instances, stream layout, truncated and
 * corrupt streams, old hosts and write failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "device_harness.h"

/* ns16550a register indices (reg-shift 0) */
enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
/* clint */
#define MSIP(h) (0x0000u + 4u * (h))
#define MTIMECMP(h) (0x4000u + 8u * (h))
#define MTIME 0xbff8u
/* plic */
#define PRIO(s) (0x0u + 4u * (s))
#define PENDING(w) (0x1000u + 4u * (w))
#define ENABLE(c, w) (0x2000u + 0x80u * (c) + 4u * (w))
#define THRESHOLD(c) (0x200000u + 0x1000u * (c))
#define CLAIM(c) (THRESHOLD(c) + 4u)

static const char *const uart_opts[] = {"backend=none", NULL};

static harness *make(const char *module, uint32_t harts, const char *const *opts)
{
    harness *h = harness_create(module, harts);
    assert_non_null(h);
    assert_int_equal(harness_device_create(h, module, opts), 0);
    return h;
}

static void wr(harness *h, uint64_t addr, uint32_t len, uint64_t v)
{
    assert_int_equal(harness_wr(h, addr, len, v), TLMC_OK_RESPONSE);
}

static uint64_t rd(harness *h, uint64_t addr, uint32_t len)
{
    tlmc_response r;
    uint64_t v = harness_rd(h, addr, len, &r);
    assert_int_equal(r, TLMC_OK_RESPONSE);
    return v;
}

/* Side-effect-free read through the debug transport. */
static uint64_t peek(harness *h, uint64_t addr, uint32_t len)
{
    uint8_t b[8] = {0};
    assert_int_equal(harness_dbg(h, TLMC_READ, addr, b, len), len);
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static void save(harness *h, uint8_t **data, size_t *size)
{
    assert_int_equal(harness_save(h, data, size), 0);
}

/* ---- device setups: a non-trivial state each --------------------------------------- */

/* Divisor 0x0201, FIFO on (trigger 8), loopback, 3 bytes in the RX FIFO
 * (below the trigger: character timeout), ERBFI|ELSI, SCR. */
static void uart_setup(harness *h)
{
    wr(h, LCR, 1, 0x83);
    wr(h, RBR, 1, 0x01); /* DLL */
    wr(h, IER, 1, 0x02); /* DLM */
    wr(h, LCR, 1, 0x1b);
    wr(h, IIR, 1, 0x81); /* FCR */
    wr(h, MCR, 1, 0x1b); /* loopback, OUT2, RTS, DTR */
    wr(h, IER, 1, 0x05);
    wr(h, RBR, 1, 'a');
    wr(h, RBR, 1, 'b');
    wr(h, RBR, 1, 'c');
    wr(h, SCR, 1, 0x5a);
    assert_true(harness_signal(h, "irq", 0));
}

/* mtime written at a time that is not on a tick boundary (12.34567
 * ticks), mtimecmp[0] armed 50 ticks ahead, mtimecmp[1] never, msip[1]
 * set; saved at 12.84567 ticks. */
static void clint_setup(harness *h)
{
    harness_advance(h, 1234567); /* 12 ticks of 100 ns and 34567 ps */
    wr(h, MTIME, 8, 1000);
    wr(h, MTIMECMP(0), 8, 1050);
    wr(h, MTIMECMP(1), 8, UINT64_MAX);
    wr(h, MSIP(1), 4, 1);
    harness_advance(h, 50000); /* half a tick further: mtime still 1000 */
    assert_false(harness_signal(h, "mtip", 0));
    assert_true(harness_signal(h, "msip", 1));
}

/* Priorities, enables and thresholds in several contexts; source 5
 * claimed by context 0 with its line still high, source 7 pending, source
 * 40 pending but masked, source 9 high in the S context of hart 1. */
static void plic_setup(harness *h)
{
    wr(h, PRIO(5), 4, 6);
    wr(h, PRIO(7), 4, 3);
    wr(h, PRIO(9), 4, 2);
    wr(h, PRIO(40), 4, 1);
    wr(h, ENABLE(0, 0), 4, (1u << 5) | (1u << 7));
    wr(h, ENABLE(0, 1), 4, 1u << 8); /* source 40 */
    wr(h, ENABLE(3, 0), 4, 1u << 9);
    wr(h, THRESHOLD(0), 4, 1);
    wr(h, THRESHOLD(1), 4, 4);
    wr(h, THRESHOLD(3), 4, 1);
    harness_signal_in(h, "src", 5, true);
    harness_signal_in(h, "src", 7, true);
    harness_signal_in(h, "src", 9, true);
    harness_signal_in(h, "src", 40, true);
    assert_int_equal(rd(h, CLAIM(0), 4), 5);
    assert_true(harness_signal(h, "meip", 0)); /* 7 is still claimable */
    assert_true(harness_signal(h, "seip", 1));
}

typedef struct dev_case {
    const char *module;
    uint32_t harts;
    const char *const *opts;
    void (*setup)(harness *h);
} dev_case;

static const dev_case cases[] = {
    {"ns16550a", 1, uart_opts, uart_setup},
    {"clint", 2, NULL, clint_setup},
    {"plic", 2, NULL, plic_setup},
    {"sifive_test", 1, NULL, NULL},
};
#define NUM_CASES (sizeof(cases) / sizeof(cases[0]))

static harness *make_case(const dev_case *c)
{
    return make(c->module, c->harts, c->opts);
}

/* ---- types -------------------------------------------------------------------------- */

static void test_device_state_types_declare_version_1(void **state)
{
    (void)state;
    for (size_t i = 0; i < NUM_CASES; i++) {
        harness *h = harness_create(cases[i].module, 1);
        assert_non_null(h);
        const vp_device_type *t = harness_type(h, cases[i].module);
        assert_non_null(t);
        assert_true(t->size >= offsetof(vp_device_type, restore) + sizeof(t->restore));
        assert_int_equal(t->state_version, 1);
        assert_non_null(t->save);
        assert_non_null(t->restore);
        assert_true(harness_destroy(h));
    }
}

/* ---- ns16550a -------------------------------------------------------------------------- */

/* All eight registers with DLAB clear, then DLL/DLM with DLAB set (the LCR
 * writes are undone, so the state is unchanged). */
static void uart_regs(harness *h, uint8_t out[10])
{
    for (unsigned r = 0; r < 8; r++)
        out[r] = (uint8_t)peek(h, r, 1);
    uint8_t lcr = out[LCR];
    wr(h, LCR, 1, lcr | 0x80);
    out[8] = (uint8_t)peek(h, RBR, 1);
    out[9] = (uint8_t)peek(h, IER, 1);
    wr(h, LCR, 1, lcr);
}

static void test_device_state_uart_round_trip(void **state)
{
    (void)state;
    harness *a = make("ns16550a", 1, uart_opts), *b = make("ns16550a", 1, uart_opts);
    uart_setup(a);
    wr(a, RBR, 1, 'd'); /* 4 bytes in the FIFO */
    assert_false(harness_signal(b, "irq", 0));
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    assert_int_equal(harness_restore(b, data, size), 0);
    free(data);
    uint8_t ra[10], rb[10];
    uart_regs(a, ra);
    uart_regs(b, rb);
    assert_memory_equal(ra, rb, sizeof(ra));
    assert_int_equal(rb[8], 0x01); /* DLL */
    assert_int_equal(rb[9], 0x02); /* DLM */
    assert_int_equal(rb[SCR], 0x5a);
    assert_int_equal(rb[IER], 0x05);
    assert_int_equal(rb[IIR], 0xcc); /* FIFO on, timeout indication */
    assert_true(harness_signal(b, "irq", 0));
    /* behaviour continues identically: the FIFO drains in order, the
     * trigger level and the interrupt follow */
    const char expect[] = "abcd";
    for (int i = 0; i < 4; i++) {
        assert_int_equal(rd(a, RBR, 1), (uint8_t)expect[i]);
        assert_int_equal(rd(b, RBR, 1), (uint8_t)expect[i]);
        assert_int_equal(harness_signal(a, "irq", 0), harness_signal(b, "irq", 0));
    }
    assert_false(harness_signal(b, "irq", 0));
    for (int i = 0; i < 9; i++) { /* 9 more bytes reach trigger 8 on both */
        wr(a, RBR, 1, 'x');
        wr(b, RBR, 1, 'x');
    }
    assert_int_equal(rd(a, IIR, 1), 0xc4);
    assert_int_equal(rd(b, IIR, 1), 0xc4);
    uart_regs(a, ra);
    uart_regs(b, rb);
    assert_memory_equal(ra, rb, sizeof(ra));
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

/* Byte layout of state_version 1: IER FCR LCR MCR LSR MSR SCR DLL DLM,
 * THRE latch, RX count, RX bytes oldest first. */
static void test_device_state_uart_stream_layout(void **state)
{
    (void)state;
    harness *h = make("ns16550a", 1, uart_opts);
    uart_setup(h);
    assert_int_equal(rd(h, RBR, 1), 'a'); /* head moves: bytes still oldest first */
    uint8_t *data;
    size_t size;
    save(h, &data, &size);
    /* MSR: loopback reflects RTS->CTS, DTR->DSR, OUT2->DCD; deltas for
     * CTS/DSR/DCD turning off and on again */
    const uint8_t expect[] = {0x05, 0x81, 0x1b, 0x1b, 0x60, (uint8_t)peek(h, MSR, 1), 0x5a, 0x01, 0x02,
                              1,    2,    'b',  'c'};
    assert_int_equal(size, sizeof(expect));
    assert_memory_equal(data, expect, sizeof(expect));
    free(data);
    assert_true(harness_destroy(h));
}

/* The stdin poll event is re-scheduled one rx-poll after the restore, but
 * not while the restored UART is in loopback (TX feeds RX then). */
static void test_device_state_uart_rx_poll_rescheduled(void **state)
{
    (void)state;
    const char *const stdio_opts[] = {"backend=stdio", "input=true", "rx-poll=1ms", NULL};
    harness *a = make("ns16550a", 1, uart_opts), *b = make("ns16550a", 1, stdio_opts);
    harness_advance(b, 400 * VP_US);
    vp_time when = 0;
    assert_true(clock_stub_next(harness_clock(b), &when));
    assert_int_equal(when, 1 * VP_MS); /* from realize */
    wr(a, MCR, 1, 0x0b); /* no loopback */
    assert_int_equal(harness_transfer(a, b), 0);
    assert_true(clock_stub_next(harness_clock(b), &when));
    assert_int_equal(when, 1400 * VP_US);
    assert_int_equal(clock_stub_pending(harness_clock(b)), 1);
    wr(a, MCR, 1, 0x1b); /* loopback */
    assert_int_equal(harness_transfer(a, b), 0);
    assert_int_equal(clock_stub_pending(harness_clock(b)), 0);
    wr(b, MCR, 1, 0x0b); /* loopback off: polling again */
    assert_true(clock_stub_next(harness_clock(b), &when));
    assert_int_equal(when, 1400 * VP_US);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

/* ---- clint ------------------------------------------------------------------------------ */

static void clint_compare(harness *a, harness *b)
{
    assert_int_equal(peek(a, MTIME, 8), peek(b, MTIME, 8));
    for (uint32_t h = 0; h < 2; h++) {
        assert_int_equal(peek(a, MSIP(h), 4), peek(b, MSIP(h), 4));
        assert_int_equal(peek(a, MTIMECMP(h), 8), peek(b, MTIMECMP(h), 8));
        assert_int_equal(harness_signal(a, "msip", h), harness_signal(b, "msip", h));
        assert_int_equal(harness_signal(a, "mtip", h), harness_signal(b, "mtip", h));
    }
}

static void test_device_state_clint_round_trip(void **state)
{
    (void)state;
    harness *a = make("clint", 2, NULL), *b = make("clint", 2, NULL);
    clint_setup(a);
    assert_true(harness_signal(b, "mtip", 0)); /* fresh: mtimecmp 0 */
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    assert_int_equal(size, 4 + 8 + 8 + 2 * (1 + 8));
    assert_int_equal(harness_restore(b, data, size), 0); /* b is at time 0, a is not */
    free(data);
    clint_compare(a, b);
    assert_int_equal(peek(b, MTIME, 8), 1000);
    assert_int_equal(peek(b, MTIMECMP(0), 8), 1050);
    assert_true(harness_signal(b, "msip", 1));
    assert_false(harness_signal(b, "mtip", 0));
    /* the timer fires after the same delay on both, to the picosecond:
     * a is half a tick past a tick boundary, and so is b after restore */
    vp_time ta = 0, tb = 0;
    assert_true(clock_stub_next(harness_clock(a), &ta));
    assert_true(clock_stub_next(harness_clock(b), &tb));
    vp_time now_a = clock_stub_now(harness_clock(a));
    assert_int_equal(ta - now_a, tb);
    assert_int_equal(tb, 6200 * VP_NS - 1284567); /* mtime 1050 = tick 62 */
    harness_signals_clear(a);
    harness_signals_clear(b);
    for (vp_time step = 0; step < 6 * VP_US; step += 9973) {
        harness_advance(a, 9973);
        harness_advance(b, 9973);
        clint_compare(a, b);
    }
    assert_true(harness_signal(b, "mtip", 0));
    assert_int_equal(harness_signal_edges(a, "mtip", 0), 1);
    assert_int_equal(harness_signal_edges(b, "mtip", 0), 1);
    assert_false(harness_signal(b, "mtip", 1));
    /* and keeps behaving: re-arm on both */
    wr(a, MTIMECMP(0), 8, peek(a, MTIME, 8) + 7);
    wr(b, MTIMECMP(0), 8, peek(b, MTIME, 8) + 7);
    assert_false(harness_signal(b, "mtip", 0));
    harness_advance(a, 700 * VP_NS);
    harness_advance(b, 700 * VP_NS);
    clint_compare(a, b);
    assert_true(harness_signal(b, "mtip", 0));
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

/* Restored at the very time of the save, the offset is reproduced exactly. */
static void test_device_state_clint_restore_in_place(void **state)
{
    (void)state;
    harness *a = make("clint", 2, NULL);
    clint_setup(a);
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    /* u32 harts, then mtime LE at bytes 4..11 */
    assert_int_equal(data[0], 2);
    assert_int_equal(data[4] | (data[5] << 8), 1000);
    wr(a, MTIME, 8, 5);
    wr(a, MTIMECMP(0), 8, 0);
    wr(a, MSIP(1), 4, 0);
    assert_true(harness_signal(a, "mtip", 0));
    assert_int_equal(harness_restore(a, data, size), 0);
    free(data);
    assert_int_equal(peek(a, MTIME, 8), 1000);
    assert_false(harness_signal(a, "mtip", 0));
    assert_true(harness_signal(a, "msip", 1));
    harness_advance(a, 6200 * VP_NS - 1284567 - 1);
    assert_false(harness_signal(a, "mtip", 0));
    harness_advance(a, 1);
    assert_true(harness_signal(a, "mtip", 0));
    assert_int_equal(peek(a, MTIME, 8), 1050);
    assert_true(harness_destroy(a));
}

/* ---- plic -------------------------------------------------------------------------------- */

static void plic_compare(harness *a, harness *b)
{
    for (uint32_t s = 0; s <= 96; s++)
        assert_int_equal(peek(a, PRIO(s), 4), peek(b, PRIO(s), 4));
    for (uint32_t w = 0; w < 4; w++) {
        assert_int_equal(peek(a, PENDING(w), 4), peek(b, PENDING(w), 4));
        for (uint32_t c = 0; c < 4; c++)
            assert_int_equal(peek(a, ENABLE(c, w), 4), peek(b, ENABLE(c, w), 4));
    }
    for (uint32_t c = 0; c < 4; c++) {
        assert_int_equal(peek(a, THRESHOLD(c), 4), peek(b, THRESHOLD(c), 4));
        assert_int_equal(peek(a, CLAIM(c), 4), peek(b, CLAIM(c), 4)); /* candidate, no claim */
    }
    for (uint32_t h = 0; h < 2; h++) {
        assert_int_equal(harness_signal(a, "meip", h), harness_signal(b, "meip", h));
        assert_int_equal(harness_signal(a, "seip", h), harness_signal(b, "seip", h));
    }
}

static void test_device_state_plic_round_trip(void **state)
{
    (void)state;
    harness *a = make("plic", 2, NULL), *b = make("plic", 2, NULL);
    plic_setup(a);
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    assert_int_equal(size, 4 * (2 + 96 + 3 * 4 + 4 * (1 + 4)));
    assert_int_equal(harness_restore(b, data, size), 0);
    free(data);
    plic_compare(a, b);
    assert_int_equal(peek(b, PENDING(0), 4), (1u << 7) | (1u << 9));
    assert_int_equal(peek(b, PENDING(1), 4), 1u << 8);
    assert_true(harness_signal(b, "meip", 0));
    assert_true(harness_signal(b, "seip", 1));
    /* complete the claimed source on the restored one: it was claimed, so
     * no warning, and its line is still high, so it is pending again */
    harness_log_clear(b);
    wr(b, CLAIM(0), 4, 5);
    wr(a, CLAIM(0), 4, 5);
    assert_int_equal(harness_log_count(b, VP_LOG_GUEST_ERROR), 0);
    assert_int_equal(peek(b, PENDING(0), 4), (1u << 5) | (1u << 7) | (1u << 9));
    plic_compare(a, b);
    /* claims continue in the same order on both */
    for (int i = 0; i < 4; i++) {
        uint32_t id = (uint32_t)rd(a, CLAIM(0), 4);
        assert_int_equal(rd(b, CLAIM(0), 4), id);
        plic_compare(a, b);
    }
    /* the saved input level of 9 lets a falling edge clear it on both */
    harness_signal_in(a, "src", 9, false);
    harness_signal_in(b, "src", 9, false);
    assert_false(harness_signal(b, "seip", 1));
    plic_compare(a, b);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

/* ---- sifive_test ------------------------------------------------------------------------- */

static void test_device_state_sifive_test_empty_record(void **state)
{
    (void)state;
    harness *a = make("sifive_test", 1, NULL), *b = make("sifive_test", 1, NULL);
    uint8_t *data;
    size_t size = 99;
    save(a, &data, &size);
    assert_int_equal(size, 0);
    assert_int_equal(harness_restore(b, data, 0), 0);
    free(data);
    const uint8_t junk = 0;
    assert_int_equal(harness_restore(b, &junk, 1), VP_EIO); /* not consumed */
    wr(b, 0, 4, 0x5555);
    assert_int_equal(harness_exit_count(b), 1);
    assert_int_equal(harness_exit_status(b), 0);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

/* ---- failures ----------------------------------------------------------------------------- */

/* Every proper prefix of a saved stream fails with VP_EIO and leaves the
 * instance exactly as it was (its own save is unchanged); the full stream
 * still restores afterwards. */
static void test_device_state_truncated_stream_fails_cleanly(void **state)
{
    (void)state;
    for (size_t i = 0; i < NUM_CASES; i++) {
        harness *a = make_case(&cases[i]), *b = make_case(&cases[i]);
        if (cases[i].setup)
            cases[i].setup(a);
        uint8_t *data, *before, *after;
        size_t size, size_before, size_after;
        save(a, &data, &size);
        save(b, &before, &size_before);
        for (size_t len = 0; len < size; len++) {
            assert_int_equal(harness_restore(b, data, len), VP_EIO);
            save(b, &after, &size_after);
            assert_int_equal(size_after, size_before);
            assert_memory_equal(after, before, size_before);
            free(after);
        }
        assert_int_equal(harness_restore(b, data, size), 0);
        save(b, &after, &size_after);
        assert_int_equal(size_after, size);
        assert_memory_equal(after, data, size); /* clint: same mtime and phase */
        free(after);
        free(before);
        free(data);
        assert_true(harness_destroy(a));
        assert_true(harness_destroy(b));
    }
}

/* Restores `data` with byte `at` replaced by `value`; returns the result. */
static int restore_patched(harness *h, const uint8_t *data, size_t size, size_t at, uint8_t value)
{
    uint8_t *copy = malloc(size);
    assert_non_null(copy);
    memcpy(copy, data, size);
    assert_true(at < size);
    copy[at] = value;
    int rc = harness_restore(h, copy, size);
    free(copy);
    return rc;
}

static void test_device_state_uart_corrupt_values_rejected(void **state)
{
    (void)state;
    harness *a = make("ns16550a", 1, uart_opts), *b = make("ns16550a", 1, uart_opts);
    uart_setup(a);
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    assert_int_equal(restore_patched(b, data, size, 10, 17), VP_EINVAL);  /* RX count > FIFO */
    assert_int_equal(restore_patched(b, data, size, 10, 200), VP_EINVAL); /* no overflow */
    assert_int_equal(restore_patched(b, data, size, 1, 0x00), VP_EINVAL); /* FIFO off: 3 > 1 */
    assert_int_equal(restore_patched(b, data, size, 9, 2), VP_EINVAL);    /* latch not 0/1 */
    assert_int_equal(restore_patched(b, data, size, 0, 0x10), VP_EINVAL); /* IER bit 4 */
    assert_int_equal(restore_patched(b, data, size, 1, 0x83), VP_EINVAL); /* FCR clear bits */
    assert_true(harness_log_contains(b, VP_LOG_PLUGIN, "restore"));
    assert_int_equal(peek(b, SCR, 1), 0); /* untouched */
    assert_false(harness_signal(b, "irq", 0));
    free(data);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
}

static void test_device_state_clint_corrupt_values_rejected(void **state)
{
    (void)state;
    harness *a = make("clint", 2, NULL), *one = make("clint", 1, NULL);
    clint_setup(a);
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    assert_int_equal(harness_restore(one, data, size), VP_EINVAL); /* 2 harts into 1 */
    assert_true(harness_log_contains(one, VP_LOG_PLUGIN, "2 harts"));
    harness *b = make("clint", 2, NULL);
    assert_int_equal(restore_patched(b, data, size, 0, 0xff), VP_EINVAL);  /* hart count */
    assert_int_equal(restore_patched(b, data, size, 19, 0xff), VP_EINVAL); /* phase >= 1 s */
    assert_int_equal(restore_patched(b, data, size, 20, 2), VP_EINVAL);    /* msip not 0/1 */
    assert_int_equal(peek(b, MTIMECMP(0), 8), 0);
    assert_true(harness_signal(b, "mtip", 0));
    free(data);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(one));
    assert_true(harness_destroy(b));
}

static void test_device_state_plic_corrupt_values_rejected(void **state)
{
    (void)state;
    harness *a = make("plic", 2, NULL), *b = make("plic", 2, NULL);
    plic_setup(a);
    uint8_t *data;
    size_t size;
    save(a, &data, &size);
    const size_t prio1 = 8, level = prio1 + 4 * 96, pending = level + 16, claimed = pending + 16;
    const size_t ctx0 = claimed + 16;
    assert_int_equal(restore_patched(b, data, size, 0, 40), VP_EINVAL);         /* source count */
    assert_int_equal(restore_patched(b, data, size, 4, 2), VP_EINVAL);          /* contexts */
    assert_int_equal(restore_patched(b, data, size, prio1, 8), VP_EINVAL);      /* priority > 7 */
    assert_int_equal(restore_patched(b, data, size, pending, 1), VP_EINVAL);    /* source 0 */
    assert_int_equal(restore_patched(b, data, size, pending + 15, 0x80), VP_EINVAL); /* source 127 */
    assert_int_equal(restore_patched(b, data, size, pending, 1u << 5), VP_EINVAL);   /* pending+claimed */
    assert_int_equal(restore_patched(b, data, size, ctx0, 9), VP_EINVAL);        /* threshold */
    assert_int_equal(restore_patched(b, data, size, ctx0 + 4, 1), VP_EINVAL);    /* enable source 0 */
    assert_true(harness_log_contains(b, VP_LOG_PLUGIN, "restore"));
    assert_int_equal(peek(b, PRIO(5), 4), 0);
    assert_int_equal(peek(b, ENABLE(0, 0), 4), 0);
    const char *const small[] = {"num-sources=40", NULL};
    harness *c = make("plic", 2, small);
    assert_int_equal(harness_restore(c, data, size), VP_EINVAL);
    free(data);
    assert_true(harness_destroy(a));
    assert_true(harness_destroy(b));
    assert_true(harness_destroy(c));
}

/* A 1.0 host (api size ends before state_write): save and restore answer
 * VP_EUNSUPP without touching the missing entries. */
static void test_device_state_old_host_unsupported(void **state)
{
    (void)state;
    for (size_t i = 0; i < NUM_CASES; i++) {
        harness *h = make_case(&cases[i]);
        harness_set_api_size(h, (uint32_t)offsetof(vp_host_api, state_write));
        uint8_t *data = (uint8_t *)1;
        size_t size = 1;
        assert_int_equal(harness_save(h, &data, &size), VP_EUNSUPP);
        assert_null(data);
        const uint8_t buf[64] = {0};
        assert_int_equal(harness_restore(h, buf, sizeof(buf)), VP_EUNSUPP);
        assert_int_equal(harness_state_calls(h), 0);
        harness_set_api_size(h, (uint32_t)sizeof(vp_host_api));
        assert_int_equal(harness_save(h, &data, &size), 0);
        free(data);
        assert_true(harness_destroy(h));
    }
}

/* A failing state_write (host out of memory) makes save fail with it. */
static void test_device_state_write_failure_propagates(void **state)
{
    (void)state;
    for (size_t i = 0; i < NUM_CASES; i++) {
        if (!cases[i].setup)
            continue; /* empty record: nothing to fail */
        harness *h = make_case(&cases[i]);
        cases[i].setup(h);
        uint8_t *data;
        size_t size;
        save(h, &data, &size);
        free(data);
        for (size_t limit = 0; limit < size; limit += 3) {
            harness_set_state_limit(h, limit);
            assert_int_equal(harness_save(h, &data, &size), VP_ENOMEM);
            assert_null(data);
        }
        assert_true(harness_destroy(h));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_device_state_types_declare_version_1),
        cmocka_unit_test(test_device_state_uart_round_trip),
        cmocka_unit_test(test_device_state_uart_stream_layout),
        cmocka_unit_test(test_device_state_uart_rx_poll_rescheduled),
        cmocka_unit_test(test_device_state_clint_round_trip),
        cmocka_unit_test(test_device_state_clint_restore_in_place),
        cmocka_unit_test(test_device_state_plic_round_trip),
        cmocka_unit_test(test_device_state_sifive_test_empty_record),
        cmocka_unit_test(test_device_state_truncated_stream_fails_cleanly),
        cmocka_unit_test(test_device_state_uart_corrupt_values_rejected),
        cmocka_unit_test(test_device_state_clint_corrupt_values_rejected),
        cmocka_unit_test(test_device_state_plic_corrupt_values_rejected),
        cmocka_unit_test(test_device_state_old_host_unsupported),
        cmocka_unit_test(test_device_state_write_failure_propagates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
