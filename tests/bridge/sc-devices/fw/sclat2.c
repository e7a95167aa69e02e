/* SPDX-License-Identifier: Apache-2.0 */
/* sclat2: two harts while a SystemC target waits inside b_transport. Hart 0
 * reads the sc_waiter (1 us of kernel time per access, at 0x10010000) N
 * times between two mtime reads; hart 1 spins (sclat2_hart1.S). Each access
 * ends hart 0's turn, so every round holds one access and a full quantum of
 * hart 1: with the harts' times counted from the round's start the round
 * lasts max(1 us, quantum) = one quantum, and hart 1 spins at its own
 * instruction rate. Prints "sclat2: N reads, mtime delta D ticks, spins S". */
#include "vp_rt.h"

#define W_REG (*(volatile uint32_t *)(0x10010000UL + 0x04))
#define N 200u

extern volatile uint32_t sclat2_spins;

int main(void)
{
    uint32_t sink = 0;
    uint32_t s0 = sclat2_spins;
    uint64_t t0 = vp_mtime();
    for (unsigned i = 0; i < N; i++)
        sink += W_REG;
    uint64_t t1 = vp_mtime();
    uint32_t s1 = sclat2_spins;
    vp_puts("sclat2: ");
    vp_putdec(N);
    vp_puts(" reads, mtime delta ");
    vp_putdec((unsigned long)(t1 - t0));
    vp_puts(" ticks, spins ");
    vp_putdec((unsigned long)(s1 - s0));
    vp_puts("\n");
    vp_exit(sink == 0 ? 0 : 2);
}
