/* SPDX-License-Identifier: Apache-2.0 */
/* timerirq.c - bench kernel: CLINT timer interrupts every 20 ticks while computing. */
#include <stdint.h>
#include "vp_rt.h"
static volatile unsigned ticks;
__attribute__((interrupt("machine"), aligned(4))) static void handler(void)
{
    ticks++;
    vp_set_mtimecmp(vp_mtime() + 20);
}
int main(void)
{
    vp_csr_write(mtvec, (unsigned long)handler);
    vp_set_mtimecmp(vp_mtime() + 20);
    vp_csr_set(mie, 1u << 7);
    vp_csr_set(mstatus, 1u << 3);
    uint32_t acc = 0;
    while (ticks < 20000)
        acc = acc * 5 + ticks;
    vp_csr_clear(mstatus, 1u << 3);
    vp_puts("timerirq "); vp_putdec(ticks); vp_putc('\n');
    (void)acc;
    vp_exit(0);
}
