/* SPDX-License-Identifier: Apache-2.0 */
/* irqwait: enables the machine timer interrupt, sleeps in WFI until the
 * host raises mtip, then exits with status 3 (test_riscv_cluster). */
#include "vp_rt.h"

static volatile int taken;

__attribute__((interrupt("machine"), aligned(4))) static void on_trap(void)
{
    long cause = (long)vp_csr_read(mcause);
    if (cause >= 0 || (cause & 0xff) != 7)
        vp_exit(99);
    vp_csr_clear(mie, 1u << 7); /* the host keeps mtip high: mask it */
    taken++;
}

int main(void)
{
    vp_puts("waiting\n");
    vp_csr_write(mtvec, (unsigned long)on_trap);
    vp_csr_set(mie, 1u << 7);
    vp_csr_set(mstatus, 1u << 3);
    while (!taken)
        __asm__ volatile("wfi");
    vp_puts("irq taken\n");
    return 3;
}
