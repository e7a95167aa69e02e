/* SPDX-License-Identifier: Apache-2.0 */
/* counter_test.c - firmware for the sc_counter example device (a SystemC-side
 * module) on counter-virt-rv32: checks ID, that COUNT advances in SystemC
 * time, a one-shot compare match taken as an interrupt through the PLIC
 * (claim/complete), then three auto-reload matches. Prints on the UART and
 * exits through the SiFive test finisher (0 = pass). Self-contained: no libc. */
#include <stdint.h>

#define UART_BASE 0x10000000UL /* NS16550A */
#define FINISHER_BASE 0x00100000UL
#define PLIC_BASE 0x0c000000UL
#define CNT_BASE 0x10003000UL
#define CNT_IRQ 13 /* plic0.src[13] */

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))
#define PLIC_CLAIM REG32(PLIC_BASE + 0x200004UL)

enum { CNT_COUNT = 0x00, CNT_COMPARE = 0x04, CNT_CTRL = 0x08, CNT_STATUS = 0x0c, CNT_MATCHES = 0x10,
       CNT_ID = 0x14 };
#define CTRL_EN 1u
#define CTRL_IE 2u
#define CTRL_RELOAD 4u
#define STATUS_MATCH 1u
#define MCAUSE_MEI ((1UL << (__riscv_xlen - 1)) | 11UL)

/* ---- tiny runtime: UART out, finisher exit --------------------------------- */
static void putc_(char c)
{
    while (!(REG8(UART_BASE + 5) & 0x20)) /* LSR.THRE */
        ;
    REG8(UART_BASE) = (uint8_t)c;
}
static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}
static void putdec(unsigned long v)
{
    char buf[24];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        putc_(buf[--n]);
}
static void puthex(uint32_t v)
{
    puts_("0x");
    for (int i = 28; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}
__attribute__((noreturn)) void fw_exit(int code)
{
    REG32(FINISHER_BASE) = code ? (0x3333u | ((uint32_t)code << 16)) : 0x5555u;
    for (;;)
        __asm__ volatile("wfi");
}

/* ---- interrupt: machine external via PLIC context 0 (hart 0, M-mode) ---------- */
static volatile uint32_t irq_count, irq_spurious, irq_count_at, irq_status;
static volatile uint32_t stop_after; /* disable the counter in the handler after this many irqs */

__attribute__((interrupt("machine"), aligned(4))) static void trap_handler(void)
{
    unsigned long cause;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    if (cause != MCAUSE_MEI) {
        puts_("unexpected trap, mcause ");
        puthex((uint32_t)cause);
        puts_("\n");
        fw_exit(1);
    }
    uint32_t src = PLIC_CLAIM;
    if (src == CNT_IRQ) {
        irq_status = REG32(CNT_BASE + CNT_STATUS);
        irq_count_at = REG32(CNT_BASE + CNT_COUNT);
        if (!(irq_status & STATUS_MATCH))
            irq_spurious++; /* nothing to do: would mean the line dropped late */
        irq_count++;
        if (irq_count >= stop_after)
            REG32(CNT_BASE + CNT_CTRL) = 0;
        /* Clearing STATUS drops the line; the hart syncs after this access,
         * so the PLIC sees the low level before the complete below. */
        REG32(CNT_BASE + CNT_STATUS) = STATUS_MATCH;
    } else if (src) {
        puts_("unexpected PLIC source ");
        putdec(src);
        puts_("\n");
        fw_exit(1);
    } else {
        irq_spurious++;
    }
    if (src)
        PLIC_CLAIM = src; /* complete */
}

static int check(const char *what, uint32_t got, uint32_t want)
{
    puts_(what);
    puts_(" = ");
    putdec(got);
    if (got == want) {
        puts_(" ok\n");
        return 0;
    }
    puts_(" FAIL, want ");
    putdec(want);
    puts_("\n");
    return 1;
}

static int check_true(const char *what, int ok)
{
    puts_(what);
    puts_(ok ? " ok\n" : " FAIL\n");
    return !ok;
}

static void wait_irqs(uint32_t n)
{
    /* wfi with interrupts masked globally would still wake up; keep MIE on
     * and re-check after every wake-up. Bounded: a lost irq fails the test. */
    for (unsigned long spins = 0; irq_count < n; spins++) {
        if (spins > 1000000) {
            puts_("timeout waiting for the compare interrupt\n");
            fw_exit(2);
        }
        __asm__ volatile("wfi");
    }
}

int main(void)
{
    int fails = 0;
    puts_("sc_counter device test on RV32\n");
    uint32_t id = REG32(CNT_BASE + CNT_ID);
    puts_("device id ");
    puthex(id);
    puts_(id == 0x534e4354u ? " ok\n" : " FAIL\n");
    fails += id != 0x534e4354u;

    /* Free-running: COUNT advances with SystemC time (10 MHz: one count per
     * 100 ns), seen at the hart's local time. */
    REG32(CNT_BASE + CNT_COUNT) = 0;
    REG32(CNT_BASE + CNT_CTRL) = CTRL_EN;
    uint32_t c0 = REG32(CNT_BASE + CNT_COUNT);
    for (volatile int i = 0; i < 2000; i++)
        ;
    uint32_t c1 = REG32(CNT_BASE + CNT_COUNT);
    REG32(CNT_BASE + CNT_CTRL) = 0;
    uint32_t frozen = REG32(CNT_BASE + CNT_COUNT);
    for (volatile int i = 0; i < 2000; i++)
        ;
    fails += check_true("count advances while enabled", c1 > c0);
    fails += check("count holds while disabled", REG32(CNT_BASE + CNT_COUNT), frozen);

    /* Interrupts: PLIC source 13 priority 1, enabled for context 0,
     * threshold 0; mie.MEIE and mstatus.MIE. */
    __asm__ volatile("csrw mtvec, %0" ::"r"((unsigned long)&trap_handler));
    REG32(PLIC_BASE + 4 * CNT_IRQ) = 1;
    REG32(PLIC_BASE + 0x2000) = 1u << CNT_IRQ;
    REG32(PLIC_BASE + 0x200000) = 0;
    __asm__ volatile("csrs mie, %0" ::"r"(1UL << 11));
    __asm__ volatile("csrs mstatus, %0" ::"r"(1UL << 3));

    /* One-shot match: COUNT 0 -> COMPARE 50 (5 us), then the handler
     * stops the counter. */
    stop_after = 1;
    REG32(CNT_BASE + CNT_COUNT) = 0;
    REG32(CNT_BASE + CNT_COMPARE) = 50;
    REG32(CNT_BASE + CNT_CTRL) = CTRL_EN | CTRL_IE;
    wait_irqs(1);
    fails += check("one-shot irqs", irq_count, 1);
    fails += check("STATUS in handler", irq_status, STATUS_MATCH);
    fails += check_true("COUNT in handler >= COMPARE", irq_count_at >= 50);
    fails += check("STATUS after clear", REG32(CNT_BASE + CNT_STATUS), 0);
    fails += check("MATCHES", REG32(CNT_BASE + CNT_MATCHES), 1);
    puts_("sc_counter interrupt taken\n");

    /* Auto-reload: a match every 20 counts (2 us); stop after three. */
    stop_after = 4;
    REG32(CNT_BASE + CNT_COUNT) = 0;
    REG32(CNT_BASE + CNT_COMPARE) = 20;
    REG32(CNT_BASE + CNT_CTRL) = CTRL_EN | CTRL_IE | CTRL_RELOAD;
    wait_irqs(4);
    fails += check("auto-reload irqs", irq_count, 4);
    fails += check("MATCHES", REG32(CNT_BASE + CNT_MATCHES), 4);
    fails += check_true("COUNT in last handler < COMPARE", irq_count_at < 20);
    fails += check("spurious claims", irq_spurious, 0);

    if (fails) {
        puts_("sc_counter test FAILED\n");
        return 1;
    }
    puts_("sc_counter test passed\n");
    return 0;
}
