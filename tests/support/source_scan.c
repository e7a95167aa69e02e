/* SPDX-License-Identifier: Apache-2.0 */
/* source_scan.c - file listing, reading and comment stripping for the
 * structural tests (see source_scan.h). */
#include "source_scan.h"

#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

void scan_list_add(scan_list *l, const char *s)
{
    char **v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
    if (!v)
        fail_msg("out of memory");
    l->v = v;
    l->v[l->n++] = strdup(s);
}

void scan_list_free(scan_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Hidden and build directories, and the frozen ABI header copies
 * (tests/abi/v<major>.<minor>: never edited, so never held to today's rules). */
static bool skipped(const char *name)
{
    unsigned maj, min;
    int used = 0;
    if (sscanf(name, "v%u.%u%n", &maj, &min, &used) == 2 && name[used] == '\0')
        return true;
    return name[0] == '.' || strncmp(name, "build", 5) == 0;
}

void scan_tree(const char *dir, const char *const *suffixes, scan_list *out)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("%s: cannot open the directory", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (skipped(e->d_name))
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            continue;
        if (S_ISDIR(st.st_mode)) {
            scan_tree(path, suffixes, out);
            continue;
        }
        for (const char *const *sfx = suffixes; *sfx; sfx++)
            if (ends_with(path, *sfx)) {
                scan_list_add(out, path);
                break;
            }
    }
    closedir(d);
}

void scan_public_headers(scan_list *out)
{
    static const char *const sfx[] = {".h", NULL};
    scan_list all = {0};
    scan_tree(VP_SOURCE_DIR, sfx, &all);
    for (size_t i = 0; i < all.n; i++)
        if (strstr(all.v[i], "/include/vpbridge/") && strncmp(all.v[i], VP_SOURCE_DIR "/tests/",
                                                               strlen(VP_SOURCE_DIR "/tests/")) != 0)
            scan_list_add(out, all.v[i]);
    scan_list_free(&all);
}

char *scan_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s: cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        fail_msg("%s: cannot read", path);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* End (exclusive) of the comment or literal starting at c[i], or i if none starts there. */
static size_t skip_end(const char *c, size_t i)
{
    size_t j = i;
    if (c[i] == '/' && c[i + 1] == '*') {
        for (j = i + 2; c[j] && !(c[j] == '*' && c[j + 1] == '/'); j++)
            ;
        return c[j] ? j + 2 : j;
    }
    if (c[i] == '/' && c[i + 1] == '/') {
        for (j = i; c[j] && c[j] != '\n'; j++)
            ;
        return j;
    }
    if (c[i] == '"' || c[i] == '\'') {
        for (j = i + 1; c[j] && c[j] != c[i] && c[j] != '\n'; j += (c[j] == '\\' && c[j + 1]) ? 2 : 1)
            ;
        return c[j] == c[i] ? j + 1 : j;
    }
    return i;
}

char *scan_code_only(const char *src)
{
    char *c = strdup(src);
    for (size_t i = 0; c[i]; i++) {
        size_t j = skip_end(c, i);
        if (j == i)
            continue;
        for (size_t k = i; k < j; k++)
            if (c[k] != '\n')
                c[k] = ' ';
        i = j - 1;
    }
    return c;
}

static bool ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_'; }

bool scan_has_word(const char *s, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = strstr(s, word); p; p = strstr(p + 1, word))
        if ((p == s || !ident_char(p[-1])) && !ident_char(p[len]))
            return true;
    return false;
}
