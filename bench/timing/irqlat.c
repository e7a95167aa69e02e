/* SPDX-License-Identifier: Apache-2.0 */
/* irqlat.c - timer interrupt latency in simulated time (bench/timing/run.sh,
 * docs/timing.md). ROUNDS times: wait for an mtime tick edge, arm mtimecmp
 * DELAY ticks ahead, compute until the interrupt comes. The handler reads
 * minstret: on vpbridge one instruction is one nanosecond of simulated time
 * and one mtime tick is 100 ns, so the instructions retired past the
 * deadline are the latency in ns (to within the few instructions of the
 * edge wait). Prints the mean and the largest latency; exits 0. */
#include <stdint.h>
#include "vp_rt.h"
#define ROUNDS 2000u
#define DELAY 37u /* ticks: 3.7 us, not a multiple of any quantum measured */
static volatile unsigned long hit_insn;
static volatile unsigned hits;
__attribute__((interrupt("machine"), aligned(4))) static void handler(void)
{
    hit_insn = vp_csr_read(minstret);
    hits++;
    vp_set_mtimecmp(UINT64_MAX);
}
int main(void)
{
    uint32_t acc = 1;
    unsigned long sum = 0, max = 0;
    vp_csr_write(mtvec, (unsigned long)handler);
    vp_set_mtimecmp(UINT64_MAX);
    vp_csr_set(mie, 1u << 7);
    vp_csr_set(mstatus, 1u << 3);
    for (unsigned r = 1; r <= ROUNDS; r++) {
        uint64_t t0 = vp_mtime(), t;
        while ((t = vp_mtime()) == t0) /* a tick edge: the deadline is exact from here */
            ;
        unsigned long i0 = vp_csr_read(minstret);
        vp_set_mtimecmp(t + DELAY);
        while (hits != r)
            acc = (acc * 5 + r) ^ (acc >> 3);
        long lat = (long)(hit_insn - i0) - (long)DELAY * 100;
        unsigned long l = lat > 0 ? (unsigned long)lat : 0;
        sum += l;
        max = l > max ? l : max;
    }
    vp_csr_clear(mstatus, 1u << 3);
    vp_puts("irqlat: rounds "); vp_putdec(ROUNDS);
    vp_puts(", mean "); vp_putdec(sum / ROUNDS);
    vp_puts(" ns, max "); vp_putdec(max);
    vp_puts(" ns (acc "); vp_puthex(acc, 8); vp_puts(")\n");
    return 0;
}
