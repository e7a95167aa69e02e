/* SPDX-License-Identifier: Apache-2.0 */
/* scmem: DMI across the C/SystemC boundary and its invalidation. The
 * SystemC memory sc_mem (examples/sc-modules/sc_mem.cpp) at 0x10020000
 * grants DMI over a 4 KiB window onto its active bank; the hart loops over
 * the window (soft TLB, host pointer), then writes SWAP, which makes the
 * other bank active and revokes DMI. The hart must then read the other
 * bank: a stale TLB entry would still show the first bank. Prints the
 * model's DMI grant and b_transport counters; exit 0 when every check
 * holds, 3 when stale data was read after a swap, 2 on wrong data. */
#include "vp_rt.h"

#define SCMEM_BASE 0x10020000UL
#define WIN ((volatile uint32_t *)SCMEM_BASE)
#define SWAP   (*(volatile uint32_t *)(SCMEM_BASE + 0x1000))
#define BANK   (*(volatile uint32_t *)(SCMEM_BASE + 0x1004))
#define GRANTS (*(volatile uint32_t *)(SCMEM_BASE + 0x1008))
#define XFERS  (*(volatile uint32_t *)(SCMEM_BASE + 0x100c))
#define WORDS 1024u
#define ROUNDS 20u

/* The model's initial contents: byte i of bank b is i ^ (b ? 0xa5 : 0). */
static uint32_t initial(unsigned bank, unsigned w)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; k++)
        v |= (uint32_t)(((w * 4 + k) ^ (bank ? 0xa5u : 0u)) & 0xff) << (8 * k);
    return v;
}

/* Checks the window against want(w) for every word; 0 = all match. */
static unsigned mismatches(uint32_t (*want)(unsigned, unsigned), unsigned bank)
{
    unsigned bad = 0;
    for (unsigned w = 0; w < WORDS; w++)
        bad += WIN[w] != want(bank, w);
    return bad;
}

static uint32_t pattern(unsigned bank, unsigned w) { return 0x5ca10000u + bank * 0x1000u + w; }

static void check(const char *what, unsigned bad, unsigned stale_bad, int code)
{
    vp_puts("scmem: ");
    vp_puts(what);
    if (!bad) {
        vp_puts(": ok\n");
        return;
    }
    vp_puts(stale_bad ? ": WRONG data\n" : ": STALE (still the other bank)\n");
    vp_exit(stale_bad ? 2 : code);
}

int main(void)
{
    if (BANK != 0)
        vp_exit(2);
    /* Bank 0: the model's contents, then a read/modify/write loop (DMI). */
    check("bank 0 initial", mismatches(initial, 0), mismatches(initial, 1), 3);
    for (unsigned w = 0; w < WORDS; w++)
        WIN[w] = pattern(0, w);
    for (unsigned r = 0; r < ROUNDS; r++)
        for (unsigned w = 0; w < WORDS; w++)
            WIN[w] += 1;
    for (unsigned w = 0; w < WORDS; w++)
        WIN[w] -= ROUNDS;
    check("bank 0 written", mismatches(pattern, 0), 1, 3);

    /* Swap: the window is bank 1 now; a TLB entry left over shows bank 0. */
    SWAP = 1;
    check("after swap: bank 1 initial", mismatches(initial, 1), mismatches(pattern, 0), 3);
    for (unsigned w = 0; w < WORDS; w++)
        WIN[w] = pattern(1, w);
    check("bank 1 written", mismatches(pattern, 1), 1, 3);

    /* Swap back: bank 0 kept what the hart wrote through its host pointer. */
    SWAP = 1;
    check("after swap back: bank 0 as written", mismatches(pattern, 0), mismatches(pattern, 1), 3);
    if (BANK != 0)
        vp_exit(2);
    vp_puts("scmem: dmi grants ");
    vp_putdec(GRANTS);
    vp_puts(", window b_transports ");
    vp_putdec(XFERS);
    vp_puts("\nscmem: pass\n");
    vp_exit(0);
}
