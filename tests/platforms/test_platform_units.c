/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_units.c - the unit structure of platforms/src, read from
 * the sources: every X_int.h declares only what X.c defines, no .c file
 * declares another file's function itself, the units' includes form no
 * circle, the public lifecycle lives in the facade (platform.c), and a
 * device's type is borrowed (a module's, or a SystemC host's description),
 * never copied into the platform or given platform-made ops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ctype.h>
#include <dirent.h>
#include <vpbridge/vp_base.h>

#define SRC VP_SOURCE_DIR "/platforms/src"
#define MAX_UNITS 32

typedef struct unit {
    char name[64];
    char *c, *h;          /* X.c and X_int.h without comments (NULL if absent) */
    int deps[MAX_UNITS];  /* units whose header this one includes */
    int ndeps;
} unit;

static unit units[MAX_UNITS];
static int nunits;

/* The file's text with its comments blanked (strings here hold no comment marks). */
static char *read_code(const char *file)
{
    char path[512], *d = NULL;
    size_t size = 0;
    assert_true(snprintf(path, sizeof path, "%s/%s", SRC, file) < (int)sizeof path);
    assert_int_equal(vp_file_read(path, VP_FILE_MAX_TEXT, &d, &size, NULL), 0);
    for (char *p = d; (p = strstr(p, "/*"));) {
        char *e = strstr(p + 2, "*/");
        assert_non_null(e);
        for (; p < e + 2; p++)
            if (*p != '\n')
                *p = ' ';
    }
    return d;
}

static int unit_index(const char *name, size_t len)
{
    for (int i = 0; i < nunits; i++)
        if (strlen(units[i].name) == len && strncmp(units[i].name, name, len) == 0)
            return i;
    return -1;
}

static void load_units(void)
{
    DIR *dir = opendir(SRC);
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));) {
        size_t n = strlen(e->d_name);
        if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0) {
            assert_true(nunits < MAX_UNITS && n - 2 < sizeof units[0].name);
            memcpy(units[nunits].name, e->d_name, n - 2);
            units[nunits].c = read_code(e->d_name);
            nunits++;
        }
    }
    closedir(dir);
    for (int i = 0; i < nunits; i++) {
        char h[512];
        assert_true(snprintf(h, sizeof h, "%s/%s_int.h", SRC, units[i].name) < (int)sizeof h);
        FILE *f = fopen(h, "r");
        if (f) {
            fclose(f);
            assert_true(snprintf(h, sizeof h, "%s_int.h", units[i].name) < (int)sizeof h);
            units[i].h = read_code(h);
        }
    }
}

/* Adds an edge for every `#include "Y_int.h"` of a unit in `text`. */
static void add_includes(int from, const char *text)
{
    for (const char *p = text; (p = strstr(p, "#include \"")); p++) {
        const char *name = p + 10, *end = strstr(name, "_int.h\"");
        const char *eol = strchr(name, '\n');
        if (!end || (eol && end > eol))
            continue;
        int to = unit_index(name, (size_t)(end - name));
        if (to >= 0 && to != from)
            units[from].deps[units[from].ndeps++] = to;
    }
}

/* 0 unvisited, 1 on the path, 2 done; true if a circle is reachable. */
static bool circle_from(int u, int *state, char *path, size_t size)
{
    if (state[u] == 1) {
        snprintf(path + strlen(path), size - strlen(path), "%s", units[u].name);
        return true;
    }
    if (state[u] == 2)
        return false;
    state[u] = 1;
    size_t len = strlen(path);
    snprintf(path + len, size - len, "%s -> ", units[u].name);
    for (int i = 0; i < units[u].ndeps; i++)
        if (circle_from(units[u].deps[i], state, path, size))
            return true;
    path[len] = 0;
    state[u] = 2;
    return false;
}

/* The text after the line-start position `p` up to `(`: is it a definition
 * ('{' before ';') rather than a prototype? */
static bool is_definition(const char *paren)
{
    size_t n = strcspn(paren, ";{");
    return paren[n] == '{';
}

/* Is `name` defined (at the start of a line) in `code`? */
static bool defines(const char *code, const char *name, size_t len)
{
    for (const char *p = code; (p = strstr(p, name)); p += len) {
        const char *bol = p;
        while (bol > code && bol[-1] != '\n')
            bol--;
        if (!isalpha((unsigned char)*bol) || isalnum((unsigned char)p[len]) || p[len] == '_' ||
            (p > code && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
            continue;
        const char *paren = p + len;
        while (*paren == ' ')
            paren++;
        if (*paren == '(' && is_definition(paren))
            return true;
    }
    return false;
}

static void test_headers_declare_only_their_unit(void **state)
{
    (void)state;
    int headers = 0;
    for (int u = 0; u < nunits; u++) {
        if (!units[u].h)
            continue;
        headers++;
        for (const char *p = units[u].h; (p = strstr(p, "vp__")); p++) {
            size_t len = 4;
            while (isalnum((unsigned char)p[len]) || p[len] == '_')
                len++;
            const char *q = p + len;
            while (*q == ' ')
                q++;
            if (*q != '(' || (p > units[u].h && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
                continue;
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)len, p);
            if (!defines(units[u].c, name, len))
                fail_msg("%s_int.h declares %s, which %s.c does not define", units[u].name, name, units[u].name);
        }
    }
    assert_true(headers >= 5);
}

static void test_no_local_prototypes(void **state)
{
    (void)state;
    for (int u = 0; u < nunits; u++) {
        for (const char *line = units[u].c; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
            size_t n = strcspn(line, "\n");
            if (!isalpha((unsigned char)*line) || strncmp(line, "static", 6) == 0 || strncmp(line, "typedef", 7) == 0)
                continue;
            const char *paren = memchr(line, '(', n);
            if (paren && !is_definition(paren))
                fail_msg("%s.c declares an outside function itself: %.*s", units[u].name, (int)n, line);
        }
    }
}

static void test_no_include_circle(void **state)
{
    (void)state;
    for (int u = 0; u < nunits; u++) {
        add_includes(u, units[u].c);
        if (units[u].h)
            add_includes(u, units[u].h);
    }
    int st[MAX_UNITS] = {0};
    char path[1024] = "";
    for (int u = 0; u < nunits; u++)
        if (circle_from(u, st, path, sizeof path))
            fail_msg("platforms/src includes in a circle: %s", path);
}

static void test_facade_holds_the_lifecycle(void **state)
{
    (void)state;
    static const char *const api[] = {"vp_platform_load", "vp_platform_build", "vp_platform_realize",
                                      "vp_platform_destroy", NULL};
    int facade = unit_index("platform", 8);
    assert_true(facade >= 0);
    for (const char *const *f = api; *f; f++)
        if (!defines(units[facade].c, *f, strlen(*f)))
            fail_msg("platform.c does not define %s", *f);
}

/* Is `code` at `p` the start of an identifier (after spaces)? */
static bool names_a_variable(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return isalpha((unsigned char)*p) || *p == '_';
}

static void test_device_types_are_borrowed(void **state)
{
    (void)state;
    static const char *const ops[] = {"create", "realize", "destroy", "reset", "port_lines", "signal_out",
                                      "signal_in", NULL};
    for (int u = 0; u < nunits; u++) {
        const char *files[] = {units[u].c, units[u].h};
        for (int f = 0; f < 2; f++) {
            const char *code = files[f];
            for (const char *p = code; p && (p = strstr(p, "vp_device_type")); p += 14)
                if (names_a_variable(p + 14))
                    fail_msg("%s%s holds a vp_device_type by value (a copy of a type description): %.40s",
                             units[u].name, f ? "_int.h" : ".c", p);
            for (const char *const *op = ops; code && *op; op++) {
                size_t n = strlen(*op);
                for (const char *p = code; (p = strchr(p, '.')); p++) {
                    const char *q = p + 1;
                    if (strncmp(q, *op, n) || isalnum((unsigned char)q[n]) || q[n] == '_')
                        continue;
                    q += n;
                    while (*q == ' ')
                        q++;
                    if (q[0] == '=' && q[1] != '=')
                        fail_msg("%s%s sets a device type's %s (a platform-made op): %.40s", units[u].name,
                                 f ? "_int.h" : ".c", *op, p);
                }
            }
        }
    }
}

static int setup(void **state)
{
    (void)state;
    load_units();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < nunits; i++) {
        free(units[i].c);
        free(units[i].h);
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_declare_only_their_unit),
        cmocka_unit_test(test_no_local_prototypes),
        cmocka_unit_test(test_no_include_circle),
        cmocka_unit_test(test_facade_holds_the_lifecycle),
        cmocka_unit_test(test_device_types_are_borrowed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
