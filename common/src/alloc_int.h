/* SPDX-License-Identifier: Apache-2.0 */
/* alloc_int.h - the control plane's fallible allocations, through one hook
 * (internal to the project's libraries, not installed).
 *
 * Two kinds of memory in vpbridge's control plane:
 *  - bookkeeping: names, lists, tables, a few per device or option. It is
 *    GLib's (g_new, g_strdup, GHashTable); GLib ends the process when such
 *    an allocation fails, and the vpbridge commands turn that end into one
 *    line and exit status 125 (bridge/oom.c).
 *  - memory whose size an input decides: RAM regions, whole input files,
 *    device trees, images. It comes from here, and a failure is an error
 *    the caller reports (VP_ENOMEM, naming what and how much) and unwinds
 *    from, releasing what it had: a library user (libvpbridge-c, a SystemC
 *    integrator) gets an error, not a dead process.
 * Free it with free().
 *
 * Fault injection (the SQLite technique): vp_alloc_fail_at(n) makes the
 * n-th call from now fail. A test loops n = 1, 2, ... over an operation
 * until it succeeds without a failure and checks that each failure gave one
 * clean error and leaked nothing. The environment variable VP_FAULT_ALLOC=N
 * arms the same from a process's first call, and the failure, when it
 * comes, writes `vp-fault: an allocation failed (VP_FAULT_ALLOC)` on stderr
 * (tests of the vpbridge command; docs/reliability.md).
 */
#ifndef VPBRIDGE_ALLOC_INT_H
#define VPBRIDGE_ALLOC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* malloc, calloc and realloc through the hook: NULL when the system has no
 * memory, when count * size overflows, or when fault injection says so.
 * A size of 0 allocates one byte (never a NULL success). */
void *vp_try_malloc(size_t size);
void *vp_try_calloc(size_t count, size_t size);
void *vp_try_realloc(void *ptr, size_t size);

/* The n-th allocation through the hook from now fails (n >= 1); 0 disarms.
 * Only that one: the next ones succeed again, as a transient failure would. */
void vp_alloc_fail_at(uint64_t n);
/* Allocations through the hook so far (failed ones included). */
uint64_t vp_alloc_calls(void);
/* True once an armed failure has been delivered (cleared by vp_alloc_fail_at). */
bool vp_alloc_fault_fired(void);

#endif
