/* SPDX-License-Identifier: Apache-2.0 */
/* test_registry_headers.c - the registry API split by concern:
 * vp_registry.h (manifests, lookups, loading) includes vp_registry_print.h,
 * vp_opt_set.h, vp_device_host.h and vp_state_stream.h, each declares its
 * own concern and vp_registry.h repeats none of it; including vp_registry.h
 * alone (as this file does) still declares everything it did before the
 * split; no public header names GLib or GLib-owned memory; a captured
 * device error is released with vp_device_host_clear_error.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h> /* the only vpbridge header here: the spelling old code uses */

#include "source_scan.h"

#define HDR VP_SOURCE_DIR "/modinfo/include/vpbridge/"

typedef void (*any_fn)(void);
#define F(f) (any_fn) f

/* Everything vp_registry.h declared before the split, through it alone. */
static void test_registry_headers_umbrella_declares_everything(void **state)
{
    (void)state;
    static const any_fn fns[] = {
        F(vp_registry_create), F(vp_registry_destroy), F(vp_registry_builtin_dir), F(vp_registry_exe_module_dir),
        F(vp_registry_add_file), F(vp_registry_add_dir), F(vp_registry_add_defaults), F(vp_registry_module_count),
        F(vp_registry_module_at), F(vp_registry_find_module), F(vp_registry_type_module),
        F(vp_registry_manifest_opts), F(vp_registry_resolve), F(vp_registry_load_module),
        F(vp_registry_find_machine), F(vp_registry_machine_yaml), F(vp_registry_resolve_sc),
        F(vp_registry_print_modules), F(vp_registry_print_devices), F(vp_registry_print_machines),
        F(vp_registry_print_opts), F(vp_registry_print_ports), F(vp_registry_print_device),
        F(vp_opt_set_create), F(vp_opt_set_destroy), F(vp_opt_set_parse), F(vp_opt_set_finish), F(vp_opt_set_int),
        F(vp_opt_set_uint), F(vp_opt_set_bool), F(vp_opt_set_str), F(vp_opt_set_text), F(vp_registry_host_api),
        F(vp_state_stream_create), F(vp_state_stream_create_from), F(vp_state_stream_destroy),
        F(vp_state_stream_data), F(vp_state_stream_rewind), F(vp_state_stream_remaining), F(vp_device_save),
        F(vp_device_restore),
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
        assert_non_null(fns[i]);
    vp_module_info info = {.side = VP_SIDE_MACHINE};
    vp_device_host host = {.capture_errors = false};
    const vp_opt_set *opts = host.opts;
    assert_int_equal(info.side, VP_SIDE_MACHINE);
    assert_null(opts);
}

typedef struct concern {
    const char *header;
    const char *symbols[12];
} concern;

static const concern concerns[] = {
    {"vp_registry_print.h",
     {"vp_registry_print_modules", "vp_registry_print_devices", "vp_registry_print_machines",
      "vp_registry_print_opts", "vp_registry_print_ports", "vp_registry_print_device"}},
    {"vp_opt_set.h",
     {"vp_opt_set_create", "vp_opt_set_destroy", "vp_opt_set_parse", "vp_opt_set_finish", "vp_opt_set_int",
      "vp_opt_set_uint", "vp_opt_set_bool", "vp_opt_set_str", "vp_opt_set_text"}},
    {"vp_device_host.h", {"vp_device_host", "vp_device_host_clear_error", "vp_registry_host_api"}},
    {"vp_state_stream.h",
     {"vp_state_stream_create", "vp_state_stream_create_from", "vp_state_stream_destroy", "vp_state_stream_data",
      "vp_state_stream_rewind", "vp_state_stream_remaining", "vp_device_save", "vp_device_restore"}},
};

/* Each concern is declared in its header, and only there. */
static void test_registry_headers_one_header_per_concern(void **state)
{
    (void)state;
    char *reg_src = scan_read(HDR "vp_registry.h"), *reg = scan_code_only(reg_src);
    char *decls = strdup(reg); /* vp_registry.h without its #include lines */
    for (char *p = strstr(decls, "#include"); p; p = strstr(p, "#include"))
        while (*p && *p != '\n')
            *p++ = ' ';
    int bad = 0;
    for (size_t c = 0; c < sizeof(concerns) / sizeof(concerns[0]); c++) {
        char inc[128];
        snprintf(inc, sizeof(inc), "#include <vpbridge/%s>", concerns[c].header);
        if (!strstr(reg, inc)) {
            fprintf(stderr, "vp_registry.h: does not include <vpbridge/%s>\n", concerns[c].header);
            bad++;
        }
        char path[512];
        snprintf(path, sizeof(path), HDR "%s", concerns[c].header);
        char *src = scan_read(path), *code = scan_code_only(src);
        for (const char *const *s = concerns[c].symbols; *s; s++) {
            if (!scan_has_word(code, *s)) {
                fprintf(stderr, "%s: does not declare %s\n", concerns[c].header, *s);
                bad++;
            }
            if (scan_has_word(decls, *s)) {
                fprintf(stderr, "vp_registry.h: declares %s itself (its home is %s)\n", *s, concerns[c].header);
                bad++;
            }
        }
        free(code);
        free(src);
    }
    free(decls);
    free(reg);
    free(reg_src);
    assert_int_equal(bad, 0);
}

/* Reports a GLib name in one public header (comments included: a comment
 * that hands GLib-owned memory to the caller is part of the API). */
static int glib_mentions(const char *path)
{
    static const char *const words[] = {"gchar", "gint", "guint", "gsize", "gpointer", "gboolean", "GHashTable",
                                        "GPtrArray", "GArray", "GString", "GList", "GSList", "GError", NULL};
    char *src = scan_read(path);
    int bad = 0, line = 1;
    for (char *p = src; *p;) {
        char *eol = strchr(p, '\n');
        if (eol)
            *eol = '\0';
        bool hit = strstr(p, "glib") || strstr(p, "GLib") || strstr(p, "GLIB");
        for (const char *g = p; !hit && (g = strstr(g, "g_")); g++)
            hit = (g == p || !(isalnum((unsigned char)g[-1]) || g[-1] == '_')) && islower((unsigned char)g[2]);
        for (const char *const *w = words; !hit && *w; w++)
            hit = scan_has_word(p, *w);
        if (hit) {
            fprintf(stderr, "%s:%d: names GLib: %s\n", path, line, p);
            bad++;
        }
        if (!eol)
            break;
        p = eol + 1;
        line++;
    }
    free(src);
    return bad;
}

static void test_registry_headers_no_glib_in_public_headers(void **state)
{
    (void)state;
    scan_list hdrs = {0};
    scan_public_headers(&hdrs);
    assert_true(hdrs.n >= 10);
    int bad = 0;
    for (size_t i = 0; i < hdrs.n; i++)
        bad += glib_mentions(hdrs.v[i]);
    scan_list_free(&hdrs);
    assert_int_equal(bad, 0);
}

/* An error a device logs while the host captures errors lands in
 * last_error; vp_device_host_clear_error releases it (ASan: no leak). */
static void test_registry_headers_clear_error_releases_the_capture(void **state)
{
    (void)state;
    vp_device_host host = {.capture_errors = true};
    vp_device_ctx ctx = {.size = sizeof(ctx), .abi = VP_ABI, .api = vp_registry_host_api(), .host = &host,
                         .name = "dut", .num_harts = 1};
    ctx.api->log(&ctx, VP_LOG_UNIMP, VP_LVL_ERROR, "bad value %d", 7);
    assert_string_equal(host.last_error, "bad value 7");
    ctx.api->log(&ctx, VP_LOG_UNIMP, VP_LVL_ERROR, "second %s", "one"); /* replaces the first */
    assert_string_equal(host.last_error, "second one");
    vp_device_host_clear_error(&host);
    assert_null(host.last_error);
    vp_device_host_clear_error(&host); /* nothing kept: no-op */
    vp_device_host_clear_error(NULL);
    assert_null(host.last_error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_headers_umbrella_declares_everything),
        cmocka_unit_test(test_registry_headers_one_header_per_concern),
        cmocka_unit_test(test_registry_headers_no_glib_in_public_headers),
        cmocka_unit_test(test_registry_headers_clear_error_releases_the_capture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
