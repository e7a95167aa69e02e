// SPDX-License-Identifier: Apache-2.0
// init.c - /init of the Linux test guest (tools/linux-guest.sh): mounts /proc and /sys, prints
// /proc/cpuinfo and /proc/interrupts, runs a pthread workload on every online CPU (futex-based
// mutex, condvar and barrier, atomics, an mmap'd shared buffer), checks it, reads CLOCK_MONOTONIC
// twice, times a CPU-bound loop and a page-walking memory loop (each between a "start" line and a
// result line, so a host can time it too), with "echo" after "--" on the kernel command line
// echoes console lines until "quit", and powers off. Every check prints a "init: PASS ..." or
// "init: FAIL ..." line; the last line before the power-off is "init: done, N failures".
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 64
#define SLICE 1024 /* 32-bit words per thread in the shared buffer */
#define MAX_THREADS 64

static int failures;

static void check(int ok, const char *what)
{
    printf("init: %s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) {
        failures++;
    }
}

static void cat(const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("init: cannot open %s: %s\n", path, strerror(errno));
        failures++;
        return;
    }
    printf("init: ---- %s ----\n", path);
    fflush(stdout);
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, (size_t)n, stdout);
    }
    fflush(stdout);
    close(fd);
}

struct shared {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_barrier_t barrier;
    unsigned locked_count; /* incremented under lock */
    unsigned finished;     /* threads done, under lock; main waits on cond */
    atomic_ulong atomic_sum;
    atomic_uint wrong_cpu;
    atomic_uint bad_words;
    uint32_t *buf; /* nthreads * SLICE words, mmap'd */
    int nthreads;
};

struct worker {
    struct shared *sh;
    int id;
    int cpu;
};

static uint32_t pattern(int id, int round, int i)
{
    return (uint32_t)id * 0x9e3779b9u ^ (uint32_t)round * 0x85ebca6bu ^ (uint32_t)i;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    int n = sh->nthreads;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t *mine = sh->buf + (size_t)w->id * SLICE;
        for (int i = 0; i < SLICE; i++) {
            mine[i] = pattern(w->id, r, i);
        }
        atomic_fetch_add(&sh->atomic_sum, (unsigned long)(w->id + 1));
        pthread_mutex_lock(&sh->lock);
        sh->locked_count++;
        pthread_mutex_unlock(&sh->lock);
        pthread_barrier_wait(&sh->barrier);
        int peer = (w->id + 1) % n; /* written by another CPU before the barrier */
        const uint32_t *theirs = sh->buf + (size_t)peer * SLICE;
        for (int i = 0; i < SLICE; i++) {
            if (theirs[i] != pattern(peer, r, i)) {
                atomic_fetch_add(&sh->bad_words, 1);
            }
        }
        pthread_barrier_wait(&sh->barrier);
    }
    if (sched_getcpu() != w->cpu) {
        atomic_fetch_add(&sh->wrong_cpu, 1);
    }
    pthread_mutex_lock(&sh->lock);
    sh->finished++;
    pthread_cond_signal(&sh->cond);
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static int start_workers(struct shared *sh, pthread_t *tids, struct worker *ws, const int *cpus)
{
    for (int t = 0; t < sh->nthreads; t++) {
        pthread_attr_t attr;
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpus[t], &set);
        pthread_attr_init(&attr);
        pthread_attr_setaffinity_np(&attr, sizeof set, &set);
        ws[t] = (struct worker){.sh = sh, .id = t, .cpu = cpus[t]};
        int err = pthread_create(&tids[t], &attr, work, &ws[t]);
        pthread_attr_destroy(&attr);
        if (err != 0) {
            printf("init: pthread_create on cpu %d: %s\n", cpus[t], strerror(err));
            return t;
        }
    }
    return sh->nthreads;
}

static void threads_test(void)
{
    cpu_set_t online;
    int cpus[MAX_THREADS];
    int n = 0;
    if (sched_getaffinity(0, sizeof online, &online) != 0) {
        check(0, "sched_getaffinity");
        return;
    }
    for (int c = 0; c < CPU_SETSIZE && n < MAX_THREADS; c++) {
        if (CPU_ISSET(c, &online)) {
            cpus[n++] = c;
        }
    }
    printf("init: workload: %d threads on %d online CPUs, %d rounds\n", n, n, ROUNDS);
    static struct shared sh;
    sh.nthreads = n;
    sh.buf = mmap(NULL, (size_t)n * SLICE * 4, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh.buf == MAP_FAILED) {
        printf("init: mmap: %s\n", strerror(errno));
        check(0, "mmap shared buffer");
        return;
    }
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.cond, NULL);
    pthread_barrier_init(&sh.barrier, NULL, (unsigned)n);
    pthread_t tids[MAX_THREADS];
    struct worker ws[MAX_THREADS];
    int started = start_workers(&sh, tids, ws, cpus);
    check(started == n, "threads started, one per online CPU");
    if (started != n) {
        return; /* the others wait at the barrier forever: nothing to join */
    }
    pthread_mutex_lock(&sh.lock);
    while (sh.finished < (unsigned)n) {
        pthread_cond_wait(&sh.cond, &sh.lock);
    }
    pthread_mutex_unlock(&sh.lock);
    for (int t = 0; t < n; t++) {
        pthread_join(tids[t], NULL);
    }
    unsigned long want = (unsigned long)ROUNDS * (unsigned long)n * (unsigned long)(n + 1) / 2;
    check(atomic_load(&sh.atomic_sum) == want, "atomic fetch_add sum");
    check(sh.locked_count == (unsigned)(ROUNDS * n), "mutex-protected counter");
    check(atomic_load(&sh.bad_words) == 0, "shared buffer written by the neighbour thread");
    check(atomic_load(&sh.wrong_cpu) == 0, "each thread ran on its CPU");
    munmap(sh.buf, (size_t)n * SLICE * 4);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Phase parameters, from the words after "--" on the kernel command line (init's argv):
 * "compute=N" iterations of the ALU loop, "memory=N" accesses of the page-walking loop,
 * "echo" to echo console input lines until "quit". */
struct params {
    uint32_t compute;
    uint32_t memory;
    int echo;
};

#define COMPUTE_DEFAULT 2000000u
#define MEMORY_DEFAULT 1000000u
#define MEMORY_BYTES (16u << 20) /* 4096 pages: more than any TLB */
#define MEMORY_EXPECTED 0x0007a14e891129e7ull /* the host's sum for MEMORY_DEFAULT */

static void clock_and_compute(uint32_t iters)
{
    printf("init: compute: start\n");
    int64_t t0 = now_ns();
    uint64_t x = 1;
    for (uint32_t i = 0; i < iters; i++) { /* fixed CPU-bound loop */
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        x ^= x >> 29;
    }
    int64_t t1 = now_ns();
    printf("init: compute: %u iterations in %lld us (x = %016llx)\n", iters,
           (long long)((t1 - t0) / 1000), (unsigned long long)x);
    if (iters == COMPUTE_DEFAULT) {
        check(x == 0xdf0e6f317efd01d3ull, "compute loop result (the host's value)");
    }
    check(t1 > t0, "CLOCK_MONOTONIC advances");
}

/* A loop of dependent loads and stores at pseudo-random places of a 16 MiB buffer: every
 * access is likely on another page, so it runs on TLB refills and page walks. */
static void memory_walk(uint32_t accesses)
{
    uint32_t words = MEMORY_BYTES / 4;
    uint32_t *buf = mmap(NULL, MEMORY_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        printf("init: mmap %u bytes: %s\n", MEMORY_BYTES, strerror(errno));
        check(0, "mmap memory buffer");
        return;
    }
    for (uint32_t i = 0; i < words; i++) {
        buf[i] = i * 2654435761u;
    }
    printf("init: memory: start\n");
    int64_t t0 = now_ns();
    uint32_t at = 0;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < accesses; i++) {
        uint32_t v = buf[at];
        sum += v;
        buf[at] = v ^ i;
        at = (v ^ (at * 1103515245u + 12345u)) & (words - 1);
    }
    int64_t t1 = now_ns();
    printf("init: memory: %u accesses over %u MiB in %lld us (sum = %016llx)\n", accesses,
           MEMORY_BYTES >> 20, (long long)((t1 - t0) / 1000), (unsigned long long)sum);
    if (accesses == MEMORY_DEFAULT) {
        check(sum == MEMORY_EXPECTED, "memory walk result (the host's value)");
    }
    munmap(buf, MEMORY_BYTES);
}

/* Echoes each line read from the console until "quit" or end of input, then checks that the
 * 8250's interrupt was taken (its line in /proc/interrupts counts more than zero). */
static void console_echo(void)
{
    char line[256];
    int lines = 0;
    printf("init: echo: type lines, \"quit\" ends\n");
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (strcmp(line, "quit") == 0) {
            break;
        }
        printf("init: echo: [%s]\n", line);
        lines++;
    }
    printf("init: echo: %d lines\n", lines);
    check(lines > 0, "console input lines read");
    FILE *f = fopen("/proc/interrupts", "r");
    unsigned long count = 0;
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        if (strstr(line, "ttyS0") != NULL) {
            count = strtoul(strchr(line, ':') + 1, NULL, 10);
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    printf("init: echo: ttyS0 interrupts %lu\n", count);
    check(count > 0, "console interrupts counted");
}

static struct params parse_params(int argc, char **argv)
{
    struct params p = {.compute = COMPUTE_DEFAULT, .memory = MEMORY_DEFAULT};
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "compute=", 8) == 0) {
            p.compute = (uint32_t)strtoul(argv[i] + 8, NULL, 0);
        } else if (strncmp(argv[i], "memory=", 7) == 0) {
            p.memory = (uint32_t)strtoul(argv[i] + 7, NULL, 0);
        } else if (strcmp(argv[i], "echo") == 0) {
            p.echo = 1;
        } else {
            printf("init: unknown argument '%s' (compute=N, memory=N, echo)\n", argv[i]);
            failures++;
        }
    }
    return p;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("init: started, pid %d\n", (int)getpid());
    struct params p = parse_params(argc, argv);
    check(mount("proc", "/proc", "proc", 0, NULL) == 0, "mount /proc");
    check(mount("sysfs", "/sys", "sysfs", 0, NULL) == 0, "mount /sys");
    cat("/proc/cpuinfo");
    cat("/proc/interrupts");
    threads_test();
    clock_and_compute(p.compute);
    memory_walk(p.memory);
    if (p.echo) {
        console_echo();
    }
    printf("init: done, %d failures\n", failures);
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    printf("init: FAIL reboot(RB_POWER_OFF): %s\n", strerror(errno));
    for (;;) {
        pause();
    }
}
