// SPDX-License-Identifier: Apache-2.0
// vp_cpu_cluster.h - vp::sc::riscv_cluster: vpbridge's RISC-V harts as one
// sc_module for an integrator's own sc_main (no YAML, no platform).
//
//   vp::sc::riscv_cluster cpu("cpu", {"rv64imac", 2, 100e6});
//   for (auto &s : cpu.out) s.bind(my_bus.in);   // one initiator socket per hart
//   cpu.mtip[0].bind(timer_irq);                  // optional; unbound irqs are tied low
//   cpu.load_elf("fw.elf");                       // done at start_of_simulation
//   sc_core::sc_start();
//   return cpu.exit_status();
//
// Model: one SC_THREAD runs the harts round-robin, each for up to one
// quantum ahead of SystemC time (temporal decoupling, IEEE 1666 LT), then
// waits the time it used. Hart i's loads, stores and fetches go out of
// out[i] as b_transport (with the hart's local time as the annotated delay);
// DMI grants through out[i] back hart i's soft TLB and
// invalidate_direct_mem_ptr flushes it. When every hart sleeps in WFI the
// thread waits (no spinning) until an irq input changes or the next kernel
// event. Interrupt latency is bounded by the quantum. After an access that
// left through out[i] the hart syncs at once (params.sync_after_access).
#ifndef VPBRIDGE_VP_CPU_CLUSTER_H
#define VPBRIDGE_VP_CPU_CLUSTER_H

#include <vpbridge/vp_cpu.h>

// C++ only; a C translation unit sees just vp_cpu.h (installed headers compile as C11).
#ifdef __cplusplus
#include <cstdint>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>

namespace vp::sc {

class c_device; // vpbridge/vp_sc_device.h

// Construction parameters. Only `isa` is required.
struct riscv_cluster_params {
    std::string isa = "rv32imac"; // ISA string of every hart ("rv64imac", "rv32imac_zicsr_zifencei" ...)
    unsigned harts = 1;           // number of harts; hart i has hart id i
    double frequency = 100e6;     // Hz; one instruction per cycle (instruction period = 1/frequency)
    uint64_t reset_vector = 0x80000000; // pc after reset (load_elf replaces it with the ELF entry)
    // Quantum (how far a hart may run ahead of SystemC time). SC_ZERO_TIME =
    // tlm::tlm_global_quantum if set, else 10 us.
    sc_core::sc_time quantum = sc_core::SC_ZERO_TIME;
    // Address of a 64-bit mtime register (a CLINT's) read for the `time`
    // CSR through hart i's socket; 0 = none (`time` is an illegal CSR).
    uint64_t mtime_address = 0;
    bool stop_simulation = true; // sc_stop() when the cluster stops (guest exit, limits)
    uint64_t max_insns = 0;      // stop after this many instructions (all harts); 0 = no limit
    sc_core::sc_time max_time = sc_core::SC_ZERO_TIME; // simulated-time limit; 0 = none
    // Executor of translated code: the x86-64 JIT where it exists (the
    // `vpbridge run` default), else the interpreter.
#if defined(__x86_64__)
    vp_cpu_accel accel = VP_CPU_ACCEL_JIT;
#else
    vp_cpu_accel accel = VP_CPU_ACCEL_INTERP;
#endif
    // After every access a hart makes through out[i] (b_transport), end
    // that hart's turn at its next block boundary so the kernel catches up
    // before it runs on: an irq line the target changed during the access
    // (a PLIC claim/complete, a device register write lowering its line)
    // reaches the hart before its next instruction block, as in `vpbridge
    // run`. Costs a quantum cut per access that is not served by DMI; set
    // false only when no target on the bus changes a signal during
    // b_transport (then interrupt edges are seen at quantum end).
    bool sync_after_access = true;
    // Count the host time the harts spend translating and inside
    // b_transport of accesses outside DMI (stats().host_ns_translate,
    // host_ns_io; vp_cpu_stats.host_ns_*): two clock reads around each,
    // so off unless asked (`vpbridge run --stats` turns it on).
    bool host_timing = false;

    riscv_cluster_params() = default;
    riscv_cluster_params(std::string isa_, unsigned harts_ = 1, double frequency_ = 100e6,
                         uint64_t reset_vector_ = 0x80000000, sc_core::sc_time quantum_ = sc_core::SC_ZERO_TIME)
        : isa(std::move(isa_)), harts(harts_), frequency(frequency_), reset_vector(reset_vector_), quantum(quantum_)
    {
    }
};

// Cluster statistics (all harts together; per hart: hart_stats()).
// Fields are only ever appended (source compatible; libvpbridge.so's
// soname carries the minor version, so a program is rebuilt for a new one).
struct riscv_cluster_stats {
    uint64_t insns = 0;      // instructions retired
    uint64_t rounds = 0;     // quantum rounds run
    uint64_t sleeps = 0;     // times the cluster slept because every hart was in WFI
    uint64_t tb_translated = 0;
    uint64_t io_accesses = 0; // loads/stores that went out as b_transport (no DMI)
    uint64_t tlb_misses = 0;
    uint64_t interrupts = 0;
    uint64_t traps = 0;
    // -- appended: the rest of what `vpbridge run --stats` prints --
    // Why the harts' turns ended (each end is a sync with the kernel); the
    // five causes add up to the turns run (one hart: a turn per round, plus
    // the turn a stop cut short).
    uint64_t turns_budget = 0;       // the quantum's instruction budget was done
    uint64_t turns_wfi = 0;          // the hart went to sleep in WFI
    uint64_t turns_delay = 0;        // an annotated delay used up the quantum
    uint64_t turns_request = 0;      // a request ended it: request_exit, or a sync after an access
    uint64_t turns_after_access = 0; // of turns_request: after an access through out[i] (sync_after_access)
    uint64_t turns_trap_storm = 0;   // exceptions without a retired instruction (stop_reason::trap_storm)
    // Host time, ns: inside the harts' turns (translated code, run loop,
    // translation, device models called from b_transport), and of that
    // translating blocks and in b_transport of accesses outside DMI (these
    // two only with params.host_timing, else 0).
    uint64_t host_ns_harts = 0;
    uint64_t host_ns_translate = 0;
    uint64_t host_ns_io = 0;
    uint64_t delta_cycles = 0;       // sc_core::sc_delta_count() when stats() was called (the whole kernel's)
};

class VP_API riscv_cluster : public sc_core::sc_module {
public:
    // Why the cluster stopped.
    enum class stop_reason {
        running,    // still running, or never started
        guest_exit, // request_exit(status), e.g. from a test-finisher model
        max_insns,  // params.max_insns reached
        max_time,   // params.max_time reached
        deadlock,   // every hart in WFI and nothing left in the kernel that could wake one
        other,
        trap_storm, // a hart trapped again and again without retiring anything
                    // (vp_cpu_get_last_trap on hart(i) says where); reason_message() names it
    };

    // out[i]: hart i's bus (bind every one; a simple system binds all to its router).
    sc_core::sc_vector<tlm::tlm_initiator_socket<>> out;
    // Interrupt inputs of hart i, level sensitive (VP_CPU_IRQ_MSIP / MTIP / MEIP).
    // Unbound inputs are tied low at the end of elaboration.
    sc_core::sc_vector<sc_core::sc_in<bool>> msip;
    sc_core::sc_vector<sc_core::sc_in<bool>> mtip;
    sc_core::sc_vector<sc_core::sc_in<bool>> meip;

    // Creates the harts. A bad ISA string or 0 harts is an SC_REPORT_ERROR
    // (the message names the problem: "isa 'rv32gc': extension 'f' not supported").
    riscv_cluster(sc_core::sc_module_name name, const riscv_cluster_params &params);
    ~riscv_cluster() override;
    riscv_cluster(const riscv_cluster &) = delete;
    riscv_cluster &operator=(const riscv_cluster &) = delete;

    // Loads a RISC-V ELF executable (ELF32 for RV32, ELF64 for RV64) through
    // debug transport on out[0] (so whatever memory hart 0 sees receives it),
    // zeroes bss and sets every hart's pc to the entry point.
    // Before the simulation starts the load is deferred to
    // start_of_simulation() (sockets are not usable during elaboration): the
    // call then only checks that the file is readable, and a failing load is
    // an SC_REPORT_ERROR from sc_start(). Once started (e.g. paused between
    // sc_start calls) it loads at once. Returns false with last_error() set.
    bool load_elf(const std::string &path);
    const std::string &last_error() const;
    uint64_t elf_entry() const; // entry of the last loaded ELF (0 before)

    // Ends the run with the guest's `status` (called by a test finisher /
    // HTIF model; callable from b_transport while a hart runs): every hart
    // stops at its next block boundary and, with params.stop_simulation,
    // sc_stop() is called.
    void request_exit(int status);
    // Lets a C device's request_exit end the run through the cluster: after
    // every b_transport a hart makes through out[i], the cluster checks
    // dev.exit_requested() and, once it is set, calls
    // request_exit(dev.exit_status()) (so reason() is guest_exit and
    // exit_status() the guest's). For vp::sc::c_device instances of finisher
    // types such as the standard `sifive_test`; `dev` must outlive the
    // cluster. Accesses that do not come from this cluster's harts are
    // not watched (the device's own sc_stop() still ends the run).
    void watch_exit(const c_device &dev);
    stop_reason reason() const;
    const char *reason_message() const; // one line; "" while running
    bool stopped() const { return reason() != stop_reason::running; }
    int exit_status() const; // the status given to request_exit (0 otherwise)

    riscv_cluster_stats stats() const;
    // Per-hart counters from the core (vp_cpu_stats, see vp_cpu.h).
    void hart_stats(unsigned hart, vp_cpu_stats *out_stats) const;
    // The hart itself for the C API (registers, pc, CSRs): borrowed, lives
    // as long as the cluster.
    vp_cpu *hart(unsigned index) const;
    // The harts' group (their exclusive monitor for LR/SC; borrowed). A
    // memory model of yours that is written other than through a DMI
    // pointer the harts hold (a DMA engine's b_transport) should call
    // vp_cpu_group_notify_write(group(), addr, size): it breaks the harts'
    // reservations there and drops code translated from there.
    vp_cpu_group *group() const;
    unsigned hart_count() const;
    sc_core::sc_time quantum() const; // the quantum in effect
    const riscv_cluster_params &params() const;

    struct impl;

protected:
    void before_end_of_elaboration() override;
    void start_of_simulation() override;

private:
    void irq_changed();
    std::unique_ptr<impl> m_impl;
};

} // namespace vp::sc

#endif // __cplusplus
#endif // VPBRIDGE_VP_CPU_CLUSTER_H
