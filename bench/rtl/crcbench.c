/* SPDX-License-Identifier: Apache-2.0 */
/* crcbench: bench/rtl/run.sh's firmware. The CRC-32 of CRCB_WORDS words
 * through a device with examples/rtl/crc_core.v's registers at 0x10004000
 * (INIT, then a DATA write per word, then RESULT), checked against a C
 * reference; CRCB_MODE 0 runs the same loop on a RAM word instead (the
 * loop's own cost). Prints "crcbench: N words, crc 0x..., ok" and exits 0. */
#include "vp_rt.h"

#ifndef CRCB_WORDS
#define CRCB_WORDS 200000u
#endif
#ifndef CRCB_MODE
#define CRCB_MODE 1
#endif

static volatile uint32_t ram_regs[6];

int main(void)
{
#if CRCB_MODE == 0
    volatile uint32_t *regs = ram_regs;
#else
    volatile uint32_t *regs = (volatile uint32_t *)0x10004000UL;
#endif
    uint32_t x = 1, ref = 0xFFFFFFFFu;
    regs[4] = 0xFFFFFFFFu; /* INIT */
    for (uint32_t i = 0; i < CRCB_WORDS; i++) {
        x = x * 1664525u + 1013904223u;
        regs[2] = x; /* DATA */
        if (i < 64)  /* the reference for the first words only: the loop stays the device's */
            for (int b = 0; b < 32; b++)
                ref = (ref >> 1) ^ (0xEDB88320u & -((ref ^ (x >> b)) & 1u));
    }
    uint32_t got = regs[3]; /* RESULT */
    vp_puts("crcbench: ");
    vp_putdec(CRCB_WORDS);
    vp_puts(" words, crc ");
    vp_puthex(got, 8);
#if CRCB_MODE != 0
    /* Check the function: 64 more words from INIT, against the reference. */
    regs[4] = 0xFFFFFFFFu;
    x = 1;
    for (uint32_t i = 0; i < 64; i++) {
        x = x * 1664525u + 1013904223u;
        regs[2] = x;
    }
    if (regs[3] != ref) {
        vp_puts(", WRONG\n");
        vp_exit(1);
    }
#endif
    vp_puts(", ok\n");
    vp_exit(0);
}
