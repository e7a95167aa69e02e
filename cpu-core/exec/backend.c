/* SPDX-License-Identifier: Apache-2.0 */
/* backend.c - the table of executors and the choice of one (backend.h). */
#include "backend.h"

#include "../interp/interp_int.h"
#include "../jit/jit_int.h"

const vp_backend_ops *const vp__backends[VP_TB_KINDS] = {
    [VP_TB_INTERP] = &vp__interp_backend,
    [VP_TB_JIT] = &vp__jit_backend,
};

uint32_t vp__backend_select(vp_cpu_accel accel)
{
    return accel == VP_CPU_ACCEL_JIT ? VP_TB_JIT : VP_TB_INTERP;
}

uint32_t vp__backend_fallback(uint32_t kind)
{
    return kind == VP_TB_INTERP ? VP_TB_KINDS : VP_TB_INTERP;
}
