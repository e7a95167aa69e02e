/* SPDX-License-Identifier: Apache-2.0 */
/* Differential-test support: manifest parsing, timed parallel process runs, output comparison. */
#include "diff_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int diff_manifest_load(const char *path, diff_prog **progs)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open manifest %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t count = 0, cap = 0;
    diff_prog *v = NULL;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            diff_prog *nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        diff_prog *p = &v[count];
        memset(p, 0, sizeof *p);
        char mode[16];
        if (sscanf(line, "%63s %d %511s %511s %d %15s %15s", p->name, &p->xlen, p->elf,
                   p->expected, &p->exit_status, p->machine, mode) != 7) {
            fprintf(stderr, "%s: malformed line: %s", path, line);
            continue;
        }
        p->vponly = strcmp(mode, "vponly") == 0;
        p->fd = strcmp(mode, "fd") == 0;
        count++;
    }
    fclose(f);
    *progs = v;
    return (int)count;
}

char **diff_qemu_argv(const diff_prog *p)
{
    static char cpu[64];
    static char *argv[24];
    int n = 0;
    snprintf(cpu, sizeof cpu, "rv%d,s=on,h=off%s", p->xlen, p->fd ? "" : ",f=off,d=off");
    argv[n++] = p->xlen == 32 ? VP_QEMU_RISCV32 : VP_QEMU_RISCV64;
    argv[n++] = "-M";
    argv[n++] = (char *)p->machine;
    argv[n++] = "-cpu";
    argv[n++] = cpu;
    argv[n++] = "-bios";
    argv[n++] = "none";
    argv[n++] = "-nographic";
    argv[n++] = "-monitor";
    argv[n++] = "none";
    argv[n++] = "-serial";
    argv[n++] = "stdio";
    argv[n++] = "-kernel";
    argv[n++] = (char *)p->elf;
    argv[n] = NULL;
    return argv;
}

char **diff_vpbridge_argv(const diff_prog *p)
{
    static char platform[600];
    static char *argv[8];
    if (p->fd)
        snprintf(platform, sizeof platform, "%s/tests/cpu-core/isa/virt-rv%d-fd.yaml", VP_SOURCE_DIR, p->xlen);
    else
        snprintf(platform, sizeof platform, "%s/platforms/virt-rv%d.yaml", VP_SOURCE_DIR, p->xlen);
    argv[0] = VP_VPBRIDGE;
    argv[1] = "run";
    argv[2] = platform;
    argv[3] = "--kernel";
    argv[4] = (char *)p->elf;
#ifdef VP_DIFF_ACCEL
    argv[5] = "--accel";
    argv[6] = VP_DIFF_ACCEL;
    argv[7] = NULL;
#else
    argv[5] = NULL;
#endif
    return argv;
}

char **diff_argv_dup(char **argv)
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **d = calloc(n + 1, sizeof *d);
    for (size_t i = 0; d && i < n; i++)
        d[i] = strdup(argv[i]);
    return d;
}

void diff_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *size = n;
    return buf;
}

typedef struct slot {
    pid_t pid;
    size_t index;
    struct timespec start;
    char out_path[700];
} slot;

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static pid_t spawn(char **argv, const char *out_path, const char *err_path)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0)
        _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    setpgid(0, 0); /* its own group, so a timeout kill reaches any children */
    execv(argv[0], argv);
    dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static void finish(slot *s, int wstatus, bool timed_out, diff_result *r)
{
    r->out = read_file(s->out_path, &r->out_size);
    if (!r->out) {
        r->out = strdup("");
        r->out_size = 0;
    }
    if (timed_out)
        r->status = DIFF_STATUS_TIMEOUT;
    else if (WIFEXITED(wstatus))
        r->status = WEXITSTATUS(wstatus);
    else
        r->status = DIFF_STATUS_SIGNAL;
    if (r->status == 127) {
        char errp[720];
        size_t esize;
        snprintf(errp, sizeof errp, "%s.err", s->out_path);
        char *e = read_file(errp, &esize);
        if (e && strncmp(e, "exec ", 5) == 0) {
            snprintf(r->err, sizeof r->err, "%s", e);
            r->status = DIFF_STATUS_NOSTART;
        }
        free(e);
    }
}

void diff_run_parallel(char ***argvs, const char **tags, diff_result *results, size_t count,
                       int jobs, const char *workdir)
{
    slot *slots = calloc((size_t)jobs, sizeof *slots);
    size_t next = 0, running = 0;
    mkdir(workdir, 0755);
    while (next < count || running) {
        for (int j = 0; j < jobs && next < count; j++) {
            if (slots[j].pid)
                continue;
            diff_result *r = &results[next];
            memset(r, 0, sizeof *r);
            if (access(argvs[next][0], X_OK) != 0) {
                snprintf(r->err, sizeof r->err, "%s: not found or not executable", argvs[next][0]);
                r->status = DIFF_STATUS_NOSTART;
                r->out = strdup("");
                next++;
                continue;
            }
            slot *s = &slots[j];
            char err_path[720];
            snprintf(s->out_path, sizeof s->out_path, "%s/%s.stdout", workdir, tags[next]);
            snprintf(err_path, sizeof err_path, "%s.err", s->out_path);
            s->index = next;
            clock_gettime(CLOCK_MONOTONIC, &s->start);
            s->pid = spawn(argvs[next], s->out_path, err_path);
            if (s->pid < 0) {
                snprintf(r->err, sizeof r->err, "fork: %s", strerror(errno));
                r->status = DIFF_STATUS_NOSTART;
                r->out = strdup("");
                s->pid = 0;
            } else {
                running++;
            }
            next++;
        }
        for (int j = 0; j < jobs; j++) {
            slot *s = &slots[j];
            if (!s->pid)
                continue;
            int wstatus = 0;
            pid_t w = waitpid(s->pid, &wstatus, WNOHANG);
            bool timed_out = false;
            if (w == 0 && elapsed(&s->start) > DIFF_TIMEOUT_SEC) {
                kill(-s->pid, SIGKILL);
                kill(s->pid, SIGKILL);
                waitpid(s->pid, &wstatus, 0);
                timed_out = true;
                w = s->pid;
            }
            if (w == s->pid) {
                finish(s, wstatus, timed_out, &results[s->index]);
                s->pid = 0;
                running--;
            }
        }
        if (running) {
            struct timespec ts = { 0, 2 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
    }
    free(slots);
}

char *diff_expected_out(const diff_prog *p, size_t *size, char *err, size_t errsize)
{
    if (strcmp(p->expected, "-") == 0) {
        char *s = malloc(strlen(p->name) + 8);
        if (s)
            sprintf(s, "PASS %s\n", p->name);
        *size = s ? strlen(s) : 0;
        return s;
    }
    char *s = read_file(p->expected, size);
    if (!s)
        snprintf(err, errsize, "cannot read golden log %s: %s", p->expected, strerror(errno));
    return s;
}

static void cache_paths(const diff_prog *p, const char *workdir, char *out, char *st, size_t size)
{
    snprintf(out, size, "%s/%s.rv%d.qemu.out", workdir, p->name, p->xlen);
    snprintf(st, size, "%s/%s.rv%d.qemu.status", workdir, p->name, p->xlen);
}

void diff_cache_save(const diff_prog *p, const diff_result *r, const char *workdir)
{
    char out[700], st[700];
    if (r->status < 0)
        return;
    mkdir(workdir, 0755);
    cache_paths(p, workdir, out, st, sizeof out);
    FILE *f = fopen(out, "wb");
    if (!f)
        return;
    fwrite(r->out, 1, r->out_size, f);
    fclose(f);
    f = fopen(st, "w");
    if (!f)
        return;
    fprintf(f, "%d\n", r->status);
    fclose(f);
}

bool diff_cache_load(const diff_prog *p, diff_result *r, const char *workdir)
{
    char out[700], st[700];
    struct stat se, ss;
    cache_paths(p, workdir, out, st, sizeof out);
    if (stat(p->elf, &se) != 0 || stat(st, &ss) != 0)
        return false;
    if (ss.st_mtim.tv_sec < se.st_mtim.tv_sec ||
        (ss.st_mtim.tv_sec == se.st_mtim.tv_sec && ss.st_mtim.tv_nsec < se.st_mtim.tv_nsec))
        return false;
    FILE *f = fopen(st, "r");
    int status;
    if (!f)
        return false;
    int ok = fscanf(f, "%d", &status);
    fclose(f);
    if (ok != 1)
        return false;
    memset(r, 0, sizeof *r);
    r->out = read_file(out, &r->out_size);
    if (!r->out)
        return false;
    r->status = status;
    return true;
}

const char *diff_status_str(int status, char *buf, size_t size)
{
    if (status == DIFF_STATUS_TIMEOUT)
        snprintf(buf, size, "timeout after %d s (killed)", DIFF_TIMEOUT_SEC);
    else if (status == DIFF_STATUS_SIGNAL)
        snprintf(buf, size, "killed by a signal");
    else if (status == DIFF_STATUS_NOSTART)
        snprintf(buf, size, "did not start");
    else
        snprintf(buf, size, "exit status %d", status);
    return buf;
}

static void line_at(const char *s, size_t size, size_t off, char *buf, size_t bufsize)
{
    size_t start = off;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    size_t end = off;
    while (end < size && s[end] != '\n')
        end++;
    size_t len = end - start;
    if (len > bufsize - 1)
        len = bufsize - 1;
    memcpy(buf, s + start, len);
    buf[len] = '\0';
}

bool diff_outputs_equal(const char *a, size_t asize, const char *b, size_t bsize,
                        const char *aname, const char *bname, char *msg, size_t msgsize)
{
    size_t i = 0;
    while (i < asize && i < bsize && a[i] == b[i])
        i++;
    if (i == asize && i == bsize)
        return true;
    char la[160], lb[160];
    line_at(a, asize, i < asize ? i : asize, la, sizeof la);
    line_at(b, bsize, i < bsize ? i : bsize, lb, sizeof lb);
    size_t line = 1;
    for (size_t k = 0; k < i; k++)
        line += a[k] == '\n';
    snprintf(msg, msgsize,
             "stdout differs at byte %zu (line %zu; %s has %zu bytes, %s has %zu bytes)\n"
             "  %-8s: \"%s\"\n  %-8s: \"%s\"", i, line, aname, asize, bname, bsize,
             aname, la, bname, lb);
    return false;
}

void diff_result_fini(diff_result *r)
{
    free(r->out);
    r->out = NULL;
}

