// SPDX-License-Identifier: Apache-2.0
// sc_clock.cpp - the bridge's names for the C clock/event API on the
// SystemC kernel and the time conversions. The one implementation lives in
// tlm-adapters (vp::sc::sc_event_clock, to_sc, to_vp); the bridge, c_device
// and integrators all share it.
#include "sc_clock.h"

#include <vpbridge/tlmc_sc.h>
#include <vpbridge/vp_sc_device.h>

namespace vp::sc {

sc_core::sc_time to_sc_time(vp_time ps) { return to_sc(ps); }

vp_time to_vp_time(const sc_core::sc_time &t) { return to_vp(t); }

const vp_clock *kernel_clock() { return sc_event_clock(); }

} // namespace vp::sc

extern "C" const vp_clock *vp_sc_kernel_clock(void) { return vp::sc::kernel_clock(); }
