/* SPDX-License-Identifier: Apache-2.0 */
/* sc_clock.h - the C clock/event API (vp_clock.h) implemented on the
 * SystemC kernel: now() is sc_time_stamp(), events are sc_events each
 * driving a dynamically spawned SC_METHOD.
 *
 * Usable during elaboration (before sc_start) and from inside processes.
 * All calls happen on the simulation thread.
 */
#ifndef VPBRIDGE_BRIDGE_SC_CLOCK_H
#define VPBRIDGE_BRIDGE_SC_CLOCK_H

#include <vpbridge/vp_clock.h>

#ifdef __cplusplus
#include <systemc>

namespace vp::sc {

/* The process-wide clock backed by the SystemC kernel (static, never NULL). */
const vp_clock *kernel_clock();

/* Conversions between vp_time (picoseconds) and sc_time, exact for any
 * time resolution that is a power-of-ten multiple or fraction of 1 ps. */
sc_core::sc_time to_sc_time(vp_time ps);
vp_time to_vp_time(const sc_core::sc_time &t);

} // namespace vp::sc

extern "C" {
#endif

/* C access to the same clock, for C embedders and tests. */
VP_API const vp_clock *vp_sc_kernel_clock(void);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_BRIDGE_SC_CLOCK_H */
