/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli.c - the vpbridge command line, by running the built binary:
 * usage errors exit 2 with one line on stderr, configuration errors 125
 * naming the file, nothing but guest output on stdout, and (when the
 * platform files and firmware are in the tree) guest exit statuses, the
 * limits (124), dead-locks (126), signals (130/143), output errors (125)
 * and runs with a closed stdout or stderr. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

typedef struct result {
    int status;     /* exit status, or -signal */
    char out[65536];
    char err[4 << 20]; /* traces (out_asm with host code) are long */
} result;

static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

/* A started vpbridge: its pid and where its stdout/stderr go. */
typedef struct proc {
    pid_t pid;
    char dir[32], out[64], err[64];
} proc;

/* Starts vpbridge with the NULL-terminated args, stdin on /dev/null and
 * stdout/stderr in temporary files. `closed_fd` (1 or 2; -1 = none) is
 * closed instead; `out_path` (NULL = the temporary file) receives stdout. */
static void start(proc *p, const char *const *args, int closed_fd, const char *out_path)
{
    strcpy(p->dir, "/tmp/vpcliXXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->out, sizeof p->out, "%s/out", p->dir);
    snprintf(p->err, sizeof p->err, "%s/err", p->dir);
    const char *argv[32] = {VPBRIDGE};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    fflush(stdout);
    fflush(stderr);
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        int fi = open("/dev/null", O_RDONLY);
        int fo = open(out_path ? out_path : p->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(p->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        if (closed_fd >= 0)
            close(closed_fd);
        execv(VPBRIDGE, (char *const *)argv);
        _exit(99);
    }
}

/* Waits for a started vpbridge and collects its status and output. */
static result *finish(proc *p)
{
    static result r;
    int st = 0;
    assert_int_equal(waitpid(p->pid, &st, 0), p->pid);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    slurp(p->out, r.out, sizeof r.out);
    slurp(p->err, r.err, sizeof r.err);
    unlink(p->out);
    unlink(p->err);
    rmdir(p->dir);
    return &r;
}

/* Runs vpbridge with the NULL-terminated args; captures stdout/stderr. */
static result *run(const char *const *args)
{
    proc p;
    start(&p, args, -1, NULL);
    return finish(&p);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Exit 2, exactly one stderr line starting "vpbridge: " containing `what`,
 * and nothing on stdout. */
static void expect_usage_error(const char *const *args, const char *what)
{
    result *r = run(args);
    if (r->status != 2 || !strstr(r->err, what))
        fprintf(stderr, "status %d, stderr: %s", r->status, r->err);
    assert_int_equal(r->status, 2);
    assert_int_equal(count_lines(r->err), 1);
    assert_memory_equal(r->err, "vpbridge: ", 10);
    assert_non_null(strstr(r->err, what));
    assert_string_equal(r->out, "");
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_cli_help_exits_zero(void **state)
{
    (void)state;
    result *r = run(ARGS("--help"));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "usage: vpbridge"));
    assert_non_null(strstr(r->out, "--max-insns"));
    assert_string_equal(r->err, "");
}

static void test_cli_version_exits_zero(void **state)
{
    (void)state;
    result *r = run(ARGS("--version"));
    assert_int_equal(r->status, 0);
    assert_memory_equal(r->out, "vpbridge ", 9);
    assert_string_equal(r->err, ""); /* no SystemC banner either */
}

static void test_cli_missing_command_exits_2(void **state)
{
    (void)state;
    result *r = run(ARGS(NULL));
    assert_int_equal(r->status, 2);
    assert_int_equal(count_lines(r->err), 1);
    expect_usage_error(ARGS("frobnicate"), "unknown command 'frobnicate'");
}

static void test_cli_unknown_option_exits_2(void **state)
{
    (void)state;
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--bogus"), "'--bogus'");
    expect_usage_error(ARGS("--bogus"), "'--bogus'");
}

static void test_cli_bad_time_exits_2(void **state)
{
    (void)state;
    result *r = run(ARGS("run", "p.yaml", "--kernel", "k.elf", "--quantum", "10xs"));
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "vpbridge: --quantum: cannot parse '10xs' as a time\n");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--max-time=soon"), "--max-time: cannot parse 'soon'");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--quantum", "0us"), "--quantum: must be greater");
}

static void test_cli_bad_numbers_exit_2(void **state)
{
    (void)state;
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--max-insns", "12abc"),
                       "--max-insns: cannot parse '12abc' as a count");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--max-insns", "-5"), "--max-insns");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--timeout", "forever"),
                       "--timeout: cannot parse 'forever'");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--timeout", "-1"), "--timeout: must be a positive");
}

static void test_cli_missing_arguments_exit_2(void **state)
{
    (void)state;
    expect_usage_error(ARGS("run", "p.yaml", "--kernel"), "--kernel: missing value");
    expect_usage_error(ARGS("run", "p.yaml"), "missing --kernel");
    expect_usage_error(ARGS("run", "--kernel", "k.elf"), "missing PLATFORM.yaml (or a machine name)");
    expect_usage_error(ARGS("check"), "missing PLATFORM.yaml (or a machine name)");
    expect_usage_error(ARGS("check", "a.yaml", "b.yaml"), "unexpected argument 'b.yaml'");
    expect_usage_error(ARGS("check", "a.yaml", "--kernel", "k.elf"), "'--kernel' does not apply");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--stats=yes"), "--stats: takes no value");
}

static void test_cli_bad_trace_exits_2(void **state)
{
    (void)state;
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--trace", "in_asm,bogus"), "bogus");
}

static void test_cli_accel_jit_exits_2(void **state)
{
    (void)state;
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--accel=tcg"), "unknown accelerator 'tcg'");
}

static void test_cli_missing_platform_file_exits_125(void **state)
{
    (void)state;
    result *r = run(ARGS("run", "/nonexistent/board.yaml", "--kernel", "k.elf"));
    assert_int_equal(r->status, 125);
    assert_non_null(strstr(r->err, "/nonexistent/board.yaml"));
    assert_string_equal(r->out, "");
    r = run(ARGS("check", "/nonexistent/board.yaml"));
    assert_int_equal(r->status, 125);
    assert_non_null(strstr(r->err, "/nonexistent/board.yaml"));
}

/* ---- With the real platforms and firmware (skipped until they exist) ---- */

static int have(const char *path) { return access(path, R_OK) == 0; }

#define RV32_YAML VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define HELLO32 VP_FIRMWARE_DIR "/rv32/hello.elf"
#define HELLO_GOLDEN VP_SOURCE_DIR "/examples/firmware/expected/hello.rv32.out"

static void test_cli_check_valid_platform_exits_0(void **state)
{
    (void)state;
    if (!have(RV32_YAML))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("check", RV32_YAML));
    if (r->status != 0)
        fprintf(stderr, "%s", r->err);
    assert_int_equal(r->status, 0);
    assert_true(strlen(r->out) > 0);
}

static void test_cli_missing_kernel_file_exits_125(void **state)
{
    (void)state;
    if (!have(RV32_YAML))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", "/nonexistent/fw.elf"));
    assert_int_equal(r->status, 125);
    assert_non_null(strstr(r->err, "/nonexistent/fw.elf"));
    assert_string_equal(r->out, "");
}

static void test_cli_run_hello_stdout_is_guest_only(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(HELLO32))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", HELLO32, "--timeout", "30"));
    if (r->status != 0)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 0);
    if (have(HELLO_GOLDEN)) {
        static char golden[65536];
        slurp(HELLO_GOLDEN, golden, sizeof golden);
        assert_string_equal(r->out, golden);
    }
}

static void test_cli_max_insns_exits_124(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(HELLO32))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", HELLO32, "--max-insns", "10"));
    assert_int_equal(r->status, 124);
    assert_non_null(strstr(r->err, "--max-insns"));
}

static void test_cli_max_time_exits_124(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(HELLO32))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", HELLO32, "--max-time", "1ns"));
    assert_int_equal(r->status, 124);
    assert_non_null(strstr(r->err, "--max-time"));
}

#define FW(x) VP_FIRMWARE_DIR "/rv32/" x ".elf"
#define GOLDEN(x) VP_SOURCE_DIR "/examples/firmware/expected/" x ".rv32.out"

static void expect_run(const char *elf, const char *golden, int status)
{
    if (!have(RV32_YAML) || !have(elf))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", elf, "--timeout", "60"));
    if (r->status != status)
        fprintf(stderr, "%s: status %d: %s", elf, r->status, r->err);
    assert_int_equal(r->status, status);
    if (golden && have(golden)) {
        static char want[65536];
        slurp(golden, want, sizeof want);
        assert_string_equal(r->out, want);
    }
}

static void test_cli_guest_status_is_exit_status(void **state)
{
    (void)state;
    expect_run(FW("htif-fail"), GOLDEN("htif-fail"), 3);
    expect_run(FW("stdio"), GOLDEN("stdio"), 42);
}

/* The timer demo sleeps in WFI between CLINT interrupts. */
static void test_cli_timer_firmware_runs(void **state)
{
    (void)state;
    expect_run(FW("timer"), GOLDEN("timer"), 0);
}

/* Traces and statistics go to stderr: stdout stays the guest's. */
static void test_cli_trace_and_stats_leave_stdout_alone(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(HELLO32))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", HELLO32, "--trace", "int,guest_errors,in_asm,out_asm", "--stats"));
    assert_int_equal(r->status, 0);
    static char want[65536];
    slurp(HELLO_GOLDEN, want, sizeof want);
    assert_string_equal(r->out, want);
    assert_non_null(strstr(r->err, "vpbridge: stats: hart 0: insns "));
    assert_non_null(strstr(r->err, "MIPS"));
    /* in_asm: guest code of each new block; out_asm: its IR */
    assert_non_null(strstr(r->err, "IN: hart 0, block 0x80000000"));
    assert_non_null(strstr(r->err, "0x80000000:  "));
    assert_non_null(strstr(r->err, "auipc"));
    assert_non_null(strstr(r->err, "block pc 0x80000000"));
}

#define DEADLOCK VP_BRIDGE_FW_DIR "/rv32/deadlock.elf"
#define SLEEP VP_BRIDGE_FW_DIR "/rv32/sleep.elf"
#define FOREVER VP_BRIDGE_FW_DIR "/rv32/forever.elf"

/* out_asm under the JIT lists the host code of each compiled block
 * (Capstone, loaded only for this): a loop runs long enough to be compiled. */
static void test_cli_out_asm_lists_host_code(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(FOREVER))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", FOREVER, "--accel", "jit", "--trace", "out_asm", "--max-insns",
                         "100000"));
    assert_int_equal(r->status, 124);
    const char *at = strstr(r->err, " bytes of host code\n  0x");
    if (!at || !strstr(at, "  jmp ") || strstr(r->err, "cannot load"))
        fail_msg("no host code listing:\n%.2000s", r->err);
}

static void test_cli_deadlock_exits_126(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(DEADLOCK))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    result *r = run(ARGS("run", RV32_YAML, "--kernel", DEADLOCK, "--timeout", "60"));
    assert_int_equal(r->status, 126);
    assert_non_null(strstr(r->err, "all harts in WFI with no pending event"));
    assert_string_equal(r->out, "");
}

/* One second of guest sleep must not cost a second of host time. */
static void test_cli_wfi_skips_time(void **state)
{
    (void)state;
    if (!have(RV32_YAML) || !have(SLEEP))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    result *r = run(ARGS("run", RV32_YAML, "--kernel", SLEEP, "--stats", "--timeout", "60"));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (r->status != 7)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 7);
    assert_non_null(strstr(r->err, "simulated time 1.0"));
    assert_true(wall < 0.9);
    /* A simulated-time limit ends the same sleep early. */
    r = run(ARGS("run", RV32_YAML, "--kernel", SLEEP, "--max-time", "500ms"));
    assert_int_equal(r->status, 124);
    assert_non_null(strstr(r->err, "--max-time 500ms"));
}

/* ---- Descriptors, signals, output errors, statuses (issue 8: 0, 4, 7) ---- */

#define FWB(x) VP_BRIDGE_FW_DIR "/rv32/" x ".elf"

static void expect_config_error(const char *const *args, const char *what);

static void need(const char *elf)
{
    if (!have(RV32_YAML) || !have(elf))
        fail_msg("a required file is missing (the firmware, board or module build did not run)");
}

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* With stdout or stderr closed, the JIT's code cache (a memfd) must not
 * take its number: guest output or log lines would be written into host
 * code. The run must simply succeed. */
static void test_cli_closed_stdout_or_stderr_runs(void **state)
{
    (void)state;
    need(HELLO32);
    proc p;
    start(&p, ARGS("run", RV32_YAML, "--kernel", HELLO32, "--accel", "jit", "--timeout", "30"), 1, NULL);
    result *r = finish(&p);
    if (r->status != 0)
        fprintf(stderr, "stdout closed: status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 0);
    start(&p,
          ARGS("run", RV32_YAML, "--kernel", HELLO32, "--accel", "jit", "--trace", "in_asm,out_asm,int", "--timeout", "30"),
          2, NULL);
    r = finish(&p);
    assert_int_equal(r->status, 0);
    static char golden[65536];
    slurp(HELLO_GOLDEN, golden, sizeof golden);
    assert_string_equal(r->out, golden);
}

/* A copy of virt-rv32.yaml in `dir` whose UART writes to `uart_path`. */
static void file_board(const char *dir, const char *uart_path, char *yaml, size_t size)
{
    static char text[65536];
    slurp(RV32_YAML, text, sizeof text);
    const char *stdio = "options: {backend: stdio}";
    char *at = strstr(text, stdio);
    assert_non_null(at);
    snprintf(yaml, size, "%s/board.yaml", dir);
    FILE *f = fopen(yaml, "w");
    assert_non_null(f);
    fprintf(f, "%.*soptions: {backend: file, path: '%s'}%s", (int)(at - text), text, uart_path, at + strlen(stdio));
    assert_int_equal(fclose(f), 0);
}

/* Polls `path` until it starts with `want` (30 s at most). */
static void wait_for_output(const char *path, const char *want)
{
    static char got[65536];
    for (int i = 0; i < 3000; i++) {
        slurp(path, got, sizeof got);
        if (!strncmp(got, want, strlen(want)))
            return;
        usleep(10000);
    }
    fail_msg("%s never started with '%s' (has '%s')", path, want, got);
}

/* SIGINT in a run that loops forever: stops at the next block boundary,
 * the UART file gets its buffered tail, --stats is printed, exit 130. */
static void test_cli_sigint_stops_run_cleanly(void **state)
{
    (void)state;
    need(FWB("forever"));
    char dir[] = "/tmp/vpsigXXXXXX", uart[64], yaml[64];
    assert_non_null(mkdtemp(dir));
    snprintf(uart, sizeof uart, "%s/uart.out", dir);
    file_board(dir, uart, yaml, sizeof yaml);
    proc p;
    start(&p, ARGS("run", yaml, "--kernel", FWB("forever"), "--stats", "--timeout", "60"), -1, NULL);
    wait_for_output(uart, "started\n");
    usleep(100000);
    kill(p.pid, SIGINT);
    result *r = finish(&p);
    if (r->status != 130)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 130);
    assert_non_null(strstr(r->err, "vpbridge: stopped: SIGINT\n"));
    assert_non_null(strstr(r->err, "vpbridge: stats: hart 0: insns "));
    assert_non_null(strstr(r->err, "MIPS"));
    static char got[256];
    slurp(uart, got, sizeof got);
    assert_string_equal(got, "started\ntail"); /* the tail had no newline: it was still buffered */
    unlink(uart);
    unlink(yaml);
    rmdir(dir);
}

/* Sends `sig` once the guest printed "started\n" on stdout; the run must
 * end within 5 s with 128 + sig and the stop line. */
static void expect_prompt_stop(const char *elf, int sig, const char *line)
{
    need(elf);
    proc p;
    start(&p, ARGS("run", RV32_YAML, "--kernel", elf, "--timeout", "60"), -1, NULL);
    wait_for_output(p.out, "started\n");
    usleep(100000);
    double t0 = now_sec();
    kill(p.pid, sig);
    result *r = finish(&p);
    double took = now_sec() - t0;
    if (r->status != 128 + sig)
        fprintf(stderr, "%s: status %d: %s", elf, r->status, r->err);
    assert_int_equal(r->status, 128 + sig);
    assert_string_equal(r->err, line);
    assert_string_equal(r->out, "started\n");
    assert_true(took < 5.0);
}

/* A trap storm (mtvec on unmapped memory) retires nothing; a guest that
 * sleeps in WFI makes simulated time race. Both stop promptly. */
static void test_cli_signal_stops_trap_storm_and_wfi(void **state)
{
    (void)state;
    expect_prompt_stop(FWB("trapspin"), SIGTERM, "vpbridge: stopped: SIGTERM\n");
    expect_prompt_stop(FWB("tick"), SIGINT, "vpbridge: stopped: SIGINT\n");
}

/* Exit 125 and one stderr line naming the output and the errno text. */
static void expect_output_error(result *r, const char *what)
{
    if (r->status != 125)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 125);
    assert_int_equal(count_lines(r->err), 1);
    assert_non_null(strstr(r->err, what));
    assert_non_null(strstr(r->err, strerror(ENOSPC)));
}

/* Output that cannot be written (a full disk) fails the run. */
static void test_cli_output_errors_exit_125(void **state)
{
    (void)state;
    need(HELLO32);
    proc p;
    start(&p, ARGS("run", RV32_YAML, "--kernel", HELLO32, "--timeout", "30"), -1, "/dev/full");
    expect_output_error(finish(&p), "cannot write to stdout");
    start(&p, ARGS("check", RV32_YAML), -1, "/dev/full");
    expect_output_error(finish(&p), "cannot write to stdout");
    char dir[] = "/tmp/vpfullXXXXXX", yaml[64];
    assert_non_null(mkdtemp(dir));
    file_board(dir, "/dev/full", yaml, sizeof yaml);
    result *r = run(ARGS("run", yaml, "--kernel", HELLO32, "--timeout", "30"));
    expect_output_error(r, "uart0: cannot write to /dev/full");
    assert_string_equal(r->out, "");
    unlink(yaml);
    rmdir(dir);
}

/* `check` builds the platform but must not create or truncate the UART's
 * output file; `run` does. */
static void test_cli_check_leaves_uart_file_alone(void **state)
{
    (void)state;
    need(HELLO32);
    char dir[] = "/tmp/vpchkXXXXXX", uart[64], yaml[64];
    assert_non_null(mkdtemp(dir));
    snprintf(uart, sizeof uart, "%s/uart.out", dir);
    file_board(dir, uart, yaml, sizeof yaml);
    result *r = run(ARGS("check", yaml));
    assert_int_equal(r->status, 0);
    assert_false(have(uart)); /* not created */
    FILE *f = fopen(uart, "w");
    assert_non_null(f);
    fputs("keep me", f);
    fclose(f);
    r = run(ARGS("check", yaml));
    assert_int_equal(r->status, 0);
    static char got[65536], golden[65536];
    slurp(uart, got, sizeof got);
    assert_string_equal(got, "keep me");
    r = run(ARGS("run", yaml, "--kernel", HELLO32, "--timeout", "30"));
    assert_int_equal(r->status, 0);
    slurp(uart, got, sizeof got);
    slurp(HELLO_GOLDEN, golden, sizeof golden);
    assert_string_equal(got, golden);
    unlink(uart);
    unlink(yaml);
    /* an unopenable path: check is content, run fails with one line */
    file_board(dir, "/nonexistent-dir/uart.out", yaml, sizeof yaml);
    r = run(ARGS("check", yaml));
    assert_int_equal(r->status, 0);
    expect_config_error(ARGS("run", yaml, "--kernel", HELLO32), "device 'uart0' (ns16550a): realize failed: "
                                                                "cannot open output file '/nonexistent-dir/uart.out': ");
    unlink(yaml);
    rmdir(dir);
}

/* A copy of virt-rv32.yaml in `dir` with the UART on PLIC source `src`. */
static void src_board(const char *dir, const char *src, char *yaml, size_t size)
{
    static char text[65536];
    slurp(RV32_YAML, text, sizeof text);
    const char *wire = "uart0.irq -> plic0.src[10]";
    char *at = strstr(text, wire);
    assert_non_null(at);
    snprintf(yaml, size, "%s/board.yaml", dir);
    FILE *f = fopen(yaml, "w");
    assert_non_null(f);
    fprintf(f, "%.*suart0.irq -> plic0.src[%s]%s", (int)(at - text), text, src, at + strlen(wire));
    assert_int_equal(fclose(f), 0);
}

/* PLIC source 0 does not exist: `check` refuses src[0] at its file:line:col
 * (exit 125), and `device plic` shows the src lines as 1..n. */
static void test_cli_check_plic_src0_refused(void **state)
{
    (void)state;
    need(HELLO32);
    char dir[] = "/tmp/vpsrcXXXXXX", yaml[64], want[256];
    assert_non_null(mkdtemp(dir));
    src_board(dir, "1", yaml, sizeof yaml);
    assert_int_equal(run(ARGS("check", yaml))->status, 0);
    src_board(dir, "0", yaml, sizeof yaml);
    snprintf(want, sizeof want, "%s:27:5: irq 'uart0.irq -> plic0.src[0]': plic0.src[0]: line 0 does not exist "
             "(plic src lines are 1..96)", yaml);
    expect_config_error(ARGS("check", yaml), want);
    unlink(yaml);
    rmdir(dir);
    result *r = run(ARGS("device", "plic"));
    assert_int_equal(r->status, 0);
    assert_non_null(
        strstr(r->out, "  src              in  [1..n] interrupt sources, index = source id 1..num-sources"));
    assert_non_null(strstr(r->out, "  meip             out [n]    "));
}

/* A guest status that is also one of vpbridge's own is announced. */
static void test_cli_guest_status_collision_noted(void **state)
{
    (void)state;
    need(FWB("status125"));
    result *r = run(ARGS("run", RV32_YAML, "--kernel", FWB("status125"), "--timeout", "30"));
    assert_int_equal(r->status, 125);
    assert_string_equal(r->err, "vpbridge: note: the guest's exit status 125 is also one of vpbridge's own statuses\n");
    r = run(ARGS("run", RV32_YAML, "--kernel", FW("htif-fail"), "--timeout", "30"));
    assert_int_equal(r->status, 3);
    assert_null(strstr(r->err, "note:"));
}

/* A UART in loopback takes its RX bytes from its own TX: it must not keep
 * a stdin poll pending, so sleeping with no interrupt possible is a
 * dead-lock (126), found at once. */
static void test_cli_uart_loopback_wfi_deadlock_exits_126(void **state)
{
    (void)state;
    need(FWB("loopback"));
    double t0 = now_sec();
    result *r = run(ARGS("run", RV32_YAML, "--kernel", FWB("loopback"), "--timeout", "20"));
    double took = now_sec() - t0;
    if (r->status != 126)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 126);
    assert_non_null(strstr(r->err, "all harts in WFI with no pending event (at "));
    assert_true(took < 5.0);
}

/* ---- Machines from modules (tests/platforms/machines: tpmachine) ---- */

#define MLIB TP_MACH_DIR "/libtpmachine.so"
#define MMANIFEST TP_MACH_DIR "/tpmachine.modinfo.yaml"

static void need_machines(void)
{
    if (!have(MLIB) || !have(MMANIFEST) || !have(HELLO32))
        fail_msg("a required file is missing (tpmachine, firmware or module build did not run)");
}

/* Exit 125, one stderr line "vpbridge: ...what...", nothing on stdout. */
static void expect_config_error(const char *const *args, const char *what)
{
    result *r = run(args);
    if (r->status != 125 || !strstr(r->err, what))
        fprintf(stderr, "status %d, stderr: %s", r->status, r->err);
    assert_int_equal(r->status, 125);
    assert_int_equal(count_lines(r->err), 1);
    assert_memory_equal(r->err, "vpbridge: ", 10);
    assert_non_null(strstr(r->err, what));
    assert_string_equal(r->out, "");
}

static void test_cli_machines_lists_added_machines(void **state)
{
    (void)state;
    need_machines();
    result *r = run(ARGS("machines", "--add-machines", MLIB));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "tp-virt32"));
    assert_non_null(strstr(r->out, "tpmachine"));
    assert_non_null(strstr(r->out, "virt-rv32 twin built in code"));
    r = run(ARGS("machines"));
    assert_int_equal(r->status, 0);
    assert_null(strstr(r->out, "tp-virt32"));
}

static void test_cli_machine_run_hello(void **state)
{
    (void)state;
    need_machines();
    static char golden[65536];
    slurp(HELLO_GOLDEN, golden, sizeof golden);
    assert_true(strlen(golden) > 0);
    result *r = run(ARGS("run", "tp-virt32", "--add-machines", MLIB, "--kernel", HELLO32, "--timeout", "30"));
    if (r->status != 0)
        fprintf(stderr, "status %d: %s", r->status, r->err);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, golden);
    r = run(ARGS("run", "tp-yaml", "--add-machines=" MMANIFEST, "--kernel", HELLO32, "--timeout", "30"));
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, golden);
}

static void test_cli_machine_check_prints_map(void **state)
{
    (void)state;
    need_machines();
    result *r = run(ARGS("check", "tp-virt32", "--add-machines", MLIB));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "platform tp-virt32"));
    assert_non_null(strstr(r->out, "0x10000000  0x100000ff"));
    assert_non_null(strstr(r->out, "uart0.irq"));
    assert_string_equal(r->err, "");
}

static void test_cli_machine_errors_exit_125(void **state)
{
    (void)state;
    need_machines();
    expect_config_error(ARGS("check", "nosuch", "--add-machines", MLIB),
                        "platform 'nosuch': no such file, and no machine 'nosuch' (see `vpbridge machines`)");
    expect_config_error(ARGS("check", "tp-virt32"), "no machine 'tp-virt32'");
    expect_config_error(ARGS("check", "tp-fail", "--add-machines", MLIB), "machine 'tp-fail': build(): failed");
    expect_config_error(ARGS("run", "tp-overlap", "--add-machines", MLIB, "--kernel", HELLO32),
                        "machine 'tp-overlap': add_device('uart0'): device 'uart0' [0x80001000..0x800010ff] overlaps "
                        "ram 'ram'");
    expect_config_error(ARGS("check", "tp-badtype", "--add-machines", MLIB),
                        "machine 'tp-badtype': add_device('dev0'): unknown device type 'nosuchdev'");
    expect_config_error(ARGS("check", "tp-badopt", "--add-machines", MLIB),
                        "machine 'tp-badopt': set_option('uart0', 'colour'): ");
}

static void test_cli_add_machines_bad_items(void **state)
{
    (void)state;
    need_machines();
    expect_usage_error(ARGS("check", "x", "--add-machines", MLIB ","), "--add-machines: empty item");
    expect_config_error(ARGS("machines", "--add-machines", "/nonexistent/libm.so"),
                        "--add-machines /nonexistent/libm.so: no such file");
    expect_config_error(ARGS("check", "tp-virt32", "--add-machines", HELLO32 "," MLIB),
                        "--add-machines " HELLO32 ": not a module manifest");
}

static void test_cli_list_commands_accept_add_machines(void **state)
{
    (void)state;
    need_machines();
    result *r = run(ARGS("modules", "--add-machines", MLIB));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "tpmachine"));
    r = run(ARGS("device", "ns16550a", "--help", "--add-machines", MLIB));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "backend"));
    r = run(ARGS("devices", "--add-machines", MLIB));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "ns16550a"));
}

/* --smp N: bad values are usage errors; N harts on a board written per
 * hart; a board wired hart by hart (or a PLIC too small) is refused. */
static void test_cli_smp(void **state)
{
    (void)state;
    need_machines();
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--smp", "0"), "--smp: must be greater than zero");
    expect_usage_error(ARGS("run", "p.yaml", "--kernel", "k.elf", "--smp=-2"), "--smp: cannot parse '-2' as a count");
    expect_usage_error(ARGS("check", "p.yaml", "--smp", "4x"), "--smp: cannot parse '4x' as a count");
    expect_usage_error(ARGS("dumpdtb", "p.yaml", "-o", "x.dtb", "--smp", "1025"),
                       "--smp: 1025 harts is above the limit of 1024");
    expect_usage_error(ARGS("check", "p.yaml", "--smp"), "--smp: missing value");
    expect_usage_error(ARGS("devices", "--smp", "2"), "devices: option '--smp' does not apply");
    result *r = run(ARGS("check", RV32_YAML, "--smp", "3"));
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "cpus: 3 x rv32imac @ 1 GHz (hart0..hart2)"));
    assert_non_null(strstr(r->out, "clint0.msip[2] -> hart2.msip"));
    assert_non_null(strstr(r->out, "plic0.meip[2]  -> hart2.meip"));
    assert_string_equal(r->err, "");
    expect_config_error(ARGS("check", "tp-virt32", "--add-machines", MLIB, "--smp", "2"),
                        "machine 'tp-virt32': connect('clint0.msip[0] -> hart0.msip'): irq 'clint0.msip[0] -> "
                        "hart0.msip' wires hart0 alone: board 'tp-virt32' has 1 hart (cpus.count) and cannot be "
                        "given 2 unless its hart irqs are written per hart");
    expect_config_error(ARGS("run", "tp-yaml", "--add-machines", MMANIFEST, "--kernel", HELLO32, "--smp", "4"),
                        "tp-yaml.yaml:23:5: irq 'clint0.msip[0] -> hart0.msip' wires hart0 alone");
    r = run(ARGS("check", "tp-virt32", "--add-machines", MLIB, "--smp", "1")); /* its own count */
    assert_int_equal(r->status, 0);
    expect_config_error(ARGS("check", RV32_YAML, "--smp", "513"),
                        "virt-rv32.yaml:17:5: device 'plic0' (plic): create failed: 513 harts need 1026 contexts");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_help_exits_zero),
        cmocka_unit_test(test_cli_version_exits_zero),
        cmocka_unit_test(test_cli_missing_command_exits_2),
        cmocka_unit_test(test_cli_unknown_option_exits_2),
        cmocka_unit_test(test_cli_bad_time_exits_2),
        cmocka_unit_test(test_cli_bad_numbers_exit_2),
        cmocka_unit_test(test_cli_missing_arguments_exit_2),
        cmocka_unit_test(test_cli_bad_trace_exits_2),
        cmocka_unit_test(test_cli_accel_jit_exits_2),
        cmocka_unit_test(test_cli_missing_platform_file_exits_125),
        cmocka_unit_test(test_cli_check_valid_platform_exits_0),
        cmocka_unit_test(test_cli_missing_kernel_file_exits_125),
        cmocka_unit_test(test_cli_run_hello_stdout_is_guest_only),
        cmocka_unit_test(test_cli_max_insns_exits_124),
        cmocka_unit_test(test_cli_max_time_exits_124),
        cmocka_unit_test(test_cli_guest_status_is_exit_status),
        cmocka_unit_test(test_cli_timer_firmware_runs),
        cmocka_unit_test(test_cli_trace_and_stats_leave_stdout_alone),
        cmocka_unit_test(test_cli_out_asm_lists_host_code),
        cmocka_unit_test(test_cli_deadlock_exits_126),
        cmocka_unit_test(test_cli_wfi_skips_time),
        cmocka_unit_test(test_cli_closed_stdout_or_stderr_runs),
        cmocka_unit_test(test_cli_sigint_stops_run_cleanly),
        cmocka_unit_test(test_cli_signal_stops_trap_storm_and_wfi),
        cmocka_unit_test(test_cli_output_errors_exit_125),
        cmocka_unit_test(test_cli_check_leaves_uart_file_alone),
        cmocka_unit_test(test_cli_check_plic_src0_refused),
        cmocka_unit_test(test_cli_guest_status_collision_noted),
        cmocka_unit_test(test_cli_uart_loopback_wfi_deadlock_exits_126),
        cmocka_unit_test(test_cli_machines_lists_added_machines),
        cmocka_unit_test(test_cli_machine_run_hello),
        cmocka_unit_test(test_cli_machine_check_prints_map),
        cmocka_unit_test(test_cli_machine_errors_exit_125),
        cmocka_unit_test(test_cli_add_machines_bad_items),
        cmocka_unit_test(test_cli_list_commands_accept_add_machines),
        cmocka_unit_test(test_cli_smp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
