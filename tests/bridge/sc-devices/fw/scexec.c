/* SPDX-License-Identifier: Apache-2.0 */
/* scexec: code in the SystemC memory sc_mem (examples/sc-modules) changes
 * under the hart's feet. Each bank of the window holds a tiny function,
 * `li a0, N; ret` (N = 1 in bank 0, 2 in bank 1); the hart calls it, swaps
 * the banks (the model revokes DMI, or, with `dmi: false`, never granted
 * any) and calls again without a fence.i: it must run the other bank's
 * code, never the old translation. Exit 0 when every call returns its
 * bank's N, 3 when a call ran stale code. */
#include "vp_rt.h"

#define SCMEM_BASE 0x10020000UL
#define WIN ((volatile uint32_t *)SCMEM_BASE)
#define SWAP (*(volatile uint32_t *)(SCMEM_BASE + 0x1000))
#define BANK (*(volatile uint32_t *)(SCMEM_BASE + 0x1004))

typedef long (*fn)(void);

static void put_code(long n)
{
    WIN[0] = 0x00000513u | ((uint32_t)n << 20); /* addi a0, zero, n */
    WIN[1] = 0x00008067u;                       /* jalr zero, 0(ra) */
}

static void call(const char *what, long want)
{
    long got = ((fn)SCMEM_BASE)();
    vp_puts("scexec: ");
    vp_puts(what);
    vp_puts(": ");
    vp_putdec((unsigned long)got);
    vp_puts(got == want ? " ok\n" : " STALE\n");
    if (got != want)
        vp_exit(3);
}

int main(void)
{
    put_code(1);
    SWAP = 1;
    put_code(2);
    SWAP = 1;
    __asm__ volatile("fence.i" ::: "memory");
    call("bank 0", 1);
    for (int round = 0; round < 3; round++) {
        SWAP = 1; /* no fence.i: the remap itself must drop the translation */
        call(BANK ? "after swap, bank 1" : "after swap, bank 0", BANK ? 2 : 1);
    }
    vp_puts("scexec: pass\n");
    vp_exit(0);
}
