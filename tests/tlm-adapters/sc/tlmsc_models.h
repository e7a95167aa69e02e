// SPDX-License-Identifier: Apache-2.0
// tlmsc_models.h - small models shared by the adapter tests: a SystemC
// memory (DMI, byte enables, streaming, latency), an erroring SystemC
// target, a C RAM target, and a thread runner for test bodies.
#ifndef VP_TESTS_TLMSC_MODELS_H
#define VP_TESTS_TLMSC_MODELS_H

#include <cstring>
#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/tlmc.h>

namespace tlmsc_test {

/* Runs `body` in an SC_THREAD, then stops the kernel. */
struct runner : sc_core::sc_module {
    std::function<void()> body;
    SC_HAS_PROCESS(runner);
    runner(sc_core::sc_module_name n, std::function<void()> b) : sc_module(n), body(std::move(b))
    {
        SC_THREAD(run);
    }
    void run()
    {
        body();
        sc_core::sc_stop();
    }
};

/* Byte-addressed memory: latency per access, DMI (1 ns / 2 ns), streaming
 * width and byte enables honoured; out of range -> address error. */
struct sc_mem : sc_core::sc_module {
    tlm_utils::simple_target_socket<sc_mem> socket;
    std::vector<uint8_t> mem;
    sc_core::sc_time latency;
    unsigned last_streaming_width = 0, last_be_length = 0;

    sc_mem(sc_core::sc_module_name n, size_t size, sc_core::sc_time lat)
        : sc_module(n), socket("socket"), mem(size), latency(lat)
    {
        socket.register_b_transport(this, &sc_mem::b_transport);
        socket.register_get_direct_mem_ptr(this, &sc_mem::get_dmi);
        socket.register_transport_dbg(this, &sc_mem::dbg);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        uint64_t a = gp.get_address();
        unsigned len = gp.get_data_length(), sw = gp.get_streaming_width();
        last_streaming_width = sw;
        last_be_length = gp.get_byte_enable_length();
        if (a >= mem.size() || sw == 0 || a + (sw < len ? sw : len) > mem.size()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        const unsigned char *be = gp.get_byte_enable_ptr();
        for (unsigned i = 0; i < len; i++) {
            if (be && be[i % gp.get_byte_enable_length()] == TLM_BYTE_DISABLED)
                continue;
            uint8_t *m = &mem[a + i % sw];
            if (gp.is_write())
                *m = gp.get_data_ptr()[i];
            else if (gp.is_read())
                gp.get_data_ptr()[i] = *m;
        }
        delay += latency;
        gp.set_dmi_allowed(true);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    bool get_dmi(tlm::tlm_generic_payload &, tlm::tlm_dmi &d)
    {
        d.set_dmi_ptr(mem.data());
        d.set_start_address(0);
        d.set_end_address(mem.size() - 1);
        d.allow_read_write();
        d.set_read_latency(sc_core::sc_time(1, sc_core::SC_NS));
        d.set_write_latency(sc_core::sc_time(2, sc_core::SC_NS));
        return true;
    }
    unsigned dbg(tlm::tlm_generic_payload &gp)
    {
        uint64_t a = gp.get_address();
        if (a >= mem.size())
            return 0;
        unsigned n = gp.get_data_length();
        if (a + n > mem.size())
            n = (unsigned)(mem.size() - a);
        if (gp.is_write())
            std::memcpy(&mem[a], gp.get_data_ptr(), n);
        else
            std::memcpy(gp.get_data_ptr(), &mem[a], n);
        return n;
    }
};

/* Answers every access with a generic error. */
struct sc_err : sc_core::sc_module {
    tlm_utils::simple_target_socket<sc_err> socket;
    explicit sc_err(sc_core::sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_b_transport(this, &sc_err::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &)
    {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    }
};

/* A C RAM target: 5 ns per access, byte enables, DMI (3 ns / 4 ns). */
struct c_ram {
    tlmc_target t{};
    std::vector<uint8_t> mem;
    uint32_t dbg_calls = 0;

    static void b_transport(void *o, tlmc_payload *p, vp_time *delay)
    {
        c_ram *r = static_cast<c_ram *>(o);
        if (p->address + p->length > r->mem.size()) {
            p->response = TLMC_ADDRESS_ERROR_RESPONSE;
            return;
        }
        for (uint32_t i = 0; i < p->length; i++) {
            if (p->byte_enable && p->byte_enable[i % p->byte_enable_length] == TLMC_BYTE_DISABLED)
                continue;
            if (p->command == TLMC_WRITE)
                r->mem[p->address + i] = p->data[i];
            else if (p->command == TLMC_READ)
                p->data[i] = r->mem[p->address + i];
        }
        *delay += 5000;
        p->dmi_allowed = true;
        p->response = TLMC_OK_RESPONSE;
    }
    static uint32_t dbg(void *o, tlmc_payload *p)
    {
        c_ram *r = static_cast<c_ram *>(o);
        r->dbg_calls++;
        if (p->address + p->length > r->mem.size())
            return 0;
        if (p->command == TLMC_WRITE)
            std::memcpy(&r->mem[p->address], p->data, p->length);
        else
            std::memcpy(p->data, &r->mem[p->address], p->length);
        return p->length;
    }
    static bool dmi(void *o, tlmc_payload *, tlmc_dmi *d)
    {
        c_ram *r = static_cast<c_ram *>(o);
        d->ptr = r->mem.data();
        d->start = 0;
        d->end = r->mem.size() - 1;
        d->access = TLMC_DMI_READ_WRITE;
        d->read_latency = 3000;
        d->write_latency = 4000;
        return true;
    }
    explicit c_ram(size_t size) : mem(size)
    {
        static const tlmc_target_ops ops = {sizeof(tlmc_target_ops), TLMC_ABI, b_transport, dbg, dmi};
        t.ops = &ops;
        t.opaque = this;
        t.name = "c_ram";
    }
};

} // namespace tlmsc_test

#endif // VP_TESTS_TLMSC_MODELS_H
