/* SPDX-License-Identifier: Apache-2.0 */
/* test_run_traps.c - traps through the vpbridge command: --stats counts
 * every exception; a trap vector that faults itself stops the run as a
 * trap storm (exit 123, one line naming hart, cause, pc and vector), and
 * exceptions count toward --max-insns and --max-time; an ELF whose entry
 * is not in executable memory, or that loads nothing, is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define BOARD VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define FW VP_BRIDGE_FW_DIR "/rv32/"

static void test_run_traps_counted_in_stats(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --stats", VPBRIDGE, BOARD, FW "trapcount.elf");
    assert_int_equal(r.status, 0);
    if (!strstr(r.err, "traps 1000,"))
        fail_msg("--stats does not count 1000 traps:\n%s", r.err);
    vp_cmd_free(&r);
}

static void test_run_traps_storm_stops(void **state)
{
    (void)state;
    static const char *const accels[] = {"jit", "interp"};
    for (unsigned i = 0; i < 2; i++) {
        vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --accel %s --stats --timeout 60", VPBRIDGE, BOARD,
                                     FW "faultvec.elf", accels[i]);
        assert_int_equal(r.status, 123);
        const char *want = "vpbridge: stopped: trap storm on hart 0: 100000 exceptions in a row retired no "
                           "instruction; last: instruction access fault (cause 1) at pc 0x0, tval 0x0, trap "
                           "vector 0x0\n";
        if (!strstr(r.err, want))
            fail_msg("--accel %s: no trap-storm line:\n%s", accels[i], r.err);
        if (!strstr(r.err, "traps 100000,")) /* the illegal instruction is the first of them */
            fail_msg("--accel %s: traps not counted:\n%s", accels[i], r.err);
        vp_cmd_free(&r);
    }
}

/* Exceptions are steps: the limits fire during a storm too. */
static void test_run_traps_limits_fire(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --max-insns 5000", VPBRIDGE, BOARD, FW "faultvec.elf");
    assert_int_equal(r.status, 124);
    assert_non_null(strstr(r.err, "--max-insns 5000 reached"));
    vp_cmd_free(&r);
    r = vp_cmd_run("%s run %s --kernel %s --max-time 20us", VPBRIDGE, BOARD, FW "faultvec.elf");
    assert_int_equal(r.status, 124);
    assert_non_null(strstr(r.err, "--max-time 20us of simulated time reached"));
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_traps_counted_in_stats),
        cmocka_unit_test(test_run_traps_storm_stops),
        cmocka_unit_test(test_run_traps_limits_fire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
