/* SPDX-License-Identifier: Apache-2.0 */
/* abi12_layout.c - the ABI 1.2 struct layouts (every 1.0 and 1.1 field,
 * then the 1.2 additions) as the frozen headers in tests/abi/v1.2 define
 * them (this file sees no other vpbridge header).
 */
#include <stddef.h>
#include <vpbridge/vp_module.h>

#if VP_ABI_MAJOR != 1 || VP_ABI_MINOR != 2
#error "abi12_layout.c must be compiled against tests/abi/v1.2 only"
#endif

#include "abi_layout.h"

const abi_field abi12_fields[] = {
#define S(T) {#T, (size_t)-1, sizeof(T)},
#define F(T, f) {#T "." #f, offsetof(T, f), sizeof(((T *)0)->f)},
#include "abi10_fields.def"
#include "abi11_fields.def"
#include "abi12_fields.def"
#undef S
#undef F
    {NULL, 0, 0},
};
