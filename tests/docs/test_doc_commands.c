/* SPDX-License-Identifier: Apache-2.0 */
/* test_doc_commands.c - the commands the docs show run as shown.
 *
 * Every fenced block in README.md and docs/ (every .md) whose language is sh, bash,
 * shell or console must say `run` or `no-run` after the language
 * (```sh run). The `run` blocks of one document run in order in one
 * `bash -eo pipefail` (as a reader types them into one shell, so an
 * `export` carries over), in a scratch directory made to look like a checkout:
 * a link to every top-level entry of the source tree, `build` linked to
 * this build, and a $HOME of its own (so `$HOME/vp` is a fresh prefix).
 * A block that fails fails the test with the document, the line and the
 * output. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

typedef struct block {
    unsigned line;  /* of the opening fence */
    bool run;
    char *text;     /* the commands */
} block;

/* The shell blocks of `doc`; fails the test on one that is not tagged. */
static unsigned shell_blocks(const char *doc, const char *name, block *out, unsigned max)
{
    unsigned n = 0, line = 0;
    const char *p = doc;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        line++;
        if (len >= 3 && !strncmp(p, "```", 3) && len > 3) {
            char info[64] = "";
            snprintf(info, sizeof info, "%.*s", (int)(len - 3 < 63 ? len - 3 : 63), p + 3);
            char lang[16] = "", tag[16] = "";
            sscanf(info, "%15s %15s", lang, tag);
            bool shell = !strcmp(lang, "sh") || !strcmp(lang, "bash") || !strcmp(lang, "shell") ||
                         !strcmp(lang, "console");
            if (shell && strcmp(tag, "run") && strcmp(tag, "no-run"))
                fail_msg("%s:%u: a shell block must say `run` or `no-run` (```%s)", name, line, info);
            const char *body = eol ? eol + 1 : p + len, *end = strstr(body, "\n```");
            if (shell && n < max) {
                out[n].line = line;
                out[n].run = !strcmp(tag, "run");
                out[n].text = strndup(body, end ? (size_t)(end - body) + 1 : strlen(body));
                n++;
            }
            if (end) { /* skip to the closing fence */
                for (const char *q = body; q <= end; q++)
                    line += *q == '\n';
                p = end + 1;
                eol = strchr(p, '\n');
                len = eol ? (size_t)(eol - p) : strlen(p);
            }
        }
        p = eol ? eol + 1 : p + len;
    }
    return n;
}

/* A scratch "checkout": links to the source tree's entries, build -> this build. */
static char *make_sandbox(void)
{
    char *dir = strdup("/tmp/vpdoc-XXXXXX");
    assert_non_null(mkdtemp(dir));
    DIR *d = opendir(VP_SOURCE_DIR);
    assert_non_null(d);
    struct dirent *e;
    char from[4096], to[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strncmp(e->d_name, "build", 5))
            continue;
        snprintf(from, sizeof from, "%s/%s", VP_SOURCE_DIR, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        assert_int_equal(symlink(from, to), 0);
    }
    closedir(d);
    snprintf(to, sizeof to, "%s/build", dir);
    assert_int_equal(symlink(VP_BUILD_DIR, to), 0);
    snprintf(to, sizeof to, "%s/home", dir);
    assert_int_equal(mkdir(to, 0755), 0);
    return dir;
}

/* The block whose marker ("@@ block LINE") came last in `err`. */
static const block *failed_block(const char *err, const block *b, unsigned n)
{
    const char *m = NULL;
    for (const char *p = strstr(err, "@@ block "); p; p = strstr(p + 1, "@@ block "))
        m = p;
    unsigned line = m ? (unsigned)strtoul(m + 9, NULL, 10) : 0;
    for (unsigned i = 0; i < n; i++)
        if (b[i].line == line)
            return &b[i];
    return NULL;
}

static void run_doc(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VP_SOURCE_DIR, name);
    char *doc = vp_cmd_slurp(path);
    block b[64];
    unsigned n = shell_blocks(doc, name, b, 64), ran = 0;
    char *box = NULL;
    FILE *f = NULL;
    char script[4096];
    for (unsigned i = 0; i < n; i++) {
        if (!b[i].run)
            continue;
        if (!box) {
            box = make_sandbox();
            snprintf(script, sizeof script, "%s/doc.sh", box);
            f = fopen(script, "w");
            assert_non_null(f);
        }
        fprintf(f, "echo '@@ block %u' >&2\n%s", b[i].line, b[i].text);
        ran++;
    }
    if (box) {
        fclose(f);
        vp_cmd_result r = vp_cmd_run("cd %s && HOME=%s/home PATH=%s/home/vp/bin:%s/bridge:$PATH "
                                     "timeout 900 bash -eo pipefail %s",
                                     box, box, box, VP_BUILD_DIR, script);
        if (r.status != 0) {
            const block *fb = failed_block(r.err, b, n);
            fail_msg("%s:%u: exit %d running\n%s--- stdout\n%s--- stderr\n%s", name, fb ? fb->line : 0, r.status,
                     fb ? fb->text : "", r.out, r.err);
        }
        vp_cmd_free(&r);
    }
    for (unsigned i = 0; i < n; i++)
        free(b[i].text);
    if (box) {
        vp_cmd_remove_tree(box);
        free(box);
    }
    free(doc);
    print_message("%s: %u shell blocks, %u run\n", name, n, ran);
}

static void test_doc_commands_run_as_shown(void **state)
{
    (void)state;
    run_doc("README.md");
    DIR *d = opendir(VP_SOURCE_DIR "/docs");
    assert_non_null(d);
    struct dirent *e;
    char name[512];
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".md"))
            continue;
        snprintf(name, sizeof name, "docs/%s", e->d_name);
        run_doc(name);
    }
    closedir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_commands_run_as_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
