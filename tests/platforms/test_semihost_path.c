/* SPDX-License-Identifier: Apache-2.0 */
/* test_semihost_path.c - the confinement of semihosting file names
 * (platforms/src/semihost.c, docs/semihosting.md): below the root only,
 * ".." by name and never above it, no absolute name, no symbolic link on
 * the way (pointing inside or out, the last component included), only
 * regular files (a FIFO is refused without hanging), no descriptor leaked.
 * The tree, in a scratch directory:
 *   out.txt                 outside the root
 *   root/a.txt, root/sub/b.txt, root/sub/deeper/
 *   root/link-out -> ../out.txt, root/link-in -> a.txt, root/sub-link -> sub
 *   root/fifo               a named pipe */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#include "semihost_int.h"

static char g_dir[64];
static int g_root = -1;

static void make_link(const char *target, const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    assert_int_equal(symlink(target, path), 0);
}

static void make_dir(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    char path[160];
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_shpathXXXXXX");
    assert_non_null(mkdtemp(g_dir));
    make_dir("root");
    make_dir("root/sub");
    make_dir("root/sub/deeper");
    vp_cmd_write_file(g_dir, "out.txt", "outside\n");
    vp_cmd_write_file(g_dir, "root/a.txt", "a\n");
    vp_cmd_write_file(g_dir, "root/sub/b.txt", "b\n");
    make_link("../out.txt", "root/link-out");
    make_link("a.txt", "root/link-in");
    make_link("sub", "root/sub-link");
    snprintf(path, sizeof path, "%s/root/fifo", g_dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/root", g_dir);
    g_root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(g_root >= 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    close(g_root);
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* vp__semihost_open's answer for `name`: the first byte of the file, or -errno. */
static int first_byte(const char *name, int flags)
{
    int fd = vp__semihost_open(g_root, name, flags);
    if (fd < 0)
        return fd;
    char c = 0;
    int r = flags == O_RDONLY && read(fd, &c, 1) == 1 ? c : 0;
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    assert_false(fcntl(fd, F_GETFL) & O_NONBLOCK);
    close(fd);
    return r;
}

static void test_semihost_path_inside(void **state)
{
    (void)state;
    int fds = open_fds();
    assert_int_equal(first_byte("a.txt", O_RDONLY), 'a');
    assert_int_equal(first_byte("sub/b.txt", O_RDONLY), 'b');
    assert_int_equal(first_byte("./sub//b.txt", O_RDONLY), 'b');
    assert_int_equal(first_byte("sub/deeper/../b.txt", O_RDONLY), 'b');
    assert_int_equal(first_byte("sub/../a.txt", O_RDONLY), 'a');
    assert_int_equal(first_byte("sub/deeper/new.txt", O_WRONLY | O_CREAT | O_TRUNC), 0);
    char path[160];
    snprintf(path, sizeof path, "%s/root/sub/deeper/new.txt", g_dir);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(open_fds(), fds);
}

static void test_semihost_path_refused(void **state)
{
    (void)state;
    char abs[160];
    snprintf(abs, sizeof abs, "%s/root/a.txt", g_dir);
    int fds = open_fds();
    static const struct { const char *name; int flags; int err; } cases[] = {
        {"../out.txt", O_RDONLY, EACCES},
        {"sub/../../out.txt", O_RDONLY, EACCES},
        {"sub/deeper/../../../out.txt", O_RDONLY, EACCES},
        {"..", O_RDONLY, EACCES},
        {".", O_RDONLY, EACCES},
        {"sub/..", O_RDONLY, EACCES},
        {"/etc/passwd", O_RDONLY, EACCES},
        {"link-out", O_RDONLY, EACCES},
        {"link-out", O_WRONLY | O_CREAT | O_TRUNC, EACCES},
        {"link-in", O_RDONLY, EACCES},
        {"sub-link/b.txt", O_RDONLY, EACCES},
        {"fifo", O_RDONLY, EACCES},
        {"fifo", O_WRONLY, ENXIO}, /* no reader: refused by the kernel before our check */
        {"sub", O_RDONLY, EISDIR},
        {"sub", O_WRONLY, EISDIR},
        {"nope", O_RDONLY, ENOENT},
        {"", O_RDONLY, ENOENT},
        {"nope/x.txt", O_WRONLY | O_CREAT, ENOENT},
        {"a.txt/x", O_RDONLY, ENOTDIR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r = first_byte(cases[i].name, cases[i].flags);
        if (r != -cases[i].err)
            fail_msg("'%s' (flags 0x%x): %d, wanted -%d", cases[i].name, cases[i].flags, r, cases[i].err);
    }
    assert_int_equal(first_byte(abs, O_RDONLY), -EACCES);
    assert_int_equal(vp__semihost_open(-1, "a.txt", O_RDONLY), -EACCES);
    char path[160];
    snprintf(path, sizeof path, "%s/out.txt", g_dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[32] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "outside\n"); /* the O_TRUNC through link-out did not reach it */
    assert_int_equal(open_fds(), fds);
}

/* The parent directory and the last component (remove, rename). */
static void test_semihost_path_parent(void **state)
{
    (void)state;
    char *last = NULL;
    int fds = open_fds();
    int dir = vp__semihost_parent(g_root, "sub/deeper/../b.txt", &last);
    assert_true(dir >= 0);
    assert_string_equal(last, "b.txt");
    struct stat st;
    assert_int_equal(fstatat(dir, last, &st, AT_SYMLINK_NOFOLLOW), 0);
    assert_true(S_ISREG(st.st_mode));
    close(dir);
    g_free(last);
    dir = vp__semihost_parent(g_root, "link-out", &last); /* the link itself may be removed */
    assert_true(dir >= 0);
    assert_string_equal(last, "link-out");
    close(dir);
    g_free(last);
    assert_int_equal(vp__semihost_parent(g_root, "sub-link/b.txt", &last), -EACCES);
    assert_null(last);
    assert_int_equal(vp__semihost_parent(g_root, "../out.txt", &last), -EACCES);
    assert_null(last);
    assert_int_equal(open_fds(), fds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semihost_path_inside),
        cmocka_unit_test(test_semihost_path_refused),
        cmocka_unit_test(test_semihost_path_parent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
