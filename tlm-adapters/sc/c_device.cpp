// SPDX-License-Identifier: Apache-2.0
// c_device.cpp - vp::sc::c_device: an emulator-side C device type as an
// sc_module (MMIO through sc_to_c, output lines through c_to_signal, input
// lines through signal_to_c, time from a vp_clock).
#include <vpbridge/vp_sc_device.h>

#include <glib.h>
#include <vpbridge/vp_registry.h>

namespace vp::sc {
namespace {

const char *const k_msg = "vp::sc::c_device";
const tlmc_target_ops k_no_ops = {sizeof(tlmc_target_ops), TLMC_ABI, nullptr, nullptr, nullptr};

[[noreturn]] void fail(const std::string &text)
{
    SC_REPORT_ERROR(k_msg, text.c_str());
    throw std::runtime_error(text); // only if the report handler did not throw
}

void on_request_exit(void *opaque, int status);

} // namespace

/* One input line: what signal_to_c's sink needs to reach type->signal_in. */
struct in_line {
    c_device::impl *dev;
    uint32_t port, index;
};

struct c_device::impl {
    c_device *owner;
    const vp_device_type *type;
    vp_opt_set *own_opts = nullptr; // parsed from the text options, defaults applied
    vp_device_host host{};
    vp_device_ctx ctx{};
    std::string name;
    void *opaque = nullptr;
    bool created = false;
    tlmc_target mmio{};
    std::unique_ptr<sc_to_c> to_c;
    std::vector<std::string> out_names, in_names; // "<port>_<index>"
    std::vector<std::unique_ptr<sc_core::sc_out<bool>>> outs;
    std::vector<std::unique_ptr<c_to_signal>> drivers;
    std::vector<std::unique_ptr<sc_core::sc_in<bool>>> ins;
    std::vector<std::unique_ptr<in_line>> in_lines;
    std::vector<std::unique_ptr<signal_to_c>> receivers;
    std::vector<std::unique_ptr<sc_core::sc_signal<bool>>> ties; // for unbound lines
    bool exit_requested = false;
    int exit_status = 0;

    ~impl()
    {
        if (created && type->destroy)
            type->destroy(opaque);
        vp_opt_set_destroy(own_opts);
        vp_device_host_clear_error(&host);
    }

    static void signal_in(void *o, uint32_t, bool level)
    {
        in_line *l = static_cast<in_line *>(o);
        if (l->dev->type->signal_in)
            l->dev->type->signal_in(l->dev->opaque, l->port, l->index, level);
    }

    void create(const vp_opt_set *opts, const vp_clock *clock, uint32_t harts, uint64_t base);
    void make_ports();
};

namespace {
void on_request_exit(void *opaque, int status)
{
    c_device::impl *m = static_cast<c_device::impl *>(opaque);
    m->exit_requested = true;
    m->exit_status = status;
    sc_core::sc_stop();
}

vp_opt_set *parse_options(const std::string &inst, const vp_device_type *type, const c_device::options &opts)
{
    vp_opt_set *set = vp_opt_set_create(type);
    if (!set)
        fail(inst + ": out of memory");
    vp_error *err = nullptr;
    for (const auto &kv : opts) {
        if (vp_opt_set_parse(set, kv.first.c_str(), kv.second.c_str(), &err) != 0)
            break;
    }
    if (!err)
        vp_opt_set_finish(set, &err);
    if (err) {
        std::string text = inst + ": " + err->msg;
        vp_error_free(err);
        vp_opt_set_destroy(set);
        fail(text);
    }
    return set;
}
} // namespace

void c_device::impl::create(const vp_opt_set *opts, const vp_clock *clock, uint32_t harts, uint64_t base)
{
    host.opts = opts;
    host.request_exit = on_request_exit;
    host.opaque = this;
    ctx.size = sizeof(ctx);
    ctx.abi = VP_ABI;
    ctx.api = vp_registry_host_api();
    ctx.host = &host;
    ctx.name = name.c_str();
    ctx.clock = clock ? clock : sc_event_clock();
    ctx.base = base;
    ctx.mmio_size = type->default_mmio_size;
    ctx.num_harts = harts;
    host.capture_errors = true;
    int rc = type->create(&ctx, &opaque, &mmio);
    host.capture_errors = false;
    if (rc != 0) {
        std::string why = host.last_error ? host.last_error : vp_strerror(rc);
        fail(name + ": cannot create device of type '" + type->name + "': " + why);
    }
    created = true;
    if (!mmio.ops)
        mmio.ops = &k_no_ops; // no MMIO: every access answers a command error
    if (!mmio.name)
        mmio.name = ctx.name;
}

void c_device::impl::make_ports()
{
    for (uint32_t p = 0; p < type->port_count; p++) {
        const vp_port_decl &d = type->ports[p];
        uint32_t n = d.count ? d.count : (type->port_lines ? type->port_lines(opaque, p) : 0);
        for (uint32_t i = d.first; i < n; i++) { // lines below `first` do not exist (a PLIC's src[0])
            std::string pn = std::string(d.name) + "_" + std::to_string(i);
            if (d.dir == VP_PORT_OUT) {
                outs.emplace_back(new sc_core::sc_out<bool>(pn.c_str()));
                drivers.emplace_back(new c_to_signal((pn + "_drv").c_str()));
                drivers.back()->out(*outs.back());
                tlmc_signal *s = type->signal_out ? type->signal_out(opaque, p, i) : nullptr;
                if (s)
                    drivers.back()->bind(s);
                out_names.push_back(pn);
            } else {
                ins.emplace_back(new sc_core::sc_in<bool>(pn.c_str()));
                in_lines.emplace_back(new in_line{this, p, i});
                receivers.emplace_back(new signal_to_c((pn + "_rcv").c_str(), signal_in, in_lines.back().get(), i));
                receivers.back()->in(*ins.back());
                in_names.push_back(pn);
            }
        }
    }
}

static std::unique_ptr<c_device::impl> make_impl(c_device *owner, const vp_device_type *type)
{
    if (!type)
        fail(std::string(owner->name()) + ": no device type (vp_registry_resolve failed?)");
    auto m = std::make_unique<c_device::impl>();
    m->owner = owner;
    m->type = type;
    m->name = owner->name();
    return m;
}

c_device::c_device(sc_core::sc_module_name name, const vp_device_type *type, const options &opts,
                   const vp_clock *clock, uint32_t num_harts, uint64_t base)
    : sc_module(name), socket("socket"), m_impl(make_impl(this, type))
{
    m_impl->own_opts = parse_options(m_impl->name, type, opts);
    m_impl->create(m_impl->own_opts, clock, num_harts, base);
    m_impl->to_c.reset(new sc_to_c("mmio", &m_impl->mmio));
    socket.bind(m_impl->to_c->socket);
    m_impl->make_ports();
}

c_device::~c_device() = default;

sc_core::sc_out<bool> &c_device::out(const std::string &port, uint32_t index)
{
    std::string pn = port + "_" + std::to_string(index);
    for (size_t i = 0; i < m_impl->out_names.size(); i++)
        if (m_impl->out_names[i] == pn)
            return *m_impl->outs[i];
    fail(m_impl->name + ": no output line '" + pn + "'");
}

sc_core::sc_in<bool> &c_device::in(const std::string &port, uint32_t index)
{
    std::string pn = port + "_" + std::to_string(index);
    for (size_t i = 0; i < m_impl->in_names.size(); i++)
        if (m_impl->in_names[i] == pn)
            return *m_impl->ins[i];
    fail(m_impl->name + ": no input line '" + pn + "'");
}

size_t c_device::out_count() const { return m_impl->outs.size(); }
size_t c_device::in_count() const { return m_impl->ins.size(); }

void c_device::reset()
{
    if (m_impl->type->reset)
        m_impl->type->reset(m_impl->opaque);
}

void *c_device::instance() { return m_impl->opaque; }
tlmc_target *c_device::mmio() { return &m_impl->mmio; }
bool c_device::exit_requested() const { return m_impl->exit_requested; }
int c_device::exit_status() const { return m_impl->exit_status; }

// Lines the design left unbound get a private signal (outputs: a sink;
// inputs: constant false), so a partly wired device elaborates.
void c_device::before_end_of_elaboration()
{
    auto tie = [this](const std::string &n) {
        m_impl->ties.emplace_back(new sc_core::sc_signal<bool>(sc_core::sc_gen_unique_name((n + "_nc").c_str())));
        return m_impl->ties.back().get();
    };
    for (size_t i = 0; i < m_impl->outs.size(); i++)
        if (m_impl->outs[i]->bind_count() == 0)
            m_impl->outs[i]->bind(*tie(m_impl->out_names[i]));
    for (size_t i = 0; i < m_impl->ins.size(); i++)
        if (m_impl->ins[i]->bind_count() == 0)
            m_impl->ins[i]->bind(*tie(m_impl->in_names[i]));
}

void c_device::end_of_elaboration()
{
    if (!m_impl->type->realize)
        return;
    int rc = m_impl->type->realize(m_impl->opaque);
    if (rc != 0)
        fail(m_impl->name + ": realize failed: " + vp_strerror(rc));
}

} // namespace vp::sc
