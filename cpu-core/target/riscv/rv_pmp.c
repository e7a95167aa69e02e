/* SPDX-License-Identifier: Apache-2.0 */
/* rv_pmp.c - physical memory protection: the 16 entries (OFF, TOR, NA4,
 * NAPOT) in priority order, R/W/X, the L bit (locking, and applying to
 * M-mode), and whether one answer holds for a whole 4 KiB page (else the
 * soft TLB must not cache it). */
#include "rv_int.h"

#define PMP_L 0x80u
#define PMP_A_SHIFT 3

/* Entry i's range [*lo, *hi] (inclusive physical addresses); false if OFF or empty. */
static bool pmp_range(const vp_cpu *cpu, unsigned i, uint64_t *lo, uint64_t *hi)
{
    const vp_rv_state *rv = vp_rv(cpu);
    unsigned a = (vp__rv_pmp_cfg(cpu, i) >> PMP_A_SHIFT) & 3;
    uint64_t addr = rv->pmpaddr[i];

    switch (a) {
    case 1: { /* TOR: [pmpaddr[i-1], pmpaddr[i]) */
        uint64_t base = i ? rv->pmpaddr[i - 1] << 2 : 0, top = addr << 2;
        if (base >= top)
            return false;
        *lo = base;
        *hi = top - 1;
        return true;
    }
    case 2: /* NA4 */
        *lo = addr << 2;
        *hi = *lo + 3;
        return true;
    case 3: { /* NAPOT: trailing ones give the size */
        unsigned ones = 0;
        while (ones < 64 && ((addr >> ones) & 1))
            ones++;
        if (ones + 3 >= 64) {
            *lo = 0;
            *hi = UINT64_MAX;
            return true;
        }
        uint64_t size = 1ull << (ones + 3);
        *lo = (addr << 2) & ~(size - 1);
        *hi = *lo + size - 1;
        return true;
    }
    default:
        return false;
    }
}

uint32_t vp__rv_pmp_prot(const vp_cpu *cpu, uint64_t addr, uint64_t size, uint32_t prv, bool *whole)
{
    const uint32_t all = VP_PROT_READ | VP_PROT_WRITE | VP_PROT_EXEC;
    uint64_t page = addr & ~(uint64_t)0xfff, pend = page | 0xfff, last = addr + size - 1;

    *whole = true;
    for (unsigned i = 0; i < 16; i++) {
        uint64_t lo, hi;
        if (!pmp_range(cpu, i, &lo, &hi) || lo > pend || hi < page)
            continue;
        if (lo > page || hi < pend)
            *whole = false; /* the page is not all on one side of this entry */
        if (lo > addr || hi < addr)
            continue;
        if (hi < last)
            return 0; /* only part of the access matches: it fails */
        unsigned cfg = vp__rv_pmp_cfg(cpu, i);
        if (prv == VP_PRV_M && !(cfg & PMP_L))
            return all;
        return cfg & all; /* R, W, X are bits 0, 1, 2 of cfg and of VP_PROT_* */
    }
    /* no match: M-mode succeeds, S and U fail (16 entries are implemented) */
    return prv == VP_PRV_M ? all : 0;
}
