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

/* Reads exactly `len` bytes (a regular file's size) into a new buffer. */
static int read_all(int fd, size_t len, char **out)
{
    char *buf = malloc(len + 1);
    size_t got = 0;
    if (!buf)
        return ENOMEM;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO; /* shorter than its size: it changed under us */
            free(buf);
            return e;
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
        int e = read_all(fd, (size_t)st.st_size, data);
        if (e) {
            rc = errno_code(e);
            vp_error_set(errp, rc, "%s: %s", path, strerror(e));
        } else {
            *size = (size_t)st.st_size;
        }
    }
    close(fd);
    return rc;
}
