/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h - the `vpbridge` command line: parsed options and exit statuses. */
#ifndef VPBRIDGE_BRIDGE_CLI_H
#define VPBRIDGE_BRIDGE_CLI_H

#include <stdexcept>
#include <string>
#include <vector>
#include <vpbridge/vp_cpu.h>

namespace vp::sc {

/* Exit statuses other than the guest's own (see docs/cli.md). */
enum exit_status {
    exit_ok = 0,
    exit_usage = 2,      /* bad command line */
    exit_limit = 124,    /* --max-insns, --max-time or --timeout stopped the run */
    exit_config = 125,   /* platform, ELF, module or SystemC error; output write error */
    exit_deadlock = 126, /* every hart in WFI, nothing pending */
    exit_trap_storm = 123, /* a hart trapped again and again without retiring an instruction */
    exit_signal_base = 128, /* + signo: SIGINT (130) or SIGTERM (143) stopped the run */
    exit_killed = 137,   /* the debugger killed the run (as SIGKILL would: 128 + 9) */
};

/* A bad command line: what() is the one-line message (without "vpbridge: "). */
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class command { help, version, run, check, modules, devices, device, machines, dumpdtb };

struct cli_options {
    command cmd = command::help;
    std::string platform;                   /* run, check (file or machine name); device: the TYPE */
    std::string kernel;                     /* run: --kernel */
    std::string bios;                       /* run: --bios (empty or "none": no firmware) */
    std::string initrd, dtb;                /* run: --initrd, --dtb */
    std::string append;                     /* run, dumpdtb: --append (bootargs) */
    bool has_append = false;
    std::string output;                     /* dumpdtb: -o */
    vp_time quantum = 0;                    /* --quantum; 0 = not given */
    uint32_t smp = 0;                       /* run, check, dumpdtb: --smp harts; 0 = the platform's count */
    uint64_t max_insns = 0;                 /* 0 = unlimited */
    vp_time max_time = 0;                   /* simulated; 0 = unlimited */
    double timeout_sec = 0;                 /* wall clock; 0 = unlimited */
    std::string max_time_text, timeout_text;/* as given, for messages */
    unsigned trace_mask = 0;                /* --trace categories */
#if defined(__x86_64__)
    vp_cpu_accel accel = VP_CPU_ACCEL_JIT; /* the x86-64 JIT is the default where it exists */
#else
    vp_cpu_accel accel = VP_CPU_ACCEL_INTERP;
#endif
    bool stats = false;
    bool digest = false; /* --digest: vp_platform_digest at the end */
    double realtime = 0;         /* run: --realtime [FACTOR] (0: as fast as it goes) */
    std::string profile;         /* run: --profile FILE */
    uint64_t profile_period = 0; /* run: --profile-period N (0: the default) */
    std::string gdb;             /* run: --gdb SPEC (tcp::PORT); empty: no debugger */
    bool gdb_wait = false;       /* run: --gdb-wait (halt before the first instruction until one attaches) */
    std::string vcd, fst;                   /* run: --vcd FILE, --fst FILE (one of them) */
    std::string trace_signals;              /* run: --trace-signals PATTERNS (with --vcd or --fst) */
    bool semihosting = false;               /* run: --semihosting (docs/semihosting.md) */
    std::string semihost_root;              /* run: --semihosting-root DIR (empty: no file access) */
    std::string semihost_cmdline;           /* run: --semihosting-cmdline STRING */
    bool has_semihost_cmdline = false;
    std::vector<std::string> module_dirs;   /* --module-path, in order */
    std::vector<std::string> modinfo_files; /* --add-modinfo, in order */
    std::vector<std::string> machine_libs;  /* --add-machines items (comma-split), in order */
};

/* Parses argv (argv[0] is the program). Throws usage_error. */
cli_options parse_cli(int argc, const char *const *argv);

/* The --help text. */
const char *cli_usage();

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_CLI_H */
