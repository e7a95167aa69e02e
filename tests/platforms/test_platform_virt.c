/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_virt.c - the standard boards with the real device modules
 * from the built-in module dir: they build, print a sane map, and a tiny
 * guest program run on the CPU core reaches the test finisher, whose
 * status comes back through the platform host.
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

/* Loads and builds platforms/<name> with `harts` harts (0: its count);
 * NULL with *errp set when that fails and errp is given. */
static vp_platform *board_harts(const char *name, pf_fake_host *host, uint32_t harts, vp_error **errp)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/platforms/%s", VP_SOURCE_DIR, name);
    vp_error *err = NULL;
    vp_platform_options o = {sizeof(o), VP_PLATFORM_ABI, NULL, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, harts};
    vp_platform *p = vp_platform_load(path, &o, &err);
    static vp_platform_host h;
    h = (vp_platform_host){sizeof(h), VP_PLATFORM_ABI, NULL, host};
    h.request_exit = pf_fake_exit;
    if (p && (vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err) || vp_platform_realize(p, &err))) {
        vp_platform_destroy(p);
        p = NULL;
    }
    if (!p && errp)
        *errp = err;
    else if (!p)
        fail_msg("%s", err->msg);
    return p;
}

static vp_platform *board(const char *name, pf_fake_host *host) { return board_harts(name, host, 0, NULL); }

static void test_platform_virt_boards_build_and_print(void **state)
{
    (void)state;
    const char *boards[] = {"virt-rv32.yaml", "virt-rv64.yaml"};
    for (int i = 0; i < 2; i++) {
        pf_fake_host host = {0, 0};
        vp_platform *p = board(boards[i], &host);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        vp_platform_print(p, f);
        fclose(f);
        pf_expect_pieces(buf, "128 MiB", "ram", "ns16550a", "clint", "plic", "sifive_test", "6 MiB", "64 KiB",
                         "uart0.irq      -> plic0.src[10]", "plic0.meip[0]  -> hart0.meip", "mtime at 0x200bff8",
                         NULL);
        free(buf);
        vp_platform_destroy(p);
    }
}

/* lui t0,0x100; lui t1,0x33; addi t1,t1,0x333; sw t1,0(t0); j . -> finisher FAIL with code 3 */
static const uint32_t prog[] = {0x001002b7, 0x00033337, 0x33330313, 0x0062a023, 0x0000006f};

static void run_prog(const char *name, bool is64)
{
    pf_fake_host host = {0, 0};
    vp_platform *p = board(name, &host);
    const seg segs[] = {{0x80000000, sizeof(prog), sizeof(prog), 0}};
    elfspec s = {.is64 = is64, .entry = 0x80000000, .segs = segs, .nsegs = 1};
    char *path = pf_write_elf(&s);
    vp_error *err = NULL;
    /* patch the code in after the generic loader ran: write through debug transport */
    assert_int_equal(vp_platform_load_elf(p, path, &err), 0);
    unlink(path);
    free(path);
    tlmc_payload pl;
    tlmc_payload_init(&pl, TLMC_WRITE, 0x80000000, (void *)prog, sizeof(prog));
    assert_int_equal(tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl), sizeof(prog));
    vp_cpu_flush_code(vp_platform_cpu(p, 0));
    uint64_t executed = 0;
    vp_cpu_run(vp_platform_cpu(p, 0), 100, VP_TIME_MAX, &executed, NULL);
    assert_int_equal(host.exits >= 1, 1);
    assert_int_equal(host.status, 3);
    vp_platform_destroy(p);
}

static void test_platform_virt_guest_reaches_finisher(void **state)
{
    (void)state;
    run_prog("virt-rv32.yaml", false);
    run_prog("virt-rv64.yaml", true);
}

/* PLIC source 0 does not exist: the src port's lines are 1..num-sources
 * (vp_port_decl.first = 1), so src[0] is refused like an index past the end. */
static void test_platform_virt_plic_src0_refused(void **state)
{
    (void)state;
    pf_expect_build_fail("irq_plic_src0.yaml", "12:5: ", "irq 'uart0.irq -> plic0.src[0]': ",
                         "plic0.src[0]: line 0 does not exist (plic src lines are 1..96)", NULL);
    pf_expect_build_fail("irq_plic_src97.yaml", "12:5: ", "irq 'uart0.irq -> plic0.src[97]': ",
                         "index 97 is out of range for 'plic0.src' (plic src lines are 1..96)", NULL);
}

/* The boards write their hart lines per hart: with their own count they
 * wire hart0 as they always did; with 4 harts (vpbridge --smp 4) every
 * hart gets the CLINT's msip and mtip and the PLIC's contexts. */
static void test_platform_virt_boards_per_hart(void **state)
{
    (void)state;
    const char *boards[] = {"virt-rv32.yaml", "virt-rv64.yaml", "virt-rv32gc.yaml", "virt-rv64gc.yaml"};
    for (int i = 0; i < 4; i++) {
        bool gc = strstr(boards[i], "gc") != NULL;
        pf_fake_host host = {0, 0};
        vp_platform *p = board(boards[i], &host);
        assert_int_equal(vp_platform_cpu_count(p), 1);
        char *irqs = pf_irq_listing(p);
        char want[1024];
        snprintf(want, sizeof want,
                 "  clint0.msip[0] -> hart0.msip\n  clint0.mtip[0] -> hart0.mtip\n  plic0.meip[0]  -> hart0.meip\n"
                 "%s  uart0.irq      -> plic0.src[10]\n",
                 gc ? "  plic0.seip[0]  -> hart0.seip\n" : "");
        assert_string_equal(irqs, want);
        free(irqs);
        vp_platform_destroy(p);
        p = board_harts(boards[i], &host, 4, NULL);
        assert_int_equal(vp_platform_cpu_count(p), 4);
        assert_non_null(vp_platform_cpu(p, 3));
        irqs = pf_irq_listing(p);
        pf_expect_pieces(irqs, "clint0.msip[3] -> hart3.msip", "clint0.mtip[3] -> hart3.mtip",
                         "plic0.meip[3]  -> hart3.meip", "plic0.meip[1]  -> hart1.meip", NULL);
        assert_true(!gc || strstr(irqs, "plic0.seip[3]  -> hart3.seip"));
        free(irqs);
        vp_platform_destroy(p);
    }
}

/* The PLIC's 0x600000 window holds the contexts of 512 harts (QEMU virt's
 * most); a 513th hart is refused when the board is built. */
static void test_platform_virt_plic_window_limits_harts(void **state)
{
    (void)state;
    pf_fake_host host = {0, 0};
    vp_platform *p = board_harts("virt-rv64.yaml", &host, 512, NULL);
    assert_int_equal(vp_platform_cpu_count(p), 512);
    vp_platform_destroy(p);
    vp_error *err = NULL;
    assert_null(board_harts("virt-rv64.yaml", &host, 513, &err));
    assert_non_null(err);
    pf_expect_pieces(err->msg, "virt-rv64.yaml:17:5: device 'plic0' (plic): create failed: ",
                     "513 harts need 1026 contexts, whose registers end at 0x602000: the MMIO window of size "
                     "0x600000 holds the contexts of 512 harts",
                     NULL);
    vp_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_virt_boards_build_and_print),
        cmocka_unit_test(test_platform_virt_guest_reaches_finisher),
        cmocka_unit_test(test_platform_virt_plic_src0_refused),
        cmocka_unit_test(test_platform_virt_boards_per_hart),
        cmocka_unit_test(test_platform_virt_plic_window_limits_harts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
