/* SPDX-License-Identifier: Apache-2.0 */
/* test_manifest_opts.c - manifest sources and `opts`: typed option
 * declarations with positions, help from the manifest alone, source order
 * and overrides, built-in module directory resolution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#include "registry_int.h" /* vp__registry_module_dir_for */

static void expect_msg(vp_error *err, ...)
{
    assert_non_null(err);
    va_list ap;
    va_start(ap, err);
    const char *s;
    while ((s = va_arg(ap, const char *))) {
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    }
    va_end(ap);
    vp_error_free(err);
}

static void expect_file_fail(const char *file, const char *piece)
{
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TM_DATA, file);
    assert_int_equal(vp_registry_add_file(r, path, &err), VP_EPARSE);
    expect_msg(err, path, piece, NULL);
    assert_int_equal(vp_registry_module_count(r), 0);
    vp_registry_destroy(r);
}

static void test_manifest_opts_read(void **state)
{
    (void)state;
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, TM_DATA "/opts_good.modinfo.yaml", &err), 0);
    uint32_t n = 0;
    const vp_opt_decl *d = vp_registry_manifest_opts(r, "crc32", &n);
    assert_int_equal(n, 4);
    assert_string_equal(d[0].name, "poly");
    assert_int_equal(d[0].type, VP_OPT_UINT);
    assert_string_equal(d[0].def, "0x04c11db7");
    assert_int_equal(d[1].type, VP_OPT_ENUM);
    assert_string_equal(d[1].choices, "a|b");
    assert_int_equal(d[2].min, 8);
    assert_int_equal(d[2].max, 32);
    assert_null(d[3].def); /* required */
    assert_null(vp_registry_manifest_opts(r, "nope", &n));
    assert_int_equal(n, 0);
    vp_registry_destroy(r);
}

static void test_manifest_opts_help_when_loading_fails(void **state)
{
    (void)state;
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, TM_DATA "/opts_good.modinfo.yaml", &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    /* the library does not exist: the load error is returned (as a run
     * would report it), the manifest's description and options still shown */
    assert_int_equal(vp_registry_print_device(r, "crc32", f, &err), VP_ENOENT);
    fclose(f);
    assert_non_null(err);
    assert_non_null(strstr(err->msg, "libcrc_not_built.so: file not found"));
    vp_error_free(err);
    assert_non_null(strstr(buf, "crc32 - CRC engine"));
    assert_non_null(strstr(buf, "poly"));
    assert_non_null(strstr(buf, "0x04c11db7"));
    assert_non_null(strstr(buf, "generator polynomial"));
    assert_non_null(strstr(buf, "[a|b]"));
    assert_non_null(strstr(buf, "[8..32]"));
    assert_non_null(strstr(buf, "(required)"));
    assert_false(vp_registry_find_module(r, "crc")->loaded);
    free(buf);
    vp_registry_destroy(r);
}

static void test_manifest_opts_bad_declarations(void **state)
{
    (void)state;
    expect_file_fail("opts_badtype.modinfo.yaml", ":9:30: option 'poly': unknown type 'float'");
    expect_file_fail("opts_enum.modinfo.yaml", ":10:11: option 'mode': type enum needs 'choices'");
    expect_file_fail("opts_default.modinfo.yaml", ":9:45: option 'poly': default 'zz' is not a valid uint");
    expect_file_fail("opts_range.modinfo.yaml", ":9:45: option 'width': default '64' is not a valid int in [min, max]");
    expect_file_fail("opts_notobj.modinfo.yaml", ":8:7: opts for 'crc16', which is not in objs");
    expect_file_fail("opts_override.modinfo.yaml", ":7:15: override must be true or false");
}

/* built-in dir, then --module-path dirs, then --add-modinfo files; later overrides win. */
static void test_manifest_opts_source_order_and_override(void **state)
{
    (void)state;
    setenv("VPBRIDGE_MODULE_DIR", TM_DATA "/order/builtin", 1);
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    const char *dirs[] = {TM_DATA "/order/path", NULL};
    const char *files[] = {TM_DATA "/order/file.modinfo.yaml", NULL};
    assert_int_equal(vp_registry_add_defaults(r, dirs, files, &err), 0);
    assert_null(err);
    assert_string_equal(vp_registry_type_module(r, "ord_dev")->name, "ord_d");
    assert_string_equal(vp_registry_type_module(r, "ord_only_a")->name, "ord_a");
    assert_string_equal(vp_registry_find_module(r, "ord_a")->overridden_by, "ord_b");
    assert_string_equal(vp_registry_find_module(r, "ord_b")->overridden_by, "ord_d");
    assert_null(vp_registry_find_module(r, "ord_d")->overridden_by);
    /* a machine name is taken like a type: twice without override is an error naming both */
    assert_int_equal(vp_registry_add_file(r, TM_DATA "/order/machine_dup.modinfo.yaml", &err), VP_EEXIST);
    expect_msg(err, "machine_dup.modinfo.yaml:2:", "type 'ord_board' of module 'ord_m'",
               "already provided by module 'ord_c' at " TM_DATA "/order/file.modinfo.yaml:2:", "override: true",
               NULL);
    vp_registry_destroy(r);

    /* without `override: true` the later source is refused, naming both places */
    r = vp_registry_create();
    err = NULL;
    const char *clash[] = {TM_DATA "/order/clash", NULL};
    assert_int_equal(vp_registry_add_defaults(r, clash, NULL, &err), VP_EEXIST);
    expect_msg(err, "clash/c.modinfo.yaml:2:", "type 'ord_dev' of module 'ord_x'",
               "already provided by module 'ord_a' at " TM_DATA "/order/builtin/a.modinfo.yaml:2:", NULL);
    assert_null(vp_registry_find_module(r, "ord_x"));
    vp_registry_destroy(r);
    unsetenv("VPBRIDGE_MODULE_DIR");
}

static void test_manifest_opts_builtin_dir_rules(void **state)
{
    (void)state;
    /* env override: any existing value wins */
    setenv("VPBRIDGE_MODULE_DIR", TM_DATA "/order/builtin", 1);
    assert_string_equal(vp_registry_builtin_dir(), TM_DATA "/order/builtin");
    unsetenv("VPBRIDGE_MODULE_DIR");
    /* the test binary is not in an installed tree: the build's module dir */
    assert_string_equal(vp_registry_builtin_dir(), VP_MODULE_DIR);
    /* installed-tree rule: <prefix>/bin/vpbridge -> <prefix>/lib/vpbridge/modules */
    char root[] = "/tmp/vp_exe_XXXXXX";
    assert_non_null(mkdtemp(root));
    char bin[300], mods[300], exe[300];
    snprintf(bin, sizeof(bin), "%s/bin", root);
    snprintf(exe, sizeof(exe), "%s/bin/vpbridge", root);
    snprintf(mods, sizeof(mods), "%s/lib/vpbridge/modules", root);
    assert_null(vp_registry_exe_module_dir(exe)); /* not there yet */
    char step[300];
    snprintf(step, sizeof(step), "%s/lib", root);
    assert_int_equal(mkdir(bin, 0700), 0);
    assert_int_equal(mkdir(step, 0700), 0);
    snprintf(step, sizeof(step), "%s/lib/vpbridge", root);
    assert_int_equal(mkdir(step, 0700), 0);
    assert_int_equal(mkdir(mods, 0700), 0);
    char *got = vp_registry_exe_module_dir(exe);
    assert_non_null(got);
    assert_string_equal(got, mods);
    free(got);
    assert_null(vp_registry_exe_module_dir(NULL));
    rmdir(mods);
    rmdir(step);
    snprintf(step, sizeof(step), "%s/lib", root);
    rmdir(step);
    rmdir(bin);
    rmdir(root);
}

/* Item 8 of issue 8: the directory follows the code's own file, never a
 * build tree the code does not live in. */
static void test_manifest_opts_module_dir_follows_code(void **state)
{
    (void)state;
    char root[] = "/tmp/vp_lib_XXXXXX";
    assert_non_null(mkdtemp(root));
    char lib[300], vp[300], mods[300], so[300], build[300], bmods[300], exe[300];
    snprintf(lib, sizeof(lib), "%s/lib", root);
    snprintf(vp, sizeof(vp), "%s/lib/vpbridge", root);
    snprintf(mods, sizeof(mods), "%s/lib/vpbridge/modules", root);
    snprintf(so, sizeof(so), "%s/lib/libvpbridge-c.so.0.1", root);
    snprintf(build, sizeof(build), "%s/build", root);
    snprintf(bmods, sizeof(bmods), "%s/build/modules", root);
    snprintf(exe, sizeof(exe), "%s/build/tests/t", root);
    assert_int_equal(mkdir(build, 0700), 0);
    assert_int_equal(mkdir(bmods, 0700), 0);
    /* a library outside the build tree with no modules next to it: none,
     * even though the build tree it came from still has its modules */
    assert_null(vp__registry_module_dir_for(so, build, bmods));
    /* code inside the build tree: the build's modules */
    char *got = vp__registry_module_dir_for(exe, build, bmods);
    assert_non_null(got);
    assert_string_equal(got, bmods);
    free(got);
    /* an installed library: <libdir>/vpbridge/modules */
    assert_int_equal(mkdir(lib, 0700), 0);
    assert_int_equal(mkdir(vp, 0700), 0);
    assert_int_equal(mkdir(mods, 0700), 0);
    got = vp__registry_module_dir_for(so, build, bmods);
    assert_non_null(got);
    assert_string_equal(got, mods);
    free(got);
    /* a sibling whose name starts like the build dir is not inside it */
    snprintf(exe, sizeof(exe), "%s/build2/tests/t", root);
    assert_null(vp__registry_module_dir_for(exe, build, bmods));
    assert_null(vp__registry_module_dir_for(NULL, build, bmods));
    rmdir(mods);
    rmdir(vp);
    rmdir(lib);
    rmdir(bmods);
    rmdir(build);
    rmdir(root);
}

/* $VPBRIDGE_MODULE_PATH adds directories after the built-in one; a missing
 * one is an error naming the variable. */
static void test_manifest_opts_env_module_path(void **state)
{
    (void)state;
    setenv("VPBRIDGE_MODULE_DIR", TM_DATA "/order/builtin", 1);
    setenv("VPBRIDGE_MODULE_PATH", ":" TM_DATA "/order/path:", 1);
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_defaults(r, NULL, NULL, &err), 0);
    assert_null(err);
    assert_non_null(vp_registry_find_module(r, "ord_a"));
    assert_string_equal(vp_registry_find_module(r, "ord_a")->overridden_by, "ord_b");
    vp_registry_destroy(r);
    setenv("VPBRIDGE_MODULE_PATH", TM_DATA "/order/path:/nonexistent-vp-dir", 1);
    r = vp_registry_create();
    assert_int_equal(vp_registry_add_defaults(r, NULL, NULL, &err), VP_ENOENT);
    expect_msg(err, "VPBRIDGE_MODULE_PATH", "/nonexistent-vp-dir", NULL);
    vp_registry_destroy(r);
    unsetenv("VPBRIDGE_MODULE_PATH");
    unsetenv("VPBRIDGE_MODULE_DIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_opts_read),
        cmocka_unit_test(test_manifest_opts_help_when_loading_fails),
        cmocka_unit_test(test_manifest_opts_bad_declarations),
        cmocka_unit_test(test_manifest_opts_source_order_and_override),
        cmocka_unit_test(test_manifest_opts_builtin_dir_rules),
        cmocka_unit_test(test_manifest_opts_module_dir_follows_code),
        cmocka_unit_test(test_manifest_opts_env_module_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
