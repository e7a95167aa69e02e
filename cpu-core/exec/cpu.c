/* SPDX-License-Identifier: Apache-2.0 */
/* cpu.c - hart lifetime, register access and the execution loop: block
 * lookup, chaining, interrupts at block entry, WFI sleep, instruction
 * budget, local time and sync. */
#include <string.h>
#include <time.h>

#include <glib.h>

#include "../src/cpu_int.h"
#include "backend.h"
#include "tb_int.h"

vp_cpu *vp_cpu_create(const vp_cpu_config *cfg, vp_error **errp)
{
    if (!cfg || cfg->size < offsetof(vp_cpu_config, accel) || !cfg->isa) {
        vp_error_set(errp, VP_EINVAL, "cpu: missing configuration or isa string");
        return NULL;
    }
    const vp_target_ops *target = vp__target_for(cfg->isa, errp);
    if (!target)
        return NULL;
    /* One block: the hart, then the target's state at VP_CPU_TARGET_OFFSET. */
    vp_cpu *cpu = g_malloc0(sizeof(vp_cpu) + target->state_size);
    cpu->target = target;
    memcpy(&cpu->cfg, cfg, MIN((size_t)cfg->size, sizeof(cpu->cfg)));
    cpu->cfg.size = sizeof(cpu->cfg);
    cpu->isa = g_strdup(cfg->isa);
    cpu->cfg.isa = cpu->isa;
    cpu->ex.stats.size = sizeof(vp_cpu_stats);
    cpu->ex.stats.abi = VP_CPU_ABI;
    cpu->ex.addr_mask = UINT64_MAX;
    cpu->ex.last_trap.size = sizeof(vp_cpu_trap_info);
    cpu->ex.last_trap.abi = VP_CPU_ABI;
    cpu->ex.last_trap.cause_name = "";
    vp__group_join(cpu, cfg->size >= offsetof(vp_cpu_config, group) + sizeof(cfg->group) ? cfg->group : NULL);
    vp__ir_init(&cpu->ex.ir);
    vp__tb_init(cpu);
    vp__tlb_flush(cpu);
    vp__cpu_set_tlb_sets(cpu, 0, 0);
    cpu->ex.backend = vp__backend_select(cpu->cfg.accel);
    cpu->ex.jit_threshold = cpu->cfg.jit_threshold ? cpu->cfg.jit_threshold : VP_CPU_JIT_THRESHOLD_DEFAULT;
    const vp_backend_ops *be = vp__backends[cpu->ex.backend];
    if (be->init && !be->init(cpu)) {
        if (cpu->ex.backend_why[0])
            vp_error_set(errp, VP_ENOMEM, "cpu: the %s backend cannot start: %s", be->name, cpu->ex.backend_why);
        else
            vp_error_set(errp, VP_EINVAL, "cpu: the %s backend is not available on this host (use accel interp)",
                         be->name);
        cpu->ex.backend = VP_TB_INTERP;
        vp_cpu_destroy(cpu);
        return NULL;
    }
    if (cpu->target->init(cpu, cpu->isa, errp) < 0) {
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
    g_free(cpu->ex.bps);
    g_free(cpu->ex.wps);
    vp__group_leave(cpu);
    if (vp__backends[cpu->ex.backend]->fini)
        vp__backends[cpu->ex.backend]->fini(cpu);
    vp__ir_fini(&cpu->ex.ir);
    g_free(cpu->isa);
    g_free(cpu);
}

void vp_cpu_reset(vp_cpu *cpu)
{
    memset(cpu->x, 0, sizeof(cpu->x));
    cpu->pc = cpu->cfg.reset_pc;
    cpu->exit_tb_now = VP_EXIT_TB_NONE;
    cpu->ex.halted = false;
    cpu->ex.storm_count = 0;
    cpu->ex.storm = false;
    cpu->ex.dbg_hit = cpu->ex.wp_pending = false;
    if (cpu->ex.group)
        vp__excl_clear(cpu);
    vp__cpu_tb_flush(cpu, "reset");
    vp__tlb_flush(cpu);
    cpu->target->reset(cpu);
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

/* Instruction steps of this run: retired instructions plus exceptions. */
static uint64_t run_steps(const vp_cpu *cpu)
{
    return vp__cpu_icount_now(cpu) - cpu->ex.run_start + cpu->ex.run_traps;
}

vp_time vp__cpu_local_time(const vp_cpu *cpu)
{
    const vp_exec *ex = &cpu->ex;
    if (!ex->in_run)
        return 0;
    return run_steps(cpu) * cpu->cfg.insn_period + ex->delay;
}

void vp__cpu_trap_taken(vp_cpu *cpu, bool interrupt, uint64_t cause, const char *name, uint64_t pc, uint64_t tval,
                        uint64_t vector)
{
    vp_exec *ex = &cpu->ex;
    vp_cpu_trap_info *t = &ex->last_trap;
    t->valid = true;
    t->interrupt = interrupt;
    t->cause = cause;
    t->cause_name = name ? name : "";
    t->pc = pc;
    t->tval = tval;
    t->vector = vector;
    if (ex->digest_on) {
        uint64_t h = vp__digest_mix(ex->digest, vp__cpu_icount_now(cpu));
        h = vp__digest_mix(h, (uint64_t)interrupt << 63 | cause);
        h = vp__digest_mix(h, pc);
        ex->digest = vp__digest_mix(h, tval);
    }
    if (interrupt) {
        ex->stats.interrupts++;
        t->repeats = 1;
        return;
    }
    ex->stats.traps++;
    ex->run_traps++;
    uint64_t now = vp__cpu_icount_now(cpu);
    if (ex->storm_count && ex->storm_icount == now) {
        ex->storm_count++;
    } else {
        ex->storm_icount = now;
        ex->storm_count = 1;
    }
    t->repeats = ex->storm_count;
    if (ex->storm_count >= VP_CPU_TRAP_STORM && !ex->storm) {
        ex->storm = true;
        ex->icount_stop = 0;
    }
}

bool vp_cpu_get_last_trap(const vp_cpu *cpu, vp_cpu_trap_info *out)
{
    size_t n = out->size < sizeof(*out) ? out->size : sizeof(*out);
    vp_cpu_trap_info t = cpu->ex.last_trap;
    t.size = (uint32_t)n;
    t.abi = VP_CPU_ABI;
    memcpy(out, &t, n);
    return t.valid;
}

/* Why the loop must return now, or -1 to keep running. */
static int loop_should_exit(vp_cpu *cpu)
{
    vp_exec *ex = &cpu->ex;
    if (ex->halted) {
        if (!cpu->target->wfi_wakeup(cpu))
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
    if (ex->storm) {
        ex->storm = false;
        ex->storm_count = 0; /* the next run starts counting again */
        return VP_CPU_EXIT_TRAP_STORM;
    }
    if (ex->dbg_hit) {
        ex->dbg_hit = false;
        return VP_CPU_EXIT_DEBUG;
    }
    if (ex->sync_hit)
        return VP_CPU_EXIT_SYNC;
    if (ex->insn_base + ex->run_traps >= ex->icount_limit)
        return VP_CPU_EXIT_BUDGET;
    return -1;
}

/* --trace exec: one line per block entered from the loop (with the
 * trace on, blocks do not chain, so that is every block). */
static void log_exec(const vp_cpu *cpu, uint64_t pc)
{
    vp_log_msg(VP_LOG_EXEC, VP_LVL_INFO, "exec: hart %u: pc 0x%llx icount %llu", (unsigned)cpu->cfg.hartid,
               (unsigned long long)pc, (unsigned long long)cpu->ex.insn_base);
}

/* Runs one block at the hart's pc (or raises the fetch fault). Returns
 * the chaining slot the block left through, -1 for none; *last is the
 * block that ran last, NULL when nothing may link to it. */
static int run_block(vp_cpu *cpu, vp_tb **last, int slot)
{
    vp_exec *ex = &cpu->ex;
    uint64_t pc = cpu->pc & ex->addr_mask, flushes = ex->stats.tb_flushes;
    uint32_t flags = cpu->target->tb_flags(cpu);
    vp_tb *tb = ex->dbg_one ? vp__tb_translate_once(cpu, pc, flags) : vp__tb_find(cpu, pc, flags);
    if (flushes != ex->stats.tb_flushes)
        *last = NULL;
    if (!tb) {
        cpu->target->fault(cpu, (vp_fault)ex->fetch_fault, ex->fetch_fault_addr, pc);
        *last = NULL;
        return -1;
    }
    if (tb->tier_up)
        tb = vp__tb_promote(cpu, tb);
    if (vp_log_enabled(VP_LOG_EXEC))
        log_exec(cpu, pc);
    if (*last && slot >= 0)
        vp__tb_link(cpu, *last, (unsigned)slot, tb);
    ex->stats.tbs_executed++;
    slot = vp__backends[tb->kind]->exec(cpu, tb, last);
    if (tb->tier_up && slot >= 0 && slot < 2) /* (never chained: this is where it left) */
        tb->exits[slot]++;
    if (*last && (*last)->side_hits >= VP_SIDE_LIMIT) { /* its profile no longer holds */
        vp__tb_reprofile(cpu, *last);
        *last = NULL;
        slot = -1;
    }
    if (tb->transient) {
        if (*last == tb)
            *last = NULL;
        vp__tb_retire_transient(cpu, tb);
    }
    if (slot < 0)
        *last = NULL;
    return slot;
}

/* A watchpoint stopped an access before it happened (pc at its
 * instruction): runs that instruction alone with watchpoints quiet, so the
 * debugger sees it completed (pc after it, or at a handler). */
static void complete_watched(vp_cpu *cpu)
{
    vp_exec *ex = &cpu->ex;
    vp_cpu_debug_stop stop = ex->dbg_stop;
    bool one = ex->dbg_one;
    vp_tb *last = NULL;
    ex->wp_pending = false;
    ex->wp_ignore = true;
    ex->dbg_one = true;
    run_block(cpu, &last, -1);
    ex->dbg_one = one;
    ex->wp_ignore = false;
    ex->dbg_hit = false;
    ex->dbg_stop = stop;
}

vp_cpu_exit vp_cpu_run(vp_cpu *cpu, uint64_t budget, vp_time sync_limit, uint64_t *executed,
                       vp_time *local_time)
{
    vp_exec *ex = &cpu->ex;
    vp_tb *last = NULL;
    int slot = -1, why;

    ex->run_start = ex->insn_base;
    ex->run_traps = 0;
    ex->delay = 0;
    ex->sync_limit = sync_limit;
    ex->sync_hit = false;
    ex->icount_limit = budget > UINT64_MAX - ex->insn_base ? UINT64_MAX : ex->insn_base + budget;
    ex->in_run = true;
    ex->dbg_stop.kind = VP_CPU_DEBUG_NONE;
    for (;;) {
        if (ex->wp_pending) { /* a watched access was held back: the instruction now runs alone */
            complete_watched(cpu);
            why = VP_CPU_EXIT_DEBUG;
            break;
        }
        why = loop_should_exit(cpu);
        if (why >= 0)
            break;
        if (ex->flush_pending)
            vp__tb_flush_now(cpu, ex->flush_why ? ex->flush_why : "deferred flush");
        if (last && !last->valid)
            last = NULL;
        vp__tb_reap(cpu);
        /* Blocks chain on while the budget (less the exceptions' steps)
         * lasts; with --trace exec every block comes back here. */
        ex->icount_stop = vp_log_enabled(VP_LOG_EXEC) ? 0 : ex->icount_limit - ex->run_traps;
        if (cpu->exit_request) /* vp__cpu_kick may have run since loop_should_exit */
            ex->icount_stop = 0;
        if (ex->prof_period) { /* chained code comes back here for the next sample */
            if (ex->insn_base >= ex->prof_next) {
                ex->prof_fn(ex->prof_opaque, cpu, cpu->pc & ex->addr_mask, ex->prof_stack,
                            ex->prof_depth);
                ex->prof_next = ex->insn_base + ex->prof_period;
            }
            if (ex->prof_next < ex->icount_stop)
                ex->icount_stop = ex->prof_next;
        }
        if (!ex->dbg_one && cpu->target->take_interrupt(cpu))
            last = NULL;
        slot = run_block(cpu, &last, slot);
    }
    ex->in_run = false;
    uint64_t n = run_steps(cpu);
    if (executed)
        *executed = n;
    if (local_time)
        *local_time = n * cpu->cfg.insn_period + ex->delay;
    return (vp_cpu_exit)why;
}

void vp_cpu_request_exit(vp_cpu *cpu)
{
    cpu->ex.user_exit = true;
    vp__cpu_kick(cpu);
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
    vp__cpu_tb_flush(cpu, "vp_cpu_flush_code");
}

void vp_cpu_get_stats(const vp_cpu *cpu, vp_cpu_stats *out)
{
    size_t n = out->size < sizeof(*out) ? out->size : sizeof(*out);
    vp_cpu_stats st = cpu->ex.stats;
    st.size = (uint32_t)n;
    st.abi = VP_CPU_ABI;
    st.insns = vp__cpu_icount_now(cpu);
    memcpy(out, &st, n);
}

void vp_cpu_set_profile(vp_cpu *cpu, uint64_t period, vp_cpu_profile_fn fn, void *opaque)
{
    vp_exec *ex = &cpu->ex;
    if (!fn)
        period = 0;
    if ((period != 0) != (ex->prof_period != 0))
        vp__cpu_tb_flush(cpu, period ? "profiler on" : "profiler off");
    ex->prof_period = period;
    ex->prof_fn = fn;
    ex->prof_opaque = opaque;
    ex->prof_next = ex->insn_base + period;
    ex->prof_depth = 0;
}

uint64_t vp__prof_call(vp_cpu *cpu, uint64_t target, uint64_t unused1, uint64_t unused2)
{
    vp_exec *ex = &cpu->ex;
    (void)unused1, (void)unused2;
    if (ex->prof_depth < VP_CPU_PROFILE_DEPTH)
        ex->prof_stack[ex->prof_depth] = target & ex->addr_mask;
    ex->prof_depth++;
    return 0;
}

uint64_t vp__prof_ret(vp_cpu *cpu, uint64_t unused0, uint64_t unused1, uint64_t unused2)
{
    (void)unused0, (void)unused1, (void)unused2;
    if (cpu->ex.prof_depth)
        cpu->ex.prof_depth--;
    return 0;
}

uint64_t vp__host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vp_cpu_set_host_timing(vp_cpu *cpu, bool on)
{
    cpu->ex.host_timing = on;
}

void vp_cpu_set_digest(vp_cpu *cpu, bool on)
{
    cpu->ex.digest_on = on;
}

uint64_t vp_cpu_digest(const vp_cpu *cpu)
{
    uint64_t h = vp__digest_mix(cpu->ex.digest, vp__cpu_icount_now(cpu));
    h = vp__digest_mix(h, cpu->pc);
    for (unsigned i = 0; i < 32; i++)
        h = vp__digest_mix(h, cpu->x[i]);
    return h;
}

/* ---- the accessors whose meaning is the target's ---- */

void vp_cpu_set_irq(vp_cpu *cpu, unsigned irq, bool level)
{
    if (!cpu || !cpu->target->set_irq || !cpu->target->set_irq(cpu, irq, level))
        vp_log(VP_LOG_GUEST_ERROR, VP_LVL_WARN, "vp_cpu_set_irq: no interrupt input %u", irq);
}

void vp_cpu_irq_sink(void *cpu, uint32_t line, bool level)
{
    vp_cpu_set_irq((vp_cpu *)cpu, line, level);
}

bool vp_cpu_get_csr(const vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    return cpu && cpu->target->read_csr && cpu->target->read_csr(cpu, csr, val);
}

int vp_cpu_get_isa_info(const char *isa, vp_cpu_isa_info *out, vp_error **errp)
{
    if (!out || out->size < offsetof(vp_cpu_isa_info, target)) {
        vp_error_set(errp, VP_EINVAL, "vp_cpu_get_isa_info: out is NULL or its size is too small");
        return VP_EINVAL;
    }
    const vp_target_ops *t = vp__target_for(isa, errp);
    if (!t)
        return VP_EINVAL;
    vp_cpu_isa_info full = {.size = sizeof(full), .abi = VP_CPU_ABI, .target = t->name};
    if (t->isa_info)
        t->isa_info(isa, &full);
    uint32_t size = out->size < sizeof(full) ? out->size : (uint32_t)sizeof(full);
    memcpy((char *)out + offsetof(vp_cpu_isa_info, target), (const char *)&full + offsetof(vp_cpu_isa_info, target),
           size - offsetof(vp_cpu_isa_info, target));
    out->abi = VP_CPU_ABI;
    return 0;
}

unsigned vp_cpu_xlen(const vp_cpu *cpu)
{
    return cpu && cpu->target->xlen ? cpu->target->xlen(cpu) : 0;
}

uint32_t vp_cpu_hartid(const vp_cpu *cpu)
{
    return cpu ? cpu->cfg.hartid : 0;
}
