/* SPDX-License-Identifier: Apache-2.0 */
/* sctimer: the SystemC-side timer (sc_timer) through the PLIC: one-shot,
 * periodic with WFI (plausible mtime deltas), and periodic while the hart
 * busy-loops, measuring interrupt latency against the programmed expiry
 * (printed as "sctimer: latency max N ticks"; bounded by the quantum). */
#include "sc_plic.h"
#include "vp_rt.h"

#define T_LOAD     0x00
#define T_COUNT    0x04
#define T_CTRL     0x08
#define T_STATUS   0x0c
#define T_EXPIRIES 0x10
#define CTRL_EN 1u
#define CTRL_PER 2u
#define CTRL_IE 4u

static volatile unsigned irqs, spurious, bad_cause;
static volatile uint64_t stamp[16];     /* mtime at each handled expiry */
static volatile uint32_t expiry_no[16]; /* EXPIRIES when it was handled */

__attribute__((interrupt("machine"), aligned(4))) void sctimer_handler(void);
__attribute__((interrupt("machine"), aligned(4))) void sctimer_handler(void)
{
    uint64_t now = vp_mtime();
    if (vp_csr_read(mcause) != CAUSE_MEI) {
        bad_cause++;
        vp_exit(9);
    }
    uint32_t id = PLIC_CLAIM;
    if (id == SC_TIMER_SRC && (REG(SC_TIMER_BASE, T_STATUS) & 1)) {
        unsigned n = irqs;
        if (n < 16) {
            stamp[n] = now;
            expiry_no[n] = REG(SC_TIMER_BASE, T_EXPIRIES);
        }
        REG(SC_TIMER_BASE, T_STATUS) = 1;
        irqs = n + 1;
    } else {
        spurious++; /* the level drops at the next sync: a claim may find it already served */
    }
    if (id)
        PLIC_CLAIM = id;
}

static void print_line(const char *a, unsigned long v, const char *b)
{
    vp_puts(a);
    vp_putdec(v);
    vp_puts(b);
}

int main(void)
{
    vp_csr_write(mtvec, (unsigned long)&sctimer_handler);
    plic_enable(SC_TIMER_SRC);
    vp_csr_set(mie, MIP_MEIP);
    vp_csr_set(mstatus, MSTATUS_MIE);

    /* 1: one-shot, 1000 ticks (100 us), busy wait */
    vp_puts("sctimer: one-shot\n");
    uint64_t t0 = vp_mtime();
    REG(SC_TIMER_BASE, T_LOAD) = 1000;
    REG(SC_TIMER_BASE, T_CTRL) = CTRL_EN | CTRL_IE;
    uint32_t c = REG(SC_TIMER_BASE, T_COUNT);
    if (c == 0 || c > 1000) {
        print_line("sctimer: bad COUNT ", c, "\n");
        return 2;
    }
    vp_puts("sctimer: count running\n");
    while (irqs < 1)
        ;
    if (stamp[0] < t0 + 1000) {
        vp_puts("sctimer: one-shot fired early\n");
        return 3;
    }
    if (REG(SC_TIMER_BASE, T_CTRL) & CTRL_EN) {
        vp_puts("sctimer: one-shot still enabled\n");
        return 4;
    }
    vp_puts("sctimer: one-shot fired\n");

    /* 2: periodic, 500 ticks (50 us), sleeping in WFI */
    irqs = 0;
    REG(SC_TIMER_BASE, T_LOAD) = 500;
    REG(SC_TIMER_BASE, T_CTRL) = CTRL_EN | CTRL_PER | CTRL_IE;
    unsigned seen = 0;
    while (seen < 5) {
        vp_csr_clear(mstatus, MSTATUS_MIE);
        if (irqs == seen)
            __asm__ volatile("wfi");
        vp_csr_set(mstatus, MSTATUS_MIE);
        while (seen < irqs && seen < 5)
            print_line("periodic: tick ", ++seen, "/5\n");
    }
    REG(SC_TIMER_BASE, T_CTRL) = 0;
    for (unsigned i = 1; i < 5; i++) {
        uint64_t d = stamp[i] - stamp[i - 1];
        if (d < 400 || d > 600) {
            print_line("sctimer: implausible mtime delta ", (unsigned long)d, "\n");
            return 5;
        }
    }
    vp_puts("periodic: mtime deltas plausible\n");

    /* 3: periodic, 1500 ticks (150 us), busy loop: latency vs expiry */
    irqs = 0;
    uint32_t base_exp = REG(SC_TIMER_BASE, T_EXPIRIES);
    REG(SC_TIMER_BASE, T_LOAD) = 1500;
    t0 = vp_mtime();
    REG(SC_TIMER_BASE, T_CTRL) = CTRL_EN | CTRL_PER | CTRL_IE;
    while (irqs < 4)
        ;
    REG(SC_TIMER_BASE, T_CTRL) = 0;
    uint64_t max = 0;
    for (unsigned i = 0; i < 4; i++) {
        uint64_t due = t0 + 1500ull * (expiry_no[i] - base_exp);
        if (stamp[i] + 1 < due) { /* one tick of rounding between mtime and the write */
            vp_puts("sctimer: interrupt before its expiry\n");
            return 6;
        }
        uint64_t lat = stamp[i] > due ? stamp[i] - due : 0;
        if (lat > max)
            max = lat;
    }
    print_line("sctimer: latency max ", (unsigned long)max, " ticks\n");
    if (bad_cause)
        return 7;
    vp_puts("sctimer: done\n");
    return 0;
}
