/* SPDX-License-Identifier: Apache-2.0 */
/* test_abi_layout.c - pins the layout of every ABI 1.0, 1.1 and 1.2 struct
 * in the current headers: compile-time offsetof/sizeof asserts (LP64
 * numbers taken from tests/abi/v1.0), 1.1 fields strictly after the 1.0
 * end, the 1.2 field after the 1.1 end, and run-time comparisons with the
 * tables abi10_layout.c, abi11_layout.c and abi12_layout.c build from the
 * frozen headers. (ABI 1.3 added only vp_sc_type.flags, a C++ struct:
 * pinned in tests/tlm-adapters/sc/test_sc_dev_module.cpp.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_module.h>

#include "abi_layout.h"

#define PIN(T, f, off, sz)                                                                   \
    _Static_assert(offsetof(T, f) == (off), #T "." #f " moved: ABI 1.0 break");             \
    _Static_assert(sizeof(((T *)0)->f) == (sz), #T "." #f " changed size: ABI 1.0 break");

#if __SIZEOF_POINTER__ == 8
_Static_assert(sizeof(vp_opt_decl) >= 64, "vp_opt_decl shrank");
PIN(vp_opt_decl, size, 0, 4)
PIN(vp_opt_decl, abi, 4, 4)
PIN(vp_opt_decl, name, 8, 8)
PIN(vp_opt_decl, type, 16, 4)
PIN(vp_opt_decl, def, 24, 8)
PIN(vp_opt_decl, help, 32, 8)
PIN(vp_opt_decl, choices, 40, 8)
PIN(vp_opt_decl, min, 48, 8)
PIN(vp_opt_decl, max, 56, 8)
_Static_assert(sizeof(vp_port_decl) >= 32, "vp_port_decl shrank");
PIN(vp_port_decl, size, 0, 4)
PIN(vp_port_decl, abi, 4, 4)
PIN(vp_port_decl, name, 8, 8)
PIN(vp_port_decl, dir, 16, 4)
PIN(vp_port_decl, count, 20, 4)
PIN(vp_port_decl, help, 24, 8)
_Static_assert(sizeof(vp_host_api) >= 64, "vp_host_api shrank");
PIN(vp_host_api, size, 0, 4)
PIN(vp_host_api, abi, 4, 4)
PIN(vp_host_api, log, 8, 8)
PIN(vp_host_api, log_enabled, 16, 8)
PIN(vp_host_api, opt_int, 24, 8)
PIN(vp_host_api, opt_uint, 32, 8)
PIN(vp_host_api, opt_bool, 40, 8)
PIN(vp_host_api, opt_str, 48, 8)
PIN(vp_host_api, request_exit, 56, 8)
_Static_assert(sizeof(vp_device_ctx) >= 64, "vp_device_ctx shrank");
PIN(vp_device_ctx, size, 0, 4)
PIN(vp_device_ctx, abi, 4, 4)
PIN(vp_device_ctx, api, 8, 8)
PIN(vp_device_ctx, host, 16, 8)
PIN(vp_device_ctx, name, 24, 8)
PIN(vp_device_ctx, clock, 32, 8)
PIN(vp_device_ctx, base, 40, 8)
PIN(vp_device_ctx, mmio_size, 48, 8)
PIN(vp_device_ctx, num_harts, 56, 4)
_Static_assert(sizeof(vp_device_type) >= 120, "vp_device_type shrank");
PIN(vp_device_type, size, 0, 4)
PIN(vp_device_type, abi, 4, 4)
PIN(vp_device_type, name, 8, 8)
PIN(vp_device_type, description, 16, 8)
PIN(vp_device_type, opts, 24, 8)
PIN(vp_device_type, opt_count, 32, 4)
PIN(vp_device_type, ports, 40, 8)
PIN(vp_device_type, port_count, 48, 4)
PIN(vp_device_type, default_mmio_size, 56, 8)
PIN(vp_device_type, create, 64, 8)
PIN(vp_device_type, realize, 72, 8)
PIN(vp_device_type, reset, 80, 8)
PIN(vp_device_type, destroy, 88, 8)
PIN(vp_device_type, port_lines, 96, 8)
PIN(vp_device_type, signal_out, 104, 8)
PIN(vp_device_type, signal_in, 112, 8)
_Static_assert(sizeof(vp_registrar) >= 24, "vp_registrar shrank");
PIN(vp_registrar, size, 0, 4)
PIN(vp_registrar, abi, 4, 4)
PIN(vp_registrar, host, 8, 8)
PIN(vp_registrar, register_device, 16, 8)
_Static_assert(sizeof(vp_module_desc) >= 40, "vp_module_desc shrank");
PIN(vp_module_desc, size, 0, 4)
PIN(vp_module_desc, magic, 4, 4)
PIN(vp_module_desc, abi_major, 8, 2)
PIN(vp_module_desc, abi_minor, 10, 2)
PIN(vp_module_desc, name, 16, 8)
PIN(vp_module_desc, version, 24, 8)
PIN(vp_module_desc, init, 32, 8)
_Static_assert(sizeof(vp_clock_ops) >= 48, "vp_clock_ops shrank");
PIN(vp_clock_ops, size, 0, 4)
PIN(vp_clock_ops, abi, 4, 4)
PIN(vp_clock_ops, now, 8, 8)
PIN(vp_clock_ops, event_create, 16, 8)
PIN(vp_clock_ops, event_notify, 24, 8)
PIN(vp_clock_ops, event_cancel, 32, 8)
PIN(vp_clock_ops, event_destroy, 40, 8)
_Static_assert(sizeof(vp_clock) >= 16, "vp_clock shrank");
PIN(vp_clock, ops, 0, 8)
PIN(vp_clock, ctx, 8, 8)
_Static_assert(sizeof(tlmc_payload) >= 64, "tlmc_payload shrank");
PIN(tlmc_payload, size, 0, 4)
PIN(tlmc_payload, abi, 4, 4)
PIN(tlmc_payload, command, 8, 4)
PIN(tlmc_payload, response, 12, 4)
PIN(tlmc_payload, address, 16, 8)
PIN(tlmc_payload, data, 24, 8)
PIN(tlmc_payload, length, 32, 4)
PIN(tlmc_payload, streaming_width, 36, 4)
PIN(tlmc_payload, byte_enable, 40, 8)
PIN(tlmc_payload, byte_enable_length, 48, 4)
PIN(tlmc_payload, dmi_allowed, 52, 1)
PIN(tlmc_payload, initiator_id, 56, 4)
_Static_assert(sizeof(tlmc_dmi) >= 48, "tlmc_dmi shrank");
PIN(tlmc_dmi, ptr, 0, 8)
PIN(tlmc_dmi, start, 8, 8)
PIN(tlmc_dmi, end, 16, 8)
PIN(tlmc_dmi, access, 24, 4)
PIN(tlmc_dmi, read_latency, 32, 8)
PIN(tlmc_dmi, write_latency, 40, 8)
_Static_assert(sizeof(tlmc_target_ops) >= 32, "tlmc_target_ops shrank");
PIN(tlmc_target_ops, size, 0, 4)
PIN(tlmc_target_ops, abi, 4, 4)
PIN(tlmc_target_ops, b_transport, 8, 8)
PIN(tlmc_target_ops, transport_dbg, 16, 8)
PIN(tlmc_target_ops, get_direct_mem_ptr, 24, 8)
_Static_assert(sizeof(tlmc_target) >= 40, "tlmc_target shrank");
PIN(tlmc_target, ops, 0, 8)
PIN(tlmc_target, opaque, 8, 8)
PIN(tlmc_target, name, 16, 8)
PIN(tlmc_target, invalidate, 24, 8)
PIN(tlmc_target, bw_opaque, 32, 8)
_Static_assert(sizeof(tlmc_signal) >= 24, "tlmc_signal shrank");
PIN(tlmc_signal, sink, 0, 8)
PIN(tlmc_signal, sink_opaque, 8, 8)
PIN(tlmc_signal, sink_line, 16, 4)
PIN(tlmc_signal, level, 20, 1)
/* ABI 1.1 blocks start after the 1.0 end (append-only). */
_Static_assert(offsetof(vp_host_api, state_write) >= 64, "vp_host_api 1.1 fields must follow 1.0");
_Static_assert(offsetof(vp_device_type, state_version) >= 120, "vp_device_type 1.1 fields must follow 1.0");
_Static_assert(offsetof(vp_registrar, register_machine) >= 24, "vp_registrar 1.1 fields must follow 1.0");
#endif
_Static_assert(offsetof(vp_host_api, state_read) > offsetof(vp_host_api, state_write), "1.1 order");
_Static_assert(offsetof(vp_device_type, restore) > offsetof(vp_device_type, save), "1.1 order");
_Static_assert(offsetof(vp_registrar, register_sc_device) > offsetof(vp_registrar, register_machine), "1.1 order");
/* ABI 1.2: vp_port_decl.first follows the 1.1 end of vp_port_decl (its help, 32 bytes on LP64). */
_Static_assert(offsetof(vp_port_decl, first) >= offsetof(vp_port_decl, help) + sizeof(((vp_port_decl *)0)->help),
               "vp_port_decl 1.2 fields must follow 1.1");
#if __SIZEOF_POINTER__ == 8
_Static_assert(offsetof(vp_port_decl, first) == 32, "vp_port_decl.first moved");
#endif
_Static_assert(offsetof(vp_machine_type, size) == 0 && offsetof(vp_machine_type, abi) == 4, "size, abi first");
_Static_assert(offsetof(vp_machine_api, size) == 0 && offsetof(vp_machine_api, abi) == 4, "size, abi first");

/* Today's layout of the 1.0 fields, then of the 1.1 and 1.2 additions (the
 * same rows as abi10_fields, then as abi11_fields, then as abi12_fields). */
static const abi_field current_fields[] = {
#define S(T) {#T, (size_t)-1, sizeof(T)},
#define F(T, f) {#T "." #f, offsetof(T, f), sizeof(((T *)0)->f)},
#include "abi10_fields.def"
#include "abi11_fields.def"
#include "abi12_fields.def"
#undef S
#undef F
    {NULL, 0, 0},
};

/* Compares a frozen table with the first rows of today's; returns its rows. */
static size_t compare_with(const abi_field *frozen, const char *version)
{
    size_t n = 0;
    for (; frozen[n].name; n++) {
        const abi_field *old = &frozen[n], *cur = &current_fields[n];
        assert_non_null(cur->name);
        assert_string_equal(old->name, cur->name);
        if (old->offset == (size_t)-1) {
            if (cur->size < old->size)
                fail_msg("%s shrank from %zu to %zu bytes", old->name, old->size, cur->size);
            continue;
        }
        if (old->offset != cur->offset || old->size != cur->size)
            fail_msg("%s: %s has offset %zu size %zu, current %zu/%zu", old->name, version, old->offset,
                     old->size, cur->offset, cur->size);
    }
    return n;
}

/* The same fields, laid out by the frozen 1.0 headers and by today's. */
static void test_abi_layout_matches_frozen_headers(void **state)
{
    (void)state;
    size_t n = compare_with(abi10_fields, "1.0");
    assert_true(n > 100);
    assert_non_null(current_fields[n].name); /* the 1.1 rows follow */
}

/* Every 1.0 and 1.1 field, laid out by the frozen 1.1 headers and by today's. */
static void test_abi_layout_matches_frozen_v11_headers(void **state)
{
    (void)state;
    size_t n10 = compare_with(abi10_fields, "1.0"), n11 = compare_with(abi11_fields, "1.1");
    assert_true(n11 > n10 + 20);
    assert_non_null(current_fields[n11].name); /* the 1.2 rows follow */
}

/* Every 1.0, 1.1 and 1.2 field, laid out by the frozen 1.2 headers and by today's. */
static void test_abi_layout_matches_frozen_v12_headers(void **state)
{
    (void)state;
    size_t n11 = compare_with(abi11_fields, "1.1"), n12 = compare_with(abi12_fields, "1.2");
    assert_true(n12 == n11 + 2); /* vp_port_decl, vp_port_decl.first */
    assert_null(current_fields[n12].name);
}

/* vp_port_decl grew in 1.2 (first): larger than at 1.1, same 1.1 fields. */
static void test_abi_layout_port_decl_grew_in_12(void **state)
{
    (void)state;
    for (size_t k = 0; abi11_fields[k].name; k++)
        if (strcmp(abi11_fields[k].name, "vp_port_decl") == 0) {
            assert_true(current_fields[k].size > abi11_fields[k].size);
            assert_true(offsetof(vp_port_decl, first) >= abi11_fields[k].size);
            return;
        }
    fail_msg("vp_port_decl is not in the 1.1 table");
}

/* Structs that grew in 1.1 grew at the end: sizes now exceed 1.0's. */
static void test_abi_layout_grown_structs_only_grew(void **state)
{
    (void)state;
    static const char *const grown[] = {"vp_host_api", "vp_device_type", "vp_registrar"};
    for (size_t i = 0; i < sizeof(grown) / sizeof(grown[0]); i++) {
        const abi_field *old = NULL, *cur = NULL;
        for (size_t k = 0; abi10_fields[k].name; k++)
            if (strcmp(abi10_fields[k].name, grown[i]) == 0)
                old = &abi10_fields[k], cur = &current_fields[k];
        assert_non_null(old);
        assert_true(cur->size > old->size);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abi_layout_matches_frozen_headers),
        cmocka_unit_test(test_abi_layout_matches_frozen_v11_headers),
        cmocka_unit_test(test_abi_layout_matches_frozen_v12_headers),
        cmocka_unit_test(test_abi_layout_port_decl_grew_in_12),
        cmocka_unit_test(test_abi_layout_grown_structs_only_grew),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
