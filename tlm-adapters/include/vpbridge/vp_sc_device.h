// SPDX-License-Identifier: Apache-2.0
// vp_sc_device.h - one device model, either side: vp::sc::c_device puts an
// emulator-side C device type (a module's vp_device_type) into any SystemC
// design as an sc_module, with no C++ written by the device author.
//
//   #include <vpbridge/vp_registry.h>    // the registry resolves the type
//   vp_registry *reg = vp_registry_create();
//   vp_registry_add_defaults(reg, nullptr, nullptr, &err);
//   const vp_device_type *t = vp_registry_resolve(reg, "clint", nullptr, &err);
//   vp::sc::c_device clint("clint", t, {{"timebase", "10MHz"}});
//   init.socket.bind(clint.socket);          // MMIO, device-relative addresses
//   clint.out("mtip", 0).bind(mtip_signal);  // sc_out<bool> named "mtip_0"
//
// The instance is created in the constructor (so the line counts of its
// ports are known while the design is built), realized in
// end_of_elaboration and destroyed with the module. Output lines the
// design leaves unbound are tied to an internal signal, unbound inputs to
// a constant false. Time and events come from `clock` (default: the
// SystemC kernel, sc_event_clock()). The registry that resolved `type`
// must outlive the device (it holds the module's code). Errors (unknown option, bad value,
// create or realize failing) are SC_REPORT_ERROR with message type
// "vp::sc::c_device" naming the instance and the reason.
//
// c_device and sc_event_clock() are VP_API: exported by libvpbridge.so for
// integrators' sc_mains (docs/integrator.md, "C devices in your sc_main").
// A device that calls request_exit (the sifive_test finisher) calls
// sc_stop(); riscv_cluster::watch_exit(dev) turns that into the cluster's
// guest exit with the device's status.
#ifndef VPBRIDGE_VP_SC_DEVICE_H
#define VPBRIDGE_VP_SC_DEVICE_H

#ifdef __cplusplus // C++ only: nothing here for C sources
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>

#include <vpbridge/tlmc_sc.h>
#include <vpbridge/vp_clock.h>

// The C device type is the module ABI's (vpbridge/vp_module.h, above this
// layer); c_device only holds a pointer to it, so a declaration suffices.
// Resolving one needs the registry: include vpbridge/vp_registry.h.
typedef struct vp_device_type vp_device_type;

namespace vp::sc {

// The C clock API (vp_clock.h) on the SystemC kernel: now() is
// sc_time_stamp(), each vp_event is an sc_event driving a spawned
// SC_METHOD. Static, never NULL; usable in elaboration and simulation.
VP_API const vp_clock *sc_event_clock();

class VP_API c_device : public sc_core::sc_module {
public:
    using options = std::vector<std::pair<std::string, std::string>>; // name, text value

    tlm::tlm_target_socket<> socket; // the device's MMIO target (addresses relative to its base)

    // Options as text (validated against the type's declarations, the
    // type's defaults always applied: `{}` means "all defaults"). `base` and
    // `num_harts` fill the device context (a CLINT sizes itself by
    // num_harts). This is the only constructor: there is no form taking a
    // raw vp_opt_set, so `c_device("plic", t, {}, nullptr, 2)` cannot pick
    // one that skips the defaults.
    c_device(sc_core::sc_module_name name, const vp_device_type *type, const options &opts = {},
             const vp_clock *clock = nullptr, uint32_t num_harts = 1, uint64_t base = 0);
    ~c_device() override;
    c_device(const c_device &) = delete;
    c_device &operator=(const c_device &) = delete;

    // Line `index` of output / input port `port` (sc_object name
    // "<port>_<index>"). SC_REPORT_ERROR if there is no such line.
    sc_core::sc_out<bool> &out(const std::string &port, uint32_t index = 0);
    sc_core::sc_in<bool> &in(const std::string &port, uint32_t index = 0);
    size_t out_count() const; // all output lines, all ports
    size_t in_count() const;

    void reset();                // type->reset, if it has one
    void *instance();            // the C device's opaque
    tlmc_target *mmio();         // the C MMIO target itself (borrowed)
    bool exit_requested() const; // the device called request_exit (sc_stop() was called)
    int exit_status() const;

    struct impl;

protected:
    void before_end_of_elaboration() override;
    void end_of_elaboration() override;

private:
    std::unique_ptr<impl> m_impl;
};

} // namespace vp::sc

#endif // __cplusplus
#endif // VPBRIDGE_VP_SC_DEVICE_H
