/* SPDX-License-Identifier: Apache-2.0 */
/* htif_int.h - htif.c: the HTIF tohost/fromhost words mapped over RAM. */
#ifndef VPBRIDGE_HTIF_INT_H
#define VPBRIDGE_HTIF_INT_H

#include "model_int.h"

/* 8 bytes at tohost (+ 8 at fromhost when given). */
int vp__htif_create(vp_platform *p, uint64_t tohost, bool has_fromhost, uint64_t fromhost, vp_error **errp);
void vp__htif_destroy(pf_htif *h);

#endif /* VPBRIDGE_HTIF_INT_H */
