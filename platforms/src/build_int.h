/* SPDX-License-Identifier: Apache-2.0 */
/* build_int.h - build.c: instantiating a description (router, RAM/ROM,
 * devices, harts, irq wiring), realizing its devices, and undoing it. */
#ifndef VPBRIDGE_BUILD_INT_H
#define VPBRIDGE_BUILD_INT_H

#include "model_int.h"

/* Builds every piece; on failure the caller undoes the prefix with vp__platform_unbuild. */
int vp__platform_build(vp_platform *p, vp_error **errp);
/* Runs every device's realize hook of a built platform. */
int vp__platform_realize(vp_platform *p, vp_error **errp);
/* Destroys whatever is built (any prefix of vp__platform_build); idempotent. */
void vp__platform_unbuild(vp_platform *p);

#endif /* VPBRIDGE_BUILD_INT_H */
