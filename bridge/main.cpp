// SPDX-License-Identifier: Apache-2.0
// main.cpp - the `vpbridge` command: an sc_main that loads a platform,
// builds it on the SystemC clock, runs the CPU cluster and maps every way a
// run can end onto an exit status.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <systemc>
#include <fcntl.h>
#include <climits>
#include <pthread.h>
#include <termios.h>
#include <tlm>
#include <unistd.h>
#include <vector>
#include <vpbridge/vp_platform.h>
#include <vpbridge/vp_registry.h>
#include <vpbridge/vp_sc_device.h> // sc_event_clock; to_sc, to_vp (tlmc_sc.h)

#include "cli.h"
#include "cpu_cluster.h"
#include "gdb_cluster.h"
#include "sc_platform.h"
#include "waveform.h"
#include "batch.h"
#include "oom.h"
#include "profile.h"

#ifndef VP_VERSION
#define VP_VERSION "0.0.0"
#endif

using namespace sc_core;

namespace vp::sc {
namespace {

/* SystemC reports: nothing on stdout (it belongs to the guest); warnings
 * and errors on stderr, info silenced. */
void report_handler(const sc_report &rep, const sc_actions &actions)
{
    sc_actions a = actions;
    if (a & SC_DISPLAY) {
        if (rep.get_severity() >= SC_WARNING)
            std::fprintf(stderr, "vpbridge: systemc: %s\n", sc_report_compose_message(rep).c_str());
        a &= ~SC_DISPLAY;
    }
    sc_report_handler::default_handler(rep, a);
}

/* Errors that devices logged (api->log at VP_LVL_ERROR): during a run they
 * are host-side failures such as a UART that cannot write its output, and
 * make the exit status exit_config. */
unsigned g_device_errors = 0;

void log_sink(void *, unsigned cat, int lvl, const char *msg)
{
    if (lvl == VP_LVL_ERROR && cat == VP_LOG_PLUGIN)
        g_device_errors++;
    std::size_t n = std::strlen(msg);
    std::fputs(msg, stderr);
    if (n == 0 || msg[n - 1] != '\n')
        std::fputc('\n', stderr);
}

int fail(vp_error *err, const char *fallback)
{
    std::fprintf(stderr, "vpbridge: %s\n", err && err->msg ? err->msg : fallback);
    vp_error_free(err);
    return exit_config;
}

/* "vpbridge: OPTION PATH: reason" and false when `path` cannot be read or
 * is not a regular file of at most VP_FILE_MAX_BINARY bytes. */
bool readable(const char *option, const std::string &path)
{
    vp_error *err = nullptr;
    if (vp_file_check(path.c_str(), VP_FILE_MAX_BINARY, nullptr, &err) != 0) {
        std::fprintf(stderr, "vpbridge: %s %s\n", option, err && err->msg ? err->msg : path.c_str());
        vp_error_free(err);
        return false;
    }
    if (access(path.c_str(), R_OK) == 0)
        return true;
    std::fprintf(stderr, "vpbridge: %s %s: %s\n", option, path.c_str(), std::strerror(errno));
    return false;
}

/* Owns the NULL-terminated string arrays of vp_platform_options. */
struct platform_opts {
    std::vector<const char *> dirs, files, machines;
    vp_platform_options o{};

    explicit platform_opts(const cli_options &c)
    {
        for (const std::string &d : c.module_dirs)
            dirs.push_back(d.c_str());
        for (const std::string &f : c.modinfo_files)
            files.push_back(f.c_str());
        for (const std::string &m : c.machine_libs)
            machines.push_back(m.c_str());
        dirs.push_back(nullptr);
        files.push_back(nullptr);
        machines.push_back(nullptr);
        o.size = sizeof(o);
        o.abi = VP_PLATFORM_ABI;
        o.module_dirs = c.module_dirs.empty() ? nullptr : dirs.data();
        o.modinfo_files = c.modinfo_files.empty() ? nullptr : files.data();
        o.accel = c.accel;
        o.quantum = c.quantum;
        o.cpu_count = c.smp;
        o.machine_libs = c.machine_libs.empty() ? nullptr : machines.data();
    }
};

/* Connects the platform's request_exit to the cluster (or remembers it
 * when it comes before the cluster exists). */
struct run_ctx {
    cpu_cluster *cluster = nullptr;
    bool early_exit = false;
    int early_status = 0;
};

void host_request_exit(void *opaque, int status)
{
    run_ctx *ctx = static_cast<run_ctx *>(opaque);
    if (ctx->cluster) {
        ctx->cluster->request_exit(status);
    } else if (!ctx->early_exit) {
        ctx->early_exit = true;
        ctx->early_status = status;
    }
}

struct platform_deleter {
    void operator()(vp_platform *p) const { vp_platform_destroy(p); }
};
using platform_ptr = std::unique_ptr<vp_platform, platform_deleter>;

/* A built platform with its SystemC-side devices. Teardown order: the
 * sc_modules and adapters first (their code lives in the platform
 * registry's libraries), then the platform, then the host's tables (C
 * devices dropping a line while dying still find them). */
struct built_platform {
    std::unique_ptr<sc_platform_host> sc;
    platform_ptr p;
    built_platform() = default;
    built_platform(const built_platform &) = delete;
    built_platform &operator=(const built_platform &) = delete;
    ~built_platform() { reset(); }
    vp_platform *get() const { return p.get(); }
    explicit operator bool() const { return p != nullptr; }
    void reset()
    {
        if (sc)
            sc->release();
        p.reset();
        sc.reset();
    }
};

/* --semihosting: the platform serves the harts' semihosting calls
 * (docs/semihosting.md). Returns 0 or VP_E* with *err set. */
int set_semihost(const cli_options &c, vp_platform *p, vp_error **err)
{
    if (!c.semihosting)
        return 0;
    vp_platform_semihost sh{};
    sh.size = sizeof sh;
    sh.abi = VP_PLATFORM_ABI;
    sh.root = c.semihost_root.empty() ? nullptr : c.semihost_root.c_str();
    sh.cmdline = c.semihost_cmdline.c_str();
    return vp_platform_set_semihost(p, &sh, err);
}

/* Load + build; returns false after printing the error. */
bool load_and_build(const cli_options &c, const vp_platform_host *host, built_platform &b)
{
    platform_opts po(c); /* c.platform: a YAML file or a machine name (vp_platform_load tells) */
    vp_error *err = nullptr;
    b.p.reset(vp_platform_load(c.platform.c_str(), &po.o, &err));
    if (!b.p) {
        fail(err, "cannot load the platform");
        return false;
    }
    b.sc = std::make_unique<sc_platform_host>(vp_platform_registry(b.get()));
    vp_platform_sc_host hooks = b.sc->hooks();
    if (vp_platform_set_sc_host(b.get(), &hooks, &err) != 0 || set_semihost(c, b.get(), &err) != 0 ||
        vp_platform_build(b.get(), sc_event_clock(), host, &err) != 0) {
        fail(err, "cannot build the platform");
        b.reset();
        return false;
    }
    return true;
}

int cmd_check(const cli_options &c)
{
    run_ctx ctx;
    vp_platform_host host{sizeof(vp_platform_host), VP_PLATFORM_ABI, host_request_exit, &ctx};
    built_platform p;
    if (!load_and_build(c, &host, p))
        return exit_config;
    vp_platform_print(p.get(), stdout);
    return exit_ok;
}

/* `vpbridge device TYPE` for a SystemC-side type: the registry (C) knows
 * only its name and description; its options and ports are in the type's
 * description (sc_type_desc). No-op for other types. */
void print_sc_device_decls(vp_registry *reg, const char *type)
{
    const vp_module_info *m = vp_registry_type_module(reg, type);
    if (!m || m->side != VP_SIDE_SYSTEMC)
        return;
    const sc_device_type *t = vp_registry_resolve_sc(reg, type, nullptr);
    if (!t)
        return;
    const sc_type_desc d(t);
    if (d.desc.default_mmio_size)
        std::printf("default size: 0x%llx\n", (unsigned long long)d.desc.default_mmio_size);
    vp_registry_print_opts(d.desc.opts, d.desc.opt_count, stdout);
    vp_registry_print_ports(d.desc.ports, d.desc.port_count, stdout);
}

int cmd_list(const cli_options &c)
{
    platform_opts po(c);
    vp_error *err = nullptr;
    int rc = exit_ok;
    vp_registry *reg = vp_platform_registry_create(&po.o, &err);
    if (!reg)
        return fail(err, "cannot read the module manifests");
    if (c.cmd == command::modules) {
        if (vp_registry_print_modules(reg, stdout) != 0)
            rc = exit_config;
    } else if (c.cmd == command::device) {
        if (vp_registry_print_device(reg, c.platform.c_str(), stdout, &err) != 0)
            rc = fail(err, "unknown device type");
        else
            print_sc_device_decls(reg, c.platform.c_str());
    } else if (c.cmd == command::machines) {
        if (vp_registry_print_machines(reg, stdout) != 0)
            rc = exit_config;
    } else if (vp_registry_print_devices(reg, stdout) != 0) {
        rc = exit_config;
    }
    vp_registry_destroy(reg);
    return rc;
}

std::string format_time(vp_time ps)
{
    char buf[64];
    if (ps >= VP_SEC)
        std::snprintf(buf, sizeof buf, "%.6f s", (double)ps / (double)VP_SEC);
    else if (ps >= VP_MS)
        std::snprintf(buf, sizeof buf, "%.6f ms", (double)ps / (double)VP_MS);
    else if (ps >= VP_US)
        std::snprintf(buf, sizeof buf, "%.6f us", (double)ps / (double)VP_US);
    else if (ps >= VP_NS)
        std::snprintf(buf, sizeof buf, "%.3f ns", (double)ps / (double)VP_NS);
    else
        std::snprintf(buf, sizeof buf, "%llu ps", (unsigned long long)ps);
    return buf;
}

vp_cpu_stats hart_stats(const vp_platform *p, uint32_t i)
{
    vp_cpu_stats st;
    std::memset(&st, 0, sizeof st);
    st.size = sizeof st;
    st.abi = VP_CPU_ABI;
    vp_cpu_get_stats(vp_platform_cpu(p, i), &st);
    return st;
}

/* One line per router mapping that saw any traffic, named as the platform
 * names it (the YAML's device and memory names). The router counts only
 * what reaches it: a mapping that granted DMI (RAM) says that accesses
 * through the grant are not counted. */
void print_device_stats(const vp_platform *p)
{
    const tlmc_router *r = vp_platform_router(p);
    tlmc_router_stats st{};
    st.size = sizeof st;
    for (std::size_t i = 0; r && tlmc_router_stats_at(r, i, &st); i++) {
        if (!(st.reads | st.writes | st.errors | st.debug | st.dmi_grants))
            continue;
        std::fprintf(stderr,
                     "vpbridge: stats: device %s @0x%llx: reads %llu, writes %llu, errors %llu, debug %llu, "
                     "dmi grants %llu, bytes read %llu, bytes written %llu, annotated delay %s%s\n",
                     st.name, (unsigned long long)st.base, (unsigned long long)st.reads,
                     (unsigned long long)st.writes, (unsigned long long)st.errors, (unsigned long long)st.debug,
                     (unsigned long long)st.dmi_grants, (unsigned long long)st.bytes_read,
                     (unsigned long long)st.bytes_written, format_time(st.delay).c_str(),
                     st.dmi_grants ? " (accesses through DMI not counted)" : "");
        st.size = sizeof st;
    }
}

void print_stats(const vp_platform *p, const cpu_cluster &cl, double wall)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < vp_platform_cpu_count(p); i++) {
        vp_cpu_stats st = hart_stats(p, i);
        total += st.insns;
        std::fprintf(stderr,
                     "vpbridge: stats: hart %u: insns %llu, tbs translated %llu, tbs executed %llu, chained %llu, "
                     "tb flushes %llu, tbs invalidated %llu, tlb misses %llu, io accesses %llu, traps %llu, "
                     "interrupts %llu, superblocks %llu, superblocks profiled again %llu, loop blocks %llu\n",
                     i, (unsigned long long)st.insns, (unsigned long long)st.tbs_translated,
                     (unsigned long long)st.tbs_executed, (unsigned long long)st.chained,
                     (unsigned long long)st.tb_flushes, (unsigned long long)st.tbs_invalidated,
                     (unsigned long long)st.tlb_misses, (unsigned long long)st.io_accesses,
                     (unsigned long long)st.traps, (unsigned long long)st.interrupts,
                     (unsigned long long)st.superblocks, (unsigned long long)st.sb_reprofiled,
                     (unsigned long long)st.loop_blocks);
    }
    print_device_stats(p);
    double mips = wall > 0 ? (double)total / wall / 1e6 : 0;
    std::fprintf(stderr, "vpbridge: stats: simulated time %s, wall time %.3f s, %.2f MIPS\n",
                 format_time(cl.end_time()).c_str(), wall, mips);
    /* What the SystemC side cost: an idle platform whose kernel keeps
     * waking (a free-running clock) shows many sleeps and delta cycles. */
    std::fprintf(stderr, "vpbridge: stats: cluster: quantum rounds %llu, WFI sleeps %llu, SystemC delta cycles %llu\n",
                 (unsigned long long)cl.rounds(), (unsigned long long)cl.sleeps(),
                 (unsigned long long)sc_delta_count());
    /* Why the harts' turns ended: each one is a sync with the kernel. */
    std::fprintf(stderr,
                 "vpbridge: stats: turns: %llu ended by the budget, %llu in WFI, %llu by an annotated delay, %llu by a "
                 "request (%llu after a SystemC-model access), %llu by a trap storm\n",
                 (unsigned long long)cl.turn_ends(VP_CPU_EXIT_BUDGET), (unsigned long long)cl.turn_ends(VP_CPU_EXIT_WFI),
                 (unsigned long long)cl.turn_ends(VP_CPU_EXIT_SYNC),
                 (unsigned long long)cl.turn_ends(VP_CPU_EXIT_REQUEST), (unsigned long long)cl.sc_access_syncs(),
                 (unsigned long long)cl.turn_ends(VP_CPU_EXIT_TRAP_STORM));
    /* Where the host's time went: the harts' turns (translation and device
     * accesses counted apart), and the rest of the run (the SystemC kernel,
     * device events, WFI waits, --realtime sleeps). */
    double translate = 0, io = 0;
    for (uint32_t i = 0; i < vp_platform_cpu_count(p); i++) {
        vp_cpu_stats st = hart_stats(p, i);
        translate += (double)st.host_ns_translate / 1e9;
        io += (double)st.host_ns_io / 1e9;
    }
    double harts = cl.hart_seconds(), code = harts - translate - io;
    std::fprintf(stderr,
                 "vpbridge: stats: host time: harts %.3f s (translated code and run loop %.3f s, translation %.3f s, "
                 "device accesses %.3f s), outside the harts %.3f s\n",
                 harts, code > 0 ? code : 0, translate, io, wall > harts ? wall - harts : 0);
}

/* One line: which hart, which exception, where, and the trap vector. */
void print_trap_storm(const vp_cpu *h)
{
    vp_cpu_trap_info t{};
    t.size = sizeof t;
    t.abi = VP_CPU_ABI;
    if (!h || !vp_cpu_get_last_trap(h, &t)) {
        std::fprintf(stderr, "vpbridge: stopped: trap storm\n");
        return;
    }
    std::fprintf(stderr,
                 "vpbridge: stopped: trap storm on hart %u: %llu exceptions in a row retired no instruction; "
                 "last: %s (cause %llu) at pc 0x%llx, tval 0x%llx, trap vector 0x%llx\n",
                 vp_cpu_hartid(h), (unsigned long long)t.repeats, t.cause_name, (unsigned long long)t.cause,
                 (unsigned long long)t.pc, (unsigned long long)t.tval, (unsigned long long)t.vector);
}

/* The terminal on stdin during `run`: in character mode (no line
 * editing, no echo, no CR/LF or XON/XOFF translation; signals stay on, so
 * Ctrl-C still stops the run), so that the guest's console reads each key
 * as typed and echoes itself (U-Boot's prompt). Restored on every way out:
 * the end of the run, exit(), the second SIGINT/SIGTERM, a fatal signal
 * (SIGQUIT, SIGHUP, SIGABRT, SIGSEGV, ...) and while stopped (SIGTSTP, set
 * again on SIGCONT). Only when stdin is a terminal and vpbridge is in its
 * foreground; a pipe or file is read as it is. */
struct termios g_tty_saved, g_tty_char;
volatile std::sig_atomic_t g_tty_changed = 0;

void tty_restore()
{
    if (g_tty_changed) {
        tcsetattr(STDIN_FILENO, TCSANOW, &g_tty_saved); /* async-signal-safe */
        g_tty_changed = 0;
    }
}

/* Restore, then die (or stop) of the signal as if nothing caught it. */
void on_fatal_signal(int signo)
{
    int saved = errno;
    tty_restore();
    std::signal(signo, SIG_DFL);
    raise(signo);
    errno = saved;
}

void on_cont(int)
{
    int saved = errno;
    std::signal(SIGTSTP, on_fatal_signal);
    if (!g_tty_changed && tcgetpgrp(STDIN_FILENO) == getpgrp() &&
        tcsetattr(STDIN_FILENO, TCSANOW, &g_tty_char) == 0)
        g_tty_changed = 1;
    errno = saved;
}

void tty_char_mode()
{
    if (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp() || tcgetattr(STDIN_FILENO, &g_tty_saved) != 0)
        return;
    g_tty_char = g_tty_saved;
    g_tty_char.c_lflag &= ~(tcflag_t)(ICANON | ECHO | IEXTEN);
    g_tty_char.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
    g_tty_char.c_cc[VMIN] = 1;
    g_tty_char.c_cc[VTIME] = 0;
    std::atexit(tty_restore);
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGQUIT, SIGHUP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTSTP})
        sigaction(sig, &sa, nullptr);
    sa.sa_handler = on_cont;
    sigaction(SIGCONT, &sa, nullptr);
    if (tcsetattr(STDIN_FILENO, TCSANOW, &g_tty_char) == 0)
        g_tty_changed = 1;
}

/* SIGINT / SIGTERM during a run: the handler records the signal and asks
 * the cluster to stop (both async-signal-safe: stores only); the cluster
 * thread stops at the next block boundary or sleep and the command ends
 * normally (backends flushed, --stats) with 128 + signo. A second signal
 * restores the terminal and kills the process as usual. */
volatile std::sig_atomic_t g_signal = 0;
std::atomic<cpu_cluster *> g_cluster{nullptr};
static_assert(std::atomic<cpu_cluster *>::is_always_lock_free, "signal handler needs a lock-free pointer");

void on_signal(int signo)
{
    if (g_signal) {
        on_fatal_signal(signo);
        return;
    }
    g_signal = signo;
    if (cpu_cluster *cl = g_cluster.load())
        cl->stop_on_signal(signo);
}

void catch_stop_signals()
{
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

const char *signal_name(int signo)
{
    return signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : "a signal";
}

/* --timeout for a run that never comes back to check it: the cluster looks
 * at the wall clock between rounds, so a device call that never returns
 * (or a device event, a SystemC process that never yields) would hang the
 * run for ever. A thread waits for the run's end; past the limit plus a
 * grace period it names the target the router is inside (if any), flushes
 * stdout if it can, restores the terminal and ends the process (exit 124)
 * without the usual shutdown: the simulation thread cannot be stopped. Off
 * with --gdb, whose stops do not count towards the limit. */
class stall_watchdog {
public:
    static constexpr double k_grace_sec = 2.0;

    /* A thread with a small stack; if even that cannot be had (an
     * address-space limit), the run goes on without the watchdog. */
    stall_watchdog(double limit_sec, std::string limit_text, tlmc_router *router)
        : m_limit(limit_sec), m_text(std::move(limit_text)), m_router(router)
    {
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) != 0)
            return;
        pthread_attr_setstacksize(&attr, std::max<std::size_t>(PTHREAD_STACK_MIN, 64u << 10));
        m_started = pthread_create(&m_thread, &attr, entry, this) == 0;
        pthread_attr_destroy(&attr);
    }
    ~stall_watchdog()
    {
        if (!m_started)
            return;
        {
            std::lock_guard<std::mutex> lock(m_mu);
            m_done = true;
        }
        m_cv.notify_one();
        pthread_join(m_thread, nullptr);
    }
    stall_watchdog(const stall_watchdog &) = delete;
    stall_watchdog &operator=(const stall_watchdog &) = delete;

private:
    static void *entry(void *self)
    {
        static_cast<stall_watchdog *>(self)->watch();
        return nullptr;
    }

    void watch()
    {
        auto due = std::chrono::steady_clock::now() + std::chrono::duration<double>(m_limit + k_grace_sec);
        std::unique_lock<std::mutex> lock(m_mu);
        if (m_cv.wait_until(lock, due, [this] { return m_done; }))
            return;
        const char *busy = m_router ? tlmc_router_busy_target(m_router) : nullptr;
        char msg[768];
        if (busy)
            std::snprintf(msg, sizeof msg,
                          "vpbridge: stopped: --timeout %s wall-clock limit reached, and %g s later the run was "
                          "still inside an access to '%s', which never answered: exiting without shutting the "
                          "devices down\n",
                          m_text.c_str(), k_grace_sec, busy);
        else
            std::snprintf(msg, sizeof msg,
                          "vpbridge: stopped: --timeout %s wall-clock limit reached, and %g s later the run had "
                          "not come back to check it (a device event or SystemC process that never returns?): "
                          "exiting without shutting the devices down\n",
                          m_text.c_str(), k_grace_sec);
        if (ftrylockfile(stdout) == 0) { /* the stuck thread may hold it: then the guest's output is lost */
            fflush_unlocked(stdout);
            funlockfile(stdout);
        }
        tty_restore();
        ssize_t n = write(STDERR_FILENO, msg, std::strlen(msg));
        (void)n;
        _exit(exit_limit);
    }

    double m_limit;
    std::string m_text;
    tlmc_router *m_router;
    std::mutex m_mu;
    std::condition_variable m_cv;
    bool m_done = false;
    bool m_started = false;
    pthread_t m_thread{};
};

/* A guest status that reads like one of vpbridge's own gets a note. */
int guest_status(int status)
{
    int low = status & 0xff;
    if (low == exit_usage || low == exit_limit || low == exit_config || low == exit_deadlock ||
        low == exit_trap_storm || low == exit_signal_base + SIGINT || low == exit_signal_base + SIGTERM ||
        low == exit_killed)
        std::fprintf(stderr, "vpbridge: note: the guest's exit status %d is also one of vpbridge's own statuses\n",
                     low);
    return status;
}

/* Maps how the run ended onto the exit status, with a line on stderr for
 * everything but the guest's own exit. */
int run_status(const cli_options &c, const cpu_cluster &cl)
{
    switch (cl.reason()) {
    case stop_reason::guest_exit:
        return guest_status(cl.exit_status());
    case stop_reason::signal:
        std::fprintf(stderr, "vpbridge: stopped: %s\n", signal_name(cl.stop_signal()));
        return exit_signal_base + cl.stop_signal();
    case stop_reason::max_insns:
        std::fprintf(stderr, "vpbridge: stopped: --max-insns %llu reached (%llu instructions retired)\n",
                     (unsigned long long)c.max_insns, (unsigned long long)cl.insns());
        return exit_limit;
    case stop_reason::timeout:
        std::fprintf(stderr, "vpbridge: stopped: --timeout %s wall-clock limit reached\n", c.timeout_text.c_str());
        return exit_limit;
    case stop_reason::deadlock:
        std::fprintf(stderr, "vpbridge: %s (at %s)\n", cl.reason_message(),
                     format_time(to_vp(sc_time_stamp())).c_str());
        return exit_deadlock;
    case stop_reason::trap_storm:
        print_trap_storm(cl.storm_hart());
        return exit_trap_storm;
    case stop_reason::debugger:
        std::fprintf(stderr, "vpbridge: stopped: %s\n", cl.reason_message());
        return exit_killed;
    case stop_reason::max_time:
    case stop_reason::none:
        break;
    }
    if (cl.reason() == stop_reason::max_time || (c.max_time && to_vp(sc_time_stamp()) >= c.max_time)) {
        std::fprintf(stderr, "vpbridge: stopped: --max-time %s of simulated time reached\n", c.max_time_text.c_str());
        return exit_limit;
    }
    std::fprintf(stderr, "vpbridge: the simulation ended with nothing left to do (at %s)\n",
                 format_time(to_vp(sc_time_stamp())).c_str());
    return exit_deadlock;
}

vp_platform_boot boot_of(const cli_options &c)
{
    bool bios = !c.bios.empty() && c.bios != "none";
    vp_platform_boot b{};
    b.size = sizeof b;
    b.abi = VP_PLATFORM_ABI;
    b.bios = bios ? c.bios.c_str() : nullptr;
    b.kernel = c.kernel.empty() ? nullptr : c.kernel.c_str();
    b.initrd = c.initrd.empty() ? nullptr : c.initrd.c_str();
    b.append = c.has_append ? c.append.c_str() : nullptr;
    b.dtb = c.dtb.empty() ? nullptr : c.dtb.c_str();
    return b;
}

/* `monitor reset`: the images again, and the harts' boot registers. */
bool reload_images(vp_platform *p, const cli_options &c, std::string *why)
{
    vp_platform_boot b = boot_of(c);
    vp_error *err = nullptr;
    if (vp_platform_boot_load(p, &b, &err) == 0)
        return true;
    *why = err && err->msg ? err->msg : "cannot load the images";
    vp_error_free(err);
    return false;
}

/* Load the images (docs/boot.md) and realize the devices. Returns
 * exit_ok or exit_config. */
int prepare(vp_platform *p, const cli_options &c)
{
    vp_error *err = nullptr;
    bool bios = !c.bios.empty() && c.bios != "none";
    if ((bios && !readable("--bios", c.bios)) || (!c.kernel.empty() && !readable("--kernel", c.kernel)) ||
        (!c.initrd.empty() && !readable("--initrd", c.initrd)) || (!c.dtb.empty() && !readable("--dtb", c.dtb)))
        return exit_config;
    vp_platform_boot b = boot_of(c);
    if (vp_platform_boot_load(p, &b, &err) != 0)
        return fail(err, "cannot load the images");
    if (vp_platform_realize(p, &err) != 0)
        return fail(err, "cannot realize the devices");
    return exit_ok;
}

/* `vpbridge dumpdtb PLATFORM -o FILE`: the device tree a run would pass. */
int cmd_dumpdtb(const cli_options &c)
{
    run_ctx ctx;
    vp_platform_host host{sizeof(vp_platform_host), VP_PLATFORM_ABI, host_request_exit, &ctx};
    built_platform p;
    if (!load_and_build(c, &host, p))
        return exit_config;
    void *blob = nullptr;
    size_t size = 0;
    vp_error *err = nullptr;
    if (vp_platform_dtb(p.get(), c.has_append ? c.append.c_str() : nullptr, &blob, &size, &err) != 0)
        return fail(err, "cannot make the device tree");
    FILE *f = std::fopen(c.output.c_str(), "wbe");
    bool ok = f && std::fwrite(blob, 1, size, f) == size;
    int e = errno;
    if (f && std::fclose(f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    std::free(blob);
    if (!ok) {
        std::fprintf(stderr, "vpbridge: -o %s: %s\n", c.output.c_str(), std::strerror(e));
        return exit_config;
    }
    return exit_ok;
}

int cmd_run(const cli_options &c)
{
    run_ctx ctx;
    vp_platform_host host{sizeof(vp_platform_host), VP_PLATFORM_ABI, host_request_exit, &ctx};
    built_platform p;
    catch_stop_signals(); /* a signal before the cluster exists stops it at its start */
    if (!load_and_build(c, &host, p))
        return exit_config;
    if (int rc = prepare(p.get(), c))
        return rc;
    unsigned errors_before = g_device_errors;
    std::vector<vp_cpu *> harts;
    for (uint32_t i = 0; i < vp_platform_cpu_count(p.get()); i++) {
        harts.push_back(vp_platform_cpu(p.get(), i));
        vp_cpu_set_digest(harts.back(), c.digest);
        vp_cpu_set_host_timing(harts.back(), c.stats);
    }
    std::unique_ptr<vp_profile, void (*)(vp_profile *)> prof(nullptr, vp_profile_free);
    if (!c.profile.empty()) {
        prof.reset(vp_profile_new((unsigned)harts.size(), c.profile_period ? c.profile_period : 9973));
        vp_error *err = nullptr;
        for (const std::string *img : {&c.bios, &c.kernel})
            if (!img->empty() && *img != "none" && vp_profile_add_symbols(prof.get(), img->c_str(), &err) != 0)
                return fail(err, "cannot read symbols");
        for (unsigned i = 0; i < harts.size(); i++)
            vp_profile_attach(prof.get(), i, harts[i]);
    }
    std::unique_ptr<gdb_debugger> gdb;
    if (!c.gdb.empty()) {
        /* `monitor reset`: the harts' reset state, then the images as at the start */
        auto reset = [&p, &c, &harts](std::string *why) {
            for (vp_cpu *h : harts)
                vp_cpu_reset(h);
            return reload_images(p.get(), c, why);
        };
        try {
            gdb = std::make_unique<gdb_debugger>(c.gdb, c.gdb_wait, harts, &g_signal, reset);
        } catch (const std::runtime_error &e) {
            std::fprintf(stderr, "vpbridge: %s\n", e.what());
            return exit_config;
        }
        std::fprintf(stderr, "vpbridge: gdb: listening on %s\n", gdb->address());
        std::fflush(stderr);
    }
    cluster_config cfg;
    cfg.debugger = gdb.get();
    cfg.quantum = c.quantum ? c.quantum : vp_platform_quantum(p.get());
    cfg.max_insns = c.max_insns;
    cfg.max_time = c.max_time;
    cfg.timeout_sec = c.timeout_sec;
    cfg.realtime = c.realtime;
    tlm::tlm_global_quantum::instance().set(to_sc(cfg.quantum));
    cpu_cluster cluster("cpus", harts, cfg);
    ctx.cluster = &cluster;
    if (gdb)
        gdb->attach(&cluster);
    /* A hart that accessed a SystemC model syncs at once: signal changes the
     * model made (an irq cleared by the access) reach the C side only when
     * the kernel runs, and a hart running on would see stale levels. */
    if (p.sc)
        p.sc->set_after_access([](void *cl) { static_cast<cpu_cluster *>(cl)->sync_running(); }, &cluster);
    std::unique_ptr<waveform> waves;
    if (!c.vcd.empty() || !c.fst.empty()) {
        try {
            waves = !c.vcd.empty()
                        ? std::make_unique<waveform>("waves", waveform::format::vcd, c.vcd, c.trace_signals, p.get())
                        : std::make_unique<waveform>("waves", waveform::format::fst, c.fst, c.trace_signals, p.get());
        } catch (const std::runtime_error &e) {
            std::fprintf(stderr, "vpbridge: %s\n", e.what());
            return exit_config;
        }
    }
    if (ctx.early_exit)
        cluster.request_exit(ctx.early_status);
    g_cluster = &cluster;
    if (g_signal)
        cluster.stop_on_signal(g_signal);
    auto t0 = std::chrono::steady_clock::now();
    tty_char_mode();
    if (cluster.reason() == stop_reason::none) {
        std::unique_ptr<stall_watchdog> dog;
        if (c.timeout_sec > 0 && !gdb)
            dog = std::make_unique<stall_watchdog>(c.timeout_sec, c.timeout_text, vp_platform_router(p.get()));
        c.max_time ? sc_start(to_sc(c.max_time)) : sc_start();
    }
    tty_restore();
    std::string wave_error = waves ? waves->close() : std::string();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    g_cluster = nullptr;
    std::fflush(stdout);
    int status = run_status(c, cluster);
    if (gdb) /* the debugger hears how the run ended */
        gdb->exited(cluster.reason() == stop_reason::guest_exit ? cluster.exit_status() : status,
                    cluster.reason() == stop_reason::signal ? cluster.stop_signal() : 0);
    if (c.stats)
        print_stats(p.get(), cluster, wall);
    if (c.digest)
        std::fprintf(stderr, "vpbridge: digest %016llx\n", (unsigned long long)vp_platform_digest(p.get()));
    if (prof) {
        vp_error *err = nullptr;
        if (!vp_profile_write(prof.get(), c.profile.c_str(), &err)) {
            fail(err, "cannot write the profile");
            status = status ? status : exit_config;
        }
    }
    if (!wave_error.empty()) { /* an output error: exit_config, as for stdout (docs/cli.md) */
        std::fprintf(stderr, "vpbridge: %s\n", wave_error.c_str());
        status = exit_config;
    }
    ctx.cluster = nullptr;
    waves.reset(); /* gives the irq lines back to their sinks while the platform still exists */
    p.reset(); /* devices flush and close their outputs (and log write errors) */
    if (g_device_errors != errors_before)
        return exit_config;
    return status;
}

int dispatch(const cli_options &c)
{
    vp_log_set_sink(log_sink, nullptr);
    if (c.trace_mask)
        vp_log_mask = c.trace_mask;
    switch (c.cmd) {
    case command::help:
        std::fputs(cli_usage(), stdout);
        return exit_ok;
    case command::version:
        std::printf("vpbridge %s (SystemC %s)\n", VP_VERSION, sc_release());
        return exit_ok;
    case command::run:
        return cmd_run(c);
    case command::check:
        return cmd_check(c);
    case command::dumpdtb:
        return cmd_dumpdtb(c);
    case command::modules:
    case command::devices:
    case command::device:
    case command::machines:
        return cmd_list(c);
    }
    return exit_usage;
}

} // namespace
} // namespace vp::sc

/* Called back by libsystemc (sc_elab_and_sim), so it must stay visible. */
__attribute__((visibility("default"))) int sc_main(int argc, char *argv[])
{
    sc_report_handler::set_handler(vp::sc::report_handler);
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    int rc;
    try {
        vp::sc::cli_options opts = vp::sc::parse_cli(argc, argv);
        rc = vp::sc::dispatch(opts);
    } catch (const vp::sc::usage_error &e) {
        std::fprintf(stderr, "vpbridge: %s\n", e.what());
        rc = vp::sc::exit_usage;
    } catch (const sc_report &r) {
        /* one line: "(E109) complete binding failed: port not bound: port 'x' (...)" */
        std::fprintf(stderr, "vpbridge: systemc: (%s) %s: %s\n", r.get_id() >= 0 ? ("E" + std::to_string(r.get_id())).c_str() : "-",
                     r.get_msg_type(), r.get_msg());
        rc = vp::sc::exit_config;
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "vpbridge: out of memory: a C++ allocation failed\n");
        rc = vp::sc::exit_config;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "vpbridge: %s\n", e.what());
        rc = vp::sc::exit_config;
    }
    /* stdout carries the guest's output and the listings: losing it is an
     * error (unless a device already said so, e.g. the UART on stdout). */
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        if (vp::sc::g_device_errors == 0)
            std::fprintf(stderr, "vpbridge: cannot write to stdout: %s\n",
                         errno ? std::strerror(errno) : "write error");
        rc = vp::sc::exit_config;
    }
    std::fflush(stderr);
    return rc;
}

/* fds 0, 1 and 2 always exist: a descriptor that vpbridge (or a library)
 * opens never becomes stdin/stdout/stderr by accident, where guest output
 * or log lines would be written into it (the JIT's code cache). A closed
 * one is opened onto /dev/null. */
static void keep_std_fds_open()
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY); /* the lowest free fd: `fd` */
        if (n != fd) {
            if (n >= 0)
                close(n);
            _exit(vp::sc::exit_config); /* nothing sane is left to report through */
        }
    }
}

/* Runs `name`, the program installed beside vpbridge (bin/, or bridge/ in
 * the build tree), with vpbridge's own argv; returns only on failure. */
static int exec_beside(const char *name, char *argv[])
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        std::fprintf(stderr, "vpbridge: %s: cannot find vpbridge's own directory: %s\n", argv[1], std::strerror(errno));
        return vp::sc::exit_config;
    }
    self[n] = 0;
    std::string path = self;
    path = path.substr(0, path.rfind('/') + 1) + name;
    execv(path.c_str(), argv);
    std::fprintf(stderr, "vpbridge: %s: cannot run %s: %s\n", argv[1], path.c_str(), std::strerror(errno));
    return vp::sc::exit_config;
}

/* Running out of bookkeeping memory (oom.c): what was printed reaches
 * stdout, and the terminal gets its modes back. */
static void oom_flush()
{
    vp::sc::tty_restore();
    std::fflush(stdout);
}

/* Our own main so that the environment is set before the SystemC kernel
 * initialises (it reads SYSTEMC_DISABLE_COPYRIGHT_MESSAGE when its
 * simulation context is created). */
int main(int argc, char *argv[])
{
    keep_std_fds_open();
    vp_oom_install("vpbridge", oom_flush);
    if (argc > 1 && std::strcmp(argv[1], "batch") == 0) /* the runner: no SystemC kernel of its own */
        return vp_batch_main(argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "batch-merge") == 0) /* shard reports -> one (batch_merge.c) */
        return exec_beside("vpbridge-batch-merge", argv);
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
