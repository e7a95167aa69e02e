/* SPDX-License-Identifier: Apache-2.0 */
/* test_jit_seam.c - the JIT's host seam (cpu-core/jit/jit_host.h) stays a
 * seam: no generic JIT file (every file of cpu-core/jit whose name does not
 * say x86) includes an x86 header, names an identifier that x86.h defines
 * (encoder functions, types, register/condition/ALU enumerators, macros),
 * names an x86 register (derived from x86.h's X_R* enumerators, with the
 * 32-bit e* forms of the first eight) even in a comment, names an X86
 * constant (Capstone's CS_ARCH_X86), stores bytes into the code buffer or
 * spells bytes as "\x.." escapes.
 * The forbidden names are read from x86.h itself, so the list cannot go
 * stale. Also: the backend table gives the runtime every op it calls on
 * the JIT. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "../../cpu-core/exec/backend.h"

#define JIT_DIR VP_SOURCE_DIR "/cpu-core/jit"

static bool ident_start(char ch)
{
    return g_ascii_isalpha(ch) || ch == '_';
}

static bool ident_char(char ch)
{
    return g_ascii_isalnum(ch) || ch == '_';
}

/* Calls fn for every identifier of text with its line number. */
static void each_ident(const char *text, void (*fn)(const char *id, int line, void *opaque), void *opaque)
{
    int line = 1;
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (ident_start(*p) && (p == text || !ident_char(p[-1]))) {
            const char *q = p;
            while (ident_char(*q))
                q++;
            char *id = g_strndup(p, (gsize)(q - p));
            fn(id, line, opaque);
            g_free(id);
            p = q;
        } else {
            p++;
        }
    }
}

static void add_ident(GHashTable *set, const char *p, const char *end)
{
    g_hash_table_add(set, g_strndup(p, (gsize)(end - p)));
}

/* Enumerators: identifiers inside `enum { ... }`. */
static void scan_enums(const char *text, GHashTable *set)
{
    for (const char *p = strstr(text, "enum {"); p; p = strstr(p, "enum {")) {
        const char *end = strchr(p, '}');
        assert_non_null(end);
        for (const char *q = p + 6; q < end;) {
            if (ident_start(*q) && !ident_char(q[-1])) {
                const char *e = q;
                while (ident_char(*e))
                    e++;
                add_ident(set, q, e);
                q = e;
            } else {
                q++;
            }
        }
        p = end;
    }
}

/* The identifier just before `at` (skipping blanks). */
static void add_ident_before(GHashTable *set, const char *text, const char *at)
{
    const char *e = at;
    while (e > text && g_ascii_isspace(e[-1]))
        e--;
    const char *s = e;
    while (s > text && ident_char(s[-1]))
        s--;
    if (s < e && ident_start(*s))
        add_ident(set, s, e);
}

/* Functions (`static inline T name(`), typedef names (`} name;` or
 * `typedef T name;`) and macros (`#define name`). */
static void scan_decls(const char *text, GHashTable *set)
{
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        const char *s = *l;
        if (g_str_has_prefix(s, "static inline ")) {
            const char *paren = strchr(s, '(');
            if (paren)
                add_ident_before(set, s, paren);
        } else if (g_str_has_prefix(s, "#define ")) {
            const char *e = s + 8;
            while (ident_char(*e))
                e++;
            add_ident(set, s + 8, e);
        } else if ((g_str_has_prefix(s, "} ") || g_str_has_prefix(s, "typedef ")) && strchr(s, ';')) {
            if (!strchr(s, '{') || strchr(s, '}'))
                add_ident_before(set, s, strchr(s, ';'));
        }
    }
    g_strfreev(lines);
}

typedef struct seam {
    GHashTable *x86;  /* identifiers defined by x86.h */
    GHashTable *regs; /* register names, lower case */
    GString *errors;
    const char *file;
    unsigned hits;    /* identifiers of x86.h found (emitter sanity check) */
} seam;

static void load_x86(seam *s)
{
    gchar *text = NULL;
    assert_true(g_file_get_contents(JIT_DIR "/x86.h", &text, NULL, NULL));
    s->x86 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->regs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    scan_enums(text, s->x86);
    scan_decls(text, s->x86);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, s->x86);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const char *id = key;
        if (!g_str_has_prefix(id, "X_R"))
            continue;
        gchar *reg = g_ascii_strdown(id + 2, -1);
        if (strlen(reg) == 3 && g_ascii_isalpha(reg[1])) /* rax -> eax */
            g_hash_table_add(s->regs, g_strdup_printf("e%s", reg + 1));
        g_hash_table_add(s->regs, reg);
    }
    g_free(text);
}

static void check_ident(const char *id, int line, void *opaque)
{
    seam *s = opaque;
    gchar *low = g_ascii_strdown(id, -1);
    if (g_hash_table_contains(s->x86, id)) {
        g_string_append_printf(s->errors, "%s:%d: names %s of x86.h\n", s->file, line, id);
        s->hits++;
    } else if (g_hash_table_contains(s->regs, low)) {
        g_string_append_printf(s->errors, "%s:%d: names the x86 register %s\n", s->file, line, id);
    } else if (strstr(id, "X86")) {
        g_string_append_printf(s->errors, "%s:%d: names the x86 constant %s\n", s->file, line, id);
    }
    g_free(low);
}

/* Appends to s->errors what file `name` does against the seam. */
static void check_file(seam *s, const char *name)
{
    gchar *path = g_build_filename(JIT_DIR, name, NULL), *text = NULL;
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    s->file = name;
    gchar **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (g_str_has_prefix(g_strchug(lines[i]), "#include") && strstr(lines[i], "x86"))
            g_string_append_printf(s->errors, "%s:%d: includes an x86 header: %s\n", name, i + 1, lines[i]);
        if (strstr(lines[i], "->p++") || strstr(lines[i], ".p++"))
            g_string_append_printf(s->errors, "%s:%d: stores bytes into the code buffer\n", name, i + 1);
        if (strstr(lines[i], "\\x"))
            g_string_append_printf(s->errors, "%s:%d: spells machine code bytes (\\x)\n", name, i + 1);
    }
    g_strfreev(lines);
    each_ident(text, check_ident, s);
    g_free(text);
    g_free(path);
}

static void test_jit_seam_reads_x86_h(void **state)
{
    (void)state;
    seam s = {0};
    load_x86(&s);
    /* The extraction sees what x86.h defines: 16 registers (+ 8 e* forms),
     * the encoder, its types and enumerators. */
    assert_int_equal(g_hash_table_size(s.regs), 24);
    const char *must[] = {"X_RAX", "X_R15", "CC_NE", "ALU_CMP", "SH_SAR", "x_op", "x_jmp32", "x_patch32", "xbuf", "xrm",
                          "xr", "xmi", "VP_JIT_X86_H"};
    for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
        assert_true(g_hash_table_contains(s.x86, must[i]));
    assert_true(g_hash_table_contains(s.regs, "rbx") && g_hash_table_contains(s.regs, "r11") &&
                g_hash_table_contains(s.regs, "eax"));
    assert_false(g_hash_table_contains(s.x86, "vp_jit_buf")); /* the generic buffer type is not x86 */
    g_hash_table_destroy(s.x86);
    g_hash_table_destroy(s.regs);
}

static void test_jit_seam_emitter_is_seen(void **state)
{
    (void)state;
    seam s = {.errors = g_string_new(NULL)};
    load_x86(&s);
    /* The same check on the x86-64 emitter finds plenty: it can fire. */
    check_file(&s, "jit_x86_64.c");
    assert_true(s.hits > 100);
    assert_non_null(strstr(s.errors->str, "includes an x86 header"));
    assert_non_null(strstr(s.errors->str, "names the x86 register"));
    g_string_free(s.errors, TRUE);
    g_hash_table_destroy(s.x86);
    g_hash_table_destroy(s.regs);
}

static void test_jit_seam_generic_files(void **state)
{
    (void)state;
    seam s = {.errors = g_string_new(NULL)};
    load_x86(&s);
    GDir *dir = g_dir_open(JIT_DIR, 0, NULL);
    assert_non_null(dir);
    unsigned n = 0;
    bool saw_jit = false, saw_cache = false, saw_host = false;
    for (const char *name; (name = g_dir_read_name(dir));) {
        if (strstr(name, "x86") || !(g_str_has_suffix(name, ".c") || g_str_has_suffix(name, ".h")))
            continue; /* the x86-64 emitter and its encoder */
        check_file(&s, name);
        saw_jit |= strcmp(name, "jit.c") == 0;
        saw_cache |= strcmp(name, "jit_cache.c") == 0;
        saw_host |= strcmp(name, "jit_host.h") == 0;
        n++;
    }
    g_dir_close(dir);
    if (s.errors->len)
        fprintf(stderr, "%s", s.errors->str);
    assert_true(saw_jit && saw_cache && saw_host && n >= 4);
    assert_int_equal(s.errors->len, 0);
    g_string_free(s.errors, TRUE);
    g_hash_table_destroy(s.x86);
    g_hash_table_destroy(s.regs);
}

/* The runtime reaches the JIT only through its vp_backend_ops: compile,
 * exec, chain patch, stop-after-current, reset (after a flush), disas
 * (--trace out_asm), init/fini of its code cache. The interpreter follows
 * vp_tb.jmp itself (no patch) and has no per-hart state. */
static void test_jit_seam_backend_table(void **state)
{
    (void)state;
    const vp_backend_ops *jit = vp__backends[VP_TB_JIT], *interp = vp__backends[VP_TB_INTERP];
    assert_string_equal(jit->name, "jit");
    assert_true(jit->compile && jit->exec && jit->patch && jit->stop_after_current && jit->reset && jit->disas &&
                jit->init && jit->fini);
    assert_string_equal(interp->name, "interp");
    assert_true(interp->compile && interp->exec && interp->stop_after_current && interp->free_tb);
    assert_null(interp->patch);
    assert_int_equal(vp__backend_select(VP_CPU_ACCEL_JIT), VP_TB_JIT);
    assert_int_equal(vp__backend_select(VP_CPU_ACCEL_INTERP), VP_TB_INTERP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jit_seam_reads_x86_h),
        cmocka_unit_test(test_jit_seam_emitter_is_seen),
        cmocka_unit_test(test_jit_seam_generic_files),
        cmocka_unit_test(test_jit_seam_backend_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
