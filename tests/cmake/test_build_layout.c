/* SPDX-License-Identifier: Apache-2.0 */
/* test_build_layout.c - the build says what is built where, read from the
 * tree's CMake files: the root adds bench/ and examples/, every folder adds
 * only its own subfolders (no add_subdirectory of another folder's path),
 * nothing outside bench/ builds bench sources, sources are listed (no
 * file(GLOB) in any build file; tests/ check scripts may glob the tree), no guards for targets or files that always exist, tests/
 * mirrors the components, and tests/support holds helpers without the
 * test_ prefix (a test_*.c there is a test of a helper).
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "source_scan.h"

#define ROOT VP_SOURCE_DIR

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* A CMake file with its comments blanked (quote-aware). */
static char *cmake_code(const char *path)
{
    char *s = scan_read(path);
    bool quoted = false;
    for (char *p = s; *p; p++) {
        if (*p == '"' && (p == s || p[-1] != '\\'))
            quoted = !quoted;
        if (*p == '#' && !quoted)
            while (*p && *p != '\n')
                *p++ = ' ';
        if (!*p)
            break;
    }
    return s;
}

static void cmake_files(scan_list *out)
{
    static const char *const sfx[] = {"/CMakeLists.txt", ".cmake", ".cmake.in", NULL};
    scan_tree(ROOT, sfx, out);
    assert_true(out->n >= 30);
}

static int line_of(const char *code, const char *at)
{
    int line = 1;
    for (const char *q = code; q < at; q++)
        line += *q == '\n';
    return line;
}

static const char *rel(const char *path) { return path + strlen(ROOT) + 1; }

/* A check script of tests/ (run with cmake -P: it reads the tree, builds
 * nothing), where file(GLOB) is how it finds every header or source. */
static bool is_check_script(const char *path)
{
    const char *r = rel(path);
    return strncmp(r, "tests/", 6) == 0 && !strstr(r, "CMakeLists.txt");
}

static void test_build_layout_root_adds_bench_and_examples(void **state)
{
    (void)state;
    char *code = cmake_code(ROOT "/CMakeLists.txt");
    assert_non_null(strstr(code, "add_subdirectory(examples)"));
    assert_non_null(strstr(code, "add_subdirectory(bench)"));
    free(code);
}

/* add_subdirectory takes a subfolder of the calling folder, by plain name. */
static int check_subdirs(const char *path, const char *code)
{
    int bad = 0;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", path);
    *strrchr(dir, '/') = '\0';
    for (const char *p = strstr(code, "add_subdirectory("); p; p = strstr(p + 1, "add_subdirectory(")) {
        char arg[256];
        if (sscanf(p + 17, " %255[^ )\n]", arg) != 1)
            continue;
        char sub[4400];
        snprintf(sub, sizeof(sub), "%s/%s", dir, arg);
        struct stat st;
        if (strchr(arg, '$') || strstr(arg, "..") || arg[0] == '/' || stat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s:%d: add_subdirectory(%s): not a subfolder of this folder\n", rel(path),
                    line_of(code, p), arg);
            bad++;
        }
    }
    return bad;
}

static void test_build_layout_each_folder_builds_its_own(void **state)
{
    (void)state;
    scan_list files = {0};
    cmake_files(&files);
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *code = cmake_code(files.v[i]);
        if (strstr(files.v[i], "/CMakeLists.txt"))
            bad += check_subdirs(files.v[i], code);
        /* bench sources are built by bench/ only */
        const char *b = strstr(code, "${PROJECT_SOURCE_DIR}/bench");
        if (b && strncmp(rel(files.v[i]), "bench/", 6) != 0) {
            fprintf(stderr, "%s:%d: builds bench/ sources outside bench/\n", rel(files.v[i]), line_of(code, b));
            bad++;
        }
        free(code);
    }
    scan_list_free(&files);
    assert_int_equal(bad, 0);
}

static void test_build_layout_no_glob(void **state)
{
    (void)state;
    scan_list files = {0};
    cmake_files(&files);
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *code = cmake_code(files.v[i]);
        const char *g = strstr(code, "file(GLOB");
        if (g && !is_check_script(files.v[i])) {
            fprintf(stderr, "%s:%d: file(GLOB ...): list the files\n", rel(files.v[i]), line_of(code, g));
            bad++;
        }
        free(code);
    }
    scan_list_free(&files);
    assert_int_equal(bad, 0);
}

/* Guards are allowed only where the target may really be missing: in
 * stand-alone projects (examples that call project()) and in the installed
 * package files that run inside users' projects. */
static bool guard_allowed(const char *path, const char *code)
{
    if (strstr(path, "/cmake/vpbridgeModule.cmake") || strstr(path, "/cmake/vpbridgeRtl.cmake") ||
        strstr(path, "/cmake/vpbridgeConfig.cmake.in"))
        return true;
    return strcmp(path, ROOT "/CMakeLists.txt") != 0 && strstr(code, "project(") != NULL;
}

static void test_build_layout_no_dead_guards(void **state)
{
    (void)state;
    static const char *const guards[] = {"if(TARGET ",   "if(NOT TARGET ", "if(EXISTS ",       "if(IS_DIRECTORY ",
                                         " AND EXISTS ", " AND TARGET ",   "VP_HAVE_REGISTRY", NULL};
    scan_list files = {0};
    cmake_files(&files);
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *code = cmake_code(files.v[i]);
        for (const char *const *g = guards; *g; g++) {
            const char *at = strstr(code, *g);
            if (at && !guard_allowed(files.v[i], code)) {
                fprintf(stderr, "%s:%d: `%s`: the build tree always has it\n", rel(files.v[i]), line_of(code, at), *g);
                bad++;
            }
        }
        free(code);
    }
    scan_list_free(&files);
    assert_int_equal(bad, 0);
}

/* tests/<name> is a folder of the tree (a component, examples, docs,
 * cmake), or support/ (helpers), abi/ (the frozen ABI) or fuzz/ (fuzz
 * targets, each across components: docs/reliability.md). */
static void test_build_layout_tests_mirror_components(void **state)
{
    (void)state;
    static const char *const extra[] = {"support", "abi", "fuzz", NULL};
    char *code = cmake_code(ROOT "/tests/CMakeLists.txt");
    int bad = 0, count = 0;
    for (const char *p = strstr(code, "add_subdirectory("); p; p = strstr(p + 1, "add_subdirectory(")) {
        char arg[256], path[4400];
        if (sscanf(p + 17, " %255[^ )\n]", arg) != 1)
            continue;
        count++;
        snprintf(path, sizeof(path), "%s/%s", ROOT, arg);
        struct stat st;
        if (!in_list(arg, extra) && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
            fprintf(stderr, "tests/%s: no folder %s/ in the tree to mirror\n", arg, arg);
            bad++;
        }
    }
    free(code);
    assert_true(count >= 8);
    assert_int_equal(bad, 0);
}

/* A file named test_* anywhere in tests/ is a test (a .c or .cpp with a
 * main or sc_main); helpers, in tests/support or beside the tests that use
 * them, carry no test_ prefix. */
static void test_build_layout_support_helpers_unprefixed(void **state)
{
    (void)state;
    static const char *const sfx[] = {".c", ".h", ".cpp", NULL};
    scan_list files = {0};
    scan_tree(ROOT "/tests", sfx, &files);
    assert_true(files.n >= 4);
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *base = strrchr(files.v[i], '/') + 1;
        if (strncmp(base, "test_", 5) != 0 || strncmp(rel(files.v[i]), "tests/abi/", 10) == 0)
            continue;
        char *src = scan_read(files.v[i]);
        bool code = strstr(base, ".c") != NULL; /* .c or .cpp */
        if (!code || (!strstr(src, "int main(") && !strstr(src, "int sc_main("))) {
            fprintf(stderr, "%s: a helper named like a test (drop the test_ prefix)\n", rel(files.v[i]));
            bad++;
        }
        free(src);
    }
    scan_list_free(&files);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_layout_root_adds_bench_and_examples),
        cmocka_unit_test(test_build_layout_each_folder_builds_its_own),
        cmocka_unit_test(test_build_layout_no_glob),
        cmocka_unit_test(test_build_layout_no_dead_guards),
        cmocka_unit_test(test_build_layout_tests_mirror_components),
        cmocka_unit_test(test_build_layout_support_helpers_unprefixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
