/* SPDX-License-Identifier: Apache-2.0 */
/* alloc.c - the control plane's fallible allocations and their fault
 * injection (alloc_int.h). */
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "alloc_int.h"

static atomic_uint_fast64_t calls;     /* allocations through the hook */
static atomic_uint_fast64_t fail_call; /* the call number that fails; 0 = none */
static atomic_bool fired;
static atomic_bool env_read;
static atomic_bool env_armed; /* the failure came from VP_FAULT_ALLOC: say when it fires */

/* VP_FAULT_ALLOC=N: the N-th allocation of the process fails. Read once, at
 * the first allocation (a bad value is ignored: it is a test hook). */
static void read_env(void)
{
    if (atomic_exchange(&env_read, true))
        return;
    const char *s = getenv("VP_FAULT_ALLOC");
    if (!s || !*s)
        return;
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    if (*end == '\0' && n > 0) {
        atomic_store(&fail_call, (uint_fast64_t)n);
        atomic_store(&env_armed, true);
    }
}

static bool should_fail(void)
{
    read_env();
    uint_fast64_t n = atomic_fetch_add(&calls, 1) + 1;
    if (n == atomic_load(&fail_call)) {
        atomic_store(&fired, true);
        if (atomic_load(&env_armed)) { /* one marker line, for the test that set it */
            static const char msg[] = "vp-fault: an allocation failed (VP_FAULT_ALLOC)\n";
            ssize_t r = write(2, msg, sizeof msg - 1);
            (void)r;
        }
        return true;
    }
    return false;
}

void *vp_try_malloc(size_t size)
{
    return should_fail() ? NULL : malloc(size ? size : 1);
}

void *vp_try_calloc(size_t count, size_t size)
{
    if (should_fail() || (size && count > SIZE_MAX / size))
        return NULL;
    return count && size ? calloc(count, size) : calloc(1, 1);
}

void *vp_try_realloc(void *ptr, size_t size)
{
    return should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void vp_alloc_fail_at(uint64_t n)
{
    read_env(); /* an explicit setting wins over the environment */
    atomic_store(&env_armed, false);
    atomic_store(&fail_call, n ? atomic_load(&calls) + n : 0);
    atomic_store(&fired, false);
}

uint64_t vp_alloc_calls(void)
{
    return atomic_load(&calls);
}

bool vp_alloc_fault_fired(void)
{
    return atomic_load(&fired);
}
