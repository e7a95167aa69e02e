// SPDX-License-Identifier: Apache-2.0
// sc_main.cpp - vpbridge's RISC-V harts in a plain SystemC platform built the
// way a SystemC user builds one, with no YAML: the user's own bus (a
// tlm_utils router) and RAM (simple_target_socket with DMI), two devices of
// vpbridge's standard library used as ordinary sc_modules through
// vp::sc::c_device (the ns16550a UART on stdout, the sifive_test finisher),
// plus vp::sc::riscv_cluster.
//
// Usage: integrator_example [--harts N] [--stats] [--module-dir DIR] [--show-modules] ISA FIRMWARE.elf
//   e.g. integrator_example rv32imac hello.elf
// The guest's console output goes to stdout; the exit status is the guest's
// (finisher write, through the cluster), 124 if the run ended any other
// way, 2 on usage or setup errors.
//
// The device modules (libvp_ns16550a.so, libvp_sifive_test.so + manifests)
// are looked up in --module-dir DIR if given, else where
// vp_registry_add_defaults looks: $VPBRIDGE_MODULE_DIR, else the module
// directory of the vpbridge library this program runs with
// (<prefix>/lib/vpbridge/modules next to an installed <prefix>/lib/libvpbridge.so,
// wherever the prefix was moved; the build's modules in the build tree),
// plus $VPBRIDGE_MODULE_PATH. --show-modules prints the libraries used.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/vp_cpu_cluster.h>
#include <vpbridge/vp_registry.h>
#include <vpbridge/vp_sc_device.h>

using namespace sc_core;

// ---- the bus: N initiators, address-decoded targets ---------------------------
// Targets see addresses relative to their base; DMI ranges are translated
// back to bus addresses and clipped to the target's window; a target's DMI
// invalidation is broadcast to every initiator.
struct simple_bus : sc_module {
    tlm_utils::multi_passthrough_target_socket<simple_bus> in;
    tlm_utils::multi_passthrough_initiator_socket<simple_bus> out;

    explicit simple_bus(sc_module_name name) : sc_module(name), in("in"), out("out")
    {
        in.register_b_transport(this, &simple_bus::b_transport);
        in.register_transport_dbg(this, &simple_bus::transport_dbg);
        in.register_get_direct_mem_ptr(this, &simple_bus::get_direct_mem_ptr);
        out.register_invalidate_direct_mem_ptr(this, &simple_bus::invalidate_direct_mem_ptr);
    }

    // Binds `target` to the next out port and maps it at [base, base + size).
    void map(tlm::tlm_target_socket<> &target, uint64_t base, uint64_t size)
    {
        out.bind(target);
        m_map.push_back({base, size});
    }

private:
    struct range {
        uint64_t base, size;
    };
    std::vector<range> m_map;

    int decode(uint64_t addr) const
    {
        for (std::size_t i = 0; i < m_map.size(); i++)
            if (addr >= m_map[i].base && addr - m_map[i].base < m_map[i].size)
                return (int)i;
        return -1;
    }

    void b_transport(int, tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        uint64_t addr = gp.get_address();
        int t = decode(addr);
        if (t < 0) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        gp.set_address(addr - m_map[t].base);
        out[t]->b_transport(gp, delay);
        gp.set_address(addr);
    }

    unsigned transport_dbg(int, tlm::tlm_generic_payload &gp)
    {
        uint64_t addr = gp.get_address();
        int t = decode(addr);
        if (t < 0)
            return 0;
        gp.set_address(addr - m_map[t].base);
        unsigned n = out[t]->transport_dbg(gp);
        gp.set_address(addr);
        return n;
    }

    bool get_direct_mem_ptr(int, tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
    {
        uint64_t addr = gp.get_address();
        int t = decode(addr);
        if (t < 0)
            return false;
        const range &r = m_map[t];
        gp.set_address(addr - r.base);
        bool ok = out[t]->get_direct_mem_ptr(gp, dmi);
        gp.set_address(addr);
        uint64_t last = r.size - 1;
        if (dmi.get_end_address() > last)
            dmi.set_end_address(last);
        dmi.set_start_address(dmi.get_start_address() + r.base);
        dmi.set_end_address(dmi.get_end_address() + r.base);
        return ok;
    }

    void invalidate_direct_mem_ptr(int t, sc_dt::uint64 start, sc_dt::uint64 end)
    {
        const range &r = m_map[t];
        uint64_t s = r.base + start, e = end >= r.size ? r.base + r.size - 1 : r.base + end;
        for (unsigned i = 0; i < in.size(); i++)
            in[i]->invalidate_direct_mem_ptr(s, e);
    }
};

// ---- RAM with DMI ----------------------------------------------------------------
struct ram : sc_module {
    tlm_utils::simple_target_socket<ram> in;

    ram(sc_module_name name, std::size_t size) : sc_module(name), in("in"), m_mem(size, 0)
    {
        in.register_b_transport(this, &ram::b_transport);
        in.register_transport_dbg(this, &ram::transport_dbg);
        in.register_get_direct_mem_ptr(this, &ram::get_direct_mem_ptr);
    }

private:
    std::vector<unsigned char> m_mem;
    const sc_time m_latency = sc_time(10, SC_NS);

    bool in_range(const tlm::tlm_generic_payload &gp) const
    {
        return gp.get_address() < m_mem.size() && gp.get_data_length() <= m_mem.size() - gp.get_address();
    }

    unsigned copy(tlm::tlm_generic_payload &gp)
    {
        unsigned char *p = &m_mem[gp.get_address()];
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), p, gp.get_data_length());
        else if (gp.is_write())
            std::memcpy(p, gp.get_data_ptr(), gp.get_data_length());
        return gp.get_data_length();
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        if (!in_range(gp)) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.get_byte_enable_ptr()) {
            gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
            return;
        }
        copy(gp);
        delay += m_latency;
        gp.set_dmi_allowed(true);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload &gp) { return in_range(gp) ? copy(gp) : 0; }

    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &dmi)
    {
        dmi.set_dmi_ptr(m_mem.data());
        dmi.set_start_address(0);
        dmi.set_end_address(m_mem.size() - 1);
        dmi.allow_read_write();
        dmi.set_read_latency(m_latency);
        dmi.set_write_latency(m_latency);
        return true;
    }
};

// ---- vpbridge's standard devices ---------------------------------------------------
// The registry reads the module manifests; it must outlive the devices it resolved.
struct registry_deleter {
    void operator()(vp_registry *r) const { vp_registry_destroy(r); }
};
using registry_ptr = std::unique_ptr<vp_registry, registry_deleter>;

// --module-dir DIR: that directory alone; nullptr: the library's defaults.
static registry_ptr open_registry(const char *dir)
{
    registry_ptr reg(vp_registry_create());
    vp_error *err = nullptr;
    int rc = !dir ? vp_registry_add_defaults(reg.get(), nullptr, nullptr, &err)
                  : vp_registry_add_dir(reg.get(), dir, &err);
    if (rc != 0 || !reg) {
        std::fprintf(stderr, "integrator_example: %s\n", err ? err->msg : "cannot create the module registry");
        vp_error_free(err);
        return nullptr;
    }
    return reg;
}

static const vp_device_type *resolve(vp_registry *reg, const char *type, bool show)
{
    vp_error *err = nullptr;
    const vp_device_type *t = vp_registry_resolve(reg, type, nullptr, &err);
    if (!t) {
        std::fprintf(stderr, "integrator_example: %s\n", err ? err->msg : type);
        vp_error_free(err);
        return nullptr;
    }
    const vp_module_info *mod = vp_registry_type_module(reg, type);
    if (show && mod)
        std::fprintf(stderr, "%s: %s\n", type, mod->library);
    return t;
}

int sc_main(int argc, char *argv[])
{
    unsigned harts = 1;
    bool stats = false, show_modules = false;
    const char *mod_dir = nullptr;
    std::vector<std::string> args;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--harts") && i + 1 < argc)
            harts = (unsigned)std::strtoul(argv[++i], nullptr, 0);
        else if (!std::strcmp(argv[i], "--stats"))
            stats = true;
        else if (!std::strcmp(argv[i], "--module-dir") && i + 1 < argc)
            mod_dir = argv[++i];
        else if (!std::strcmp(argv[i], "--show-modules"))
            show_modules = true;
        else
            args.push_back(argv[i]);
    }
    if (args.size() != 2 || harts == 0) {
        std::fprintf(stderr, "usage: %s [--harts N] [--stats] [--module-dir DIR] [--show-modules] ISA FIRMWARE.elf\n", argv[0]);
        return 2;
    }

    // stdout belongs to the guest's console: keep SystemC's info messages
    // ("Simulation stopped by user") off it.
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);

    // The standard library's UART and finisher, resolved by type name.
    registry_ptr reg = open_registry(mod_dir);
    const vp_device_type *uart_type = reg ? resolve(reg.get(), "ns16550a", show_modules) : nullptr;
    const vp_device_type *test_type = reg ? resolve(reg.get(), "sifive_test", show_modules) : nullptr;
    if (!uart_type || !test_type)
        return 2;

    // The CPUs: vpbridge harts at 100 MHz, reset at RAM, 1 us quantum.
    vp::sc::riscv_cluster_params p(args[0], harts, 100e6, 0x80000000, sc_time(1, SC_US));
    p.host_timing = stats; // host time in translation and in device accesses, for --stats
    vp::sc::riscv_cluster cpu("cpu", p);
    simple_bus bus("bus");
    ram mem("ram", 16u << 20);
    // Guest output to stdout; no stdin polling (it would keep the kernel
    // busy: an idle guest could never end in a WFI dead-lock).
    vp::sc::c_device uart("uart", uart_type, {{"backend", "stdio"}, {"input", "false"}});
    vp::sc::c_device test("test", test_type);

    for (unsigned i = 0; i < harts; i++)
        cpu.out[i].bind(bus.in); // one initiator socket per hart, all on the bus
    bus.map(test.socket, 0x00100000, 0x1000);
    bus.map(uart.socket, 0x10000000, 0x100);
    bus.map(mem.in, 0x80000000, 16u << 20);
    // The finisher's request_exit ends the run with the guest's status
    // through the cluster (cpu.reason() == guest_exit, cpu.exit_status()).
    cpu.watch_exit(test);
    // No interrupt sources wired here: the irq inputs (cpu.msip/mtip/meip)
    // stay unbound = low, and so does the UART's irq output.

    if (!cpu.load_elf(args[1])) {
        std::fprintf(stderr, "%s\n", cpu.last_error().c_str());
        return 2;
    }
    sc_start();

    std::fflush(stdout);
    if (stats) {
        vp::sc::riscv_cluster_stats s = cpu.stats();
        std::fprintf(stderr, "insns %llu, rounds %llu, WFI sleeps %llu, I/O accesses %llu, simulated %s\n",
                     (unsigned long long)s.insns, (unsigned long long)s.rounds, (unsigned long long)s.sleeps,
                     (unsigned long long)s.io_accesses, sc_time_stamp().to_string().c_str());
        std::fprintf(stderr, "turns: %llu budget, %llu WFI, %llu delay, %llu request (%llu after an access), "
                     "%llu trap storm; delta cycles %llu\n",
                     (unsigned long long)s.turns_budget, (unsigned long long)s.turns_wfi,
                     (unsigned long long)s.turns_delay, (unsigned long long)s.turns_request,
                     (unsigned long long)s.turns_after_access, (unsigned long long)s.turns_trap_storm,
                     (unsigned long long)s.delta_cycles);
        std::fprintf(stderr, "host time: harts %.3f s (translation %.3f s, device accesses %.3f s)\n",
                     (double)s.host_ns_harts / 1e9, (double)s.host_ns_translate / 1e9, (double)s.host_ns_io / 1e9);
    }
    if (cpu.reason() != vp::sc::riscv_cluster::stop_reason::guest_exit) {
        std::fprintf(stderr, "integrator_example: run ended: %s\n", cpu.reason_message());
        return 124;
    }
    return cpu.exit_status();
}
