/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_elf.c - the ELF loader on generated images: segments land
 * through debug transport, bss is zeroed, entry reaches every hart, and
 * malformed files fail with the file name; HTIF at `tohost` ends the run
 * with Spike's status encoding.
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

static int load(vp_platform *p, const elfspec *s, vp_error **err)
{
    char *path = pf_write_elf(s);
    int rc = vp_platform_load_elf(p, path, err);
    unlink(path);
    free(path);
    return rc;
}

static void expect_load_fail(const char *board, const elfspec *s, ...)
{
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok(board, &host);
    vp_error *err = NULL;
    assert_true(load(p, s, &err) < 0);
    assert_non_null(err);
    if (!strstr(err->msg, "/tmp/vp_test_elf_"))
        fail_msg("message '%s' does not name the file", err->msg);
    va_list ap;
    va_start(ap, s);
    const char *piece;
    while ((piece = va_arg(ap, const char *)))
        if (!strstr(err->msg, piece))
            fail_msg("message '%s' lacks '%s'", err->msg, piece);
    va_end(ap);
    vp_error_free(err);
    vp_platform_destroy(p);
}

static uint8_t dbg_byte(vp_platform *p, uint64_t addr)
{
    uint8_t v = 0x5a;
    tlmc_payload pl;
    tlmc_payload_init(&pl, TLMC_READ, addr, &v, 1);
    assert_int_equal(tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl), 1);
    return v;
}

static void test_platform_elf_segments_and_bss(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    /* dirty the bss area first */
    uint8_t junk[256];
    memset(junk, 0xee, sizeof(junk));
    tlmc_payload pl;
    tlmc_payload_init(&pl, TLMC_WRITE, 0x80000100, junk, sizeof(junk));
    tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl);
    const seg segs[] = {{0x80000000, 0x100, 0x300, 0xab}, {0x1100, 0x20, 0x20, 0xcd}};
    elfspec s = {.entry = 0x80000004, .segs = segs, .nsegs = 2};
    vp_error *err = NULL;
    assert_int_equal(load(p, &s, &err), 0);
    assert_null(err);
    assert_int_equal(dbg_byte(p, 0x80000000), 0xab);
    assert_int_equal(dbg_byte(p, 0x800000ff), 0xab);
    assert_int_equal(dbg_byte(p, 0x80000100), 0x00); /* bss zeroed */
    assert_int_equal(dbg_byte(p, 0x800001ff), 0x00);
    assert_int_equal(dbg_byte(p, 0x80000300), 0x00); /* untouched RAM past memsz */
    assert_int_equal(dbg_byte(p, 0x1100), 0xcd);     /* debug writes reach ROM */
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), 0x80000004);
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 1)), 0x80000004);
    vp_platform_destroy(p);
}

static void test_platform_elf_bad_files(void **state)
{
    (void)state;
    const seg ok[] = {{0x80000000, 0x40, 0x40, 1}};
    elfspec s = {.entry = 0x80000000, .segs = ok, .nsegs = 1};
    s.machine = 62;
    expect_load_fail("good.yaml", &s, "machine 62 is not RISC-V", NULL);
    s.machine = 0;
    s.is64 = true;
    expect_load_fail("good.yaml", &s, "ELF64 file, but the harts are RV32", NULL);
    s.is64 = false;
    s.type = 3;
    expect_load_fail("good.yaml", &s, "not an executable", NULL);
    s.type = 0;
    s.truncate = 40;
    expect_load_fail("good.yaml", &s, "truncated ELF header", NULL);
    s.truncate = 70;
    expect_load_fail("good.yaml", &s, "truncated or bad program header table", NULL);
    s.truncate = 100;
    expect_load_fail("good.yaml", &s, "truncated", NULL);
    const seg outside[] = {{0x40000000, 0x100, 0x100, 1}};
    elfspec o = {.entry = 0x40000000, .segs = outside, .nsegs = 1};
    expect_load_fail("good.yaml", &o, "segment 0 [0x40000000..0x400000ff] is outside any memory region", NULL);
    const seg spill[] = {{0x800fff00, 0x80, 0x200, 1}};
    elfspec sp = {.entry = 0x800fff00, .segs = spill, .nsegs = 1};
    expect_load_fail("good.yaml", &sp, "segment 0 [0x800fff00..0x801000ff] is outside any memory region", NULL);
    /* An entry the harts cannot fetch from, or nothing to load: refused
     * at load time (else a silent trap loop). */
    elfspec far = {.entry = 0x40000000, .segs = ok, .nsegs = 1};
    expect_load_fail("good.yaml", &far, "entry point 0x40000000 is not in executable memory", NULL);
    const seg empty[] = {{0x80000000, 0, 0, 1}};
    elfspec none = {.entry = 0x80000000, .segs = empty, .nsegs = 1};
    expect_load_fail("good.yaml", &none, "no loadable segment", NULL);
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    vp_error *err = NULL;
    assert_int_equal(vp_platform_load_elf(p, "/nonexistent/fw.elf", &err), VP_ENOENT);
    pf_expect_pieces(err->msg, "/nonexistent/fw.elf", NULL);
    vp_error_free(err);
    vp_platform_destroy(p);
}

static void test_platform_elf_rv64(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("rv64.yaml", &host);
    const seg segs[] = {{0x80000000, 0x10, 0x10, 0x77}};
    elfspec s = {.is64 = true, .entry = 0x80000008, .segs = segs, .nsegs = 1};
    vp_error *err = NULL;
    assert_int_equal(load(p, &s, &err), 0);
    assert_int_equal(dbg_byte(p, 0x8000000f), 0x77);
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), 0x80000008);
    vp_platform_destroy(p);
    s.is64 = false;
    expect_load_fail("rv64.yaml", &s, "ELF32 file, but the harts are RV64", NULL);
}

static tlmc_response wr(vp_platform *p, uint64_t a, uint64_t v, uint32_t len)
{
    vp_time d = 0;
    return tlmc_write(tlmc_router_target(vp_platform_router(p)), a, &v, len, &d);
}

static uint64_t rd64(vp_platform *p, uint64_t a)
{
    uint64_t v = 0;
    vp_time d = 0;
    assert_int_equal(tlmc_read(tlmc_router_target(vp_platform_router(p)), a, &v, 8, &d), TLMC_OK_RESPONSE);
    return v;
}

static void test_platform_elf_htif_exit(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    const seg segs[] = {{0x80000000, 0x2000, 0x2000, 0}};
    const sym syms[] = {{"_start", 0x80000000}, {"tohost", 0x80001000}, {"fromhost", 0x80001040}};
    elfspec s = {.entry = 0x80000000, .segs = segs, .nsegs = 1, .syms = syms, .nsyms = 3};
    vp_error *err = NULL;
    assert_int_equal(load(p, &s, &err), 0);
    /* 64-bit write of 1: pass -> status 0 */
    assert_int_equal(wr(p, 0x80001000, 1, 8), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 1);
    assert_int_equal(host.status, 0);
    assert_int_equal(rd64(p, 0x80001000), 1);
    /* RV32 riscv-tests order: low word (5 << 1 | 1), then high word 0 */
    assert_int_equal(wr(p, 0x80001000, 11, 4), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 1);
    assert_int_equal(wr(p, 0x80001004, 0, 4), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 2);
    assert_int_equal(host.status, 5);
    /* reverse order: high first, then low */
    assert_int_equal(wr(p, 0x80001004, 0, 4), TLMC_OK_RESPONSE);
    assert_int_equal(wr(p, 0x80001000, 7, 4), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 3);
    assert_int_equal(host.status, 3);
    /* even values are commands we do not implement: ignored */
    assert_int_equal(wr(p, 0x80001000, 0x100, 8), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 3);
    assert_int_equal(rd64(p, 0x80001000), 0x100);
    /* fromhost is plain storage; RAM around the words is still RAM */
    assert_int_equal(wr(p, 0x80001040, 0x1234, 8), TLMC_OK_RESPONSE);
    assert_int_equal(rd64(p, 0x80001040), 0x1234);
    assert_int_equal(host.exits, 3);
    assert_int_equal(wr(p, 0x80001008, 9, 8), TLMC_OK_RESPONSE);
    assert_int_equal(rd64(p, 0x80001008), 9);
    assert_int_equal(host.exits, 3);
    vp_platform_destroy(p);
}

static void test_platform_elf_without_tohost_maps_nothing(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = pf_build_ok("good.yaml", &host);
    const seg segs[] = {{0x80000000, 0x2000, 0x2000, 0}};
    const sym syms[] = {{"tohostx", 0x80001000}, {"_start", 0x80000000}};
    elfspec s = {.entry = 0x80000000, .segs = segs, .nsegs = 1, .syms = syms, .nsyms = 2};
    vp_error *err = NULL;
    assert_int_equal(load(p, &s, &err), 0);
    assert_int_equal(wr(p, 0x80001000, 1, 8), TLMC_OK_RESPONSE);
    assert_int_equal(host.exits, 0);
    vp_platform_destroy(p);
}

int main(void)
{
    setenv("VPBRIDGE_MODULE_DIR", "/nonexistent-vp-module-dir", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_elf_segments_and_bss),
        cmocka_unit_test(test_platform_elf_bad_files),
        cmocka_unit_test(test_platform_elf_rv64),
        cmocka_unit_test(test_platform_elf_htif_exit),
        cmocka_unit_test(test_platform_elf_without_tohost_maps_nothing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
