// SPDX-License-Identifier: Apache-2.0
// cpu_cluster.cpp - the CPU cluster's thread: quantum rounds over the harts
// with temporal decoupling, WFI sleep until the next kernel activity,
// dead-lock detection and the stop conditions.
#include "cpu_cluster.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <tlm>
#include <vpbridge/vp_sc_device.h> // sc_event_clock; to_sc, to_vp (tlmc_sc.h)


namespace vp::sc {

using namespace sc_core;

namespace {

constexpr vp_time k_default_quantum = 10 * VP_US;
/* Budget of a hart whose instruction period is not known yet: one block
 * (the core bounds a run by its budget; the sync limit only applies after
 * annotated delays), which teaches the period from local time / executed. */
constexpr uint64_t k_probe_budget = 1;
/* The cluster thread runs device callbacks and the interpreter. */
constexpr std::size_t k_stack_size = 16u << 20;

double wall_seconds()
{
    using clk = std::chrono::steady_clock;
    return std::chrono::duration<double>(clk::now().time_since_epoch()).count();
}

} // namespace

cpu_cluster::cpu_cluster(sc_module_name name, const std::vector<vp_cpu *> &harts, const cluster_config &cfg,
                         const hart_ops &ops)
    : sc_module(name), m_harts(harts), m_cfg(cfg), m_ops(ops), m_wake("wake"), m_periods(harts.size(), cfg.insn_period)
{
    SC_HAS_PROCESS(cpu_cluster);
    for (std::size_t i = 0; i < m_harts.size() && m_ops.insn_period; i++)
        if (!m_periods[i])
            m_periods[i] = m_ops.insn_period(m_harts[i]);
    SC_THREAD(run_thread);
    set_stack_size(k_stack_size);
}

vp_time cpu_cluster::quantum() const
{
    if (m_cfg.quantum)
        return m_cfg.quantum;
    const sc_time &gq = tlm::tlm_global_quantum::instance().get();
    if (gq != SC_ZERO_TIME)
        return to_vp(gq);
    return k_default_quantum;
}

const char *cpu_cluster::reason_message() const
{
    switch (m_reason) {
    case stop_reason::none:
        return "";
    case stop_reason::guest_exit:
        return "the guest requested exit";
    case stop_reason::max_insns:
        return "instruction limit reached";
    case stop_reason::max_time:
        return "simulated-time limit reached";
    case stop_reason::timeout:
        return "wall-clock timeout";
    case stop_reason::deadlock:
        return "all harts in WFI with no pending event";
    case stop_reason::trap_storm:
        return "trap storm: exceptions without a retired instruction";
    case stop_reason::signal:
        return "stopped by a signal";
    case stop_reason::debugger:
        return "killed by the debugger";
    }
    return "";
}

void cpu_cluster::stop(stop_reason why)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_reason = why;
    for (vp_cpu *h : m_harts)
        m_ops.request_exit(h);
    if (sc_get_status() == SC_RUNNING) {
        m_wake.notify(SC_ZERO_TIME);
        if (m_cfg.stop_simulation)
            sc_stop();
    }
}

void cpu_cluster::request_exit(int status)
{
    if (m_stopping)
        return;
    m_exit_status = status;
    stop(stop_reason::guest_exit);
}

void cpu_cluster::stop_on_signal(int signo)
{
    if (!m_signal)
        m_signal = signo;
    for (vp_cpu *h : m_harts)
        m_ops.request_exit(h);
}

/* Called by the thread: turns a stop_on_signal() into a stop. */
bool cpu_cluster::signalled()
{
    if (m_signal && !m_stopping)
        stop(stop_reason::signal);
    return m_signal != 0;
}

void cpu_cluster::wake()
{
    if (sc_get_status() == SC_RUNNING)
        m_wake.notify(SC_ZERO_TIME);
}

bool cpu_cluster::all_halted() const
{
    for (std::size_t i = 0; i < m_harts.size(); i++)
        if (!m_ops.is_halted(m_harts[i]) && !held(i))
            return false;
    return true;
}

bool cpu_cluster::wall_clock_expired() const
{
    return m_cfg.timeout_sec > 0 && wall_seconds() - m_wall_start >= m_cfg.timeout_sec;
}

uint64_t cpu_cluster::budget_for(std::size_t hart, vp_time q) const
{
    vp_time period = m_periods[hart];
    if (period == 0)
        return k_probe_budget;
    return std::max<uint64_t>(1, q / period);
}

/* One quantum for every hart that is awake. *consumed = the largest local
 * time a hart used. Returns false when the cluster must stop. */
void cpu_cluster::sync_running()
{
    if (!m_running)
        return;
    m_sc_sync_asked = true;
    if (vp_log_enabled(VP_LOG_SYNC))
        vp_log_msg(VP_LOG_SYNC, VP_LVL_INFO, "sync: hart %u: ends its turn after an access to a SystemC model",
                   vp_cpu_hartid(m_running));
    m_ops.request_exit(m_running);
}

/* --trace sync: why a hart's turn ended early. */
static void log_turn_end(vp_cpu *h, vp_cpu_exit why, uint64_t executed, vp_time local)
{
    if (why != VP_CPU_EXIT_SYNC && why != VP_CPU_EXIT_WFI)
        return;
    vp_log_msg(VP_LOG_SYNC, VP_LVL_INFO, "sync: hart %u: %s after %llu steps, local time %llu ps", vp_cpu_hartid(h),
               why == VP_CPU_EXIT_SYNC ? "an annotated delay used up the quantum" : "sleeps in WFI",
               (unsigned long long)executed, (unsigned long long)local);
}

/* Opens a decoupled round on the cluster's thread for the harts' turns
 * (tlmc_sc.h: a SystemC target that waits inside b_transport moves the
 * kernel's time; the harts' offsets still count from the round's start). */
struct round_scope {
    round_scope() { round_begin(); }
    ~round_scope() { round_end(); }
    round_scope(const round_scope &) = delete;
    round_scope &operator=(const round_scope &) = delete;
};

bool cpu_cluster::run_round(vp_time q, vp_time *consumed)
{
    *consumed = 0;
    round_scope round;
    for (std::size_t i = 0; i < m_harts.size(); i++) {
        vp_cpu *h = m_harts[i];
        if (m_stopping)
            return false;
        if (m_ops.is_halted(h) || held(i)) /* a hart to step waits for its step; the debugger holds others */
            continue;
        uint64_t budget = budget_for(i, q);
        if (m_cfg.max_insns) {
            if (m_insns >= m_cfg.max_insns) {
                stop(stop_reason::max_insns);
                return false;
            }
            budget = std::min(budget, m_cfg.max_insns - m_insns);
        }
        uint64_t executed = 0;
        vp_time local = 0;
        m_running = h;
        m_sc_sync_asked = false;
        double t0 = wall_seconds();
        vp_cpu_exit why = m_ops.run(h, budget, q, &executed, &local);
        m_hart_seconds += wall_seconds() - t0;
        m_running = nullptr;
        if ((unsigned)why < 6)
            m_turn_ends[why]++;
        if (why == VP_CPU_EXIT_REQUEST && m_sc_sync_asked)
            m_sc_syncs++;
        m_insns += executed;
        if (vp_log_enabled(VP_LOG_SYNC))
            log_turn_end(h, why, executed, local);
        if (why == VP_CPU_EXIT_TRAP_STORM) {
            m_storm_hart = h;
            *consumed = std::max(*consumed, local);
            stop(stop_reason::trap_storm);
            return false;
        }
        if (m_cfg.insn_period == 0 && executed) {
            vp_time p = local / executed; /* an upper bound: delays count too */
            if (p && (m_periods[i] == 0 || p < m_periods[i]))
                m_periods[i] = p;
        }
        *consumed = std::max(*consumed, local);
        if (why == VP_CPU_EXIT_DEBUG) { /* all-stop: the harts after it wait for the debugger */
            m_dbg_pending = true;
            m_dbg_stop = debug_stop{};
            m_dbg_stop.hart = i;
            m_dbg_stop.info.size = sizeof m_dbg_stop.info;
            if (m_ops.debug_stop)
                m_ops.debug_stop(h, &m_dbg_stop.info);
            break;
        }
    }
    if (m_cfg.max_insns && m_insns >= m_cfg.max_insns)
        stop(stop_reason::max_insns);
    return !m_stopping;
}

/* *left = simulated time until max_time (VP_TIME_MAX without a limit).
 * Stops the cluster and returns false once the limit is reached. */
bool cpu_cluster::time_left(vp_time *left)
{
    *left = VP_TIME_MAX;
    if (!m_cfg.max_time)
        return true;
    vp_time now = to_vp(sc_time_stamp());
    if (now >= m_cfg.max_time) {
        stop(stop_reason::max_time);
        return false;
    }
    *left = m_cfg.max_time - now;
    return true;
}

/* Every hart sleeps in WFI: skip to the next kernel activity (a device
 * event that may raise an interrupt) or a wake(). Returns false when the
 * cluster must stop. */
bool cpu_cluster::sleep_all_halted()
{
    if (!sc_pending_activity()) {
        stop(stop_reason::deadlock);
        return false;
    }
    vp_time left;
    if (!time_left(&left))
        return false;
    m_sleeps++;
    sc_time next = sc_time_to_pending_activity();
    if (m_cfg.max_time && to_sc(left) < next)
        next = to_sc(left);
    if (vp_log_enabled(VP_LOG_SYNC))
        vp_log_msg(VP_LOG_SYNC, VP_LVL_INFO, "sync: all harts in WFI at %llu ps: sleeping until %llu ps",
                   (unsigned long long)to_vp(sc_time_stamp()),
                   (unsigned long long)to_vp(sc_time_stamp() + next));
    if (m_cfg.realtime > 0) {
        /* Paced: the next activity happens when the wall clock gets there. A
         * wake() from another thread is seen at the end of the sleep. */
        if (!pace(to_vp(sc_time_stamp() + next)))
            return false;
    }
    wait(next, m_wake);
    return !m_stopping && !signalled();
}

bool cpu_cluster::pace(vp_time sim)
{
    if (m_cfg.realtime <= 0)
        return true;
    for (;;) {
        if (m_stopping || signalled())
            return false;
        if (wall_clock_expired()) {
            stop(stop_reason::timeout);
            return false;
        }
        if (m_cfg.debugger) { /* a Ctrl-C while paced: served now, not when the pacing ends */
            if (int sig = m_cfg.debugger->poll()) {
                debug_stop s;
                s.hart = m_dbg_hart;
                s.signo = sig;
                if (!debug_serve(s))
                    return false;
            }
        }
        /* (m_wall_start moves on by the time the debugger held the platform) */
        double due = m_wall_start + (double)sim / (double)VP_SEC / m_cfg.realtime;
        double now = wall_seconds(), d = due - now;
        if (d <= 0)
            return true;
        /* in slices, so that a signal, --timeout or a stop is seen within 50 ms */
        d = d > 0.05 ? 0.05 : d;
        struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
        nanosleep(&ts, nullptr);
    }
}

vp_time cpu_cluster::end_time() const { return to_vp(sc_time_stamp()) + m_unwaited; }

bool cpu_cluster::debug_serve(const debug_stop &s)
{
    m_dbg_hart = s.hart;
    double t0 = wall_seconds();
    debug_action a = m_cfg.debugger->stopped(s);
    /* --timeout and --realtime count running time: the time stopped is not */
    m_wall_start += wall_seconds() - t0;
    m_step_hart = -1;
    m_held.clear();
    if (a.what == debug_action::kind::resume && a.run.size() == m_harts.size()) {
        m_held.resize(m_harts.size());
        for (std::size_t i = 0; i < m_harts.size(); i++)
            m_held[i] = !a.run[i];
    }
    if (m_stopping || signalled())
        return false;
    switch (a.what) {
    case debug_action::kind::kill:
        stop(stop_reason::debugger);
        return false;
    case debug_action::kind::step:
        if (a.hart < m_harts.size())
            m_step_hart = (long)a.hart; /* run_thread steps it (once it is out of WFI) */
        return true;
    case debug_action::kind::resume:
    case debug_action::kind::detach:
        break;
    }
    return true;
}

/* One instruction of hart m_step_hart (the others wait), then a stop. */
bool cpu_cluster::debug_step()
{
    std::size_t i = (std::size_t)m_step_hart;
    m_step_hart = -1;
    vp_cpu *h = m_harts[i];
    uint64_t executed = 0;
    vp_time local = 0, start = to_vp(sc_time_stamp());
    debug_stop s;
    s.hart = i;
    s.info.size = sizeof s.info;
    {
        round_scope round;
        m_running = h;
        m_ops.step(h, &executed, &local);
        m_running = nullptr;
    }
    m_insns += executed;
    if (m_ops.debug_stop)
        m_ops.debug_stop(h, &s.info);
    if (m_stopping) /* the instruction ended the run (a test finisher) */
        return false;
    vp_time now = to_vp(sc_time_stamp()), end = start + local;
    if (end > now)
        wait(to_sc(end - now));
    if (m_stopping || signalled())
        return false;
    return debug_serve(s);
}

void cpu_cluster::run_thread()
{
    m_wall_start = wall_seconds();
    if (m_cfg.debugger && m_cfg.debugger->stop_at_start() && !debug_serve(debug_stop{}))
        return;
    while (!m_stopping) {
        if (signalled())
            break;
        if (wall_clock_expired()) {
            stop(stop_reason::timeout);
            break;
        }
        if (m_cfg.debugger) {
            if (int sig = m_cfg.debugger->poll()) {
                debug_stop s;
                s.hart = m_dbg_hart;
                s.signo = sig;
                if (!debug_serve(s))
                    break;
                continue;
            }
            if (m_step_hart >= 0 && !m_ops.is_halted(m_harts[(std::size_t)m_step_hart]) && m_ops.step) {
                if (!debug_step())
                    break;
                continue;
            }
        }
        if (all_halted()) {
            if (!sleep_all_halted())
                break;
            continue;
        }
        vp_time consumed = 0, left;
        if (!time_left(&left))
            break;
        vp_time start = to_vp(sc_time_stamp());
        bool go_on = run_round(std::min(quantum(), left), &consumed);
        /* A SystemC target that waited inside b_transport already moved the
         * kernel part of the way (the harts' times count from `start`). */
        vp_time now = to_vp(sc_time_stamp()), end = start + consumed;
        vp_time rest = end > now ? end - now : 0;
        if (!go_on) {
            m_unwaited = rest;
            break;
        }
        m_rounds++;
        if (vp_log_enabled(VP_LOG_SYNC))
            vp_log_msg(VP_LOG_SYNC, VP_LVL_INFO, "sync: round %llu at %llu ps: quantum %llu ps, harts used %llu ps",
                       (unsigned long long)m_rounds, (unsigned long long)start,
                       (unsigned long long)std::min(quantum(), left), (unsigned long long)consumed);
        if (m_dbg_pending) { /* a breakpoint or watchpoint: the platform stops here */
            m_dbg_pending = false;
            if (!debug_serve(m_dbg_stop)) {
                m_unwaited = rest;
                break;
            }
        }
        if (!pace(end))
            break;
        wait(rest ? to_sc(rest) : SC_ZERO_TIME);
    }
}

} // namespace vp::sc
