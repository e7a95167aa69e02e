/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli_badmod.c - `vpbridge run` with the misbehaving test module
 * (tests/platforms/badmod.c): a transport answered without a response is
 * an access fault for the guest plus one warning; a create that returns
 * no status code is one configuration error (125); a transport that
 * never returns still ends at --timeout (124), naming the device.
 *
 * The guest is a raw RV32 image written here: it points mtvec at a
 * handler, loads bad0's register 0, and (in the handler, reached either
 * way) ends the run through bad0's register 8 with mcause as the status:
 * 0 when the load worked, 5 for a load access fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

static char dir[64];

static const uint32_t prog[] = {
    0x100002b7, /* lui   t0, 0x10000        t0 = bad0 */
    0x00000397, /* auipc t2, 0 */
    0x01038393, /* addi  t2, t2, 16         t2 = handler */
    0x30539073, /* csrw  mtvec, t2 */
    0x0002a303, /* lw    t1, 0(t0)          the misbehaving register */
    0x34202573, /* handler: csrr a0, mcause */
    0x00a2a423, /* sw    a0, 8(t0)          exit with mcause */
    0x0000006f, /* j     . */
};

/* Writes the board (bad0 in `mode`) and the image; returns the board's path (static). */
static const char *setup_run(const char *mode)
{
    char text[512];
    snprintf(text, sizeof text,
             "name: badboard\n"
             "cpus: {isa: rv32imac, count: 1}\n"
             "memory:\n"
             "  - {name: ram, base: 0x80000000, size: 16MiB}\n"
             "devices:\n"
             "  - name: bad0\n"
             "    type: bad_dev\n"
             "    base: 0x10000000\n"
             "    options: {mode: %s}\n",
             mode);
    vp_cmd_write_file(dir, "bad.yaml", text);
    char path[128];
    snprintf(path, sizeof path, "%s/prog.bin", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(prog, sizeof prog, 1, f), 1);
    fclose(f);
    static char yaml[128];
    snprintf(yaml, sizeof yaml, "%s/bad.yaml", dir);
    return yaml;
}

/* `timeout` guards the test against a run that hangs for ever. */
static vp_cmd_result run_bad(const char *mode, const char *extra)
{
    const char *yaml = setup_run(mode);
    return vp_cmd_run("timeout -s KILL 60 %s run %s --module-path %s --kernel %s/prog.bin %s </dev/null", VPBRIDGE,
                      yaml, TP_BAD_DIR, dir, extra);
}

static void expect_lines(const char *text, unsigned n)
{
    unsigned lines = 0;
    for (const char *s = text; *s; s++)
        lines += *s == '\n';
    if (lines != n)
        fail_msg("expected %u lines, got:\n%s", n, text);
}

static void test_cli_badmod_ok(void **state)
{
    (void)state;
    vp_cmd_result r = run_bad("ok", "");
    if (r.status != 0)
        fail_msg("status %d, stderr: %s", r.status, r.err);
    assert_string_equal(r.err, "");
    vp_cmd_free(&r);
}

static void test_cli_badmod_no_response_is_access_fault(void **state)
{
    (void)state;
    vp_cmd_result r = run_bad("no_response", "");
    if (r.status != 5)
        fail_msg("status %d, stderr: %s", r.status, r.err);
    expect_lines(r.err, 1);
    assert_non_null(strstr(r.err, "badboard: warning: target 'bad0' answered a read at 0x10000000 [4] without "
                                  "setting a response (still INCOMPLETE): the access ends as a bus error"));
    vp_cmd_free(&r);
}

static void test_cli_badmod_create_garbage(void **state)
{
    (void)state;
    vp_cmd_result r = run_bad("create_garbage", "");
    assert_int_equal(r.status, 125);
    expect_lines(r.err, 1);
    char want[256];
    snprintf(want, sizeof want,
             "vpbridge: %s/bad.yaml:6:5: device 'bad0' (bad_dev, module badmod): create returned -12345, which is "
             "not a status code (0 or a VP_E*)\n",
             dir);
    assert_string_equal(r.err, want);
    vp_cmd_free(&r);
}

static void test_cli_badmod_hang_ends_at_timeout(void **state)
{
    (void)state;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vp_cmd_result r = run_bad("hang", "--timeout 1");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (r.status != 124)
        fail_msg("status %d after %.1f s, stderr: %s", r.status, took, r.err);
    expect_lines(r.err, 1);
    assert_string_equal(r.err, "vpbridge: stopped: --timeout 1 wall-clock limit reached, and 2 s later the run was "
                               "still inside an access to 'bad0', which never answered: exiting without shutting "
                               "the devices down\n");
    assert_true(took >= 3.0 && took < 30.0);
    vp_cmd_free(&r);
}

int main(void)
{
    strcpy(dir, "/tmp/vpclibadXXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_badmod_ok),
        cmocka_unit_test(test_cli_badmod_no_response_is_access_fault),
        cmocka_unit_test(test_cli_badmod_create_garbage),
        cmocka_unit_test(test_cli_badmod_hang_ends_at_timeout),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vp_cmd_remove_tree(dir);
    return rc;
}
