/* SPDX-License-Identifier: Apache-2.0 */
/* linux_boot.h - helpers of the Linux guest tests: boot the guest
 * (examples/linux, built by tools/linux-guest.sh; the linux_guest fixture
 * writes its Image's path) with the built vpbridge, feed its console, and
 * check its console output line by line against fnmatch(3) patterns. */
#ifndef VP_TESTS_LINUX_BOOT_H
#define VP_TESTS_LINUX_BOOT_H

#include <stdbool.h>
#include <stddef.h>

/* A board the guest boots on. */
typedef struct linux_board {
    const char *name;     /* for messages, e.g. "4 harts" */
    const char *platform; /* the platform YAML */
    unsigned harts;       /* given with --smp when the platform has another count */
    bool smp;             /* pass --smp harts */
} linux_board;

extern const linux_board linux_board_1hart;  /* platforms/virt-rv64gc.yaml */
extern const linux_board linux_board_4harts; /* platforms/virt-rv64gc.yaml --smp 4 */

/* One finished run of vpbridge. */
typedef struct linux_run {
    char cmd[2048]; /* the command, for messages */
    char *out;      /* stdout (the console), NUL-terminated (owned) */
    size_t out_len;
    char *err;      /* stderr, NUL-terminated (owned) */
    int status;     /* exit status; 128 + signal if killed */
} linux_run;

/* Boots the guest: `vpbridge run PLATFORM [--smp N] --bios fw_jump.bin --kernel IMAGE
 * --append APPEND --stats --digest --timeout LINUX_BOOT_TIMEOUT [--accel ACCEL]`
 * (accel NULL: the default). stdin is a pipe, closed at once when `prompt` is
 * NULL; otherwise `input` is written to it once the console has printed
 * `prompt`, then it is closed. Fails the test if the Image (fixture), the
 * firmware or vpbridge is missing. */
void linux_boot(linux_run *r, const linux_board *b, const char *accel, const char *append, const char *prompt,
                const char *input);
void linux_run_free(linux_run *r);

/* An ordered list of fnmatch(3) patterns, each to match a whole console line
 * (its trailing \r removed) after the line that matched the previous one. */
typedef struct linux_expect {
    char *v[256];
    size_t count;
} linux_expect;

/* Appends a pattern (printf format). */
void linux_expect_add(linux_expect *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* OpenSBI's banner and Domain0 lines, the kernel's version banner and
 * command line, "smp: Brought up 1 node, N CPUs", the init's start,
 * /proc/cpuinfo's processors, every PASS line of the workload and the compute
 * and memory result lines with the values computed on this host. */
void linux_expect_boot(linux_expect *e, const linux_board *b, const char *append);
/* "init: done, 0 failures" and the kernel's "reboot: Power down". */
void linux_expect_end(linux_expect *e);
void linux_expect_free(linux_expect *e);

/* Checks exit status 0, no "init: FAIL" or "init: unknown argument" line
 * and every pattern in order; a failure names the first missing line and
 * prints the tail of the output. */
void linux_check(const linux_run *r, const linux_expect *e);

/* The "hart N: insns X" numbers of --stats, by hart; returns the number of
 * harts found (at most max). */
size_t linux_insns(const linux_run *r, unsigned long long *insns, size_t max);

/* The run's `vpbridge: digest` (fails the test when there is none). */
unsigned long long linux_digest(const linux_run *r);

/* The guest's compute and memory loops run on this host (examples/linux/init.c). */
unsigned long long linux_host_compute(unsigned iters);
unsigned long long linux_host_memory(unsigned accesses);

#endif
