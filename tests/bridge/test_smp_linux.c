/* SPDX-License-Identifier: Apache-2.0 */
/* test_smp_linux.c - `vpbridge run platforms/virt-rv64gc.yaml --smp 4`
 * boots the Linux test guest (tools/linux-guest.sh, docs/linux.md) on 4
 * harts: OpenSBI and Linux see 4 harts in the generated device tree, every
 * hart takes IPIs and timer interrupts through the CLINT and the PLIC's
 * contexts wired by the board's per-hart irqs, the init's checks pass and
 * it powers off with exit 0. The guest is built (once, cached) by the
 * script; a missing firmware or toolchain is a failure, not a skip.
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
#define FW_JUMP "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"

/* The guest's kernel Image (built or taken from the cache). Caller frees. */
static char *guest_image(void)
{
    vp_cmd_result r = vp_cmd_run("%s/tools/linux-guest.sh -j 2", VP_SOURCE_DIR);
    if (r.status != 0)
        fail_msg("tools/linux-guest.sh: exit %d: %s", r.status, r.err);
    const char *at = strstr(r.out, "Image: ");
    assert_non_null(at);
    at += strlen("Image: ");
    char *image = strndup(at, strcspn(at, "\n"));
    vp_cmd_free(&r);
    return image;
}

/* Fails the test naming `what` unless `text` contains it. */
static void expect_in(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("the boot log lacks \"%s\"", what);
}

static void test_smp_linux_boots_on_4_harts(void **state)
{
    (void)state;
    char *image = guest_image();
    vp_cmd_result r = vp_cmd_run("%s run %s/platforms/virt-rv64gc.yaml --smp 4 --bios %s --kernel %s "
                                 "--append console=ttyS0 --timeout 300 </dev/null",
                                 VPBRIDGE, VP_SOURCE_DIR, FW_JUMP, image);
    if (r.status != 0)
        fail_msg("vpbridge --smp 4: exit %d\nstderr: %s\nstdout: %s", r.status, r.err, r.out);
    expect_in(r.out, "Platform HART Count       : 4"); /* OpenSBI, from the device tree */
    expect_in(r.out, "smp: Brought up 1 node, 4 CPUs");
    expect_in(r.out, "hart\t\t: 3"); /* /proc/cpuinfo */
    expect_in(r.out, "CPU0       CPU1       CPU2       CPU3"); /* /proc/interrupts */
    expect_in(r.out, "init: PASS threads started, one per online CPU");
    expect_in(r.out, "init: PASS each thread ran on its CPU");
    expect_in(r.out, "init: done, 0 failures");
    assert_null(strstr(r.out, "init: FAIL"));
    vp_cmd_free(&r);
    free(image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smp_linux_boots_on_4_harts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
