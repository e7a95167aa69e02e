/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_build.c - building platforms: memory map through the
 * router, ROM semantics, device options reaching the device, irq wiring
 * to harts and device inputs, exit requests, and build-time errors with
 * positions (ports, indices, directions, options, ISA, create failure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pf_test.h"

/* The 1 TiB RAM of ram_huge.yaml must fail as an allocation, not abort
 * the sanitizer build. */
__attribute__((visibility("default"), used)) const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

static uint32_t rd32(vp_platform *p, uint64_t addr, tlmc_response *resp)
{
    uint32_t v = 0;
    vp_time d = 0;
    tlmc_response r = tlmc_read(tlmc_router_target(vp_platform_router(p)), addr, &v, 4, &d);
    if (resp)
        *resp = r;
    else
        assert_int_equal(r, TLMC_OK_RESPONSE);
    return v;
}

static tlmc_response wr32(vp_platform *p, uint64_t addr, uint32_t v)
{
    vp_time d = 0;
    return tlmc_write(tlmc_router_target(vp_platform_router(p)), addr, &v, 4, &d);
}

static void test_platform_build_good(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    assert_non_null(vp_platform_router(p));
    assert_non_null(vp_platform_cpu(p, 0));
    assert_non_null(vp_platform_cpu(p, 1));
    assert_null(vp_platform_cpu(p, 2));
    assert_int_equal(vp_cpu_xlen(vp_platform_cpu(p, 0)), 32);
    assert_int_equal(vp_cpu_hartid(vp_platform_cpu(p, 1)), 1);
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), 0x1000);
    vp_error *err = NULL;
    assert_int_equal(vp_platform_realize(p, &err), 0);
    /* building twice is refused */
    assert_int_equal(vp_platform_build(p, clock_stub_get(pf_clock()), NULL, &err), VP_EBUSY);
    vp_error_free(err);
    vp_platform_destroy(p);
}

static void test_platform_build_ram_and_rom(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    assert_int_equal(wr32(p, 0x80000010, 0xdeadbeef), TLMC_OK_RESPONSE);
    assert_int_equal(rd32(p, 0x80000010, NULL), 0xdeadbeef);
    /* ROM image at offset 0x10; guest writes answer an error and change nothing */
    char img[9] = {0};
    uint32_t w0 = rd32(p, 0x1010, NULL), w1 = rd32(p, 0x1014, NULL);
    memcpy(img, &w0, 4);
    memcpy(img + 4, &w1, 4);
    assert_string_equal(img, "ROMDATA!");
    assert_int_not_equal(wr32(p, 0x1010, 0), TLMC_OK_RESPONSE);
    assert_int_equal(rd32(p, 0x1010, NULL), w0);
    /* DMI: RAM read-write, ROM read-only */
    tlmc_payload pl;
    tlmc_dmi dmi;
    uint32_t v;
    tlmc_payload_init(&pl, TLMC_READ, 0x80000010, &v, 4);
    assert_true(tlmc_get_direct_mem_ptr(tlmc_router_target(vp_platform_router(p)), &pl, &dmi));
    assert_int_equal(dmi.access, TLMC_DMI_READ_WRITE);
    tlmc_payload_init(&pl, TLMC_READ, 0x1010, &v, 4);
    assert_true(tlmc_get_direct_mem_ptr(tlmc_router_target(vp_platform_router(p)), &pl, &dmi));
    assert_int_equal(dmi.access, TLMC_DMI_READ);
    /* unmapped address */
    tlmc_response r;
    rd32(p, 0x40000000, &r);
    assert_int_equal(r, TLMC_ADDRESS_ERROR_RESPONSE);
    vp_platform_destroy(p);
}

static void test_platform_build_options_and_irqs(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    /* src0's option level: 5 reaches the device through the host API */
    assert_int_equal(rd32(p, 0x10000000 + 0x3f * 4, NULL), 5);
    /* src0.lines[0] -> sink0.in[3]; src0.lines[1] -> sink0.wide[11] */
    assert_int_equal(rd32(p, 0x10001000 + 3 * 4, NULL), 0);
    assert_int_equal(wr32(p, 0x10000000 + 1 * 4, 1), TLMC_OK_RESPONSE);
    assert_int_equal(rd32(p, 0x10001000 + 3 * 4, NULL), 1);
    assert_int_equal(wr32(p, 0x10000000 + 2 * 4, 1), TLMC_OK_RESPONSE);
    assert_int_equal(rd32(p, 0x10001000 + (64 + 11) * 4, NULL), 1);
    assert_int_equal(wr32(p, 0x10000000 + 1 * 4, 0), TLMC_OK_RESPONSE);
    assert_int_equal(rd32(p, 0x10001000 + 3 * 4, NULL), 0);
    /* src0.irq -> hart1.meip: mip.MEIP follows the line */
    uint64_t mip = 0;
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 1), 0x344, &mip));
    assert_int_equal(mip & (1u << 11), 0);
    assert_int_equal(wr32(p, 0x10000000, 1), TLMC_OK_RESPONSE);
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 1), 0x344, &mip));
    assert_int_not_equal(mip & (1u << 11), 0);
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 0), 0x344, &mip));
    assert_int_equal(mip & (1u << 11), 0);
    vp_platform_destroy(p);
}

static void test_platform_build_exit_request(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    assert_int_equal(wr32(p, 0x100000, 7), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 1);
    assert_int_equal(host.status, 7);
    vp_platform_destroy(p);
}

static void test_platform_build_port_errors(void **state)
{
    (void)state;
    pf_expect_build_fail("irq_unknown_port.yaml", "7:5: ", "device 'sink0' (tp_sink) has no input port 'input'",
                         "(inputs: in, wide)", NULL);
    pf_expect_build_fail("irq_index_range.yaml", "7:5: ", "index 4 is out of range for 'src0.lines' (4 lines)", NULL);
    pf_expect_build_fail("irq_direction.yaml", "7:5: ", "port 'sink0.in' is an input, used as an output", NULL);
    pf_expect_build_fail("irq_twice.yaml", "7:5: ", "input 'hart0.meip' is already connected by",
                         "'src0.lines[0] -> hart0.meip' (line 6)", NULL);
    pf_expect_build_fail("irq_no_index.yaml", "6:5: ", "port 'src0.lines' has 4 lines: give an index", NULL);
    /* The harts' inputs are the target's (vp_cpu_get_isa_info), named in the message. */
    pf_expect_build_fail("irq_hart_unknown_input.yaml", "6:5: ", "irq 'src0.lines[0] -> hart0.stip': hart has no input 'stip'",
                         "(inputs: msip, mtip, meip, seip)", NULL);
    pf_expect_load_fail("irq_hart_as_source.yaml", "6:5: ", "harts have inputs only (msip, mtip, meip, seip)", NULL);
}

static void test_platform_build_option_errors(void **state)
{
    (void)state;
    pf_expect_build_fail("opt_unknown.yaml", "4:56: ", "device type 'tp_src' has no option 'colour'",
                         "(options: level, mode, fail, fifo)", NULL);
    pf_expect_build_fail("opt_type.yaml", "8:13: ", "option 'mode': 'c' is not one of a|b", NULL);
    pf_expect_build_fail("opt_range.yaml", "4:63: ", "option 'level': 8 is out of range [0, 7]", NULL);
}

static void test_platform_build_bad_isa(void **state)
{
    (void)state;
    pf_expect_build_fail("bad_isa.yaml", "3:8: ", "rv32gcv_zzz", NULL);
}

static void test_platform_build_failure_halfway_is_clean(void **state)
{
    (void)state;
    /* sink0 is created, then src0's create fails: destroy must undo sink0 (ASan checks) */
    /* the device's own error message becomes part of the one-line error */
    pf_expect_build_fail("dev_create_fail.yaml", "7:5: ",
                         "device 'src0' (tp_src): create failed: refusing to start: option 'fail' is set", NULL);
    pf_expect_build_fail("overlap_default.yaml", "5:5: ", "device 'src0'", "overlaps", NULL);
    pf_expect_build_fail("image_missing.yaml", "4:61: ", "image:", "nothere.bin", NULL);
}

/* A default device size is checked against the RV32 address space too. */
static void test_platform_build_default_size_fits(void **state)
{
    (void)state;
    pf_expect_build_fail("rv32_dev_default.yaml", "4:5: ", "device 'sink0' [0xffffff00 + 0x200]",
                         "does not fit in the 32-bit address space", NULL);
}

/* A RAM the host cannot allocate: the region is named once, not twice. */
static void test_platform_build_alloc_failure_message(void **state)
{
    (void)state;
    vp_platform *p = pf_load_ok("ram_huge.yaml");
    vp_error *err = NULL;
    assert_int_equal(vp_platform_build(p, clock_stub_get(pf_clock()), NULL, &err), VP_ENOMEM);
    pf_expect_pieces(err->msg, TP_DATA "/ram_huge.yaml:4:5: memory region 'ram': cannot allocate 1099511627776 bytes",
                     NULL);
    const char *first = strstr(err->msg, "memory region");
    if (strstr(first + 1, "memory region"))
        fail_msg("the region is named twice: %s", err->msg);
    vp_error_free(err);
    vp_platform_destroy(p);
}

/* A platform file named by a relative path: its ROM image is still found
 * (relative to the file) and loaded. */
static void test_platform_build_relative_yaml_path(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(TP_DATA "/.."), 0);
    vp_platform_options o = *pf_opts();
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load("data/good.yaml", &o, &err);
    if (!p || vp_platform_build(p, clock_stub_get(pf_clock()), NULL, &err))
        fail_msg("%s", err->msg);
    uint32_t w0 = rd32(p, 0x1010, NULL), w1 = rd32(p, 0x1014, NULL);
    char img[9] = {0};
    memcpy(img, &w0, 4);
    memcpy(img + 4, &w1, 4);
    assert_string_equal(img, "ROMDATA!");
    vp_platform_destroy(p);
    assert_int_equal(chdir(cwd), 0);
}

static void test_platform_build_rv64(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("rv64.yaml", &host);
    assert_int_equal(vp_cpu_xlen(vp_platform_cpu(p, 0)), 64);
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), 0x80000000); /* default reset: first memory region */
    vp_platform_destroy(p);
}

int main(void)
{
    setenv("VPBRIDGE_MODULE_DIR", "/nonexistent-vp-module-dir", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_build_good),
        cmocka_unit_test(test_platform_build_ram_and_rom),
        cmocka_unit_test(test_platform_build_default_size_fits),
        cmocka_unit_test(test_platform_build_alloc_failure_message),
        cmocka_unit_test(test_platform_build_relative_yaml_path),
        cmocka_unit_test(test_platform_build_options_and_irqs),
        cmocka_unit_test(test_platform_build_exit_request),
        cmocka_unit_test(test_platform_build_port_errors),
        cmocka_unit_test(test_platform_build_option_errors),
        cmocka_unit_test(test_platform_build_bad_isa),
        cmocka_unit_test(test_platform_build_failure_halfway_is_clean),
        cmocka_unit_test(test_platform_build_rv64),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
