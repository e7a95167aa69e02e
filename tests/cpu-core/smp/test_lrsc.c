/* SPDX-License-Identifier: Apache-2.0 */
/* test_lrsc.c - LR/SC across four harts (fw/lrsc.c) through the built
 * vpbridge: rv32 and rv64, JIT and interpreter, quanta from 10 us down to
 * 20 ns (a quantum of 20 instructions ends runs between LR and SC), and a
 * SystemC DMA engine writing the reserved word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

static const char *const expected =
    "lrsc: counter 2000\n"
    "lrsc: store by another hart: sc failed\n"
    "lrsc: amo by another hart: sc failed\n"
    "lrsc: sc by another hart: sc failed\n"
    "lrsc: neighbour next to the reservation: sc succeeded\n"
    "lrsc: device: lr faults, sc fails\n"
    "lrsc: code rewritten by another hart: new code ran after fence.i\n";

static void run_one(const char *board, const char *elf, const char *accel, const char *quantum, const char *tail)
{
    vp_cmd_result r = vp_cmd_run("%s run %s/%s --kernel %s/%s --accel %s --quantum %s --timeout 60", VPBRIDGE,
                                 SMP_DATA, board, SMP_FW, elf, accel, quantum);
    char want[1024];
    snprintf(want, sizeof want, "%s%slrsc: pass\n", expected, tail);
    if (r.status != 0 || strcmp(r.out, want))
        fail_msg("%s %s --accel %s --quantum %s: exit %d\nstdout:\n%s\nstderr:\n%s", board, elf, accel, quantum,
                 r.status, r.out, r.err);
    vp_cmd_free(&r);
}

static void test_lrsc_exact_across_harts(void **state)
{
    (void)state;
    static const char *const quanta[] = {"10us", "100ns", "20ns"};
    static const char *const accels[] = {"jit", "interp"};
    for (unsigned a = 0; a < 2; a++) {
        for (unsigned q = 0; q < 3; q++) {
            run_one("smp4-rv32.yaml", "rv32/lrsc.elf", accels[a], quanta[q], "");
            run_one("smp4-rv64.yaml", "rv64/lrsc.elf", accels[a], quanta[q], "");
        }
    }
}

/* The SystemC DMA engine writes RAM through the bus: the write breaks a
 * reservation, and over translated code it drops the translation. */
static void test_lrsc_dma_write_breaks_reservation(void **state)
{
    (void)state;
    const char *tail = "lrsc: dma write: sc failed\nlrsc: dma over code: new code ran\n";
    run_one("smp4-sc-rv32.yaml", "rv32/lrsc-dma.elf", "jit", "1us", tail);
    run_one("smp4-sc-rv32.yaml", "rv32/lrsc-dma.elf", "interp", "100ns", tail);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lrsc_exact_across_harts),
        cmocka_unit_test(test_lrsc_dma_write_breaks_reservation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
