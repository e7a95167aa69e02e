// SPDX-License-Identifier: Apache-2.0
// sc_device_loader.cpp - SystemC-side device types from modules: registry
// resolution, type checks, the one description (sc_type_desc), options
// through vp_opt_set, creation during elaboration with the host API context.
#include "sc_device_loader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <systemc>
#include <vpbridge/vp_sc_device.h>

namespace vp::sc {

namespace {

constexpr std::size_t k_min_size = offsetof(sc_device_type, create) + sizeof(sc_device_type::create);

// Sets *errp to "device 'inst' (type): msg" with `code`; returns nullptr.
std::unique_ptr<sc_device> fail(vp_error **errp, int code, const char *inst, const char *type, const std::string &msg)
{
    vp_error_set(errp, code, "device '%s' (%s): %s", inst, type, msg.c_str());
    return nullptr;
}

// Checks a registered type struct before any field past the head is read.
int check_type(const sc_device_type *t, std::string &why)
{
    if (t->size < k_min_size) {
        why = "type struct size " + std::to_string(t->size) + " is smaller than the minimum " +
              std::to_string(k_min_size);
        return VP_EABI;
    }
    if ((t->abi >> 16) != VP_ABI_MAJOR) {
        why = "type built for ABI " + std::to_string(t->abi >> 16) + "." + std::to_string(t->abi & 0xffff) +
              ", host supports " + std::to_string(VP_ABI_MAJOR) + "." + std::to_string(VP_ABI_MINOR) +
              " (major versions differ)";
        return VP_EABI;
    }
    if (!t->create) {
        why = "type has no create function";
        return VP_EABI;
    }
    return 0;
}

constexpr std::size_t k_min_port = offsetof(vp_port_decl, count) + sizeof(vp_port_decl::count);

// Ports of a type: entry size, count >= 1, first < count and an accessor
// for each direction used.
int check_ports(const sc_device_type *t, std::string &why)
{
    if (!VP_SC_TYPE_HAS(t, port_count) || !t->port_count)
        return 0;
    if (!t->ports || t->ports[0].size < k_min_port) {
        why = "port entry size " + std::to_string(t->ports ? t->ports[0].size : 0) +
              " is smaller than the minimum " + std::to_string(k_min_port);
        return VP_EABI;
    }
    std::vector<vp_port_decl> ports = sc_type_ports(t);
    bool outs = false, ins = false;
    for (uint32_t i = 0; i < ports.size(); i++) {
        const vp_port_decl &d = ports[i];
        if (!d.name || !d.count) {
            why = "port " + std::to_string(i) + " has no name or a line count of 0";
            return VP_EABI;
        }
        if (d.first >= d.count) {
            why = "port '" + std::string(d.name) + "': first line " + std::to_string(d.first) +
                  " is not below its " + std::to_string(d.count) + " lines";
            return VP_EABI;
        }
        (d.dir == VP_PORT_OUT ? outs : ins) = true;
    }
    if (outs && !(VP_SC_TYPE_HAS(t, signal_out) && t->signal_out)) {
        why = "type declares output ports but no signal_out accessor";
        return VP_EABI;
    }
    if (ins && !(VP_SC_TYPE_HAS(t, signal_in) && t->signal_in)) {
        why = "type declares input ports but no signal_in accessor";
        return VP_EABI;
    }
    return 0;
}

// Calls t->create; on failure returns the one-line reason.
sc_core::sc_module *call_create(const sc_device_type *t, const char *name, const vp_device_ctx *ctx,
                                vp_device_host *host, std::string &why)
{
    sc_core::sc_module *m = nullptr;
    bool capture = host && !host->capture_errors;
    if (capture)
        host->capture_errors = true;
    try {
        m = t->create(name, ctx);
    } catch (const std::exception &e) {
        why = std::string("create threw: ") + e.what();
    } catch (...) {
        why = "create threw an exception";
    }
    if (capture)
        host->capture_errors = false;
    if (!m && why.empty())
        why = std::string("create failed: ") + (host && host->last_error ? host->last_error : "no reason given");
    vp_device_host_clear_error(host);
    return m;
}

} // namespace

bool sc_type_nb_only(const sc_device_type *t)
{
    return VP_SC_TYPE_HAS(t, flags) && (t->flags & VP_SC_TARGET_NB_ONLY) != 0;
}

std::vector<vp_port_decl> sc_type_ports(const sc_device_type *t)
{
    std::vector<vp_port_decl> out;
    if (!VP_SC_TYPE_HAS(t, port_count) || !t->port_count || !t->ports)
        return out;
    uint32_t stride = t->ports[0].size;
    if (stride < k_min_port)
        return out;
    out.resize(t->port_count);
    for (uint32_t i = 0; i < t->port_count; i++) {
        std::memset(&out[i], 0, sizeof(out[i]));
        std::memcpy(&out[i], reinterpret_cast<const char *>(t->ports) + std::size_t(i) * stride,
                    std::min<std::size_t>(stride, sizeof(vp_port_decl)));
        out[i].size = sizeof(vp_port_decl);
    }
    return out;
}

namespace {

// Resolves `type` through the registry and checks it (with its ports when
// `ports`); on failure returns the code and sets `why` (no prefix).
const sc_device_type *checked_type(vp_registry *reg, const char *type, bool ports, int &code, std::string &why)
{
    vp_error *err = nullptr;
    const sc_device_type *t = vp_registry_resolve_sc(reg, type, &err);
    if (!t) {
        code = err ? err->code : VP_ENOENT;
        why = err && err->msg ? err->msg : "cannot resolve the type";
        vp_error_free(err);
        return nullptr;
    }
    code = check_type(t, why);
    if (!code && ports)
        code = check_ports(t, why);
    return code ? nullptr : t;
}

} // namespace

sc_type_desc::sc_type_desc(const sc_device_type *t) : type(t), ports(sc_type_ports(t)), desc{}
{
    desc.size = sizeof(desc);
    desc.abi = t->abi;
    desc.name = t->name;
    desc.description = t->description;
    desc.opts = t->opts;
    desc.opt_count = t->opt_count;
    desc.ports = ports.empty() ? nullptr : ports.data();
    desc.port_count = uint32_t(ports.size());
    if (VP_SC_TYPE_HAS(t, default_mmio_size))
        desc.default_mmio_size = t->default_mmio_size;
}

const sc_device_type *resolve_sc_type(vp_registry *reg, const char *type, vp_error **errp)
{
    int code = 0;
    std::string why;
    const sc_device_type *t = checked_type(reg, type, true, code, why);
    if (!t)
        vp_error_set(errp, code, "device type '%s': %s", type, why.c_str());
    return t;
}

std::unique_ptr<sc_type_desc> describe_sc_type(vp_registry *reg, const char *type, vp_error **errp)
{
    const sc_device_type *t = resolve_sc_type(reg, type, errp);
    return t ? std::make_unique<sc_type_desc>(t) : nullptr;
}

std::unique_ptr<sc_device> create_sc_device(const sc_type_desc &t, const vp_device_ctx *ctx, vp_error **errp)
{
    if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
        return fail(errp, VP_EBUSY, ctx->name, t.desc.name, "SystemC devices can only be created during elaboration");
    std::unique_ptr<sc_device> d(new sc_device());
    d->m_type = t.type;
    d->m_name = ctx->name;
    std::string why;
    d->m_module = call_create(t.type, d->m_name.c_str(), ctx, static_cast<vp_device_host *>(ctx->host), why);
    if (!d->m_module)
        return fail(errp, VP_EINVAL, ctx->name, t.desc.name, why);
    return d;
}

sc_device::~sc_device()
{
    delete m_module;
    vp_opt_set_destroy(m_opts);
    vp_device_host_clear_error(&m_host);
}

std::unique_ptr<sc_device> create_sc_device(vp_registry *reg, const char *type, const char *instance,
                                            const sc_device_config &cfg, vp_error **errp)
{
    if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
        return fail(errp, VP_EBUSY, instance, type, "SystemC devices can only be created during elaboration");
    int code = 0;
    std::string why;
    const sc_device_type *t = checked_type(reg, type, false, code, why); // ports: a platform's business
    if (!t)
        return fail(errp, code, instance, type, why);
    vp_error *err = nullptr;
    std::unique_ptr<sc_device> d(new sc_device());
    d->m_type = t;
    d->m_name = instance;
    d->m_desc = std::make_unique<sc_type_desc>(t);
    d->m_opts = vp_opt_set_create(&d->m_desc->desc);
    for (const auto &o : cfg.options) {
        int rc = vp_opt_set_parse(d->m_opts, o.first.c_str(), o.second.c_str(), &err);
        if (rc) {
            std::string msg = err && err->msg ? err->msg : vp_strerror(rc);
            vp_error_free(err);
            return fail(errp, rc, instance, type, msg);
        }
    }
    if (int rc = vp_opt_set_finish(d->m_opts, &err)) {
        std::string msg = err && err->msg ? err->msg : vp_strerror(rc);
        vp_error_free(err);
        return fail(errp, rc, instance, type, msg);
    }
    d->m_host.opts = d->m_opts;
    d->m_host.request_exit = cfg.request_exit;
    d->m_host.opaque = cfg.opaque;
    d->m_ctx.size = sizeof(vp_device_ctx);
    d->m_ctx.abi = VP_ABI;
    d->m_ctx.api = vp_registry_host_api();
    d->m_ctx.host = &d->m_host;
    d->m_ctx.name = d->m_name.c_str();
    d->m_ctx.clock = cfg.clock ? cfg.clock : sc_event_clock();
    d->m_ctx.num_harts = cfg.num_harts;
    d->m_module = call_create(t, d->m_name.c_str(), &d->m_ctx, &d->m_host, why);
    if (!d->m_module)
        return fail(errp, VP_EINVAL, instance, type, why);
    return d;
}

} // namespace vp::sc
