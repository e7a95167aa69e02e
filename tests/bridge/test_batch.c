/* SPDX-License-Identifier: Apache-2.0 */
/* test_batch.c - `vpbridge batch` through the built command: a job list
 * with passing and failing jobs (exit status, output and forbidden
 * patterns, a hanging job under its budget), paths relative to the job
 * file, generated jobs (`each`: a glob or a list), the JUnit and JSON reports, the batch's exit status, bad job files
 * (one line naming file:line:col), shards that partition the list, and
 * SIGTERM to the runner (the running job stops, the reports cover what
 * finished), and --check-determinism (each job twice, a difference fails). */
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
#define HELLO32 VP_FIRMWARE_DIR "/rv32/hello.elf"
#define FOREVER VP_BRIDGE_FW_DIR "/rv32/forever.elf"

static char g_dir[64];

/* A scratch directory with the job file `text` as jobs.yaml and a link
 * hello32.elf -> the hello firmware (for a relative kernel path). */
static void job_file(const char *text)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_batchXXXXXX");
    assert_non_null(mkdtemp(g_dir));
    char path[128];
    snprintf(path, sizeof path, "%s/jobs.yaml", g_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    vp_cmd_result r = vp_cmd_run("ln -s %s %s/hello32.elf", HELLO32, g_dir);
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
}

static void cleanup(void)
{
    vp_cmd_remove_tree(g_dir);
}

static char *slurp_in_dir(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    return vp_cmd_slurp(path);
}

static const char k_mixed[] =
    "defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, timeout: 20s}\n"
    "jobs:\n"
    "  - name: hello32\n"
    "    kernel: hello32.elf\n" /* relative to the job file */
    "    expect: {exit: 0, output: [\"Hello from vpbridge on RV32\"], forbid: [\"panic\"]}\n"
    "    tags: [smoke, rv32]\n"
    "  - name: hello64\n"
    "    platform: " VP_SOURCE_DIR "/platforms/virt-rv64.yaml\n"
    "    kernel: " VP_FIRMWARE_DIR "/rv64/hello.elf\n"
    "    args: [\"--max-time\", \"1s\"]\n"
    "  - name: wantmore\n"
    "    kernel: hello32.elf\n"
    "    expect: {output: [\"never printed\"]}\n"
    "  - name: forbidden\n"
    "    kernel: hello32.elf\n"
    "    expect: {forbid: [\"goodbye\"]}\n"
    "  - name: wrongexit\n"
    "    kernel: hello32.elf\n"
    "    expect: {exit: 3}\n"
    "  - name: hang\n"
    "    kernel: " FOREVER "\n"
    "    timeout: 1s\n";

static void test_batch_reports(void **state)
{
    (void)state;
    job_file(k_mixed);
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml -j 3 --junit j.xml --json j.json --out logs", g_dir,
                                 VPBRIDGE);
    if (r.status != 1)
        fail_msg("batch exit %d (want 1: some jobs fail)\n%s%s", r.status, r.out, r.err);
    assert_non_null(strstr(r.out, "PASS hello32 ("));
    assert_non_null(strstr(r.out, "PASS hello64 ("));
    assert_non_null(strstr(r.out, "FAIL wantmore (") && strstr(r.out, "output lacks /never printed/"));
    assert_non_null(strstr(r.out, "forbidden /goodbye/ appears"));
    assert_non_null(strstr(r.out, "exit 0, expected 3"));
    assert_non_null(strstr(r.out, "FAIL hang ("));
    assert_non_null(strstr(r.out, "batch: 6 jobs, 2 passed, 4 failed"));
    vp_cmd_free(&r);

    char *xml = slurp_in_dir("j.xml");
    if (!strstr(xml, "tests=\"6\" failures=\"4\" skipped=\"0\"") || vp_cmd_count_lines(xml, "<testcase ") != 6 ||
        vp_cmd_count_lines(xml, "<failure ") != 4 || !strstr(xml, "<failure type=\"timeout\""))
        fail_msg("JUnit report:\n%s", xml);
    free(xml);
    char *json = slurp_in_dir("j.json");
    if (!strstr(json, "{\"name\": \"hello32\", \"status\": \"passed\", \"exit\": 0, \"reason\": \"\", \"insns\": ") ||
        !strstr(json, "\"tags\": [\"smoke\", \"rv32\"]") || !strstr(json, "\"name\": \"hang\", \"status\": \"timeout\"") ||
        !strstr(json, "\"passed\": 2,") || !strstr(json, "\"stdout\": \"logs/hello32.out\""))
        fail_msg("JSON report:\n%s", json);
    free(json);
    char *out = slurp_in_dir("logs/hello32.out");
    assert_non_null(strstr(out, "Hello from vpbridge on RV32!"));
    free(out);
    cleanup();
}

static void test_batch_all_pass_and_shards(void **state)
{
    (void)state;
    job_file("defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, kernel: hello32.elf}\n"
             "jobs:\n  - {name: a}\n  - {name: b}\n  - {name: c}\n  - {name: d}\n  - {name: e}\n");
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml", g_dir, VPBRIDGE);
    if (r.status != 0 || !strstr(r.out, "batch: 5 jobs, 5 passed, 0 failed"))
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    /* Shard 1/2 takes a, c, e; 2/2 takes b, d: together every job, once. */
    r = vp_cmd_run("cd %s && { %s batch jobs.yaml --shard 1/2 && %s batch jobs.yaml --shard 2/2; }", g_dir, VPBRIDGE,
                   VPBRIDGE);
    assert_int_equal(r.status, 0);
    const char *second = strstr(r.out, "batch: 3 jobs");
    assert_non_null(second);
    const char *names = "abcde";
    for (int i = 0; i < 5; i++) {
        char pass[16];
        snprintf(pass, sizeof pass, "PASS %c (", names[i]);
        const char *at = strstr(r.out, pass);
        if (!at || (i % 2 == 0) != (at < second) || strstr(at + 1, pass))
            fail_msg("job %c not in shard %d exactly once:\n%s", names[i], i % 2 + 1, r.out);
    }
    vp_cmd_free(&r);
    cleanup();
}

/* `each`: a glob of ELFs (sorted) and a list, crossed with one template. */
static void test_batch_generated_jobs(void **state)
{
    (void)state;
    job_file("defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml}\n"
             "jobs:\n"
             "  - name: \"fw-{stem}\"\n"
             "    each: \"elfs/*.elf\"\n"
             "    kernel: \"{item}\"\n"
             "    expect: {output: [\"Hello\"]}\n"
             "    tags: [\"{stem}\"]\n"
             "  - {name: \"list-{stem}\", each: [hello32.elf], kernel: \"{item}\"}\n");
    vp_cmd_result r = vp_cmd_run("cd %s && mkdir elfs && ln -s %s elfs/b.elf && ln -s %s elfs/a.elf && "
                                 "%s batch jobs.yaml -j 1 --json j.json",
                                 g_dir, HELLO32, HELLO32, VPBRIDGE);
    if (r.status != 0)
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    const char *a = strstr(r.out, "PASS fw-a ("), *b = strstr(r.out, "PASS fw-b ("), *l = strstr(r.out, "PASS list-hello32 (");
    if (!a || !b || !l || !(a < b && b < l) || !strstr(r.out, "batch: 3 jobs, 3 passed"))
        fail_msg("want fw-a, fw-b, list-hello32 in that order:\n%s", r.out);
    vp_cmd_free(&r);
    char *json = slurp_in_dir("j.json");
    assert_non_null(strstr(json, "\"tags\": [\"a\"]"));
    free(json);
    cleanup();
}

/* --check-determinism: every job twice (-j 2 interleaves runs of different
 * jobs); the same console, exit and digest pass; a run cut by a wall-clock
 * limit stops at another instruction each time and fails, naming the two
 * digests. */
static void test_batch_check_determinism(void **state)
{
    (void)state;
    job_file("defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, timeout: 20s}\n"
             "jobs:\n"
             "  - {name: hello, kernel: hello32.elf}\n"
             "  - {name: timer, kernel: " VP_FIRMWARE_DIR "/rv32/timer.elf}\n"
             "  - {name: smp64, platform: " VP_SOURCE_DIR "/platforms/virt-rv64.yaml, kernel: " VP_FIRMWARE_DIR
             "/rv64/hello.elf, args: [\"--smp\", \"4\"]}\n"
             "  - {name: wallclock, kernel: " FOREVER ", args: [\"--timeout\", \"0.3s\"], expect: {exit: 124}}\n");
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml -j 2 --check-determinism --json j.json --junit j.xml",
                                 g_dir, VPBRIDGE);
    if (r.status != 1 || !strstr(r.out, "PASS hello (") || !strstr(r.out, "PASS timer (") ||
        !strstr(r.out, "PASS smp64 (") || !strstr(r.out, "FAIL wallclock (") ||
        !strstr(r.out, " in run 1, ") || !strstr(r.out, "batch: 4 jobs, 3 passed, 1 failed"))
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    char *json = slurp_in_dir("j.json");
    if (!strstr(json, "\"name\": \"wallclock\", \"status\": \"nondeterministic\", \"exit\": 124, \"reason\": \"digest ") ||
        vp_cmd_count_lines(json, "\"digest\": \"") != 4)
        fail_msg("JSON report:\n%s", json);
    free(json);
    char *xml = slurp_in_dir("j.xml");
    assert_non_null(strstr(xml, "<failure type=\"nondeterministic\""));
    free(xml);
    char *two = slurp_in_dir("vpbridge-batch/hello.run2.out"), *one = slurp_in_dir("vpbridge-batch/hello.out");
    assert_non_null(strstr(two, "Hello from vpbridge on RV32!"));
    assert_string_equal(one, two);
    free(one);
    free(two);
    cleanup();
}

/* No job file: `--platform P ELF...`, one job per ELF named after it (a
 * second ELF of the same name gets "-2"), exit 0 passes, JUnit at once. */
static void test_batch_elfs_on_command_line(void **state)
{
    (void)state;
    job_file("jobs: []\n"); /* only for the scratch directory and hello32.elf */
    vp_cmd_result r = vp_cmd_run("cd %s && mkdir other && ln -s %s other/hello32.elf && "
                                 "%s batch --platform %s/platforms/virt-rv32.yaml --timeout 1s hello32.elf "
                                 "other/hello32.elf %s --junit j.xml --json j.json",
                                 g_dir, HELLO32, VPBRIDGE, VP_SOURCE_DIR, FOREVER);
    if (r.status != 1 || !strstr(r.out, "PASS hello32 (") || !strstr(r.out, "PASS hello32-2 (") ||
        !strstr(r.out, "FAIL forever (") || !strstr(r.out, "batch: 3 jobs, 2 passed, 1 failed"))
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    char *xml = slurp_in_dir("j.xml");
    if (vp_cmd_count_lines(xml, "<testcase ") != 3 || !strstr(xml, "name=\"hello32-2\"") ||
        !strstr(xml, "<failure type=\"timeout\""))
        fail_msg("JUnit report:\n%s", xml);
    free(xml);
    char *json = slurp_in_dir("j.json");
    assert_non_null(strstr(json, "\"file\": \"command-line\""));
    free(json);
    /* Usage: ELFs without --platform, a job file with ELFs, a missing ELF. */
    r = vp_cmd_run("cd %s && %s batch hello32.elf", g_dir, VPBRIDGE);
    if (r.status != 2 || !strstr(r.err, "ELFs on the command line need --platform"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("cd %s && %s batch jobs.yaml hello32.elf", g_dir, VPBRIDGE);
    if (r.status != 2 || !strstr(r.err, "a job file or ELFs, not both"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("cd %s && %s batch --platform virt-rv32 nope.elf", g_dir, VPBRIDGE);
    if (r.status != 125 || !strstr(r.err, "nope.elf: no such file"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    cleanup();
}

static void expect_bad(const char *text, const char *message)
{
    job_file(text);
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml", g_dir, VPBRIDGE);
    if (r.status != 125 || !strstr(r.err, message) || vp_cmd_count_lines(r.err, "") != 1)
        fail_msg("exit %d, want 125 and one line with '%s':\n%s", r.status, message, r.err);
    vp_cmd_free(&r);
    cleanup();
}

static void test_batch_bad_job_files(void **state)
{
    (void)state;
    expect_bad("jobs:\n  - {name: a, kernel: x.elf, platfrom: p.yaml}\n", "vpbridge: jobs.yaml:2:30: unknown key 'platfrom' in job");
    expect_bad("jobs:\n  - {name: a, kernel: x.elf}\n", "jobs.yaml:2:5: job 'a': no `platform`");
    expect_bad("defaults: {platform: p.yaml, kernel: k.elf}\njobs:\n  - {name: a}\n  - {name: a}\n",
               "jobs.yaml:4:5: job 'a': the name is already used");
    expect_bad("defaults: {platform: p.yaml, kernel: k.elf}\njobs:\n  - name: a\n    expect: {output: [\"(\"]}\n",
               "jobs.yaml:4:23: expect.output: bad regular expression '('");
    expect_bad("defaults: {platform: p.yaml, kernel: k.elf}\njobs:\n  - {name: \"a b\"}\n",
               "job name 'a b': use letters, digits");
    expect_bad("jobs: []\n", "jobs: the list is empty");
    expect_bad("defaults: {platform: p.yaml}\njobs:\n  - {name: x, each: [a.elf], kernel: \"{item}\"}\n",
               "jobs.yaml:3:12: job 'x' has `each`: its name needs {stem} or {item}");
    expect_bad("defaults: {platform: p.yaml}\njobs:\n  - {name: \"x-{stem}\", each: \"none/*.elf\", kernel: \"{item}\"}\n",
               "none/*.elf' matches no file");
}

static void test_batch_usage(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s batch jobs.yaml -j 0", VPBRIDGE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "-j: '0' is not a count"));
    vp_cmd_free(&r);
    r = vp_cmd_run("%s batch jobs.yaml --shard 3/2", VPBRIDGE);
    assert_int_equal(r.status, 2);
    vp_cmd_free(&r);
    r = vp_cmd_run("%s batch /nonexistent/jobs.yaml", VPBRIDGE);
    if (r.status != 125 || !strstr(r.err, "/nonexistent/jobs.yaml"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
}

/* SIGTERM to the runner: the running job stops (interrupted), the job not
 * started is reported as not run, and the reports are written. */
static void test_batch_sigterm_still_reports(void **state)
{
    (void)state;
    job_file("defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, timeout: 60s}\n"
             "jobs:\n  - {name: quick, kernel: hello32.elf}\n  - {name: long, kernel: " FOREVER "}\n"
             "  - {name: later, kernel: " FOREVER "}\n");
    vp_cmd_result r = vp_cmd_run("cd %s && { %s batch jobs.yaml -j 1 --json j.json --junit j.xml & pid=$!; "
                                 "sleep 1.5; kill -TERM $pid; wait $pid; echo \"rc=$?\"; }",
                                 g_dir, VPBRIDGE);
    if (!strstr(r.out, "rc=143") || !strstr(r.out, "PASS quick") || !strstr(r.out, "stopped by a signal"))
        fail_msg("%s%s", r.out, r.err);
    vp_cmd_free(&r);
    char *json = slurp_in_dir("j.json");
    if (!strstr(json, "\"name\": \"long\", \"status\": \"interrupted\"") ||
        !strstr(json, "\"name\": \"later\", \"status\": \"not-run\""))
        fail_msg("JSON report:\n%s", json);
    free(json);
    char *xml = slurp_in_dir("j.xml");
    assert_non_null(strstr(xml, "skipped=\"1\""));
    free(xml);
    cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_reports),
        cmocka_unit_test(test_batch_all_pass_and_shards),
        cmocka_unit_test(test_batch_generated_jobs),
        cmocka_unit_test(test_batch_check_determinism),
        cmocka_unit_test(test_batch_elfs_on_command_line),
        cmocka_unit_test(test_batch_bad_job_files),
        cmocka_unit_test(test_batch_usage),
        cmocka_unit_test(test_batch_sigterm_still_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
