/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cmd.c - run a shell command, capture its status and output (tests). */
#include "vp_cmd.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

char *vp_cmd_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    if (f) {
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc(n > 0 ? (size_t)n + 1 : 1);
        if (buf && n > 0)
            len = fread(buf, 1, (size_t)n, f);
        fclose(f);
    }
    if (!buf)
        buf = malloc(1);
    assert_non_null(buf);
    buf[len] = 0;
    return buf;
}

vp_cmd_result vp_cmd_run(const char *fmt, ...)
{
    char args[4096], cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    char out[] = "/tmp/vpcmd-out-XXXXXX", err[] = "/tmp/vpcmd-err-XXXXXX";
    int fo = mkstemp(out), fe = mkstemp(err);
    assert_true(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    snprintf(cmd, sizeof cmd, "%s >%s 2>%s", args, out, err);
    int st = system(cmd);
    assert_true(st != -1);
    vp_cmd_result r = {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), vp_cmd_slurp(out), vp_cmd_slurp(err)};
    unlink(out);
    unlink(err);
    return r;
}

void vp_cmd_free(vp_cmd_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

unsigned long vp_cmd_number_after(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    if (!p)
        fail_msg("'%s' not found in:\n%s", key, text);
    return strtoul(p + strlen(key), NULL, 10);
}

unsigned vp_cmd_count_lines(const char *text, const char *needle)
{
    unsigned n = 0;
    for (const char *l = text; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        const char *hit = strstr(l, needle);
        if (hit && hit < l + len)
            n++;
        l = end ? end + 1 : NULL;
    }
    return n;
}

void vp_cmd_write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot create %s", path);
    fputs(text, f);
    if (fclose(f) != 0)
        fail_msg("cannot write %s", path);
}


void vp_cmd_remove_tree(const char *dir)
{
    vp_cmd_result r = vp_cmd_run("rm -rf '%s'", dir);
    vp_cmd_free(&r);
}
