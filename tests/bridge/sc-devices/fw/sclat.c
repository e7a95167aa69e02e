/* SPDX-License-Identifier: Apache-2.0 */
/* sclat: a b_transport delay annotated by a SystemC device lands in the
 * hart's local time. N reads of the sc_timer's COUNT register (0x10010000)
 * between two mtime reads; the board sets the timer's `latency` option, and
 * the mtime delta grows by about N * latency. Prints
 * "sclat: N reads, mtime delta D ticks" (ticks of 100 ns). */
#include "vp_rt.h"

#define T_COUNT (*(volatile uint32_t *)(0x10010000UL + 0x04))
#define N 1000u

int main(void)
{
    uint32_t sink = 0;
    uint64_t t0 = vp_mtime();
    for (unsigned i = 0; i < N; i++)
        sink += T_COUNT;
    uint64_t t1 = vp_mtime();
    vp_puts("sclat: ");
    vp_putdec(N);
    vp_puts(" reads, mtime delta ");
    vp_putdec((unsigned long)(t1 - t0));
    vp_puts(" ticks\n");
    vp_exit(sink == 0 ? 0 : 2); /* the timer is never enabled: COUNT reads 0 */
}
