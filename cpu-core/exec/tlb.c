/* SPDX-License-Identifier: Apache-2.0 */
/* tlb.c - the soft TLB and guest memory slow paths: DMI fill, I/O through
 * the bus with timing annotation, misaligned splitting, stores into pages
 * holding translated code, and the memory API for helpers. */
#include <string.h>

#include "../src/cpu_int.h"
#include "tb_int.h"

enum { ACC_READ = VP_ACCESS_READ, ACC_WRITE = VP_ACCESS_WRITE, ACC_FETCH = VP_ACCESS_FETCH };

static vp_tlb_entry *entry_in(vp_cpu *cpu, uint32_t set, uint64_t addr)
{
    return &cpu->ex.tlb[set][(addr >> VP_PAGE_BITS) & (VP_TLB_SIZE - 1)];
}

/* The entry of addr in the set of the access kind. */
static vp_tlb_entry *entry_of(vp_cpu *cpu, uint64_t addr, int kind)
{
    return entry_in(cpu, kind == ACC_FETCH ? cpu->ex.iset : cpu->ex.dset, addr);
}

/* The fields packed into vp_tlb_entry.phys */
static inline uint32_t e_access(const vp_tlb_entry *e)
{
    return (uint32_t)e->phys & VP_TLBF_ACCESS;
}

static inline uint32_t e_asked(const vp_tlb_entry *e)
{
    return (uint32_t)(e->phys >> VP_TLBF_ASKED_SHIFT) & 3u;
}

static inline uint32_t e_prot(const vp_tlb_entry *e)
{
    return (uint32_t)(e->phys >> VP_TLBF_PROT_SHIFT) & 0xfu;
}

static inline uint64_t e_ppage(const vp_tlb_entry *e)
{
    return e->phys & VP_PAGE_MASK;
}

static inline void e_set_access(vp_tlb_entry *e, uint32_t access)
{
    e->phys = (e->phys & ~(uint64_t)VP_TLBF_ACCESS) | (access & VP_TLBF_ACCESS);
}

static inline void e_add_asked(vp_tlb_entry *e, uint32_t asked)
{
    e->phys |= (uint64_t)asked << VP_TLBF_ASKED_SHIFT;
}

static inline void e_add_prot(vp_tlb_entry *e, uint32_t prot)
{
    e->phys |= (uint64_t)(prot & 0xfu) << VP_TLBF_PROT_SHIFT;
}

static void entry_clear(vp_tlb_entry *e)
{
    e->tag_r = e->tag_w = e->tag_x = VP_TLB_INVALID;
    e->page = VP_TLB_INVALID;
    e->tag_wc = VP_TLB_INVALID;
    e->code_lines = NULL;
    e->addend = 0;
    e->phys = 0;
}

/* Entry e of `set` was filled: remember it for the next flush. */
static void entry_used(vp_cpu *cpu, uint32_t set, const vp_tlb_entry *e)
{
    vp_exec *ex = &cpu->ex;
    if (ex->n_tlb_used[set] < VP_TLB_USED_MAX)
        ex->tlb_used[set][ex->n_tlb_used[set]] = (uint16_t)(e - ex->tlb[set]);
    if (ex->n_tlb_used[set] <= VP_TLB_USED_MAX)
        ex->n_tlb_used[set]++;
}

/* Calls fn on every entry filled since the last flush (in every set). */
static void for_each_used(vp_cpu *cpu, void (*fn)(vp_cpu *cpu, vp_tlb_entry *e, uint64_t arg, const void *p),
                          uint64_t arg, const void *p)
{
    vp_exec *ex = &cpu->ex;
    for (uint32_t set = 0; set < VP_TLB_SETS; set++) {
        bool listed = ex->n_tlb_used[set] <= VP_TLB_USED_MAX;
        unsigned n = listed ? ex->n_tlb_used[set] : VP_TLB_SIZE;
        for (unsigned k = 0; k < n; k++)
            fn(cpu, &ex->tlb[set][listed ? ex->tlb_used[set][k] : k], arg, p);
    }
}

static void clear_one(vp_cpu *cpu, vp_tlb_entry *e, uint64_t arg, const void *p)
{
    (void)cpu, (void)arg, (void)p;
    entry_clear(e);
}

void vp__tlb_flush(vp_cpu *cpu)
{
    for_each_used(cpu, clear_one, 0, NULL);
    for (uint32_t set = 0; set < VP_TLB_SETS; set++)
        cpu->ex.n_tlb_used[set] = 0;
    for (unsigned i = 0; i < VP_IO_CACHE_SIZE; i++)
        cpu->ex.io_pages[i] = VP_TLB_INVALID;
}

/* Fills `set` with invalid entries the first time it is used. Until then
 * it is all zeros (the hart is allocated zeroed), lists no entry, and
 * nothing reads it: only the selected sets are looked up. */
static void set_ready(vp_cpu *cpu, unsigned set)
{
    if (cpu->ex.tlb_sets_ready & (1u << set))
        return;
    for (unsigned k = 0; k < VP_TLB_SIZE; k++)
        entry_clear(&cpu->ex.tlb[set][k]);
    cpu->ex.tlb_sets_ready |= 1u << set;
}

void vp__cpu_set_tlb_sets(vp_cpu *cpu, unsigned fetch_set, unsigned data_set)
{
    cpu->ex.iset = fetch_set < VP_TLB_SETS ? fetch_set : 0;
    cpu->ex.dset = data_set < VP_TLB_SETS ? data_set : 0;
    set_ready(cpu, cpu->ex.iset);
    set_ready(cpu, cpu->ex.dset);
}

const uint8_t *vp__tlb_host_page(vp_cpu *cpu, uint64_t vpage, uint64_t page)
{
    const vp_tlb_entry *e = entry_of(cpu, vpage, ACC_FETCH);
    if (e->page != vpage || e_ppage(e) != page || !(e_access(e) & TLMC_DMI_READ))
        return NULL;
    return (const uint8_t *)(uintptr_t)(vpage + e->addend);
}

void vp__cpu_tlb_flush(vp_cpu *cpu)
{
    vp__tlb_flush(cpu);
    memset(cpu->ex.jc, 0, sizeof(cpu->ex.jc)); /* it maps virtual pcs to blocks */
}

void vp__cpu_tlb_flush_page(vp_cpu *cpu, uint64_t vaddr)
{
    for (uint32_t set = 0; set < VP_TLB_SETS; set++) {
        vp_tlb_entry *e = entry_in(cpu, set, vaddr & cpu->ex.addr_mask);
        if (e->page == (vaddr & cpu->ex.addr_mask & VP_PAGE_MASK))
            entry_clear(e);
    }
    memset(cpu->ex.jc, 0, sizeof(cpu->ex.jc)); /* cheaper than finding the page's blocks in it */
}

static uint64_t *io_slot(vp_cpu *cpu, uint64_t page)
{
    return &cpu->ex.io_pages[(page >> VP_PAGE_BITS) & (VP_IO_CACHE_SIZE - 1)];
}

/* Writable pages without code: tag_w (inline store). Writable pages with
 * code: tag_wc + code_lines, checked by the executors' store miss paths
 * (a store into a line without code still goes straight to RAM). Pages in
 * which another hart holds a reservation: neither (every store is slow). */
static void set_write_tags(vp_cpu *cpu, vp_tlb_entry *e, const uint8_t *lines)
{
    bool wr = (e_access(e) & TLMC_DMI_WRITE) != 0 && (e_prot(e) & VP_PROT_WRITE) &&
              !vp__excl_page_watched(cpu, e_ppage(e)) && !(cpu->ex.n_wps && vp__dbg_watched_page(cpu, e->page));
    e->tag_w = (wr && !lines) ? e->page : VP_TLB_INVALID;
    e->tag_wc = (wr && lines) ? e->page : VP_TLB_INVALID;
    e->code_lines = lines;
    if (wr)
        cpu->ex.wtag_gen++; /* vp__tlb_drop_write must look again */
}

static void code_lines_one(vp_cpu *cpu, vp_tlb_entry *e, uint64_t page, const void *lines)
{
    if (e->page != VP_TLB_INVALID && e_ppage(e) == page)
        set_write_tags(cpu, e, lines);
}

void vp__tlb_set_code_lines(vp_cpu *cpu, uint64_t page, const uint8_t *lines)
{
    for_each_used(cpu, code_lines_one, page, lines); /* every virtual page that maps it */
}

static void drop_write_one(vp_cpu *cpu, vp_tlb_entry *e, uint64_t page, const void *p)
{
    (void)cpu, (void)p;
    if (e->page != VP_TLB_INVALID && e_ppage(e) == page)
        e->tag_w = e->tag_wc = VP_TLB_INVALID;
}

void vp__tlb_drop_write(vp_cpu *cpu, uint64_t page)
{
    vp_exec *ex = &cpu->ex;
    if (ex->wdrop_page == page && ex->wdrop_gen == ex->wtag_gen)
        return; /* dropped already, and no direct store was granted since (an LR/SC loop) */
    for_each_used(cpu, drop_write_one, page, NULL);
    ex->wdrop_page = page;
    ex->wdrop_gen = ex->wtag_gen;
}

static void set_tags(vp_cpu *cpu, vp_tlb_entry *e)
{
    uint64_t page = e->page;
    bool rd = (e_access(e) & TLMC_DMI_READ) != 0;
    bool watched = cpu->ex.n_wps && vp__dbg_watched_page(cpu, page); /* every access checks them */
    e->tag_r = (rd && (e_prot(e) & VP_PROT_READ) && !watched) ? page : VP_TLB_INVALID;
    e->tag_x = (rd && (e_prot(e) & VP_PROT_EXEC)) ? page : VP_TLB_INVALID;
    set_write_tags(cpu, e, vp__tb_code_lines(cpu, e_ppage(e)));
}

/* Asks the bus for DMI over the physical page of e; fills e if the grant
 * covers the whole page. The asked bits remember which commands were asked. */
static void dmi_request(vp_cpu *cpu, vp_tlb_entry *e, bool write)
{
    uint64_t page = e_ppage(e);
    tlmc_payload p;
    tlmc_dmi dmi;

    e_add_asked(e, write ? 2u : 1u);
    if (!cpu->cfg.bus)
        return;
    memset(&dmi, 0, sizeof(dmi));
    tlmc_payload_init(&p, write ? TLMC_WRITE : TLMC_READ, page, NULL, 0);
    p.initiator_id = cpu->cfg.hartid;
    if (!tlmc_get_direct_mem_ptr(cpu->cfg.bus, &p, &dmi) || !dmi.ptr)
        return;
    if (dmi.start > page || dmi.end < page + VP_PAGE_SIZE - 1)
        return; /* partly covered (something mapped on top): slow path for the page */
    uintptr_t addend = (uintptr_t)dmi.ptr - (uintptr_t)dmi.start + (uintptr_t)page - (uintptr_t)e->page;
    if (e_access(e) && e->addend != addend)
        e_set_access(e, 0);
    e->addend = addend;
    e_set_access(e, e_access(e) | (dmi.access & TLMC_DMI_READ_WRITE));
}

static uint32_t prot_of(int kind)
{
    return kind == ACC_FETCH ? VP_PROT_EXEC : kind == ACC_WRITE ? VP_PROT_WRITE : VP_PROT_READ;
}

/* The target's translation of vaddr (the identity without one). */
static int translate(vp_cpu *cpu, uint64_t vaddr, uint32_t size, int kind, uint64_t *paddr, uint32_t *prot)
{
    if (!cpu->target->translate_addr) {
        *paddr = vaddr;
        *prot = VP_PROT_READ | VP_PROT_WRITE | VP_PROT_EXEC;
        return 0;
    }
    return cpu->target->translate_addr(cpu, vaddr, size, (vp_access)kind, paddr, prot);
}

/* Translates vaddr for the access kind and returns its entry in *out,
 * refilled for the access (NULL: an untranslated page without DMI, kept
 * in a small side cache instead of the TLB so device accesses never evict
 * RAM pages), and the physical address in *paddr. Returns 0 or the fault. */
static int tlb_fill(vp_cpu *cpu, uint64_t vaddr, uint32_t size, int kind, vp_tlb_entry **out, uint64_t *paddr)
{
    uint64_t vpage = vaddr & VP_PAGE_MASK, off = vaddr & (VP_PAGE_SIZE - 1), pa;
    uint32_t set = kind == ACC_FETCH ? cpu->ex.iset : cpu->ex.dset;
    vp_tlb_entry *e = entry_in(cpu, set, vaddr), fresh;
    bool write = kind == ACC_WRITE;
    uint32_t need = write ? TLMC_DMI_WRITE : TLMC_DMI_READ, prot;

    if (e->page == vpage && (e_prot(e) & prot_of(kind))) {
        if (!(e_access(e) & need) && !(e_asked(e) & (write ? 2u : 1u))) {
            dmi_request(cpu, e, write);
            set_tags(cpu, e);
        }
        *out = e;
        *paddr = e_ppage(e) | off;
        return 0;
    }
    int f = translate(cpu, vaddr, size, kind, &pa, &prot);
    if (f)
        return f;
    *paddr = pa;
    *out = e;
    if (prot & VP_PROT_ONCE) { /* not for the whole page: through the bus, every time */
        *out = NULL;
        return 0;
    }
    if (e->page == vpage && e_ppage(e) == (pa & VP_PAGE_MASK)) { /* same page, one more access kind */
        e_add_prot(e, prot);
        if (!(e_access(e) & need) && !(e_asked(e) & (write ? 2u : 1u)))
            dmi_request(cpu, e, write);
        set_tags(cpu, e);
        return 0;
    }
    cpu->ex.stats.tlb_misses++;
    bool paged = (prot & VP_PROT_PAGED) != 0;
    if (!paged && *io_slot(cpu, pa & VP_PAGE_MASK) == (pa & VP_PAGE_MASK)) {
        *out = NULL;
        return 0;
    }
    entry_clear(&fresh);
    fresh.page = vpage;
    fresh.phys = pa & VP_PAGE_MASK;
    e_add_prot(&fresh, prot);
    dmi_request(cpu, &fresh, write);
    if (!e_access(&fresh) && !paged) {
        *io_slot(cpu, pa & VP_PAGE_MASK) = pa & VP_PAGE_MASK;
        *out = NULL;
        return 0;
    }
    if (e->page == VP_TLB_INVALID) /* a valid entry is listed already */
        entry_used(cpu, set, e);
    *e = fresh;
    set_tags(cpu, e);
    return 0;
}

int vp__tlb_fetch_phys(vp_cpu *cpu, uint64_t pc, uint64_t *ppc, bool *paged)
{
    vp_tlb_entry *e;

    pc &= cpu->ex.addr_mask;
    e = entry_of(cpu, pc, ACC_FETCH);
    if (e->page == (pc & VP_PAGE_MASK) && (e_prot(e) & VP_PROT_EXEC)) {
        *ppc = e_ppage(e) | (pc & (VP_PAGE_SIZE - 1));
        *paged = (e_prot(e) & VP_PROT_PAGED) != 0;
        return 0;
    }
    int f = tlb_fill(cpu, pc, 2, ACC_FETCH, &e, ppc);
    if (f)
        return f;
    *paged = e && (e_prot(e) & VP_PROT_PAGED);
    return 0;
}

static vp_fault fault_cause(int kind, uint32_t memop)
{
    if (kind == ACC_FETCH)
        return VP_FAULT_FETCH_ACCESS;
    if (kind == ACC_WRITE || (memop & VP_MO_AMO))
        return VP_FAULT_STORE_ACCESS;
    return VP_FAULT_LOAD_ACCESS;
}

/* Non-DMI access through the bus with the hart's local time as delay. */
/* Adds a data access to a target that offers no DMI (a device register) to
 * the digest: when (retired instructions), where, which way, what, and the
 * answer. Accesses to memory (DMI offered) are left out: whether one goes
 * through the bus or DMI depends on the soft TLB, not on the program; the
 * run's memory is hashed whole at its end instead (vp_platform_digest). */
static void digest_access(vp_cpu *cpu, uint64_t addr, const tlmc_payload *p, int kind)
{
    vp_exec *ex = &cpu->ex;
    uint64_t h = ex->digest;
    h = vp__digest_mix(h, vp__cpu_icount_now(cpu));
    h = vp__digest_mix(h, addr); /* p->address is the target's offset by now */
    h = vp__digest_mix(h, (uint64_t)p->length << 32 | (uint64_t)(kind == ACC_WRITE) << 16 | (uint16_t)p->response);
    for (uint32_t i = 0; i < p->length; i += 8) {
        uint64_t w = 0;
        memcpy(&w, p->data + i, p->length - i < 8 ? p->length - i : 8);
        h = vp__digest_mix(h, w);
    }
    ex->digest = h;
}

static int io_access(vp_cpu *cpu, vp_tlb_entry *e, uint64_t addr, void *buf, uint32_t size, int kind,
                     uint32_t memop)
{
    vp_exec *ex = &cpu->ex;
    tlmc_payload p;

    if (!cpu->cfg.bus)
        return (int)fault_cause(kind, memop);
    if (kind == ACC_FETCH)
        ex->fetch_io = true; /* code from outside DMI: its block is not kept (tb.c) */
    if (kind != ACC_WRITE) /* a read nothing answers leaves zeros, not stack bytes (the digest, --trace tlm) */
        memset(buf, 0, size);
    tlmc_payload_init(&p, kind == ACC_WRITE ? TLMC_WRITE : TLMC_READ, addr, buf, size);
    p.initiator_id = cpu->cfg.hartid;
    vp_time before = vp__cpu_local_time(cpu), d = before;
    uint64_t t0 = ex->host_timing ? vp__host_ns() : 0;
    tlmc_b_transport(cpu->cfg.bus, &p, &d);
    if (ex->host_timing)
        ex->stats.host_ns_io += vp__host_ns() - t0;
    ex->stats.io_accesses++;
    if (d > before) {
        ex->delay += d - before;
        if (ex->in_run && vp__cpu_local_time(cpu) > ex->sync_limit) {
            ex->sync_hit = true;
            ex->icount_stop = 0;
        }
    }
    if (p.dmi_allowed && !e)
        *io_slot(cpu, addr & VP_PAGE_MASK) = VP_TLB_INVALID; /* DMI offered: ask again next time */
    if (ex->digest_on && kind != ACC_FETCH && !p.dmi_allowed)
        digest_access(cpu, addr, &p, kind);
    return tlmc_payload_ok(&p) ? 0 : (int)fault_cause(kind, memop);
}

/* A load page fault of an AMO is a store/AMO page fault. */
static int amo_fault(int f, uint32_t memop)
{
    if (memop & VP_MO_AMO) {
        if (f == VP_FAULT_LOAD_PAGE)
            return VP_FAULT_STORE_PAGE;
        if (f == VP_FAULT_LOAD_ACCESS)
            return VP_FAULT_STORE_ACCESS;
    }
    return f;
}

/* One access that does not cross a page. */
static int access_one(vp_cpu *cpu, uint64_t addr, void *buf, uint32_t size, int kind, uint32_t memop)
{
    vp_tlb_entry *e;
    uint64_t pa;
    uint32_t need = kind == ACC_WRITE ? TLMC_DMI_WRITE : TLMC_DMI_READ;
    int f = tlb_fill(cpu, addr, size, kind, &e, &pa);

    if (f)
        return amo_fault(f, memop);
    if (kind == ACC_WRITE)
        vp__excl_store(cpu, pa, size);
    if (!e || !(e_access(e) & need))
        return io_access(cpu, e, pa, buf, size, kind, memop);
    void *host = (void *)(uintptr_t)(addr + e->addend);
    if (kind != ACC_WRITE) {
        memcpy(buf, host, size);
        return 0;
    }
    if (e->tag_w == VP_TLB_INVALID && e->tag_wc == VP_TLB_INVALID)
        set_write_tags(cpu, e, vp__tb_code_lines(cpu, e_ppage(e))); /* direct stores again once no reservation is near */
    if (e->code_lines) {
        /* Only a store onto a line holding code looks for blocks to drop. */
        uint64_t off = addr & (VP_PAGE_SIZE - 1);
        for (uint64_t l = off >> VP_CODE_LINE_BITS; l <= (off + size - 1) >> VP_CODE_LINE_BITS; l++) {
            if (e->code_lines[l]) {
                vp__tb_invalidate_range(cpu, pa, size, "store into code");
                break;
            }
        }
    }
    memcpy(host, buf, size);
    return 0;
}

/* Any access: splits page-crossing ones into bytes (little-endian), after
 * checking that both pages translate (nothing is written on a fault). */
static int access_any(vp_cpu *cpu, uint64_t addr, uint8_t *buf, uint32_t size, int kind, uint32_t memop)
{
    uint64_t mask = cpu->ex.addr_mask, pa;
    vp_tlb_entry *e;
    if (((addr & (VP_PAGE_SIZE - 1)) + size) <= VP_PAGE_SIZE)
        return access_one(cpu, addr, buf, size, kind, memop);
    for (int k = 0; k < 2; k++) {
        int f = tlb_fill(cpu, k ? (addr + size - 1) & mask : addr, 1, kind, &e, &pa);
        if (f)
            return amo_fault(f, memop);
    }
    for (uint32_t i = 0; i < size; i++) {
        int r = access_one(cpu, (addr + i) & mask, buf + i, 1, kind, memop);
        if (r)
            return r;
    }
    return 0;
}

static vp_fault misaligned_cause(bool store, uint32_t memop)
{
    return (store || (memop & VP_MO_AMO)) ? VP_FAULT_STORE_MISALIGNED : VP_FAULT_LOAD_MISALIGNED;
}

int vp__tlb_load_slow(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val)
{
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    uint8_t buf[8];
    uint64_t v = 0;

    addr &= cpu->ex.addr_mask;
    if ((addr & (size - 1)) && (memop & VP_MO_ALIGN))
        return (int)misaligned_cause(false, memop);
    if (cpu->ex.n_wps && vp__dbg_watch_hit(cpu, addr, size, ACC_READ, (memop & VP_MO_AMO) != 0))
        return VP_FAULT_DEBUG;
    int r = access_any(cpu, addr, buf, size, ACC_READ, memop);
    if (r)
        return r;
    for (uint32_t i = 0; i < size; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    if ((memop & VP_MO_SIGN) && size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    *val = v;
    return 0;
}

int vp__tlb_store_slow(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val)
{
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    uint8_t buf[8];

    addr &= cpu->ex.addr_mask;
    if ((addr & (size - 1)) && (memop & VP_MO_ALIGN))
        return (int)misaligned_cause(true, memop);
    if (cpu->ex.n_wps && vp__dbg_watch_hit(cpu, addr, size, ACC_WRITE, (memop & VP_MO_AMO) != 0))
        return VP_FAULT_DEBUG;
    for (uint32_t i = 0; i < size; i++)
        buf[i] = (uint8_t)(val >> (8 * i));
    return access_any(cpu, addr, buf, size, ACC_WRITE, memop);
}

/* LR/SC need memory with a host pointer (RAM-like): the monitor sees
 * every store to it. Devices (no DMI) do not support them. Returns 0 with
 * the physical address, or the fault (the translation's, or an access
 * fault for memory without LR/SC support). */
static int excl_memory(vp_cpu *cpu, uint64_t addr, int kind, uint32_t memop, uint64_t *pa)
{
    vp_tlb_entry *e;
    uint32_t need = kind == ACC_WRITE ? TLMC_DMI_WRITE : TLMC_DMI_READ;
    int f = tlb_fill(cpu, addr, 1u << (memop & VP_MO_SIZE), kind, &e, pa);
    if (f)
        return amo_fault(f, memop);
    if (e && (e_access(e) & need))
        return 0;
    vp_log(VP_LOG_GUEST_ERROR, VP_LVL_WARN, "hart %u: %s at 0x%llx (pc 0x%llx): not memory with LR/SC support",
           (unsigned)cpu->cfg.hartid, kind == ACC_WRITE ? "sc" : "lr", (unsigned long long)addr,
           (unsigned long long)cpu->cur_pc);
    return kind == ACC_WRITE ? VP_FAULT_STORE_ACCESS : VP_FAULT_LOAD_ACCESS;
}

int vp__cpu_load_reserved(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val)
{
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    uint64_t pa;

    addr &= cpu->ex.addr_mask;
    if (addr & (size - 1))
        return (int)misaligned_cause(false, memop);
    int r = excl_memory(cpu, addr, ACC_READ, memop, &pa);
    if (r)
        return r;
    r = vp__tlb_load_slow(cpu, addr, memop, val);
    if (!r)
        vp__excl_set(cpu, pa, size); /* the monitor works on physical addresses */
    return r;
}

int vp__cpu_store_conditional(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val, bool *stored)
{
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    vp_exec *ex = &cpu->ex;
    vp_tlb_entry *e;
    uint64_t pa = 0;
    int r;

    *stored = false;
    addr &= ex->addr_mask;
    if (addr & (size - 1))
        return (int)misaligned_cause(true, memop);
    if (!ex->excl_valid) {
        ex->stats.sc_failed++;
        return 0;
    }
    if ((r = tlb_fill(cpu, addr, size, ACC_WRITE, &e, &pa)) != 0) { /* the reservation is physical */
        vp__excl_clear(cpu);
        return amo_fault(r, memop);
    }
    bool held = ex->excl_addr == pa && ex->excl_size == size;
    if (held && ex->n_wps && vp__dbg_watch_hit(cpu, addr, size, ACC_WRITE, true))
        return VP_FAULT_DEBUG; /* before the reservation goes: the instruction runs again */
    vp__excl_clear(cpu);
    if (!held) {
        ex->stats.sc_failed++;
        return 0;
    }
    if ((r = excl_memory(cpu, addr, ACC_WRITE, memop, &pa)) != 0)
        return r;
    r = vp__tlb_store_slow(cpu, addr, memop, val);
    *stored = r == 0;
    return r;
}

int vp__cpu_load(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val)
{
    return vp__tlb_load_slow(cpu, addr, memop, val);
}

int vp__cpu_store(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val)
{
    return vp__tlb_store_slow(cpu, addr, memop, val);
}

bool vp__cpu_fetch(vp_cpu *cpu, uint64_t pc, uint32_t size, uint32_t *insn)
{
    uint8_t buf[4] = {0};
    if (size > 4)
        return false;
    pc &= cpu->ex.addr_mask;
    vp_tlb_entry *e = entry_of(cpu, pc, ACC_FETCH);
    if (e->tag_x == (pc & VP_PAGE_MASK) && (pc & (VP_PAGE_SIZE - 1)) + size <= VP_PAGE_SIZE) {
        memcpy(buf, (const void *)(uintptr_t)(pc + e->addend), size);
    } else {
        int f = access_any(cpu, pc, buf, size, ACC_FETCH, 0);
        if (f) {
            cpu->ex.fetch_fault = (uint32_t)f;
            cpu->ex.fetch_fault_addr = pc;
            cpu->ex.fetch_failed = true;
            return false;
        }
    }
    *insn = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    return true;
}

int vp__cpu_phys_rw(vp_cpu *cpu, uint64_t paddr, void *buf, uint32_t size, bool write)
{
    tlmc_payload p;
    vp_time d = 0;

    if (!cpu->cfg.bus)
        return write ? VP_FAULT_STORE_ACCESS : VP_FAULT_LOAD_ACCESS;
    tlmc_payload_init(&p, write ? TLMC_WRITE : TLMC_READ, paddr, buf, size);
    p.initiator_id = cpu->cfg.hartid;
    tlmc_b_transport(cpu->cfg.bus, &p, &d); /* page-table walks take no simulated time */
    if (!tlmc_payload_ok(&p))
        return write ? VP_FAULT_STORE_ACCESS : VP_FAULT_LOAD_ACCESS;
    if (write)
        vp__excl_store(cpu, paddr, size);
    return 0;
}

void vp__cpu_mem_fault(vp_cpu *cpu, uint64_t addr, uint32_t memop, bool is_store, uint32_t fault)
{
    (void)memop;
    (void)is_store;
    if (fault == VP_FAULT_DEBUG) { /* a watchpoint: back to the loop, at the instruction */
        cpu->pc = cpu->cur_pc & cpu->ex.addr_mask;
        cpu->ex.wp_pending = true;
        cpu->ex.icount_stop = 0;
        return;
    }
    cpu->target->fault(cpu, (vp_fault)fault, addr & cpu->ex.addr_mask, cpu->cur_pc);
}

static void dmi_gone_one(vp_cpu *cpu, vp_tlb_entry *e, uint64_t start, const void *end)
{
    (void)cpu;
    uint64_t last = *(const uint64_t *)end;
    if (e->page != VP_TLB_INVALID && e_ppage(e) <= last && e_ppage(e) + VP_PAGE_SIZE - 1 >= start)
        entry_clear(e);
}

void vp_cpu_invalidate_dmi(vp_cpu *cpu, uint64_t start, uint64_t end)
{
    if (!cpu)
        return;
    for_each_used(cpu, dmi_gone_one, start, &end);
    for (unsigned i = 0; i < VP_IO_CACHE_SIZE; i++) {
        uint64_t pg = cpu->ex.io_pages[i];
        if (pg != VP_TLB_INVALID && pg <= end && pg + VP_PAGE_SIZE - 1 >= start)
            cpu->ex.io_pages[i] = VP_TLB_INVALID;
    }
    /* What the grant showed may be gone (a bank swap, a remap): code
     * translated from it must be fetched again. */
    vp__tb_invalidate_phys(cpu, start, end, "DMI invalidated");
}

void vp_cpu_invalidate_dmi_cb(void *cpu, uint64_t start, uint64_t end)
{
    vp_cpu_invalidate_dmi(cpu, start, end);
}
