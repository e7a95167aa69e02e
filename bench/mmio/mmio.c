/* SPDX-License-Identifier: Apache-2.0 */
/* mmio: MMIO throughput benchmark firmware (bench/mmio/run.sh). One loop of
 * MMIO_N 32-bit accesses of one kind, chosen at build time by MMIO_MODE:
 *   0 loop only: the same loop reading a RAM word (DMI; the baseline)
 *   1 C device read:        CLINT mtime (low word), 0x0200bff8
 *   2 SystemC device read:  sc_timer COUNT, 0x10010004 (virt-sc boards)
 *   3 C device write:       CLINT mtimecmp (high word), 0x02004004
 *   4 SystemC device write: sc_timer LOAD, 0x10010000
 * Prints "mmio: mode M, N accesses" and exits 0. */
#include "vp_rt.h"

#ifndef MMIO_MODE
#define MMIO_MODE 0
#endif
#ifndef MMIO_N
#define MMIO_N 1000000u
#endif

static volatile uint32_t ram_word;

int main(void)
{
#if MMIO_MODE == 0
    volatile uint32_t *reg = &ram_word;
#elif MMIO_MODE == 1
    volatile uint32_t *reg = (volatile uint32_t *)0x0200bff8UL;
#elif MMIO_MODE == 2
    volatile uint32_t *reg = (volatile uint32_t *)0x10010004UL;
#elif MMIO_MODE == 3
    volatile uint32_t *reg = (volatile uint32_t *)0x02004004UL;
#else
    volatile uint32_t *reg = (volatile uint32_t *)0x10010000UL;
#endif
    uint32_t sink = 0;
    for (uint32_t i = 0; i < MMIO_N; i++) {
#if MMIO_MODE == 3
        *reg = 0xffffffffu; /* mtimecmp far in the future: no timer interrupt */
#elif MMIO_MODE == 4
        *reg = i;
#else
        sink += *reg;
#endif
    }
    ram_word = sink;
    vp_puts("mmio: mode ");
    vp_putdec(MMIO_MODE);
    vp_puts(", ");
    vp_putdec(MMIO_N);
    vp_puts(" accesses\n");
    vp_exit(0);
}
