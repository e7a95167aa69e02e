/* SPDX-License-Identifier: Apache-2.0 */
/* timer: CLINT timer interrupts with mtvec in direct, then vectored mode; checks mcause values. */
#include "vp_rt.h"

#define TICKS     5
#define INTERVAL  2000UL /* 200 us at 10 MHz */
#define IRQ_BIT   (1UL << (__riscv_xlen - 1))
#define CAUSE_MSI (IRQ_BIT | 3)
#define CAUSE_MTI (IRQ_BIT | 7)
#define MIP_MSIP  (1UL << 3)
#define MIP_MTIP  (1UL << 7)
#define MSTATUS_MIE (1UL << 3)

static volatile unsigned ticks;      /* timer interrupts taken in this phase */
static volatile unsigned soft_irqs;  /* software interrupts taken */
static volatile unsigned bad_cause;  /* interrupts with an unexpected mcause */
static volatile unsigned vector_hits;/* timer interrupts that came through vector slot 7 */

static void timer_rearm(void)
{
    if (ticks + 1 >= TICKS)
        vp_set_mtimecmp(UINT64_MAX);
    else
        vp_set_mtimecmp(vp_mtime() + INTERVAL);
    ticks++;
}

__attribute__((interrupt("machine"), aligned(4))) void timer_direct_handler(void);
__attribute__((interrupt("machine"), aligned(4))) void timer_direct_handler(void)
{
    unsigned long cause = vp_csr_read(mcause);
    if (cause == CAUSE_MTI) {
        timer_rearm();
    } else {
        bad_cause++;
        vp_set_mtimecmp(UINT64_MAX);
    }
}

/* Vector slot 7: machine timer interrupt. */
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_mti(void);
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_mti(void)
{
    if (vp_csr_read(mcause) != CAUSE_MTI)
        bad_cause++;
    vector_hits++;
    timer_rearm();
}

/* Vector slot 3: machine software interrupt. */
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_msi(void);
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_msi(void)
{
    if (vp_csr_read(mcause) != CAUSE_MSI)
        bad_cause++;
    *(volatile uint32_t *)VP_RT_CLINT_MSIP = 0;
    soft_irqs++;
}

/* Any other slot (including 0, exceptions): stop. */
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_other(void);
__attribute__((interrupt("machine"), aligned(4))) void timer_vec_other(void)
{
    vp_puts("timer: unexpected vector, mcause=");
    vp_puthex(vp_csr_read(mcause), (int)sizeof(long) * 2);
    vp_putc('\n');
    vp_exit(3);
}

__asm__(
    "  .text\n"
    "  .balign 256\n"
    "  .option push\n"
    "  .option norvc\n"  /* every slot must be exactly 4 bytes */
    "timer_vector_table:\n"
    "  j timer_vec_other\n"  /* 0: exceptions */
    "  j timer_vec_other\n"  /* 1 */
    "  j timer_vec_other\n"  /* 2 */
    "  j timer_vec_msi\n"    /* 3: MSI */
    "  j timer_vec_other\n"  /* 4 */
    "  j timer_vec_other\n"  /* 5 */
    "  j timer_vec_other\n"  /* 6 */
    "  j timer_vec_mti\n"    /* 7: MTI */
    "  j timer_vec_other\n"  /* 8 */
    "  j timer_vec_other\n"  /* 9 */
    "  j timer_vec_other\n"  /* 10 */
    "  j timer_vec_other\n"  /* 11: MEI */
    "  .option pop\n"
);
extern char timer_vector_table[];

/* Wait for TICKS timer interrupts, printing one line per tick in order. */
static void run_ticks(const char *phase)
{
    unsigned seen = 0;
    ticks = 0;
    vp_set_mtimecmp(vp_mtime() + INTERVAL);
    vp_csr_set(mie, MIP_MTIP);
    while (seen < TICKS) {
        /* Check-then-sleep with MIE off so a tick between the check and WFI is not lost. */
        vp_csr_clear(mstatus, MSTATUS_MIE);
        if (ticks == seen)
            __asm__ volatile("wfi");
        vp_csr_set(mstatus, MSTATUS_MIE);
        while (seen < ticks) {
            seen++;
            vp_puts(phase);
            vp_puts(": tick ");
            vp_putdec(seen);
            vp_puts("/" );
            vp_putdec(TICKS);
            vp_putc('\n');
        }
    }
    vp_csr_clear(mie, MIP_MTIP);
}

int main(void)
{
    vp_puts("timer: direct mode\n");
    vp_csr_write(mtvec, (unsigned long)&timer_direct_handler);
    run_ticks("direct");

    vp_puts("timer: vectored mode\n");
    vp_csr_write(mtvec, (unsigned long)timer_vector_table | 1);
    if ((vp_csr_read(mtvec) & 3) != 1) {
        vp_puts("timer: vectored mode not supported\n");
        return 4;
    }
    run_ticks("vectored");

    /* A software interrupt through slot 3. */
    vp_csr_set(mie, MIP_MSIP);
    *(volatile uint32_t *)VP_RT_CLINT_MSIP = 1;
    /* Sleep until it is taken (WFI wakes on the pending MSIP even with MIE off). */
    vp_csr_clear(mstatus, MSTATUS_MIE);
    if (soft_irqs == 0)
        __asm__ volatile("wfi");
    vp_csr_set(mstatus, MSTATUS_MIE);
    vp_csr_clear(mie, MIP_MSIP);
    vp_csr_clear(mstatus, MSTATUS_MIE);

    if (soft_irqs != 1) {
        vp_puts("timer: software interrupt not taken\n");
        return 5;
    }
    vp_puts("vectored: software interrupt ok\n");
    if (vector_hits != TICKS) {
        vp_puts("timer: timer interrupts did not use vector slot 7\n");
        return 6;
    }
    if (bad_cause) {
        vp_puts("timer: unexpected mcause\n");
        return 7;
    }
    vp_puts("timer: mcause ok, done\n");
    return 0;
}
