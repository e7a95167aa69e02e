// SPDX-License-Identifier: Apache-2.0
// test_sc_dev_module.cpp - VP_SC_DEV_MODULE: the module it emits checks the
// host table like a C device module's (vp_dev_api_ok) and registers its
// SystemC-side types in order through the registrar, stopping at the first
// error. The module's init is called directly on a fake host: no SystemC
// kernel is started. Also the type struct's layout (every field pinned)
// and its ABI 1.3 `flags` as the host reads them (sc_type_nb_only).
#include <cstdarg>
#include <cstddef>
#include <cstring>
#include <setjmp.h>
#include <type_traits>

#include <vpbridge/vp_sc_module.h> // before cmocka.h: its fail() macro breaks <ios>

#include "sc_device_loader.h"

extern "C" {
#include <cmocka.h>
}

namespace {

const vp_opt_decl opts[] = {
    VP_DEV_OPT("latency", VP_OPT_TIME, "0", "time an access takes"),
};

sc_core::sc_module *no_create(const char *, const vp_device_ctx *) { return nullptr; }

const vp::sc::sc_device_type first = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_first", "the first type", VP_DEV_LIST(opts), no_create,
    nullptr, 0, 0x100, nullptr, nullptr, nullptr, nullptr,
};
const vp::sc::sc_device_type second = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_second", "the second type", nullptr, 0, no_create,
    nullptr, 0, 0x200, nullptr, nullptr, nullptr, nullptr,
};

// A type whose target socket answers nb_transport_fw only (ABI 1.3 flags).
const vp::sc::sc_device_type nb_only = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_nb", "AT-only target", nullptr, 0, no_create,
    nullptr, 0, 0x100, nullptr, nullptr, nullptr, nullptr, VP_SC_TARGET_NB_ONLY,
};

// The type struct's layout, as modules built since ABI 1.1 lay it out (LP64).
#define PIN(f, off) static_assert(offsetof(vp::sc::sc_device_type, f) == (off), "vp_sc_type." #f " moved")
#if __SIZEOF_POINTER__ == 8
PIN(size, 0);
PIN(abi, 4);
PIN(name, 8);
PIN(description, 16);
PIN(opts, 24);
PIN(opt_count, 32);
PIN(create, 40);
PIN(ports, 48);
PIN(port_count, 56);
PIN(default_mmio_size, 64);
PIN(target_socket, 72);
PIN(initiator_socket, 80);
PIN(signal_out, 88);
PIN(signal_in, 96);
PIN(flags, 104); // ABI 1.3: right after the 1.1 end (signal_in)
#endif
#undef PIN
static_assert(offsetof(vp::sc::sc_device_type, flags) >=
                  offsetof(vp::sc::sc_device_type, signal_in) + sizeof(vp::sc::sc_device_type::signal_in),
              "vp_sc_type 1.3 fields must follow 1.1");
static_assert(std::is_standard_layout_v<vp::sc::sc_device_type>, "offsetof needs a standard-layout type");

// The registrar records what it was given; it fails on the call numbered fail_at.
struct fake_host {
    const void *seen[4];
    int calls;
    int fail_at;
};

int reg_sc(vp_registrar *reg, const void *type)
{
    fake_host *h = static_cast<fake_host *>(reg->host);
    if (h->calls == h->fail_at)
        return VP_EEXIST;
    h->seen[h->calls++] = type;
    return 0;
}

void h_log(const vp_device_ctx *, unsigned, int, const char *, ...) {}
bool h_log_enabled(unsigned) { return false; }
int64_t h_int(const vp_device_ctx *, const char *) { return 0; }
uint64_t h_uint(const vp_device_ctx *, const char *) { return 0; }
bool h_bool(const vp_device_ctx *, const char *) { return false; }
const char *h_str(const vp_device_ctx *, const char *) { return nullptr; }
void h_exit(const vp_device_ctx *, int) {}

vp_host_api good_api()
{
    vp_host_api api;
    std::memset(&api, 0, sizeof(api));
    api.size = sizeof(api);
    api.abi = VP_ABI;
    api.log = h_log;
    api.log_enabled = h_log_enabled;
    api.opt_int = h_int;
    api.opt_uint = h_uint;
    api.opt_bool = h_bool;
    api.opt_str = h_str;
    api.request_exit = h_exit;
    return api;
}

vp_registrar make_reg(fake_host *h)
{
    vp_registrar reg;
    std::memset(&reg, 0, sizeof(reg));
    reg.size = sizeof(reg);
    reg.abi = VP_ABI;
    reg.host = h;
    reg.register_sc_device = reg_sc;
    return reg;
}

} // namespace

VP_SC_DEV_MODULE("sc_pair", "2.0.1", &first, &second);

static void test_sc_dev_module_registers_in_order(void **)
{
    assert_string_equal(vp_module_descriptor.name, "sc_pair");
    assert_string_equal(vp_module_descriptor.version, "2.0.1");
    assert_int_equal(first.opt_count, 1);
    fake_host h = {{nullptr}, 0, -1};
    vp_registrar reg = make_reg(&h);
    vp_host_api api = good_api();
    assert_int_equal(vp_module_descriptor.init(&api, &reg), 0);
    assert_int_equal(h.calls, 2);
    assert_ptr_equal(h.seen[0], &first);
    assert_ptr_equal(h.seen[1], &second);
}

static void test_sc_dev_module_refuses_bad_host(void **)
{
    fake_host h = {{nullptr}, 0, -1};
    vp_registrar reg = make_reg(&h);
    vp_host_api api = good_api();
    api.opt_str = nullptr; // a table missing an ABI 1.0 entry
    assert_int_equal(vp_module_descriptor.init(&api, &reg), VP_EABI);
    api = good_api();
    api.abi = VP_ABI_VERSION(VP_ABI_MAJOR + 1, 0); // another major
    assert_int_equal(vp_module_descriptor.init(&api, &reg), VP_EABI);
    assert_int_equal(vp_module_descriptor.init(nullptr, &reg), VP_EABI);
    assert_int_equal(h.calls, 0);
    // A registrar older than SystemC registration (ABI 1.0) cannot take the types.
    api = good_api();
    reg.size = offsetof(vp_registrar, register_sc_device);
    assert_int_equal(vp_module_descriptor.init(&api, &reg), VP_EABI);
    assert_int_equal(h.calls, 0);
}

static void test_sc_dev_module_stops_at_error(void **)
{
    fake_host h = {{nullptr}, 0, 1};
    vp_registrar reg = make_reg(&h);
    vp_host_api api = good_api();
    assert_int_equal(vp_module_descriptor.init(&api, &reg), VP_EEXIST);
    assert_int_equal(h.calls, 1);
    assert_ptr_equal(h.seen[0], &first);
}

// flags: a positional initialiser written for 1.1/1.2 leaves them 0; the
// host reads them only when the module's struct covers them.
static void test_sc_dev_module_nb_only_flag(void **)
{
    assert_int_equal(first.flags, 0);
    assert_false(vp::sc::sc_type_nb_only(&first));
    assert_true(vp::sc::sc_type_nb_only(&nb_only));
    vp::sc::sc_device_type old = nb_only; // a module built before 1.3: its struct ends at signal_in
    old.size = offsetof(vp::sc::sc_device_type, flags);
    assert_false(vp::sc::sc_type_nb_only(&old));
    old.size = sizeof(old);
    old.flags = 0x2; // another bit only
    assert_false(vp::sc::sc_type_nb_only(&old));
}

// libsystemc.so refers to sc_main; this test never starts the kernel (its
// own main below runs), so the entry point SystemC would call is empty.
__attribute__((visibility("default"))) int sc_main(int, char **) { return 1; }

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_dev_module_registers_in_order),
        cmocka_unit_test(test_sc_dev_module_refuses_bad_host),
        cmocka_unit_test(test_sc_dev_module_stops_at_error),
        cmocka_unit_test(test_sc_dev_module_nb_only_flag),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
