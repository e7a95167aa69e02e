/* SPDX-License-Identifier: Apache-2.0 */
/* test_gdb.c - `vpbridge run --gdb` (docs/debugging.md) driven by Debian's
 * gdb-multiarch in batch mode, as a firmware developer would drive it:
 * breakpoints at functions, continue, step and stepi (into a trap
 * handler), registers (integer, FP, CSRs) and memory, watchpoints that
 * fire, a variable written by the debugger that changes the program's
 * output and exit status, harts as threads, Ctrl-C, monitor commands,
 * detach, kill, and the guest's exit status as GDB reports it. A client
 * that sends garbage and hangs up must not crash or hang the run.
 *
 * Each case starts vpbridge with --gdb tcp::0 (a free loopback port that it
 * prints), then runs gdb-multiarch -batch on a script. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define RV32 VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define RV64GC VP_SOURCE_DIR "/platforms/virt-rv64gc.yaml"
#define DEMO32 VP_BUILD_DIR "/firmware/rv32/gdbdemo.elf"
#define DEMO64 VP_BUILD_DIR "/firmware/rv64/gdbdemo.elf"
#define TRAPS VP_BRIDGE_FW_DIR "/rv32/trapcount.elf"
#define FOREVER VP_BRIDGE_FW_DIR "/rv32/forever.elf"

typedef struct session {
    int status; /* vpbridge's exit status */
    char *gdb;  /* what gdb printed (stdout and stderr) */
    char *out;  /* vpbridge's stdout (the guest's console) */
    char *err;  /* vpbridge's stderr */
} session;

static char g_dir[] = "/tmp/vp_gdb_XXXXXX";

static int setup(void **state)
{
    (void)state;
    if (system("command -v gdb-multiarch >/dev/null") != 0) {
        fprintf(stderr, "test_gdb: gdb-multiarch is missing (Debian package gdb-multiarch; tools/setup.sh installs it)\n");
        return -1;
    }
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vp_cmd_remove_tree(g_dir);
    return 0;
}

static void session_free(session *s)
{
    free(s->gdb);
    free(s->out);
    free(s->err);
}

/* Starts `vpbridge run PLATFORM --kernel ELF --gdb tcp::0 EXTRA...` with
 * stdout and stderr in files; returns its pid and the port it listens on. */
static pid_t start_vpbridge(const char *platform, const char *elf, const char *const *extra, int *port)
{
    const char *argv[24] = {VPBRIDGE, "run", platform, "--kernel", elf, "--gdb", "tcp::0"};
    size_t n = 7;
    for (; extra && *extra && n < 23; extra++)
        argv[n++] = *extra;
    argv[n] = NULL;
    char out[256], err[256];
    snprintf(out, sizeof out, "%s/vp.out", g_dir);
    snprintf(err, sizeof err, "%s/vp.err", g_dir);
    unlink(err); /* not the last session's port */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || in < 0)
            _exit(127);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        execv(VPBRIDGE, (char *const *)argv);
        _exit(127);
    }
    *port = 0;
    for (int i = 0; i < 400 && !*port; i++) { /* up to 20 s (the sanitizer build starts slowly) */
        char *text = vp_cmd_slurp(err);
        const char *at = strstr(text, "listening on 127.0.0.1:");
        if (at)
            *port = atoi(at + strlen("listening on 127.0.0.1:"));
        free(text);
        if (!*port)
            usleep(50000);
    }
    if (!*port) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        char *text = vp_cmd_slurp(err);
        fail_msg("vpbridge did not say where it listens: %s", text);
    }
    return pid;
}

/* Waits for vpbridge (at most 60 s, then kills it and fails). */
static int wait_vpbridge(pid_t pid)
{
    int st = 0;
    for (int i = 0; i < 1200; i++) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1; /* the caller says what the debugger saw */
}

static void unlink_in_dir(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    unlink(path);
}

/* A whole session: vpbridge with the debugger's script (one command per
 * line). interrupt_ms > 0: a Ctrl-C (SIGINT) reaches gdb that long after
 * the script runs `shell touch DIR/continuing` (just before its
 * `continue`), as when a user presses it during `continue`. */
static session run_session_int(const char *platform, const char *elf, const char *const *extra, const char *script,
                               int interrupt_ms)
{
    int port;
    pid_t pid = start_vpbridge(platform, elf, extra, &port);
    char text[8192];
    snprintf(text, sizeof text, "set confirm off\nset pagination off\nset width 0\n%s", script);
    vp_cmd_write_file(g_dir, "script.gdb", text);
    /* gdb in the foreground (a background job would ignore SIGINT); the
     * Ctrl-C comes from a background sleeper that reads gdb's pid (timeout
     * passes the signal on) */
    char killer[512] = "";
    unlink_in_dir("continuing");
    if (interrupt_ms > 0) /* once the script says it is about to continue (shell touch DIR/continuing) */
        snprintf(killer, sizeof killer,
                 "(while [ ! -e %s/continuing ]; do sleep 0.1; done; sleep %d.%03d; kill -INT $(cat %s/gdb.pid)) & ",
                 g_dir, interrupt_ms / 1000, interrupt_ms % 1000, g_dir);
    vp_cmd_result g = vp_cmd_run("%ssh -c 'echo $$ > %s/gdb.pid; exec timeout 120 gdb-multiarch -nx -batch -ex \"file "
                                 "%s\" -ex \"target remote 127.0.0.1:%d\" -x %s/script.gdb' 2>&1",
                                 killer, g_dir, elf, port, g_dir);
    session s = {.status = wait_vpbridge(pid)};
    /* GDB prints console output of monitor commands to stderr */
    size_t lo = strlen(g.out), le = strlen(g.err);
    s.gdb = malloc(lo + le + 1);
    assert_non_null(s.gdb);
    memcpy(s.gdb, g.out, lo);
    memcpy(s.gdb + lo, g.err, le + 1);
    free(g.out);
    free(g.err);
    char path[256];
    snprintf(path, sizeof path, "%s/vp.out", g_dir);
    s.out = vp_cmd_slurp(path);
    snprintf(path, sizeof path, "%s/vp.err", g_dir);
    s.err = vp_cmd_slurp(path);
    if (s.status < 0)
        fail_msg("vpbridge did not end after the debugger was done; gdb printed:\n%s\nvpbridge's stderr:\n%s", s.gdb,
                 s.err);
    return s;
}

static session run_session(const char *platform, const char *elf, const char *const *extra, const char *script)
{
    return run_session_int(platform, elf, extra, script, 0);
}

static void expect_out(const session *s, const char *needle)
{
    if (!strstr(s->out, needle))
        fail_msg("the guest did not print '%s'; it printed:\n%s\ngdb printed:\n%s", needle, s->out, s->gdb);
}

static void expect(const session *s, const char *needle)
{
    if (!strstr(s->gdb, needle))
        fail_msg("gdb did not print '%s'; it printed:\n%s\nvpbridge's stderr:\n%s", needle, s->gdb, s->err);
}

static const char *const k_wait[] = {"--gdb-wait", NULL};

/* gdbdemo's series: acc = acc * scale + k, `steps` steps, in xlen bits. */
static unsigned long long series(unsigned long long scale, unsigned steps, unsigned xlen)
{
    unsigned long long acc = 1, mask = xlen == 32 ? 0xffffffffull : ~0ull;
    for (unsigned k = 0; k < steps; k++)
        acc = (acc * scale + k) & mask;
    return acc;
}

/* Break at a function, look at registers and memory, stepi, break in a
 * callee on its 151st call (by then the JIT has compiled it), backtrace,
 * finish, then let the program end. */
static void break_and_look(const char *platform, const char *elf, const char *const *extra, bool fp, unsigned xlen)
{
    char script[2048];
    snprintf(script, sizeof script,
             "break compute\n"
             "continue\n"
             "p/x $a0\n"
             "p scale\n"
             "x/1xb &scale\n"
             "p $pc == compute\n"
             "p/x $mstatus\n"
             "p $misa != 0\n"
             "%s"
             "stepi\n"
             "p $pc > compute\n"
             "break mix\n"
             "ignore 2 150\n"
             "continue\n"
             "p $a1\n"
             "bt\n"
             "finish\n"
             "delete\n"
             "continue\n",
             fp ? "p $ft0\nset var $fa1 = 2.5\np $fa1\np $fcsr\n" : "");
    session s = run_session(platform, elf, extra, script);
    expect(&s, "Breakpoint 1, compute (n=n@entry=200)");
    expect(&s, "$1 = 0xc8"); /* a0: the argument */
    expect(&s, "$2 = 3");    /* scale, read through memory */
    expect(&s, ":\t0x03");   /* x/1xb */
    expect(&s, "$3 = 1");    /* pc at the breakpoint */
    expect(&s, "$4 = 0x");   /* a CSR from the target description */
    expect(&s, "$5 = 1");
    if (fp) {
        expect(&s, "$6 = {float = 0, double = 0}"); /* ft0 (GDB's union for a D register) */
        expect(&s, "double = 2.5}");                /* fa1 written and read back */
        expect(&s, "$8 = <unavailable>");           /* fcsr: mstatus.FS is Off, the guest has none now */
        expect(&s, "$9 = 1");   /* stepi moved pc on */
        expect(&s, "$10 = 150"); /* mix's k on its 151st call */
    } else {
        expect(&s, "$6 = 1");
        expect(&s, "$7 = 150");
    }
    /* GDB 13 finds no line table for mix while attached (to QEMU too), so
     * only what holds either way: the stop in mix, the caller, finish. */
    expect(&s, "Breakpoint 2, ");
    expect(&s, "mix (");
    expect(&s, "in compute (n=n@entry=200)");
    expect(&s, "total = acc;"); /* finish: back in compute, after the call */
    expect(&s, "[Inferior 1 (Remote target) exited normally]");
    assert_int_equal(s.status, 0);
    char want[64];
    snprintf(want, sizeof want, "gdbdemo: result %llu\n", series(3, 200, xlen));
    expect_out(&s, want);
    session_free(&s);
}

static void break_rv32_jit(void **state)
{
    (void)state;
    break_and_look(RV32, DEMO32, k_wait, false, 32);
}

static void break_rv32_interp(void **state)
{
    (void)state;
    static const char *const interp[] = {"--gdb-wait", "--accel", "interp", NULL};
    break_and_look(RV32, DEMO32, interp, false, 32);
}

static void break_rv64_fp(void **state)
{
    (void)state;
    break_and_look(RV64GC, DEMO64, k_wait, true, 64);
}

/* A watchpoint fires on each store with old and new values; a read
 * watchpoint fires on the load; scale written by the debugger changes the
 * output and the exit status GDB reports. */
static void watch_and_write(void **state)
{
    (void)state;
    session s = run_session(RV32, DEMO32, k_wait,
                            "break compute\n"
                            "continue\n"
                            "set var scale = 4\n"
                            "watch total\n"
                            "continue\n"
                            "ignore 2 149\n"
                            "continue\n"
                            "delete\n"
                            "rwatch scale\n"
                            "continue\n"
                            "delete\n"
                            "continue\n");
    char want[128];
    expect(&s, "Hardware watchpoint 2: total");
    expect(&s, "Old value = 0\nNew value = 4\n"); /* the first store */
    /* the 151st store, in code the JIT has compiled by then */
    snprintf(want, sizeof want, "Old value = %llu\nNew value = %llu\n", series(4, 150, 32), series(4, 151, 32));
    expect(&s, want);
    expect(&s, "Hardware read watchpoint 3: scale\n\nValue = 4\n");
    expect(&s, "[Inferior 1 (Remote target) exited with code 03]");
    assert_int_equal(s.status, 3);
    snprintf(want, sizeof want, "gdbdemo: result %llu\n", series(4, 200, 32));
    expect_out(&s, want);
    session_free(&s);
}

/* Two harts are two threads; stepping one leaves the other where it is. */
static void threads(void **state)
{
    (void)state;
    static const char *const smp[] = {"--gdb-wait", "--smp", "2", NULL};
    session s = run_session(RV64GC, DEMO64, smp,
                            "break compute\n"
                            "continue\n"
                            "info threads\n"
                            "set scheduler-locking step\n"
                            "thread 2\n"
                            "stepi 300\n"
                            "info symbol $pc\n"
                            "p hart_ticks[1] > 0\n"
                            "thread 1\n"
                            "p $pc == compute\n"
                            "delete\n"
                            "continue\n");
    expect(&s, "Thread 1 (hart 0)");
    expect(&s, "Thread 2 (hart 1)");
    expect(&s, "[Switching to thread 2 (Thread 2)]");
    expect(&s, "vp_rt_secondary");
    expect(&s, "$1 = 1");
    expect(&s, "[Switching to thread 1 (Thread 1)]");
    expect(&s, "$2 = 1");
    expect(&s, "[Inferior 1 (Remote target) exited normally]");
    assert_int_equal(s.status, 0);
    session_free(&s);
}

/* GDB steps RISC-V code in software (a breakpoint after the instruction):
 * stepi over an ecall runs the whole handler and stops after the ecall
 * (as with QEMU); the trap was taken. kill ends the run. (A stub-side
 * step, which goes into the handler, is in raw_step_into_handler.) */
static void stepi_over_trap(void **state)
{
    (void)state;
    session s = run_session(RV32, TRAPS, k_wait,
                            "stepi 4\n"
                            "x/i $pc\n"
                            "stepi\n"
                            "x/i $pc\n"
                            "p $mcause\n"
                            "kill\n");
    expect(&s, "ecall");
    expect(&s, "$1 = 11");
    expect(&s, "s0,s0,-1"); /* back after the ecall, the handler done */
    expect(&s, "[Inferior 1 (Remote target) killed]");
    assert_int_equal(s.status, 137);
    assert_non_null(strstr(s.err, "killed by the debugger"));
    session_free(&s);
}

/* Attach to a running platform, monitor commands, Ctrl-C (GDB's
 * interrupt), monitor reset, kill. */
static void interrupt_and_monitor(void **state)
{
    (void)state;
    char script[1024];
    snprintf(script, sizeof script,
             "monitor stats\n"
             "monitor quantum 1us\n"
             "monitor quantum\n"
             "monitor bogus\n"
             "shell touch %s/continuing\n"
             "continue\n"
             "monitor reset\n"
             "maint flush register-cache\n"
             "p $pc == _start\n"
             "kill\n",
             g_dir);
    session s = run_session_int(RV32, FOREVER, NULL, script, 1000);
    expect(&s, "hart 0: pc 0x");
    expect(&s, "quantum 1 us");
    expect(&s, "unknown monitor command 'bogus'");
    expect(&s, "monitor stats");
    expect(&s, "Program received signal SIGINT");
    expect(&s, "harts reset, images loaded again");
    expect(&s, "$1 = 1");
    assert_int_equal(s.status, 137);
    session_free(&s);
}

/* Detach: the breakpoints go, the run goes on to its end. */
static void detach(void **state)
{
    (void)state;
    session s = run_session(RV32, DEMO32, k_wait,
                            "break mix\n"
                            "continue\n"
                            "detach\n");
    expect(&s, "Breakpoint 1, ");
    expect(&s, "[Inferior 1 (Remote target) detached]");
    assert_int_equal(s.status, 0);
    char want[64];
    snprintf(want, sizeof want, "gdbdemo: result %llu\n", series(3, 200, 32));
    expect_out(&s, want);
    session_free(&s);
}

static void send_str(int fd, const char *s, size_t n)
{
    assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* A well-formed packet around `payload`. */
static void send_packet(int fd, const char *payload)
{
    unsigned sum = 0;
    for (const char *p = payload; *p; p++)
        sum += (unsigned char)*p;
    char buf[512];
    int n = snprintf(buf, sizeof buf, "$%s#%02x", payload, sum & 0xff);
    send_str(fd, buf, (size_t)n);
}

/* Garbage, bad checksums, a packet too long, malformed commands, then a
 * hang-up while the platform waits: it runs on to its normal end. */
static void garbage_and_drop(void **state)
{
    (void)state;
    int port;
    pid_t pid = start_vpbridge(RV32, DEMO32, k_wait, &port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    send_str(fd, "\x00\xff garbage +-+ \x03", 16);
    send_str(fd, "$g#00", 5); /* bad checksum */
    char big[9000];
    memset(big, 'A', sizeof big);
    big[0] = '$';
    send_str(fd, big, sizeof big); /* never ends with '#': dropped */
    static const char *const bad[] = {"m0,zz", "mffffffffffffffffff,4", "M0,4:zz", "X0,100000:", "Z9,0,0",
                                      "z0,1,2,3", "vCont;x", "vCont;s:99", "Hg99", "p1000000000", "P20=zz",
                                      "qXfer:features:read:other.xml:0,10", "qRcmd,zz", "G00", "T99", "c zz",
                                      "qThreadExtraInfo,-1", "C", NULL};
    for (const char *const *b = bad; *b; b++)
        send_packet(fd, *b);
    send_packet(fd, "qC"); /* a sane one: the server still answers */
    char reply[65536];
    size_t got = 0;
    for (int i = 0; i < 100 && !strstr(reply, "$QC1#"); i++) {
        ssize_t n = recv(fd, reply + got, sizeof reply - 1 - got, MSG_DONTWAIT);
        if (n > 0)
            got += (size_t)n;
        reply[got] = 0;
        if (n <= 0)
            usleep(50000);
    }
    close(fd);
    assert_non_null(strstr(reply, "-"));     /* the bad checksum */
    assert_non_null(strstr(reply, "$E22#")); /* malformed commands */
    assert_non_null(strstr(reply, "$QC1#"));
    int status = wait_vpbridge(pid);
    if (status < 0)
        fail_msg("vpbridge did not end after the client hung up");
    char path[256];
    snprintf(path, sizeof path, "%s/vp.out", g_dir);
    char *out = vp_cmd_slurp(path);
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "gdbdemo: result "));
    free(out);
}

/* The payload of the next packet from fd (acks skipped), in buf. */
static const char *next_reply(int fd, char *buf, size_t size)
{
    size_t got = 0;
    for (int i = 0; i < 400; i++) {
        buf[got] = 0;
        char *d = strchr(buf, '$'), *h = d ? strchr(d, '#') : NULL;
        if (h && strlen(h) >= 3) {
            *h = 0;
            return d + 1;
        }
        ssize_t n = recv(fd, buf + got, size - 1 - got, MSG_DONTWAIT);
        if (n > 0)
            got += (size_t)n;
        else
            usleep(50000);
    }
    fail_msg("no reply from the server");
    return "";
}

static int connect_port(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* A client that steps with the protocol's own step (vCont;s, what other
 * debuggers and IDEs send): stepping an ecall stops at the handler's first
 * instruction (pc == mtvec, mcause 11). */
static void raw_step_into_handler(void **state)
{
    (void)state;
    int port;
    pid_t pid = start_vpbridge(RV32, TRAPS, k_wait, &port);
    int fd = connect_port(port);
    char buf[4096], pc[64] = "", mtvec[64] = "";
    send_packet(fd, "QStartNoAckMode");
    assert_string_equal(next_reply(fd, buf, sizeof buf), "OK");
    for (int i = 0; i < 4; i++) { /* to the ecall */
        send_packet(fd, "vCont;s:1");
        assert_string_equal(next_reply(fd, buf, sizeof buf), "T05thread:1;");
    }
    send_packet(fd, "p20");
    assert_string_equal(next_reply(fd, buf, sizeof buf), "10000080"); /* 0x80000010: the ecall */
    send_packet(fd, "vCont;s:1");
    assert_string_equal(next_reply(fd, buf, sizeof buf), "T05thread:1;");
    send_packet(fd, "p20");
    snprintf(pc, sizeof pc, "%s", next_reply(fd, buf, sizeof buf));
    send_packet(fd, "p346"); /* 65 + 0x305: mtvec */
    snprintf(mtvec, sizeof mtvec, "%s", next_reply(fd, buf, sizeof buf));
    assert_string_equal(pc, mtvec);
    send_packet(fd, "p383"); /* 65 + 0x342: mcause */
    assert_string_equal(next_reply(fd, buf, sizeof buf), "0b000000");
    send_packet(fd, "vKill;1");
    assert_string_equal(next_reply(fd, buf, sizeof buf), "OK");
    close(fd);
    assert_int_equal(wait_vpbridge(pid), 137);
}

/* A client that asks and never reads the answers: the server's send
 * times out (10 s), it drops the client as a detach, and the run ends. */
static void client_never_reads(void **state)
{
    (void)state;
    int port;
    pid_t pid = start_vpbridge(RV32, DEMO32, k_wait, &port);
    int fd = socket(AF_INET, SOCK_STREAM, 0), small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    const char *payload = "m80000000,7d0";
    unsigned sum = 0;
    for (const char *c = payload; *c; c++)
        sum += (unsigned char)*c;
    char pkt[32];
    int n = snprintf(pkt, sizeof pkt, "$%s#%02x", payload, sum & 0xff);
    for (int i = 0; i < 100000; i++) /* 4 KB answers, never read: until the server hangs up */
        if (send(fd, pkt, (size_t)n, MSG_NOSIGNAL) != n)
            break;
    int status = wait_vpbridge(pid);
    close(fd);
    if (status < 0)
        fail_msg("vpbridge hung on a client that does not read");
    assert_int_equal(status, 0);
}

/* Bad --gdb addresses and --gdb-wait alone are clear errors. */
static void bad_options(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --gdb tcp:no.such.host.invalid:1", VPBRIDGE, RV32, DEMO32);
    if (r.status != 125 || !strstr(r.err, "--gdb 'tcp:no.such.host.invalid:1'"))
        fail_msg("status %d: %s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("%s run %s --kernel %s --gdb 99999", VPBRIDGE, RV32, DEMO32);
    assert_int_equal(r.status, 125);
    assert_non_null(strstr(r.err, "expected tcp::PORT"));
    vp_cmd_free(&r);
    r = vp_cmd_run("%s run %s --kernel %s --gdb-wait", VPBRIDGE, RV32, DEMO32);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--gdb-wait: needs --gdb"));
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(break_rv32_jit),   cmocka_unit_test(break_rv32_interp),
        cmocka_unit_test(break_rv64_fp),    cmocka_unit_test(watch_and_write),
        cmocka_unit_test(threads),          cmocka_unit_test(stepi_over_trap),
        cmocka_unit_test(interrupt_and_monitor), cmocka_unit_test(detach),
        cmocka_unit_test(garbage_and_drop), cmocka_unit_test(raw_step_into_handler),
        cmocka_unit_test(client_never_reads),
        cmocka_unit_test(bad_options),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
