/* SPDX-License-Identifier: Apache-2.0 */
/* abi10_layout.c - the ABI 1.0 struct layouts as the frozen headers in
 * tests/abi/v1.0 define them (this file sees no other vpbridge header).
 */
#include <stddef.h>
#include <vpbridge/vp_module.h>

#if VP_ABI_MINOR != 0
#error "abi10_layout.c must be compiled against tests/abi/v1.0 only"
#endif

#include "abi_layout.h"

const abi_field abi10_fields[] = {
#define S(T) {#T, (size_t)-1, sizeof(T)},
#define F(T, f) {#T "." #f, offsetof(T, f), sizeof(((T *)0)->f)},
#include "abi10_fields.def"
#undef S
#undef F
    {NULL, 0, 0},
};
