/* SPDX-License-Identifier: Apache-2.0 */
/* test_digest.c - `vpbridge run --digest` (docs/batch.md, determinism):
 * one `vpbridge: digest <16 hex digits>` line only when asked; the same
 * digest on every run of a job (firmware with timer interrupts, with
 * console input by interrupt, on 1 and 4 harts), whichever executor runs it
 * when the guest takes its interrupts at the same instructions (these
 * guests wait for them in WFI); and a different digest when what the guest
 * did differs: other console input (device reads), another program, a run
 * cut short by --max-insns (the final state). */
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
#define RV32 VP_SOURCE_DIR "/platforms/virt-rv32.yaml"
#define RV64 VP_SOURCE_DIR "/platforms/virt-rv64.yaml"
#define FW(x) VP_FIRMWARE_DIR "/" x
#define BFW(x) VP_BRIDGE_FW_DIR "/" x

/* The digest of one run (`args` after `vpbridge run`, stdin from `input`
 * or /dev/null), after checking the exit status and the line's form. */
static uint64_t digest_of(const char *args, const char *input, int status)
{
    char in[64] = "/dev/null";
    if (input) {
        snprintf(in, sizeof in, "/tmp/vp_digest_in_XXXXXX");
        int fd = mkstemp(in);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs(input, f);
        fclose(f);
    }
    vp_cmd_result r = vp_cmd_run("%s run %s --digest < %s", VPBRIDGE, args, in);
    if (input)
        remove(in);
    if (r.status != status)
        fail_msg("vpbridge run %s: exit %d, expected %d\n%s%s", args, r.status, status, r.out, r.err);
    const char *p = strstr(r.err, "vpbridge: digest ");
    if (!p || vp_cmd_count_lines(r.err, "vpbridge: digest ") != 1)
        fail_msg("vpbridge run %s: no single digest line:\n%s", args, r.err);
    p += strlen("vpbridge: digest ");
    char *end = NULL;
    uint64_t d = strtoull(p, &end, 16);
    if (end != p + 16 || *end != '\n')
        fail_msg("vpbridge run %s: the digest is not 16 hex digits: %s", args, p);
    vp_cmd_free(&r);
    return d;
}

static void test_digest_only_when_asked(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s < /dev/null", VPBRIDGE, RV32, FW("rv32/hello.elf"));
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.err, "digest"));
    vp_cmd_free(&r);
    digest_of(RV32 " --kernel " FW("rv32/hello.elf"), NULL, 0);
}

/* Every run the same; the interpreter and the JIT the same. */
static void same_everywhere(const char *args, const char *input)
{
    char a[512];
    snprintf(a, sizeof a, "%s --accel jit", args);
    uint64_t d = digest_of(a, input, 0);
    assert_int_equal(digest_of(a, input, 0), d);
    snprintf(a, sizeof a, "%s --accel interp", args);
    uint64_t di = digest_of(a, input, 0);
    if (di != d)
        fail_msg("%s: digest %016llx under the JIT, %016llx under the interpreter", args, (unsigned long long)d,
                 (unsigned long long)di);
}

static void test_digest_repeats(void **state)
{
    (void)state;
    same_everywhere(RV32 " --kernel " FW("rv32/timer.elf"), NULL); /* timer interrupts into WFI */
    same_everywhere(RV64 " --kernel " FW("rv64/compute.elf"), NULL);
    same_everywhere(RV64 " --smp 4 --kernel " FW("rv64/hello.elf"), NULL);
    same_everywhere(RV32 " --kernel " BFW("rv32/uartrx.elf"), "abq"); /* console input by interrupt */
}

static void test_digest_differs(void **state)
{
    (void)state;
    const char *rx = RV32 " --kernel " BFW("rv32/uartrx.elf");
    uint64_t ab = digest_of(rx, "abq", 0), ac = digest_of(rx, "acq", 0);
    assert_int_not_equal(ab, ac); /* one byte read from the UART differs */
    uint64_t hello = digest_of(RV32 " --kernel " FW("rv32/hello.elf"), NULL, 0);
    uint64_t timer = digest_of(RV32 " --kernel " FW("rv32/timer.elf"), NULL, 0);
    assert_int_not_equal(hello, timer);
    /* The same program stopped earlier: another final state. */
    uint64_t cut = digest_of(RV64 " --kernel " FW("rv64/compute.elf") " --max-insns 100000", NULL, 124);
    uint64_t full = digest_of(RV64 " --kernel " FW("rv64/compute.elf"), NULL, 0);
    assert_int_not_equal(cut, full);
    assert_int_equal(digest_of(RV64 " --kernel " FW("rv64/compute.elf") " --max-insns 100000", NULL, 124), cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_only_when_asked),
        cmocka_unit_test(test_digest_repeats),
        cmocka_unit_test(test_digest_differs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
