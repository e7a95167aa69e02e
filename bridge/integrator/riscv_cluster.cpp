// SPDX-License-Identifier: Apache-2.0
// riscv_cluster.cpp - vp::sc::riscv_cluster: harts + one c_to_sc adapter per
// hart (the hart's bus) + the bridge's cpu_cluster (quantum rounds, WFI
// sleep) + an SC_METHOD that turns irq port changes into vp_cpu_set_irq.
#include <vpbridge/vp_cpu_cluster.h>

#include <cmath>
#include <unistd.h>
#include <vector>

#include <vpbridge/tlmc_sc.h>
#include <vpbridge/vp_cpu_riscv.h>
#include <vpbridge/vp_sc_device.h>

#include "cpu_cluster.h"
#include "elf_load.h"

namespace vp::sc {

using namespace sc_core;

namespace {

constexpr const char *k_msg_type = "vp::sc::riscv_cluster";

struct time_source {
    tlmc_target *bus;
    uint64_t address;
};

// The `time` CSR: the 64-bit mtime register at the hart's local time.
uint64_t read_mtime(void *opaque, vp_time local_offset)
{
    const time_source *ts = static_cast<const time_source *>(opaque);
    uint64_t v = 0;
    vp_time delay = local_offset;
    if (tlmc_read(ts->bus, ts->address, &v, 8, &delay) == TLMC_OK_RESPONSE)
        return v;
    uint32_t lo = 0, hi = 0;
    delay = local_offset;
    if (tlmc_read(ts->bus, ts->address, &lo, 4, &delay) == TLMC_OK_RESPONSE &&
        tlmc_read(ts->bus, ts->address + 4, &hi, 4, &delay) == TLMC_OK_RESPONSE)
        v = ((uint64_t)hi << 32) | lo;
    return v;
}

} // namespace

struct riscv_cluster::impl {
    riscv_cluster_params params;
    std::vector<vp_cpu *> harts;
    vp_cpu_group *group = vp_cpu_group_create(); // one exclusive monitor for all harts
    std::vector<time_source> time_sources;
    sc_vector<c_to_sc> adapters;
    std::unique_ptr<cpu_cluster> cluster;
    sc_vector<sc_signal<bool>> ties; // drive unbound irq inputs low
    std::vector<std::string> pending_elfs;
    std::string last_error;
    uint64_t entry = 0;
    std::vector<const c_device *> exit_sources; // watch_exit

    impl() : adapters("bus"), ties("tie") {}
    ~impl()
    {
        cluster.reset();
        for (vp_cpu *h : harts)
            vp_cpu_destroy(h);
        vp_cpu_group_destroy(group);
    }
    bool load(const std::string &path);
    static void after_access(void *opaque);
    void check_exit_sources();
};

// After every b_transport a hart makes through its socket: the watched
// finishers, then (params.sync_after_access) the end of the hart's turn so
// that signal changes the access made reach the harts before they run on.
void riscv_cluster::impl::after_access(void *opaque)
{
    impl &m = *static_cast<riscv_cluster *>(opaque)->m_impl;
    if (!m.exit_sources.empty())
        m.check_exit_sources();
    if (m.params.sync_after_access && m.cluster)
        m.cluster->sync_running();
}

// After a hart's b_transport: a watched device that asked for exit ends
// the run with its status. The device has already called sc_stop(), so the
// cluster's own sc_stop() is a second call: its "already called" warning
// is expected here and kept off the report output.
void riscv_cluster::impl::check_exit_sources()
{
    if (!cluster || cluster->reason() != vp::sc::stop_reason::none)
        return;
    for (const c_device *d : exit_sources) {
        if (!d->exit_requested())
            continue;
        sc_actions old = sc_report_handler::set_actions(SC_ID_SIMULATION_STOP_CALLED_TWICE_, SC_DO_NOTHING);
        cluster->request_exit(d->exit_status());
        sc_report_handler::set_actions(SC_ID_SIMULATION_STOP_CALLED_TWICE_, old);
        return;
    }
}

bool riscv_cluster::impl::load(const std::string &path)
{
    vp_error *err = nullptr;
    uint64_t e = 0;
    if (elf_load_into(adapters[0].target(), vp_cpu_xlen(harts[0]), path.c_str(), &e, &err) != 0) {
        last_error = err && err->msg ? err->msg : path + ": cannot load";
        vp_error_free(err);
        return false;
    }
    entry = e;
    for (vp_cpu *h : harts) {
        vp_cpu_set_pc(h, e);
        vp_cpu_flush_code(h);
    }
    return true;
}

riscv_cluster::riscv_cluster(sc_module_name name, const riscv_cluster_params &params)
    : sc_module(name), out("out", params.harts), msip("msip", params.harts), mtip("mtip", params.harts),
      meip("meip", params.harts), m_impl(new impl)
{
    impl &m = *m_impl;
    m.params = params;
    if (params.harts == 0) {
        SC_REPORT_ERROR(k_msg_type, (std::string(basename()) + ": a cluster needs at least one hart").c_str());
        return;
    }
    if (!(params.frequency > 0) || !std::isfinite(params.frequency)) {
        SC_REPORT_ERROR(k_msg_type, (std::string(basename()) + ": frequency must be > 0 Hz").c_str());
        return;
    }
    vp_time period = (vp_time)std::llround((double)VP_SEC / params.frequency);
    if (period == 0)
        period = 1;
    m.adapters.init(params.harts);
    m.time_sources.resize(params.harts);
    for (unsigned i = 0; i < params.harts; i++) {
        c_to_sc &a = m.adapters[i];
        a.socket.bind(out[i]); // hierarchical: the adapter's socket goes out as out[i]
        m.time_sources[i] = {a.target(), params.mtime_address};
        vp_cpu_config cfg{};
        cfg.size = sizeof(cfg);
        cfg.abi = VP_CPU_ABI;
        cfg.isa = m.params.isa.c_str();
        cfg.hartid = i;
        cfg.reset_pc = params.reset_vector;
        cfg.bus = a.target();
        cfg.insn_period = period;
        cfg.read_time = params.mtime_address ? read_mtime : nullptr;
        cfg.read_time_opaque = &m.time_sources[i];
        cfg.accel = params.accel;
        cfg.group = m.group;
        vp_error *err = nullptr;
        vp_cpu *h = vp_cpu_create(&cfg, &err);
        if (!h) {
            std::string msg = std::string(basename()) + ": " + (err && err->msg ? err->msg : "cannot create a hart");
            vp_error_free(err);
            SC_REPORT_ERROR(k_msg_type, msg.c_str());
            return;
        }
        m.harts.push_back(h);
        vp_cpu_set_host_timing(h, params.host_timing);
        // The adapter reports DMI invalidations from SystemC to its binder: the hart.
        a.target()->invalidate = vp_cpu_invalidate_dmi_cb;
        a.target()->bw_opaque = h;
        a.set_after_transport(impl::after_access, this);
    }
    cluster_config cc;
    cc.quantum = params.quantum == SC_ZERO_TIME ? 0 : to_vp(params.quantum);
    cc.insn_period = period;
    cc.max_insns = params.max_insns;
    cc.max_time = params.max_time == SC_ZERO_TIME ? 0 : to_vp(params.max_time);
    cc.stop_simulation = params.stop_simulation;
    m.cluster.reset(new cpu_cluster("cluster", m.harts, cc));

    SC_HAS_PROCESS(riscv_cluster);
    SC_METHOD(irq_changed);
    for (unsigned i = 0; i < params.harts; i++)
        sensitive << msip[i] << mtip[i] << meip[i];
}

riscv_cluster::~riscv_cluster() = default;

void riscv_cluster::before_end_of_elaboration()
{
    std::vector<sc_in<bool> *> unbound;
    for (sc_vector<sc_in<bool>> *v : {&msip, &mtip, &meip})
        for (sc_in<bool> &p : *v)
            if (p.bind_count() == 0)
                unbound.push_back(&p);
    if (unbound.empty())
        return;
    m_impl->ties.init(unbound.size());
    for (std::size_t i = 0; i < unbound.size(); i++)
        unbound[i]->bind(m_impl->ties[i]);
}

void riscv_cluster::start_of_simulation()
{
    impl &m = *m_impl;
    std::vector<std::string> elfs;
    elfs.swap(m.pending_elfs);
    for (const std::string &path : elfs)
        if (!m.load(path))
            SC_REPORT_ERROR(k_msg_type, (std::string(basename()) + ": " + m.last_error).c_str());
}

void riscv_cluster::irq_changed()
{
    impl &m = *m_impl;
    for (std::size_t i = 0; i < m.harts.size(); i++) {
        vp_cpu_set_irq(m.harts[i], VP_CPU_IRQ_MSIP, msip[i].read());
        vp_cpu_set_irq(m.harts[i], VP_CPU_IRQ_MTIP, mtip[i].read());
        vp_cpu_set_irq(m.harts[i], VP_CPU_IRQ_MEIP, meip[i].read());
    }
    if (m.cluster)
        m.cluster->wake(); // a sleeping cluster re-checks its harts
}

bool riscv_cluster::load_elf(const std::string &path)
{
    impl &m = *m_impl;
    if (m.harts.size() != m.params.harts) {
        m.last_error = "the cluster was not constructed";
        return false;
    }
    if (sc_get_status() & (SC_ELABORATION | SC_BEFORE_END_OF_ELABORATION | SC_END_OF_ELABORATION)) {
        if (access(path.c_str(), R_OK) != 0) {
            m.last_error = path + ": cannot read the file";
            return false;
        }
        m.pending_elfs.push_back(path);
        return true;
    }
    return m.load(path);
}

const std::string &riscv_cluster::last_error() const { return m_impl->last_error; }
uint64_t riscv_cluster::elf_entry() const { return m_impl->entry; }

void riscv_cluster::request_exit(int status)
{
    if (m_impl->cluster)
        m_impl->cluster->request_exit(status); // before sc_start too: the run then ends at once
}

void riscv_cluster::watch_exit(const c_device &dev)
{
    m_impl->exit_sources.push_back(&dev); // checked by impl::after_access
}

riscv_cluster::stop_reason riscv_cluster::reason() const
{
    if (!m_impl->cluster)
        return stop_reason::running;
    switch (m_impl->cluster->reason()) {
    case vp::sc::stop_reason::none:
        return stop_reason::running;
    case vp::sc::stop_reason::guest_exit:
        return stop_reason::guest_exit;
    case vp::sc::stop_reason::max_insns:
        return stop_reason::max_insns;
    case vp::sc::stop_reason::max_time:
        return stop_reason::max_time;
    case vp::sc::stop_reason::deadlock:
        return stop_reason::deadlock;
    case vp::sc::stop_reason::trap_storm:
        return stop_reason::trap_storm;
    default:
        return stop_reason::other;
    }
}

const char *riscv_cluster::reason_message() const
{
    return m_impl->cluster ? m_impl->cluster->reason_message() : "";
}

int riscv_cluster::exit_status() const { return m_impl->cluster ? m_impl->cluster->exit_status() : 0; }

riscv_cluster_stats riscv_cluster::stats() const
{
    riscv_cluster_stats s;
    const impl &m = *m_impl;
    if (m.cluster) {
        const cpu_cluster &c = *m.cluster;
        s.rounds = c.rounds();
        s.sleeps = c.sleeps();
        s.turns_budget = c.turn_ends(VP_CPU_EXIT_BUDGET);
        s.turns_wfi = c.turn_ends(VP_CPU_EXIT_WFI);
        s.turns_delay = c.turn_ends(VP_CPU_EXIT_SYNC);
        s.turns_request = c.turn_ends(VP_CPU_EXIT_REQUEST);
        s.turns_after_access = c.sc_access_syncs();
        s.turns_trap_storm = c.turn_ends(VP_CPU_EXIT_TRAP_STORM);
        s.host_ns_harts = (uint64_t)std::llround(c.hart_seconds() * 1e9);
    }
    s.delta_cycles = sc_delta_count();
    for (vp_cpu *h : m.harts) {
        vp_cpu_stats c{};
        c.size = sizeof(c);
        c.abi = VP_CPU_ABI;
        vp_cpu_get_stats(h, &c);
        s.insns += c.insns;
        s.tb_translated += c.tbs_translated;
        s.io_accesses += c.io_accesses;
        s.tlb_misses += c.tlb_misses;
        s.interrupts += c.interrupts;
        s.traps += c.traps;
        s.host_ns_translate += c.host_ns_translate;
        s.host_ns_io += c.host_ns_io;
    }
    return s;
}

void riscv_cluster::hart_stats(unsigned hart, vp_cpu_stats *out_stats) const
{
    *out_stats = vp_cpu_stats{};
    out_stats->size = sizeof(*out_stats);
    out_stats->abi = VP_CPU_ABI;
    if (hart < m_impl->harts.size())
        vp_cpu_get_stats(m_impl->harts[hart], out_stats);
}

vp_cpu_group *riscv_cluster::group() const { return m_impl->group; }

vp_cpu *riscv_cluster::hart(unsigned index) const
{
    return index < m_impl->harts.size() ? m_impl->harts[index] : nullptr;
}

unsigned riscv_cluster::hart_count() const { return (unsigned)m_impl->harts.size(); }

sc_time riscv_cluster::quantum() const
{
    return m_impl->cluster ? to_sc(m_impl->cluster->quantum()) : params().quantum;
}

const riscv_cluster_params &riscv_cluster::params() const { return m_impl->params; }

} // namespace vp::sc
