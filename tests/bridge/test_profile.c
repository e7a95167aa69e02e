/* SPDX-License-Identifier: Apache-2.0 */
/* test_profile.c - `vpbridge run --profile FILE` (docs/debugging.md) on the
 * call-heavy bench kernel `calls` (recursive tree walks, a recursive-descent
 * parser, Ackermann): the table names its hot functions with self and total
 * shares, main is on every stack, the folded stacks add up to the samples
 * and nest as the program calls (factor under term under expr); the same
 * run writes the same files; the interpreter finds the same hot functions;
 * every hart gets a table; bad options and files are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define RV32 VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define RV64 VP_SOURCE_DIR "/platforms/virt-rv64.yaml"
#define CALLS(x) VP_BUILD_DIR "/bench/rv" #x "/calls.elf"

static char g_dir[64];

static void scratch(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_profileXXXXXX");
    assert_non_null(mkdtemp(g_dir));
}

static void cleanup(void)
{
    vp_cmd_remove_tree(g_dir);
}

static char *file_in_dir(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    return vp_cmd_slurp(path);
}

/* Runs `args` with --profile DIR/name; returns the table (the caller frees). */
static char *profile(const char *args, const char *name)
{
    vp_cmd_result r = vp_cmd_run("%s run %s --profile %s/%s < /dev/null", VPBRIDGE, args, g_dir, name);
    if (r.status != 0 || !strstr(r.out, "calls 0x"))
        fail_msg("vpbridge run %s --profile: exit %d\n%s%s", args, r.status, r.out, r.err);
    vp_cmd_free(&r);
    return file_in_dir(name);
}

/* The rank (1 = the most self samples) of `fn` in hart 0's table, 0 if absent. */
static unsigned rank_of(const char *table, const char *fn)
{
    const char *at = strstr(table, "|---:|---:|---:|---|\n");
    assert_non_null(at);
    at += strlen("|---:|---:|---:|---|\n");
    char want[64];
    snprintf(want, sizeof want, " | %s |\n", fn);
    for (unsigned rank = 1; *at == '|'; rank++) {
        const char *eol = strchr(at, '\n');
        if (eol && (size_t)(eol + 1 - at) >= strlen(want) && !strncmp(eol + 1 - strlen(want), want, strlen(want)))
            return rank;
        at = eol ? eol + 1 : at + strlen(at);
    }
    return 0;
}

static void test_profile_calls(void **state)
{
    (void)state;
    scratch();
    char *t = profile(RV32 " --kernel " CALLS(32), "p.txt");
    unsigned long samples = vp_cmd_number_after(t, "hart 0: ");
    if (samples < 1000 || !strstr(t, "# symbols: " CALLS(32) ": ") ||
        !strstr(t, "a sample every 9973 instructions per hart"))
        fail_msg("profile table:\n%s", t);
    /* the hot functions, by name, near the top; main on every stack */
    const char *hot[] = {"gen", "build", "mix", "factor", "depth"};
    for (size_t i = 0; i < sizeof hot / sizeof hot[0]; i++)
        if (rank_of(t, hot[i]) == 0 || rank_of(t, hot[i]) > 8)
            fail_msg("%s is not among the top 8:\n%s", hot[i], t);
    if (!strstr(t, "| 99.") || !strstr(t, " | main |\n"))
        fail_msg("main is not on (nearly) every stack:\n%s", t);
    /* folded stacks: counts add up to the samples; calls nest */
    char *f = file_in_dir("p.txt.folded");
    unsigned long sum = 0;
    for (const char *line = f; *line; line = strchr(line, '\n') + 1) {
        const char *eol = strchr(line, '\n'), *sp = eol;
        assert_non_null(eol);
        while (sp > line && *sp != ' ')
            sp--;
        assert_true(strncmp(line, "hart0;", 6) == 0 && *sp == ' ');
        sum += strtoul(sp + 1, NULL, 10);
    }
    if (sum != samples || !strstr(f, "hart0;main;") || !strstr(f, ";expr;term;factor"))
        fail_msg("%lu samples, folded stacks add up to %lu:\n%.3000s", samples, sum, f);
    /* the same run, the same profile */
    char *again = profile(RV32 " --kernel " CALLS(32), "q.txt");
    char *fagain = file_in_dir("q.txt.folded");
    assert_string_equal(t, again);
    assert_string_equal(f, fagain);
    free(again);
    free(fagain);
    free(f);
    free(t);
    cleanup();
}

/* RV64 and the interpreter: the same functions on top (the samples fall at
 * other block boundaries, so the counts differ a little). */
static void test_profile_rv64_and_interpreter(void **state)
{
    (void)state;
    scratch();
    const char *runs[] = {RV64 " --kernel " CALLS(64), RV32 " --kernel " CALLS(32) " --accel interp"};
    for (size_t r = 0; r < 2; r++) {
        char *t = profile(runs[r], "p.txt");
        if (rank_of(t, "gen") > 3 || rank_of(t, "build") > 3 || rank_of(t, "gen") == 0 || rank_of(t, "build") == 0)
            fail_msg("%s: gen and build are not in the top 3:\n%s", runs[r], t);
        free(t);
    }
    cleanup();
}

static void test_profile_every_hart_and_errors(void **state)
{
    (void)state;
    scratch();
    vp_cmd_result r = vp_cmd_run("%s run %s --smp 2 --kernel %s/firmware/rv32/hello.elf --profile %s/h.txt "
                                 "--profile-period 50 < /dev/null",
                                 VPBRIDGE, RV32, VP_BUILD_DIR, g_dir);
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
    char *t = file_in_dir("h.txt");
    if (!strstr(t, "a sample every 50 instructions") || !strstr(t, "\nhart 0: ") || !strstr(t, "\nhart 1: "))
        fail_msg("two harts' profile:\n%s", t);
    free(t);
    r = vp_cmd_run("%s run %s --kernel %s --profile-period 10", VPBRIDGE, RV32, CALLS(32));
    if (r.status != 2 || !strstr(r.err, "--profile-period: needs --profile FILE"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("%s run %s --kernel %s --profile %s/nodir/p.txt < /dev/null", VPBRIDGE, RV32, CALLS(32), g_dir);
    if (r.status != 125 || !strstr(r.err, "vpbridge: --profile ") ||
        !strstr(r.err, "nodir/p.txt: cannot write: No such file or directory"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_calls),
        cmocka_unit_test(test_profile_rv64_and_interpreter),
        cmocka_unit_test(test_profile_every_hart_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
