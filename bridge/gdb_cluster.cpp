// SPDX-License-Identifier: Apache-2.0
// gdb_cluster.cpp - the GDB server driving the CPU cluster, and its monitor
// commands.
#include "gdb_cluster.h"

#include <cinttypes>
#include <cstdio>
#include <stdexcept>

#include <vpbridge/tlmc_sc.h> // to_vp

namespace vp::sc {

namespace {

const char k_monitor_help[] = "monitor stats          instructions, pc and state of each hart; simulated time, quantum\n"
                              "monitor quantum        the quantum in effect\n"
                              "monitor quantum TIME   a new quantum from the next round on (e.g. 1us)\n"
                              "monitor reset          every hart to its reset state, the images loaded again\n"
                              "                       (device state is kept)\n"
                              "monitor help           this list\n";

std::string time_text(vp_time ps)
{
    char b[64];
    if (ps % VP_US == 0 && ps >= VP_US)
        std::snprintf(b, sizeof b, "%" PRIu64 " us", (uint64_t)(ps / VP_US));
    else if (ps % VP_NS == 0)
        std::snprintf(b, sizeof b, "%" PRIu64 " ns", (uint64_t)(ps / VP_NS));
    else
        std::snprintf(b, sizeof b, "%" PRIu64 " ps", (uint64_t)ps);
    return b;
}

} // namespace

gdb_debugger::gdb_debugger(const std::string &spec, bool wait, const std::vector<vp_cpu *> &harts,
                           volatile std::sig_atomic_t *stop_flag, std::function<bool(std::string *)> reset)
    : m_wait(wait), m_harts(harts), m_reset(std::move(reset))
{
    vp_gdb_host host{this, monitor, k_monitor_help};
    GError *err = nullptr;
    m_gdb = vp_gdb_new(spec.c_str(), m_harts.data(), (unsigned)m_harts.size(), &host, stop_flag, &err);
    if (!m_gdb) {
        std::string msg = err ? err->message : "--gdb: cannot listen";
        g_clear_error(&err);
        throw std::runtime_error(msg);
    }
}

gdb_debugger::~gdb_debugger() { vp_gdb_free(m_gdb); }

bool gdb_debugger::stop_at_start()
{
    if (!m_wait)
        return false;
    std::fprintf(stderr, "vpbridge: gdb: waiting for a debugger on %s before the first instruction\n",
                 vp_gdb_address(m_gdb));
    std::fflush(stderr);
    return vp_gdb_wait_attach(m_gdb);
}

debug_action gdb_debugger::stopped(const debug_stop &s)
{
    vp_gdb_stop st{};
    st.hart = (unsigned)s.hart;
    st.signo = s.signo;
    st.debug = s.info;
    vp_gdb_action a = vp_gdb_stopped(m_gdb, &st);
    debug_action r;
    r.hart = a.hart;
    switch (a.what) {
    case VP_GDB_CONTINUE:
        r.what = debug_action::kind::resume;
        if (a.run)
            r.run.assign(a.run, a.run + m_harts.size());
        break;
    case VP_GDB_STEP:
        r.what = debug_action::kind::step;
        break;
    case VP_GDB_DETACH:
        r.what = debug_action::kind::detach;
        break;
    case VP_GDB_KILL:
        r.what = debug_action::kind::kill;
        break;
    }
    return r;
}

bool gdb_debugger::monitor(void *opaque, const char *cmd, GString *out)
{
    return static_cast<gdb_debugger *>(opaque)->monitor_cmd(cmd, out);
}

bool gdb_debugger::monitor_cmd(const std::string &cmd, GString *out)
{
    std::string word = cmd.substr(0, cmd.find(' '));
    std::string arg = cmd.size() > word.size() ? cmd.substr(word.size() + 1) : "";
    arg.erase(0, arg.find_first_not_of(' '));
    if (word == "stats" && arg.empty()) {
        for (std::size_t i = 0; i < m_harts.size(); i++) {
            vp_cpu_stats st{};
            st.size = sizeof st;
            st.abi = VP_CPU_ABI;
            vp_cpu_get_stats(m_harts[i], &st);
            g_string_append_printf(out,
                                   "hart %u: pc 0x%" PRIx64 ", %s, insns %" PRIu64 ", traps %" PRIu64
                                   ", interrupts %" PRIu64 ", io accesses %" PRIu64 ", tbs translated %" PRIu64 "\n",
                                   vp_cpu_hartid(m_harts[i]), vp_cpu_get_pc(m_harts[i]),
                                   vp_cpu_is_halted(m_harts[i]) ? "in WFI" : "running", st.insns, st.traps,
                                   st.interrupts, st.io_accesses, st.tbs_translated);
        }
        if (m_cluster)
            g_string_append_printf(out, "simulated time %s, quantum %s, rounds %" PRIu64 ", WFI sleeps %" PRIu64 "\n",
                                   time_text(to_vp(sc_core::sc_time_stamp())).c_str(),
                                   time_text(m_cluster->quantum()).c_str(), m_cluster->rounds(), m_cluster->sleeps());
        return true;
    }
    if (word == "quantum" && m_cluster) {
        if (!arg.empty()) {
            vp_time q = 0;
            if (vp_time_parse(arg.c_str(), &q) != 0 || q == 0) {
                g_string_append_printf(out, "quantum: cannot parse '%s' as a time greater than zero (e.g. 1us)\n",
                                       arg.c_str());
                return true;
            }
            m_cluster->set_quantum(q);
        }
        g_string_append_printf(out, "quantum %s\n", time_text(m_cluster->quantum()).c_str());
        return true;
    }
    if (word == "reset" && arg.empty()) {
        std::string why;
        if (!m_reset || !m_reset(&why))
            g_string_append_printf(out, "reset failed: %s\n", why.empty() ? "not available" : why.c_str());
        else
            g_string_append(out, "harts reset, images loaded again\n");
        return true;
    }
    return false;
}

} // namespace vp::sc
