/* SPDX-License-Identifier: Apache-2.0 */
/* test_boot_qemu.c - `vpbridge run` boots images as QEMU 7.2's virt
 * machine does: fw/bootregs.S prints a0 (hart id), a1 (the device tree's
 * address), the tree's magic and the fw_dynamic_info at a2; its output on
 * vpbridge and on qemu-system-riscvNN (-bios none -kernel ELF, -bios none
 * -kernel raw, -bios raw -kernel raw) must be the same byte for byte.
 * fw/uartrx reads a pipe through the UART's RX interrupt, on both.
 * QEMU missing is a failure, not a skip. Bad --bios/--kernel/--initrd/--dtb
 * give one line naming the option and the file, exit 125.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

static void compare(unsigned xlen, const char *vp_args, const char *qemu_args, const char *next_addr)
{
    char fw[512];
    snprintf(fw, sizeof fw, "%s/rv%u/bootregs", VP_BRIDGE_FW_DIR, xlen);
    vp_cmd_result v = vp_cmd_run("%s run %s/platforms/virt-rv%u.yaml --timeout 20 %s < /dev/null", VPBRIDGE,
                                 VP_SOURCE_DIR, xlen, vp_args);
    vp_cmd_result q = vp_cmd_run("command -v qemu-system-riscv%u >/dev/null || { echo 'qemu-system-riscv%u is "
                                 "missing (tools/setup.sh)' >&2; exit 99; }; FW=%s; timeout 20 qemu-system-riscv%u "
                                 "-M virt -m 128M -smp 1 -nographic -monitor none -serial stdio %s < /dev/null",
                                 xlen, xlen, fw, xlen, qemu_args);
    if (q.status != 0)
        fail_msg("qemu (%s): exit %d: %s", qemu_args, q.status, q.err);
    if (v.status != 0)
        fail_msg("vpbridge (%s): exit %d: %s", vp_args, v.status, v.err);
    print_message("rv%u %s:\n%s", xlen, vp_args, v.out);
    assert_string_equal(v.out, q.out);
    assert_non_null(strstr(v.out, "a0=0"));
    assert_non_null(strstr(v.out, xlen == 64 ? "a1=0000000087e00000" : "a1=87e00000"));
    assert_non_null(strstr(v.out, "edfe0dd0\n"));
    assert_non_null(strstr(v.out, next_addr));
    vp_cmd_free(&v);
    vp_cmd_free(&q);
}

static void run_all(unsigned xlen)
{
    char a[1200], b[1200];
    char fw[512];
    snprintf(fw, sizeof fw, "%s/rv%u/bootregs", VP_BRIDGE_FW_DIR, xlen);
    snprintf(a, sizeof a, "--kernel %s.elf", fw);
    compare(xlen, a, "-bios none -kernel $FW.elf", xlen == 64 ? "d=0000000080000000" : "d=80000000");
    snprintf(a, sizeof a, "--bios none --kernel %s.bin", fw);
    compare(xlen, a, "-bios none -kernel $FW.bin", xlen == 64 ? "d=0000000080000000" : "d=80000000");
    snprintf(a, sizeof a, "--bios %s.bin --kernel %s.bin", fw, fw);
    snprintf(b, sizeof b, "-bios $FW.bin -kernel $FW.bin");
    compare(xlen, a, b, xlen == 64 ? "d=0000000080200000" : "d=80400000");
}

static void test_boot_rv64_like_qemu(void **state)
{
    (void)state;
    run_all(64);
}

static void test_boot_rv32_like_qemu(void **state)
{
    (void)state;
    run_all(32);
}

/* fw/uartrx: bytes from a pipe reach the guest through RX interrupts, on
 * both. */
static void test_uart_rx_interrupts_like_qemu(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        char fw[512];
        snprintf(fw, sizeof fw, "%s/rv%u/uartrx.elf", VP_BRIDGE_FW_DIR, xlen);
        vp_cmd_result v = vp_cmd_run("printf 'hello, world q' | %s run %s/platforms/virt-rv%u.yaml --timeout 20 "
                                     "--kernel %s", VPBRIDGE, VP_SOURCE_DIR, xlen, fw);
        vp_cmd_result q = vp_cmd_run("printf 'hello, world q' | timeout 20 qemu-system-riscv%u -M virt -m 128M "
                                     "-nographic -monitor none -serial stdio -bios none -kernel %s", xlen, fw);
        if (v.status != 0)
            fail_msg("vpbridge: exit %d: %s%s", v.status, v.out, v.err);
        assert_int_equal(q.status, 0);
        assert_string_equal(v.out, "HELLO, WORLD \nok\n");
        assert_string_equal(v.out, q.out);
        vp_cmd_free(&v);
        vp_cmd_free(&q);
    }
}

/* Seconds in a "--stats" time ("107.291052 ms", "4.672268 s", ...). */
static double stat_seconds(const char *err, const char *key)
{
    const char *at = strstr(err, key);
    double v = 0;
    char unit[8] = "";
    if (!at || sscanf(at + strlen(key), "%lf %7[a-z]", &v, unit) != 2)
        fail_msg("no '%s' in: %s", key, err);
    static const struct { const char *u; double f; } units[] = {{"s", 1}, {"ms", 1e-3}, {"us", 1e-6},
                                                               {"ns", 1e-9}, {"ps", 1e-12}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(unit, units[i].u))
            return v * units[i].f;
    fail_msg("unit '%s' after '%s'", unit, key);
    return 0;
}

/* fw/uartrx sleeps in WFI waiting for input from a pipe that stays quiet
 * for a second: every poll of stdin finds nothing and the kernel skips to
 * the next one. The polls wait on the host, so simulated time does not
 * outrun the host's (it did, 40x and more, spinning a core meanwhile). */
static void test_uart_idle_input_wait_keeps_host_pace(void **state)
{
    (void)state;
    char fw[512];
    snprintf(fw, sizeof fw, "%s/rv64/uartrx.elf", VP_BRIDGE_FW_DIR);
    vp_cmd_result v = vp_cmd_run("(sleep 1; printf 'idle q') | %s run %s/platforms/virt-rv64.yaml --timeout 20 "
                                 "--stats --kernel %s", VPBRIDGE, VP_SOURCE_DIR, fw);
    if (v.status != 0)
        fail_msg("vpbridge: exit %d: %s%s", v.status, v.out, v.err);
    assert_string_equal(v.out, "IDLE \nok\n");
    double sim = stat_seconds(v.err, "simulated time "), wall = stat_seconds(v.err, "wall time ");
    /* The wall time counts from the start of the simulation: the pipe's
     * second also covers vpbridge's start-up (0.1 s and more under the
     * sanitizers), hence 0.5, not 1. */
    if (sim < 0.5 || sim > wall + 0.05)
        fail_msg("simulated %.3f s in %.3f s of host time waiting for input: %s", sim, wall, v.err);
    vp_cmd_free(&v);
}

static void expect_error(const char *args, const char *line)
{
    vp_cmd_result r = vp_cmd_run("%s run %s/platforms/virt-rv64.yaml %s", VPBRIDGE, VP_SOURCE_DIR, args);
    assert_int_equal(r.status, 125);
    assert_string_equal(r.err, line);
    assert_string_equal(r.out, "");
    vp_cmd_free(&r);
}

static void test_boot_bad_images(void **state)
{
    (void)state;
    expect_error("--bios /nonexistent.bin", "vpbridge: --bios /nonexistent.bin: No such file or directory\n");
    expect_error("--kernel " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin --initrd /etc",
                 "vpbridge: --initrd /etc: not a regular file\n");
    expect_error("--bios " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin --initrd " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin",
                 "vpbridge: --initrd " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin: needs --kernel (it goes after the "
                 "kernel's entry)\n");
    expect_error("--kernel " VP_BRIDGE_FW_DIR "/rv32/bootregs.elf",
                 "vpbridge: --kernel " VP_BRIDGE_FW_DIR "/rv32/bootregs.elf: ELF32 file, but the harts are RV64\n");
    expect_error("--kernel " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin --dtb " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin",
                 "vpbridge: --dtb " VP_BRIDGE_FW_DIR "/rv64/bootregs.bin: not a device tree blob: FDT_ERR_BADMAGIC\n");
    vp_cmd_result r = vp_cmd_run("%s run %s/platforms/virt-rv64.yaml --bios none", VPBRIDGE, VP_SOURCE_DIR);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "vpbridge: run: missing --kernel FILE (or --bios FILE)\n");
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_rv64_like_qemu),
        cmocka_unit_test(test_boot_rv32_like_qemu),
        cmocka_unit_test(test_boot_bad_images),
        cmocka_unit_test(test_uart_rx_interrupts_like_qemu),
        cmocka_unit_test(test_uart_idle_input_wait_keeps_host_pace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
