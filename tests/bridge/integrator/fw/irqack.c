/* SPDX-License-Identifier: Apache-2.0 */
/* irqack: a machine external interrupt whose handler lowers the line with
 * one MMIO write to the test's irq source (test_riscv_cluster_irqack). The
 * handler must run once per raise: the exit status is how often it ran. */
#include "vp_rt.h"

#define IRQ_ACK ((volatile unsigned *)0x10001000ul) /* write: lower the line */

static volatile int taken;

__attribute__((interrupt("machine"), aligned(4))) static void on_trap(void)
{
    long cause = (long)vp_csr_read(mcause);
    if (cause >= 0 || (cause & 0xff) != 11)
        vp_exit(99);
    taken++;
    *IRQ_ACK = 1; /* the line goes low; the hart must not see it high again */
}

int main(void)
{
    vp_csr_write(mtvec, (unsigned long)on_trap);
    vp_csr_set(mie, 1u << 11);
    vp_csr_set(mstatus, 1u << 3);
    while (!taken)
        __asm__ volatile("wfi");
    /* Run on (well inside one quantum) where a stale high line would be taken again. */
    for (volatile int i = 0; i < 2000; i++)
        ;
    vp_puts(taken == 1 ? "once\n" : "again\n");
    return 10 + taken;
}
