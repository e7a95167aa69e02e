/* SPDX-License-Identifier: Apache-2.0 */
/* cpu.c - hart lifetime, register access and the execution loop: block
 * lookup, chaining, interrupts at block entry, WFI sleep, instruction
 * budget, local time and sync. */
#include <string.h>

#include <glib.h>

#include "../src/cpu_int.h"
#include "../interp/interp_int.h"
#include "../jit/jit_int.h"
#include "tb_int.h"

vp_cpu *vp_cpu_create(const vp_cpu_config *cfg, vp_error **errp)
{
    if (!cfg || cfg->size < offsetof(vp_cpu_config, accel) || !cfg->isa) {
        vp_error_set(errp, VP_EINVAL, "cpu: missing configuration or isa string");
        return NULL;
    }
    vp_cpu *cpu = g_new0(vp_cpu, 1);
    memcpy(&cpu->cfg, cfg, MIN((size_t)cfg->size, sizeof(cpu->cfg)));
    cpu->cfg.size = sizeof(cpu->cfg);
    cpu->isa = g_strdup(cfg->isa);
    cpu->cfg.isa = cpu->isa;
    cpu->ex.stats.size = sizeof(vp_cpu_stats);
    cpu->ex.stats.abi = VP_CPU_ABI;
    cpu->ex.addr_mask = UINT64_MAX;
    vp__ir_init(&cpu->ex.ir);
    vp__tb_init(cpu);
    vp__tlb_flush(cpu);
    if (cpu->cfg.accel == VP_CPU_ACCEL_JIT && !vp__jit_init(cpu)) {
        vp_error_set(errp, VP_EINVAL, "cpu: the JIT is not available on this host (use accel interp)");
        vp_cpu_destroy(cpu);
        return NULL;
    }
    if (vp__rv_init(cpu, cpu->isa, errp) < 0) {
        vp_cpu_destroy(cpu);
        return NULL;
    }
    vp_cpu_reset(cpu);
    return cpu;
}

void vp_cpu_destroy(vp_cpu *cpu)
{
    if (!cpu)
        return;
    vp__tb_fini(cpu);
    vp__jit_fini(cpu);
    vp__ir_fini(&cpu->ex.ir);
    g_free(cpu->isa);
    g_free(cpu);
}

void vp_cpu_reset(vp_cpu *cpu)
{
    memset(cpu->x, 0, sizeof(cpu->x));
    cpu->pc = cpu->cfg.reset_pc;
    cpu->x[10] = cpu->cfg.hartid;
    cpu->x[11] = 0;
    cpu->exit_tb_now = VP_EXIT_TB_NONE;
    cpu->ex.halted = false;
    vp__cpu_tb_flush(cpu);
    vp__tlb_flush(cpu);
    vp__rv_reset(cpu);
    cpu->ex.addr_mask = cpu->rv.xlen == 32 ? UINT32_MAX : UINT64_MAX;
    cpu->pc &= cpu->ex.addr_mask;
}

void vp__cpu_set_halted(vp_cpu *cpu, bool halted)
{
    cpu->ex.halted = halted;
    if (halted)
        cpu->ex.icount_stop = 0;
}

uint64_t vp__cpu_icount_now(const vp_cpu *cpu)
{
    return cpu->ex.insn_base + cpu->cur_insn;
}

vp_time vp__cpu_local_time(const vp_cpu *cpu)
{
    const vp_exec *ex = &cpu->ex;
    if (!ex->in_run)
        return 0;
    return (vp__cpu_icount_now(cpu) - ex->run_start) * cpu->cfg.insn_period + ex->delay;
}

/* Why the loop must return now, or -1 to keep running. */
static int loop_should_exit(vp_cpu *cpu)
{
    vp_exec *ex = &cpu->ex;
    if (ex->halted) {
        if (!vp__rv_wfi_wakeup(cpu))
            return VP_CPU_EXIT_WFI;
        ex->halted = false;
    }
    if (cpu->exit_request) {
        cpu->exit_request = 0;
        if (ex->user_exit) {
            ex->user_exit = false;
            return VP_CPU_EXIT_REQUEST;
        }
    }
    if (ex->sync_hit)
        return VP_CPU_EXIT_SYNC;
    if (ex->insn_base >= ex->icount_limit)
        return VP_CPU_EXIT_BUDGET;
    return -1;
}

vp_cpu_exit vp_cpu_run(vp_cpu *cpu, uint64_t budget, vp_time sync_limit, uint64_t *executed,
                       vp_time *local_time)
{
    vp_exec *ex = &cpu->ex;
    vp_tb *last = NULL;
    int slot = -1, why;
    uint64_t stalls = 0; /* iterations that retired nothing (trap loops) */

    ex->run_start = ex->insn_base;
    ex->delay = 0;
    ex->sync_limit = sync_limit;
    ex->sync_hit = false;
    ex->icount_limit = budget > UINT64_MAX - ex->insn_base ? UINT64_MAX : ex->insn_base + budget;
    ex->in_run = true;
    for (;;) {
        why = loop_should_exit(cpu);
        if (why >= 0)
            break;
        if (stalls >= ex->icount_limit - ex->insn_base) {
            why = VP_CPU_EXIT_BUDGET; /* e.g. a trap loop: bound the work by the budget */
            break;
        }
        if (ex->flush_pending)
            vp__tb_flush_now(cpu);
        if (last && !last->valid)
            last = NULL;
        vp__tb_reap(cpu);
        ex->icount_stop = ex->icount_limit;
        if (vp__rv_take_interrupt(cpu)) {
            ex->stats.interrupts++;
            last = NULL;
        }
        uint64_t pc = cpu->pc & ex->addr_mask, flushes = ex->stats.tb_flushes;
        vp_tb *tb = vp__tb_find(cpu, pc, vp__rv_tb_flags(cpu));
        if (flushes != ex->stats.tb_flushes)
            last = NULL;
        uint64_t before = ex->insn_base;
        if (!tb) {
            stalls++;
            ex->stats.traps++;
            vp__rv_raise(cpu, VP_EXC_INSN_ACCESS, pc, pc);
            last = NULL;
            continue;
        }
        if (last && slot >= 0)
            vp__tb_link(cpu, last, (unsigned)slot, tb);
        slot = ex->jit ? vp__jit_exec(cpu, tb, &last) : vp__interp_exec(cpu, tb, &last);
        if (slot < 0)
            last = NULL;
        if (ex->insn_base == before)
            stalls++;
    }
    ex->in_run = false;
    uint64_t n = ex->insn_base - ex->run_start;
    if (executed)
        *executed = n;
    if (local_time)
        *local_time = n * cpu->cfg.insn_period + ex->delay;
    return (vp_cpu_exit)why;
}

void vp_cpu_request_exit(vp_cpu *cpu)
{
    cpu->ex.user_exit = true;
    cpu->exit_request = 1;
}

bool vp_cpu_is_halted(const vp_cpu *cpu)
{
    return cpu->ex.halted;
}

uint64_t vp_cpu_get_pc(const vp_cpu *cpu)
{
    return cpu->pc & cpu->ex.addr_mask;
}

void vp_cpu_set_pc(vp_cpu *cpu, uint64_t pc)
{
    cpu->pc = pc & cpu->ex.addr_mask;
}

uint64_t vp_cpu_get_reg(const vp_cpu *cpu, unsigned idx)
{
    if (idx == 0 || idx >= 32)
        return 0;
    return cpu->x[idx] & cpu->ex.addr_mask;
}

void vp_cpu_set_reg(vp_cpu *cpu, unsigned idx, uint64_t val)
{
    if (idx == 0 || idx >= 32)
        return;
    cpu->x[idx] = val & cpu->ex.addr_mask;
}

vp_time vp_cpu_insn_period(const vp_cpu *cpu) { return cpu->cfg.insn_period; }

uint64_t vp_cpu_insn_count(const vp_cpu *cpu)
{
    return vp__cpu_icount_now(cpu);
}

void vp_cpu_flush_code(vp_cpu *cpu)
{
    vp__cpu_tb_flush(cpu);
}

void vp_cpu_get_stats(const vp_cpu *cpu, vp_cpu_stats *out)
{
    *out = cpu->ex.stats;
    out->size = sizeof(*out);
    out->abi = VP_CPU_ABI;
    out->insns = vp__cpu_icount_now(cpu);
}
