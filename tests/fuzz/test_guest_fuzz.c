/* SPDX-License-Identifier: Apache-2.0 */
/* test_guest_fuzz.c - differential guest fuzzing (docs/reliability.md):
 * random RISC-V programs (guest_gen.c) run by `vpbridge run` under the JIT
 * and under the interpreter, on the RV32 and RV64 boards with F/D. Each
 * pair must agree on the exit status, the console and the execution digest
 * (every trap with its instruction count, every device access, the final
 * registers and memory). A host crash (a signal, an exit status vpbridge
 * never gives), a hang past the wall-clock limit, or any disagreement
 * fails the test and names the seed; VP_GUEST_FUZZ_KEEP=DIR keeps the
 * failing program there.
 *
 * CI runs the fixed seeds 1..VP_GUEST_FUZZ_SEEDS (default 24) per XLEN in
 * both builds. VP_GUEST_FUZZ_SECONDS=N runs random seeds for N seconds per
 * XLEN instead (the long mode, by hand), VP_GUEST_FUZZ_CPU_SECONDS=N for N
 * seconds of CPU time per XLEN, the runs' included (a long run on a busy
 * machine); VP_GUEST_FUZZ_SEED=S runs seed S only (a failure's seed, again);
 * VP_GUEST_FUZZ_XLEN=32 or 64 runs that XLEN only. A value that is not a
 * number fails the test rather than meaning 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "guest_gen.h"
#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

static char g_dir[] = "/tmp/vp_guestfuzz_XXXXXX";

typedef struct outcome {
    int status;
    char *out;
    char digest[32];
    char *err;
} outcome;

static outcome run_one(const char *board, const char *accel)
{
    vp_cmd_result r = vp_cmd_run("%s run %s/platforms/%s --bios %s/prog.bin --accel %s --digest --max-insns 3000000 "
                                 "--timeout 60 </dev/null",
                                 VPBRIDGE, VP_SOURCE_DIR, board, g_dir, accel);
    outcome o = {.status = r.status, .out = r.out, .err = r.err};
    const char *d = strstr(r.err, "vpbridge: digest ");
    snprintf(o.digest, sizeof o.digest, "%.16s", d ? d + strlen("vpbridge: digest ") : "none");
    return o;
}

/* vpbridge's own statuses (docs/cli.md) and the finisher's pass. */
static int expected_status(int s)
{
    return s == 0 || s == 123 || s == 124 || s == 125 || s == 126;
}

typedef struct tally {
    unsigned ok, storm, limit, deadlock, other;
} tally;

/* Runs seed on XLEN under both executors; returns a failure message or NULL. */
static char *check_seed(uint64_t seed, unsigned xlen, tally *t)
{
    static uint8_t img[GUEST_IMAGE_SIZE];
    guest_gen(seed, xlen, img);
    char path[128];
    snprintf(path, sizeof path, "%s/prog.bin", g_dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img, 1, sizeof img, f), sizeof img);
    assert_int_equal(fclose(f), 0);
    const char *board = xlen == 64 ? "virt-rv64gc.yaml" : "virt-rv32gc.yaml";
    outcome j = run_one(board, "jit"), i = run_one(board, "interp");
    char *why = NULL;
    if (!expected_status(j.status) || !expected_status(i.status))
        why = g_strdup_printf("a host failure: exit %d (jit), %d (interp); stderr: %s / %s", j.status, i.status,
                              j.err, i.err);
    else if (j.status != i.status)
        why = g_strdup_printf("exit %d (jit) but %d (interp)", j.status, i.status);
    else if (j.status != 124 && strcmp(j.out, i.out) != 0)
        why = g_strdup_printf("the console differs");
    else if (j.status != 124 && strcmp(j.digest, i.digest) != 0) /* an instruction limit cuts where a block ends */
        why = g_strdup_printf("digest %s (jit) but %s (interp)", j.digest, i.digest);
    if (j.status == 0)
        t->ok++;
    else if (j.status == 123)
        t->storm++;
    else if (j.status == 124)
        t->limit++;
    else if (j.status == 126)
        t->deadlock++;
    else
        t->other++;
    free(j.out), free(j.err), free(i.out), free(i.err);
    if (why && getenv("VP_GUEST_FUZZ_KEEP")) {
        vp_cmd_result k = vp_cmd_run("cp %s '%s/guest-rv%u-seed%llu.bin'", path, getenv("VP_GUEST_FUZZ_KEEP"), xlen,
                                     (unsigned long long)seed);
        vp_cmd_free(&k);
    }
    return why;
}

/* Seeds that found bugs (docs/reliability.md), run before the others. */
static const struct {
    unsigned xlen;
    uint64_t seed;
} k_regressions[] = {
    {32, 1796411747219900ull}, /* a block the JIT promoted was already dropped (code changed): freed twice */
};

/* CPU seconds of this process and of the runs it waited for. */
static double cpu_seconds(void)
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) /
               1e6;
}

/* The environment variable NAME as a number greater than zero (def when it
 * is unset); anything else fails the test naming the variable. */
static unsigned long long env_number(const char *name, unsigned long long def)
{
    const char *v = getenv(name);
    if (!v)
        return def;
    char *end;
    unsigned long long n = strtoull(v, &end, 0);
    if (!*v || *end || n == 0 || v[0] == '-')
        fail_msg("%s='%s' is not a number greater than zero", name, v);
    return n;
}

static void fuzz(unsigned xlen)
{
    unsigned long long only = env_number("VP_GUEST_FUZZ_XLEN", xlen);
    if (only != 32 && only != 64)
        fail_msg("VP_GUEST_FUZZ_XLEN='%s' is neither 32 nor 64", getenv("VP_GUEST_FUZZ_XLEN"));
    if (only != xlen) {
        fprintf(stderr, "guest fuzz: RV%u: not run (VP_GUEST_FUZZ_XLEN=%llu)\n", xlen, only);
        return;
    }
    tally t = {0};
    for (size_t k = 0; k < sizeof k_regressions / sizeof k_regressions[0]; k++) {
        if (k_regressions[k].xlen != xlen)
            continue;
        char *why = check_seed(k_regressions[k].seed, xlen, &t);
        if (why)
            fail_msg("RV%u regression seed %llu: %s", xlen, (unsigned long long)k_regressions[k].seed, why);
    }
    t = (tally){0};
    unsigned long long secs = env_number("VP_GUEST_FUZZ_SECONDS", 0), cpu = env_number("VP_GUEST_FUZZ_CPU_SECONDS", 0),
                       one = env_number("VP_GUEST_FUZZ_SEED", 0);
    unsigned n = one ? 1 : (unsigned)env_number("VP_GUEST_FUZZ_SEEDS", 24), runs = 0, failures = 0;
    time_t until = time(NULL) + (time_t)secs;
    double cpu_until = cpu_seconds() + (double)cpu, cpu_start = cpu_seconds();
    time_t wall_start = time(NULL);
    uint64_t seed = one ? one - 1 : secs || cpu ? (uint64_t)time(NULL) * 1000003u : 0;
    for (;;) {
        if (cpu ? cpu_seconds() >= cpu_until : secs ? time(NULL) >= until : runs >= n)
            break;
        seed++;
        runs++;
        char *why = check_seed(seed, xlen, &t);
        if (why) {
            fprintf(stderr, "guest fuzz: RV%u seed %llu: %s\n", xlen, (unsigned long long)seed, why);
            g_free(why);
            failures++;
        }
    }
    fprintf(stderr,
            "guest fuzz: RV%u: %u programs: %u ended normally, %u trap storms, %u at the instruction limit, "
            "%u dead-locked in WFI, %u other; %u disagreements; %.0f s of CPU, %lld s of wall time\n",
            xlen, runs, t.ok, t.storm, t.limit, t.deadlock, t.other, failures, cpu_seconds() - cpu_start,
            (long long)(time(NULL) - wall_start));
    assert_int_equal(failures, 0);
    /* the generator must keep producing programs that run to their end */
    if (!one)
        assert_true(t.ok * 2 >= runs);
}

static void guest_rv32(void **state)
{
    (void)state;
    fuzz(32);
}

static void guest_rv64(void **state)
{
    (void)state;
    fuzz(64);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vp_cmd_remove_tree(g_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(guest_rv32), cmocka_unit_test(guest_rv64)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
