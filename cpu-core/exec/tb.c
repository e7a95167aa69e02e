/* SPDX-License-Identifier: Apache-2.0 */
/* tb.c - translation-block cache: hash table keyed by (virtual pc, flags)
 * and checked against the physical pages the block was fetched from, jump
 * cache, translation, direct chaining with unlinking, code-page tracking
 * (physical pages) for self-modifying code, invalidation and whole-cache
 * flush. */
#include <string.h>

#include <glib.h>

#include "../src/cpu_int.h"
#include "backend.h"
#include "tb_int.h"

#define HASH_BITS 15
#define MAX_TBS 32768u
#define MAX_TB_BYTES ((size_t)64 << 20)

/* Blocks with code on one guest page, and which 16-byte lines they cover
 * (the soft TLB points at `lines` while the page holds code).
 *
 * The hart's own stores into code lines drop the blocks at once (tlb.c).
 * Other writers can change code unseen: another hart's direct stores, a
 * device with a DMI pointer. For them the page keeps `snap`, the bytes
 * its blocks were translated from; fence.i (vp__tb_sync_code) compares
 * the marked lines with memory and drops the blocks of the lines that
 * changed, instead of flushing every translation. */
typedef struct vp_code_page {
    uint64_t page;  /* key */
    GPtrArray *tbs; /* vp_tb*, unowned */
    const uint8_t *host; /* the page's bytes through DMI (NULL: unknown, fence.i drops its blocks) */
    uint8_t lines[VP_CODE_LINES]; /* 1: some block in tbs covers a byte of the line */
    uint8_t snap[VP_PAGE_SIZE];   /* marked lines: the bytes their blocks were translated from */
} vp_code_page;

static uint32_t tb_hash(uint64_t pc, uint32_t flags)
{
    uint64_t h = (pc >> 1) * 0x9E3779B97F4A7C15ull ^ flags;
    return (uint32_t)(h >> 40) ^ (uint32_t)h;
}

static void code_page_free(gpointer p)
{
    vp_code_page *cp = p;
    g_ptr_array_free(cp->tbs, TRUE);
    g_free(cp);
}

void vp__tb_init(vp_cpu *cpu)
{
    vp_exec *ex = &cpu->ex;
    ex->hmask = (1u << HASH_BITS) - 1;
    ex->sb_page = UINT64_MAX;
    ex->htable = g_new0(vp_tb *, (size_t)ex->hmask + 1);
    ex->code_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, code_page_free);
    ex->sb_reprofiled = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    memset(ex->jc, 0, sizeof(ex->jc));
}

static void tb_free(vp_cpu *cpu, vp_tb *tb)
{
    cpu->ex.n_tbs--;
    cpu->ex.tb_bytes -= tb->code_bytes + sizeof(*tb);
    if (vp__backends[tb->kind]->free_tb)
        vp__backends[tb->kind]->free_tb(tb);
    g_free(tb->in);
    g_free(tb);
}

void vp__tb_reap(vp_cpu *cpu)
{
    while (cpu->ex.zombies) {
        vp_tb *tb = cpu->ex.zombies;
        cpu->ex.zombies = tb->zombie_next;
        tb_free(cpu, tb);
    }
}

void vp__tb_flush_now(vp_cpu *cpu, const char *why)
{
    vp_exec *ex = &cpu->ex;
    bool had_blocks = ex->n_tbs != 0;
    if (ex->n_tbs)
        vp_log(VP_LOG_TB, VP_LVL_INFO, "tb: hart %u: flush all %u blocks: %s", (unsigned)cpu->cfg.hartid,
               (unsigned)ex->n_tbs, why);
    /* With no block (a hart's first reset), the table and the jump cache
     * are all NULL already: not walking them spares start-up their pages. */
    for (uint32_t i = 0; ex->n_tbs && ex->htable && i <= ex->hmask; i++) {
        vp_tb *tb = ex->htable[i];
        while (tb) {
            vp_tb *next = tb->hash_next;
            tb_free(cpu, tb);
            tb = next;
        }
        ex->htable[i] = NULL;
    }
    vp__tb_reap(cpu);
    if (vp__backends[ex->backend]->reset)
        vp__backends[ex->backend]->reset(cpu);
    if (had_blocks)
        memset(ex->jc, 0, sizeof(ex->jc));
    if (ex->code_pages)
        g_hash_table_remove_all(ex->code_pages);
    ex->flush_pending = false;
    ex->stats.tb_flushes++;
    vp__tlb_flush(cpu); /* re-enable direct stores into former code pages */
}

void vp__tb_fini(vp_cpu *cpu)
{
    vp__tb_flush_now(cpu, "hart destroyed");
    g_free(cpu->ex.htable);
    cpu->ex.htable = NULL;
    if (cpu->ex.code_pages)
        g_hash_table_destroy(cpu->ex.code_pages);
    cpu->ex.code_pages = NULL;
    if (cpu->ex.sb_reprofiled)
        g_hash_table_destroy(cpu->ex.sb_reprofiled);
    cpu->ex.sb_reprofiled = NULL;
}

bool vp__tb_page_has_code(vp_cpu *cpu, uint64_t page)
{
    return cpu->ex.code_pages && g_hash_table_contains(cpu->ex.code_pages, &page);
}

const uint8_t *vp__tb_code_lines(vp_cpu *cpu, uint64_t page)
{
    vp_code_page *cp = cpu->ex.code_pages ? g_hash_table_lookup(cpu->ex.code_pages, &page) : NULL;
    return cp ? cp->lines : NULL;
}

/* The bytes of tb in physical page `page`, as offsets [*lo, *hi] in it.
 * False if tb has none there. */
static bool tb_span(const vp_tb *tb, uint64_t page, uint64_t *lo, uint64_t *hi)
{
    uint64_t off = tb->phys_pc & (VP_PAGE_SIZE - 1), size = tb->size ? tb->size : 1;
    uint64_t first = VP_PAGE_SIZE - off < size ? VP_PAGE_SIZE - off : size; /* bytes in the first page */

    if (page == tb->page_first) {
        *lo = off;
        *hi = off + first - 1;
        return true;
    }
    if (page == tb->page_last && first < size) {
        *lo = 0;
        *hi = size - first - 1;
        return true;
    }
    return false;
}

/* Marks the lines of cp covered by tb's guest bytes. */
static void lines_mark(vp_code_page *cp, const vp_tb *tb)
{
    uint64_t lo, hi;
    if (!tb_span(tb, cp->page, &lo, &hi))
        return;
    for (uint64_t l = lo >> VP_CODE_LINE_BITS; l <= hi >> VP_CODE_LINE_BITS; l++)
        cp->lines[l] = 1;
}

/* The virtual page through which tb fetched its bytes in physical page pg. */
static uint64_t tb_vpage(vp_cpu *cpu, const vp_tb *tb, uint64_t pg)
{
    uint64_t vpage = tb->pc & VP_PAGE_MASK;
    return pg == tb->page_first ? vpage : (vpage + VP_PAGE_SIZE) & cpu->ex.addr_mask;
}

/* Before tb's lines of cp are marked: lines some block already covers
 * whose bytes no longer match the snapshot were changed by a writer the
 * hart did not see; their blocks go now (tb was translated from the new
 * bytes). Then the snapshot takes tb's lines. cp may be freed: returns the
 * page's entry afterwards (NULL if it went). */
static vp_code_page *snap_take(vp_cpu *cpu, vp_code_page *cp, const vp_tb *tb)
{
    uint64_t lo, hi, pg = cp->page;
    if (!cp->host || !tb_span(tb, pg, &lo, &hi))
        return cp;
    for (uint64_t l = lo >> VP_CODE_LINE_BITS; cp && l <= hi >> VP_CODE_LINE_BITS; l++) {
        size_t at = (size_t)l << VP_CODE_LINE_BITS;
        if (cp->lines[l] && memcmp(cp->snap + at, cp->host + at, 1u << VP_CODE_LINE_BITS)) {
            vp__tb_invalidate_range(cpu, pg + at, 1u << VP_CODE_LINE_BITS, "code changed by another writer");
            cp = g_hash_table_lookup(cpu->ex.code_pages, &pg);
        }
    }
    if (cp) {
        size_t a = lo & ~(uint64_t)((1u << VP_CODE_LINE_BITS) - 1), b = (hi | ((1u << VP_CODE_LINE_BITS) - 1)) + 1;
        memcpy(cp->snap + a, cp->host + a, b - a);
    }
    return cp;
}

static void pages_add(vp_cpu *cpu, vp_tb *tb)
{
    for (int k = 0; k < 2; k++) {
        uint64_t pg = k ? tb->page_last : tb->page_first;
        if (k && pg == tb->page_first)
            break;
        vp_code_page *cp = g_hash_table_lookup(cpu->ex.code_pages, &pg);
        if (cp)
            cp = snap_take(cpu, cp, tb);
        if (!cp) {
            cp = g_new0(vp_code_page, 1);
            cp->page = pg;
            cp->tbs = g_ptr_array_new();
            cp->host = vp__tlb_host_page(cpu, tb_vpage(cpu, tb, pg), pg);
            if (cp->host)
                memcpy(cp->snap, cp->host, VP_PAGE_SIZE);
            g_hash_table_insert(cpu->ex.code_pages, &cp->page, cp);
            vp__tlb_set_code_lines(cpu, pg, cp->lines);
            cp = snap_take(cpu, cp, tb);
        }
        g_ptr_array_add(cp->tbs, tb);
        lines_mark(cp, tb);
    }
}

static void pages_remove(vp_cpu *cpu, vp_tb *tb)
{
    for (int k = 0; k < 2; k++) {
        uint64_t pg = k ? tb->page_last : tb->page_first;
        if (k && pg == tb->page_first)
            break;
        vp_code_page *cp = g_hash_table_lookup(cpu->ex.code_pages, &pg);
        if (cp) {
            g_ptr_array_remove_fast(cp->tbs, tb);
            if (!cp->tbs->len) {
                vp__tlb_set_code_lines(cpu, pg, NULL); /* direct stores again */
                g_hash_table_remove(cpu->ex.code_pages, &pg);
            } else { /* rebuild the line map from the blocks left */
                memset(cp->lines, 0, sizeof(cp->lines));
                for (guint i = 0; i < cp->tbs->len; i++)
                    lines_mark(cp, g_ptr_array_index(cp->tbs, i));
            }
        }
    }
}

static void in_remove(vp_tb *dest, vp_tb *from, uint32_t slot)
{
    for (uint32_t i = 0; i < dest->n_in; i++) {
        if (dest->in[i].from == from && dest->in[i].slot == slot) {
            dest->in[i] = dest->in[--dest->n_in];
            return;
        }
    }
}

void vp__tb_link(vp_cpu *cpu, vp_tb *from, unsigned slot, vp_tb *to)
{
    if (slot >= VP_TB_SLOTS || !from->valid || !to->valid || from->jmp[slot] || from->kind != to->kind || from->transient ||
        to->transient || from->flags != to->flags || from->tier_up || to->tier_up)
        return;
    /* A chained jump skips the lookup that checks the physical page: only
     * within the virtual page of `from`, which maps where it did when
     * `from` was entered (as QEMU). */
    if ((from->paged || to->paged) && ((from->pc ^ to->pc) & VP_PAGE_MASK))
        return;
    if (to->n_in == to->cap_in) {
        to->cap_in = to->cap_in ? to->cap_in * 2 : 4;
        to->in = g_renew(vp_tb_in, to->in, to->cap_in);
    }
    to->in[to->n_in++] = (vp_tb_in){from, slot};
    from->jmp[slot] = to;
    if (vp__backends[from->kind]->patch)
        vp__backends[from->kind]->patch(cpu, from, slot, to);
    cpu->ex.stats.chained++;
}

/* Marks tb dead and queues it for the next reap (it may still be running). */
static void tb_zombie(vp_cpu *cpu, vp_tb *tb)
{
    tb->valid = false;
    tb->zombie_next = cpu->ex.zombies;
    cpu->ex.zombies = tb;
}

/* Removes tb from every lookup structure; frees it later (it may be running). */
static void tb_invalidate(vp_cpu *cpu, vp_tb *tb, const char *why, uint64_t addr)
{
    vp_exec *ex = &cpu->ex;
    vp_log(VP_LOG_TB, VP_LVL_INFO, "tb: hart %u: invalidate block 0x%llx (%u insns): %s at 0x%llx",
           (unsigned)cpu->cfg.hartid, (unsigned long long)tb->pc, tb->icount, why, (unsigned long long)addr);
    vp_tb **pp = &ex->htable[tb_hash(tb->pc, tb->flags) & ex->hmask];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        *pp = tb->hash_next;
    uint32_t j = vp__jc_hash(tb->pc);
    if (ex->jc[j] == tb)
        ex->jc[j] = NULL;
    for (uint32_t i = 0; i < tb->n_in; i++) {
        if (tb->in[i].from->jmp[tb->in[i].slot] == tb) {
            vp_tb *from = tb->in[i].from;
            from->jmp[tb->in[i].slot] = NULL;
            if (vp__backends[from->kind]->patch)
                vp__backends[from->kind]->patch(cpu, from, tb->in[i].slot, NULL);
        }
    }
    tb->n_in = 0;
    for (unsigned s = 0; s < VP_TB_SLOTS; s++) {
        if (tb->jmp[s])
            in_remove(tb->jmp[s], tb, s);
        tb->jmp[s] = NULL;
    }
    pages_remove(cpu, tb);
    /* The JIT runs chains of blocks behind one cur_tb (vp__jit_exec): any
     * of them may be this one. */
    if (ex->cur_tb == tb || (ex->cur_tb && ex->cur_tb->kind == VP_TB_JIT))
        vp__exec_stop_current(cpu);
    tb_zombie(cpu, tb);
    ex->stats.tbs_invalidated++;
}

void vp__tb_invalidate_range(vp_cpu *cpu, uint64_t addr, uint64_t size, const char *why)
{
    uint64_t end = addr + size; /* exclusive */
    uint64_t first = addr & VP_PAGE_MASK, last = (end - 1) & VP_PAGE_MASK;
    for (uint64_t pg = first;; pg += VP_PAGE_SIZE) {
        vp_code_page *cp = g_hash_table_lookup(cpu->ex.code_pages, &pg);
        /* Walk backwards: invalidation removes entries (and maybe cp). */
        for (guint i = cp ? cp->tbs->len : 0; i > 0; i--) {
            if (!g_hash_table_lookup(cpu->ex.code_pages, &pg))
                break;
            if (i > cp->tbs->len)
                continue;
            vp_tb *tb = g_ptr_array_index(cp->tbs, i - 1);
            uint64_t lo, hi;
            if (tb_span(tb, pg, &lo, &hi) && pg + lo < end && addr <= pg + hi)
                tb_invalidate(cpu, tb, why, addr);
        }
        if (pg == last)
            break;
    }
}

/* Pages of the code-page table within [first, last], in a fresh array. */
static GArray *code_pages_in(vp_cpu *cpu, uint64_t first, uint64_t last)
{
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, cpu->ex.code_pages);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        uint64_t pg = *(const uint64_t *)key;
        if (pg <= last && pg + VP_PAGE_SIZE - 1 >= first)
            g_array_append_val(pages, pg);
    }
    return pages;
}

void vp__tb_invalidate_phys(vp_cpu *cpu, uint64_t first, uint64_t last, const char *why)
{
    vp_exec *ex = &cpu->ex;
    if (!ex->code_pages || !g_hash_table_size(ex->code_pages) || last < first)
        return;
    uint64_t span = ((last & VP_PAGE_MASK) - (first & VP_PAGE_MASK)) >> VP_PAGE_BITS;
    GArray *pages;
    if (span < g_hash_table_size(ex->code_pages)) {
        pages = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        for (uint64_t pg = first & VP_PAGE_MASK, i = 0; i <= span; i++, pg += VP_PAGE_SIZE)
            if (g_hash_table_contains(ex->code_pages, &pg))
                g_array_append_val(pages, pg);
    } else {
        pages = code_pages_in(cpu, first, last);
    }
    for (guint i = 0; i < pages->len; i++) {
        uint64_t pg = g_array_index(pages, uint64_t, i);
        uint64_t lo = pg > first ? pg : first, hi = pg + VP_PAGE_SIZE - 1 < last ? pg + VP_PAGE_SIZE - 1 : last;
        vp__tb_invalidate_range(cpu, lo, hi - lo + 1, why);
    }
    g_array_free(pages, TRUE);
}

/* The lines of cp that differ from its snapshot, as ranges to drop,
 * appended to `out` (physical start, length). The snapshot's unmarked
 * lines hold the page as it was when last compared, so a page nobody wrote
 * is passed by one whole-page compare. */
static void lines_changed(vp_code_page *cp, GArray *out)
{
    const size_t line = 1u << VP_CODE_LINE_BITS;
    if (cp->host && !memcmp(cp->snap, cp->host, VP_PAGE_SIZE))
        return;
    for (size_t l = 0; l < VP_CODE_LINES; l++) {
        if (!cp->lines[l] || (cp->host && !memcmp(cp->snap + l * line, cp->host + l * line, line)))
            continue;
        uint64_t r[2] = {cp->page + l * line, line};
        g_array_append_vals(out, r, 2);
    }
    if (cp->host) /* the changed marked lines are dropped next: all of it is current */
        memcpy(cp->snap, cp->host, VP_PAGE_SIZE);
}

void vp__tb_sync_code(vp_cpu *cpu, const char *why)
{
    vp_exec *ex = &cpu->ex;
    if (!ex->code_pages || !g_hash_table_size(ex->code_pages))
        return;
    GArray *drop = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, ex->code_pages);
    while (g_hash_table_iter_next(&it, NULL, &val))
        lines_changed(val, drop);
    vp_log(VP_LOG_TB, VP_LVL_INFO, "tb: hart %u: %s: %u code pages checked, %u changed lines", (unsigned)cpu->cfg.hartid,
           why, g_hash_table_size(ex->code_pages), drop->len / 2);
    for (guint i = 0; i + 1 < drop->len; i += 2)
        vp__tb_invalidate_range(cpu, g_array_index(drop, uint64_t, i), g_array_index(drop, uint64_t, i + 1),
                                "code changed by another writer");
    g_array_free(drop, TRUE);
}

void vp__exec_stop_current(vp_cpu *cpu)
{
    if (cpu->ex.cur_tb)
        vp__backends[cpu->ex.cur_tb->kind]->stop_after_current(cpu, cpu->ex.cur_tb);
    cpu->ex.icount_stop = 0;
}

void vp__cpu_tb_flush(vp_cpu *cpu, const char *why)
{
    if (cpu->ex.cur_tb) {
        cpu->ex.flush_pending = true;
        vp__exec_stop_current(cpu);
        cpu->ex.flush_why = why;
        return;
    }
    vp__tb_flush_now(cpu, why);
}

static void dump_line(void *opaque, const char *line)
{
    (void)opaque;
    vp_log_msg(VP_LOG_OUT_ASM, VP_LVL_INFO, "%s", line);
}

/* --trace in_asm: the guest code of a newly translated block. */
static void log_in_asm(vp_cpu *cpu, const vp_ir_block *b)
{
    vp_log_msg(VP_LOG_IN_ASM, VP_LVL_INFO, "IN: hart %u, block 0x%llx (%u insns)", cpu->cfg.hartid,
               (unsigned long long)b->pc, b->icount);
    for (uint32_t i = 0; i < b->n_ops; i++) { /* a superblock's instructions are not all in a row */
        if (b->ops[i].opc != VP_OP_INSN_START)
            continue;
        uint64_t pc = b->ops[i].args[0];
        uint32_t insn = 0;
        char text[96];
        unsigned len = cpu->target->disas(cpu, pc, &insn, text, sizeof(text));
        if (!len)
            break;
        vp_log_msg(VP_LOG_IN_ASM, VP_LVL_INFO, "0x%08llx:  %0*x  %s", (unsigned long long)pc, len < 4 ? 4 : 8,
                   insn, text);
    }
}

/* The hart's backend (flushing a full code cache once), else its
 * per-block fallback (vp__backend_fallback). A JIT hart's new blocks go to
 * the interpreter first (tier_up) unless `hot` or jit_threshold is 1. */
static bool tb_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool hot)
{
    const vp_backend_ops *be = vp__backends[cpu->ex.backend];
    bool full = false;
    if (!hot && cpu->ex.backend == VP_TB_JIT && cpu->ex.jit_threshold > 1 &&
        vp__backends[VP_TB_INTERP]->compile(cpu, b, tb, &full)) {
        tb->tier_up = true;
        return true;
    }
    if (be->compile(cpu, b, tb, &full)) {
        if (be->disas && vp_log_enabled(VP_LOG_OUT_ASM))
            be->disas(cpu, tb);
        return true;
    }
    if (full) {
        vp__tb_flush_now(cpu, "the code cache is full");
        if (be->compile(cpu, b, tb, &full))
            return true;
    }
    uint32_t fb = vp__backend_fallback(cpu->ex.backend);
    if (fb == VP_TB_KINDS)
        return false;
    vp_log(VP_LOG_TB, VP_LVL_DEBUG, "block at 0x%llx: the %s backend runs it (%s refused)", (unsigned long long)tb->pc,
           vp__backends[fb]->name, be->name);
    return vp__backends[fb]->compile(cpu, b, tb, &full);
}

static vp_tb *tb_translate_now(vp_cpu *cpu, uint64_t pc, uint64_t ppc, bool paged, uint32_t flags, bool hot);

/* Translates a block (counting the host time when asked). */
static vp_tb *tb_translate(vp_cpu *cpu, uint64_t pc, uint64_t ppc, bool paged, uint32_t flags, bool hot)
{
    if (!cpu->ex.host_timing)
        return tb_translate_now(cpu, pc, ppc, paged, flags, hot);
    uint64_t t0 = vp__host_ns();
    vp_tb *tb = tb_translate_now(cpu, pc, ppc, paged, flags, hot);
    cpu->ex.stats.host_ns_translate += vp__host_ns() - t0;
    return tb;
}

static vp_tb *tb_translate_now(vp_cpu *cpu, uint64_t pc, uint64_t ppc, bool paged, uint32_t flags, bool hot)
{
    vp_exec *ex = &cpu->ex;
    vp_ir_block *b = &ex->ir;

    if (ex->n_tbs >= MAX_TBS || ex->tb_bytes >= MAX_TB_BYTES)
        vp__tb_flush_now(cpu, "the translation cache is full");
    vp__ir_reset(b, pc);
    ex->fetch_io = false;
    ex->fetch_failed = false;
    if (!cpu->target->translate(cpu, b, pc, flags))
        return NULL;
    if (!vp__ir_finish(b)) {
        vp_log(VP_LOG_TB, VP_LVL_ERROR, "block at 0x%llx: unresolved label", (unsigned long long)pc);
        return NULL;
    }
    if (vp_log_enabled(VP_LOG_IN_ASM))
        log_in_asm(cpu, b);
    vp__ir_optimize(b);
    if (vp_log_enabled(VP_LOG_OUT_ASM))
        vp__ir_dump(b, dump_line, NULL);
    vp_tb *tb = g_new0(vp_tb, 1);
    tb->pc = pc;
    tb->flags = flags;
    tb->size = b->guest_size ? b->guest_size : 1;
    tb->icount = b->icount;
    tb->phys_pc = ppc;
    tb->paged = paged;
    tb->page_first = tb->page_last = ppc & VP_PAGE_MASK;
    uint64_t last = (pc + tb->size - 1) & ex->addr_mask;
    if ((last & VP_PAGE_MASK) != (pc & VP_PAGE_MASK) && !ex->fetch_failed) {
        uint64_t p2;
        bool pg2;
        if (vp__tlb_fetch_phys(cpu, last, &p2, &pg2) == 0) /* fetched just now, so it translates */
            tb->page_last = p2 & VP_PAGE_MASK;
        else
            ex->fetch_failed = true;
    }
    if (!tb_compile(cpu, b, tb, hot)) {
        g_free(tb);
        vp_log(VP_LOG_TB, VP_LVL_ERROR, "block at 0x%llx: cannot compile", (unsigned long long)pc);
        return NULL;
    }
    tb->valid = true;
    /* Code fetched through b_transport (no DMI) can change with no store
     * and no DMI invalidation to tell: such a block runs once, uncached. */
    tb->transient = ex->fetch_io || ex->fetch_failed || /* a failed fetch may succeed after sfence.vma */
                    ex->dbg_one;                          /* vp_cpu_step's one instruction */
    if (!tb->transient) {
        uint32_t h = tb_hash(pc, flags) & ex->hmask;
        tb->hash_next = ex->htable[h];
        ex->htable[h] = tb;
        pages_add(cpu, tb);
    }
    ex->n_tbs++;
    ex->tb_bytes += tb->code_bytes + sizeof(*tb);
    ex->stats.tbs_translated++;
    vp_log(VP_LOG_TB, VP_LVL_INFO, "tb: hart %u: translate block 0x%llx (%u insns, %u bytes)%s",
           (unsigned)cpu->cfg.hartid, (unsigned long long)pc, tb->icount, tb->size,
           tb->transient ? ", not cached: code outside DMI" : "");
    return tb;
}

void vp__tb_retire_transient(vp_cpu *cpu, vp_tb *tb)
{
    tb_zombie(cpu, tb);
}

/* True if tb's second page (an instruction straddling into it) still
 * maps where it did. */
static bool tb_page2_ok(vp_cpu *cpu, const vp_tb *tb)
{
    uint64_t p2;
    bool paged;
    if (tb->page_last == tb->page_first)
        return true;
    uint64_t v2 = ((tb->pc & VP_PAGE_MASK) + VP_PAGE_SIZE) & cpu->ex.addr_mask;
    return vp__tlb_fetch_phys(cpu, v2, &p2, &paged) == 0 && (p2 & VP_PAGE_MASK) == tb->page_last;
}

vp_tb *vp__tb_find(vp_cpu *cpu, uint64_t pc, uint32_t flags)
{
    vp_exec *ex = &cpu->ex;
    uint32_t j = vp__jc_hash(pc);
    vp_tb *tb = ex->jc[j];
    uint64_t ppc;
    bool paged;
    /* The jump cache holds blocks looked up under the current translation
     * (vp__cpu_tlb_flush empties it when that changes). */
    if (tb && tb->pc == pc && tb->flags == flags)
        return tb;
    int f = vp__tlb_fetch_phys(cpu, pc, &ppc, &paged);
    if (f) {
        ex->fetch_fault = (uint32_t)f;
        ex->fetch_fault_addr = pc;
        return NULL;
    }
    for (tb = ex->htable[tb_hash(pc, flags) & ex->hmask]; tb; tb = tb->hash_next)
        if (tb->pc == pc && tb->flags == flags && tb->phys_pc == ppc && tb_page2_ok(cpu, tb))
            break;
    if (!tb) {
        ex->fetch_fault = VP_FAULT_FETCH_ACCESS;
        ex->fetch_fault_addr = pc;
        tb = tb_translate(cpu, pc, ppc, paged, flags, false);
    }
    if (tb && !tb->transient)
        ex->jc[j] = tb;
    return tb;
}

vp_tb *vp__tb_translate_once(vp_cpu *cpu, uint64_t pc, uint32_t flags)
{
    vp_exec *ex = &cpu->ex;
    uint64_t ppc;
    bool paged;
    int f = vp__tlb_fetch_phys(cpu, pc, &ppc, &paged);
    ex->fetch_fault = f ? (uint32_t)f : VP_FAULT_FETCH_ACCESS;
    ex->fetch_fault_addr = pc;
    return f ? NULL : tb_translate(cpu, pc, ppc, paged, flags, false);
}

int vp__tb_hot_exit(vp_cpu *cpu, uint64_t pc, uint64_t end, uint32_t flags)
{
    vp_exec *ex = &cpu->ex;
    if (ex->sb_page == UINT64_MAX)
        return -1;
    for (vp_tb *tb = ex->htable[tb_hash(pc, flags) & ex->hmask]; tb; tb = tb->hash_next) {
        if (tb->pc != pc || tb->flags != flags || !tb->valid || (tb->phys_pc & VP_PAGE_MASK) != ex->sb_page ||
            ((tb->phys_pc ^ pc) & (VP_PAGE_SIZE - 1)))
            continue;
        if (((tb->pc + tb->size) & ex->addr_mask) != end)
            return -1; /* its profile is of another exit */
        uint64_t n = (uint64_t)tb->exits[0] + tb->exits[1];
        for (int k = 0; k < 2; k++)
            if (n >= 16 && (uint64_t)tb->exits[k] * 8 >= n * 7)
                return k;
        return -1;
    }
    return -1;
}

void vp__tb_reprofile(vp_cpu *cpu, vp_tb *tb)
{
    uint64_t *key = g_new(uint64_t, 1);
    *key = tb->pc;
    uintptr_t n = (uintptr_t)g_hash_table_lookup(cpu->ex.sb_reprofiled, key);
    g_hash_table_replace(cpu->ex.sb_reprofiled, key, (gpointer)(n + 1));
    if (tb->valid) {
        cpu->ex.stats.sb_reprofiled++;
        tb_invalidate(cpu, tb, "a side exit is hot: profiled again", tb->pc);
    }
}

vp_tb *vp__tb_promote(vp_cpu *cpu, vp_tb *tb)
{
    if (++tb->runs < cpu->ex.jit_threshold || tb->transient)
        return tb;
    uint64_t pc = tb->pc, ppc = tb->phys_pc;
    uint32_t flags = tb->flags;
    bool paged = tb->paged;
    uint64_t flushes = cpu->ex.stats.tb_flushes;
    if (cpu->ex.backend == VP_TB_JIT && (uintptr_t)g_hash_table_lookup(cpu->ex.sb_reprofiled, &pc) < 2)
        cpu->ex.sb_page = ppc & VP_PAGE_MASK;
    vp_tb *hot = tb_translate(cpu, pc, ppc, paged, flags, true);
    cpu->ex.sb_page = UINT64_MAX;
    if (!hot)
        return tb; /* it keeps running as it is */
    hot->exits[0] = tb->exits[0];
    hot->exits[1] = tb->exits[1];
    /* A full flush freed tb; and translating the hot block may have found
     * that the code under tb changed (a line's bytes differ) and dropped it. */
    if (flushes == cpu->ex.stats.tb_flushes && tb->valid)
        tb_invalidate(cpu, tb, "hot: compiled by the JIT", pc);
    if (!hot->transient)
        cpu->ex.jc[vp__jc_hash(pc)] = hot;
    return hot;
}
