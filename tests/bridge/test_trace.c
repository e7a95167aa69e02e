/* SPDX-License-Identifier: Apache-2.0 */
/* test_trace.c - every --trace category prints what docs/cli.md says, on
 * real runs of the built vpbridge: exec (a line per executed block), tb
 * (translations, invalidations and flushes with their reasons), tlm (each
 * routed transaction with target, command, address, size, data, response
 * and delay), sync (quantum rounds, WFI sleeps, syncs after SystemC
 * accesses) and mmu (reserved: accepted, prints nothing yet); and the
 * --stats lines beside them (per-device transaction counts). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define BOARD VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define HELLO VP_FIRMWARE_DIR "/rv32/hello.elf"

static vp_cmd_result traced(const char *board, const char *elf, const char *cats)
{
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --trace %s --stats", VPBRIDGE, board, elf, cats);
    if (r.status != 0)
        fail_msg("--trace %s: exit %d\n%s", cats, r.status, r.err);
    return r;
}

static unsigned long stat_of(const char *err, const char *key)
{
    const char *p = strstr(err, key);
    if (!p)
        fail_msg("no '%s' in:\n%s", key, err);
    return strtoul(p + strlen(key), NULL, 10);
}

/* The number after `key` on `dev`'s "vpbridge: stats: device DEV @" line. */
static unsigned long device_stat(const char *err, const char *dev, const char *key)
{
    char head[128];
    snprintf(head, sizeof head, "vpbridge: stats: device %s @", dev);
    const char *line = strstr(err, head);
    if (!line)
        fail_msg("no '%s' line in:\n%s", head, err);
    const char *eol = strchr(line, '\n'), *p = strstr(line, key);
    if (!p || (eol && p > eol))
        fail_msg("no '%s' on the line of %s:\n%s", key, dev, err);
    return strtoul(p + strlen(key), NULL, 10);
}

static void expect(const char *err, const char *piece)
{
    if (!strstr(err, piece))
        fail_msg("'%s' not in:\n%s", piece, err);
}

static void test_trace_exec_one_line_per_block(void **state)
{
    (void)state;
    static const char *const accels[] = {"jit", "interp"};
    for (unsigned a = 0; a < 2; a++) {
        vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --trace exec --stats --accel %s", VPBRIDGE, BOARD,
                                     HELLO, accels[a]);
        assert_int_equal(r.status, 0);
        expect(r.err, "exec: hart 0: pc 0x80000000 icount 0\n");
        unsigned lines = vp_cmd_count_lines(r.err, "exec: hart 0: pc 0x");
        unsigned long blocks = stat_of(r.err, "tbs executed ");
        if (lines < 10 || lines != blocks)
            fail_msg("--accel %s: %u exec lines, %lu blocks executed", accels[a], lines, blocks);
        vp_cmd_free(&r);
    }
}

static void test_trace_tb_translations_and_invalidations(void **state)
{
    (void)state;
    vp_cmd_result r = traced(BOARD, HELLO, "tb");
    expect(r.err, "tb: hart 0: translate block 0x80000000 (");
    assert_int_equal(vp_cmd_count_lines(r.err, "translate block 0x"), stat_of(r.err, "tbs translated "));
    vp_cmd_free(&r);
    /* fw/scexec.c in tests/bridge/sc-devices: fence.i, then DMI revoked under code */
    r = traced(VP_SOURCE_DIR "/tests/bridge/sc-devices/data/scmem.yaml",
               VP_BUILD_DIR "/tests/bridge/sc-devices/fw/rv32/scexec.elf",
               "tb");
    expect(r.err, "tb: hart 0: fence.i: ");
    expect(r.err, " code pages checked, ");
    expect(r.err, "tb: hart 0: invalidate block 0x10020000 (2 insns): DMI invalidated at 0x10020000\n");
    vp_cmd_free(&r);
    r = traced(VP_SOURCE_DIR "/tests/bridge/sc-devices/data/scmem-nodmi.yaml",
               VP_BUILD_DIR "/tests/bridge/sc-devices/fw/rv32/scexec.elf", "tb");
    expect(r.err, "tb: hart 0: translate block 0x10020000 (2 insns, 8 bytes), not cached: code outside DMI\n");
    vp_cmd_free(&r);
}

static void test_trace_tlm_transactions(void **state)
{
    (void)state;
    vp_cmd_result r = traced(BOARD, HELLO, "tlm");
    /* 'H' to the UART's THR, the finisher's pass, and the loader's writes */
    expect(r.err, "tlm: virt-rv32: initiator 0 -> uart0: write 0x10000000 [1] = 0x48: OK, delay ");
    expect(r.err, "tlm: virt-rv32: initiator 0 -> test0: write 0x100000 [4] = 0x00005555: OK, delay ");
    expect(r.err, "-> uart0: read 0x10000005 [1] = 0x");
    expect(r.err, "tlm: virt-rv32: initiator 0 -> ram: dbg write 0x80000000 [");
    assert_true(vp_cmd_count_lines(r.err, "-> uart0: write 0x10000000 [1]") >= strlen("Hello from vpbridge"));
    /* --stats counts per device what the trace shows one line at a time */
    assert_int_equal(device_stat(r.err, "uart0", "writes "), vp_cmd_count_lines(r.err, "-> uart0: write "));
    assert_int_equal(device_stat(r.err, "uart0", "reads "), vp_cmd_count_lines(r.err, "-> uart0: read "));
    assert_int_equal(device_stat(r.err, "ram", "debug "), vp_cmd_count_lines(r.err, "-> ram: dbg "));
    vp_cmd_free(&r);
}

static void test_trace_sync_rounds_sleeps_and_syncs(void **state)
{
    (void)state;
    vp_cmd_result r = traced(BOARD, VP_FIRMWARE_DIR "/rv32/timer.elf", "sync");
    expect(r.err, "sync: round 1 at 0 ps: quantum 10000000 ps, harts used ");
    expect(r.err, "sync: all harts in WFI at ");
    expect(r.err, "sync: hart 0: sleeps in WFI after ");
    vp_cmd_free(&r);
    r = traced(VP_SOURCE_DIR "/examples/sc-modules/virt-sc-rv32.yaml", VP_FIRMWARE_DIR "/rv32/sctimer.elf", "sync");
    expect(r.err, "sync: hart 0: ends its turn after an access to a SystemC model\n");
    /* --stats counts the turns by what ended them: those SystemC accesses
     * are requests, counted once per turn; and splits the host time */
    unsigned long req = vp_cmd_number_after(r.err, "in WFI, 0 by an annotated delay, ");
    unsigned long sc = vp_cmd_number_after(r.err, "by a request (");
    if (sc == 0 || sc > req || !strstr(r.err, " after a SystemC-model access), 0 by a trap storm\n") ||
        vp_cmd_number_after(r.err, "vpbridge: stats: turns: ") == 0)
        fail_msg("turn causes:\n%s", r.err);
    expect(r.err, "vpbridge: stats: host time: harts ");
    expect(r.err, " s, device accesses ");
    /* the SystemC-side device's line carries its YAML name, and each of
     * those syncs followed one of its accesses */
    unsigned long sct = device_stat(r.err, "timer0", "reads ") + device_stat(r.err, "timer0", "writes ");
    if (sct < sc)
        fail_msg("timer0: %lu accesses, %lu syncs after a SystemC-model access:\n%s", sct, sc, r.err);
    vp_cmd_free(&r);
}

static void test_trace_mmu_reserved_and_off_is_silent(void **state)
{
    (void)state;
    vp_cmd_result r = traced(BOARD, HELLO, "mmu");
    assert_string_equal(r.out, "Hello from vpbridge on RV32!\nhart 0 says goodbye.\n");
    /* 5 lines for the hart and the run, 3 for the devices with traffic:
     * test0, uart0, ram (clint0 and plic0 saw nothing) */
    assert_int_equal(vp_cmd_count_lines(r.err, "vpbridge: stats"), 8);
    assert_int_equal(vp_cmd_count_lines(r.err, ""), 8); /* nothing but --stats */
    assert_int_equal(vp_cmd_count_lines(r.err, "vpbridge: stats: device "), 3);
    vp_cmd_free(&r);
    r = traced(BOARD, HELLO, "none");
    assert_int_equal(vp_cmd_count_lines(r.err, ""), 8);
    vp_cmd_free(&r);
}

/* --stats: one line per device with traffic, counting what the guest did. */
static void test_trace_stats_per_device(void **state)
{
    (void)state;
    vp_cmd_result r = traced(BOARD, HELLO, "none");
    const char *out = "Hello from vpbridge on RV32!\nhart 0 says goodbye.\n";
    assert_string_equal(r.out, out);
    /* The UART: one THR write per byte printed, each after an LSR read. */
    expect(r.err, "vpbridge: stats: device uart0 @0x10000000: reads ");
    assert_int_equal(device_stat(r.err, "uart0", "writes "), strlen(out));
    assert_int_equal(device_stat(r.err, "uart0", "bytes written "), strlen(out));
    assert_true(device_stat(r.err, "uart0", "reads ") >= strlen(out));
    assert_int_equal(device_stat(r.err, "uart0", "errors "), 0);
    assert_int_equal(device_stat(r.err, "uart0", "dmi grants "), 0);
    /* The finisher: its one 32-bit pass write. */
    expect(r.err, "vpbridge: stats: device test0 @0x100000: reads 0, writes 1, errors 0, debug 0, dmi grants 0, "
                  "bytes read 0, bytes written 4, ");
    /* RAM: the ELF went in by debug transport, then DMI served the rest,
     * which the line says it does not count. */
    assert_true(device_stat(r.err, "ram", "debug ") > 0);
    assert_true(device_stat(r.err, "ram", "dmi grants ") > 0);
    expect(r.err, " (accesses through DMI not counted)\n");
    /* No traffic, no line. */
    assert_null(strstr(r.err, "device clint0 "));
    assert_null(strstr(r.err, "device plic0 "));
    /* Every access of the hart that left through the bus is on one line. */
    unsigned long io = vp_cmd_number_after(r.err, "io accesses ");
    unsigned long routed = 0;
    static const char *const devs[] = {"uart0", "test0", "ram"};
    for (unsigned i = 0; i < 3; i++)
        routed += device_stat(r.err, devs[i], "reads ") + device_stat(r.err, devs[i], "writes ");
    assert_int_equal(routed, io);
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_exec_one_line_per_block),
        cmocka_unit_test(test_trace_tb_translations_and_invalidations),
        cmocka_unit_test(test_trace_tlm_transactions),
        cmocka_unit_test(test_trace_sync_rounds_sleeps_and_syncs),
        cmocka_unit_test(test_trace_mmu_reserved_and_off_is_silent),
        cmocka_unit_test(test_trace_stats_per_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
