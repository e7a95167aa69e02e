// SPDX-License-Identifier: Apache-2.0
// vp_sc_module.h - SystemC-side device modules: the type a `side: systemc`
// module registers (a factory of sc_modules plus its typed options), and
// the helper that registers it from the module's init.
//
// A SystemC module is an ordinary module: one descriptor (VP_SC_MODULE_DEFINE,
// the C++ spelling of VP_MODULE_DEFINE),
// the same ABI check at load, the same option model (vp_opt_decl). Its
// init calls vp::sc::register_sc_device for each type. The host
// (tlm-adapters/sc: sc_device_loader) resolves a type by name through the
// registry (vp_registry_resolve_sc, typed `const vp_sc_type *` in C),
// checks and describes it once, validates the instance's
// options and calls create() during elaboration; the sc_module it returns
// is owned by the host (deleted after the simulation). Binding its sockets
// into the memory map is the host's business.
//
// The module and the host must be built against the same SystemC release
// and C++ standard (SystemC's own sc_api_version symbol enforces this at
// link time).
#ifndef VPBRIDGE_VP_SC_MODULE_H
#define VPBRIDGE_VP_SC_MODULE_H

#include <stddef.h>
#include <stdint.h>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_module.h>

#ifdef __cplusplus /* C sources see only vp_module.h (and the opaque vp_sc_type there) */
#include <systemc>
#include <tlm>

// A SystemC device type (C++ name vp::sc::sc_device_type; C code holds it
// as the opaque `vp_sc_type` declared in vp_module.h). The first four
// fields are read by the registry (C) with exactly this layout;
// append-only like every ABI struct.
struct vp_sc_type {
    uint32_t size;           // sizeof(sc_device_type) the module was built with
    uint32_t abi;            // VP_ABI
    const char *name;        // type name (listed in the manifest's objs)
    const char *description; // one line
    const vp_opt_decl *opts; // typed options, validated before create
    uint32_t opt_count;
    // Creates the instance named `instance` (use it as the sc_module name).
    // ctx->api->opt_* read the validated options; ctx stays valid while the
    // module lives. Returns nullptr on failure (log why through ctx->api->log
    // at error level) or throws; the host reports one line.
    sc_core::sc_module *(*create)(const char *instance, const vp_device_ctx *ctx);
    // ---- Binding into a platform (the host reads these only when `size`
    // covers them; a field past `size`, or NULL, means "none").
    // Signal ports, declared as for C devices: name (the YAML's
    // dev.name[i]), direction, line count (must be >= 1: there is no
    // per-instance port_lines for SystemC types) and, since ABI 1.2, `first`
    // (lines first..count-1 exist; the host walks the array with the
    // elements' `size`, so an older module's ports read first = 0). Every
    // existing line of every port is bound by the host - to the platform's
    // wiring, or to a dummy signal when the platform leaves it unconnected -
    // so no port stays unbound; signal_out/signal_in are never asked for a
    // line below `first`.
    const vp_port_decl *ports;
    uint32_t port_count;
    uint64_t default_mmio_size; // used when the platform gives a base but no size
    // The target socket the memory map routes to (addresses relative to the
    // device's base), or nullptr: no MMIO. The host binds it through
    // vp::sc::c_to_sc into the platform's router; a device with a target
    // socket and no base in the platform is an error.
    tlm::tlm_target_socket<> *(*target_socket)(sc_core::sc_module *m);
    // The initiator socket of a bus master (DMA), or nullptr: none. The host
    // binds it through vp::sc::sc_to_c to the platform's whole address space
    // (tlmc_router_target: RAM, C devices and other SystemC devices, with
    // DMI where the target grants it and invalidations forwarded back).
    tlm::tlm_initiator_socket<> *(*initiator_socket)(sc_core::sc_module *m);
    // Line `index` of output port `port` (an index into `ports`), or nullptr
    // (an error). Bound through vp::sc::signal_to_c to the platform's irq
    // wiring (hart inputs, PLIC sources, C device inputs).
    sc_core::sc_out<bool> *(*signal_out)(sc_core::sc_module *m, uint32_t port, uint32_t index);
    // Line `index` of input port `port`, or nullptr (an error). Driven
    // through vp::sc::c_to_signal by the platform's wiring.
    sc_core::sc_in<bool> *(*signal_in)(sc_core::sc_module *m, uint32_t port, uint32_t index);
    /* -- ABI 1.1 ends here -- */
    /* -- ABI 1.3 -- */
    // VP_SC_* bits below; 0 = none (a module built before 1.3 reads 0). The
    // default member initialiser keeps a positional initialiser that stops
    // at signal_in complete (no missing-initialiser warning) and zero.
    uint32_t flags = 0;
    /* -- ABI 1.3 ends here -- */
};

// vp_sc_type.flags: the target socket answers nb_transport_fw only (the
// IEEE 1666 base protocol, four phases; its b_transport is missing or
// unusable). The host then binds it through a vp::sc::c_to_sc in AT mode
// (c_to_sc::set_nb_transport, tlmc_sc.h): every access from a hart waits
// in the CPU cluster's thread until the response. Without the flag the
// host calls b_transport.
#define VP_SC_TARGET_NB_ONLY (1u << 0)

namespace vp::sc {

using sc_device_type = ::vp_sc_type;

static_assert(offsetof(sc_device_type, size) == 0, "ABI layout");
static_assert(offsetof(sc_device_type, abi) == 4, "ABI layout");
static_assert(offsetof(sc_device_type, name) == 8, "ABI layout");
static_assert(offsetof(sc_device_type, description) == 8 + sizeof(void *), "ABI layout");

// Registers `type` from a module's init. Returns VP_EABI when the host's
// registrar predates SystemC registration (ABI 1.0), else what the host
// returns (0 or VP_E*).
inline int register_sc_device(vp_registrar *reg, const sc_device_type *type)
{
    if (!reg || reg->size < offsetof(vp_registrar, register_sc_device) + sizeof(reg->register_sc_device) ||
        !reg->register_sc_device)
        return VP_EABI;
    return reg->register_sc_device(reg, type);
}

// A SystemC-side module's init: checks the host table as C device modules
// do (vp_dev_api_ok), then registers `count` types in order. Returns 0,
// VP_EABI for a host table or registrar it cannot use (nothing
// registered), or the first error of register_sc_device.
inline int register_sc_devices(const vp_host_api *api, vp_registrar *reg, const sc_device_type *const *types,
                               size_t count)
{
    if (!vp_dev_api_ok(api))
        return VP_EABI;
    for (size_t i = 0; i < count; i++) {
        int rc = register_sc_device(reg, types[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

} // namespace vp::sc

// VP_MODULE_DEFINE for C++ sources (at namespace scope, outside any
// namespace): a namespace-scope const has internal linkage in C++, so the
// descriptor is first declared extern "C" and visible, then defined (GCC
// warns that the repeated visibility attribute is ignored: silenced).
#define VP_SC_MODULE_DEFINE(mod_name, mod_version, init_fn)                                       \
    extern "C" __attribute__((visibility("default"))) const vp_module_desc vp_module_descriptor;   \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wattributes\"") extern "C" {  \
        VP_MODULE_DEFINE(mod_name, mod_version, init_fn);                                          \
    }                                                                                              \
    _Pragma("GCC diagnostic pop") static_assert(true, "")

// Emits a SystemC-side module whose init registers the listed types
// (pointers to vp::sc::sc_device_type) through register_sc_devices(): the
// C++ twin of VP_DEV_MODULE. At namespace scope, once per module.
#define VP_SC_DEV_MODULE(mod_name, mod_version, ...)                                                 \
    static int vp__sc_dev_module_init(const vp_host_api *api, vp_registrar *reg)                     \
    {                                                                                                \
        static const vp::sc::sc_device_type *const types[] = {__VA_ARGS__};                          \
        return vp::sc::register_sc_devices(api, reg, types, sizeof(types) / sizeof(types[0]));       \
    }                                                                                                \
    VP_SC_MODULE_DEFINE(mod_name, mod_version, vp__sc_dev_module_init)

#endif /* __cplusplus */
#endif /* VPBRIDGE_VP_SC_MODULE_H */
