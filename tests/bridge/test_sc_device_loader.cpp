// SPDX-License-Identifier: Apache-2.0
// test_sc_device_loader.cpp - SystemC-side device modules through the
// loader: a register-file sc_module from a .so is created in elaboration
// and answers b_transport; options are validated (type, range, name); a
// module of another ABI major is refused with the C modules' message;
// creation after elaboration and unknown types are errors.
#include <cstring>
#include <string>
#include <systemc>
#include <tlm>
#include <type_traits>
#include <tlm_utils/simple_initiator_socket.h>

#include "fork_test.h"
#include "sc_device_loader.h"

using namespace vp::sc;

// One type, two spellings: C's opaque vp_sc_type is the C++ sc_device_type,
// and the registry hands it out typed.
static_assert(std::is_same_v<vp::sc::sc_device_type, vp_sc_type>, "sc_device_type is vp_sc_type");
static_assert(std::is_same_v<decltype(vp_registry_resolve_sc(nullptr, nullptr, nullptr)), const vp_sc_type *>,
              "vp_registry_resolve_sc returns const vp_sc_type *");

namespace {

vp_registry *make_registry()
{
    vp_registry *reg = vp_registry_create();
    vp_error *err = nullptr;
    if (vp_registry_add_dir(reg, SCMOD_DIR, &err) != 0) {
        fprintf(stderr, "%s\n", err ? err->msg : "add_dir failed");
        _exit(1);
    }
    return reg;
}

struct initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<initiator> out;
    explicit initiator(const sc_core::sc_module_name &n) : sc_core::sc_module(n), out("out") {}

    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, uint32_t &data)
    {
        tlm::tlm_generic_payload gp;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        out->b_transport(gp, delay);
        return gp.get_response_status();
    }
};

void regfile_body()
{
    vp_registry *reg = make_registry();
    sc_device_config cfg;
    cfg.options = {{"count", "8"}, {"reset", "0x5a"}};
    vp_error *err = nullptr;
    std::unique_ptr<sc_device> dev = create_sc_device(reg, "sc_regfile", "regs", cfg, &err);
    if (!dev)
        fprintf(stderr, "%s\n", err->msg);
    CHECK(dev);
    CHECK(std::strcmp(dev->module()->name(), "regs") == 0);
    CHECK_EQ(vp_opt_set_uint(dev->options(), "count"), 8);
    auto *sock = dynamic_cast<tlm::tlm_target_socket<32> *>(sc_core::sc_find_object("regs.in"));
    CHECK(sock);
    initiator init("init");
    init.out.bind(*sock);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    uint32_t v = 0;
    CHECK_EQ(init.access(tlm::TLM_READ_COMMAND, 0, v), tlm::TLM_OK_RESPONSE);
    CHECK_EQ(v, 0x5a);
    v = 0xdeadbeef;
    CHECK_EQ(init.access(tlm::TLM_WRITE_COMMAND, 4, v), tlm::TLM_OK_RESPONSE);
    v = 0;
    CHECK_EQ(init.access(tlm::TLM_READ_COMMAND, 4, v), tlm::TLM_OK_RESPONSE);
    CHECK_EQ(v, 0xdeadbeef);
    CHECK_EQ(init.access(tlm::TLM_READ_COMMAND, 8 * 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE); /* count applied */
    /* after elaboration: refused */
    std::unique_ptr<sc_device> late = create_sc_device(reg, "sc_regfile", "late", sc_device_config(), &err);
    CHECK(!late);
    CHECK(std::strstr(err->msg, "device 'late' (sc_regfile): SystemC devices can only be created during elaboration"));
    vp_error_free(err);
    dev.reset();
    vp_registry_destroy(reg);
}

/* `msg` with every `from` replaced by `to`. */
std::string subst(std::string msg, const std::string &from, const std::string &to)
{
    for (std::size_t at = 0; (at = msg.find(from, at)) != std::string::npos; at += to.size())
        msg.replace(at, from.size(), to);
    return msg;
}

void abi_mismatch_body()
{
    vp_registry *reg = make_registry();
    vp_error *err = nullptr, *cerr = nullptr;
    std::unique_ptr<sc_device> dev = create_sc_device(reg, "sc_bump", "b0", sc_device_config(), &err);
    CHECK(!dev);
    CHECK(err && err->code == VP_EABI);
    CHECK(!vp_registry_resolve(reg, "c_bump", nullptr, &cerr));
    CHECK(cerr && cerr->code == VP_EABI);
    std::string sc_msg = subst(err->msg, "scbump", "X"), c_msg = subst(cerr->msg, "cbump", "X");
    std::string prefix = "device 'b0' (sc_bump): ";
    if (sc_msg != prefix + c_msg)
        fprintf(stderr, "systemc: %s\nc:       %s\n", err->msg, cerr->msg);
    CHECK(sc_msg == prefix + c_msg);
    CHECK(std::strstr(err->msg, "major versions differ"));
    vp_error_free(err);
    vp_error_free(cerr);
    vp_registry_destroy(reg);
}

/* Creation with one option must fail with `code` and every piece. */
void expect_option_error(vp_registry *reg, const char *key, const char *value, int code, const char *piece)
{
    sc_device_config cfg;
    cfg.options = {{key, value}};
    vp_error *err = nullptr;
    std::unique_ptr<sc_device> dev = create_sc_device(reg, "sc_regfile", "r0", cfg, &err);
    CHECK(!dev);
    CHECK(err);
    if (err->code != code || !std::strstr(err->msg, piece))
        fprintf(stderr, "code %d: %s\n", err->code, err->msg);
    CHECK_EQ(err->code, code);
    CHECK(std::strstr(err->msg, "device 'r0' (sc_regfile): "));
    CHECK(std::strstr(err->msg, piece));
    vp_error_free(err);
}

void bad_options_body()
{
    vp_registry *reg = make_registry();
    expect_option_error(reg, "count", "many", VP_EINVAL, "count");
    expect_option_error(reg, "count", "100", VP_ERANGE, "count");
    expect_option_error(reg, "colour", "blue", VP_ENOENT, "no option 'colour'");
    CHECK(!sc_core::sc_find_object("r0")); /* nothing was created */
    vp_registry_destroy(reg);
}

void unknown_type_body()
{
    vp_registry *reg = make_registry();
    vp_error *err = nullptr;
    CHECK(!create_sc_device(reg, "sc_nosuch", "n0", sc_device_config(), &err));
    CHECK(err && std::strstr(err->msg, "device 'n0' (sc_nosuch): ") && std::strstr(err->msg, "sc_nosuch"));
    vp_error_free(err);
    err = nullptr;
    /* a C-side type is not a SystemC type */
    CHECK(!create_sc_device(reg, "c_bump", "c0", sc_device_config(), &err));
    CHECK(err && std::strstr(err->msg, "not a SystemC device type"));
    vp_error_free(err);
    vp_registry_destroy(reg);
}

// A port declaration as a module built against ABI 1.0/1.1 lays it out
// (before vp_port_decl.first): the host must walk such an array with the
// element `size` and read `first` as 0.
struct port_decl_11 {
    uint32_t size, abi;
    const char *name;
    vp_port_dir dir;
    uint32_t count;
    const char *help;
};
static_assert(sizeof(port_decl_11) < sizeof(vp_port_decl), "1.2 grew vp_port_decl");

void test_sc_device_loader_old_port_array(void **)
{
    static const port_decl_11 old[] = {
        {sizeof(port_decl_11), (1 << 16) | 1, "irq", VP_PORT_OUT, 2, "outputs"},
        {sizeof(port_decl_11), (1 << 16) | 1, "in", VP_PORT_IN, 3, "inputs"},
    };
    vp::sc::sc_device_type t{};
    t.size = sizeof(t);
    t.abi = (1 << 16) | 1;
    t.name = "old";
    t.ports = reinterpret_cast<const vp_port_decl *>(old);
    t.port_count = 2;
    std::vector<vp_port_decl> p = vp::sc::sc_type_ports(&t);
    assert_int_equal(p.size(), 2);
    assert_string_equal(p[1].name, "in");
    assert_int_equal(p[1].dir, VP_PORT_IN);
    assert_int_equal(p[1].count, 3);
    assert_string_equal(p[1].help, "inputs");
    assert_int_equal(p[0].first, 0);
    assert_int_equal(p[1].first, 0);
    assert_int_equal(p[1].size, sizeof(vp_port_decl));
}

void test_sc_device_loader_regfile_b_transport(void **) { run_forked(regfile_body); }
void test_sc_device_loader_abi_major_mismatch_refused(void **) { run_forked(abi_mismatch_body); }
void test_sc_device_loader_bad_options_refused(void **) { run_forked(bad_options_body); }
void test_sc_device_loader_unknown_type(void **) { run_forked(unknown_type_body); }

} // namespace

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_device_loader_regfile_b_transport),
        cmocka_unit_test(test_sc_device_loader_abi_major_mismatch_refused),
        cmocka_unit_test(test_sc_device_loader_bad_options_refused),
        cmocka_unit_test(test_sc_device_loader_unknown_type),
        cmocka_unit_test(test_sc_device_loader_old_port_array),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
