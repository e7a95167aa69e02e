/* SPDX-License-Identifier: Apache-2.0 */
/* test_jit_random.c - differential test of the JIT against the IR
 * interpreter: thousands of random IR blocks (the optimizer test's
 * generator, plus guest loads/stores through the soft TLB and helper calls
 * that clobber caller-saved host registers), each run by both executors
 * from the same state; the whole register file, pc, icount and RAM must
 * agree. Fixed seeds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "exec_rvstub.h"
#include "../../cpu-core/interp/interp_int.h"
#include "../../cpu-core/jit/jit_int.h"

#include "ir_gen.h"


#define RAM_SIZE 0x8000u

/* Guest memory: addresses inside the test RAM (some misaligned, some
 * crossing pages: slow path), loads/stores of every size; one in 16 past
 * its end (a bus error: the access faults, the block leaves through the
 * trap, and the guest registers it changed before must be in the hart). */
static void gen_mem_op(gen *g)
{
    vp_ir_block *b = g->b;
    uint64_t off = gen_rn(g, 4) ? gen_rn(g, 0x3000) : 0xffc + gen_rn(g, 8);
    if (!gen_rn(g, 16))
        off += RAM_SIZE;
    vp_ir_temp base = vp__ir_const(b, VP_IR_I64, 0x2000 + off);
    vp_ir_temp addr = vp__ir_local(b, VP_IR_I64);
    vp__ir_op2(b, VP_OP_ADD, VP_IR_I64, addr, base, vp__ir_const(b, VP_IR_I64, gen_rn(g, 3) ? 0 : 1));
    uint32_t memop = gen_rn(g, 4) | (gen_rn(g, 2) ? VP_MO_SIGN : 0);
    vp_ir_type t = gen_rn(g, 2) ? VP_IR_I64 : VP_IR_I32;
    if ((memop & VP_MO_SIZE) == VP_MO_64)
        t = VP_IR_I64;
    if (gen_rn(g, 2))
        vp__ir_qld(b, t, gen_dest(g, t), addr, memop);
    else
        vp__ir_qst(b, t, gen_operand(g, t), addr, memop & VP_MO_SIZE);
}


/* A 32 KiB RAM at address 0 with DMI. */
static uint8_t ram[RAM_SIZE];

static void ram_bt(void *o, tlmc_payload *p, vp_time *d)
{
    (void)o, (void)d;
    if (p->address + p->length > RAM_SIZE) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, ram + p->address, p->length);
    else if (p->command == TLMC_WRITE)
        memcpy(ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static bool ram_dmi(void *o, tlmc_payload *p, tlmc_dmi *dmi)
{
    (void)o, (void)p;
    dmi->ptr = ram;
    dmi->start = 0;
    dmi->end = RAM_SIZE - 1;
    dmi->access = TLMC_DMI_READ_WRITE;
    return true;
}

static const tlmc_target_ops ram_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = ram_bt,
                                        .get_direct_mem_ptr = ram_dmi};
static tlmc_target ram_t = {.ops = &ram_ops, .name = "ram"};

static void ram_fill(uint32_t seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    for (unsigned i = 0; i < RAM_SIZE; i += 4) {
        uint32_t v = g_rand_int(r);
        memcpy(ram + i, &v, 4);
    }
    g_rand_free(r);
}

static GByteArray *ram_snapshot(void)
{
    return g_byte_array_append(g_byte_array_new(), ram, RAM_SIZE);
}

static void run_one(vp_cpu *cpu, const vp_ir_block *b)
{
    vp_tb *tb = g_new0(vp_tb, 1), *last;
    tb->valid = true;
    cpu->ex.icount_stop = UINT64_MAX;
    if (cpu->ex.jit) {
        bool full;
        assert_true(vp__jit_compile(cpu, b, tb, &full));
        assert_int_equal(tb->kind, VP_TB_JIT);
        vp__jit_exec(cpu, tb, &last);
        vp__jit_reset(cpu);
    } else {
        assert_true(vp__interp_compile(cpu, b, tb));
        vp__interp_exec(cpu, tb, &last);
        vp__interp_free(tb);
    }
    g_free(tb);
}

static vp_cpu *new_cpu(vp_cpu_accel accel)
{
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = "rv64i", .reset_pc = 0x1000,
                         .bus = &ram_t, .accel = accel, .jit_threshold = 1};
    vp_cpu *cpu = vp_cpu_create(&cfg, NULL);
    assert_non_null(cpu);
    return cpu;
}

static void test_jit_random_blocks_match_interp(void **state)
{
    (void)state;
    vp_cpu *ci = new_cpu(VP_CPU_ACCEL_INTERP), *cj = new_cpu(VP_CPU_ACCEL_JIT);
    for (uint32_t seed = 1; seed <= 4000; seed++) {
        vp_ir_block blk;
        assert_true(gen_block(&blk, seed, 10 + seed % 90, gen_mem_op));
        if (seed & 1)
            vp__ir_optimize(&blk);
        GRand *r = g_rand_new_with_seed(seed * 7919u);
        for (unsigned i = 0; i < 32; i++)
            ci->x[i] = cj->x[i] = i ? ((uint64_t)g_rand_int(r) << 32 | g_rand_int(r)) >> gen_rn(&(gen){r, 0, {0}, {0}}, 40)
                                    : 0;
        g_rand_free(r);
        ci->ex.insn_base = cj->ex.insn_base = 0;
        ram_fill(seed);
        run_one(ci, &blk);
        GByteArray *mem_i = ram_snapshot();
        ram_fill(seed);
        run_one(cj, &blk);
        GByteArray *mem_j = ram_snapshot();
        for (unsigned i = 0; i < 32; i++)
            if (ci->x[i] != cj->x[i])
                fail_msg("seed %u: x%u differs: interp 0x%llx jit 0x%llx", seed, i, (unsigned long long)ci->x[i],
                         (unsigned long long)cj->x[i]);
        assert_int_equal(ci->ex.insn_base, cj->ex.insn_base);
        assert_int_equal(ci->pc, cj->pc);
        assert_int_equal(stub_rv(ci)->mcause, stub_rv(cj)->mcause);
        assert_int_equal(mem_i->len, mem_j->len);
        if (memcmp(mem_i->data, mem_j->data, mem_i->len))
            fail_msg("seed %u: RAM differs", seed);
        g_byte_array_free(mem_i, TRUE);
        g_byte_array_free(mem_j, TRUE);
        vp__ir_fini(&blk);
    }
    vp_cpu_destroy(ci);
    vp_cpu_destroy(cj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jit_random_blocks_match_interp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
