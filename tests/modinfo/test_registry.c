/* SPDX-License-Identifier: Apache-2.0 */
/* test_registry.c - module registry: manifest errors with positions, lazy
 * loading, descriptor and ABI checks, dependencies, arch, listings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#define TM_MANIFEST TM_DIR "/tm.modinfo.yaml"

/* Asserts that err exists and its message contains every given piece. */
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

static vp_registry *tm_registry(void)
{
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    int rc = vp_registry_add_file(r, TM_MANIFEST, &err);
    if (rc)
        fail_msg("%s", err->msg);
    return r;
}

/* Resolves `type` and expects failure with the given message pieces. */
static void expect_resolve_fail(const char *type, const char *arch, ...)
{
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    assert_null(vp_registry_resolve(r, type, arch, &err));
    assert_non_null(err);
    va_list ap;
    va_start(ap, arch);
    const char *s;
    while ((s = va_arg(ap, const char *))) {
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    }
    va_end(ap);
    assert_true(err->code < 0);
    vp_error_free(err);
    vp_registry_destroy(r);
}

static void test_registry_lazy_until_resolved(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    assert_int_equal(vp_registry_module_count(r), 29);
    for (size_t i = 0; i < vp_registry_module_count(r); i++)
        assert_false(vp_registry_module_at(r, i)->loaded);
    const vp_module_info *m = vp_registry_type_module(r, "tm_good_dev");
    assert_non_null(m);
    assert_string_equal(m->name, "tm_good");
    assert_string_equal(m->version, "1.2.3");
    assert_string_equal(m->side_name, "emulator");
    assert_string_equal(m->library, TM_DIR "/libtm_good.so");
    assert_int_equal(m->line, 2);
    assert_null(vp_registry_type_module(r, "nope"));
    vp_registry_destroy(r);
}

/* A manifest given by a relative path (as on the command line) resolves its
 * library and a machine's yaml against the manifest's directory. */
static void test_registry_relative_manifest_path(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(TM_DIR), 0);
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    int rc = vp_registry_add_file(r, "tm.modinfo.yaml", &err);
    assert_int_equal(chdir(cwd), 0);
    if (rc)
        fail_msg("%s", err->msg);
    const vp_module_info *m = vp_registry_type_module(r, "tm_good_dev");
    assert_non_null(m);
    assert_string_equal(m->library, TM_DIR "/libtm_good.so");
    const vp_module_info *mi = NULL;
    const vp_machine_type *mt = vp_registry_find_machine(r, "tm_machine_board", &mi, &err);
    if (!mt)
        fail_msg("%s", err->msg);
    char *yaml = vp_registry_machine_yaml(mt, mi);
    assert_string_equal(yaml, TM_DIR "/boards/tm.yaml");
    free(yaml);
    vp_registry_destroy(r);
}

/* The same manifest reached twice (a --module-path naming the built-in dir)
 * is read once, not reported as a duplicate of itself. */
static void test_registry_same_manifest_twice(void **state)
{
    (void)state;
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, TM_MANIFEST, &err), 0);
    size_t n = vp_registry_module_count(r);
    if (vp_registry_add_file(r, TM_DIR "/../mods/tm.modinfo.yaml", &err) != 0)
        fail_msg("%s", err->msg);
    assert_int_equal(vp_registry_module_count(r), n);
    vp_registry_destroy(r);
}

static void test_registry_resolve_good(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    const vp_device_type *t = vp_registry_resolve(r, "tm_good_dev", "riscv32", &err);
    assert_null(err);
    assert_non_null(t);
    assert_string_equal(t->name, "tm_good_dev");
    assert_string_equal(t->description, "registry test device tm_good");
    assert_int_equal(t->opt_count, 2);
    assert_string_equal(t->opts[1].name, "mode");
    assert_int_equal(t->port_count, 2);
    assert_int_equal(t->ports[1].count, 4);
    assert_true(vp_registry_find_module(r, "tm_good")->loaded);
    assert_false(vp_registry_find_module(r, "tm_base")->loaded);
    /* Resolving again returns the same registered type without reloading. */
    assert_ptr_equal(vp_registry_resolve(r, "tm_good_dev", NULL, &err), t);
    vp_registry_destroy(r);
}

static void test_registry_missing_symbol(void **state)
{
    (void)state;
    expect_resolve_fail("tm_nosym_dev", NULL, "module 'tm_nosym'", "tm.modinfo.yaml:3:5",
                        "missing symbol 'vp_module_descriptor'", NULL);
}

static void test_registry_wrong_magic(void **state)
{
    (void)state;
    expect_resolve_fail("tm_badmagic_dev", NULL, "tm.modinfo.yaml:4:5", "wrong descriptor magic 0x12345678",
                        "expected 0x56504d44", NULL);
}

/* The newer minor the test module claims (VP_ABI_MINOR + 1), spelled as a literal. */
#if VP_ABI_MINOR == 3
#define VP_ABI_MINOR_NEXT 4
#else
#error "update VP_ABI_MINOR_NEXT"
#endif

static void test_registry_abi_major_mismatch(void **state)
{
    (void)state;
    expect_resolve_fail("tm_major_dev", NULL, "tm.modinfo.yaml:5:5", "built for module ABI 2." VP_STR(VP_ABI_MINOR),
                        "host supports 1." VP_STR(VP_ABI_MINOR),
                        "major versions differ", NULL);
}

static void test_registry_abi_newer_minor(void **state)
{
    (void)state;
    expect_resolve_fail("tm_minor_dev", NULL, "tm.modinfo.yaml:6:5", "built for module ABI 1." VP_STR(VP_ABI_MINOR_NEXT),
                        "host supports 1." VP_STR(VP_ABI_MINOR),
                        "newer minor", NULL);
}

static void test_registry_unlisted_type(void **state)
{
    (void)state;
    expect_resolve_fail("tm_extra_dev", NULL, "tm.modinfo.yaml:7:5", "registered type 'tm_unlisted'",
                        "does not list in objs", NULL);
}

static void test_registry_unregistered_type(void **state)
{
    (void)state;
    expect_resolve_fail("tm_nothing_dev", NULL, "tm.modinfo.yaml:8:5", "did not register type 'tm_nothing_dev'",
                        NULL);
}

static void test_registry_dependency_cycle(void **state)
{
    (void)state;
    expect_resolve_fail("tm_cyc_a_dev", NULL, "module 'tm_cyc_a'", "tm.modinfo.yaml:9:5",
                        "dependency cycle: tm_cyc_a -> tm_cyc_b -> tm_cyc_a", NULL);
}

static void test_registry_missing_dependency(void **state)
{
    (void)state;
    expect_resolve_fail("tm_lonely_dev", NULL, "module 'tm_lonely'", "tm.modinfo.yaml:15:5",
                        "dependency 'tm_nothere' is not in any manifest", NULL);
}

static void test_registry_missing_library(void **state)
{
    (void)state;
    expect_resolve_fail("tm_gone_dev", NULL, "tm.modinfo.yaml:16:5", "libtm_gone.so: file not found", NULL);
}

static void test_registry_name_mismatch(void **state)
{
    (void)state;
    expect_resolve_fail("tm_misname_dev", NULL, "tm.modinfo.yaml:14:5", ".vp_modinfo names module 'tm_good'", NULL);
    expect_resolve_fail("tm_descname_dev", NULL, "tm.modinfo.yaml:18:5", "descriptor names module 'tm_nosec'", NULL);
}

/* Runs resolve on a forged module and checks that none of its code ran. */
static void expect_refused_before_dlopen(const char *type, const char *env, ...)
{
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    unsetenv(env);
    assert_null(vp_registry_resolve(r, type, NULL, &err));
    assert_non_null(err);
    assert_true(err->code < 0);
    va_list ap;
    va_start(ap, env);
    const char *s;
    while ((s = va_arg(ap, const char *))) {
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    }
    va_end(ap);
    vp_error_free(err);
    assert_null(getenv(env));
    vp_registry_destroy(r);
}

static void test_registry_vermagic_mismatch(void **state)
{
    (void)state;
    expect_refused_before_dlopen("tm_vermagic_dev", "TM_RAN_tm_vermagic", "module 'tm_vermagic'",
                                 "tm.modinfo.yaml:19:5", "vermagic 'bogus-lp8-le' should be '" VP_VERMAGIC "'", NULL);
}

static void test_registry_section_name_mismatch(void **state)
{
    (void)state;
    expect_refused_before_dlopen("tm_secname_dev", "TM_RAN_tm_secname", "tm.modinfo.yaml:20:5",
                                 ".vp_modinfo names module 'tm_other'", NULL);
}

static void test_registry_section_newer_abi(void **state)
{
    (void)state;
    expect_refused_before_dlopen("tm_secabi_dev", "TM_RAN_tm_secabi", "tm.modinfo.yaml:21:5",
                                 "built for module ABI 1.9", "newer minor", NULL);
}

/* The section's abi is two decimal numbers up to 65535 and nothing else:
 * 4294967297.0 (wraps to 1.0 in an unsigned) and +1.0 are refused. */
static void test_registry_section_abi_strict(void **state)
{
    (void)state;
    expect_refused_before_dlopen("tm_secwrap_dev", "TM_RAN_tm_secwrap", "tm.modinfo.yaml:29:5",
                                 ".vp_modinfo abi '4294967297.0' is not MAJOR.MINOR", NULL);
    expect_refused_before_dlopen("tm_secsign_dev", "TM_RAN_tm_secsign", "tm.modinfo.yaml:30:5",
                                 ".vp_modinfo abi '+1.0' is not MAJOR.MINOR", NULL);
}

/* A port's first line (ABI 1.2) must be below its fixed line count. */
static void test_registry_port_first_beyond_count(void **state)
{
    (void)state;
    expect_resolve_fail("tm_badfirst_dev", NULL, "tm.modinfo.yaml:28:5",
                        "type 'tm_badfirst_dev' port 'irq': first line 2 is not below its 2 lines", NULL);
}

static void test_registry_section_absent_is_allowed(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    unsetenv("TM_RAN_tm_good");
    assert_non_null(vp_registry_resolve(r, "tm_nosec_dev", NULL, &err));
    assert_null(err);
    /* a module with a correct section loads too, and its code runs */
    assert_non_null(vp_registry_resolve(r, "tm_good_dev", NULL, &err));
    assert_string_equal(getenv("TM_RAN_tm_good"), "1");
    vp_registry_destroy(r);
}

/* A copy of libtm_good.so, patched by `patch`, behind a one-entry manifest
 * in a scratch directory: resolving its type fails before dlopen with the
 * ELF reader's message `msg` about that file. */
static void expect_bad_library(void (*patch)(uint8_t *d, size_t n), const char *msg)
{
    char dir[] = "/tmp/vp_badlib_XXXXXX", lib[256], man[256], want[320];
    assert_non_null(mkdtemp(dir));
    snprintf(lib, sizeof lib, "%s/libtm_bad.so", dir);
    snprintf(man, sizeof man, "%s/bad.modinfo.yaml", dir);
    char *d = NULL;
    size_t n = 0;
    assert_int_equal(vp_file_read(TM_DIR "/libtm_good.so", VP_FILE_MAX_BINARY, &d, &n, NULL), 0);
    patch((uint8_t *)d, n);
    FILE *f = fopen(lib, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    fclose(f);
    free(d);
    f = fopen(man, "w");
    assert_non_null(f);
    fprintf(f, "modules:\n  - {side: emulator, abi: \"1.0\", name: tm_bad, library: libtm_bad.so,"
               " objs: [tm_bad_dev]}\n");
    fclose(f);
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, man, &err), 0);
    assert_null(vp_registry_resolve(r, "tm_bad_dev", NULL, &err));
    snprintf(want, sizeof want, "%s: %s", lib, msg);
    expect_msg(err, "module 'tm_bad'", want, NULL);
    vp_registry_destroy(r);
    unlink(lib);
    unlink(man);
    rmdir(dir);
}

static void patch_class32(uint8_t *d, size_t n)
{
    (void)n;
    d[4] = 1;
}

static void patch_no_names(uint8_t *d, size_t n)
{
    (void)n;
    memcpy(d + 62, d + 60, 2); /* e_shstrndx = e_shnum */
}

static void patch_table_past_end(uint8_t *d, size_t n)
{
    uint64_t off = n - 8;
    memcpy(d + 40, &off, 8); /* e_shoff: the section table runs past the end */
}

static void patch_section_past_end(uint8_t *d, size_t n)
{
    uint64_t shoff, off = n;
    uint16_t shnum, strndx;
    memcpy(&shoff, d + 40, 8);
    memcpy(&shnum, d + 60, 2);
    memcpy(&strndx, d + 62, 2);
    uint64_t names;
    memcpy(&names, d + shoff + (uint64_t)strndx * 64 + 24, 8);
    for (unsigned i = 0; i < shnum; i++) {
        uint8_t *sh = d + shoff + (uint64_t)i * 64;
        uint32_t name;
        memcpy(&name, sh, 4);
        if (strcmp((const char *)d + names + name, ".vp_modinfo") == 0)
            memcpy(sh + 24, &off, 8); /* sh_offset at the end of the file */
    }
}

/* The file checks before dlopen go through the one ELF reader; each defect
 * is one line naming the library. */
/* A directory's manifests are read in name order (case-insensitive), the
 * same every run: of 12 broken manifests the first named is the one the
 * error names (the sort once compared the array's pointers, not the names). */
static void test_registry_dir_name_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/vp_dirorder_XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    static const char *const names[] = {"m07", "M03", "m11", "m01", "m05", "m09",
                                        "m02", "m10", "m04", "m12", "m06", "m08"};
    for (unsigned i = 0; i < 12; i++) {
        snprintf(path, sizeof path, "%s/%s.modinfo.yaml", dir, names[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("modules: 7\n", f);
        fclose(f);
    }
    for (unsigned round = 0; round < 4; round++) {
        vp_registry *r = vp_registry_create();
        vp_error *err = NULL;
        assert_int_not_equal(vp_registry_add_dir(r, dir, &err), 0);
        snprintf(path, sizeof path, "%s/m01.modinfo.yaml:", dir);
        expect_msg(err, path, NULL);
        vp_registry_destroy(r);
    }
    for (unsigned i = 0; i < 12; i++) {
        snprintf(path, sizeof path, "%s/%s.modinfo.yaml", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void test_registry_section_bad_elf(void **state)
{
    (void)state;
    expect_bad_library(patch_class32, "not an ELF64 little-endian shared object");
    expect_bad_library(patch_no_names, "malformed ELF section headers");
    expect_bad_library(patch_table_past_end, "malformed ELF section headers");
    expect_bad_library(patch_section_past_end, "section .vp_modinfo lies outside the file");
}

static void test_registry_manifest_opts_agree(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    const vp_device_type *t = vp_registry_resolve(r, "tm_optok_dev", NULL, &err);
    if (!t)
        fail_msg("%s", err->msg);
    assert_int_equal(t->opt_count, 2);
    uint32_t n = 0;
    const vp_opt_decl *d = vp_registry_manifest_opts(r, "tm_optok_dev", &n);
    assert_int_equal(n, 2);
    assert_string_equal(d[1].choices, "fast|slow");
    assert_int_equal(d[0].min, -5);
    vp_registry_destroy(r);
}

static void test_registry_manifest_opts_mismatch(void **state)
{
    (void)state;
    expect_resolve_fail("tm_optbad_dev", NULL, "module 'tm_optbad'", "tm.modinfo.yaml:23:5", "option 'count'",
                        "manifest " TM_MANIFEST ":23:", "says uint default '3'", "module says int default '3'",
                        "types differ", NULL);
    expect_resolve_fail("tm_optextra_dev", NULL, "module 'tm_optextra'", "option 'mode' is declared by the module",
                        "not in the manifest's opts at " TM_MANIFEST ":24:", NULL);
}

static void test_registry_machine_registered(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    const vp_module_info *mi = NULL;
    assert_false(vp_registry_find_module(r, "tm_machine")->loaded);
    const vp_machine_type *m = vp_registry_find_machine(r, "tm_machine_board", &mi, &err);
    if (!m)
        fail_msg("%s", err->msg);
    assert_string_equal(m->name, "tm_machine_board");
    assert_string_equal(m->description, "registry test machine");
    assert_null(m->build);
    assert_string_equal(mi->name, "tm_machine");
    char *yaml = vp_registry_machine_yaml(m, mi);
    assert_string_equal(yaml, TM_DIR "/boards/tm.yaml");
    free(yaml);
    /* a device type is not a machine, and a machine is not a device */
    assert_null(vp_registry_find_machine(r, "tm_good_dev", &mi, &err));
    expect_msg(err, "'tm_good_dev'", "side 'emulator'", "not a machine", NULL);
    err = NULL;
    assert_null(vp_registry_resolve(r, "tm_machine_board", NULL, &err));
    expect_msg(err, "is a machine", NULL);
    err = NULL;
    assert_null(vp_registry_find_machine(r, "no_board", NULL, &err));
    expect_msg(err, "unknown machine 'no_board'", NULL);
    vp_registry_destroy(r);
}

static void test_registry_register_wrong_side(void **state)
{
    (void)state;
    expect_resolve_fail("tm_emu_machine_dev", NULL, "module 'tm_emu_machine'", "tm.modinfo.yaml:26:5",
                        "side 'emulator' module may not call register_machine ('tm_emu_machine_board')", NULL);
}

typedef struct sc_head {
    uint32_t size, abi;
    const char *name, *description;
} sc_head;

/* A SystemC-side type crosses the C API as the opaque vp_sc_type, not `const void *`. */
_Static_assert(_Generic(vp_registry_resolve_sc(NULL, NULL, NULL), const vp_sc_type *: 1, default: 0),
               "vp_registry_resolve_sc returns const vp_sc_type *");

static void test_registry_sc_type_stored(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    const sc_head *h = (const sc_head *)vp_registry_resolve_sc(r, "tm_sc_sc", &err); /* the head of the opaque type */
    if (!h)
        fail_msg("%s", err->msg);
    assert_string_equal(h->name, "tm_sc_sc");
    assert_string_equal(h->description, "registry test SystemC type");
    assert_true(h->size > sizeof(sc_head));
    assert_ptr_equal(vp_registry_resolve_sc(r, "tm_sc_sc", &err), h);
    assert_null(vp_registry_resolve(r, "tm_sc_sc", NULL, &err));
    expect_msg(err, "SystemC-side", NULL);
    err = NULL;
    assert_null(vp_registry_resolve_sc(r, "tm_good_dev", &err));
    expect_msg(err, "not a SystemC device type", NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    err = NULL;
    assert_int_equal(vp_registry_print_device(r, "tm_sc_sc", f, &err), 0);
    fclose(f);
    assert_non_null(strstr(buf, "tm_sc_sc - registry test SystemC type [systemc]"));
    free(buf);
    vp_registry_destroy(r);
}

static void test_registry_override_later_wins(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, TM_DIR "/over.modinfo.yaml", &err), 0);
    assert_string_equal(vp_registry_type_module(r, "tm_good_dev")->name, "tm_over");
    assert_string_equal(vp_registry_find_module(r, "tm_good")->overridden_by, "tm_over");
    assert_null(vp_registry_find_module(r, "tm_over")->overridden_by);
    const vp_device_type *t = vp_registry_resolve(r, "tm_good_dev", NULL, &err);
    if (!t)
        fail_msg("%s", err->msg);
    assert_string_equal(t->description, "overriding device");
    /* the overridden module still loads; its registration of the type is dropped */
    assert_int_equal(vp_registry_load_module(r, "tm_good", NULL, &err), 0);
    assert_ptr_equal(vp_registry_resolve(r, "tm_good_dev", NULL, &err), t);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vp_registry_print_modules(r, f);
    fclose(f);
    assert_non_null(strstr(buf, "(overridden by tm_over)"));
    free(buf);
    vp_registry_destroy(r);
}

static void test_registry_deps_loaded_first(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    assert_non_null(vp_registry_resolve(r, "tm_user_dev", NULL, &err));
    assert_true(vp_registry_find_module(r, "tm_base")->loaded);
    assert_true(vp_registry_find_module(r, "tm_user")->loaded);
    /* the dependency's types are registered too */
    assert_non_null(vp_registry_resolve(r, "tm_base_dev", NULL, &err));
    assert_null(err);
    vp_registry_destroy(r);
}

static void test_registry_arch_mismatch(void **state)
{
    (void)state;
    expect_resolve_fail("tm_rv64_dev", "riscv32", "tm.modinfo.yaml:13:5", "supports arch riscv64",
                        "not the platform's riscv32", NULL);
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    assert_non_null(vp_registry_resolve(r, "tm_rv64_dev", "riscv64", &err));
    assert_null(err);
    vp_registry_destroy(r);
}

static void test_registry_failed_load_is_retryable_and_clean(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    vp_error *err = NULL;
    assert_null(vp_registry_resolve(r, "tm_extra_dev", NULL, &err));
    expect_msg(err, "tm_unlisted", NULL);
    err = NULL;
    assert_false(vp_registry_find_module(r, "tm_extra")->loaded);
    assert_null(vp_registry_resolve(r, "tm_extra_dev", NULL, &err));
    expect_msg(err, "tm_unlisted", NULL);
    vp_registry_destroy(r);
}

static void expect_file_fail(const char *file, ...)
{
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TM_DATA, file);
    assert_true(vp_registry_add_file(r, path, &err) < 0);
    assert_non_null(err);
    va_list ap;
    va_start(ap, file);
    const char *s;
    while ((s = va_arg(ap, const char *))) {
        if (!strstr(err->msg, s))
            fail_msg("message '%s' lacks '%s'", err->msg, s);
    }
    va_end(ap);
    vp_error_free(err);
    assert_int_equal(vp_registry_module_count(r), 0);
    vp_registry_destroy(r);
}

static void test_registry_manifest_unknown_key(void **state)
{
    (void)state;
    expect_file_fail("bad_key.modinfo.yaml", "bad_key.modinfo.yaml:5:5: unknown key 'colour' in module", NULL);
}

static void test_registry_manifest_wrong_type(void **state)
{
    (void)state;
    expect_file_fail("bad_type.modinfo.yaml", "bad_type.modinfo.yaml:5:11: objs must be a list", NULL);
}

static void test_registry_manifest_malformed_yaml(void **state)
{
    (void)state;
    expect_file_fail("bad_yaml.modinfo.yaml", "bad_yaml.modinfo.yaml:4:", "yaml:", NULL);
}

static void test_registry_manifest_missing_key(void **state)
{
    (void)state;
    expect_file_fail("missing_lib.modinfo.yaml", "missing_lib.modinfo.yaml:2:5: module: missing required key 'library'",
                     NULL);
}

static void test_registry_manifest_bad_values(void **state)
{
    (void)state;
    expect_file_fail("bad_side.modinfo.yaml", "bad_side.modinfo.yaml:4:11: side 'hardware'", NULL);
    expect_file_fail("bad_abi.modinfo.yaml", "bad_abi.modinfo.yaml:6:10: abi 'one' is not MAJOR.MINOR", NULL);
    expect_file_fail("bad_arch.modinfo.yaml", "bad_arch.modinfo.yaml:5:21: unknown arch 'arm'", NULL);
    expect_file_fail("no_such.modinfo.yaml", "no_such.modinfo.yaml: cannot open", NULL);
}

/* ABI numbers that sscanf("%u.%u") took (wrapped or 32-bit) are refused:
 * each part is decimal digits only, at most 65535. */
static void test_registry_manifest_abi_strict(void **state)
{
    (void)state;
    expect_file_fail("abi_huge.modinfo.yaml", "abi_huge.modinfo.yaml:6:10: abi '18446744073709551616.0' is not MAJOR.MINOR",
                     NULL);
    expect_file_fail("abi_minor.modinfo.yaml", "abi_minor.modinfo.yaml:6:10: abi '1.4294967295' is not MAJOR.MINOR",
                     NULL);
    expect_file_fail("abi_sign.modinfo.yaml", "abi_sign.modinfo.yaml:6:10: abi '1.-0'", NULL);
    expect_file_fail("abi_blank.modinfo.yaml", "abi_blank.modinfo.yaml:6:10: abi '1. 1'", NULL);
}

static void test_registry_manifest_one_document_named(void **state)
{
    (void)state;
    expect_file_fail("null_name.modinfo.yaml", "null_name.modinfo.yaml:2:11: name must not be empty or null ('~')",
                     NULL);
    expect_file_fail("two_docs.modinfo.yaml", "two_docs.modinfo.yaml:7:1: yaml: a second document", NULL);
}

static void test_registry_duplicate_type_names_both(void **state)
{
    (void)state;
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_file(r, TM_DATA "/dup_a.modinfo.yaml", &err), 0);
    assert_int_equal(vp_registry_add_file(r, TM_DATA "/dup_b.modinfo.yaml", &err), VP_EEXIST);
    expect_msg(err, "dup_b.modinfo.yaml:7:12: type 'shared_dev' of module 'beta'",
               "already provided by module 'alpha' at " TM_DATA "/dup_a.modinfo.yaml:5:18", NULL);
    /* the failed file left nothing behind */
    assert_int_equal(vp_registry_module_count(r), 1);
    assert_null(vp_registry_type_module(r, "timer"));
    vp_registry_destroy(r);
}

static void test_registry_dir_reads_modinfo_files_only(void **state)
{
    (void)state;
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    assert_int_equal(vp_registry_add_dir(r, TM_DATA "/dir", &err), 0);
    assert_null(err);
    assert_int_equal(vp_registry_module_count(r), 2);
    const vp_module_info *two = vp_registry_find_module(r, "two");
    assert_non_null(two);
    assert_int_equal(two->side, VP_SIDE_SYSTEMC);
    assert_string_equal(two->arch[0], "riscv64");
    assert_null(two->arch[1]);
    assert_string_equal(two->library, TM_DATA "/dir/sub/libtwo.so");
    assert_int_equal(vp_registry_add_dir(r, TM_DATA "/nodir", &err), VP_ENOENT);
    expect_msg(err, "nodir", NULL);
    vp_registry_destroy(r);
}

static void test_registry_builtin_dir_env_override(void **state)
{
    (void)state;
    assert_string_equal(vp_registry_builtin_dir(), VP_MODULE_DIR);
    setenv("VPBRIDGE_MODULE_DIR", TM_DATA "/dir", 1);
    assert_string_equal(vp_registry_builtin_dir(), TM_DATA "/dir");
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    const char *files[] = {TM_MANIFEST, NULL};
    assert_int_equal(vp_registry_add_defaults(r, NULL, files, &err), 0);
    assert_non_null(vp_registry_find_module(r, "one"));
    assert_non_null(vp_registry_find_module(r, "tm_good"));
    vp_registry_destroy(r);
    unsetenv("VPBRIDGE_MODULE_DIR");
}

static void test_registry_listings(void **state)
{
    (void)state;
    vp_registry *r = tm_registry();
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_true(vp_registry_print_modules(r, f) < 0); /* broken on purpose, as a run would find */
    fflush(f);
    assert_non_null(strstr(buf, "  ! module 'tm_cyc_a' ("));
    assert_non_null(strstr(buf, "dependency cycle: tm_cyc_a -> tm_cyc_b -> tm_cyc_a"));
    assert_non_null(strstr(buf, "dependency 'tm_nothere' is not in any manifest"));
    assert_non_null(strstr(buf, "missing symbol"));
    assert_null(strstr(buf, "! module 'tm_good'"));
    assert_non_null(strstr(buf, "MODULE"));
    assert_non_null(strstr(buf, "tm_rv64 "));
    assert_non_null(strstr(buf, "riscv64"));
    assert_non_null(strstr(buf, "1.2.3"));
    fclose(f);
    free(buf);
    f = open_memstream(&buf, &len);
    vp_error *err = NULL;
    assert_int_equal(vp_registry_print_device(r, "tm_good_dev", f, &err), 0);
    fflush(f);
    assert_non_null(strstr(buf, "registry test device tm_good"));
    assert_non_null(strstr(buf, "mode"));
    assert_non_null(strstr(buf, "fast|slow"));
    assert_non_null(strstr(buf, "[-5..10]"));
    fclose(f);
    free(buf);
    /* a type whose manifest declares its opts: loaded all the same, ports shown */
    f = open_memstream(&buf, &len);
    assert_int_equal(vp_registry_print_device(r, "tm_optok_dev", f, &err), 0);
    fflush(f);
    assert_non_null(strstr(buf, "ports:"));
    assert_non_null(strstr(buf, "two outputs"));
    assert_null(strstr(buf, "not loaded"));
    fclose(f);
    free(buf);
    f = open_memstream(&buf, &len);
    assert_true(vp_registry_print_devices(r, f) < 0); /* some test modules are broken on purpose */
    fflush(f);
    assert_non_null(strstr(buf, "tm_good_dev"));
    assert_non_null(strstr(buf, "missing symbol"));
    assert_non_null(strstr(buf, "registry test SystemC type [systemc]"));
    assert_null(strstr(buf, "tm_machine_board"));
    fclose(f);
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(vp_registry_print_machines(r, f), 0);
    fclose(f);
    assert_non_null(strstr(buf, "MACHINE"));
    assert_non_null(strstr(buf, "tm_machine_board"));
    assert_non_null(strstr(buf, "registry test machine"));
    assert_null(strstr(buf, "tm_good_dev"));
    free(buf);
    vp_registry_destroy(r);
}

/* Ports whose lines start above 0 (vp_port_decl.first, ABI 1.2) print
 * their range: [first..count-1], or [first..n] when the instance decides. */
static void test_registry_print_ports_first_line(void **state)
{
    (void)state;
    const vp_port_decl ports[] = {
        {.size = sizeof(vp_port_decl), .abi = VP_ABI, .name = "src", .dir = VP_PORT_IN, .count = 0, .first = 1},
        {.size = sizeof(vp_port_decl), .abi = VP_ABI, .name = "fixed", .dir = VP_PORT_IN, .count = 5, .first = 2},
        {.size = sizeof(vp_port_decl), .abi = VP_ABI, .name = "plain", .dir = VP_PORT_OUT, .count = 3},
        {.size = sizeof(vp_port_decl), .abi = VP_ABI, .name = "dyn", .dir = VP_PORT_OUT},
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vp_registry_print_ports(ports, 4, f);
    fclose(f);
    assert_string_equal(buf, "ports:\n"
                             "  src              in  [1..n] \n"
                             "  fixed            in  [2..4] \n"
                             "  plain            out [3]    \n"
                             "  dyn              out [n]    \n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_lazy_until_resolved),
        cmocka_unit_test(test_registry_relative_manifest_path),
        cmocka_unit_test(test_registry_same_manifest_twice),
        cmocka_unit_test(test_registry_resolve_good),
        cmocka_unit_test(test_registry_missing_symbol),
        cmocka_unit_test(test_registry_wrong_magic),
        cmocka_unit_test(test_registry_abi_major_mismatch),
        cmocka_unit_test(test_registry_abi_newer_minor),
        cmocka_unit_test(test_registry_unlisted_type),
        cmocka_unit_test(test_registry_unregistered_type),
        cmocka_unit_test(test_registry_dependency_cycle),
        cmocka_unit_test(test_registry_manifest_abi_strict),
        cmocka_unit_test(test_registry_manifest_one_document_named),
        cmocka_unit_test(test_registry_missing_dependency),
        cmocka_unit_test(test_registry_missing_library),
        cmocka_unit_test(test_registry_name_mismatch),
        cmocka_unit_test(test_registry_vermagic_mismatch),
        cmocka_unit_test(test_registry_section_name_mismatch),
        cmocka_unit_test(test_registry_section_newer_abi),
        cmocka_unit_test(test_registry_section_abi_strict),
        cmocka_unit_test(test_registry_port_first_beyond_count),
        cmocka_unit_test(test_registry_section_absent_is_allowed),
        cmocka_unit_test(test_registry_section_bad_elf),
        cmocka_unit_test(test_registry_dir_name_order),
        cmocka_unit_test(test_registry_manifest_opts_agree),
        cmocka_unit_test(test_registry_manifest_opts_mismatch),
        cmocka_unit_test(test_registry_machine_registered),
        cmocka_unit_test(test_registry_register_wrong_side),
        cmocka_unit_test(test_registry_sc_type_stored),
        cmocka_unit_test(test_registry_override_later_wins),
        cmocka_unit_test(test_registry_deps_loaded_first),
        cmocka_unit_test(test_registry_arch_mismatch),
        cmocka_unit_test(test_registry_failed_load_is_retryable_and_clean),
        cmocka_unit_test(test_registry_manifest_unknown_key),
        cmocka_unit_test(test_registry_manifest_wrong_type),
        cmocka_unit_test(test_registry_manifest_malformed_yaml),
        cmocka_unit_test(test_registry_manifest_missing_key),
        cmocka_unit_test(test_registry_manifest_bad_values),
        cmocka_unit_test(test_registry_duplicate_type_names_both),
        cmocka_unit_test(test_registry_dir_reads_modinfo_files_only),
        cmocka_unit_test(test_registry_builtin_dir_env_override),
        cmocka_unit_test(test_registry_listings),
        cmocka_unit_test(test_registry_print_ports_first_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
