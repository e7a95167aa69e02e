/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_badmod.c - modules that break the module ABI (badmod.c,
 * halfmod.c) are reported by name: create/realize/init results that are no
 * status code, an init that fails after registering a type (rolled back),
 * transports answered without or with a garbage response (a bus error and
 * one warning), lines driven with a wrong input number (dropped, one
 * warning), one signal for two lines, a debug transport that claims too
 * much. A transport that never returns: tests/bridge/test_cli_badmod.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vpbridge/vp_cpu.h>
#include <vpbridge/vp_registry.h>

#include "pf_test.h"

#define DEV_BASE 0x10000000u
#define RAM_BASE 0x80000000u

static const char *const bad_dirs[] = {TP_BAD_DIR, NULL};
static const vp_platform_options bad_opts = {
    sizeof(vp_platform_options), VP_PLATFORM_ABI, bad_dirs, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, 0};
static char tmpdir[64];

/* ---- captured log: every message, one per line ---- */
static char logbuf[16384];

static void capture(void *opaque, unsigned cat, int lvl, const char *msg)
{
    (void)opaque;
    (void)cat;
    (void)lvl;
    size_t n = strlen(logbuf);
    snprintf(logbuf + n, sizeof logbuf - n, "%s\n", msg);
}

/* Messages containing `needle`. */
static int log_count(const char *needle)
{
    int n = 0;
    for (const char *s = logbuf; (s = strstr(s, needle)); s++)
        n++;
    return n;
}

/* The only captured message: it holds every NULL-terminated piece. */
static void expect_one_message(const char *first, ...)
{
    size_t len = strlen(logbuf);
    assert_true(len > 0);
    if (strchr(logbuf, '\n') != logbuf + len - 1)
        fail_msg("expected one message, got:\n%s", logbuf);
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        if (!strstr(logbuf, s))
            fail_msg("message '%s' lacks '%s'", logbuf, s);
    va_end(ap);
}

static int setup(void **state)
{
    (void)state;
    logbuf[0] = '\0';
    vp_log_set_sink(capture, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vp_log_set_sink(NULL, NULL);
    unsetenv("HALFMOD_RC");
    return 0;
}

/* ---- boards ---- */

/* Writes a one-hart board with bad0 (type bad_dev) in `mode` and the irq
 * lines `irqs` (YAML list items); returns its path (static). bad0's entry
 * starts at line 9, column 5. */
static const char *board(const char *mode, const char *irqs)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/bad_%s.yaml", tmpdir, mode);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: badboard\n"
            "cpus:\n"
            "  isa: rv32imac\n"
            "  count: 1\n"
            "  reset-vector: 0x80000000\n"
            "memory:\n"
            "  - {name: ram, base: 0x80000000, size: 64KiB}\n"
            "devices:\n"
            "  - name: bad0\n"
            "    type: bad_dev\n"
            "    base: 0x10000000\n"
            "    options: {mode: %s}\n"
            "irqs:\n%s",
            mode, irqs ? irqs : "  - bad0.irq[0] -> hart0.meip\n");
    fclose(f);
    return path;
}

static vp_platform *load(const char *path)
{
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, &bad_opts, &err);
    if (!p)
        fail_msg("load %s: %s", path, err ? err->msg : "(no error)");
    return p;
}

static int build(vp_platform *p, vp_error **errp)
{
    static pf_fake_host fh;
    vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &fh};
    return vp_platform_build(p, clock_stub_get(pf_clock()), &h, errp);
}

static vp_platform *build_ok(const char *mode, const char *irqs)
{
    vp_platform *p = load(board(mode, irqs));
    vp_error *err = NULL;
    if (build(p, &err))
        fail_msg("build (%s): %s", mode, err->msg);
    return p;
}

/* The error is one line that starts with the board's path and `pos`, holds
 * every piece, and carries a VP_E* code. Frees it. */
static void expect_error(vp_error *err, int rc, const char *path, const char *pos, ...)
{
    assert_non_null(err);
    assert_int_equal(rc, err->code);
    assert_true(err->code < 0 && err->code >= VP_EFAULT);
    assert_null(strchr(err->msg, '\n'));
    char want[256];
    snprintf(want, sizeof want, "%s:%s", path, pos);
    if (strncmp(err->msg, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", err->msg, want);
    va_list ap;
    va_start(ap, pos);
    for (const char *s; (s = va_arg(ap, const char *));)
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    va_end(ap);
    vp_error_free(err);
}

static tlmc_response rd(vp_platform *p, uint64_t addr, uint32_t *v)
{
    vp_time d = 0;
    return tlmc_read(tlmc_router_target(vp_platform_router(p)), addr, v, 4, &d);
}

static tlmc_response wr(vp_platform *p, uint64_t addr, uint32_t v)
{
    vp_time d = 0;
    return tlmc_write(tlmc_router_target(vp_platform_router(p)), addr, &v, 4, &d);
}

/* ---- a well-behaved bad_dev: the control ---- */

static void test_platform_badmod_ok_mode(void **state)
{
    (void)state;
    vp_platform *p = build_ok("ok", NULL);
    vp_error *err = NULL;
    assert_int_equal(vp_platform_realize(p, &err), 0);
    uint32_t v = 0;
    assert_int_equal(rd(p, DEV_BASE, &v), TLMC_OK_RESPONSE);
    assert_int_equal(v, 0x600d0000);
    assert_int_equal(wr(p, DEV_BASE + 4, 1), TLMC_OK_RESPONSE); /* irq[0] -> meip */
    uint64_t mip = 0;
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 0), 0x344, &mip));
    assert_true(mip & (1u << 11));
    assert_string_equal(logbuf, "");
    vp_platform_destroy(p);
}

/* ---- create / realize results that are no status code ---- */

static void expect_create_fail(const char *mode, const char *rc_text)
{
    const char *path = board(mode, NULL);
    vp_platform *p = load(path);
    vp_error *err = NULL;
    int rc = build(p, &err);
    char want[128];
    snprintf(want, sizeof want, "create returned %s, which is not a status code", rc_text);
    expect_error(err, rc, path, "9:5: ", "device 'bad0' (bad_dev, module badmod): ", want, NULL);
    assert_int_equal(rc, VP_EINVAL);
    vp_platform_destroy(p);
}

static void test_platform_badmod_create_garbage(void **state)
{
    (void)state;
    expect_create_fail("create_garbage", "-12345");
}

static void test_platform_badmod_create_positive(void **state)
{
    (void)state;
    expect_create_fail("create_positive", "12345");
}

static void test_platform_badmod_realize_garbage(void **state)
{
    (void)state;
    const char *path = board("realize_garbage", NULL);
    vp_platform *p = build_ok("realize_garbage", NULL);
    vp_error *err = NULL;
    int rc = vp_platform_realize(p, &err);
    expect_error(err, rc, path, "9:5: ", "device 'bad0' (bad_dev, module badmod): ",
                 "realize returned 77, which is not a status code (0 or a VP_E*)", NULL);
    vp_platform_destroy(p);
}

/* ---- init that fails half-way ---- */

static void test_platform_badmod_init_half_rolls_back(void **state)
{
    (void)state;
    vp_registry *reg = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_dir(reg, TP_BAD_DIR, &err), 0);
    for (int round = 0; round < 2; round++) { /* the type never becomes usable, nothing is left behind */
        assert_null(vp_registry_resolve(reg, "half_dev", NULL, &err));
        assert_non_null(err);
        assert_int_equal(err->code, VP_EIO);
        assert_null(strchr(err->msg, '\n'));
        pf_expect_pieces(err->msg, "module 'halfmod' (", "halfmod.modinfo.yaml:2:5): ",
                         "init failed: input/output error", NULL);
        vp_error_free(err);
        err = NULL;
        const vp_module_info *mi = vp_registry_find_module(reg, "halfmod");
        assert_non_null(mi);
        assert_false(mi->loaded);
    }
    vp_registry_destroy(reg);
}

static void test_platform_badmod_init_garbage(void **state)
{
    (void)state;
    setenv("HALFMOD_RC", "4242", 1);
    vp_registry *reg = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_dir(reg, TP_BAD_DIR, &err), 0);
    assert_null(vp_registry_resolve(reg, "half_dev", NULL, &err));
    assert_non_null(err);
    assert_int_equal(err->code, VP_EINVAL);
    pf_expect_pieces(err->msg, "module 'halfmod' (", "halfmod.modinfo.yaml:2:5): ",
                     "init returned 4242, which is not a status code (0 or a VP_E*)", NULL);
    vp_error_free(err);
    vp_registry_destroy(reg);
}

/* The same through a platform: the device's position in front. */
static void test_platform_badmod_init_half_in_platform(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/half.yaml", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("name: half\ncpus: {isa: rv32imac, count: 1}\nmemory:\n  - {name: ram, base: 0x80000000, size: 64KiB}\n"
          "devices:\n  - {name: half0, type: half_dev}\n",
          f);
    fclose(f);
    vp_platform *p = load(path);
    vp_error *err = NULL;
    int rc = build(p, &err);
    expect_error(err, rc, path, "6:", "device 'half0'", "module 'halfmod' (", "init failed: input/output error",
                 NULL);
    vp_platform_destroy(p);
}

/* ---- transports answered without a proper response ---- */

static void expect_bus_error(const char *mode, const char *how)
{
    vp_platform *p = build_ok(mode, NULL);
    uint32_t v = 0;
    for (int i = 0; i < 3; i++) /* one warning, not one per access */
        assert_int_equal(rd(p, DEV_BASE, &v), TLMC_GENERIC_ERROR_RESPONSE);
    assert_int_equal(wr(p, DEV_BASE, 1), TLMC_GENERIC_ERROR_RESPONSE);
    expect_one_message("badboard: warning: target 'bad0' answered a read at 0x10000000 [4] ", how,
                       ": the access ends as a bus error", NULL);
    /* the device's other registers still work */
    assert_int_equal(wr(p, DEV_BASE + 4, 0), TLMC_OK_RESPONSE);
    /* the router counted the errors */
    tlmc_router_stats st = {.size = sizeof st};
    bool found = false;
    for (size_t i = 0; tlmc_router_stats_at(vp_platform_router(p), i, &st); i++)
        if (strcmp(st.name, "bad0") == 0) {
            found = true;
            assert_int_equal(st.errors, 4);
        }
    assert_true(found);
    vp_platform_destroy(p);
}

static void test_platform_badmod_no_response(void **state)
{
    (void)state;
    expect_bus_error("no_response", "without setting a response (still INCOMPLETE)");
}

static void test_platform_badmod_garbage_response(void **state)
{
    (void)state;
    expect_bus_error("garbage_response", "with response 77, which is not a tlmc_response");
}

/* A guest load from the device: a load access fault at its address. */
static void test_platform_badmod_guest_access_fault(void **state)
{
    (void)state;
    vp_platform *p = build_ok("no_response", NULL);
    vp_cpu *h = vp_platform_cpu(p, 0);
    uint32_t lw = 0x0002a303; /* lw t1, 0(t0) */
    assert_int_equal(wr(p, RAM_BASE, lw), TLMC_OK_RESPONSE);
    vp_cpu_set_pc(h, RAM_BASE);
    vp_cpu_set_reg(h, 5, DEV_BASE);
    uint64_t executed = 0;
    vp_time local = 0;
    vp_cpu_step(h, &executed, &local);
    vp_cpu_trap_info t = {.size = sizeof t};
    assert_true(vp_cpu_get_last_trap(h, &t));
    assert_false(t.interrupt);
    assert_int_equal(t.cause, 5); /* load access fault */
    assert_int_equal(t.pc, RAM_BASE);
    assert_int_equal(t.tval, DEV_BASE);
    assert_int_equal(log_count("target 'bad0' answered a read at 0x10000000"), 1);
    vp_platform_destroy(p);
}

static void test_platform_badmod_dbg_garbage(void **state)
{
    (void)state;
    vp_platform *p = build_ok("dbg_garbage", NULL);
    uint8_t buf[8];
    tlmc_payload pl;
    for (int i = 0; i < 2; i++) {
        tlmc_payload_init(&pl, TLMC_READ, DEV_BASE, buf, sizeof buf);
        assert_int_equal(tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl), 0);
        assert_int_equal(pl.response, TLMC_ADDRESS_ERROR_RESPONSE);
    }
    expect_one_message("badboard: warning: target 'bad0' answered a debug access of 8 bytes with 4294967295 bytes "
                       "transferred: counted as 0",
                       NULL);
    vp_platform_destroy(p);
}

/* ---- signal lines ---- */

static void test_platform_badmod_irq_bad_line(void **state)
{
    (void)state;
    vp_platform *p = build_ok("irq_bad_line", NULL);
    for (uint32_t level = 1; level <= 3; level++)
        assert_int_equal(wr(p, DEV_BASE + 4, level & 1), TLMC_OK_RESPONSE);
    uint64_t mip = 0;
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 0), 0x344, &mip));
    assert_false(mip & (1u << 11)); /* dropped, not delivered to some other input */
    expect_one_message("irq 'bad0.irq[0] -> hart0.meip': warning: device 'bad0' (bad_dev, module badmod) drove "
                       "its output irq[0] as input 1011 of the sink, not 11, the input it is wired to: level ignored",
                       NULL);
    vp_platform_destroy(p);
}

static void test_platform_badmod_irq_same_signal(void **state)
{
    (void)state;
    const char *path = board("irq_same_signal", "  - bad0.irq[0] -> hart0.meip\n  - bad0.irq[1] -> hart0.msip\n");
    vp_platform *p = load(path);
    vp_error *err = NULL;
    int rc = build(p, &err);
    expect_error(err, rc, path, "15:5: ",
                 "irq 'bad0.irq[1] -> hart0.msip': device 'bad0' (bad_dev, module badmod) returned the same "
                 "signal for output irq[1] as for bad0.irq[0] (line 14): each output line needs a tlmc_signal "
                 "of its own",
                 NULL);
    vp_platform_destroy(p);
}

int main(void)
{
    strcpy(tmpdir, "/tmp/vpbadmodXXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_platform_badmod_ok_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_create_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_create_positive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_realize_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_init_half_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_init_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_init_half_in_platform, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_no_response, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_garbage_response, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_guest_access_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_dbg_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_irq_bad_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_badmod_irq_same_signal, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
