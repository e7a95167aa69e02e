/* SPDX-License-Identifier: Apache-2.0 */
/* test_jit_elf.c - every ISA test ELF (${VP_FIRMWARE_DIR}/isa/rv{32,64})
 * and the example firmware run on a small virt-like machine under the
 * interpreter and under the JIT: UART output, exit status, instruction
 * count and final registers must be identical, and ISA tests must pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "elf_machine.h"

static unsigned run_dir(const char *dir, const char *isa, bool must_pass)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    unsigned n = 0;
    const char *name;
    if (!d)
        return 0;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".elf") || g_str_has_prefix(name, "htif") || g_str_has_prefix(name, "sc"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        em_result ri = {0}, rj = {0};
        const char *why = "";
        const char *hart_isa = isa;
        if (!strcmp(name, "fp.elf")) /* the F/D group (VP_ISA_FP_GROUPS) needs rv<XLEN>gc */
            hart_isa = strstr(isa, "rv32") ? "rv32gc" : "rv64gc";
        if (!em_run(path, hart_isa, VP_CPU_ACCEL_INTERP, 50000000, &ri, &why) ||
            !em_run(path, hart_isa, VP_CPU_ACCEL_JIT, 50000000, &rj, &why))
            fail_msg("%s: %s", path, why);
        if (strcmp(ri.uart->str, rj.uart->str))
            fail_msg("%s: UART output differs:\n--interp--\n%s\n--jit--\n%s", path, ri.uart->str, rj.uart->str);
        if (ri.exit_code != rj.exit_code || ri.insns != rj.insns)
            fail_msg("%s: exit %d/%d, insns %llu/%llu (interp/jit)", path, ri.exit_code, rj.exit_code,
                     (unsigned long long)ri.insns, (unsigned long long)rj.insns);
        for (unsigned i = 0; i < 32; i++)
            if (ri.regs[i] != rj.regs[i])
                fail_msg("%s: x%u differs", path, i);
        if (must_pass && rj.exit_code != 0)
            fail_msg("%s: exit %d", path, rj.exit_code);
        assert_true(rj.stats.tbs_translated > 0);
        g_string_free(ri.uart, TRUE);
        g_string_free(rj.uart, TRUE);
        g_free(path);
        n++;
    }
    g_dir_close(d);
    return n;
}

static void test_jit_elf_isa_tests_match_interp(void **state)
{
    (void)state;
    unsigned n = run_dir(VP_FIRMWARE_DIR "/isa/rv32", "rv32imac", true);
    n += run_dir(VP_FIRMWARE_DIR "/isa/rv64", "rv64imac", true);
    assert_true(n >= 20); /* every group, both XLENs */
}

static void test_jit_elf_firmware_matches_interp(void **state)
{
    (void)state;
    unsigned n = run_dir(VP_FIRMWARE_DIR "/rv32", "rv32imac", false);
    n += run_dir(VP_FIRMWARE_DIR "/rv64", "rv64imac", false);
    assert_true(n >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jit_elf_isa_tests_match_interp),
        cmocka_unit_test(test_jit_elf_firmware_matches_interp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
