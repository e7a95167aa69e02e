/* SPDX-License-Identifier: Apache-2.0 */
/* linux_boot.c - boot the Linux test guest with the built vpbridge, feed its
 * console through a pipe, check its output line by line (linux_boot.h). */
#include "linux_boot.h"

#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define FW_JUMP "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
#define COMPUTE_DEFAULT 2000000u /* the init's defaults (examples/linux/init.c) */
#define MEMORY_DEFAULT 1000000u
#define TAIL_LINES 40

const linux_board linux_board_1hart = {"1 hart", VP_SOURCE_DIR "/platforms/virt-rv64gc.yaml", 1, false};
/* The command: the same board with --smp 4 (its irqs are per hart). */
const linux_board linux_board_4harts = {"4 harts", VP_SOURCE_DIR "/platforms/virt-rv64gc.yaml", 4, true};

/* The Image path the linux_guest fixture wrote, malloc'ed. */
static char *image_path(void)
{
    FILE *f = fopen(LINUX_IMAGE_FILE, "r");
    if (!f)
        fail_msg("%s: %s; the linux_guest fixture writes it (run the tests with ctest, which runs it first)",
                 LINUX_IMAGE_FILE, strerror(errno));
    char line[4096] = "";
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    if (!got || !*line || access(line, R_OK) != 0)
        fail_msg("%s names no readable Image ('%s'); rerun the linux_guest fixture", LINUX_IMAGE_FILE, line);
    return strdup(line);
}

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

/* Makes room for 64 KiB more (and the NUL). */
static void buf_grow(buf *b)
{
    if (b->p && b->cap - b->len >= 65536)
        return;
    b->cap = b->cap * 2 + 65536;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
    b->p[b->len] = '\0';
}

/* Appends what fd has; false at EOF or error. */
static bool buf_read(buf *b, int fd)
{
    buf_grow(b);
    ssize_t n = read(fd, b->p + b->len, b->cap - b->len - 1);
    if (n < 0 && errno == EINTR)
        return true;
    if (n <= 0)
        return false;
    b->len += (size_t)n;
    b->p[b->len] = '\0';
    return true;
}

static void write_all(int fd, const char *s)
{
    for (size_t n = strlen(s); n > 0;) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* the run ended: its output tells */
        s += w;
        n -= (size_t)w;
    }
}

/* Collects stdout and stderr until both close, writing `input` to `in` once
 * stdout shows `prompt`; kills the child at the deadline. */
static void collect(linux_run *r, pid_t pid, int in, int out, int err, const char *prompt, const char *input)
{
    buf o = {0}, e = {0};
    buf_grow(&o);
    buf_grow(&e);
    time_t deadline = time(NULL) + LINUX_BOOT_TIMEOUT + 30;
    bool open_o = true, open_e = true;
    while (open_o || open_e) {
        struct pollfd p[2] = {{.fd = open_o ? out : -1, .events = POLLIN}, {.fd = open_e ? err : -1, .events = POLLIN}};
        int left = (int)(deadline - time(NULL));
        if (left <= 0) {
            kill(pid, SIGKILL);
            fprintf(stderr, "linux_boot: %s: no end after %d s, killed\n", r->cmd, LINUX_BOOT_TIMEOUT + 30);
            break;
        }
        if (poll(p, 2, left * 1000) < 0 && errno != EINTR)
            break;
        if (p[0].revents)
            open_o = buf_read(&o, out);
        if (p[1].revents)
            open_e = buf_read(&e, err);
        if (in >= 0 && prompt && strstr(o.p, prompt)) {
            write_all(in, input);
            close(in);
            in = -1;
        }
    }
    if (in >= 0)
        close(in);
    int st = 0;
    waitpid(pid, &st, 0);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = o.p;
    r->out_len = o.len;
    r->err = e.p;
}

void linux_boot(linux_run *r, const linux_board *b, const char *accel, const char *append, const char *prompt,
                const char *input)
{
    memset(r, 0, sizeof *r);
    if (access(VPBRIDGE, X_OK) != 0)
        fail_msg("%s: %s (build the vpbridge target)", VPBRIDGE, strerror(errno));
    if (access(FW_JUMP, R_OK) != 0)
        fail_msg("%s: %s (package opensbi; tools/setup.sh installs it)", FW_JUMP, strerror(errno));
    char *image = image_path();
    char timeout[32];
    snprintf(timeout, sizeof timeout, "%d", LINUX_BOOT_TIMEOUT);
    const char *argv[20] = {VPBRIDGE, "run", b->platform, "--bios", FW_JUMP, "--kernel", image,
                            "--append", append, "--stats", "--digest", "--timeout", timeout};
    size_t argc = 13;
    char smp[16];
    if (b->smp) {
        snprintf(smp, sizeof smp, "%u", b->harts);
        argv[argc++] = "--smp";
        argv[argc++] = smp;
    }
    if (accel) {
        argv[argc++] = "--accel";
        argv[argc++] = accel;
    }
    size_t at = 0;
    for (size_t i = 0; i < argc && at < sizeof r->cmd; i++)
        at += (size_t)snprintf(r->cmd + at, sizeof r->cmd - at, i ? (strchr(argv[i], ' ') ? " '%s'" : " %s") : "%s",
                               argv[i]);
    int in[2], out[2], err[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int i = 0; i < 2; i++)
            close(in[i]), close(out[i]), close(err[i]);
        execv(VPBRIDGE, (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (!prompt) {
        close(in[1]);
        in[1] = -1;
    }
    collect(r, pid, in[1], out[0], err[0], prompt, input);
    close(out[0]);
    close(err[0]);
    free(image);
}

void linux_run_free(linux_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

void linux_expect_add(linux_expect *e, const char *fmt, ...)
{
    assert_true(e->count < sizeof e->v / sizeof e->v[0]);
    va_list ap;
    va_start(ap, fmt);
    assert_true(vasprintf(&e->v[e->count], fmt, ap) >= 0);
    va_end(ap);
    e->count++;
}

void linux_expect_boot(linux_expect *e, const linux_board *b, const char *append)
{
    char harts[64] = "";
    for (unsigned i = 0; i < b->harts; i++)
        snprintf(harts + strlen(harts), sizeof harts - strlen(harts), "%s%u\\*", i ? "," : "", i);
    linux_expect_add(e, "OpenSBI v1.1");
    linux_expect_add(e, "Platform HART Count       : %u", b->harts);
    linux_expect_add(e, "Domain0 Name              : root");
    linux_expect_add(e, "Domain0 HARTs             : %s", harts);
    linux_expect_add(e, "Domain0 Next Mode         : S-mode");
    linux_expect_add(e, "Boot HART Base ISA        : rv64imafdc");
    linux_expect_add(e, "\\[*\\] Linux version 6.1.* SMP *");
    linux_expect_add(e, "\\[*\\] Kernel command line: %s", append);
    linux_expect_add(e, "\\[*\\] smp: Brought up 1 node, %u CPU%s", b->harts, b->harts > 1 ? "s" : "");
    linux_expect_add(e, "\\[*\\] Run /init as init process");
    linux_expect_add(e, "init: started, pid 1");
    linux_expect_add(e, "init: PASS mount /proc");
    linux_expect_add(e, "init: PASS mount /sys");
    for (unsigned i = 0; i < b->harts; i++)
        linux_expect_add(e, "processor\t: %u", i);
    char cpus[128] = "*CPU0*";
    for (unsigned i = 1; i < b->harts && strlen(cpus) < sizeof cpus - 16; i++)
        snprintf(cpus + strlen(cpus), sizeof cpus - strlen(cpus), "CPU%u*", i);
    linux_expect_add(e, "%s", cpus); /* /proc/interrupts has a column per CPU */
    linux_expect_add(e, "init: workload: %u threads on %u online CPUs, 64 rounds", b->harts, b->harts);
    static const char *const pass[] = {"threads started, one per online CPU", "atomic fetch_add sum",
                                       "mutex-protected counter", "shared buffer written by the neighbour thread",
                                       "each thread ran on its CPU"};
    for (size_t i = 0; i < sizeof pass / sizeof pass[0]; i++)
        linux_expect_add(e, "init: PASS %s", pass[i]);
    linux_expect_add(e, "init: compute: start");
    linux_expect_add(e, "init: compute: %u iterations in * us (x = %016llx)", COMPUTE_DEFAULT,
                     linux_host_compute(COMPUTE_DEFAULT));
    linux_expect_add(e, "init: PASS compute loop result (the host's value)");
    linux_expect_add(e, "init: PASS CLOCK_MONOTONIC advances");
    linux_expect_add(e, "init: memory: start");
    linux_expect_add(e, "init: memory: %u accesses over 16 MiB in * us (sum = %016llx)", MEMORY_DEFAULT,
                     linux_host_memory(MEMORY_DEFAULT));
    linux_expect_add(e, "init: PASS memory walk result (the host's value)");
}

void linux_expect_end(linux_expect *e)
{
    linux_expect_add(e, "init: done, 0 failures");
    linux_expect_add(e, "\\[*\\] reboot: Power down");
}

void linux_expect_free(linux_expect *e)
{
    for (size_t i = 0; i < e->count; i++)
        free(e->v[i]);
    e->count = 0;
}

/* Prints the last lines of `text` to stderr. */
static void print_tail(const char *what, const char *text, unsigned lines)
{
    const char *p = text + strlen(text);
    for (unsigned n = 0; p > text && n <= lines; p--)
        n += p[-1] == '\n';
    fprintf(stderr, "---- last %u lines of %s ----\n%s%s", lines, what, p, *p && text[strlen(text) - 1] != '\n' ? "\n" : "");
}

static void check_failed(const linux_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check_failed(const linux_run *r, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_tail("the console (stdout)", r->out, TAIL_LINES);
    print_tail("stderr", r->err, 10);
    fail_msg("%s\n  in: %s", msg, r->cmd);
}

void linux_check(const linux_run *r, const linux_expect *e)
{
    size_t next = 0;
    char *copy = strdup(r->out);
    assert_non_null(copy);
    unsigned lineno = 0;
    for (char *l = copy, *end; l && *l; l = end ? end + 1 : NULL) {
        end = strchr(l, '\n');
        if (end)
            *end = '\0';
        lineno++;
        for (size_t n = strlen(l); n && l[n - 1] == '\r';)
            l[--n] = '\0';
        if (strstr(l, "init: FAIL") || strstr(l, "init: unknown argument")) {
            char bad[512];
            snprintf(bad, sizeof bad, "%s", l);
            free(copy);
            check_failed(r, "console line %u: '%s'", lineno, bad);
        }
        if (next < e->count && fnmatch(e->v[next], l, 0) == 0)
            next++;
    }
    free(copy);
    if (next < e->count)
        check_failed(r, "missing console line matching '%s' (expected line %zu of %zu, after '%s'); exit status %d",
                     e->v[next], next + 1, e->count, next ? e->v[next - 1] : "(the start)", r->status);
    if (r->status != 0)
        check_failed(r, "exit status %d, not 0", r->status);
}

size_t linux_insns(const linux_run *r, unsigned long long *insns, size_t max)
{
    size_t count = 0;
    for (const char *p = strstr(r->err, "vpbridge: stats: hart "); p; p = strstr(p + 1, "vpbridge: stats: hart ")) {
        unsigned hart;
        unsigned long long n;
        if (sscanf(p, "vpbridge: stats: hart %u: insns %llu", &hart, &n) == 2 && hart < max) {
            insns[hart] = n;
            count = hart + 1 > count ? hart + 1 : count;
        }
    }
    return count;
}

unsigned long long linux_digest(const linux_run *r)
{
    unsigned long long d = 0;
    const char *p = strstr(r->err, "vpbridge: digest ");
    if (!p || sscanf(p, "vpbridge: digest %llx", &d) != 1)
        fail_msg("no `vpbridge: digest` line from %s; stderr:\n%s", r->cmd, r->err);
    return d;
}

unsigned long long linux_host_compute(unsigned iters)
{
    uint64_t x = 1;
    for (unsigned i = 0; i < iters; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        x ^= x >> 29;
    }
    return x;
}

unsigned long long linux_host_memory(unsigned accesses)
{
    const uint32_t words = (16u << 20) / 4;
    uint32_t *w = malloc((size_t)words * 4);
    assert_non_null(w);
    for (uint32_t i = 0; i < words; i++)
        w[i] = i * 2654435761u;
    uint32_t at = 0;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < accesses; i++) {
        uint32_t v = w[at];
        sum += v;
        w[at] = v ^ i;
        at = (v ^ (at * 1103515245u + 12345u)) & (words - 1);
    }
    free(w);
    return sum;
}
