/* SPDX-License-Identifier: Apache-2.0 */
/* debug.c - what a debugger needs from a hart: breakpoints (checked when
 * code is translated, so a hart without any translates as before),
 * watchpoints (their pages leave the soft TLB's fast path; the slow path
 * stops the access before it happens, then the instruction is completed
 * alone), single instructions, and memory as the hart sees it. */
#include <string.h>

#include <glib.h>

#include "../src/cpu_int.h"
#include "tb_int.h"

static vp_dbg_bp *bp_find(const vp_cpu *cpu, uint64_t pc)
{
    for (uint32_t i = 0; i < cpu->ex.n_bps; i++)
        if (cpu->ex.bps[i].pc == pc)
            return &cpu->ex.bps[i];
    return NULL;
}

bool vp__dbg_break_at(const vp_cpu *cpu, uint64_t pc)
{
    return cpu->ex.n_bps && !cpu->ex.dbg_one && bp_find(cpu, pc & cpu->ex.addr_mask);
}

int vp_cpu_breakpoint_insert(vp_cpu *cpu, uint64_t pc)
{
    vp_exec *ex = &cpu->ex;
    pc &= ex->addr_mask;
    vp_dbg_bp *b = bp_find(cpu, pc);
    if (b) {
        b->count++;
        return 0;
    }
    ex->bps = g_renew(vp_dbg_bp, ex->bps, ex->n_bps + 1);
    ex->bps[ex->n_bps++] = (vp_dbg_bp){.pc = pc, .count = 1};
    vp__cpu_tb_flush(cpu, "breakpoint inserted");
    return 0;
}

int vp_cpu_breakpoint_remove(vp_cpu *cpu, uint64_t pc)
{
    vp_exec *ex = &cpu->ex;
    vp_dbg_bp *b = bp_find(cpu, pc & ex->addr_mask);
    if (!b)
        return VP_ENOENT;
    if (--b->count)
        return 0;
    *b = ex->bps[--ex->n_bps];
    vp__cpu_tb_flush(cpu, "breakpoint removed");
    return 0;
}

uint64_t vp__dbg_helper_break(vp_cpu *cpu, uint64_t pc, uint64_t unused1, uint64_t unused2)
{
    (void)unused1, (void)unused2;
    vp_exec *ex = &cpu->ex;
    cpu->pc = pc & ex->addr_mask;
    cpu->exit_tb_now = VP_EXIT_TB_TRAP; /* it does not run: the block leaves before it */
    memset(&ex->dbg_stop, 0, sizeof(ex->dbg_stop));
    ex->dbg_stop.kind = VP_CPU_DEBUG_BREAK;
    ex->dbg_stop.addr = cpu->pc;
    ex->dbg_stop.pc = cpu->pc;
    ex->dbg_hit = true;
    ex->icount_stop = 0;
    return 0;
}

/* ---- watchpoints ---------------------------------------------------------- */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

bool vp__dbg_watched_page(const vp_cpu *cpu, uint64_t vpage)
{
    for (uint32_t i = 0; i < cpu->ex.n_wps; i++)
        if (overlaps(cpu->ex.wps[i].addr, cpu->ex.wps[i].len, vpage, VP_PAGE_SIZE))
            return true;
    return false;
}

bool vp__dbg_watch_hit(vp_cpu *cpu, uint64_t addr, uint32_t size, int kind, bool amo)
{
    vp_exec *ex = &cpu->ex;
    if (ex->wp_ignore)
        return false;
    unsigned want = amo ? VP_CPU_WATCH_ACCESS : kind == VP_ACCESS_WRITE ? VP_CPU_WATCH_WRITE : VP_CPU_WATCH_READ;
    for (uint32_t i = 0; i < ex->n_wps; i++) {
        const vp_dbg_wp *w = &ex->wps[i];
        if (!(w->kind & want) || !overlaps(w->addr, w->len, addr, size))
            continue;
        memset(&ex->dbg_stop, 0, sizeof(ex->dbg_stop));
        ex->dbg_stop.kind = VP_CPU_DEBUG_WATCH;
        ex->dbg_stop.watch = w->kind;
        ex->dbg_stop.addr = addr > w->addr ? addr : w->addr;
        ex->dbg_stop.watch_addr = w->addr;
        ex->dbg_stop.pc = cpu->cur_pc & ex->addr_mask;
        return true;
    }
    return false;
}

/* Pages with watchpoints get their fast-path tags dropped at the next fill. */
static void watch_changed(vp_cpu *cpu)
{
    vp__cpu_tlb_flush(cpu);
}

int vp_cpu_watchpoint_insert(vp_cpu *cpu, uint64_t addr, uint64_t len, unsigned kind)
{
    vp_exec *ex = &cpu->ex;
    if (len == 0 || len > UINT32_MAX || !(kind & VP_CPU_WATCH_ACCESS) || (kind & ~VP_CPU_WATCH_ACCESS))
        return VP_EINVAL;
    ex->wps = g_renew(vp_dbg_wp, ex->wps, ex->n_wps + 1);
    ex->wps[ex->n_wps++] = (vp_dbg_wp){.addr = addr & ex->addr_mask, .len = len, .kind = kind};
    watch_changed(cpu);
    return 0;
}

int vp_cpu_watchpoint_remove(vp_cpu *cpu, uint64_t addr, uint64_t len, unsigned kind)
{
    vp_exec *ex = &cpu->ex;
    addr &= ex->addr_mask;
    for (uint32_t i = 0; i < ex->n_wps; i++) {
        if (ex->wps[i].addr == addr && ex->wps[i].len == len && ex->wps[i].kind == kind) {
            ex->wps[i] = ex->wps[--ex->n_wps];
            watch_changed(cpu);
            return 0;
        }
    }
    return VP_ENOENT;
}

void vp_cpu_debug_clear(vp_cpu *cpu)
{
    vp_exec *ex = &cpu->ex;
    if (ex->n_bps)
        vp__cpu_tb_flush(cpu, "breakpoints cleared");
    if (ex->n_wps)
        watch_changed(cpu);
    ex->n_bps = ex->n_wps = 0;
    g_clear_pointer(&ex->bps, g_free);
    g_clear_pointer(&ex->wps, g_free);
}

bool vp_cpu_get_debug_stop(const vp_cpu *cpu, vp_cpu_debug_stop *out)
{
    size_t n = out->size < sizeof(*out) ? out->size : sizeof(*out);
    vp_cpu_debug_stop s = cpu->ex.dbg_stop;
    s.size = (uint32_t)n;
    s.abi = VP_CPU_ABI;
    memcpy(out, &s, n);
    return s.kind != VP_CPU_DEBUG_NONE;
}

vp_cpu_exit vp_cpu_step(vp_cpu *cpu, uint64_t *executed, vp_time *local_time)
{
    vp_exec *ex = &cpu->ex;
    uint64_t n = 0;
    vp_time t = 0;
    if (ex->halted && !cpu->target->wfi_wakeup(cpu)) {
        if (executed)
            *executed = 0;
        if (local_time)
            *local_time = 0;
        return VP_CPU_EXIT_WFI;
    }
    ex->dbg_one = true;
    vp_cpu_exit why = vp_cpu_run(cpu, 1, VP_TIME_MAX, &n, &t);
    ex->dbg_one = false;
    if (why != VP_CPU_EXIT_DEBUG || ex->dbg_stop.kind != VP_CPU_DEBUG_WATCH) {
        memset(&ex->dbg_stop, 0, sizeof(ex->dbg_stop));
        ex->dbg_stop.kind = VP_CPU_DEBUG_STEP;
        ex->dbg_stop.pc = ex->dbg_stop.addr = cpu->pc & ex->addr_mask;
        why = VP_CPU_EXIT_DEBUG;
    }
    if (executed)
        *executed = n;
    if (local_time)
        *local_time = t;
    return why;
}

/* ---- memory and registers ------------------------------------------------- */

size_t vp_cpu_debug_access(vp_cpu *cpu, uint64_t vaddr, void *buf, size_t len, bool write)
{
    uint8_t *b = buf;
    size_t done = 0;
    if (!cpu->cfg.bus)
        return 0;
    while (done < len) {
        uint64_t va = (vaddr + done) & cpu->ex.addr_mask, pa = va;
        size_t chunk = VP_PAGE_SIZE - (va & (VP_PAGE_SIZE - 1));
        if (chunk > len - done)
            chunk = len - done;
        if (cpu->target->debug_translate && cpu->target->debug_translate(cpu, va, &pa) < 0)
            break;
        tlmc_payload p;
        tlmc_payload_init(&p, write ? TLMC_WRITE : TLMC_READ, pa, b + done, (uint32_t)chunk);
        p.initiator_id = cpu->cfg.hartid;
        uint32_t got = tlmc_transport_dbg(cpu->cfg.bus, &p);
        if (write && got)
            vp_cpu_group_notify_write(cpu->ex.group, pa, got);
        done += got;
        if (got < chunk)
            break;
    }
    return done;
}

unsigned vp_cpu_flen(const vp_cpu *cpu)
{
    return cpu && cpu->target->flen ? cpu->target->flen(cpu) : 0;
}

bool vp_cpu_get_freg(const vp_cpu *cpu, unsigned idx, uint64_t *val)
{
    return cpu && cpu->target->read_freg && cpu->target->read_freg(cpu, idx, val);
}

bool vp_cpu_set_freg(vp_cpu *cpu, unsigned idx, uint64_t val)
{
    return cpu && cpu->target->write_freg && cpu->target->write_freg(cpu, idx, val);
}

bool vp_cpu_set_csr(vp_cpu *cpu, unsigned csr, uint64_t val)
{
    return cpu && cpu->target->write_csr && cpu->target->write_csr(cpu, csr, val);
}
