// SPDX-License-Identifier: Apache-2.0
// tlm_bench.cpp - TLM transaction throughput, one process, one machine:
// (ref) raw SystemC b_transport between two plain sc_modules, (a) C
// initiator -> router -> C target, (b) C initiator -> router -> c_to_sc ->
// SystemC target (and (b0): the same without the router), (c) SystemC initiator -> sc_to_c -> C target. 4-byte
// reads and writes (alternating), no DMI; transactions/s and ratio to (ref).
//
// usage: tlm_bench [N] [REPS]    (defaults: 2000000 transactions, median of 5)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/tlmc_sc.h>

using namespace sc_core;

namespace {

constexpr unsigned k_mem = 4096;
const sc_time k_lat(10, SC_NS);

/* The SystemC memory used by (ref) and (b). */
struct sc_memory : sc_module {
    tlm_utils::simple_target_socket<sc_memory> socket;
    uint8_t mem[k_mem] = {};
    explicit sc_memory(sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_b_transport(this, &sc_memory::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        uint64_t a = gp.get_address();
        unsigned len = gp.get_data_length();
        if (a + len > k_mem) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_write())
            std::memcpy(&mem[a], gp.get_data_ptr(), len);
        else
            std::memcpy(gp.get_data_ptr(), &mem[a], len);
        delay += k_lat;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

/* The C memory used by (a) and (c): the same work as sc_memory. */
struct c_memory {
    tlmc_target t{};
    uint8_t mem[k_mem] = {};
    static void b_transport(void *o, tlmc_payload *p, vp_time *delay)
    {
        c_memory *m = static_cast<c_memory *>(o);
        if (p->address + p->length > k_mem) {
            p->response = TLMC_ADDRESS_ERROR_RESPONSE;
            return;
        }
        if (p->command == TLMC_WRITE)
            std::memcpy(&m->mem[p->address], p->data, p->length);
        else
            std::memcpy(p->data, &m->mem[p->address], p->length);
        *delay += 10000;
        p->response = TLMC_OK_RESPONSE;
    }
    c_memory()
    {
        static const tlmc_target_ops ops = {sizeof(tlmc_target_ops), TLMC_ABI, b_transport, nullptr, nullptr};
        t.ops = &ops;
        t.opaque = this;
        t.name = "c_memory";
    }
};

/* A SystemC initiator: the loop of (ref) and (c). */
struct sc_initiator : sc_module {
    tlm_utils::simple_initiator_socket<sc_initiator> socket;
    explicit sc_initiator(sc_module_name n) : sc_module(n), socket("socket") {}
    uint64_t run(uint64_t n)
    {
        tlm::tlm_generic_payload gp;
        uint32_t v = 0;
        uint64_t bad = 0;
        sc_time delay = SC_ZERO_TIME;
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_byte_enable_ptr(nullptr);
        gp.set_dmi_allowed(false);
        for (uint64_t i = 0; i < n; i++) {
            gp.set_command((i & 1) ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
            gp.set_address((i * 4) & (k_mem - 4));
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            v = (uint32_t)i;
            socket->b_transport(gp, delay);
            bad += !gp.is_response_ok();
        }
        return bad;
    }
};

/* The C initiator loop of (a) and (b): the same per-transaction work as
 * sc_initiator::run (one payload set up once; command, address and response
 * set per transaction), so the ratio compares the paths, not the loops. */
uint64_t c_run(tlmc_target *t, uint64_t n, uint64_t base = 0x10000)
{
    tlmc_payload p;
    uint32_t v = 0;
    uint64_t bad = 0;
    vp_time delay = 0;
    tlmc_payload_init(&p, TLMC_WRITE, base, &v, 4);
    for (uint64_t i = 0; i < n; i++) {
        p.command = (i & 1) ? TLMC_READ : TLMC_WRITE;
        p.address = base + ((i * 4) & (k_mem - 4));
        p.response = TLMC_INCOMPLETE_RESPONSE;
        v = (uint32_t)i;
        tlmc_b_transport(t, &p, &delay);
        bad += !tlmc_payload_ok(&p);
    }
    return bad;
}

struct result {
    const char *name;
    double tps;
};

/* Median transactions/s of `reps` runs of body(n). */
double measure(const std::function<uint64_t(uint64_t)> &body, uint64_t n, int reps)
{
    std::vector<double> rates;
    for (int r = 0; r < reps; r++) {
        auto t0 = std::chrono::steady_clock::now();
        uint64_t bad = body(n);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (bad) {
            std::fprintf(stderr, "tlm_bench: %llu failed transactions\n", (unsigned long long)bad);
            std::exit(2);
        }
        rates.push_back(n / s);
    }
    std::sort(rates.begin(), rates.end());
    return rates.size() % 2 ? rates[rates.size() / 2] : (rates[rates.size() / 2 - 1] + rates[rates.size() / 2]) / 2;
}

struct bench_top : sc_module {
    uint64_t n;
    int reps;
    sc_initiator ref_init{"ref_init"}, c_init{"c_init"};
    sc_memory ref_mem{"ref_mem"}, b_mem{"b_mem"};
    c_memory a_mem, c_mem;
    vp::sc::c_to_sc to_sc{"to_sc"};
    vp::sc::sc_to_c to_c{"to_c", &c_mem.t};
    tlmc_router *router_a = tlmc_router_create("bus_a"), *router_b = tlmc_router_create("bus_b");
    std::vector<result> results;

    SC_HAS_PROCESS(bench_top);
    bench_top(sc_module_name nm, uint64_t n_, int reps_) : sc_module(nm), n(n_), reps(reps_)
    {
        ref_init.socket.bind(ref_mem.socket);
        to_sc.socket.bind(b_mem.socket);
        c_init.socket.bind(to_c.socket);
        tlmc_router_map(router_a, 0x10000, k_mem, &a_mem.t, 0, nullptr);
        tlmc_router_map(router_b, 0x10000, k_mem, to_sc.target(), 0, nullptr);
        SC_THREAD(run);
    }
    ~bench_top() override
    {
        tlmc_router_destroy(router_a);
        tlmc_router_destroy(router_b);
    }
    void run()
    {
        results.push_back({"(ref) SystemC -> SystemC, raw b_transport",
                           measure([this](uint64_t k) { return ref_init.run(k); }, n, reps)});
        results.push_back({"(a) C -> router -> C target",
                           measure([this](uint64_t k) { return c_run(tlmc_router_target(router_a), k); }, n, reps)});
        results.push_back({"(b) C -> router -> c_to_sc -> SystemC target",
                           measure([this](uint64_t k) { return c_run(tlmc_router_target(router_b), k); }, n, reps)});
        results.push_back({"(b0) C -> c_to_sc -> SystemC target (no router)",
                           measure([this](uint64_t k) { return c_run(to_sc.target(), k, 0); }, n, reps)});
        results.push_back({"(c) SystemC -> sc_to_c -> C target",
                           measure([this](uint64_t k) { return c_init.run(k); }, n, reps)});
    }
};

} // namespace

__attribute__((visibility("default"))) int sc_main(int argc, char *argv[])
{
    uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 2000000;
    int reps = argc > 2 ? std::atoi(argv[2]) : 5;
    if (n == 0 || reps <= 0) {
        std::fprintf(stderr, "usage: tlm_bench [N] [REPS]\n");
        return 2;
    }
    bench_top top("top", n, reps);
    sc_start();
    double ref = top.results[0].tps;
    std::printf("tlm_bench: %llu transactions per path (4-byte read/write alternating, no DMI), median of %d runs\n",
                (unsigned long long)n, reps);
    std::printf("| path | Mtransactions/s | ratio to (ref) |\n|---|---:|---:|\n");
    for (const result &r : top.results)
        std::printf("| %s | %.2f | %.2fx |\n", r.name, r.tps / 1e6, r.tps / ref);
    return 0;
}
