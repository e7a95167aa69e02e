/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_support.c - the scratch file of fuzz_target.h. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_target.h"

const char *fuzz_scratch_file(const char *suffix, const uint8_t *data, size_t size)
{
    static char path[256];
    static int fd = -1;
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/vp_fuzz_%ld_XXXXXX%s", dir && *dir ? dir : "/tmp", (long)getpid(), suffix);
        fd = mkstemps(path, (int)strlen(suffix));
        if (fd < 0) {
            perror("fuzz: scratch file");
            abort();
        }
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) {
        perror("fuzz: scratch file");
        abort();
    }
    return path;
}

/* Huge allocations a platform may ask for (a 1 TiB RAM) are a clean error
 * in vpbridge (g_try_malloc0 returns NULL); the sanitizer must let malloc
 * return NULL for them rather than report them. (The environment's
 * ASAN_OPTIONS still apply on top.) */
__attribute__((visibility("default"))) const char *__asan_default_options(void); /* (read from libasan.so) */
__attribute__((visibility("default"))) const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}
