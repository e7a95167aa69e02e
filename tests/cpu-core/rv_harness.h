/* SPDX-License-Identifier: Apache-2.0 */
/* rv_harness.h - RISC-V target tests: a RAM bus with DMI, a hart on
 * it, and a tiny instruction encoder for hand-written test programs. */
#ifndef RV_HARNESS_H
#define RV_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <vpbridge/vp_cpu_riscv.h>

/* The executor under test: the same sources build the interpreter and the
 * JIT variants of a test (CMake sets VP_TEST_ACCEL for the JIT ones). */
#ifndef VP_TEST_ACCEL
#define VP_TEST_ACCEL VP_CPU_ACCEL_INTERP
#endif

#define RVT_RAM_BASE 0x80000000ull
#define RVT_RAM_SIZE 0x10000u

typedef struct rvt {
    vp_cpu *cpu;
    tlmc_router *router;
    tlmc_target ram_t;
    uint8_t *ram;
    uint32_t n;         /* program words emitted so far (bytes / 4 when 32-bit only) */
    uint64_t at;        /* next emit address */
    uint64_t mtime;     /* value returned by read_time */
} rvt;

/* Creates a hart for `isa` (reset_pc = RAM base) on a fresh RAM bus. */
rvt *rvt_create(const char *isa, bool with_time);
void rvt_destroy(rvt *t);
/* Emits a 32-bit (or 16-bit) instruction at t->at. */
void rvt_emit(rvt *t, uint32_t insn);
void rvt_emit16(rvt *t, uint16_t insn);
void rvt_org(rvt *t, uint64_t addr);
/* Runs until WFI sleep (or `budget` instructions). Returns the exit. */
vp_cpu_exit rvt_run(rvt *t, uint64_t budget);
uint64_t rvt_reg(rvt *t, unsigned r);
uint64_t rvt_csr(rvt *t, unsigned csr);
uint32_t rvt_ram32(rvt *t, uint64_t addr);
void rvt_set_ram32(rvt *t, uint64_t addr, uint32_t v);

/* ---- encoder ---- */
uint32_t rv_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd, unsigned opc);
uint32_t rv_i(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned opc);
uint32_t rv_s(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned opc);
uint32_t rv_b(int32_t off, unsigned rs2, unsigned rs1, unsigned f3);
uint32_t rv_u(uint32_t imm20, unsigned rd, unsigned opc);
uint32_t rv_j(int32_t off, unsigned rd);

#define ADDI(rd, rs1, imm) rv_i((imm), (rs1), 0, (rd), 0x13)
#define ADDIW(rd, rs1, imm) rv_i((imm), (rs1), 0, (rd), 0x1b)
#define SLLI(rd, rs1, sh) rv_i((sh), (rs1), 1, (rd), 0x13)
#define SRLI(rd, rs1, sh) rv_i((sh), (rs1), 5, (rd), 0x13)
#define SRAI(rd, rs1, sh) rv_i((sh) | 0x400, (rs1), 5, (rd), 0x13)
#define ADD(rd, a, b) rv_r(0, (b), (a), 0, (rd), 0x33)
#define SUB(rd, a, b) rv_r(0x20, (b), (a), 0, (rd), 0x33)
#define SLT(rd, a, b) rv_r(0, (b), (a), 2, (rd), 0x33)
#define SLTU(rd, a, b) rv_r(0, (b), (a), 3, (rd), 0x33)
#define SRA(rd, a, b) rv_r(0x20, (b), (a), 5, (rd), 0x33)
#define ADDW(rd, a, b) rv_r(0, (b), (a), 0, (rd), 0x3b)
#define SLLW(rd, a, b) rv_r(0, (b), (a), 1, (rd), 0x3b)
#define SRAW(rd, a, b) rv_r(0x20, (b), (a), 5, (rd), 0x3b)
#define MUL(rd, a, b) rv_r(1, (b), (a), 0, (rd), 0x33)
#define MULH(rd, a, b) rv_r(1, (b), (a), 1, (rd), 0x33)
#define MULHSU(rd, a, b) rv_r(1, (b), (a), 2, (rd), 0x33)
#define MULHU(rd, a, b) rv_r(1, (b), (a), 3, (rd), 0x33)
#define DIV(rd, a, b) rv_r(1, (b), (a), 4, (rd), 0x33)
#define DIVU(rd, a, b) rv_r(1, (b), (a), 5, (rd), 0x33)
#define REM(rd, a, b) rv_r(1, (b), (a), 6, (rd), 0x33)
#define REMU(rd, a, b) rv_r(1, (b), (a), 7, (rd), 0x33)
#define DIVW(rd, a, b) rv_r(1, (b), (a), 4, (rd), 0x3b)
#define DIVUW(rd, a, b) rv_r(1, (b), (a), 5, (rd), 0x3b)
#define LUI(rd, imm20) rv_u((imm20), (rd), 0x37)
#define AUIPC(rd, imm20) rv_u((imm20), (rd), 0x17)
#define LB(rd, rs1, imm) rv_i((imm), (rs1), 0, (rd), 0x03)
#define LH(rd, rs1, imm) rv_i((imm), (rs1), 1, (rd), 0x03)
#define LW(rd, rs1, imm) rv_i((imm), (rs1), 2, (rd), 0x03)
#define LD(rd, rs1, imm) rv_i((imm), (rs1), 3, (rd), 0x03)
#define LBU(rd, rs1, imm) rv_i((imm), (rs1), 4, (rd), 0x03)
#define LHU(rd, rs1, imm) rv_i((imm), (rs1), 5, (rd), 0x03)
#define LWU(rd, rs1, imm) rv_i((imm), (rs1), 6, (rd), 0x03)
#define SB(rs2, rs1, imm) rv_s((imm), (rs2), (rs1), 0, 0x23)
#define SH(rs2, rs1, imm) rv_s((imm), (rs2), (rs1), 1, 0x23)
#define SW(rs2, rs1, imm) rv_s((imm), (rs2), (rs1), 2, 0x23)
#define SD(rs2, rs1, imm) rv_s((imm), (rs2), (rs1), 3, 0x23)
#define BEQ(a, b, off) rv_b((off), (b), (a), 0)
#define BNE(a, b, off) rv_b((off), (b), (a), 1)
#define BLT(a, b, off) rv_b((off), (b), (a), 4)
#define BGE(a, b, off) rv_b((off), (b), (a), 5)
#define BGEU(a, b, off) rv_b((off), (b), (a), 7)
#define JAL(rd, off) rv_j((off), (rd))
#define JALR(rd, rs1, imm) rv_i((imm), (rs1), 0, (rd), 0x67)
#define CSRRW(rd, csr, rs1) rv_i((int32_t)(csr), (rs1), 1, (rd), 0x73)
#define CSRRS(rd, csr, rs1) rv_i((int32_t)(csr), (rs1), 2, (rd), 0x73)
#define CSRRC(rd, csr, rs1) rv_i((int32_t)(csr), (rs1), 3, (rd), 0x73)
#define CSRRWI(rd, csr, u) rv_i((int32_t)(csr), (u), 5, (rd), 0x73)
#define CSRRSI(rd, csr, u) rv_i((int32_t)(csr), (u), 6, (rd), 0x73)
#define CSRRCI(rd, csr, u) rv_i((int32_t)(csr), (u), 7, (rd), 0x73)
#define AMO(f5, f3, rd, rs1, rs2) rv_r((f5) << 2, (rs2), (rs1), (f3), (rd), 0x2f)
#define LR_W(rd, rs1) AMO(0x02, 2, (rd), (rs1), 0)
#define SC_W(rd, rs1, rs2) AMO(0x03, 2, (rd), (rs1), (rs2))
#define LR_D(rd, rs1) AMO(0x02, 3, (rd), (rs1), 0)
#define SC_D(rd, rs1, rs2) AMO(0x03, 3, (rd), (rs1), (rs2))
#define ECALL 0x00000073u
#define EBREAK 0x00100073u
#define MRET 0x30200073u
#define WFI 0x10500073u
#define FENCE_I 0x0000100fu

/* li for small values (12-bit) */
#define LI(rd, imm) ADDI((rd), 0, (imm))

#endif /* RV_HARNESS_H */
