/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_disas.c - RISC-V decoder and disassembler: encodings -> expected
 * text for both XLENs (reference texts cross-checked with GNU objdump
 * -M no-aliases), compressed forms, branch targets, reserved encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <vpbridge/vp_cpu_riscv.h>

#include "rv_insn.h"

typedef struct dcase {
    unsigned xlen;
    uint32_t insn;
    const char *text;
} dcase;

/* pc = 0 for these: no pc-relative operands. */
static const dcase cases[] = {
    {32, 0x12345537, "lui a0,0x12345"},
    {32, 0xfffff297, "auipc t0,0xfffff"},
    {32, 0xfff58513, "addi a0,a1,-1"},
    {32, 0x0645a513, "slti a0,a1,100"},
    {32, 0xffb5b513, "sltiu a0,a1,-5"},
    {32, 0x7ff5c513, "xori a0,a1,2047"},
    {32, 0x8004e413, "ori s0,s1,-2048"},
    {32, 0x00ff7f93, "andi t6,t5,15"},
    {32, 0x01f59513, "slli a0,a1,0x1f"},
    {32, 0x0015d513, "srli a0,a1,0x1"},
    {32, 0x4115d513, "srai a0,a1,0x11"},
    {32, 0x00c58533, "add a0,a1,a2"},
    {32, 0x41498933, "sub s2,s3,s4"},
    {32, 0x00c59533, "sll a0,a1,a2"},
    {32, 0x00c5a533, "slt a0,a1,a2"},
    {32, 0x00c5b533, "sltu a0,a1,a2"},
    {32, 0x00c5c533, "xor a0,a1,a2"},
    {32, 0x00c5d533, "srl a0,a1,a2"},
    {32, 0x40c5d533, "sra a0,a1,a2"},
    {32, 0x00c5e533, "or a0,a1,a2"},
    {32, 0x00c5f533, "and a0,a1,a2"},
    {32, 0xffc10503, "lb a0,-4(sp)"},
    {32, 0x00411503, "lh a0,4(sp)"},
    {32, 0x7ff1a503, "lw a0,2047(gp)"},
    {32, 0x00034283, "lbu t0,0(t1)"},
    {32, 0x80035283, "lhu t0,-2048(t1)"},
    {32, 0xfea58fa3, "sb a0,-1(a1)"},
    {32, 0x00a59523, "sh a0,10(a1)"},
    {32, 0x00112623, "sw ra,12(sp)"},
    {32, 0x0ff0000f, "fence iorw,iorw"},
    {32, 0x0210000f, "fence r,w"},
    {32, 0x8330000f, "fence.tso"},
    {32, 0x0000100f, "fence.i"},
    {32, 0x00000073, "ecall"},
    {32, 0x00100073, "ebreak"},
    {32, 0x30200073, "mret"},
    {32, 0x10500073, "wfi"},
    {32, 0x000500e7, "jalr ra,0(a0)"},
    {32, 0x00808067, "jalr zero,8(ra)"},
    {32, 0x30059573, "csrrw a0,mstatus,a1"},
    {32, 0x30402573, "csrrs a0,mie,zero"},
    {32, 0x3442b073, "csrrc zero,mip,t0"},
    {32, 0x3052d573, "csrrwi a0,mtvec,5"},
    {32, 0x340fe573, "csrrsi a0,mscratch,31"},
    {32, 0x3410f573, "csrrci a0,mepc,1"},
    {32, 0xc0002573, "csrrs a0,cycle,zero"},
    {32, 0xc0102573, "csrrs a0,time,zero"},
    {32, 0xc0202573, "csrrs a0,instret,zero"},
    {32, 0xf1402573, "csrrs a0,mhartid,zero"},
    {32, 0x3a059573, "csrrw a0,pmpcfg0,a1"},
    {32, 0x3bf59573, "csrrw a0,pmpaddr15,a1"},
    {32, 0xb0002573, "csrrs a0,mcycle,zero"},
    {32, 0x7c002573, "csrrs a0,0x7c0,zero"},
    {32, 0x02c58533, "mul a0,a1,a2"},
    {32, 0x02c59533, "mulh a0,a1,a2"},
    {32, 0x02c5a533, "mulhsu a0,a1,a2"},
    {32, 0x02c5b533, "mulhu a0,a1,a2"},
    {32, 0x02c5c533, "div a0,a1,a2"},
    {32, 0x02c5d533, "divu a0,a1,a2"},
    {32, 0x02c5e533, "rem a0,a1,a2"},
    {32, 0x02c5f533, "remu a0,a1,a2"},
    {32, 0x1005a52f, "lr.w a0,(a1)"},
    {32, 0x1405a52f, "lr.w.aq a0,(a1)"},
    {32, 0x18c5a52f, "sc.w a0,a2,(a1)"},
    {32, 0x1ac5a52f, "sc.w.rl a0,a2,(a1)"},
    {32, 0x0ec5a52f, "amoswap.w.aqrl a0,a2,(a1)"},
    {32, 0x00c5a52f, "amoadd.w a0,a2,(a1)"},
    {32, 0x20c5a52f, "amoxor.w a0,a2,(a1)"},
    {32, 0x60c5a52f, "amoand.w a0,a2,(a1)"},
    {32, 0x40c5a52f, "amoor.w a0,a2,(a1)"},
    {32, 0x80c5a52f, "amomin.w a0,a2,(a1)"},
    {32, 0xa0c5a52f, "amomax.w a0,a2,(a1)"},
    {32, 0xc0c5a52f, "amominu.w a0,a2,(a1)"},
    {32, 0xe0c5a52f, "amomaxu.w a0,a2,(a1)"},
    {64, 0x00813503, "ld a0,8(sp)"},
    {64, 0x00816503, "lwu a0,8(sp)"},
    {64, 0xfea13c23, "sd a0,-8(sp)"},
    {64, 0xfff5851b, "addiw a0,a1,-1"},
    {64, 0x01f5951b, "slliw a0,a1,0x1f"},
    {64, 0x0035d51b, "srliw a0,a1,0x3"},
    {64, 0x4035d51b, "sraiw a0,a1,0x3"},
    {64, 0x00c5853b, "addw a0,a1,a2"},
    {64, 0x40c5853b, "subw a0,a1,a2"},
    {64, 0x00c5953b, "sllw a0,a1,a2"},
    {64, 0x00c5d53b, "srlw a0,a1,a2"},
    {64, 0x40c5d53b, "sraw a0,a1,a2"},
    {64, 0x03f59513, "slli a0,a1,0x3f"},
    {64, 0x0205d513, "srli a0,a1,0x20"},
    {64, 0x4285d513, "srai a0,a1,0x28"},
    {64, 0x02c5853b, "mulw a0,a1,a2"},
    {64, 0x02c5c53b, "divw a0,a1,a2"},
    {64, 0x02c5d53b, "divuw a0,a1,a2"},
    {64, 0x02c5e53b, "remw a0,a1,a2"},
    {64, 0x02c5f53b, "remuw a0,a1,a2"},
    {64, 0x1005b52f, "lr.d a0,(a1)"},
    {64, 0x18c5b52f, "sc.d a0,a2,(a1)"},
    {64, 0x08c5b52f, "amoswap.d a0,a2,(a1)"},
    {64, 0x00c5b52f, "amoadd.d a0,a2,(a1)"},
    {64, 0x20c5b52f, "amoxor.d a0,a2,(a1)"},
    {64, 0x60c5b52f, "amoand.d a0,a2,(a1)"},
    {64, 0x40c5b52f, "amoor.d a0,a2,(a1)"},
    {64, 0x80c5b52f, "amomin.d a0,a2,(a1)"},
    {64, 0xa0c5b52f, "amomax.d a0,a2,(a1)"},
    {64, 0xc0c5b52f, "amominu.d a0,a2,(a1)"},
    {64, 0xe4c5b52f, "amomaxu.d.aq a0,a2,(a1)"},
    {32, 0x00000808, "c.addi4spn a0,sp,16"},
    {32, 0x00001fe4, "c.addi4spn s1,sp,1020"},
    {32, 0x000041c8, "c.lw a0,4(a1)"},
    {32, 0x00005fe0, "c.lw s0,124(a5)"},
    {32, 0x0000c1a8, "c.sw a0,64(a1)"},
    {32, 0x00000001, "c.nop"},
    {32, 0x00000505, "c.addi a0,1"},
    {32, 0x00001101, "c.addi sp,-32"},
    {32, 0x00005501, "c.li a0,-32"},
    {32, 0x00004ffd, "c.li t6,31"},
    {32, 0x00007101, "c.addi16sp sp,-512"},
    {32, 0x0000617d, "c.addi16sp sp,496"},
    {32, 0x00006505, "c.lui a0,0x1"},
    {32, 0x00007281, "c.lui t0,0xfffe0"},
    {32, 0x0000800d, "c.srli s0,0x3"},
    {32, 0x000087fd, "c.srai a5,0x1f"},
    {32, 0x000098fd, "c.andi s1,-1"},
    {32, 0x00008c05, "c.sub s0,s1"},
    {32, 0x00008d2d, "c.xor a0,a1"},
    {32, 0x00008e55, "c.or a2,a3"},
    {32, 0x00008f7d, "c.and a4,a5"},
    {32, 0x0000057e, "c.slli a0,0x1f"},
    {32, 0x00004512, "c.lwsp a0,4(sp)"},
    {32, 0x000050fe, "c.lwsp ra,252(sp)"},
    {32, 0x00008082, "c.jr ra"},
    {32, 0x0000852e, "c.mv a0,a1"},
    {32, 0x00009002, "c.ebreak"},
    {32, 0x00009502, "c.jalr a0"},
    {32, 0x0000952e, "c.add a0,a1"},
    {32, 0x0000c22a, "c.swsp a0,4(sp)"},
    {32, 0x0000df86, "c.swsp ra,252(sp)"},
    {64, 0x00006588, "c.ld a0,8(a1)"},
    {64, 0x00007fe0, "c.ld s0,248(a5)"},
    {64, 0x0000e1c8, "c.sd a0,128(a1)"},
    {64, 0x0000357d, "c.addiw a0,-1"},
    {64, 0x00009c05, "c.subw s0,s1"},
    {64, 0x00009d2d, "c.addw a0,a1"},
    {64, 0x0000157e, "c.slli a0,0x3f"},
    {64, 0x00009001, "c.srli s0,0x20"},
    {64, 0x000094fd, "c.srai s1,0x3f"},
    {64, 0x00006522, "c.ldsp a0,8(sp)"},
    {64, 0x000070fe, "c.ldsp ra,504(sp)"},
    {64, 0x0000e42a, "c.sdsp a0,8(sp)"},
    {64, 0x0000ff86, "c.sdsp ra,504(sp)"},
};

static void test_rv_disas_table(void **state)
{
    char buf[96];
    (void)state;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        unsigned len = vp_riscv_disas(cases[k].xlen, 0, cases[k].insn, buf, sizeof(buf));
        if (strcmp(buf, cases[k].text) != 0)
            fail_msg("rv%u 0x%08x: got '%s', want '%s'", cases[k].xlen, cases[k].insn, buf, cases[k].text);
        assert_int_equal(len, (cases[k].insn & 3) == 3 ? 4 : 2);
    }
}

/* RV32-only encodings of the table decode identically on RV64. */
static void test_rv_disas_rv32_table_on_rv64(void **state)
{
    char a[96], b[96];
    (void)state;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        if (cases[k].xlen != 32 || (cases[k].insn & 3) != 3)
            continue;
        vp_riscv_disas(32, 0, cases[k].insn, a, sizeof(a));
        vp_riscv_disas(64, 0, cases[k].insn, b, sizeof(b));
        assert_string_equal(a, b);
    }
}

static void expect(unsigned xlen, uint64_t pc, uint32_t insn, const char *want)
{
    char buf[96];
    vp_riscv_disas(xlen, pc, insn, buf, sizeof(buf));
    if (strcmp(buf, want) != 0)
        fail_msg("rv%u 0x%08x @0x%llx: got '%s', want '%s'", xlen, insn, (unsigned long long)pc, buf, want);
}

static void test_rv_disas_pc_relative(void **state)
{
    (void)state;
    expect(32, 0x80000000, 0x00b50863, "beq a0,a1,0x80000010");   /* beq a0,a1,+16 */
    expect(64, 0x80000010, 0xfeb51ee3, "bne a0,a1,0x8000000c");   /* bne a0,a1,-4 */
    expect(32, 0x80000000, 0x008000ef, "jal ra,0x80000008");
    expect(32, 0x0, 0xffdff06f, "jal zero,0xfffffffc");          /* wraps at 32 bits */
    expect(64, 0x0, 0xffdff06f, "jal zero,0xfffffffffffffffc");
    expect(32, 0x1000, 0x2011, "c.jal 0x1004");
    expect(64, 0x1000, 0xbffd, "c.j 0xffe");
    expect(32, 0x1000, 0xc011, "c.beqz s0,0x1004");
    expect(64, 0x1000, 0xfc65, "c.bnez s0,0xff8");
    expect(64, 0x80000000, 0x00001517, "auipc a0,0x1");
}

static void test_rv_disas_illegal(void **state)
{
    char buf[64];
    (void)state;
    assert_int_equal(vp_riscv_disas(32, 0, 0x00000000, buf, sizeof(buf)), 2);
    assert_string_equal(buf, "illegal 0x0000");
    assert_int_equal(vp_riscv_disas(64, 0, 0xffffffff, buf, sizeof(buf)), 4);
    assert_string_equal(buf, "illegal 0xffffffff");
    expect(32, 0, 0x00813503, "illegal 0x00813503");  /* ld is RV64 only */
    expect(32, 0, 0x02059513, "illegal 0x02059513");  /* slli shamt[5] on RV32 */
    expect(64, 0, 0x0205951b, "illegal 0x0205951b");  /* slliw shamt[5] */
    expect(32, 0, 0x6588, "c.flw fa0,8(a1)");         /* the compressed FP forms decode */
    expect(64, 0, 0x2588, "c.fld fa0,8(a1)");
    expect(64, 0, 0x2002, "c.fldsp ft0,0(sp)");       /* f0 allowed, unlike c.ldsp */
    expect(32, 0, 0xe42e, "c.fswsp fa1,8(sp)");
    expect(64, 0, 0x0020d2d3, "fadd.s ft5,ft1,ft2");  /* rm 5 decodes; it traps when run */
    expect(64, 0, 0x0220f2d3, "fadd.d ft5,ft1,ft2");
    expect(32, 0, 0x0020f2c3, "fmadd.s ft5,ft1,ft2,ft0");
    expect(32, 0, 0xc0051553, "fcvt.w.s a0,fa0");
    expect(32, 0, 0xa0b52553, "feq.s a0,fa0,fa1");
    expect(64, 0, 0xf2050553, "fmv.d.x fa0,a0");
    expect(32, 0, 0xf2050553, "illegal 0xf2050553");  /* fmv.d.x is RV64 only */
    expect(32, 0, 0x00452507, "flw fa0,4(a0)");
    expect(64, 0, 0x00b53427, "fsd fa1,8(a0)");
    expect(64, 0, 0x2001, "illegal 0x2001");          /* c.addiw rd=0 */
    expect(32, 0, 0x8002, "illegal 0x8002");          /* c.jr x0 */
    expect(32, 0, 0x4002, "illegal 0x4002");          /* c.lwsp rd=0 */
    expect(32, 0, 0x6101, "illegal 0x6101");          /* c.addi16sp 0 */
    expect(32, 0, 0x6501, "illegal 0x6501");          /* c.lui nzimm=0 */
    expect(32, 0, 0x9001, "illegal 0x9001");          /* c.srli shamt[5] on RV32 */
    expect(64, 0, 0x9001, "c.srli s0,0x20");
    expect(32, 0, 0x9c05, "illegal 0x9c05");          /* c.subw on RV32 */
    expect(32, 0, 0x9c41, "illegal 0x9c41");          /* reserved CA funct2 */
    expect(32, 0, 0x0005a507, "flw fa0,0(a1)");
    expect(64, 0, 0x00b57553, "fadd.s fa0,fa0,fa1");
    expect(32, 0, 0x0005c507, "illegal 0x0005c507");  /* flq: no Q */
    expect(64, 0, 0x06b57553, "illegal 0x06b57553");  /* fadd.q */
    expect(64, 0, 0xa0b53553, "illegal 0xa0b53553");  /* feq.s with funct3 3 */
    expect(64, 0, 0x10200073, "sret");
    expect(64, 0, 0x12b50073, "sfence.vma zero,a0,a1");
    expect(64, 0, 0x10300073, "illegal 0x10300073");  /* no such SYSTEM insn */
    expect(64, 0, 0x12000073, "sfence.vma zero,zero,zero");
    expect(64, 0, 0x12000173, "illegal 0x12000173");  /* sfence.vma with rd != 0 */
    expect(32, 0, 0x1000302f, "illegal 0x1000302f");  /* lr.d on RV32 */
    expect(64, 0, 0x1015202f, "illegal 0x1015202f");  /* lr.w with rs2 != 0 */
}

static void test_rv_disas_hints_and_buffer(void **state)
{
    char small[8];
    (void)state;
    expect(32, 0, 0x0001, "c.nop");
    expect(32, 0, 0x0005, "c.nop");            /* c.addi x0,1 is a hint */
    expect(64, 0, 0x4081, "c.li ra,0");
    expect(32, 0, 0x0000100f, "fence.i");
    expect(32, 0, 0x8330000f, "fence.tso");
    assert_int_equal(vp_riscv_disas(32, 0, 0x00b50533, small, sizeof(small)), 4);
    assert_string_equal(small, "add a0,");  /* truncated, terminated */
}

static void test_rv_disas_decode_fields(void **state)
{
    rv_insn d;
    (void)state;
    assert_true(vp__rv_decode(64, 0x7fe0, &d)); /* c.ld s0,248(a5) */
    assert_int_equal(d.len, 2);
    assert_int_equal(d.rd, 8);
    assert_int_equal(d.rs1, 15);
    assert_int_equal(d.imm, 248);
    assert_string_equal(vp__rv_ops[d.op].name, "c.ld");
    assert_true(vp__rv_decode(32, 0xfe112e23, &d)); /* sw ra,-4(sp) */
    assert_int_equal(d.rs2, 1);
    assert_int_equal(d.rs1, 2);
    assert_int_equal(d.imm, -4);
    assert_false(vp__rv_decode(32, 0, &d));
    assert_int_equal(d.len, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_disas_table),
        cmocka_unit_test(test_rv_disas_rv32_table_on_rv64),
        cmocka_unit_test(test_rv_disas_pc_relative),
        cmocka_unit_test(test_rv_disas_illegal),
        cmocka_unit_test(test_rv_disas_hints_and_buffer),
        cmocka_unit_test(test_rv_disas_decode_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
