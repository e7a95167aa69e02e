// SPDX-License-Identifier: Apache-2.0
// cli.cpp - parses the `vpbridge` command line into cli_options; every
// mistake becomes one usage_error line.
#include "cli.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vpbridge/vp_platform.h>

namespace vp::sc {

namespace {

/* Which options a command accepts. */
enum opt_flag : unsigned {
    for_run = 1u << 0,
    for_check = 1u << 1,
    for_list = 1u << 2, /* modules, devices */
    for_dtb = 1u << 3,  /* dumpdtb */
};

struct opt_spec {
    const char *name;
    bool has_value;
    unsigned commands;
};

const opt_spec k_opts[] = {
    {"--kernel", true, for_run},
    {"--bios", true, for_run},
    {"--initrd", true, for_run},
    {"--append", true, for_run | for_dtb},
    {"--dtb", true, for_run},
    {"-o", true, for_dtb},
    {"--quantum", true, for_run},
    {"--smp", true, for_run | for_check | for_dtb},
    {"--max-insns", true, for_run},
    {"--max-time", true, for_run},
    {"--timeout", true, for_run},
    {"--trace", true, for_run | for_check | for_list | for_dtb},
    {"--accel", true, for_run},
    {"--stats", false, for_run},
    {"--digest", false, for_run},
    {"--profile", true, for_run},
    {"--realtime", false, for_run}, /* an optional FACTOR: parse_option */
    {"--profile-period", true, for_run},
    {"--gdb", true, for_run},
    {"--gdb-wait", false, for_run},
    {"--vcd", true, for_run},
    {"--fst", true, for_run},
    {"--trace-signals", true, for_run},
    {"--semihosting", false, for_run},
    {"--semihosting-root", true, for_run},
    {"--semihosting-cmdline", true, for_run},
    {"--module-path", true, for_run | for_check | for_list | for_dtb},
    {"--add-modinfo", true, for_run | for_check | for_list | for_dtb},
    {"--add-machines", true, for_run | for_check | for_list | for_dtb},
};

const char *cmd_name(command c)
{
    switch (c) {
    case command::run:
        return "run";
    case command::check:
        return "check";
    case command::modules:
        return "modules";
    case command::devices:
        return "devices";
    case command::device:
        return "device";
    case command::machines:
        return "machines";
    case command::dumpdtb:
        return "dumpdtb";
    default:
        return "";
    }
}

unsigned cmd_flag(command c)
{
    switch (c) {
    case command::run:
        return for_run;
    case command::check:
        return for_check;
    case command::dumpdtb:
        return for_dtb;
    default:
        return for_list;
    }
}

vp_time parse_time(const std::string &opt, const std::string &v)
{
    vp_time t = 0;
    if (vp_time_parse(v.c_str(), &t) != 0)
        throw usage_error(opt + ": cannot parse '" + v + "' as a time");
    if (t == 0)
        throw usage_error(opt + ": must be greater than zero");
    return t;
}

uint64_t parse_count(const std::string &opt, const std::string &v)
{
    const char *s = v.c_str();
    char *end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(s, &end, 0);
    if (v.empty() || std::strchr(s, '-') || *end != '\0' || errno == ERANGE)
        throw usage_error(opt + ": cannot parse '" + v + "' as a count");
    if (n == 0)
        throw usage_error(opt + ": must be greater than zero");
    return n;
}

/* --smp N: 1..VP_PLATFORM_MAX_HARTS harts. */
uint32_t parse_harts(const std::string &opt, const std::string &v)
{
    uint64_t n = parse_count(opt, v);
    if (n > VP_PLATFORM_MAX_HARTS)
        throw usage_error(opt + ": " + v + " harts is above the limit of " + std::to_string(VP_PLATFORM_MAX_HARTS));
    return (uint32_t)n;
}

/* Seconds, as a plain number ("2.5") or a time ("500ms"). */
double parse_seconds(const std::string &opt, const std::string &v)
{
    const char *s = v.c_str();
    char *end = nullptr;
    double d = std::strtod(s, &end);
    if (!v.empty() && *end == '\0') {
        if (!std::isfinite(d) || d <= 0)
            throw usage_error(opt + ": must be a positive number of seconds");
        return d;
    }
    vp_time t = 0;
    if (vp_time_parse(s, &t) != 0)
        throw usage_error(opt + ": cannot parse '" + v + "' as seconds");
    if (t == 0)
        throw usage_error(opt + ": must be greater than zero");
    return (double)t / (double)VP_SEC;
}

unsigned parse_trace(const std::string &opt, const std::string &v)
{
    unsigned mask = 0;
    vp_error *err = nullptr;
    if (vp_log_parse_mask(v.c_str(), &mask, &err) != 0) {
        std::string msg = opt + ": " + (err && err->msg ? err->msg : "cannot parse '" + v + "'");
        vp_error_free(err);
        throw usage_error(msg);
    }
    return mask;
}

vp_cpu_accel parse_accel(const std::string &opt, const std::string &v)
{
    if (v == "interp")
        return VP_CPU_ACCEL_INTERP;
    if (v == "jit")
        return VP_CPU_ACCEL_JIT;
    throw usage_error(opt + ": unknown accelerator '" + v + "' (interp, jit)");
}

/* "lib[,lib...]": each item non-empty. */
void add_machine_libs(cli_options &o, const std::string &opt, const std::string &v)
{
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = v.find(',', start);
        std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty())
            throw usage_error(opt + ": empty item in '" + v + "'");
        o.machine_libs.push_back(item);
        if (comma == std::string::npos)
            return;
        start = comma + 1;
    }
}

/* --kernel, --bios, --initrd, --dtb, -o, --vcd, --fst: a file name. */
bool apply_file_option(cli_options &o, const std::string &name, const std::string &v)
{
    std::string *dst = name == "--kernel" ? &o.kernel : name == "--bios" ? &o.bios
                     : name == "--initrd" ? &o.initrd : name == "--dtb" ? &o.dtb : name == "-o" ? &o.output
                     : name == "--vcd" ? &o.vcd : name == "--fst" ? &o.fst : nullptr;
    if (!dst)
        return false;
    if (v.empty())
        throw usage_error(name + ": empty file name");
    *dst = v;
    return true;
}

void apply_option(cli_options &o, const std::string &name, const std::string &v)
{
    if (apply_file_option(o, name, v)) {
        return;
    } else if (name == "--append") {
        o.append = v;
        o.has_append = true;
    } else if (name == "--quantum") {
        o.quantum = parse_time(name, v);
    } else if (name == "--smp") {
        o.smp = parse_harts(name, v);
    } else if (name == "--max-insns") {
        o.max_insns = parse_count(name, v);
    } else if (name == "--max-time") {
        o.max_time = parse_time(name, v);
        o.max_time_text = v;
    } else if (name == "--timeout") {
        o.timeout_sec = parse_seconds(name, v);
        o.timeout_text = v;
    } else if (name == "--trace") {
        o.trace_mask = parse_trace(name, v);
    } else if (name == "--accel") {
        o.accel = parse_accel(name, v);
    } else if (name == "--trace-signals") {
        if (v.empty())
            throw usage_error(name + ": empty pattern");
        o.trace_signals = v;
    } else if (name == "--stats") {
        o.stats = true;
    } else if (name == "--semihosting") {
        o.semihosting = true;
    } else if (name == "--semihosting-root") {
        if (v.empty())
            throw usage_error(name + ": empty directory name");
        o.semihost_root = v;
    } else if (name == "--semihosting-cmdline") {
        o.semihost_cmdline = v;
        o.has_semihost_cmdline = true;
    } else if (name == "--digest") {
        o.digest = true;
    } else if (name == "--realtime") {
        char *end = nullptr;
        errno = 0;
        double f = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || errno == ERANGE || !(f > 0) || f > 1e9)
            throw usage_error("--realtime: '" + v + "' is not a factor greater than zero (1: real time)");
        o.realtime = f;
    } else if (name == "--profile") {
        o.profile = v;
        if (v.empty())
            throw usage_error("--profile: empty file name");
    } else if (name == "--profile-period") {
        o.profile_period = parse_count(name, v);
    } else if (name == "--gdb") {
        if (v.empty())
            throw usage_error("--gdb: empty address (tcp::PORT)");
        o.gdb = v;
    } else if (name == "--gdb-wait") {
        o.gdb_wait = true;
    } else if (name == "--module-path") {
        o.module_dirs.push_back(v);
    } else if (name == "--add-modinfo") {
        o.modinfo_files.push_back(v);
    } else if (name == "--add-machines") {
        add_machine_libs(o, name, v);
    }
}

const opt_spec *find_opt(const std::string &name)
{
    for (const opt_spec &s : k_opts)
        if (name == s.name)
            return &s;
    return nullptr;
}

command parse_command(const std::string &a)
{
    if (a == "run")
        return command::run;
    if (a == "check")
        return command::check;
    if (a == "modules")
        return command::modules;
    if (a == "devices")
        return command::devices;
    if (a == "device")
        return command::device;
    if (a == "machines")
        return command::machines;
    if (a == "dumpdtb")
        return command::dumpdtb;
    if (a == "--help" || a == "-h" || a == "help")
        return command::help;
    if (a == "--version" || a == "-V")
        return command::version;
    if (!a.empty() && a[0] == '-')
        throw usage_error("unknown option '" + a + "' (see vpbridge --help)");
    throw usage_error("unknown command '" + a + "' (see vpbridge --help)");
}

/* Handles argv[i] (an option of command o.cmd); returns the next index. */
int parse_option(cli_options &o, int argc, const char *const *argv, int i)
{
    std::string arg = argv[i], name = arg, value;
    bool inline_value = false;
    std::size_t eq = arg.find('=');
    if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        inline_value = true;
    }
    const opt_spec *spec = find_opt(name);
    if (!spec)
        throw usage_error("unknown option '" + name + "' (see vpbridge --help)");
    if (!(spec->commands & cmd_flag(o.cmd)))
        throw usage_error(std::string(cmd_name(o.cmd)) + ": option '" + name + "' does not apply");
    if (spec->has_value && !inline_value) {
        if (i + 1 >= argc)
            throw usage_error(name + ": missing value");
        value = argv[++i];
    } else if (name == "--realtime") { /* --realtime [FACTOR], --realtime=FACTOR */
        char *end = nullptr;
        if (!inline_value && i + 1 < argc && argv[i + 1][0] && argv[i + 1][0] != '-' &&
            (std::strtod(argv[i + 1], &end), *end == '\0'))
            value = argv[++i];
        else if (!inline_value)
            value = "1";
    } else if (!spec->has_value && inline_value) {
        throw usage_error(name + ": takes no value");
    }
    apply_option(o, name, value);
    return i + 1;
}

void check_required(const cli_options &o)
{
    bool wants_platform = o.cmd == command::run || o.cmd == command::check || o.cmd == command::dumpdtb;
    if (wants_platform && o.platform.empty())
        throw usage_error(std::string(cmd_name(o.cmd)) + ": missing PLATFORM.yaml (or a machine name)");
    if (o.cmd == command::device && o.platform.empty())
        throw usage_error("device: missing TYPE");
    if (o.cmd == command::run && o.kernel.empty() && (o.bios.empty() || o.bios == "none"))
        throw usage_error("run: missing --kernel FILE (or --bios FILE)");
    if (!o.trace_signals.empty() && o.vcd.empty() && o.fst.empty())
        throw usage_error("--trace-signals: needs --vcd FILE or --fst FILE");
    if (!o.semihosting && !o.semihost_root.empty())
        throw usage_error("--semihosting-root: needs --semihosting");
    if (!o.semihosting && o.has_semihost_cmdline)
        throw usage_error("--semihosting-cmdline: needs --semihosting");
    if (!o.vcd.empty() && !o.fst.empty())
        throw usage_error("--vcd and --fst: one waveform file per run");
    if (o.profile.empty() && o.profile_period)
        throw usage_error("--profile-period: needs --profile FILE");
    if (o.gdb_wait && o.gdb.empty())
        throw usage_error("--gdb-wait: needs --gdb tcp::PORT");
    if (o.cmd == command::dumpdtb && o.output.empty())
        throw usage_error("dumpdtb: missing -o FILE");
}

} // namespace

cli_options parse_cli(int argc, const char *const *argv)
{
    cli_options o;
    if (argc < 2)
        throw usage_error("missing command (see vpbridge --help)");
    o.cmd = parse_command(argv[1]);
    if (o.cmd == command::help || o.cmd == command::version)
        return o;
    for (int i = 2; i < argc;) {
        std::string arg = argv[i];
        if ((arg == "--help" || arg == "-h") && o.cmd == command::device) {
            i++; /* `device TYPE --help` is the device's help */
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            o.cmd = command::help;
            return o;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            i = parse_option(o, argc, argv, i);
            continue;
        }
        bool wants_platform = o.cmd == command::run || o.cmd == command::check || o.cmd == command::device ||
                              o.cmd == command::dumpdtb;
        if (!wants_platform || !o.platform.empty())
            throw usage_error(std::string(cmd_name(o.cmd)) + ": unexpected argument '" + arg + "'");
        o.platform = arg;
        i++;
    }
    check_required(o);
    return o;
}

const char *cli_usage()
{
    return "usage: vpbridge COMMAND [ARGS]\n"
           "\n"
           "commands:\n"
           "  run PLATFORM --kernel FILE [options]       run firmware on a platform\n"
           "  check PLATFORM                             validate a platform, print its map\n"
           "  dumpdtb PLATFORM -o FILE [--append ARGS]   write the platform's device tree blob\n"
           "  modules                                    list the known modules\n"
           "  devices                                    list the device types\n"
           "  device TYPE [--help]                       a device type's options and ports\n"
           "  machines                                   list the machines modules provide\n"
           "  batch JOBS.yaml [-j N] [--junit F] [--json F]  run a list of jobs (see batch --help)\n"
           "  batch-merge [--junit F] [--json F] REPORT.json...  merge the reports of a batch's shards\n"
           "  --help, --version\n"
           "PLATFORM is a platform YAML file, or the name of a machine (see `machines`).\n"
           "\n"
           "run options:\n"
           "  --kernel FILE         kernel: ELF or raw image (required unless --bios FILE)\n"
           "  --bios FILE|none      firmware (ELF or raw) at the start of RAM (default none)\n"
           "  --initrd FILE         initial ramdisk, in the device tree's /chosen\n"
           "  --append ARGS         kernel command line (/chosen bootargs)\n"
           "  --dtb FILE            device tree blob instead of the generated one\n"
           "  --smp N               N harts instead of the platform's cpus.count (1..1024;\n"
           "                        its irqs must be written per hart; also check, dumpdtb)\n"
           "  --quantum TIME        sync quantum, e.g. 10us (default: the platform's)\n"
           "  --max-insns N         stop after N instructions (all harts), exit 124\n"
           "  --max-time TIME       stop at this simulated time, exit 124\n"
           "  --timeout SEC         stop after SEC wall-clock seconds, exit 124\n"
           "  --trace LIST          log categories: in_asm,out_asm,exec,int,tlm,mmu,tb,\n"
           "                        guest_errors,unimp,plugin,sync,all,none (to stderr)\n"
           "  --accel interp|jit    execution engine (default jit on x86-64, else interp)\n"
           "  --stats               print per-hart statistics to stderr at the end\n"
           "  --digest              print the run's execution digest to stderr at the end\n"
           "  --realtime [FACTOR]   simulated time runs at most FACTOR x wall time (default 1); idle costs no CPU\n"
           "  --profile FILE        guest profile: hot functions per hart to FILE, folded stacks to FILE.folded\n"
           "  --profile-period N    a profile sample every N instructions (default 9973)\n"
           "  --gdb tcp::PORT       serve GDB's remote protocol on 127.0.0.1:PORT (0: any free port;\n"
           "                        tcp:HOST:PORT for another address); docs/debugging.md\n"
           "  --gdb-wait            with --gdb: halt before the first instruction until GDB attaches\n"
           "  --vcd FILE            record signals (RTL pins, irq lines) into a VCD file\n"
           "  --fst FILE            the same as a compressed FST file (GTKWave)\n"
           "  --trace-signals LIST  comma-separated globs of signal names for --vcd/--fst (default *)\n"
           "  --semihosting         serve the guest's semihosting calls (console, exit; off by\n"
           "                        default: ebreak then traps as usual; docs/semihosting.md)\n"
           "  --semihosting-root DIR  the directory guest files open in (none: no file access)\n"
           "  --semihosting-cmdline STRING  what the guest's SYS_GET_CMDLINE returns\n"
           "  --module-path DIR     also search DIR for modules (repeatable)\n"
           "  --add-modinfo FILE    also read this module manifest (repeatable)\n"
           "  --add-machines LIB[,LIB...]  machine modules: NAME.modinfo.yaml manifests, or\n"
           "                        libNAME.so with NAME.modinfo.yaml next to it (repeatable)\n"
           "  (--module-path, --add-modinfo, --add-machines also apply to check, modules,\n"
           "   devices, device and machines)\n"
           "\n"
           "exit status: the guest's own; 124 limit reached; 125 configuration error;\n"
           "126 dead-lock (all harts in WFI, nothing pending); 2 bad usage.\n"
           "See docs/cli.md.\n";
}

} // namespace vp::sc
