/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_int.h - yaml.c: the platform YAML reader (schema in
 * docs/platform-yaml.md), which fills the model through model_int.h. */
#ifndef VPBRIDGE_YAML_INT_H
#define VPBRIDGE_YAML_INT_H

#include "model_int.h"

/* Reads the YAML file at `path` into `p` (p->doc keeps the tree for positions). */
int vp__platform_read_yaml(vp_platform *p, const char *path, vp_error **errp);

#endif /* VPBRIDGE_YAML_INT_H */
