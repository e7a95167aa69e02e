/* SPDX-License-Identifier: Apache-2.0 */
/* rv_mmu.c - RISC-V virtual memory: Sv32 (RV32) and Sv39 (RV64) page-table
 * walks with superpages, U/S/SUM/MXR permission rules, hardware A/D
 * updates (as QEMU), MPRV, and PMP on every physical access (the walk's
 * included); the target's vp_target_ops.translate_addr. */
#include "rv_int.h"

#define PTE_V 0x1u
#define PTE_R 0x2u
#define PTE_W 0x4u
#define PTE_X 0x8u
#define PTE_U 0x10u
#define PTE_A 0x40u
#define PTE_D 0x80u

/* The mode whose translation an access uses: MPRV makes loads and stores
 * use MPP's; fetches always use the current mode. */
static uint32_t access_priv(const vp_rv_state *rv, vp_access access)
{
    if (access != VP_ACCESS_FETCH && (rv->mstatus & RV_MSTATUS_MPRV))
        return (uint32_t)((rv->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT);
    return rv->priv;
}

static int page_fault(vp_access access)
{
    return access == VP_ACCESS_FETCH ? VP_FAULT_FETCH_PAGE
           : access == VP_ACCESS_WRITE ? VP_FAULT_STORE_PAGE
                                       : VP_FAULT_LOAD_PAGE;
}

static int access_fault(vp_access access)
{
    return access == VP_ACCESS_FETCH ? VP_FAULT_FETCH_ACCESS
           : access == VP_ACCESS_WRITE ? VP_FAULT_STORE_ACCESS
                                       : VP_FAULT_LOAD_ACCESS;
}

/* The accesses a leaf PTE allows in mode prv (VP_PROT_*, before A/D). */
static uint32_t leaf_prot(const vp_rv_state *rv, uint64_t pte, uint32_t prv)
{
    uint32_t prot = 0;

    if (prv == VP_PRV_U && !(pte & PTE_U))
        return 0;
    if (pte & PTE_R)
        prot |= VP_PROT_READ;
    if ((pte & PTE_X) && (rv->mstatus & RV_MSTATUS_MXR))
        prot |= VP_PROT_READ;
    if (pte & PTE_W)
        prot |= VP_PROT_WRITE;
    if (pte & PTE_X)
        prot |= VP_PROT_EXEC;
    if (prv == VP_PRV_S && (pte & PTE_U)) {
        prot &= ~VP_PROT_EXEC; /* S never executes user pages */
        if (!(rv->mstatus & RV_MSTATUS_SUM))
            prot &= ~(uint32_t)(VP_PROT_READ | VP_PROT_WRITE);
    }
    return prot;
}

static uint32_t need_of(vp_access access)
{
    return access == VP_ACCESS_FETCH ? VP_PROT_EXEC : access == VP_ACCESS_WRITE ? VP_PROT_WRITE : VP_PROT_READ;
}

/* Sets A (and D for a store) in the PTE at pte_addr, as QEMU does. */
static int update_ad(vp_cpu *cpu, uint64_t pte_addr, uint64_t *pte, unsigned ptesize, vp_access access)
{
    uint64_t nv = *pte | PTE_A | (access == VP_ACCESS_WRITE ? PTE_D : 0);

    bool whole;
    if (nv == *pte)
        return 0;
    if (!(vp__rv_pmp_prot(cpu, pte_addr, ptesize, VP_PRV_S, &whole) & VP_PROT_WRITE))
        return access_fault(access);
    if (vp__cpu_phys_rw(cpu, pte_addr, &nv, ptesize, true))
        return access_fault(access);
    *pte = nv;
    return 0;
}

/* Walks the page table for vaddr. dbg: a debugger's look (any valid leaf
 * will do, no A/D update, no PMP on the walk). */
static int walk_ex(vp_cpu *cpu, uint64_t va, vp_access access, uint32_t prv, uint64_t *pa, uint32_t *prot, bool dbg)
{
    const vp_rv_state *rv = vp_rv(cpu);
    bool sv32 = rv->xlen == 32;
    unsigned levels = sv32 ? 2 : 3, bits = sv32 ? 10 : 9, ptesize = sv32 ? 4 : 8;
    uint64_t base = (sv32 ? (rv->satp & 0x3fffffull) : (rv->satp & ((1ull << 44) - 1))) << 12;

    if (!sv32) { /* bits 63:39 must all equal bit 38 */
        uint64_t top = (uint64_t)((int64_t)(va << 25) >> 25);
        if (top != va)
            return page_fault(access);
    }
    for (int i = (int)levels - 1; i >= 0; i--) {
        unsigned shift = 12 + (unsigned)i * bits;
        uint64_t idx = (va >> shift) & ((1ull << bits) - 1), pte = 0;
        uint64_t pte_addr = base + idx * ptesize;
        bool whole;
        /* the walk's reads are S-mode accesses for PMP */
        if ((!dbg && !(vp__rv_pmp_prot(cpu, pte_addr, ptesize, VP_PRV_S, &whole) & VP_PROT_READ)) ||
            vp__cpu_phys_rw(cpu, pte_addr, &pte, ptesize, false))
            return access_fault(access);
        uint64_t ppn = sv32 ? pte >> 10 : (pte >> 10) & ((1ull << 44) - 1);
        if (!sv32 && (pte >> 54))
            return page_fault(access); /* reserved bits (no Svpbmt, Svnapot) */
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            return page_fault(access);
        if (!(pte & (PTE_R | PTE_W | PTE_X))) { /* pointer to the next level */
            base = ppn << 12;
            continue;
        }
        if (i > 0 && (ppn & ((1ull << (i * bits)) - 1)))
            return page_fault(access); /* misaligned superpage */
        uint32_t p = leaf_prot(rv, pte, prv);
        if (dbg) {
            *pa = ((ppn << 12) & ~((1ull << shift) - 1)) | (va & ((1ull << shift) - 1));
            *prot = p | VP_PROT_PAGED;
            return 0;
        }
        if (!(p & need_of(access)))
            return page_fault(access);
        if (!(pte & PTE_A) || (access == VP_ACCESS_WRITE && !(pte & PTE_D))) {
            int f = update_ad(cpu, pte_addr, &pte, ptesize, access);
            if (f)
                return f;
        }
        if (!(pte & PTE_D))
            p &= ~VP_PROT_WRITE; /* the first store sets D: it must walk again */
        uint64_t low = (1ull << shift) - 1;
        *pa = ((ppn << 12) & ~low) | (va & low);
        *prot = p | VP_PROT_PAGED;
        return 0;
    }
    return page_fault(access);
}

static int walk(vp_cpu *cpu, uint64_t va, vp_access access, uint32_t prv, uint64_t *pa, uint32_t *prot)
{
    return walk_ex(cpu, va, access, prv, pa, prot, false);
}

/* vp_target_ops.debug_translate: data as the hart's loads see it now. */
int vp__rv_debug_translate(vp_cpu *cpu, uint64_t vaddr, uint64_t *paddr)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint32_t prv = access_priv(rv, VP_ACCESS_READ), prot;
    if (prv == VP_PRV_M || !vp__rv_satp_paged(rv)) {
        *paddr = vaddr;
        return 0;
    }
    /* A leaf is a leaf: the debugger may look at pages the mode may not. */
    return walk_ex(cpu, vaddr, VP_ACCESS_READ, VP_PRV_S, paddr, &prot, true) ? -1 : 0;
}

/* PMP on the physical address: narrows *prot, or the access fault. */
static int pmp_check(vp_cpu *cpu, uint64_t pa, uint32_t size, vp_access access, uint32_t prv, uint32_t *prot)
{
    bool whole;
    uint32_t p = vp__rv_pmp_prot(cpu, pa, size ? size : 1, prv, &whole);

    if (!(p & need_of(access))) {
        vp_log(VP_LOG_MMU, VP_LVL_DEBUG, "hart %u: PMP refuses %s at 0x%llx", (unsigned)cpu->cfg.hartid,
               access == VP_ACCESS_FETCH ? "fetch" : access == VP_ACCESS_WRITE ? "store" : "load",
               (unsigned long long)pa);
        return access_fault(access);
    }
    *prot &= p | VP_PROT_PAGED;
    if (!whole)
        *prot |= VP_PROT_ONCE;
    return 0;
}

/* vp_target_ops.translate_addr */
int vp__rv_translate_addr(vp_cpu *cpu, uint64_t vaddr, uint32_t size, vp_access access, uint64_t *paddr,
                          uint32_t *prot)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint32_t prv = access_priv(rv, access);
    /* Fetches and data accesses translate alike unless MPRV splits them:
     * then the result speaks only for the kind of access asked. */
    uint32_t fetch_prv = access_priv(rv, VP_ACCESS_FETCH), data_prv = access_priv(rv, VP_ACCESS_READ);
    uint32_t kinds = fetch_prv == data_prv ? 0xfu
                     : access == VP_ACCESS_FETCH ? VP_PROT_EXEC | VP_PROT_PAGED
                                                 : VP_PROT_READ | VP_PROT_WRITE | VP_PROT_PAGED;
    int f;

    if (prv == VP_PRV_M || !vp__rv_satp_paged(rv)) {
        *paddr = vaddr;
        *prot = (VP_PROT_READ | VP_PROT_WRITE | VP_PROT_EXEC) & kinds;
        return pmp_check(cpu, vaddr, size, access, prv, prot);
    }
    if ((f = walk(cpu, vaddr, access, prv, paddr, prot)) != 0) {
        vp_log(VP_LOG_MMU, VP_LVL_DEBUG, "hart %u: %s at 0x%llx: page fault %d", (unsigned)cpu->cfg.hartid,
               access == VP_ACCESS_FETCH ? "fetch" : access == VP_ACCESS_WRITE ? "store" : "load",
               (unsigned long long)vaddr, f);
        return f;
    }
    *prot &= kinds;
    vp_log(VP_LOG_MMU, VP_LVL_DEBUG, "hart %u: 0x%llx -> 0x%llx prot %x", (unsigned)cpu->cfg.hartid,
           (unsigned long long)vaddr, (unsigned long long)*paddr, *prot);
    return pmp_check(cpu, *paddr, size, access, prv, prot);
}
