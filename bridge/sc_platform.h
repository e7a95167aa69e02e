// SPDX-License-Identifier: Apache-2.0
// sc_platform.h - the bridge's side of SystemC-side devices in a platform:
// implements vp_platform_sc_host. A `side: systemc` device is created as an
// sc_module during elaboration and bound into the platform like a C device:
//   target socket    <- c_to_sc      <- the router (mapped at the device's base)
//   initiator socket -> sc_to_c      -> the router's target face (DMA)
//   sc_out<bool>     -> signal_to_c  -> tlmc_signal (wired to harts, PLIC...)
//   sc_in<bool>      <- c_to_signal  <- the platform's wiring
// Every port line is bound (unconnected ones to a signal nobody drives).
#ifndef VPBRIDGE_BRIDGE_SC_PLATFORM_H
#define VPBRIDGE_BRIDGE_SC_PLATFORM_H

#include <map>
#include <memory>
#include <string>
#include <vector>
#include <vpbridge/tlmc_sc.h>
#include <vpbridge/vp_platform.h>

#include "sc_device_loader.h"

namespace vp::sc {

class sc_platform_host {
public:
    explicit sc_platform_host(vp_registry *reg);
    ~sc_platform_host();
    sc_platform_host(const sc_platform_host &) = delete;
    sc_platform_host &operator=(const sc_platform_host &) = delete;

    // The hooks for vp_platform_set_sc_host (opaque = this).
    vp_platform_sc_host hooks();
    // Deletes the sc_modules and adapters (after the simulation, before the
    // platform and its registry go: the modules' code lives in the
    // registry's libraries). Later signal_in calls are ignored.
    void release();
    std::size_t device_count() const { return m_devs.size(); }
    // Called after every hart access to a SystemC-side device (see
    // c_to_sc::set_after_transport); the run command points it at the
    // cluster's sync_running. Applies to devices created before and after.
    void set_after_access(void (*fn)(void *opaque), void *opaque);

    struct instance; // one created device with its adapters

private:
    static const vp_device_type *describe(void *opaque, const char *type, vp_error **errp);
    static int create(void *opaque, const char *type, const vp_device_ctx *ctx, tlmc_target *bus, void **dev,
                      tlmc_target **mmio, vp_error **errp);
    static tlmc_signal *signal_out(void *opaque, void *dev, uint32_t port, uint32_t index);
    static void signal_in(void *opaque, void *dev, uint32_t port, uint32_t index, bool level);
    int bind(instance &in, const vp_device_ctx *ctx, tlmc_target *bus, std::string &why);

    vp_registry *m_reg;
    void (*m_after_fn)(void *) = nullptr;
    void *m_after_opaque = nullptr;
    std::map<std::string, std::unique_ptr<sc_type_desc>> m_types; // described once per type
    std::vector<std::unique_ptr<instance>> m_devs;
};

} // namespace vp::sc

#endif // VPBRIDGE_BRIDGE_SC_PLATFORM_H
