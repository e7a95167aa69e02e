/* SPDX-License-Identifier: Apache-2.0 */
/* test_abi_versions.c - the one ABI-version scheme of vp_base.h holds for
 * every public header: each family constant (`#define X_ABI`) is written
 * with VP_ABI_VERSION and keeps the value old modules were built with;
 * every versioned struct (a number member named `abi`, or a `-- ABI`
 * block marker) starts with `uint32_t size, abi;`; no source writes a bare
 * number into an `abi` field. The headers are found by walking the tree
 * (every <dir>/include/vpbridge), so a new one is checked too.
 */
#include <ctype.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/tlmc.h>
#include <vpbridge/vp_clock.h>
#include <vpbridge/vp_cpu.h>
#include <vpbridge/vp_module.h>
#include <vpbridge/vp_platform.h>

#include "source_scan.h"

/* ---- values compiled into existing modules and programs never change ---- */
_Static_assert(VP_ABI == ((VP_ABI_MAJOR << 16) | VP_ABI_MINOR), "VP_ABI changed its encoding");
_Static_assert(VP_ABI_MAJOR_OF(VP_ABI) == VP_ABI_MAJOR && VP_ABI_MINOR_OF(VP_ABI) == VP_ABI_MINOR, "VP_ABI");
_Static_assert(TLMC_ABI == 1, "TLMC_ABI changed: built initiators and targets break");
_Static_assert(VP_CLOCK_ABI == 1, "VP_CLOCK_ABI changed");
_Static_assert(VP_CPU_ABI == 1, "VP_CPU_ABI changed");
_Static_assert(VP_PLATFORM_ABI == 1, "VP_PLATFORM_ABI changed (callers wrote 1)");
_Static_assert(VP_ABI_VERSION(0, 1) == 1 && VP_ABI_VERSION(1, 2) == 0x10002, "VP_ABI_VERSION");
#if VP_ABI_MAJOR_OF(TLMC_ABI) != 0 || VP_ABI_MINOR_OF(VP_CPU_ABI) != 1
#error "the family constants must stay usable in #if"
#endif

#define HEAD(T)                                                                  \
    _Static_assert(offsetof(T, size) == 0 && sizeof(((T *)0)->size) == 4, #T); \
    _Static_assert(offsetof(T, abi) == 4 && sizeof(((T *)0)->abi) == 4, #T);
HEAD(tlmc_payload)
HEAD(tlmc_target_ops)
HEAD(tlmc_router_stats)
HEAD(vp_clock_ops)
HEAD(vp_cpu_config)
HEAD(vp_cpu_stats)
HEAD(vp_cpu_trap_info)
HEAD(vp_opt_decl)
HEAD(vp_port_decl)
HEAD(vp_host_api)
HEAD(vp_device_type)
HEAD(vp_device_ctx)
HEAD(vp_machine_type)
HEAD(vp_registrar)
HEAD(vp_platform_host)
HEAD(vp_platform_sc_host)
HEAD(vp_platform_options)
HEAD(vp_platform_semihost)

/* ---- family constants ----------------------------------------------------- */
static void test_abi_versions_family_constants_use_the_scheme(void **state)
{
    (void)state;
    scan_list hdrs = {0};
    scan_public_headers(&hdrs);
    assert_true(hdrs.n >= 10); /* common, tlm-adapters, cpu-core, modinfo, platforms, bridge */
    regex_t re;
    assert_int_equal(regcomp(&re, "^[ \t]*#[ \t]*define[ \t]+([A-Za-z0-9_]*_ABI)[ \t]+([^\n]*)", REG_EXTENDED | REG_NEWLINE), 0);
    int found = 0, bad = 0;
    for (size_t i = 0; i < hdrs.n; i++) {
        char *src = scan_read(hdrs.v[i]);
        regmatch_t m[3];
        for (const char *p = src; regexec(&re, p, 3, m, 0) == 0; p += m[0].rm_eo) {
            found++;
            if (strncmp(p + m[2].rm_so, "VP_ABI_VERSION(", 15) != 0) {
                fprintf(stderr, "%s: %.*s is not written as VP_ABI_VERSION(major, minor)\n", hdrs.v[i],
                        (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
                bad++;
            }
        }
        free(src);
    }
    regfree(&re);
    scan_list_free(&hdrs);
    assert_true(found >= 5); /* VP_ABI, TLMC_ABI, VP_CLOCK_ABI, VP_CPU_ABI, VP_PLATFORM_ABI */
    assert_int_equal(bad, 0);
}

/* ---- versioned structs ---------------------------------------------------- */
/* Top-level member declarations of the body [b, e) of `code`, blanks
 * squeezed ("uint32_t size, abi"); nested braces are kept inside a member.
 * A member longer than the buffer (an inline member function's body) keeps
 * its first 1023 characters: the checks read a member's start. */
static void members(const char *code, size_t b, size_t e, scan_list *out)
{
    char buf[1024];
    size_t n = 0;
    int depth = 0;
    for (size_t i = b; i < e; i++) {
        char ch = code[i];
        depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        if (ch == ';' && depth == 0) {
            buf[n] = '\0';
            scan_list_add(out, buf);
            n = 0;
            continue;
        }
        if (n >= sizeof(buf) - 1)
            continue;
        if (isspace((unsigned char)ch)) {
            if (n && buf[n - 1] != ' ')
                buf[n++] = ' ';
        } else if (n || ch != ' ') {
            buf[n++] = ch;
        }
    }
}

/* Structs that carry a version but are not `size, abi` by design: the
 * module descriptor is found by symbol and checked by `magic` before any
 * other field is trusted; its version is two uint16_t halves. */
static bool known_exception(const char *name, const scan_list *m)
{
    return strcmp(name, "vp_module_desc") == 0 && m->n >= 4 && strcmp(m->v[0], "uint32_t size") == 0 &&
           strcmp(m->v[1], "uint32_t magic") == 0 && strcmp(m->v[2], "uint16_t abi_major") == 0 &&
           strcmp(m->v[3], "uint16_t abi_minor") == 0;
}

static bool starts_with_size_abi(const scan_list *m)
{
    if (m->n >= 1 && strcmp(m->v[0], "uint32_t size, abi") == 0)
        return true;
    return m->n >= 2 && strcmp(m->v[0], "uint32_t size") == 0 && strcmp(m->v[1], "uint32_t abi") == 0;
}

/* Checks every `struct NAME {` of one header; returns the number of
 * violations and counts the versioned structs in *versioned. */
static int check_structs(const char *path, int *versioned)
{
    char *src = scan_read(path), *code = scan_code_only(src);
    int bad = 0;
    for (char *p = strstr(code, "struct"); p; p = strstr(p + 6, "struct")) {
        if (p > code && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        char name[128];
        int used = 0;
        if (sscanf(p + 6, " %127[A-Za-z0-9_] {%n", name, &used) < 1 || used == 0)
            continue;
        size_t b = (size_t)(p + 6 + used - code), e = b;
        for (int depth = 1; code[e] && depth; e++)
            depth += code[e] == '{' ? 1 : code[e] == '}' ? -1 : 0;
        scan_list m = {0};
        members(code, b, e - 1, &m);
        bool abi_member = false;
        for (size_t i = 0; i < m.n; i++) /* a number named abi (vp_module_info's string is manifest text) */
            abi_member |= (scan_has_word(m.v[i], "abi") || scan_has_word(m.v[i], "abi_major")) && !strstr(m.v[i], "char");
        char save = src[e];
        src[e] = '\0';
        bool marker = strstr(src + b, "-- ABI") || strstr(src + b, "_ABI 1 ends") || strstr(src + b, "_ABI 0.");
        src[e] = save;
        if (abi_member || marker) {
            (*versioned)++;
            if (!starts_with_size_abi(&m) && !known_exception(name, &m)) {
                fprintf(stderr, "%s: struct %s is versioned but does not start with `uint32_t size, abi;` "
                        "(first member: `%s`)\n", path, name, m.n ? m.v[0] : "");
                bad++;
            }
        }
        scan_list_free(&m);
    }
    free(code);
    free(src);
    return bad;
}

static void test_abi_versions_structs_start_with_size_abi(void **state)
{
    (void)state;
    scan_list hdrs = {0};
    scan_public_headers(&hdrs);
    assert_true(hdrs.n >= 10); /* common, tlm-adapters, cpu-core, modinfo, platforms, bridge */
    int bad = 0, versioned = 0;
    for (size_t i = 0; i < hdrs.n; i++)
        bad += check_structs(hdrs.v[i], &versioned);
    scan_list_free(&hdrs);
    assert_true(versioned >= 16); /* the HEAD() list above and the module descriptor at least */
    assert_int_equal(bad, 0);
}

/* ---- no bare numbers in `abi` fields -------------------------------------- */
static void test_abi_versions_no_bare_numbers(void **state)
{
    (void)state;
    static const char *const sfx[] = {".c", ".cpp", ".h", NULL};
    scan_list files = {0};
    scan_tree(VP_SOURCE_DIR, sfx, &files);
    assert_true(files.n > 100);
    regex_t re;
    assert_int_equal(regcomp(&re, "(\\babi[ \t]*=[ \t]*[0-9])|(\\{[ \t]*sizeof[ \t]*\\([^()]*\\)[ \t]*,[ \t]*[0-9])",
                             REG_EXTENDED | REG_NEWLINE),
                     0);
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *src = scan_read(files.v[i]), *code = scan_code_only(src);
        regmatch_t m[1];
        for (const char *p = code; regexec(&re, p, 1, m, 0) == 0; p += m[0].rm_eo) {
            int line = 1;
            for (const char *q = code; q < p + m[0].rm_so; q++)
                line += *q == '\n';
            fprintf(stderr, "%s:%d: `%.*s`: write the family constant (VP_ABI, TLMC_ABI, VP_PLATFORM_ABI ...)\n",
                    files.v[i], line, (int)(m[0].rm_eo - m[0].rm_so), p + m[0].rm_so);
            bad++;
        }
        free(code);
        free(src);
    }
    regfree(&re);
    scan_list_free(&files);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abi_versions_family_constants_use_the_scheme),
        cmocka_unit_test(test_abi_versions_structs_start_with_size_abi),
        cmocka_unit_test(test_abi_versions_no_bare_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
