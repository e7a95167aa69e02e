/* SPDX-License-Identifier: Apache-2.0 */
/* test_file.c - vp_file_read: whole files; pipes, directories, big and
 * missing files refused with one line naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vpbridge/vp_base.h>

static void test_file_read_regular_and_empty(void **state)
{
    (void)state;
    char path[] = "/tmp/vp_file_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char *data;
    size_t size;
    assert_int_equal(vp_file_read(path, VP_FILE_MAX_BINARY, &data, &size, NULL), 0);
    assert_int_equal(size, 0);
    assert_string_equal(data, "");
    free(data);
    static char big[100000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    assert_int_equal(write(fd, big, sizeof big), (ssize_t)sizeof big);
    close(fd);
    assert_int_equal(vp_file_read(path, VP_FILE_MAX_BINARY, &data, &size, NULL), 0);
    assert_int_equal(size, sizeof big);
    assert_memory_equal(data, big, sizeof big);
    assert_int_equal(data[size], '\0');
    free(data);
    unlink(path);
}

/* Something without a size (a pipe, a FIFO with no writer) is refused at
 * once, and so is a file over the limit. */
static void test_file_read_pipe(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    char path[64], *data;
    size_t size;
    vp_error *err = NULL;
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    assert_int_equal(vp_file_read(path, VP_FILE_MAX_BINARY, &data, &size, &err), VP_EINVAL);
    assert_non_null(strstr(err->msg, ": not a regular file"));
    vp_error_free(err);
    close(p[0]);
    close(p[1]);
    char fifo[] = "/tmp/vp_fifo_XXXXXX";
    int fd = mkstemp(fifo);
    assert_true(fd >= 0);
    close(fd);
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    err = NULL;
    assert_int_equal(vp_file_read(fifo, VP_FILE_MAX_BINARY, &data, &size, &err), VP_EINVAL);
    vp_error_free(err);
    unlink(fifo);
    err = NULL;
    assert_int_equal(vp_file_read("/etc/passwd", 4, &data, &size, &err), VP_ERANGE);
    assert_non_null(strstr(err->msg, "/etc/passwd: "));
    vp_error_free(err);
}

static void test_file_read_errors_name_the_reason(void **state)
{
    (void)state;
    char *data = (char *)"x";
    size_t size = 1;
    vp_error *err = NULL;
    char want[256];
    assert_int_equal(vp_file_read("/nonexistent/f", VP_FILE_MAX_BINARY, &data, &size, &err), VP_ENOENT);
    assert_null(data);
    assert_int_equal(size, 0);
    assert_non_null(err);
    snprintf(want, sizeof want, "/nonexistent/f: %s", strerror(ENOENT));
    assert_string_equal(err->msg, want);
    vp_error_free(err);
    err = NULL;
    assert_int_equal(vp_file_read("/tmp", VP_FILE_MAX_BINARY, &data, &size, &err), VP_EINVAL);
    assert_string_equal(err->msg, "/tmp: not a regular file");
    vp_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_read_regular_and_empty),
        cmocka_unit_test(test_file_read_pipe),
        cmocka_unit_test(test_file_read_errors_name_the_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
