/* SPDX-License-Identifier: Apache-2.0 */
/* exec_int.h - runtime state of a hart: soft TLB, translation-block cache,
 * jump cache, counters, and the internal runtime API used by the IR
 * interpreter (interp/), the JIT (jit/) and the guest targets (target/<isa>/).
 *
 * Layout notes (kept JIT-friendly): the soft TLB is a flat direct-mapped
 * array inside the hart; an entry's tag compare plus an add of `addend`
 * is the whole hit path. A tag holds the page address of a RAM page that
 * may be accessed directly; any low bit set never matches, so a misaligned
 * access (compared with its low bits kept) always takes the slow path.
 */
#ifndef VP_EXEC_INT_H
#define VP_EXEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vpbridge/vp_cpu.h>

#include "../ir/ir.h"

#define VP_PAGE_BITS 12
#define VP_PAGE_SIZE ((uint64_t)1 << VP_PAGE_BITS)
#define VP_PAGE_MASK (~(VP_PAGE_SIZE - 1))
#define VP_TLB_BITS 12 /* 4096 entries: a 16 MiB working set of 4 KiB pages fits */
#define VP_TLB_SIZE (1u << VP_TLB_BITS)
#define VP_TLB_USED_MAX 1024u /* entries filled since the last flush that are listed */
/* Soft-TLB sets: one per translation regime the target keeps apart (RISC-V:
 * M, S, S with SUM, U), so a change of mode switches sets instead of
 * flushing; the target picks the sets with vp__cpu_set_tlb_sets. */
#define VP_TLB_SETS 4u
#define VP_TLB_INVALID UINT64_MAX
#define VP_IO_CACHE_SIZE 16u
#define VP_JC_BITS 12
#define VP_JC_SIZE (1u << VP_JC_BITS)

/* Code tracking granularity inside a page: one byte per 16-byte line
 * (VP_CODE_LINES per page), nonzero if some live block covers a byte of it. */
#define VP_CODE_LINE_BITS 4
#define VP_CODE_LINES (1u << (VP_PAGE_BITS - VP_CODE_LINE_BITS))

/* One soft-TLB entry: a 4 KiB page of guest virtual addresses (64 bytes:
 * the JIT scales by shift). Tags, addend and `page` are virtual (without
 * an MMU, virtual = physical); `phys` says which physical page backs it
 * (code tracking, DMI, reservations work on physical pages). */
typedef struct vp_tlb_entry {
    uint64_t tag_r;     /* page address if loads may use addend, else VP_TLB_INVALID */
    uint64_t tag_w;     /* same for stores (never set for pages holding code) */
    uint64_t tag_x;     /* same for instruction fetch */
    uintptr_t addend;   /* host address = guest virtual address + addend */
    uint64_t page;      /* virtual page this entry describes (VP_TLB_INVALID: empty) */
    uint64_t phys;      /* physical page | VP_TLBF_* in the low bits */
    uint64_t tag_wc;    /* like tag_w, but set only for writable pages holding code */
    const uint8_t *code_lines; /* with tag_wc: the page's VP_CODE_LINES line map */
} vp_tlb_entry;

/* Low bits of vp_tlb_entry.phys */
#define VP_TLBF_ACCESS 0x3u   /* TLMC_DMI_* rights granted; 0 = not directly accessible */
#define VP_TLBF_ASKED_SHIFT 2 /* 2 bits: DMI asked for reads (1) / writes (2) already */
#define VP_TLBF_PROT_SHIFT 4  /* 4 bits: the VP_PROT_* the translation allows */

struct vp_tb;
struct vp_cpu;

/* Runtime state of one hart (struct vp_cpu.ex). */
typedef struct vp_exec {
    vp_tlb_entry tlb[VP_TLB_SETS][VP_TLB_SIZE]; /* soft TLB sets, indexed by page number */
    uint32_t dset, iset;      /* the sets of data accesses and of instruction fetch */
    /* The entries filled since the last flush (so a flush, or a search for
     * the entries of a physical page, touches those only); past
     * VP_TLB_USED_MAX, n_tlb_used stays above it and every entry is visited. */
    uint16_t tlb_used[VP_TLB_SETS][VP_TLB_USED_MAX];
    uint32_t n_tlb_used[VP_TLB_SETS];
    /* Bit per set: its entries hold invalid tags. A set is filled with them
     * when first selected (vp__cpu_set_tlb_sets), not at creation: each is
     * 256 KiB, and firmware that never leaves M-mode uses one. */
    uint32_t tlb_sets_ready;
    uint64_t wtag_gen;        /* bumped whenever an entry is given direct stores */
    uint64_t wdrop_page;      /* vp__tlb_drop_write's last page, at generation wdrop_gen */
    uint64_t wdrop_gen;
    uint64_t io_pages[VP_IO_CACHE_SIZE]; /* pages known to have no DMI (never evict RAM entries) */
    uint64_t addr_mask;       /* guest address mask (XLEN wide) */
    uint64_t insn_base;       /* instructions retired before the current block */
    uint64_t icount_stop;     /* leave at the next block boundary once insn_base >= this */
    uint64_t icount_limit;    /* budget end of the current vp_cpu_run */
    uint64_t run_start;       /* insn_base when vp_cpu_run was entered */
    vp_time delay;            /* annotated delays accumulated in this run */
    vp_time sync_limit;       /* local time limit of this run */
    struct vp_tb *cur_tb;     /* block being executed, NULL in the loop */
    struct vp_tb *jc[VP_JC_SIZE]; /* jump cache: direct-mapped by pc */
    struct vp_tb **htable;    /* TB hash table (chained through tb->hash_next) */
    uint32_t hmask;           /* bucket count - 1 */
    uint32_t n_tbs;           /* live + zombie blocks */
    size_t tb_bytes;          /* memory held by blocks */
    void *code_pages;         /* GHashTable: page address -> vp_code_page */
    struct vp_tb *zombies;    /* invalidated blocks waiting to be freed */
    bool halted;              /* sleeping in WFI */
    bool user_exit;           /* vp_cpu_request_exit was called */
    bool flush_pending;       /* full flush deferred until the block ends */
    const char *flush_why;    /* its reason (--trace tb) */
    bool sync_hit;            /* local time passed sync_limit after a delay */
    bool in_run;              /* vp_cpu_run is on the stack */
    vp_ir_block ir;           /* translation scratch block (globals persist) */
    uint32_t backend;         /* VP_TB_*: the hart's backend (the interpreter is every block's fallback) */
    uint32_t jit_threshold;   /* runs in the interpreter before the JIT compiles a block (1: none) */
    char backend_why[160];    /* why the backend's init failed ("": not available on this host) */
    void *jit;                /* JIT code cache (vp_jit), NULL: interpreter only */
    uint32_t jit_stop;        /* JIT: leave the running block at its next instruction */
    vp_cpu_stats stats;       /* counters for vp_cpu_get_stats */
    /* exclusive access (LR/SC), exec/group.c */
    struct vp_cpu_group *group; /* the harts sharing memory with this one (never NULL) */
    bool own_group;           /* group created for this hart alone */
    bool excl_valid;          /* a reservation is held */
    uint32_t excl_size;       /* its bytes: [excl_addr, excl_addr + excl_size) */
    uint64_t excl_addr;
    /* traps: each exception costs one instruction step of time and budget */
    uint64_t run_traps;       /* exceptions taken in this vp_cpu_run */
    uint64_t storm_icount;    /* icount at the last exception */
    uint64_t storm_count;     /* exceptions in a row at that icount */
    bool storm;               /* storm_count reached VP_CPU_TRAP_STORM */
    vp_cpu_trap_info last_trap;
    /* translation */
    bool fetch_io;            /* the block being translated fetched code outside DMI */
    bool fetch_failed;        /* ... or could not fetch one of its instructions */
    uint32_t fetch_fault;     /* vp_fault of the last failed fetch (vp__cpu_fetch, vp__tb_find) */
    uint64_t fetch_fault_addr;/* and the address it failed at */
    uint64_t sb_page;         /* hot (JIT) translation: the block's physical page, whose profiled
                               * blocks it may continue into (vp__tb_hot_exit); else UINT64_MAX */
    void *sb_reprofiled;      /* GHashTable: superblock pc -> times it was profiled again (vp__tb_reprofile) */
    /* guest profiler (vp_cpu_set_profile) */
    uint64_t prof_period;     /* 0: off */
    uint64_t prof_next;       /* the icount of the next sample */
    vp_cpu_profile_fn prof_fn;
    void *prof_opaque;
    uint32_t prof_depth;      /* calls not returned from (may exceed VP_CPU_PROFILE_DEPTH) */
    uint64_t prof_stack[VP_CPU_PROFILE_DEPTH]; /* their entry addresses, outermost first */
    bool host_timing;         /* vp_cpu_set_host_timing */
    /* execution digest (vp_cpu_set_digest): what left the hart, with when */
    bool digest_on;
    uint64_t digest;
    /* debugger (exec/debug.c): breakpoints are checked at translation,
     * watchpoints on the slow path (their pages never get fast-path tags) */
    uint32_t n_bps, n_wps;
    struct vp_dbg_bp *bps;    /* n_bps of them (g_renew'd) */
    struct vp_dbg_wp *wps;
    bool dbg_one;             /* vp_cpu_step: one-instruction, uncached blocks; no interrupts, no breakpoints */
    bool dbg_hit;             /* a breakpoint's instruction was reached: the loop returns VP_CPU_EXIT_DEBUG */
    bool wp_pending;          /* a watched access was stopped before it happened: complete the instruction */
    bool wp_ignore;           /* ... while it completes: watchpoints do not fire */
    vp_cpu_debug_stop dbg_stop; /* the last stop (kind NONE: none since the last run began) */
} vp_exec;

typedef struct vp_dbg_bp {
    uint64_t pc;
    uint32_t count;           /* insertions not removed yet */
} vp_dbg_bp;

typedef struct vp_dbg_wp {
    uint64_t addr, len;
    uint32_t kind;            /* VP_CPU_WATCH_* */
} vp_dbg_wp;

/* One step of the execution digest: bijective in h for every v, so one
 * differing word always changes the result. */
static inline uint64_t vp__digest_mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

/* Puts the hart to sleep (WFI) or wakes it. A sleeping hart makes
 * vp_cpu_run return VP_CPU_EXIT_WFI until the target's wfi_wakeup() holds.
 * Putting it to sleep also ends the current block at its boundary. */
void vp__cpu_set_halted(struct vp_cpu *cpu, bool halted);

/* ---- exclusive monitor and hart groups (exec/group.c) ----------------- */
void vp__group_join(struct vp_cpu *cpu, struct vp_cpu_group *group);
void vp__group_leave(struct vp_cpu *cpu);
/* True if another hart of cpu's group holds a reservation in `page`: cpu's
 * stores to it must take the slow path (vp__excl_store). */
bool vp__excl_page_watched(const struct vp_cpu *cpu, uint64_t page);
/* cpu reserves [addr, addr + size) (replacing its previous reservation). */
void vp__excl_set(struct vp_cpu *cpu, uint64_t addr, uint32_t size);
void vp__excl_clear(struct vp_cpu *cpu);
/* cpu stored to [addr, addr + size): the other harts' reservations that
 * overlap it are broken. */
void vp__excl_store(struct vp_cpu *cpu, uint64_t addr, uint64_t size);

/* ---- soft TLB / memory (exec/tlb.c) --------------------------------- */
/* The physical address of the fetch at pc (through the target's
 * translation): 0, or the vp_fault. *paged: translated by page tables. */
int vp__tlb_fetch_phys(struct vp_cpu *cpu, uint64_t pc, uint64_t *ppc, bool *paged);
/* Takes direct stores into physical `page` away from cpu's TLB (another hart
 * reserved bytes in it); they come back at the next slow store. */
void vp__tlb_drop_write(struct vp_cpu *cpu, uint64_t page);
/* Slow paths of QLD/QST: fill the TLB, do I/O through the bus, split
 * misaligned accesses. Return 0 or the vp_fault to raise. */
int vp__tlb_load_slow(struct vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val);
int vp__tlb_store_slow(struct vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val);
void vp__tlb_flush(struct vp_cpu *cpu);
/* The host address of physical page `page`, reached through virtual page
 * `vpage` in cpu's soft TLB with DMI reads, or NULL. */
const uint8_t *vp__tlb_host_page(struct vp_cpu *cpu, uint64_t vpage, uint64_t page);
/* Physical page now holds code (lines: its line map) or no longer does (NULL):
 * moves the direct-store permission between tag_w and tag_wc. */
void vp__tlb_set_code_lines(struct vp_cpu *cpu, uint64_t page, const uint8_t *lines);

/* ---- TB cache (exec/tb.c) ------------------------------------------- */
/* Finds or translates the block for (pc, flags). NULL: fetch fault at pc. */
struct vp_tb *vp__tb_find(struct vp_cpu *cpu, uint64_t pc, uint32_t flags);
/* tb (tier_up) was entered once more: when it is hot, replaces it by the
 * hart backend's translation of the same code and returns that (else tb). */
struct vp_tb *vp__tb_promote(struct vp_cpu *cpu, struct vp_tb *tb);
/* During a hot translation (sb_page set): the chaining slot (0 or 1) the
 * block at virtual pc, in the same physical page and under the same flags,
 * and ending at `end` (its last instruction is the branch asked about),
 * left through at least 7 times in 8 of at least 16 profiled runs in the
 * interpreter, else -1. A translator may continue a superblock that way. */
int vp__tb_hot_exit(struct vp_cpu *cpu, uint64_t pc, uint64_t end, uint32_t flags);
/* Side exits a superblock may take before it is profiled again. */
#define VP_SIDE_LIMIT 4096u
/* A superblock whose side exits were taken VP_SIDE_LIMIT times (its
 * profile no longer holds: the program changed phase) is dropped, so that
 * its pc is profiled in the interpreter again; after two such rounds that
 * pc gets plain blocks. */
void vp__tb_reprofile(struct vp_cpu *cpu, struct vp_tb *tb);
/* Links slot `slot` of `from` to `to` (no-op if either is invalid). */
void vp__tb_link(struct vp_cpu *cpu, struct vp_tb *from, unsigned slot, struct vp_tb *to);
/* Stores into [addr, addr+size) of a code page: drops overlapping blocks. */
void vp__tb_invalidate_range(struct vp_cpu *cpu, uint64_t addr, uint64_t size, const char *why);
/* Memory [first, last] (inclusive, any size) changed outside the hart's
 * stores: drops every block with code in it. `why` is for --trace tb. */
void vp__tb_invalidate_phys(struct vp_cpu *cpu, uint64_t first, uint64_t last, const char *why);
/* True if page holds translated code. */
bool vp__tb_page_has_code(struct vp_cpu *cpu, uint64_t page);
/* The page's line map (VP_CODE_LINES bytes), NULL if it holds no code. */
const uint8_t *vp__tb_code_lines(struct vp_cpu *cpu, uint64_t page);
/* fence.i: drops the blocks whose guest bytes changed since they were
 * translated (writers the hart's stores did not see: other harts, DMI
 * devices), comparing each code page with the bytes it was translated from.
 * `why` names the instruction for --trace tb. */
void vp__tb_sync_code(struct vp_cpu *cpu, const char *why);
/* Frees everything now (must not run inside a block). */
void vp__tb_flush_now(struct vp_cpu *cpu, const char *why);
/* Frees invalidated blocks (in the loop, outside any block). */
void vp__tb_reap(struct vp_cpu *cpu);
void vp__tb_init(struct vp_cpu *cpu);
void vp__tb_fini(struct vp_cpu *cpu);

/* ---- debugger (exec/debug.c) ------------------------------------------ */
/* True if a breakpoint is set at pc and this translation must stop there. */
bool vp__dbg_break_at(const struct vp_cpu *cpu, uint64_t pc);
/* True if a watchpoint lies on virtual page vpage (its entry gets no fast-path tags). */
bool vp__dbg_watched_page(const struct vp_cpu *cpu, uint64_t vpage);
/* The access [addr, addr + size) of `kind` (0 read, 1 write; an AMO both)
 * touches a watchpoint: records the stop and returns true. */
bool vp__dbg_watch_hit(struct vp_cpu *cpu, uint64_t addr, uint32_t size, int kind, bool amo);
/* Translation helper: the breakpoint's instruction was reached (a0 = pc). */
uint64_t vp__dbg_helper_break(struct vp_cpu *cpu, uint64_t pc, uint64_t unused1, uint64_t unused2);
/* The hart's block at pc for vp_cpu_step: one instruction, never cached. */
struct vp_tb *vp__tb_translate_once(struct vp_cpu *cpu, uint64_t pc, uint32_t flags);

/* ---- executor boundary (interp/, later the JIT) ------------------------ */
/* Makes the block currently executing leave after its current instruction,
 * with pc = the next instruction (its code must not run any further). */
void vp__exec_stop_current(struct vp_cpu *cpu);

#endif /* VP_EXEC_INT_H */
