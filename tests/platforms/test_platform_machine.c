/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_machine.c - platforms from machine modules: a code-built
 * machine equals its YAML twin, a YAML-shipped machine, errors naming the
 * machine and the builder call, unknown names, --add-machines items. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#include "pf_test.h"

#define LIB TP_MACH_DIR "/libtpmachine.so"
#define MANIFEST TP_MACH_DIR "/tpmachine.modinfo.yaml"

/* Options with the built-in devices and `item` as the only --add-machines item. */
static vp_platform_options opts_with(const char *const *items)
{
    vp_platform_options o = {sizeof(o), VP_PLATFORM_ABI, NULL, NULL, VP_CPU_ACCEL_INTERP, 0, items, 0};
    return o;
}

static vp_platform *load(const char *name, const char *item, vp_error **err)
{
    const char *const items[] = {item, NULL};
    vp_platform_options o = opts_with(item ? items : NULL);
    return vp_platform_load(name, &o, err);
}

static vp_platform *load_ok(const char *name)
{
    vp_error *err = NULL;
    vp_platform *p = load(name, LIB, &err);
    if (!p)
        fail_msg("load %s: %s", name, err ? err->msg : "(no error)");
    return p;
}

/* `vpbridge check` output minus its first line (the platform's name). */
static char *map_of(const vp_platform *p)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    vp_platform_print(p, f);
    fclose(f);
    char *nl = strchr(buf, '\n');
    assert_non_null(nl);
    char *rest = strdup(nl + 1);
    free(buf);
    return rest;
}

static void build_ok(vp_platform *p)
{
    pf_fake_host host = {0};
    vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &host};
    vp_error *err = NULL;
    if (vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err))
        fail_msg("build: %s", err->msg);
}

static void test_platform_machine_code_built_equals_yaml_twin(void **state)
{
    (void)state;
    vp_platform *m = load_ok("tp-virt32");
    vp_error *err = NULL;
    vp_platform *y = load(VP_SOURCE_DIR "/platforms/virt-rv32.yaml", NULL, &err);
    assert_non_null(y);
    build_ok(m);
    build_ok(y);
    char *a = map_of(m), *b = map_of(y);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "0x10000000  0x100000ff"));
    assert_string_equal(vp_platform_name(m), "tp-virt32");
    assert_string_equal(vp_platform_machine(m), "tp-virt32");
    assert_null(vp_platform_machine(y));
    assert_int_equal(vp_platform_quantum(m), 10 * VP_US);
    free(a);
    free(b);
    vp_platform_destroy(m);
    vp_platform_destroy(y);
}

static void test_platform_machine_yaml_shipped_loads_next_to_manifest(void **state)
{
    (void)state;
    vp_platform *p = load_ok("tp-yaml");
    assert_string_equal(vp_platform_name(p), "tp-yaml");
    assert_string_equal(vp_platform_machine(p), "tp-yaml");
    build_ok(p);
    assert_int_equal(vp_platform_cpu_count(p), 1);
    vp_platform_destroy(p);
}

static void test_platform_machine_keeps_its_registry(void **state)
{
    (void)state;
    vp_platform *p = load_ok("tp-virt32");
    vp_registry *reg = vp_platform_registry(p);
    assert_non_null(reg);
    const vp_module_info *mi = vp_registry_find_module(reg, "tpmachine");
    assert_non_null(mi);
    assert_true(mi->loaded);
    vp_platform_destroy(p);
}

/* Load must fail with every piece in the message. */
static void expect_load_fail(const char *name, const char *item, ...)
{
    vp_error *err = NULL;
    vp_platform *p = load(name, item, &err);
    assert_null(p);
    assert_non_null(err);
    assert_true(err->code < 0);
    assert_null(strchr(err->msg, '\n'));
    va_list ap;
    va_start(ap, item);
    const char *s;
    while ((s = va_arg(ap, const char *)))
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    va_end(ap);
    vp_error_free(err);
}

static void test_platform_machine_build_failure_names_machine(void **state)
{
    (void)state;
    expect_load_fail("tp-fail", LIB, "machine 'tp-fail': build(): failed", NULL);
}

static void test_platform_machine_build_garbage_status(void **state)
{
    (void)state;
    expect_load_fail("tp-garbage", LIB,
                     "machine 'tp-garbage': build(): returned -12345, which is not a status code (0 or a VP_E*)",
                     NULL);
}

static void test_platform_machine_overlap_names_the_call(void **state)
{
    (void)state;
    expect_load_fail("tp-overlap", LIB, "machine 'tp-overlap': add_device('uart0'): device 'uart0' [0x80001000",
                     "overlaps ram 'ram' [0x80000000..0x800fffff]", NULL);
}

static void test_platform_machine_unknown_type_names_the_call(void **state)
{
    (void)state;
    expect_load_fail("tp-badtype", LIB, "machine 'tp-badtype': add_device('dev0'): unknown device type 'nosuchdev'",
                     NULL);
}

static void test_platform_machine_ignored_bad_call_still_fails(void **state)
{
    (void)state;
    expect_load_fail("tp-ignore", LIB, "machine 'tp-ignore': set_cpus('rv32imac'): cannot parse frequency 'fast'",
                     NULL);
}

static void test_platform_machine_bad_option_fails_build(void **state)
{
    (void)state;
    vp_platform *p = load_ok("tp-badopt");
    vp_error *err = NULL;
    assert_int_not_equal(vp_platform_build(p, clock_stub_get(pf_clock()), NULL, &err), 0);
    pf_expect_pieces(err->msg, "machine 'tp-badopt': set_option('uart0', 'colour'): ", "no option 'colour'", NULL);
    vp_error_free(err);
    vp_platform_destroy(p);
}

/* connect() takes the YAML's path: PLIC source 0 does not exist. */
static void test_platform_machine_plic_src0_fails_build(void **state)
{
    (void)state;
    vp_platform *p = load_ok("tp-src0");
    vp_error *err = NULL;
    assert_int_equal(vp_platform_build(p, clock_stub_get(pf_clock()), NULL, &err), VP_ERANGE);
    pf_expect_pieces(err->msg, "machine 'tp-src0': connect('uart0.irq -> plic0.src[0]'): ",
                     "plic0.src[0]: line 0 does not exist (plic src lines are 1..96)", NULL);
    vp_error_free(err);
    vp_platform_destroy(p);
}

static void test_platform_machine_unknown_name(void **state)
{
    (void)state;
    expect_load_fail("nosuch", LIB, "platform 'nosuch': no such file, and no machine 'nosuch' (see `vpbridge machines`)",
                     NULL);
    /* known only with the module added */
    expect_load_fail("tp-virt32", NULL, "no machine 'tp-virt32'", NULL);
}

static void test_platform_machine_manifest_item(void **state)
{
    (void)state;
    vp_error *err = NULL;
    vp_platform *p = load("tp-virt32", MANIFEST, &err);
    assert_non_null(p);
    vp_platform_destroy(p);
}

static void test_platform_machine_bad_items_name_the_item(void **state)
{
    (void)state;
    expect_load_fail("tp-virt32", TP_MACH_DIR "/libnothere.so", "--add-machines " TP_MACH_DIR "/libnothere.so: no such file",
                     NULL);
    expect_load_fail("tp-virt32", TP_DATA "/bad_isa.yaml", "--add-machines " TP_DATA "/bad_isa.yaml: ", NULL);
    expect_load_fail("tp-virt32", TP_DIR "/libtpdev.so", "--add-machines " TP_DIR "/libtpdev.so: ",
                     "has no `side: machine` module with this library", NULL);
    expect_load_fail("tp-virt32", VP_SOURCE_DIR "/README.md", "not a module manifest (*.modinfo.yaml) or a module library",
                     NULL);
    /* a library with no manifest next to it */
    char dir[] = "/tmp/vpmachXXXXXX", lib[64];
    assert_non_null(mkdtemp(dir));
    snprintf(lib, sizeof lib, "%s/libfoo.so", dir);
    FILE *f = fopen(lib, "w");
    assert_non_null(f);
    fclose(f);
    expect_load_fail("tp-virt32", lib, "no manifest next to it (looked for ", "/foo.modinfo.yaml and ",
                     "/libfoo.modinfo.yaml)", NULL);
    unlink(lib);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_machine_code_built_equals_yaml_twin),
        cmocka_unit_test(test_platform_machine_yaml_shipped_loads_next_to_manifest),
        cmocka_unit_test(test_platform_machine_keeps_its_registry),
        cmocka_unit_test(test_platform_machine_build_failure_names_machine),
        cmocka_unit_test(test_platform_machine_build_garbage_status),
        cmocka_unit_test(test_platform_machine_overlap_names_the_call),
        cmocka_unit_test(test_platform_machine_unknown_type_names_the_call),
        cmocka_unit_test(test_platform_machine_ignored_bad_call_still_fails),
        cmocka_unit_test(test_platform_machine_bad_option_fails_build),
        cmocka_unit_test(test_platform_machine_plic_src0_fails_build),
        cmocka_unit_test(test_platform_machine_unknown_name),
        cmocka_unit_test(test_platform_machine_manifest_item),
        cmocka_unit_test(test_platform_machine_bad_items_name_the_item),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
