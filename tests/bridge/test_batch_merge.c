/* SPDX-License-Identifier: Apache-2.0 */
/* test_batch_merge.c - `vpbridge batch-merge` through the built command, on
 * reports written by real `vpbridge batch --shard I/N` runs: the merge of
 * the shards is the unsharded run's job list (order, statuses, JUnit
 * counts) whatever the order of the reports; a job in two reports, a shard
 * given twice, reports of different job files; a missing shard (named,
 * exit 1, a failed testcase; --allow-missing); corrupt or foreign JSON (one
 * line naming file:line:col, exit 2); reports without shard information
 * (argument order); usage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "batch_json.h"
#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define HELLO32 VP_FIRMWARE_DIR "/rv32/hello.elf"

static char g_dir[64];

/* Five jobs, one failing (c). */
static const char k_jobs[] = "defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, kernel: " HELLO32
                             ", timeout: 20s}\n"
                             "jobs:\n"
                             "  - {name: a, tags: [x]}\n"
                             "  - name: b\n"
                             "    platform: " VP_SOURCE_DIR "/platforms/virt-rv64.yaml\n"
                             "    kernel: " VP_FIRMWARE_DIR "/rv64/hello.elf\n"
                             "  - {name: c, expect: {exit: 3}}\n"
                             "  - {name: d, expect: {output: [\"Hello from vpbridge\"]}}\n"
                             "  - {name: e}\n";

static void scratch(const char *jobs)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_mergeXXXXXX");
    assert_non_null(mkdtemp(g_dir));
    vp_cmd_write_file(g_dir, "jobs.yaml", jobs);
}

/* After every test, passed or failed. */
static int cleanup(void **state)
{
    (void)state;
    if (g_dir[0]) {
        vp_cmd_remove_tree(g_dir);
        g_dir[0] = 0;
    }
    return 0;
}

static char *path_in_dir(const char *name)
{
    return g_strdup_printf("%s/%s", g_dir, name);
}

/* `vpbridge batch jobs.yaml ARGS` in the scratch directory; its status must be `want`. */
static void batch(const char *args, int want)
{
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml --out logs %s", g_dir, VPBRIDGE, args);
    if (r.status != want)
        fail_msg("batch %s: exit %d, want %d\n%s%s", args, r.status, want, r.out, r.err);
    vp_cmd_free(&r);
}

static vp_cmd_result merge(const char *args)
{
    return vp_cmd_run("cd %s && %s batch-merge %s", g_dir, VPBRIDGE, args);
}

/* Shards 1/2 (a, c, e) and 2/2 (b, d), given in either order, merge into
 * the unsharded run: same jobs, same order, same statuses, same counts. */
static void test_batch_merge_equals_unsharded(void **state)
{
    (void)state;
    scratch(k_jobs);
    batch("--json all.json --junit all.xml", 1);
    batch("--shard 1/2 --json s1.json", 1); /* c fails */
    batch("--shard 2/2 --json s2.json", 0);
    char *all = path_in_dir("all.json"), *merged = path_in_dir("m.json");
    char *want = batch_json_jobs(all);
    assert_string_equal(want, "a=passed b=passed c=failed d=passed e=passed");
    assert_int_equal(batch_json_int(all, "jobs_listed"), 5);
    for (int order = 0; order < 2; order++) {
        vp_cmd_result r = merge(order ? "--json m.json --junit m.xml s2.json s1.json"
                                      : "--json m.json --junit m.xml s1.json s2.json");
        if (r.status != 1 ||
            !strstr(r.out, "batch-merge: 5 jobs, 4 passed, 1 failed, 0 not run; shards: 2 of 2 merged"))
            fail_msg("exit %d (want 1: c failed)\n%s%s", r.status, r.out, r.err);
        vp_cmd_free(&r);
        char *got = batch_json_jobs(merged);
        assert_string_equal(got, want);
        g_free(got);
        assert_int_equal(batch_json_int(merged, "jobs_total"), 5);
        assert_int_equal(batch_json_int(merged, "passed"), 4);
        assert_int_equal(batch_json_int(merged, "failed"), 1);
        char *missing = batch_json_list(merged, "shards", "missing");
        char *present = batch_json_list(merged, "shards", "merged");
        assert_string_equal(missing, "");
        assert_string_equal(present, "1,2");
        g_free(missing);
        g_free(present);
        /* The JUnit report has write_junit's shape: the counts and one testcase per job. */
        char *xml_path = path_in_dir("m.xml"), *xml = vp_cmd_slurp(xml_path), *single_path = path_in_dir("all.xml"),
             *single = vp_cmd_slurp(single_path);
        const char *suite = "<testsuite name=\"jobs.yaml\" tests=\"5\" failures=\"1\" skipped=\"0\" time=";
        if (!strstr(single, suite) || !strstr(xml, suite) ||
            vp_cmd_count_lines(xml, "<testcase classname=\"vpbridge.batch\" name=") != 5 ||
            vp_cmd_count_lines(xml, "<failure type=\"failed\" message=\"exit 0, expected 3") != 1 ||
            vp_cmd_count_lines(xml, "<system-out>logs/") != 5 || strstr(xml, "name=\"c\"") > strstr(xml, "name=\"d\""))
            fail_msg("merged JUnit:\n%s\nsingle run's:\n%s", xml, single);
        free(xml);
        free(single);
        g_free(xml_path);
        g_free(single_path);
    }
    /* Everything passed: 0 (the shards of the jobs without c). */
    vp_cmd_write_file(g_dir, "jobs.yaml", "defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, kernel: " HELLO32 "}\n"
                              "jobs:\n  - {name: p}\n  - {name: q}\n  - {name: r}\n");
    batch("--shard 1/2 --json p1.json", 0);
    batch("--shard 2/2 --json p2.json", 0);
    vp_cmd_result r = merge("p2.json p1.json");
    if (r.status != 0 || !strstr(r.out, "batch-merge: 3 jobs, 3 passed, 0 failed"))
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    g_free(want);
    g_free(all);
    g_free(merged);
}

/* One line on stderr that contains `message`, and the status `want`. */
static void expect_error(const char *args, int want, const char *message)
{
    vp_cmd_result r = merge(args);
    if (r.status != want || !strstr(r.err, message) || vp_cmd_count_lines(r.err, "") != 1)
        fail_msg("batch-merge %s: exit %d, want %d and one line with '%s':\n%s", args, r.status, want, message, r.err);
    vp_cmd_free(&r);
}

/* A job in two reports (the job file changed between the shards), a shard
 * given twice, shards of different job files: exit 2, one line naming both. */
static void test_batch_merge_duplicates(void **state)
{
    (void)state;
    scratch(k_jobs);
    batch("--shard 1/2 --json s1.json", 1); /* a, c, e */
    batch("--shard 2/2 --json s2.json", 0); /* b, d */
    vp_cmd_write_file(g_dir, "jobs.yaml", "defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, kernel: " HELLO32 "}\n"
                              "jobs:\n  - {name: b}\n  - {name: a}\n  - {name: d}\n  - {name: c}\n  - {name: e}\n");
    batch("--shard 2/2 --json r2.json", 0); /* a, c: a and c are in s1.json too */
    expect_error("s1.json r2.json", 2, "vpbridge: batch-merge: job 'a' is in both s1.json and r2.json");
    expect_error("s1.json s2.json s1.json", 2, "batch-merge: s1.json and s1.json are both shard 1/2");
    vp_cmd_result r = vp_cmd_run("cd %s && cp s1.json copy.json", g_dir);
    vp_cmd_free(&r);
    expect_error("s1.json copy.json", 2, "s1.json and copy.json are both shard 1/2");
    vp_cmd_write_file(g_dir, "other.yaml", k_jobs);
    r = vp_cmd_run("cd %s && %s batch other.yaml --shard 2/2 --json o2.json --out logs", g_dir, VPBRIDGE);
    vp_cmd_free(&r);
    expect_error("s1.json o2.json", 2,
                 "s1.json reports on 'jobs.yaml', o2.json on 'other.yaml': not shards of one batch");
    batch("--json all.json", 0); /* the second job file: all pass */
    expect_error("all.json s2.json", 2, "all.json is shard 1/1 of 5 jobs, s2.json is shard 2/2 of 5 jobs");
}

/* Shards 1/3 and 3/3 without 2/3: named, exit 1, a failed testcase for the
 * shard; --allow-missing: still named, exit 0 when the rest passed. */
static void test_batch_merge_missing_shard(void **state)
{
    (void)state;
    scratch("defaults: {platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml, kernel: " HELLO32 "}\n"
            "jobs:\n  - {name: a}\n  - {name: b}\n  - {name: c}\n  - {name: d}\n");
    batch("--shard 1/3 --json s1.json", 0); /* a, d */
    batch("--shard 3/3 --json s3.json", 0); /* c */
    vp_cmd_result r = merge("--json m.json --junit m.xml s3.json s1.json");
    if (r.status != 1 || !strstr(r.err, "vpbridge: batch-merge: no report for shard 2 of 3\n") ||
        !strstr(r.out, "batch-merge: 3 jobs, 3 passed, 0 failed, 0 not run; shards: 2 of 3 merged, missing 2"))
        fail_msg("exit %d (want 1)\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    char *m = path_in_dir("m.json"), *jobs = batch_json_jobs(m), *missing = batch_json_list(m, "shards", "missing");
    assert_string_equal(jobs, "a=passed c=passed d=passed"); /* job-file order */
    assert_string_equal(missing, "2");
    g_free(jobs);
    g_free(missing);
    char *xml_path = path_in_dir("m.xml"), *xml = vp_cmd_slurp(xml_path);
    if (!strstr(xml, "tests=\"4\" failures=\"1\" skipped=\"0\"") ||
        !strstr(xml, "<testcase classname=\"vpbridge.batch\" name=\"shard 2/3\" time=\"0.000\">\n"
                     "      <failure type=\"missing-shard\" message=\"no report for shard 2/3\"/>"))
        fail_msg("JUnit:\n%s", xml);
    free(xml);
    r = merge("--allow-missing --junit m.xml s1.json s3.json");
    if (r.status != 0 || !strstr(r.err, "no report for shard 2 of 3 (--allow-missing)"))
        fail_msg("exit %d (want 0)\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    xml = vp_cmd_slurp(xml_path);
    if (!strstr(xml, "tests=\"4\" failures=\"0\" skipped=\"1\"") ||
        !strstr(xml, "<skipped message=\"no report for shard 2/3\"/>"))
        fail_msg("JUnit:\n%s", xml);
    free(xml);
    g_free(xml_path);
    g_free(m);
}

/* Not JSON, not a batch report, no file: one line naming the file (and
 * line:col for a syntax error), exit 2. */
static void test_batch_merge_corrupt(void **state)
{
    (void)state;
    scratch(k_jobs);
    batch("--shard 1/2 --json s1.json", 1);
    vp_cmd_write_file(g_dir, "bad.json", "{\n  \"file\": \"jobs.yaml\",\n  \"jobs\": [\n    {\"name\": \"a\",}\n  ]\n}\n");
    expect_error("s1.json bad.json", 2, "vpbridge: batch-merge: bad.json:4:17: Parse error");
    vp_cmd_result r = vp_cmd_run("cd %s && head -c 100 s1.json > cut.json", g_dir);
    vp_cmd_free(&r);
    expect_error("cut.json", 2, "cut.json:");
    vp_cmd_write_file(g_dir, "list.json", "[1, 2]\n");
    expect_error("list.json", 2, "list.json: not a vpbridge batch report: not a JSON object");
    vp_cmd_write_file(g_dir, "nojobs.json", "{\"file\": \"jobs.yaml\", \"passed\": 1}\n");
    expect_error("nojobs.json", 2, "nojobs.json: not a vpbridge batch report: no `file` string and `jobs` list");
    vp_cmd_write_file(g_dir, "noname.json", "{\"file\": \"jobs.yaml\", \"jobs\": [{\"status\": \"passed\"}]}\n");
    expect_error("noname.json", 2, "noname.json: not a vpbridge batch report: job 1 of `jobs` has no string `name`");
    vp_cmd_write_file(g_dir, "badshard.json", "{\"file\": \"j\", \"shard\": {\"index\": 3, \"count\": 2}, \"jobs\": []}\n");
    expect_error("badshard.json", 2, "badshard.json: not a vpbridge batch report: `shard` is not");
    vp_cmd_write_file(g_dir, "empty.json", "");
    expect_error("empty.json", 2, "empty.json: not a vpbridge batch report: empty");
    expect_error("s1.json none.json", 2, "none.json");
}

/* Reports without `shard` and `index` (as a batch before them wrote):
 * merged in the order given, no shard check. */
static void test_batch_merge_without_shard_info(void **state)
{
    (void)state;
    scratch(k_jobs);
    vp_cmd_write_file(g_dir, "x.json",
                 "{\"file\": \"j.yaml\", \"jobs\": [{\"name\": \"z\", \"status\": \"passed\", \"tags\": []}]}\n");
    vp_cmd_write_file(g_dir, "y.json", "{\"file\": \"j.yaml\", \"jobs\": [{\"name\": \"y\", \"status\": \"not-run\", \"tags\": []},"
                           " {\"name\": \"x\", \"status\": \"timeout\", \"exit\": null, \"reason\": \"r\"}]}\n");
    vp_cmd_result r = merge("--json m.json --junit m.xml x.json y.json");
    if (r.status != 1 || !strstr(r.out, "batch-merge: 3 jobs, 1 passed, 1 failed, 1 not run; 2 reports without shard"))
        fail_msg("exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    char *m = path_in_dir("m.json"), *jobs = batch_json_jobs(m), *json = vp_cmd_slurp(m);
    assert_string_equal(jobs, "z=passed y=not-run x=timeout");
    assert_non_null(strstr(json, "{\"name\": \"x\", \"status\": \"timeout\", \"exit\": null, \"reason\": \"r\"}"));
    assert_null(strstr(json, "\"shards\""));
    char *xml_path = path_in_dir("m.xml"), *xml = vp_cmd_slurp(xml_path);
    if (!strstr(xml, "tests=\"3\" failures=\"1\" skipped=\"1\"") ||
        !strstr(xml, "<skipped message=\"not run: the batch was stopped\"/>"))
        fail_msg("JUnit:\n%s", xml);
    free(xml);
    free(json);
    g_free(xml_path);
    g_free(jobs);
    g_free(m);
}

static void test_batch_merge_usage(void **state)
{
    (void)state;
    const char *bad[] = {"", "--json", "--bogus a.json", "--junit '' a.json"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vp_cmd_result r = vp_cmd_run("%s batch-merge %s", VPBRIDGE, bad[i]);
        if (r.status != 2 || !strstr(r.err, "usage: vpbridge batch-merge") || r.out[0])
            fail_msg("batch-merge %s: exit %d\n%s%s", bad[i], r.status, r.out, r.err);
        vp_cmd_free(&r);
    }
    vp_cmd_result r = vp_cmd_run("%s batch-merge --help", VPBRIDGE);
    if (r.status != 0 || !strstr(r.out, "--allow-missing"))
        fail_msg("--help: exit %d\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_batch_merge_equals_unsharded, cleanup),
        cmocka_unit_test_teardown(test_batch_merge_duplicates, cleanup),
        cmocka_unit_test_teardown(test_batch_merge_missing_shard, cleanup),
        cmocka_unit_test_teardown(test_batch_merge_corrupt, cleanup),
        cmocka_unit_test_teardown(test_batch_merge_without_shard_info, cleanup),
        cmocka_unit_test_teardown(test_batch_merge_usage, cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
