/* SPDX-License-Identifier: Apache-2.0 */
/* wire_int.h - wire.c: the irq connections of a platform being built. */
#ifndef VPBRIDGE_WIRE_INT_H
#define VPBRIDGE_WIRE_INT_H

#include "model_int.h"

/* Connects every irq of the description (devices and harts exist). */
int vp__platform_wire(vp_platform *p, vp_error **errp);

#endif /* VPBRIDGE_WIRE_INT_H */
