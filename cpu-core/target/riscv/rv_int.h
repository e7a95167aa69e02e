/* SPDX-License-Identifier: Apache-2.0 */
/* rv_int.h - private interfaces of the RISC-V target: CSR numbers and
 * fields, the CSR file, trap helpers called from translated code. */
#ifndef VP_RV_INT_H
#define VP_RV_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vpbridge/vp_cpu_riscv.h>

#include "cpu_int.h"
#include "rv_insn.h"

/* Privilege levels */
#define VP_PRV_U 0u
#define VP_PRV_S 1u
#define VP_PRV_M 3u

/* The RISC-V hart's architectural state that is not a general register
 * (x0..x31 and pc are the runtime's cpu->x[] and cpu->pc). It lives in
 * cpu->target_state (vp__riscv_target.state_size bytes, at the fixed
 * offset VP_CPU_TARGET_OFFSET); reach it through vp_rv(cpu). */
typedef struct vp_rv_state {
    uint32_t xlen;        /* 32 or 64 */
    uint32_t priv;        /* VP_PRV_* */
    uint64_t misa;        /* read-only, matches the ISA string */
    uint64_t mstatus;
    uint64_t mie, mip;
    uint64_t mtvec, mepc, mcause, mtval, mscratch;
    uint64_t mcounteren, mcountinhibit;
    uint64_t minstret_adj;/* minstret = icount + adj (guest writes) */
    uint64_t mcycle_adj;  /* mcycle = icount + adj */
    uint32_t ext;         /* VP_EXT_* bits enabled */
    uint64_t pmpcfg[4];   /* PMP entries (rv_pmp.c enforces them) */
    uint64_t pmpaddr[16];
    uint64_t minstret_frozen; /* minstret while mcountinhibit.IR is set */
    uint64_t mcycle_frozen;   /* mcycle while mcountinhibit.CY is set */
    /* F/D (rv_fpu.c): f0..f31 (singles NaN-boxed), fcsr's fields */
    uint64_t f[32];
    uint32_t fflags, frm;
    /* ---- S-mode and virtual memory (issue 10, privileged architecture) ---- */
    uint64_t medeleg, mideleg;
    uint64_t stvec, sepc, scause, stval, sscratch, satp;
    uint64_t scounteren;
    uint32_t tbf_static;  /* the tb_flags bits fixed at init (RV_TBF_RV64, RV_TBF_C) */
    uint64_t seip_sw;     /* mip.SEIP as software wrote it (mip.SEIP = this | the seip input) */
    uint32_t seip_line;   /* level of the seip input */
} vp_rv_state;

_Static_assert(_Alignof(vp_rv_state) <= _Alignof(max_align_t), "target_state is max_align_t aligned");

/* The RISC-V state of a hart: cpu + VP_CPU_TARGET_OFFSET, a constant
 * offset (no load), const if cpu is. */
#define vp_rv(cpu)                                                                                 \
    _Generic((cpu), const vp_cpu *: (const vp_rv_state *)(const void *)(cpu)->target_state,        \
             default: (vp_rv_state *)(void *)(cpu)->target_state)

/* Integer registers of the calling convention the boot protocol uses. */
#define RV_ELF_MACHINE 243u /* EM_RISCV: e_machine of RISC-V images */
#define RV_REG_A0 10u /* hart id at reset */
#define RV_REG_A1 11u /* device tree address at reset (0: none) */

/* The target's vp_target_ops (rv_cpu.c). */
extern const vp_target_ops vp__riscv_target;

/* Exception causes (mcause with interrupt bit clear) */
#define VP_EXC_INSN_MISALIGNED 0u
#define VP_EXC_INSN_ACCESS 1u
#define VP_EXC_ILLEGAL_INSN 2u
#define VP_EXC_BREAKPOINT 3u
#define VP_EXC_LOAD_MISALIGNED 4u
#define VP_EXC_LOAD_ACCESS 5u
#define VP_EXC_STORE_MISALIGNED 6u
#define VP_EXC_STORE_ACCESS 7u
#define VP_EXC_ECALL_U 8u
#define VP_EXC_ECALL_S 9u
#define VP_EXC_ECALL_M 11u
#define VP_EXC_INSN_PAGE 12u
#define VP_EXC_LOAD_PAGE 13u
#define VP_EXC_STORE_PAGE 15u

/* Enters the trap handler for exception `cause` raised by the instruction at `pc`. */
void vp__rv_raise(vp_cpu *cpu, uint32_t cause, uint64_t tval, uint64_t pc);

/* The vp_target_ops of RISC-V (vp__riscv_target, rv_cpu.c). */
int vp__rv_init(vp_cpu *cpu, const char *isa, vp_error **errp);
void vp__rv_reset(vp_cpu *cpu);
uint32_t vp__rv_tb_flags(const vp_cpu *cpu);
/* Registers the IR globals (x0..x31, pc) on first use. */
bool vp__rv_translate(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags);
bool vp__rv_take_interrupt(vp_cpu *cpu);
bool vp__rv_wfi_wakeup(const vp_cpu *cpu);
void vp__rv_fault(vp_cpu *cpu, vp_fault kind, uint64_t addr, uint64_t pc);

/* Provided by exec/ (also declared in exec/exec_int.h). */
void vp__cpu_set_halted(struct vp_cpu *cpu, bool halted);

/* ---- CSR numbers ---- */
#define RV_CSR_FFLAGS 0x001u
#define RV_CSR_FRM 0x002u
#define RV_CSR_FCSR 0x003u
#define RV_CSR_CYCLE 0xc00u
#define RV_CSR_TIME 0xc01u
#define RV_CSR_INSTRET 0xc02u
#define RV_CSR_HPMCOUNTER3 0xc03u
#define RV_CSR_HPMCOUNTER31 0xc1fu
#define RV_CSR_CYCLEH 0xc80u
#define RV_CSR_TIMEH 0xc81u
#define RV_CSR_INSTRETH 0xc82u
#define RV_CSR_HPMCOUNTER3H 0xc83u
#define RV_CSR_HPMCOUNTER31H 0xc9fu
#define RV_CSR_MVENDORID 0xf11u
#define RV_CSR_MARCHID 0xf12u
#define RV_CSR_MIMPID 0xf13u
#define RV_CSR_MHARTID 0xf14u
#define RV_CSR_MCONFIGPTR 0xf15u
#define RV_CSR_MSTATUS 0x300u
#define RV_CSR_MISA 0x301u
#define RV_CSR_MIE 0x304u
#define RV_CSR_MTVEC 0x305u
#define RV_CSR_MCOUNTEREN 0x306u
#define RV_CSR_MSTATUSH 0x310u
#define RV_CSR_MCOUNTINHIBIT 0x320u
#define RV_CSR_MHPMEVENT3 0x323u
#define RV_CSR_MHPMEVENT31 0x33fu
#define RV_CSR_MSCRATCH 0x340u
#define RV_CSR_MEPC 0x341u
#define RV_CSR_MCAUSE 0x342u
#define RV_CSR_MTVAL 0x343u
#define RV_CSR_MIP 0x344u
#define RV_CSR_PMPCFG0 0x3a0u
#define RV_CSR_PMPCFG3 0x3a3u
#define RV_CSR_PMPADDR0 0x3b0u
#define RV_CSR_PMPADDR15 0x3bfu
#define RV_CSR_SSTATUS 0x100u
#define RV_CSR_SIE 0x104u
#define RV_CSR_STVEC 0x105u
#define RV_CSR_SCOUNTEREN 0x106u
#define RV_CSR_SSCRATCH 0x140u
#define RV_CSR_SEPC 0x141u
#define RV_CSR_SCAUSE 0x142u
#define RV_CSR_STVAL 0x143u
#define RV_CSR_SIP 0x144u
#define RV_CSR_SATP 0x180u
#define RV_CSR_MEDELEG 0x302u
#define RV_CSR_MIDELEG 0x303u
#define RV_CSR_MCYCLE 0xb00u
#define RV_CSR_MINSTRET 0xb02u
#define RV_CSR_MHPMCOUNTER3 0xb03u
#define RV_CSR_MHPMCOUNTER31 0xb1fu
#define RV_CSR_MCYCLEH 0xb80u
#define RV_CSR_MINSTRETH 0xb82u
#define RV_CSR_MHPMCOUNTER3H 0xb83u
#define RV_CSR_MHPMCOUNTER31H 0xb9fu

/* ---- mstatus fields ---- */
#define RV_MSTATUS_SIE (1ull << 1)
#define RV_MSTATUS_MIE (1ull << 3)
#define RV_MSTATUS_SPIE (1ull << 5)
#define RV_MSTATUS_MPIE (1ull << 7)
#define RV_MSTATUS_MPP_SHIFT 11
#define RV_MSTATUS_MPP (3ull << RV_MSTATUS_MPP_SHIFT)
#define RV_MSTATUS_FS (3ull << 13) /* 0 Off, 1 Initial, 2 Clean, 3 Dirty; SD mirrors Dirty */
#define RV_MSTATUS_MPRV (1ull << 17)
#define RV_MSTATUS_TW (1ull << 21)
#define RV_MSTATUS_SPP (1ull << 8)
#define RV_MSTATUS_SUM (1ull << 18)
#define RV_MSTATUS_MXR (1ull << 19)
#define RV_MSTATUS_TVM (1ull << 20)
#define RV_MSTATUS_TSR (1ull << 22)
#define RV_MSTATUS_SXL_SHIFT 34
/* The mstatus bits sstatus shows (UXL added on RV64). */
#define RV_SSTATUS_MASK (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_SUM | RV_MSTATUS_MXR)
#define RV_MSTATUS_UXL_SHIFT 32
#define RV_MSTATUS_UXL (3ull << RV_MSTATUS_UXL_SHIFT)

/* ---- mip/mie ---- */
#define RV_MIP_MSIP (1ull << VP_CPU_IRQ_MSIP)
#define RV_MIP_MTIP (1ull << VP_CPU_IRQ_MTIP)
#define RV_MIP_MEIP (1ull << VP_CPU_IRQ_MEIP)
#define RV_MIP_ALL (RV_MIP_MSIP | RV_MIP_MTIP | RV_MIP_MEIP)
#define RV_MIP_SSIP (1ull << 1)
#define RV_MIP_STIP (1ull << 5)
#define RV_MIP_SEIP (1ull << 9)
#define RV_MIP_S_ALL (RV_MIP_SSIP | RV_MIP_STIP | RV_MIP_SEIP)
/* medeleg: the exceptions S-mode may take (not ecall from M, not the reserved 10, 14) */
#define RV_MEDELEG_MASK 0xb3ffull

/* satp */
#define RV_SATP32_MODE (1ull << 31)
#define RV_SATP64_MODE_SHIFT 60
#define RV_SATP_MODE_SV39 8u

/* mcountinhibit / mcounteren bits */
#define RV_COUNT_CY (1u << 0)
#define RV_COUNT_TM (1u << 1)
#define RV_COUNT_IR (1u << 2)

/* misa extension letters */
#define RV_MISA_BIT(c) (1ull << ((c) - 'A'))

/* TB flags (vp__rv_tb_flags) */
#define RV_TBF_PRIV_MASK 3u
#define RV_TBF_RV64 (1u << 2)
#define RV_TBF_C (1u << 3)
#define RV_TBF_VM (1u << 8) /* fetches go through page tables (S/U with satp not Bare) */
#define RV_TBF_DSET_SHIFT 9 /* 2 bits: the data accesses' soft-TLB set (ex.dset: mode, MPRV, SUM) */

/* ---- CSR file (rv_csr.c) ---- */
/* Performs the access of a CSR instruction: op 1 = RW, 2 = RS, 3 = RC.
 * Reads only if do_read, writes only if do_write. Returns 0 with the old
 * value in *old, or -1 if the access is illegal (absent CSR, privilege,
 * write to a read-only CSR). */
int vp__rv_csr_op(vp_cpu *cpu, unsigned csr, unsigned op, bool do_read, bool do_write, uint64_t src,
                  uint64_t *old);
/* vp_cpu_get_csr (vp_target_ops.read_csr): reads without side effects. */
bool vp__rv_read_csr(const vp_cpu *cpu, unsigned csr, uint64_t *val);
/* Name of a CSR for the disassembler ("mstatus"), or "0x7c0" in buf. */
const char *vp__rv_csr_name(unsigned csr, unsigned xlen, char *buf, size_t size);
/* XLEN-wide mask of a value. */
static inline uint64_t vp__rv_xmask(const vp_cpu *cpu, uint64_t v)
{
    return vp_rv(cpu)->xlen == 32 ? (uint32_t)v : v;
}

/* ---- helpers called from translated code (rv_cpu.c) ---- */
uint64_t vp__rv_helper_raise(vp_cpu *cpu, uint64_t cause, uint64_t tval, uint64_t unused);
uint64_t vp__rv_helper_illegal(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t vp__rv_helper_csr(vp_cpu *cpu, uint64_t insn, uint64_t src, uint64_t next_pc);
/* LR: returns the loaded value (reservation set), or traps. */
uint64_t vp__rv_helper_lr(vp_cpu *cpu, uint64_t addr, uint64_t memop, uint64_t unused);
/* SC: returns 0 (stored) or 1 (failed), or traps. */
uint64_t vp__rv_helper_sc(vp_cpu *cpu, uint64_t addr, uint64_t val, uint64_t memop);
uint64_t vp__rv_helper_mret(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t vp__rv_helper_sret(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t vp__rv_helper_sfence_vma(vp_cpu *cpu, uint64_t insn, uint64_t vaddr, uint64_t asid);
uint64_t vp__rv_helper_wfi(vp_cpu *cpu, uint64_t insn, uint64_t next_pc, uint64_t unused);
uint64_t vp__rv_helper_fence_i(vp_cpu *cpu, uint64_t next_pc, uint64_t unused1, uint64_t unused2);
/* A 32-bit ebreak with a semihosting hook (vp_cpu_config.semihost): serves the
 * call when the ebreak sits in the semihosting sequence and the hook takes it
 * (retires, pc = next_pc), else raises the breakpoint. */
uint64_t vp__rv_helper_ebreak(vp_cpu *cpu, uint64_t next_pc, uint64_t unused1, uint64_t unused2);
/* F/D (rv_fpu.c): fcsr access (-1 while absent or FS is Off), mstatus.SD
 * from FS, and the helpers translated FP instructions call. */
bool vp__rv_fp_enabled(const vp_cpu *cpu);
int vp__rv_fcsr_read(const vp_cpu *cpu, unsigned csr, uint64_t *val);
/* Debugger accessors (vp_target_ops): rv_mmu.c, rv_csr.c, rv_fpu.c. */
int vp__rv_debug_translate(vp_cpu *cpu, uint64_t vaddr, uint64_t *paddr);
bool vp__rv_write_csr(vp_cpu *cpu, unsigned csr, uint64_t val);
unsigned vp__rv_flen(const vp_cpu *cpu);
bool vp__rv_read_freg(const vp_cpu *cpu, unsigned idx, uint64_t *val);
bool vp__rv_write_freg(vp_cpu *cpu, unsigned idx, uint64_t val);
void vp__rv_fcsr_write(vp_cpu *cpu, unsigned csr, uint64_t val);
void vp__rv_fs_update_sd(vp_rv_state *rv);
uint64_t vp__rv_helper_fp(vp_cpu *cpu, uint64_t insn, uint64_t xsrc, uint64_t unused);
uint64_t vp__rv_helper_fp_check(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t vp__rv_helper_fp_set(vp_cpu *cpu, uint64_t rd_dbl, uint64_t v, uint64_t unused);
uint64_t vp__rv_helper_fp_get(vp_cpu *cpu, uint64_t insn, uint64_t rs, uint64_t unused);
/* satp selects Sv32/Sv39 (not Bare). */
static inline bool vp__rv_satp_paged(const vp_rv_state *rv)
{
    return rv->xlen == 32 ? (rv->satp & RV_SATP32_MODE) != 0 : (rv->satp >> RV_SATP64_MODE_SHIFT) != 0;
}
/* vp_target_ops.translate_addr (rv_mmu.c). */
int vp__rv_translate_addr(vp_cpu *cpu, uint64_t vaddr, uint32_t size, vp_access access, uint64_t *paddr,
                          uint32_t *prot);
/* PMP configuration byte of entry i (rv_csr.c). */
unsigned vp__rv_pmp_cfg(const vp_cpu *cpu, unsigned i);
/* The accesses (VP_PROT_R/W/X) PMP allows to [addr, addr + size) in mode
 * prv; *whole: the same answer holds for the whole 4 KiB page (rv_pmp.c). */
uint32_t vp__rv_pmp_prot(const vp_cpu *cpu, uint64_t addr, uint64_t size, uint32_t prv, bool *whole);
/* Something that changes what data accesses may do changed
 * (mstatus.MPRV/MPP/SUM/MXR): drops the soft TLB. */
void vp__rv_vm_changed(vp_cpu *cpu);
/* Interrupt pending, enabled in mie and allowed by the current mode. */
bool vp__rv_irq_deliverable(const vp_cpu *cpu);

#endif /* VP_RV_INT_H */
