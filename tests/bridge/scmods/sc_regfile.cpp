// SPDX-License-Identifier: Apache-2.0
// sc_regfile.cpp - test SystemC-side device module: "sc_regfile", a file of
// 32-bit registers behind a simple_target_socket (options: count, reset).
// Built twice: as is (module "scregs"), and with TP_BUMP_MAJOR defined as
// a module built for another ABI major (module "scbump", type "sc_bump").
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>
#include <vpbridge/vp_sc_module.h>

namespace {

struct regfile : sc_core::sc_module {
    tlm_utils::simple_target_socket<regfile> in;
    std::vector<uint32_t> m_regs;

    regfile(const sc_core::sc_module_name &name, uint64_t count, uint64_t reset)
        : sc_core::sc_module(name), in("in"), m_regs(count, (uint32_t)reset)
    {
        in.register_b_transport(this, &regfile::b_transport);
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        uint64_t addr = gp.get_address();
        if (gp.get_data_length() != 4 || addr % 4 || addr / 4 >= m_regs.size()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        uint32_t &r = m_regs[addr / 4];
        if (gp.is_write())
            std::memcpy(&r, gp.get_data_ptr(), 4);
        else
            std::memcpy(gp.get_data_ptr(), &r, 4);
        delay += sc_core::sc_time(10, sc_core::SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

sc_core::sc_module *create(const char *instance, const vp_device_ctx *ctx)
{
    uint64_t count = ctx->api->opt_uint(ctx, "count");
    return new regfile(instance, count, ctx->api->opt_uint(ctx, "reset"));
}

const vp_opt_decl opts[] = {
    {sizeof(vp_opt_decl), VP_ABI, "count", VP_OPT_UINT, "16", "number of registers", nullptr, 1, 64},
    {sizeof(vp_opt_decl), VP_ABI, "reset", VP_OPT_UINT, "0", "reset value of every register", nullptr, 0, 0},
};

#ifdef TP_BUMP_MAJOR
#define TP_TYPE "sc_bump"
#define TP_MODULE "scbump"
#else
#define TP_TYPE "sc_regfile"
#define TP_MODULE "scregs"
#endif

tlm::tlm_target_socket<> *target_socket(sc_core::sc_module *m) { return &static_cast<regfile *>(m)->in; }

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type), VP_ABI, TP_TYPE, "test register file (32-bit registers)", opts, 2, create,
    nullptr, 0, 0x40, target_socket, nullptr, nullptr, nullptr,
};

int init(const vp_host_api *, vp_registrar *reg) { return vp::sc::register_sc_device(reg, &type); }

} // namespace

#ifdef TP_BUMP_MAJOR /* what headers of the next major would declare */
#undef VP_ABI_MAJOR
#define VP_ABI_MAJOR 2
#endif
VP_SC_MODULE_DEFINE(TP_MODULE, "1.0", init);
