/* SPDX-License-Identifier: Apache-2.0 */
/* file_int.h - writing an output file (internal, not installed; reading
 * inputs is vp_file_read in vp_base.h). */
#ifndef VPBRIDGE_FILE_INT_H
#define VPBRIDGE_FILE_INT_H

#include <stddef.h>

#include <vpbridge/vp_base.h>

/* Writes `len` bytes to `path` in place: the file is created (mode 0666
 * less the umask) or truncated, never replaced by a rename, so a symbolic
 * link, /dev/stdout, a FIFO or a device gets the bytes and keeps its place
 * in the file system. Returns 0, or VP_EIO / VP_ENOENT with
 * `PATH: cannot write: REASON` (a full disk, a short write, an error at
 * close: `No space left on device`). */
int vp_file_write(const char *path, const void *data, size_t len, vp_error **errp);

#endif
