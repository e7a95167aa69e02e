/* SPDX-License-Identifier: Apache-2.0 */
/* check_int.h - check.c: the cross checks a description passes once its
 * last item is in, range checks, device lookup by name. */
#ifndef VPBRIDGE_CHECK_INT_H
#define VPBRIDGE_CHECK_INT_H

#include "model_int.h"

/* After the last item: reset-vector default, the options' hart count
 * (refused on a board whose irqs name a hart by number) and quantum, the
 * per-hart irqs expanded for the count, cross checks (vp__platform_check). */
int vp__pf_finish(vp_platform *p, const vp_platform_options *opts, vp_error **errp);

/* Load-time cross checks; device lookup by name. */
int vp__platform_check(vp_platform *p, vp_error **errp);
pf_dev *vp__platform_find_dev(const vp_platform *p, const char *name);

/* [base, base + size) must not wrap around 2^64 and, on an RV32 board,
 * must end at or below 0xffffffff (size 0: only base is checked). */
int vp__pf_check_range(const vp_platform *p, pf_pos pos, const char *kind, const char *name, uint64_t base,
                       uint64_t size, vp_error **errp);

#endif /* VPBRIDGE_CHECK_INT_H */
