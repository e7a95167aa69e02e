/* SPDX-License-Identifier: Apache-2.0 */
/* file.c - the check every input file passes before it is read: a
 * regular file (not a FIFO, device or directory) of a bounded size. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include <vpbridge/vp_base.h>

int vp_file_check(const char *path, uint64_t max_size, uint64_t *size, vp_error **errp)
{
    struct stat st;
    if (!path) {
        vp_error_set(errp, VP_ENOENT, "(null): no file name");
        return VP_ENOENT;
    }
    if (stat(path, &st) != 0) {
        int rc = errno == ENOENT || errno == ENOTDIR ? VP_ENOENT : VP_EIO;
        vp_error_set(errp, rc, "%s: %s", path, strerror(errno));
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        vp_error_set(errp, VP_EINVAL, "%s: not a regular file", path);
        return VP_EINVAL;
    }
    if ((uint64_t)st.st_size > max_size) {
        vp_error_set(errp, VP_ERANGE, "%s: %" PRIu64 " bytes, more than the limit of %" PRIu64, path,
                     (uint64_t)st.st_size, max_size);
        return VP_ERANGE;
    }
    if (size)
        *size = (uint64_t)st.st_size;
    return 0;
}
