// SPDX-License-Identifier: Apache-2.0
// gdb_cluster.h - `vpbridge run --gdb`: the GDB server (gdb_server.h) as the
// CPU cluster's debugger, with the monitor commands that reach the rest of
// the run (stats, quantum, reset).
#ifndef VPBRIDGE_BRIDGE_GDB_CLUSTER_H
#define VPBRIDGE_BRIDGE_GDB_CLUSTER_H

#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "cpu_cluster.h"
#include "gdb_server.h"

namespace vp::sc {

class gdb_debugger : public cluster_debugger {
public:
    /* Listens on spec (--gdb). Throws std::runtime_error with a one-line
     * message when it cannot. reset: `monitor reset` (false + a message on
     * failure). */
    gdb_debugger(const std::string &spec, bool wait, const std::vector<vp_cpu *> &harts,
                 volatile std::sig_atomic_t *stop_flag, std::function<bool(std::string *)> reset);
    ~gdb_debugger() override;
    gdb_debugger(const gdb_debugger &) = delete;
    gdb_debugger &operator=(const gdb_debugger &) = delete;

    void attach(cpu_cluster *cluster) { m_cluster = cluster; } /* for the monitor commands */
    const char *address() const { return vp_gdb_address(m_gdb); }
    /* The run ended: tells a connected debugger (status, or the signal). */
    void exited(int status, int signo) { vp_gdb_exited(m_gdb, status, signo); }

    bool stop_at_start() override;
    int poll() override { return vp_gdb_poll(m_gdb); }
    debug_action stopped(const debug_stop &s) override;

private:
    static bool monitor(void *opaque, const char *cmd, GString *out);
    bool monitor_cmd(const std::string &cmd, GString *out);

    vp_gdb *m_gdb = nullptr;
    bool m_wait;
    std::vector<vp_cpu *> m_harts;
    cpu_cluster *m_cluster = nullptr;
    std::function<bool(std::string *)> m_reset;
};

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_GDB_CLUSTER_H */
