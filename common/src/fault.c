/* SPDX-License-Identifier: Apache-2.0 */
/* fault.c - read-fault injection (fault_int.h). The reader is the control
 * plane's, single-threaded; the state is plain. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault_int.h"

static size_t short_max;
static uint64_t calls, fail_call;
static int fail_errno;
static bool env_read, env_armed, fired;

/* VP_FAULT_READ=short | eio:N | eof:N, read once (a bad value is ignored: a test hook). */
static void read_env(void)
{
    if (env_read)
        return;
    env_read = true;
    const char *s = getenv("VP_FAULT_READ");
    if (!s)
        return;
    if (!strcmp(s, "short")) {
        short_max = 7;
    } else if (!strncmp(s, "eio:", 4) || !strncmp(s, "eof:", 4)) {
        char *end;
        unsigned long long n = strtoull(s + 4, &end, 10);
        if (*end == '\0' && n > 0) {
            env_armed = true;
            fail_call = n;
            fail_errno = s[1] == 'i' ? EIO : 0;
        }
    }
}

void vp_fault_read_set(size_t max, uint64_t fail_at, int err)
{
    read_env();
    env_armed = false;
    short_max = max;
    fail_call = fail_at ? calls + fail_at : 0;
    fail_errno = err;
    fired = false;
}

bool vp_fault_read_fired(void)
{
    return fired;
}

ssize_t vp_fault_read(int fd, void *buf, size_t n)
{
    read_env();
    if (++calls == fail_call) {
        fired = true;
        if (env_armed) { /* one marker line, for the test that set it */
            static const char msg[] = "vp-fault: a read failed (VP_FAULT_READ)\n";
            ssize_t r = write(2, msg, sizeof msg - 1);
            (void)r;
        }
        if (!fail_errno)
            return 0;
        errno = fail_errno;
        return -1;
    }
    if (short_max && n > short_max)
        n = short_max;
    return read(fd, buf, n);
}
