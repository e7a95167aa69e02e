/* SPDX-License-Identifier: Apache-2.0 */
/* abi_layout.h - one row of an ABI layout table (offset (size_t)-1 marks a
 * whole struct, whose size is then its sizeof). Plain C, no vpbridge types.
 */
#ifndef VPBRIDGE_ABI_LAYOUT_H
#define VPBRIDGE_ABI_LAYOUT_H
#include <stddef.h>

typedef struct abi_field {
    const char *name;
    size_t offset;
    size_t size;
} abi_field;

extern const abi_field abi10_fields[]; /* abi10_layout.c: frozen 1.0 headers */
extern const abi_field abi11_fields[]; /* abi11_layout.c: frozen 1.1 headers */
extern const abi_field abi12_fields[]; /* abi12_layout.c: frozen 1.2 headers */

#endif
