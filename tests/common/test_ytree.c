/* SPDX-License-Identifier: Apache-2.0 */
/* test_ytree.c - the YAML tree in common/ (vp_ytree, linked alone): node
 * positions, the schema helpers' file:line:col messages, refused YAML
 * (aliases, second documents, missing files) and the integer parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <unistd.h>

#include "ytree_int.h"

static char path[] = "/tmp/vp_ytree_XXXXXX.yaml";

static vp__ydoc *load(const char *text, int want_rc, const char *want_msg)
{
    strcpy(path, "/tmp/vp_ytree_XXXXXX.yaml");
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    vp__ydoc *doc = NULL;
    vp_error *err = NULL;
    assert_int_equal(vp__ydoc_load(path, &doc, &err), want_rc);
    if (want_msg) {
        char want[512];
        snprintf(want, sizeof want, "%s:%s", path, want_msg);
        assert_non_null(err);
        assert_string_equal(err->msg, want);
    }
    vp_error_free(err);
    unlink(path);
    return doc;
}

/* `rc` failed with exactly "<file>:<msg>" in *err; frees and clears it. */
static void expect_err(int rc, vp_error **err, const char *msg)
{
    char want[512];
    snprintf(want, sizeof want, "%s:%s", path, msg);
    assert_int_equal(rc, VP_EPARSE);
    assert_non_null(*err);
    assert_string_equal((*err)->msg, want);
    vp_error_free(*err);
    *err = NULL;
}

static void test_ytree_positions(void **state)
{
    (void)state;
    vp__ydoc *doc = load("a: 1\nb:\n  - x\n  - 'y'\n", 0, NULL);
    assert_non_null(doc->root);
    assert_int_equal(doc->root->kind, VP_Y_MAP);
    assert_int_equal(doc->root->count, 2);
    const vp__ynode *a = vp__ymap_get(doc->root, "a"), *b = vp__ymap_get(doc->root, "b");
    assert_string_equal(a->str, "1");
    assert_int_equal(a->line, 1);
    assert_int_equal(a->col, 4);
    assert_int_equal(b->kind, VP_Y_SEQ);
    assert_int_equal(b->count, 2);
    assert_int_equal(b->line, 3);
    assert_int_equal(b->col, 3);
    assert_false(b->items[0]->quoted);
    assert_true(b->items[1]->quoted);
    assert_int_equal(b->items[1]->line, 4);
    assert_int_equal(b->items[1]->col, 5);
    assert_null(vp__ymap_get(doc->root, "c"));
    const char **list = NULL;
    size_t count = 0;
    assert_int_equal(vp__ystrlist(doc, b, "b", &list, &count, NULL), 0);
    assert_int_equal(count, 2);
    assert_string_equal(list[1], "y");
    assert_null(list[2]);
    g_free(list);
    vp__ydoc_free(doc);
}

static void test_ytree_schema_messages(void **state)
{
    (void)state;
    static const char *const allowed[] = {"a", "b", NULL};
    vp__ydoc *doc = load("a: 1\nb: x\nc: 2\n", 0, NULL);
    strcpy(path, doc->file);
    vp_error *err = NULL;
    expect_err(vp__ymap_check(doc, doc->root, "top", allowed, &err), &err,
               "3:1: unknown key 'c' in top (expected one of: a, b)");
    const vp__ynode *n = NULL;
    expect_err(vp__ymap_need(doc, doc->root, "top", "z", &n, &err), &err, "1:1: top: missing required key 'z'");
    uint64_t v = 0;
    expect_err(vp__yu64(doc, vp__ymap_get(doc->root, "b"), "count", &v, &err), &err,
               "2:4: count 'x' is not an unsigned integer");
    expect_err(vp__ysize(doc, vp__ymap_get(doc->root, "b"), "size", &v, &err), &err,
               "2:4: size 'x' is not a size (e.g. 4096, 0x1000, 64KiB, 128MiB)");
    expect_err(vp__yerr(doc, NULL, &err, VP_EPARSE, "whole file"), &err, " whole file");
    vp__ydoc_free(doc);

    doc = load("a: 1\nb: 99999999999999999999\na: 3\n", 0, NULL);
    strcpy(path, doc->file);
    expect_err(vp__ymap_check(doc, doc->root, "top", allowed, &err), &err,
               "3:1: duplicate key 'a' in top (first at line 1)");
    expect_err(vp__yu64(doc, vp__ymap_get(doc->root, "b"), "count", &v, &err), &err,
               "2:4: count '99999999999999999999' does not fit in 64 bits");
    assert_int_equal(vp__ysize(doc, vp__ymap_get(doc->root, "a"), "size", &v, NULL), 0);
    assert_int_equal(v, 1);
    vp__ydoc_free(doc);
}

static void test_ytree_refused_yaml(void **state)
{
    (void)state;
    assert_null(load("a: &x 1\nb: *x\n", VP_EPARSE, "2:4: yaml: aliases are not supported"));
    assert_null(load("a: 1\n---\nb: 2\n", VP_EPARSE, "2:1: yaml: a second document: one document per file"));
    assert_null(load("a: [1\n", VP_EPARSE, NULL));
    vp__ydoc *doc = NULL;
    vp_error *err = NULL;
    assert_int_equal(vp__ydoc_load("/nonexistent/x.yaml", &doc, &err), VP_ENOENT);
    assert_string_equal(err->msg, "/nonexistent/x.yaml: cannot open: No such file or directory");
    vp_error_free(err);
    doc = load("", 0, NULL);
    assert_null(doc->root);
    vp__ydoc_free(doc);
}

static void test_ytree_integers(void **state)
{
    (void)state;
    uint64_t u = 0;
    int64_t i = 0;
    assert_int_equal(vp__parse_u64("0x1_0", &u), 0);
    assert_int_equal(u, 16);
    assert_int_equal(vp__parse_u64("0b101", &u), 0);
    assert_int_equal(u, 5);
    assert_int_equal(vp__parse_u64("0o17", &u), 0);
    assert_int_equal(u, 15);
    assert_int_equal(vp__parse_u64(" 1", &u), VP_EINVAL);
    assert_int_equal(vp__parse_u64("-1", &u), VP_EINVAL);
    assert_int_equal(vp__parse_u64("0x", &u), VP_EINVAL);
    assert_int_equal(vp__parse_u64("18446744073709551616", &u), VP_ERANGE);
    assert_int_equal(vp__parse_i64("-9223372036854775808", &i), 0);
    assert_true(i == INT64_MIN);
    assert_int_equal(vp__parse_i64("9223372036854775808", &i), VP_ERANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ytree_positions),
        cmocka_unit_test(test_ytree_schema_messages),
        cmocka_unit_test(test_ytree_refused_yaml),
        cmocka_unit_test(test_ytree_integers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
