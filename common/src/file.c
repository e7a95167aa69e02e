/* SPDX-License-Identifier: Apache-2.0 */
/* file.c - whole-file reads through a close-on-exec descriptor (the ELF,
 * images, module libraries): no descriptor vpbridge opens leaks into a
 * child process. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vpbridge/vp_base.h>

int vp_file_read(const char *path, char **data, size_t *size, vp_error **errp)
{
    *data = NULL;
    *size = 0;
    int err = 0;
    char *buf = NULL;
    size_t len = 0, cap;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        err = errno;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        err = EISDIR;
        goto out;
    }
    /* A regular file's size plus room for the NUL and the read that sees
     * EOF; anything else (a pipe) grows as it goes. */
    cap = (S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096) + 2;
    buf = malloc(cap);
    for (;;) {
        if (!buf) {
            err = ENOMEM;
            goto out;
        }
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                err = ENOMEM;
                goto out;
            }
            buf = nb;
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno;
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    buf = NULL;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    if (!err)
        return 0;
    int code = err == ENOENT ? VP_ENOENT : err == ENOMEM ? VP_ENOMEM : VP_EIO;
    vp_error_set(errp, code, "%s", strerror(err));
    return code;
}
