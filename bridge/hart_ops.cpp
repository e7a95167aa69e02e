// SPDX-License-Identifier: Apache-2.0
// hart_ops.cpp - the cluster's default hart operations: the real CPU core.
// Kept apart so that a cluster built with fake harts does not pull in vp_cpucore.
#include "cpu_cluster.h"

namespace vp::sc {

const hart_ops &vp_cpu_hart_ops()
{
    static const hart_ops ops = {vp_cpu_run,         vp_cpu_is_halted, vp_cpu_request_exit, vp_cpu_insn_period,
                                   vp_cpu_step,        vp_cpu_get_debug_stop};
    return ops;
}

} // namespace vp::sc
