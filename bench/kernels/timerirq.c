/* SPDX-License-Identifier: Apache-2.0 */
/* timerirq.c - bench kernel: ROUNDS timer interrupts, each programmed one
 * mtime tick ahead, with a fixed compute loop (WORK iterations, thousands
 * of instructions) after it. The interrupt arrives during the compute loop
 * on vpbridge (mtime follows the instruction count: 1 tick = 100 insns)
 * and on QEMU (mtime follows the host clock: 1 tick = 100 ns), so both
 * execute the same guest instructions whatever the clock: the work is the
 * instruction count, not a wait. A round whose interrupt has not arrived
 * when the loop ends waits in WFI (no instructions) and is counted as
 * "late" in the output, so a run that did different work shows it. */
#include <stdint.h>
#include "vp_rt.h"
#define ROUNDS 20000u
#define WORK 400u
static volatile unsigned ticks;
__attribute__((interrupt("machine"), aligned(4))) static void handler(void)
{
    ticks++;
    vp_set_mtimecmp(UINT64_MAX); /* disarm: one interrupt per round */
}
int main(void)
{
    unsigned late = 0;
    uint32_t acc = 1;
    vp_csr_write(mtvec, (unsigned long)handler);
    vp_set_mtimecmp(UINT64_MAX);
    vp_csr_set(mie, 1u << 7);
    vp_csr_set(mstatus, 1u << 3);
    for (unsigned r = 1; r <= ROUNDS; r++) {
        vp_set_mtimecmp(vp_mtime() + 1);
        for (uint32_t k = 0; k < WORK; k++)
            acc = (acc * 5 + k) ^ (acc >> 3);
        if (ticks != r) {
            late++;
            while (ticks != r)
                __asm__ volatile("wfi");
        }
    }
    vp_csr_clear(mstatus, 1u << 3);
    vp_puts("timerirq "); vp_putdec(ticks); vp_puts(" late "); vp_putdec(late);
    vp_puts(" acc "); vp_puthex(acc, 8); vp_putc('\n');
    vp_exit(0);
}
