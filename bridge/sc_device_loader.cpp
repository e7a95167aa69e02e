// SPDX-License-Identifier: Apache-2.0
// sc_device_loader.cpp - SystemC-side device types from modules: registry
// resolution, type checks, options through vp_opt_set, creation during
// elaboration with the host API context.
#include "sc_device_loader.h"

#include <cstdlib>
#include <exception>
#include <systemc>

#include "sc_clock.h"

namespace vp::sc {

namespace {

constexpr std::size_t k_min_size = offsetof(sc_device_type, create) + sizeof(sc_device_type::create);

void free_str(char *s) { std::free(s); }

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

} // namespace

sc_device::~sc_device()
{
    delete m_module;
    vp_opt_set_destroy(m_opts);
    free_str(m_host.last_error);
}

std::unique_ptr<sc_device> create_sc_device(vp_registry *reg, const char *type, const char *instance,
                                            const sc_device_config &cfg, vp_error **errp)
{
    if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
        return fail(errp, VP_EBUSY, instance, type, "SystemC devices can only be created during elaboration");
    vp_error *err = nullptr;
    auto t = static_cast<const sc_device_type *>(vp_registry_resolve_sc(reg, type, &err));
    if (!t) {
        std::string why = err && err->msg ? err->msg : "cannot resolve the type";
        int code = err ? err->code : VP_ENOENT;
        vp_error_free(err);
        return fail(errp, code, instance, type, why);
    }
    std::string why;
    if (int rc = check_type(t, why))
        return fail(errp, rc, instance, type, why);
    std::unique_ptr<sc_device> d(new sc_device());
    d->m_type = t;
    d->m_name = instance;
    d->m_shim.size = sizeof(vp_device_type);
    d->m_shim.abi = t->abi;
    d->m_shim.name = t->name;
    d->m_shim.description = t->description;
    d->m_shim.opts = t->opts;
    d->m_shim.opt_count = t->opt_count;
    d->m_opts = vp_opt_set_create(&d->m_shim);
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
    d->m_ctx.clock = cfg.clock ? cfg.clock : kernel_clock();
    d->m_ctx.num_harts = cfg.num_harts;
    d->m_host.capture_errors = true;
    try {
        d->m_module = t->create(d->m_name.c_str(), &d->m_ctx);
    } catch (const std::exception &e) {
        why = std::string("create threw: ") + e.what();
    }
    d->m_host.capture_errors = false;
    if (!d->m_module) {
        if (why.empty())
            why = std::string("create failed: ") + (d->m_host.last_error ? d->m_host.last_error : "no reason given");
        return fail(errp, VP_EINVAL, instance, type, why);
    }
    return d;
}

} // namespace vp::sc
