/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_isa.c - ISA strings accepted by vp_cpu_create and the error
 * messages of the rejected ones; vp_cpu_get_isa_info for RISC-V. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vpbridge/vp_cpu_riscv.h>

#include "rv_int.h"

static vp_cpu *make(const char *isa, vp_error **err)
{
    vp_cpu_config cfg = {0};
    cfg.size = sizeof(cfg);
    cfg.abi = VP_CPU_ABI;
    cfg.isa = isa;
    cfg.hartid = 3;
    cfg.reset_pc = 0x1000;
    return vp_cpu_create(&cfg, err);
}

static void test_rv_isa_accepted(void **s)
{
    struct { const char *isa; unsigned xlen; uint32_t ext; } c[] = {
        {"rv32imac", 32, VP_EXT_M | VP_EXT_A | VP_EXT_C},
        {"rv64imac", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C},
        {"rv32i", 32, 0},
        {"rv32ima", 32, VP_EXT_M | VP_EXT_A},
        {"rv64imac_zicsr_zifencei", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C},
        {"RV64IMAC", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C},
        {"rv32i2p1_m2p0_c", 32, VP_EXT_M | VP_EXT_C},
        {"rv64ic_zicntr", 64, VP_EXT_C},
        {"rv32gc", 32, VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F | VP_EXT_D},
        {"rv64gc", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F | VP_EXT_D},
        {"rv64imafdc", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F | VP_EXT_D},
        {"rv32imafc", 32, VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F},
        {"rv64imac_f_d", 64, VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F | VP_EXT_D},
    };
    (void)s;
    for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
        vp_error *err = NULL;
        vp_cpu *cpu = make(c[k].isa, &err);
        if (!cpu)
            fail_msg("'%s' rejected: %s", c[k].isa, err ? err->msg : "?");
        assert_int_equal(vp_cpu_xlen(cpu), c[k].xlen);
        assert_int_equal(vp_rv(cpu)->ext & (VP_EXT_M | VP_EXT_A | VP_EXT_C | VP_EXT_F | VP_EXT_D), c[k].ext);
        /* misa's F and D letters follow the extensions */
        assert_int_equal((vp_rv(cpu)->misa & RV_MISA_BIT('F')) != 0, (c[k].ext & VP_EXT_F) != 0);
        assert_int_equal((vp_rv(cpu)->misa & RV_MISA_BIT('D')) != 0, (c[k].ext & VP_EXT_D) != 0);
        /* Zicsr, Zifencei and U-mode are always there */
        assert_int_equal(vp_rv(cpu)->ext & (VP_EXT_ZICSR | VP_EXT_ZIFENCEI | VP_EXT_U),
                         VP_EXT_ZICSR | VP_EXT_ZIFENCEI | VP_EXT_U);
        assert_int_equal(vp_cpu_hartid(cpu), 3);
        assert_int_equal(vp_rv(cpu)->priv, VP_PRV_M);
        vp_cpu_destroy(cpu);
    }
}

static void test_rv_isa_rejected(void **s)
{
    struct { const char *isa; const char *msg; } c[] = {
        {"rv64imafdcq", "isa 'rv64imafdcq': extension 'q' is not supported"},
        {"rv64imacv", "isa 'rv64imacv': extension 'v' is not supported"},
        {"rv64imac_zba", "isa 'rv64imac_zba': extension 'zba' is not supported"},
        {"rv32e", "isa 'rv32e': base 'e' is not supported"},
        {"rv128i", "isa 'rv128i': must start with rv32 or rv64"},
        {"x86", "isa 'x86': must start with rv32 or rv64"},
        {"rv32", "isa 'rv32': base 'i' missing"},
        {"rv64_zicsr", "isa 'rv64_zicsr': base 'i' missing"},
        {"", "isa string is empty"},
    };
    (void)s;
    for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
        vp_error *err = NULL;
        vp_cpu *cpu = make(c[k].isa, &err);
        assert_null(cpu);
        assert_non_null(err);
        assert_string_equal(err->msg, c[k].msg);
        assert_true(err->code < 0);
        vp_error_free(err);
    }
}

/* What a loader or platform learns of RISC-V harts before any exists. */
static void test_rv_isa_info(void **s)
{
    (void)s;
    vp_cpu_isa_info i = {.size = sizeof(i)};
    assert_int_equal(vp_cpu_get_isa_info("RV64imac", &i, NULL), 0);
    assert_int_equal(i.abi, VP_CPU_ABI);
    assert_string_equal(i.target, "riscv");
    assert_string_equal(i.display, "RISC-V");
    assert_string_equal(i.variant, "RV64");
    assert_string_equal(i.arch, "riscv64");
    assert_int_equal(i.xlen, 64);
    assert_int_equal(i.elf_machine, 243); /* EM_RISCV */
    assert_int_equal(i.irq_count, 4);
    const char *names[] = {"msip", "mtip", "meip", "seip"};
    unsigned lines[] = {VP_CPU_IRQ_MSIP, VP_CPU_IRQ_MTIP, VP_CPU_IRQ_MEIP, VP_CPU_IRQ_SEIP};
    for (unsigned k = 0; k < 4; k++) {
        assert_string_equal(i.irqs[k].name, names[k]);
        assert_int_equal(i.irqs[k].line, lines[k]);
        assert_non_null(i.irqs[k].help);
    }
    assert_int_equal(vp_cpu_get_isa_info("rv32i", &i, NULL), 0);
    assert_string_equal(i.variant, "RV32");
    assert_string_equal(i.arch, "riscv32");
    assert_int_equal(i.xlen, 32);

    /* An older caller's smaller struct: nothing past its size is written. */
    struct { vp_cpu_isa_info head; char guard[8]; } old;
    memset(&old, 0x5a, sizeof(old));
    old.head.size = (uint32_t)offsetof(vp_cpu_isa_info, variant);
    assert_int_equal(vp_cpu_get_isa_info("rv64imac", &old.head, NULL), 0);
    assert_string_equal(old.head.display, "RISC-V");
    const unsigned char *tail = (const unsigned char *)&old.head + offsetof(vp_cpu_isa_info, variant);
    for (size_t k = 0; k < sizeof(old) - offsetof(vp_cpu_isa_info, variant); k++)
        assert_int_equal(tail[k], 0x5a);

    /* Only the prefix decides (extensions are vp_cpu_create's to check). */
    vp_error *err = NULL;
    assert_int_equal(vp_cpu_get_isa_info("rv32gc", &i, &err), 0);
    assert_int_equal(vp_cpu_get_isa_info("x86", &i, &err), VP_EINVAL);
    assert_non_null(err);
    assert_string_equal(err->msg, "isa 'x86': must start with rv32 or rv64");
    vp_error_free(err);
    err = NULL;
    vp_cpu_isa_info tiny = {.size = 4};
    assert_int_equal(vp_cpu_get_isa_info("rv32i", &tiny, &err), VP_EINVAL);
    assert_non_null(err);
    vp_error_free(err);
}

static void test_rv_isa_tb_flags(void **s)
{
    vp_cpu *a = make("rv32i", NULL), *b = make("rv64imac", NULL);
    (void)s;
    assert_int_not_equal(vp__rv_tb_flags(a), vp__rv_tb_flags(b));
    assert_int_equal(vp__rv_tb_flags(b) & RV_TBF_C, RV_TBF_C);
    assert_int_equal(vp__rv_tb_flags(a) & RV_TBF_PRIV_MASK, VP_PRV_M);
    vp_rv(b)->priv = VP_PRV_U;
    assert_int_equal(vp__rv_tb_flags(b) & RV_TBF_PRIV_MASK, VP_PRV_U);
    vp_cpu_destroy(a);
    vp_cpu_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_isa_accepted),
        cmocka_unit_test(test_rv_isa_rejected),
        cmocka_unit_test(test_rv_isa_tb_flags),
        cmocka_unit_test(test_rv_isa_info),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
