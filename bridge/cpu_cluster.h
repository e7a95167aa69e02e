/* SPDX-License-Identifier: Apache-2.0 */
/* cpu_cluster.h - the CPU cluster: an sc_module whose one SC_THREAD runs the
 * harts round-robin, each for up to one quantum (temporal decoupling), and
 * sleeps without spinning while every hart is in WFI.
 *
 * Usable from the `vpbridge` command and from an integrator's own sc_main.
 */
#ifndef VPBRIDGE_BRIDGE_CPU_CLUSTER_H
#define VPBRIDGE_BRIDGE_CPU_CLUSTER_H

#include <csignal>
#include <systemc>
#include <vector>
#include <vpbridge/vp_cpu.h>

namespace vp::sc {

/* How the cluster drives a hart. vp_cpu_hart_ops() is the real core; tests
 * substitute fakes. */
struct hart_ops {
    vp_cpu_exit (*run)(vp_cpu *cpu, uint64_t budget, vp_time sync_limit, uint64_t *executed, vp_time *local);
    bool (*is_halted)(const vp_cpu *cpu);
    void (*request_exit)(vp_cpu *cpu);
    /* Time per instruction; nullptr (or 0) = learn it from local time / executed. */
    vp_time (*insn_period)(const vp_cpu *cpu);
    /* A debugger's single step and stop reason (vp_cpu_step, vp_cpu_get_debug_stop);
     * nullptr: the harts cannot be debugged. */
    vp_cpu_exit (*step)(vp_cpu *cpu, uint64_t *executed, vp_time *local) = nullptr;
    bool (*debug_stop)(const vp_cpu *cpu, vp_cpu_debug_stop *out) = nullptr;
};

/* Why the harts stopped for a debugger. */
struct debug_stop {
    std::size_t hart = 0;    /* the hart that stopped (all-stop: the others with it) */
    int signo = 5;           /* GDB's signal: 5 (SIGTRAP), 2 (SIGINT: Ctrl-C) */
    vp_cpu_debug_stop info{}; /* kind NONE: not a breakpoint, watchpoint or step */
};

/* What the debugger wants next. */
struct debug_action {
    enum class kind { resume, step, detach, kill } what = kind::resume;
    std::size_t hart = 0; /* step: which hart runs one instruction (the others wait) */
    std::vector<bool> run; /* resume: the harts that run (the others stay stopped); empty: all */
};

/* A debugger driving the cluster (`vpbridge run --gdb`: gdb_cluster.cpp).
 * Called on the cluster's thread; while stopped() runs nothing else in
 * the simulation moves, SystemC time included. */
class cluster_debugger {
public:
    virtual ~cluster_debugger() = default;
    /* Before the first instruction: true to stop there (--gdb-wait). */
    virtual bool stop_at_start() = 0;
    /* While the harts run (about every round): the signal to stop them
     * with (a Ctrl-C, a debugger that connected), or 0. */
    virtual int poll() = 0;
    /* The harts stopped: returns when the debugger lets them go. */
    virtual debug_action stopped(const debug_stop &s) = 0;
};

/* vp_cpu_run / vp_cpu_is_halted / vp_cpu_request_exit (links vp_cpucore). */
const hart_ops &vp_cpu_hart_ops();

/* Why the cluster stopped. */
enum class stop_reason {
    none,       /* still running (or never started) */
    guest_exit, /* request_exit(status): test finisher, HTIF */
    max_insns,  /* the instruction limit was reached */
    max_time,   /* the simulated-time limit was reached */
    timeout,    /* the wall-clock limit was reached */
    deadlock,   /* every hart in WFI and nothing pending in the kernel */
    trap_storm, /* a hart took exception after exception without retiring anything */
    signal,     /* stop_on_signal(): SIGINT, SIGTERM */
    debugger,   /* the debugger killed the run */
};

struct cluster_config {
    /* Quantum; 0 = tlm_global_quantum if set, else 10 us. */
    vp_time quantum = 0;
    /* Time per instruction for every hart; 0 = learn each hart's from
     * vp_cpu_run's local time / executed, starting with a one-block run. */
    vp_time insn_period = 0;
    uint64_t max_insns = 0;     /* total over all harts; 0 = unlimited */
    vp_time max_time = 0;       /* simulated; no hart runs past it; 0 = unlimited */
    double timeout_sec = 0;     /* wall clock; 0 = unlimited */
    /* > 0: simulated time runs at most `realtime` x wall time (1: real
     * time). The cluster sleeps (never spins) while it is ahead: at each
     * round's end and before skipping time with every hart in WFI. */
    double realtime = 0;
    bool stop_simulation = true;/* sc_stop() when the cluster stops */
    /* A debugger (it must outlive the cluster); nullptr: none. */
    cluster_debugger *debugger = nullptr;
};

class cpu_cluster : public sc_core::sc_module {
public:
    cpu_cluster(sc_core::sc_module_name name, const std::vector<vp_cpu *> &harts, const cluster_config &cfg,
                const hart_ops &ops = vp_cpu_hart_ops());
    cpu_cluster(const cpu_cluster &) = delete;
    cpu_cluster &operator=(const cpu_cluster &) = delete;

    /* Ends the run with the guest's status: stops every hart at its next
     * block boundary and (if configured) sc_stop()s. Callable from device
     * callbacks inside vp_cpu_run, from other processes, or before sc_start. */
    void request_exit(int status);
    /* Ends the running hart's turn at its next block boundary so that the
     * kernel catches up (the hart just talked to a SystemC model whose
     * signal changes only propagate when the kernel runs). No-op outside a
     * hart's turn. */
    void sync_running();
    /* Makes a sleeping cluster re-check its harts (for SystemC-side
     * interrupt sources that call vp_cpu_set_irq from their own process). */
    void wake();
    /* Async-signal-safe (stores only; callable from a signal handler or
     * another thread): every hart leaves at its next block boundary and the
     * cluster stops with stop_reason::signal at its next check (after the
     * round, or when a WFI sleep wakes). */
    void stop_on_signal(int signo);

    stop_reason reason() const { return m_reason; }
    int exit_status() const { return m_exit_status; }
    int stop_signal() const { return m_signal; } /* the signo of stop_on_signal; 0 = none */
    const char *reason_message() const; /* one line for stderr; "" when none */
    uint64_t insns() const { return m_insns; } /* retired, all harts */
    uint64_t sleeps() const { return m_sleeps; } /* times the cluster slept in WFI */
    uint64_t rounds() const { return m_rounds; } /* quantum rounds run */
    /* Why the harts' turns ended (vp_cpu_exit: budget, WFI, request, sync,
     * trap storm), and of the requests how many were a SystemC-model
     * access ending the turn (sync_running). */
    uint64_t turn_ends(vp_cpu_exit why) const { return (unsigned)why < 6 ? m_turn_ends[why] : 0; }
    uint64_t sc_access_syncs() const { return m_sc_syncs; }
    /* Host seconds spent inside the harts' turns (vp_cpu_run), device
     * callbacks and translation included. */
    double hart_seconds() const { return m_hart_seconds; }
    /* The hart whose trap storm stopped the cluster (stop_reason::trap_storm). */
    vp_cpu *storm_hart() const { return m_storm_hart; }
    /* Simulated time the harts reached: the kernel time plus the local time
     * of a round cut short by the stop (the kernel never waited for it). */
    vp_time end_time() const;
    vp_time quantum() const; /* the quantum in effect */
    void set_quantum(vp_time q) { m_cfg.quantum = q; } /* from the next round on; 0: the default */

private:
    void run_thread();
    bool run_round(vp_time quantum, vp_time *consumed);
    bool time_left(vp_time *left);
    bool sleep_all_halted();
    bool all_halted() const;
    uint64_t budget_for(std::size_t hart, vp_time quantum) const;
    bool wall_clock_expired() const;
    /* --realtime: sleeps until the wall clock reaches simulated time `sim`
     * (scaled); false if the cluster must stop meanwhile. */
    bool pace(vp_time sim);
    void stop(stop_reason why);
    bool signalled();
    /* The debugger: serves a stop (false: the cluster must stop), runs a step. */
    bool debug_serve(const debug_stop &s);
    bool debug_step();

    std::vector<vp_cpu *> m_harts;
    cluster_config m_cfg;
    hart_ops m_ops;
    sc_core::sc_event m_wake;
    stop_reason m_reason = stop_reason::none;
    int m_exit_status = 0;
    bool m_stopping = false;
    volatile std::sig_atomic_t m_signal = 0; /* set by stop_on_signal */
    vp_cpu *m_running = nullptr; /* the hart inside m_ops.run, if any */
    vp_cpu *m_storm_hart = nullptr;
    std::vector<vp_time> m_periods; /* per hart: configured or learned time per instruction */
    uint64_t m_insns = 0;
    uint64_t m_sleeps = 0;
    uint64_t m_rounds = 0;
    uint64_t m_turn_ends[6] = {0, 0, 0, 0, 0, 0};
    bool m_dbg_pending = false; /* a hart stopped for the debugger in this round */
    debug_stop m_dbg_stop;
    std::size_t m_dbg_hart = 0; /* the hart the last debug stop named */
    long m_step_hart = -1;      /* a step asked for a hart in WFI: done once it wakes */
    std::vector<bool> m_held;   /* harts the debugger keeps stopped while the others run */
    bool held(std::size_t i) const { return (long)i == m_step_hart || (!m_held.empty() && m_held[i]); }
    uint64_t m_sc_syncs = 0;
    bool m_sc_sync_asked = false; /* sync_running() in the current turn */
    double m_hart_seconds = 0;
    vp_time m_unwaited = 0; /* local time of the round the stop cut short */
    double m_wall_start = 0;
};

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_CPU_CLUSTER_H */
