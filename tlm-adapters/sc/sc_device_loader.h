// SPDX-License-Identifier: Apache-2.0
// sc_device_loader.h - SystemC-side device types from modules, resolved and
// described in this one place: resolves the type through the registry
// (loading its module with the usual ABI checks), checks its struct,
// describes it for the C side (sc_type_desc: the vp_device_type that option
// sets, the platform and `vpbridge device` read), validates the instance's
// options with vp_opt_set and calls the type's create() during elaboration.
#ifndef VPBRIDGE_TLM_ADAPTERS_SC_DEVICE_LOADER_H
#define VPBRIDGE_TLM_ADAPTERS_SC_DEVICE_LOADER_H

#include <memory>
#include <string>
#include <utility>
#include <vector>
#include <vpbridge/vp_registry.h>
#include <vpbridge/vp_sc_module.h>

namespace vp::sc {

// Instance settings; options are text values as in a platform YAML.
struct sc_device_config {
    std::vector<std::pair<std::string, std::string>> options;
    const vp_clock *clock = nullptr;        // nullptr = sc_event_clock() (the kernel)
    uint32_t num_harts = 0;
    void (*request_exit)(void *opaque, int status) = nullptr;
    void *opaque = nullptr;
};

// A checked SystemC-side type described as a vp_device_type, the one
// description of it: name, description, opts, opt_count, host-sized ports
// (see sc_type_ports), port_count and default_mmio_size (0 when the module's
// struct predates it); no ops. Borrows the module's strings and tables: the
// registry that resolved `type` must outlive it.
struct sc_type_desc {
    explicit sc_type_desc(const sc_device_type *t);
    sc_type_desc(const sc_type_desc &) = delete;
    sc_type_desc &operator=(const sc_type_desc &) = delete;

    const sc_device_type *type;
    std::vector<vp_port_decl> ports; // desc.ports points here
    vp_device_type desc;
};

// An sc_module created from a SystemC-side type, with the option values and
// device context it was created with (both live as long as this object).
class sc_device {
public:
    ~sc_device(); // deletes the sc_module (after the simulation)
    sc_device(const sc_device &) = delete;
    sc_device &operator=(const sc_device &) = delete;

    sc_core::sc_module *module() const { return m_module; }
    const sc_device_type *type() const { return m_type; }
    const vp_opt_set *options() const { return m_opts; }

private:
    friend std::unique_ptr<sc_device> create_sc_device(vp_registry *, const char *, const char *,
                                                       const sc_device_config &, vp_error **);
    friend std::unique_ptr<sc_device> create_sc_device(const sc_type_desc &, const vp_device_ctx *, vp_error **);
    sc_device() = default;
    const sc_device_type *m_type = nullptr;
    std::unique_ptr<sc_type_desc> m_desc; // for vp_opt_set (own options only)
    vp_opt_set *m_opts = nullptr;
    vp_device_host m_host{};
    vp_device_ctx m_ctx{};
    std::string m_name;
    sc_core::sc_module *m_module = nullptr;
};

// Creates instance `instance` of SystemC-side device type `type`. Must run
// during elaboration (before sc_start). Errors (nullptr, *errp set) start
// with "device 'instance' (type): " and give the registry's reason (unknown
// type, module load/ABI failure - the same messages as C modules), an
// option problem, a type struct too small or of another ABI major, or what
// create() logged or threw.
std::unique_ptr<sc_device> create_sc_device(vp_registry *reg, const char *type, const char *instance,
                                            const sc_device_config &cfg, vp_error **errp);

// The same for a type described by describe_sc_type, with a device context
// the caller owns (a platform: options already validated, base, clock...;
// it must outlive the device). The instance is named ctx->name. Errors
// start with "device 'instance' (type): " (elaboration, create()).
std::unique_ptr<sc_device> create_sc_device(const sc_type_desc &t, const vp_device_ctx *ctx, vp_error **errp);

// Resolves SystemC-side type `type` (loading its module) and checks its
// struct (size, ABI major, create, ports: every port needs count >= 1 and
// an accessor for its direction). Errors (nullptr, *errp set) start with
// "device type 'TYPE': ".
const sc_device_type *resolve_sc_type(vp_registry *reg, const char *type, vp_error **errp);

// resolve_sc_type, then the type's description (same errors).
std::unique_ptr<sc_type_desc> describe_sc_type(vp_registry *reg, const char *type, vp_error **errp);

// The type's signal ports as host-sized vp_port_decl: the module's array is
// walked with its element `size` (a module built before ABI 1.2 has shorter
// elements), fields past that size read 0 (`first` = 0). Empty when the type
// declares no ports or its element size is below the 1.0 minimum (which
// resolve_sc_type refuses).
std::vector<vp_port_decl> sc_type_ports(const sc_device_type *t);

// True when the module's struct covers field `f` (the later 1.1 fields).
#define VP_SC_TYPE_HAS(t, f) ((t)->size >= offsetof(vp::sc::sc_device_type, f) + sizeof((t)->f))

// True when type `t` sets VP_SC_TARGET_NB_ONLY (vp_sc_type.flags, ABI 1.3;
// false for a module whose struct ends before `flags`): its target socket
// answers nb_transport_fw only, so the host binds it through a c_to_sc in
// AT mode (c_to_sc::set_nb_transport(true), before the simulation starts).
bool sc_type_nb_only(const sc_device_type *t);

} // namespace vp::sc

#endif /* VPBRIDGE_TLM_ADAPTERS_SC_DEVICE_LOADER_H */
