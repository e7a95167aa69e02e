/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_modinfo.c - a module manifest (NAME.modinfo.yaml) read into a
 * registry (vp_registry_add_file): schema checks, ABI versions, option
 * declarations. The libraries it names are not in the scratch directory,
 * so nothing is loaded. */
#include <vpbridge/vp_registry.h>

#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vp_registry *reg = vp_registry_create();
    vp_error *err = NULL;
    vp_registry_add_file(reg, fuzz_scratch_file(".modinfo.yaml", data, size), &err);
    vp_error_free(err);
    vp_registry_destroy(reg);
    return 0;
}
