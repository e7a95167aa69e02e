/* SPDX-License-Identifier: Apache-2.0 */
/* replay_main.c - a fuzz target as a cmocka test: runs every file of the
 * corpus directories given on the command line (default: the target's
 * corpus, tests/fuzz/corpus/TARGET) through the target's
 * LLVMFuzzerTestOneInput once (seeds and every finding kept as a
 * regression input). A crash, a sanitizer report or a hang fails it. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fuzz_target.h"

static char **g_dirs;
static int g_ndirs;

static unsigned replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open corpus directory %s", dir);
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        uint8_t *buf = malloc((size_t)st.st_size + 1);
        assert_non_null(buf);
        size_t len = fread(buf, 1, (size_t)st.st_size, f);
        fclose(f);
        fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        n++;
    }
    closedir(d);
    return n;
}

static void replay(void **state)
{
    (void)state;
    unsigned n = 0;
    for (int i = 0; i < g_ndirs; i++)
        n += replay_dir(g_dirs[i]);
    if (n == 0)
        fail_msg("no corpus inputs found");
}

int main(int argc, char **argv)
{
    static char *corpus[] = {FUZZ_CORPUS_DIR}; /* without arguments: the target's corpus in the tree */
    g_dirs = argc > 1 ? argv + 1 : corpus;
    g_ndirs = argc > 1 ? argc - 1 : 1;
    const struct CMUnitTest tests[] = {cmocka_unit_test(replay)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
