/* SPDX-License-Identifier: Apache-2.0 */
/* test_file.c - vp_file_read: whole files, pipes, errors. */
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
    assert_int_equal(vp_file_read(path, &data, &size, NULL), 0);
    assert_int_equal(size, 0);
    assert_string_equal(data, "");
    free(data);
    static char big[100000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    assert_int_equal(write(fd, big, sizeof big), (ssize_t)sizeof big);
    close(fd);
    assert_int_equal(vp_file_read(path, &data, &size, NULL), 0);
    assert_int_equal(size, sizeof big);
    assert_memory_equal(data, big, sizeof big);
    assert_int_equal(data[size], '\0');
    free(data);
    unlink(path);
}

/* Something without a size (a pipe) is read to its end. */
static void test_file_read_pipe(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    static char buf[10000];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(write(p[1], buf, sizeof buf), (ssize_t)sizeof buf);
    close(p[1]);
    char path[64], *data;
    size_t size;
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    assert_int_equal(vp_file_read(path, &data, &size, NULL), 0);
    assert_int_equal(size, sizeof buf);
    assert_memory_equal(data, buf, sizeof buf);
    free(data);
    close(p[0]);
}

static void test_file_read_errors_name_the_reason(void **state)
{
    (void)state;
    char *data = (char *)"x";
    size_t size = 1;
    vp_error *err = NULL;
    assert_int_equal(vp_file_read("/nonexistent/f", &data, &size, &err), VP_ENOENT);
    assert_null(data);
    assert_int_equal(size, 0);
    assert_non_null(err);
    assert_string_equal(err->msg, strerror(ENOENT));
    vp_error_free(err);
    err = NULL;
    assert_int_equal(vp_file_read("/tmp", &data, &size, &err), VP_EIO);
    assert_string_equal(err->msg, strerror(EISDIR));
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
