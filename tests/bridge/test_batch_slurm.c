/* SPDX-License-Identifier: Apache-2.0 */
/* test_batch_slurm.c - the Slurm path of `vpbridge batch` on a real
 * one-node Slurm cluster on loopback (docs/batch-slurm.md):
 * slurm/slurm_cluster.sh starts munged, slurmctld and slurmd under a fresh
 * directory (free ports, nothing of the system's touched) and runs
 * examples/batch/slurm/submit.sh in it: an array of 3 tasks, one
 * `vpbridge batch --shard I/3` each, then batch-merge after them
 * (afterany). The merged JSON and JUnit reports must hold every job of the
 * list exactly once, in list order, with the statuses of an unsharded run.
 * The cluster is stopped and its directory removed on every way out; a
 * missing Slurm or munge fails the test, naming the Debian package. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "batch_json.h"
#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define CLUSTER VP_SOURCE_DIR "/tests/bridge/slurm/slurm_cluster.sh"
#define SUBMIT VP_SOURCE_DIR "/examples/batch/slurm/submit.sh"
#define SHARDS 3
#define LIMIT_S 90 /* the whole cluster session; the CTest timeout is above it */

static char g_dir[64];

/* Every tool the cluster needs, or a failure naming the Debian packages to install. */
static void need_tools(void)
{
    static const char *const tools[][2] = {
        {"munged", "munge"},          {"mungekey", "munge"},        {"slurmctld", "slurmctld"},
        {"slurmd", "slurmd"},         {"sbatch", "slurm-client"},   {"squeue", "slurm-client"},
        {"sinfo", "slurm-client"},    {"scancel", "slurm-client"},  {"timeout", "coreutils"},
    };
    GString *missing = g_string_new("");
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        vp_cmd_result r = vp_cmd_run("PATH=$PATH:/usr/sbin:/sbin command -v %s", tools[i][0]);
        if (r.status != 0)
            g_string_append_printf(missing, "\n  %s: install the Debian package %s", tools[i][0], tools[i][1]);
        vp_cmd_free(&r);
    }
    if (missing->len)
        fail_msg("the Slurm test needs a Slurm and munge installation (tools/setup.sh: slurm-wlm munge):%s",
                 missing->str);
    g_string_free(missing, TRUE);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_slurmXXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vp_cmd_remove_tree(g_dir);
    return 0;
}

static char *in_dir(const char *name)
{
    return g_strdup_printf("%s/%s", g_dir, name);
}

/* Six jobs (the smoke list's two, four more), one failing: 3 shards of 2. */
static void write_jobs(void)
{
    char *path = in_dir("jobs.yaml");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("defaults:\n"
          "  platform: " VP_SOURCE_DIR "/platforms/virt-rv32.yaml\n"
          "  timeout: 30s\n"
          "  expect: {exit: 0, forbid: [\"panic\", \"unexpected trap\"]}\n"
          "jobs:\n"
          "  - name: hello32\n"
          "    kernel: " VP_FIRMWARE_DIR "/rv32/hello.elf\n"
          "    expect: {output: [\"Hello from vpbridge on RV32!\"]}\n"
          "    tags: [smoke, rv32]\n"
          "  - name: hello64\n"
          "    platform: " VP_SOURCE_DIR "/platforms/virt-rv64.yaml\n"
          "    kernel: " VP_FIRMWARE_DIR "/rv64/hello.elf\n"
          "    args: [\"--max-time\", \"1s\"]\n"
          "    expect: {output: [\"Hello from vpbridge on RV64!\"]}\n"
          "  - {name: compute32, kernel: " VP_FIRMWARE_DIR "/rv32/compute.elf}\n"
          "  - name: compute64\n"
          "    platform: " VP_SOURCE_DIR "/platforms/virt-rv64.yaml\n"
          "    kernel: " VP_FIRMWARE_DIR "/rv64/compute.elf\n"
          "  - {name: wrongexit, kernel: " VP_FIRMWARE_DIR "/rv32/hello.elf, expect: {exit: 3}}\n"
          "  - {name: timer32, kernel: " VP_FIRMWARE_DIR "/rv32/timer.elf}\n",
          f);
    fclose(f);
    g_free(path);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The shards ran as Slurm array tasks: each task's Slurm output file names its shard. */
static void check_array_outputs(void)
{
    vp_cmd_result r = vp_cmd_run("cd %s/out && cat slurm-*_[0-9]*.out", g_dir);
    for (int i = 1; i <= SHARDS; i++) {
        char want[64];
        snprintf(want, sizeof want, "array.sbatch: shard %d/%d of ", i, SHARDS);
        if (!strstr(r.out, want))
            fail_msg("no Slurm output of array task %d ('%s'):\n%s%s", i - 1, want, r.out, r.err);
    }
    vp_cmd_free(&r);
}

static void check_merged(const char *single_jobs)
{
    char *merged = in_dir("out/merged.json"), *jobs = batch_json_jobs(merged);
    if (strcmp(jobs, single_jobs))
        fail_msg("merged jobs:\n  %s\nunsharded run's:\n  %s", jobs, single_jobs);
    assert_int_equal(batch_json_int(merged, "jobs_total"), 6);
    assert_int_equal(batch_json_int(merged, "jobs_listed"), 6);
    assert_int_equal(batch_json_int(merged, "failed"), 1);
    char *present = batch_json_list(merged, "shards", "merged");
    char *missing = batch_json_list(merged, "shards", "missing");
    assert_string_equal(present, "1,2,3");
    assert_string_equal(missing, "");
    char *xml_path = in_dir("out/merged.xml"), *xml = vp_cmd_slurp(xml_path);
    static const char *const names[] = {"hello32", "hello64", "compute32", "compute64", "wrongexit", "timer32"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char tc[96];
        snprintf(tc, sizeof tc, "<testcase classname=\"vpbridge.batch\" name=\"%s\" ", names[i]);
        if (vp_cmd_count_lines(xml, tc) != 1)
            fail_msg("merged JUnit: '%s' not exactly once:\n%s", names[i], xml);
    }
    if (!strstr(xml, "tests=\"6\" failures=\"1\" skipped=\"0\"") || vp_cmd_count_lines(xml, "<testcase ") != 6 ||
        !strstr(xml, "<failure type=\"failed\" message=\"exit 0, expected 3"))
        fail_msg("merged JUnit:\n%s", xml);
    free(xml);
    g_free(xml_path);
    g_free(present);
    g_free(missing);
    g_free(jobs);
    g_free(merged);
}

static void test_batch_slurm_array_and_merge(void **state)
{
    (void)state;
    need_tools();
    write_jobs();
    /* The unsharded run, the reference. */
    vp_cmd_result r = vp_cmd_run("cd %s && %s batch jobs.yaml -j 2 --json single.json --out single-logs", g_dir,
                                 VPBRIDGE);
    if (r.status != 1)
        fail_msg("unsharded batch: exit %d (want 1: wrongexit fails)\n%s%s", r.status, r.out, r.err);
    vp_cmd_free(&r);
    char *single = in_dir("single.json"), *single_jobs = batch_json_jobs(single);
    /* The cluster session: bounded, and a TERM on time-out still stops the cluster (trap). */
    double t0 = now_s();
    r = vp_cmd_run("cd %s && timeout -k 15 %d env VPBRIDGE=%s JOBS=jobs.yaml OUT=%s/out SHARDS=%d CPUS=1 WAIT=%d "
                   "bash %s %s/cluster bash %s",
                   g_dir, LIMIT_S, VPBRIDGE, g_dir, SHARDS, LIMIT_S - 20, CLUSTER, g_dir, SUBMIT);
    double took = now_s() - t0;
    print_message("Slurm session: %.1f s (cluster start, %d array tasks, merge, stop)\n", took, SHARDS);
    /* 1: batch-merge's status (wrongexit failed) */
    if (r.status != 1 || !strstr(r.out, "batch-merge: 6 jobs, 5 passed, 1 failed, 0 not run; shards: 3 of 3 merged"))
        fail_msg("cluster session: exit %d after %.1f s (want 1)\n--- stdout\n%s--- stderr\n%s", r.status, took, r.out,
                 r.err);
    vp_cmd_free(&r);
    char *cluster = in_dir("cluster");
    struct stat st;
    if (stat(cluster, &st) == 0)
        fail_msg("%s is still there after the session", cluster);
    g_free(cluster);
    check_array_outputs();
    check_merged(single_jobs);
    g_free(single_jobs);
    g_free(single);
}

/* The cluster script's own checks: a directory that exists is refused
 * before anything starts. */
static void test_batch_slurm_cluster_usage(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("bash %s %s true", CLUSTER, g_dir);
    if (r.status != 2 || !strstr(r.err, "exists"))
        fail_msg("exit %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("bash %s", CLUSTER);
    assert_int_equal(r.status, 2);
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batch_slurm_array_and_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_slurm_cluster_usage, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
