/* SPDX-License-Identifier: Apache-2.0 */
/* jit_buf.h - the buffer the JIT emits host code into, shared by the
 * generic JIT (jit_host.h) and the host encoders (x86.h). */
#ifndef VP_JIT_BUF_H
#define VP_JIT_BUF_H

#include <stdbool.h>
#include <stdint.h>

/* Writing past `end` sets `overflow` and drops the bytes. */
typedef struct vp_jit_buf {
    uint8_t *p;     /* next byte (write view) */
    uint8_t *start; /* write view of the region start */
    uint8_t *end;
    bool overflow;
} vp_jit_buf;

static inline uint32_t vp__jit_pos(const vp_jit_buf *b)
{
    return (uint32_t)(b->p - b->start);
}

#endif /* VP_JIT_BUF_H */
