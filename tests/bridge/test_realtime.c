/* SPDX-License-Identifier: Apache-2.0 */
/* test_realtime.c - `vpbridge run --realtime [FACTOR]` (docs/debugging.md):
 * a guest that sleeps one simulated second in WFI (fw/sleep.S) takes at
 * least a second of wall time under --realtime, a quarter of one under
 * --realtime 4, and spends that time asleep: its CPU time stays a small
 * part of the wall time (the bound is loose on purpose: the check is that
 * the cluster does not spin, not how fast it starts). Bad factors are
 * usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define RV32 VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define SLEEP VP_BRIDGE_FW_DIR "/rv32/sleep.elf"

typedef struct timed {
    int status;
    double wall, cpu; /* seconds */
} timed;

/* Runs vpbridge with `args` (NULL-terminated, after `run RV32 --kernel SLEEP`). */
static timed run_timed(const char *const *extra)
{
    const char *argv[16] = {VPBRIDGE, "run", RV32, "--kernel", SLEEP};
    size_t n = 5;
    for (; *extra && n < 15; extra++)
        argv[n++] = *extra;
    argv[n] = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execv(VPBRIDGE, (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    assert_int_equal(wait4(pid, &st, 0, &ru), pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    timed r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
            (double)ru.ru_stime.tv_usec / 1e6;
    return r;
}

static void test_realtime_paces_and_sleeps(void **state)
{
    (void)state;
    const char *rt1[] = {"--realtime", NULL};
    timed a = run_timed(rt1);
    print_message("--realtime: wall %.3f s, cpu %.3f s\n", a.wall, a.cpu);
    assert_int_equal(a.status, 7); /* the guest's own status: it woke from its timer */
    if (a.wall < 0.95)
        fail_msg("one simulated second took %.3f s of wall time under --realtime", a.wall);
    if (a.cpu > 0.5 * a.wall)
        fail_msg("the idle guest used %.3f s of CPU in %.3f s: the cluster spins", a.cpu, a.wall);
    const char *rt4[] = {"--realtime", "4", NULL};
    timed b = run_timed(rt4);
    print_message("--realtime 4: wall %.3f s, cpu %.3f s\n", b.wall, b.cpu);
    assert_int_equal(b.status, 7);
    if (b.wall < 0.24)
        fail_msg("--realtime 4: one simulated second took %.3f s (at least 0.25 s)", b.wall);
    const char *rt_eq[] = {"--realtime=2", NULL};
    timed c = run_timed(rt_eq);
    assert_int_equal(c.status, 7);
    assert_true(c.wall >= 0.49);
}

static void test_realtime_bad_factors(void **state)
{
    (void)state;
    const char *bad[] = {"--realtime=0", "--realtime=-1", "--realtime=fast", "--realtime=1e12"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s '%s'", VPBRIDGE, RV32, SLEEP, bad[i]);
        if (r.status != 2 || !strstr(r.err, "--realtime: ") || !strstr(r.err, "is not a factor greater than zero"))
            fail_msg("%s: exit %d\n%s", bad[i], r.status, r.err);
        vp_cmd_free(&r);
    }
    /* a word after --realtime is not its factor: here the platform */
    vp_cmd_result r = vp_cmd_run("%s run --realtime %s --kernel %s --max-time 10ms", VPBRIDGE, RV32, SLEEP);
    if (r.status != 124)
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realtime_paces_and_sleeps),
        cmocka_unit_test(test_realtime_bad_factors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
