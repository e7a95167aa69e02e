// SPDX-License-Identifier: Apache-2.0
// sc_platform.cpp - SystemC-side devices in a platform: hands the platform
// the type's one description (sc_type_desc, tlm-adapters/sc), creates the
// sc_module in elaboration, binds its sockets and signal ports through the
// tlmc_sc adapters.
#include "sc_platform.h"

namespace vp::sc {

namespace {

void forward_level(void *opaque, uint32_t, bool level) { tlmc_signal_set(static_cast<tlmc_signal *>(opaque), level); }

} // namespace

// One output line: device sc_out -> signal -> signal_to_c -> tlmc_signal.
struct out_line {
    tlmc_signal sig{};
    std::unique_ptr<sc_core::sc_signal<bool>> wire;
    std::unique_ptr<signal_to_c> adapter;
};

// One input line: c_to_signal -> signal -> device sc_in.
struct in_line {
    std::unique_ptr<sc_core::sc_signal<bool>> wire;
    std::unique_ptr<c_to_signal> adapter;
};

struct sc_platform_host::instance {
    std::string name;
    const sc_type_desc *desc = nullptr; // the host's description of the type (m_types)
    std::unique_ptr<sc_device> dev;
    std::unique_ptr<c_to_sc> target;   // mmio face
    std::unique_ptr<sc_to_c> bus;      // initiator binding
    std::vector<std::vector<std::unique_ptr<out_line>>> outs; // [port][line], empty for inputs
    std::vector<std::vector<std::unique_ptr<in_line>>> ins;   // [port][line], empty for outputs
    bool released = false;
};

sc_platform_host::sc_platform_host(vp_registry *reg) : m_reg(reg) {}

sc_platform_host::~sc_platform_host() { release(); }

void sc_platform_host::set_after_access(void (*fn)(void *opaque), void *opaque)
{
    m_after_fn = fn;
    m_after_opaque = opaque;
    for (auto &d : m_devs)
        if (d->target)
            d->target->set_after_transport(fn, opaque);
}

void sc_platform_host::release()
{
    for (auto &d : m_devs) {
        if (d->released)
            continue;
        d->released = true;
        d->outs.clear();
        d->ins.clear();
        d->target.reset();
        d->bus.reset();
        d->dev.reset();
    }
}

vp_platform_sc_host sc_platform_host::hooks()
{
    vp_platform_sc_host h{};
    h.size = sizeof(h);
    h.abi = VP_PLATFORM_ABI;
    h.opaque = this;
    h.describe = &sc_platform_host::describe;
    h.create = &sc_platform_host::create;
    h.signal_out = &sc_platform_host::signal_out;
    h.signal_in = &sc_platform_host::signal_in;
    return h;
}

const vp_device_type *sc_platform_host::describe(void *opaque, const char *type, vp_error **errp)
{
    auto *self = static_cast<sc_platform_host *>(opaque);
    auto it = self->m_types.find(type);
    if (it != self->m_types.end())
        return &it->second->desc;
    std::unique_ptr<sc_type_desc> d = describe_sc_type(self->m_reg, type, errp);
    if (!d)
        return nullptr;
    return &self->m_types.emplace(type, std::move(d)).first->second->desc;
}

// Binds sockets and every port line of a created device.
int sc_platform_host::bind(instance &in, const vp_device_ctx *ctx, tlmc_target *bus, std::string &why)
{
    const sc_device_type *t = in.desc->type;
    sc_core::sc_module *m = in.dev->module();
    const std::string base = in.name;
    if (VP_SC_TYPE_HAS(t, target_socket) && t->target_socket) {
        tlm::tlm_target_socket<> *ts = t->target_socket(m);
        if (ts) {
            in.target = std::make_unique<c_to_sc>((base + "__mmio").c_str());
            // The C face is named as the platform names the device (the
            // router's messages, --trace tlm, --stats), as a C device's is;
            // the sc_object keeps its unique "__mmio" name.
            in.target->target()->name = in.name.c_str();
            if (sc_type_nb_only(t)) // its socket answers nb_transport_fw only: the 4-phase base protocol
                in.target->set_nb_transport(true);
            in.target->set_after_transport(m_after_fn, m_after_opaque);
            in.target->socket.bind(*ts);
        }
    }
    if (VP_SC_TYPE_HAS(t, initiator_socket) && t->initiator_socket) {
        tlm::tlm_initiator_socket<> *is = t->initiator_socket(m);
        if (is) {
            in.bus = std::make_unique<sc_to_c>((base + "__bus").c_str(), bus);
            is->bind(in.bus->socket);
        }
    }
    const std::vector<vp_port_decl> &decls = in.desc->ports;
    uint32_t ports = uint32_t(decls.size());
    in.outs.resize(ports);
    in.ins.resize(ports);
    for (uint32_t p = 0; p < ports; p++) {
        const vp_port_decl &pd = decls[p];
        for (uint32_t i = 0; i < pd.count; i++) {
            if (i < pd.first) { // line i does not exist: no port to ask for, nothing to bind
                if (pd.dir == VP_PORT_OUT)
                    in.outs[p].emplace_back();
                else
                    in.ins[p].emplace_back();
                continue;
            }
            std::string n = base + "__" + pd.name + "_" + std::to_string(i);
            if (pd.dir == VP_PORT_OUT) {
                sc_core::sc_out<bool> *o = t->signal_out(m, p, i);
                if (!o) {
                    why = "signal_out returned no port for " + std::string(pd.name) + "[" + std::to_string(i) + "]";
                    return VP_EINVAL;
                }
                auto l = std::make_unique<out_line>();
                l->wire = std::make_unique<sc_core::sc_signal<bool>>((n + "_sig").c_str());
                l->adapter = std::make_unique<signal_to_c>(n.c_str(), forward_level, &l->sig, 0);
                o->bind(*l->wire);
                l->adapter->in.bind(*l->wire);
                in.outs[p].push_back(std::move(l));
            } else {
                sc_core::sc_in<bool> *s = t->signal_in(m, p, i);
                if (!s) {
                    why = "signal_in returned no port for " + std::string(pd.name) + "[" + std::to_string(i) + "]";
                    return VP_EINVAL;
                }
                auto l = std::make_unique<in_line>();
                l->wire = std::make_unique<sc_core::sc_signal<bool>>((n + "_sig").c_str());
                l->adapter = std::make_unique<c_to_signal>(n.c_str());
                l->adapter->out.bind(*l->wire);
                s->bind(*l->wire);
                in.ins[p].push_back(std::move(l));
            }
        }
    }
    (void)ctx;
    return 0;
}

int sc_platform_host::create(void *opaque, const char *type, const vp_device_ctx *ctx, tlmc_target *bus, void **dev,
                             tlmc_target **mmio, vp_error **errp)
{
    auto *self = static_cast<sc_platform_host *>(opaque);
    vp_error *err = nullptr;
    if (!describe(opaque, type, &err)) { // the platform describes first: only a direct call gets here
        int code = err ? err->code : VP_ENOENT;
        vp_error_set(errp, code, "device '%s' (%s): %s", ctx->name, type, err ? err->msg : "cannot resolve the type");
        vp_error_free(err);
        return code;
    }
    const sc_type_desc *t = self->m_types.at(type).get();
    std::unique_ptr<sc_device> d = create_sc_device(*t, ctx, errp);
    if (!d)
        return errp && *errp ? (*errp)->code : VP_EINVAL;
    auto in = std::make_unique<instance>();
    in->name = ctx->name;
    in->desc = t;
    in->dev = std::move(d);
    std::string why;
    int rc;
    try {
        rc = self->bind(*in, ctx, bus, why);
    } catch (const sc_core::sc_report &r) {
        why = r.what();
        rc = VP_EINVAL;
    }
    instance *raw = in.get();
    self->m_devs.push_back(std::move(in)); // owned even on failure: bound objects die after elaboration
    if (rc) {
        vp_error_set(errp, rc, "device '%s' (%s): %s", ctx->name, type, why.c_str());
        return rc;
    }
    *dev = raw;
    *mmio = raw->target ? raw->target->target() : nullptr;
    return 0;
}

tlmc_signal *sc_platform_host::signal_out(void *, void *dev, uint32_t port, uint32_t index)
{
    auto *in = static_cast<instance *>(dev);
    if (in->released || port >= in->outs.size() || index >= in->outs[port].size() || !in->outs[port][index])
        return nullptr;
    return &in->outs[port][index]->sig;
}

void sc_platform_host::signal_in(void *, void *dev, uint32_t port, uint32_t index, bool level)
{
    auto *in = static_cast<instance *>(dev);
    if (in->released || port >= in->ins.size() || index >= in->ins[port].size() || !in->ins[port][index])
        return;
    c_to_signal::sink(in->ins[port][index]->adapter.get(), 0, level);
}

} // namespace vp::sc
