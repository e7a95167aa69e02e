/* SPDX-License-Identifier: Apache-2.0 */
/* machine_int.h - machine.c: machine types (YAML-shipped or built in code
 * through vp_machine_api) run into a model. */
#ifndef VPBRIDGE_MACHINE_INT_H
#define VPBRIDGE_MACHINE_INT_H

#include "model_int.h"

/* Runs the machine type `name` of p's registry into `p`. */
int vp__platform_read_machine(vp_platform *p, const char *name, vp_error **errp);

#endif /* VPBRIDGE_MACHINE_INT_H */
