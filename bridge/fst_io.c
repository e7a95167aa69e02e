/* SPDX-License-Identifier: Apache-2.0 */
/* fst_io.c - the write calls of fstapi.c, which checks none of them.
 * bridge/CMakeLists.txt compiles fstapi.c with its fwrite, fputc,
 * fprintf, fflush, fclose, ftruncate, gzwrite and gzclose renamed to the
 * functions below: each does the call and keeps the first failure's errno,
 * so that `--fst` can say "cannot write: No space left on device" instead of
 * leaving a damaged file behind a successful run (waveform.cpp). Writes to
 * stderr (fstapi's own messages) do not count. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "fst_io.h"

static int first_errno;

static void note(int failed)
{
    if (failed && !first_errno)
        first_errno = errno ? errno : EIO;
}

int vp_fst_io_error(void)
{
    return first_errno;
}

void vp_fst_io_reset(void)
{
    first_errno = 0;
}

size_t vp__fst_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    size_t w = fwrite(p, size, n, f);
    note(w != n && f != stderr);
    return w;
}

int vp__fst_fputc(int c, FILE *f)
{
    int r = fputc(c, f);
    note(r == EOF && f != stderr);
    return r;
}

int vp__fst_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    note(r < 0 && f != stderr);
    return r;
}

int vp__fst_fflush(FILE *f)
{
    int r = fflush(f);
    note(r != 0 && f != stderr);
    return r;
}

int vp__fst_fclose(FILE *f)
{
    int bad = ferror(f);
    int r = fclose(f);
    note(bad || r != 0);
    return r;
}

int vp__fst_ftruncate(int fd, off_t len)
{
    int r = ftruncate(fd, len);
    note(r != 0);
    return r;
}

int vp__fst_gzwrite(gzFile g, voidpc p, unsigned len)
{
    int r = gzwrite(g, p, len);
    note(r != (int)len);
    return r;
}

int vp__fst_gzclose(gzFile g)
{
    int r = gzclose(g);
    note(r != Z_OK);
    return r;
}
