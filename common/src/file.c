/* SPDX-License-Identifier: Apache-2.0 */
/* file.c - input files: the check every input passes before it is read (a
 * regular file of a bounded size: a FIFO would block, /dev/zero never
 * ends), and whole-file reads through a close-on-exec descriptor (no
 * descriptor vpbridge opens leaks into a child process). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vpbridge/vp_base.h>

#include "alloc_int.h"
#include "fault_int.h"
#include "file_int.h"

/* The verdict on a file's status: 0, VP_EINVAL or VP_ERANGE. */
static int judge(const char *path, const struct stat *st, uint64_t max_size, vp_error **errp)
{
    if (!S_ISREG(st->st_mode)) {
        vp_error_set(errp, VP_EINVAL, "%s: not a regular file", path);
        return VP_EINVAL;
    }
    if ((uint64_t)st->st_size > max_size) {
        vp_error_set(errp, VP_ERANGE, "%s: %" PRIu64 " bytes, more than the limit of %" PRIu64, path,
                     (uint64_t)st->st_size, max_size);
        return VP_ERANGE;
    }
    return 0;
}

static int errno_code(int e)
{
    return e == ENOENT || e == ENOTDIR ? VP_ENOENT : e == ENOMEM ? VP_ENOMEM : VP_EIO;
}

int vp_file_check(const char *path, uint64_t max_size, uint64_t *size, vp_error **errp)
{
    struct stat st;
    if (!path) {
        vp_error_set(errp, VP_ENOENT, "(null): no file name");
        return VP_ENOENT;
    }
    if (stat(path, &st) != 0) {
        int rc = errno_code(errno);
        vp_error_set(errp, rc, "%s: %s", path, strerror(errno));
        return rc;
    }
    int rc = judge(path, &st, max_size, errp);
    if (!rc && size)
        *size = (uint64_t)st.st_size;
    return rc;
}

/* Reads exactly `len` bytes (a regular file's size) into a new buffer,
 * however few bytes each read() returns. */
static int read_all(const char *path, int fd, size_t len, char **out, vp_error **errp)
{
    char *buf = vp_try_malloc(len + 1);
    size_t got = 0;
    if (!buf) {
        vp_error_set(errp, VP_ENOMEM, "%s: cannot allocate %zu bytes to read it", path, len + 1);
        return VP_ENOMEM;
    }
    while (got < len) {
        ssize_t n = vp_fault_read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            free(buf);
            if (n == 0) {
                vp_error_set(errp, VP_EIO, "%s: ended after %zu of its %zu bytes (it changed while being read)",
                             path, got, len);
                return VP_EIO;
            }
            int e = errno, rc = errno_code(e);
            vp_error_set(errp, rc, "%s: read error after %zu of its %zu bytes: %s", path, got, len, strerror(e));
            return rc;
        }
        got += (size_t)n;
    }
    buf[len] = '\0';
    *out = buf;
    return 0;
}

int vp_file_read(const char *path, uint64_t max_size, char **data, size_t *size, vp_error **errp)
{
    *data = NULL;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below). */
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = path ? errno : ENOENT;
        if (fd >= 0)
            close(fd);
        vp_error_set(errp, errno_code(e), "%s: %s", path ? path : "(null)", strerror(e));
        return errno_code(e);
    }
    int rc = judge(path, &st, max_size, errp);
    if (!rc) {
        rc = read_all(path, fd, (size_t)st.st_size, data, errp);
        if (!rc)
            *size = (size_t)st.st_size;
    }
    close(fd);
    return rc;
}

int vp_file_write(const char *path, const void *data, size_t len, vp_error **errp)
{
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : -1;
    int e = 0;
    if (fd < 0) {
        e = path ? errno : ENOENT;
    } else {
        const char *p = data;
        size_t left = len;
        while (left && !e) {
            ssize_t n = write(fd, p, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                e = n < 0 ? errno : EIO;
            else
                p += n, left -= (size_t)n;
        }
        if (close(fd) != 0 && !e && errno != EINTR)
            e = errno;
    }
    if (!e)
        return 0;
    int rc = e == ENOENT || e == ENOTDIR ? VP_ENOENT : VP_EIO;
    vp_error_set(errp, rc, "%s: cannot write: %s", path ? path : "(null)", strerror(e));
    return rc;
}
