/* SPDX-License-Identifier: Apache-2.0 */
/* cpu_int.h - internal layout of a hart and the contract between a guest
 * target (target/<isa>/, e.g. target/riscv) and the target-independent
 * runtime (ir/, interp/, jit/, exec/). Names no guest ISA.
 *
 * Ownership of this file's parts:
 *   struct vp_exec      - exec/ (declared in exec/exec_int.h)
 *   struct vp_cpu       - shared; IR globals are offsets into it
 *   target_state[]      - the target's own state (vp_target_ops.state_size
 *                         bytes), allocated with the hart at a fixed offset
 */
#ifndef VP_CPU_INT_H
#define VP_CPU_INT_H

#include <stddef.h>

#include <vpbridge/vp_cpu.h>

#include "../ir/ir.h"
#include "../exec/exec_int.h"

/* Memory faults as the runtime (exec/) reports them; the target maps each
 * onto its own exception (vp_target_ops.fault). An AMO counts as a store. */
typedef enum vp_fault {
    VP_FAULT_NONE = 0,
    VP_FAULT_FETCH_ACCESS,    /* nothing (or an error response) where code is fetched */
    VP_FAULT_LOAD_ACCESS,     /* a load found nothing or got an error response */
    VP_FAULT_STORE_ACCESS,    /* the same for a store or AMO */
    VP_FAULT_LOAD_MISALIGNED, /* an access that must be aligned was not */
    VP_FAULT_STORE_MISALIGNED,
    VP_FAULT_FETCH_PAGE,      /* the target's address translation refused a fetch */
    VP_FAULT_LOAD_PAGE,       /* ... a load */
    VP_FAULT_STORE_PAGE,      /* ... a store or AMO */
    VP_FAULT_DEBUG,           /* a watchpoint stopped the access before it happened (never reaches
                               * the target: vp__cpu_mem_fault stops the hart at the instruction) */
} vp_fault;

/* Kinds of memory access, as the runtime asks the target to translate them. */
typedef enum vp_access {
    VP_ACCESS_READ = 0,
    VP_ACCESS_WRITE = 1,
    VP_ACCESS_FETCH = 2,
} vp_access;

/* What a translation allows on its page (vp_target_ops.translate_addr). */
#define VP_PROT_READ 1u
#define VP_PROT_WRITE 2u
#define VP_PROT_EXEC 4u
#define VP_PROT_PAGED 8u /* translated through the target's page tables (not the identity) */
#define VP_PROT_ONCE 16u /* the answer holds for this access only (not the whole page): not cached */

/* Values of cpu->exit_tb_now set by a VP_CALL_MAY_EXIT helper. */
#define VP_EXIT_TB_NONE 0u
#define VP_EXIT_TB_TRAP 1u    /* current insn did not retire; pc = trap vector */
#define VP_EXIT_TB_RETIRED 2u /* current insn retired; pc already set by the helper */

struct vp_cpu {
    /* ---- guest registers: IR globals (keep first; JIT addresses them off one base) */
    uint64_t x[32];   /* general registers, numbered by the target; a 32-bit guest uses the low bits */
    uint64_t pc;      /* valid at block boundaries and in helpers that exit */

    /* ---- published by executors before every CALL/QLD/QST */
    uint64_t cur_pc;    /* guest pc of the current instruction */
    uint32_t cur_insn;  /* its index in the current block */
    uint32_t exit_tb_now; /* VP_EXIT_TB_* set by helpers */
    volatile uint32_t exit_request; /* set by vp__cpu_kick; the loop checks it between blocks */

    vp_exec ex;         /* runtime state: TLB, TB cache, counters */

    vp_cpu_config cfg;  /* copy of the creation config */
    char *isa;          /* owned copy of cfg.isa */
    const struct vp_target_ops *target; /* the guest ISA (vp__target_for) */

    /* ---- the target's state: target->state_size bytes allocated with the
     * hart (vp_cpu_create), at the fixed offset VP_CPU_TARGET_OFFSET, so
     * translated code reaches a target field as env + constant, exactly
     * like a field of this struct. Only the target reads it, through its
     * own accessor (for RISC-V, in target/riscv/rv_int.h). Keep last. */
    _Alignas(max_align_t) unsigned char target_state[];
};

/* Asks the hart to leave translated code at its next block boundary (an
 * interrupt became deliverable, an exit was requested): exit_request for
 * the run loop, and icount_stop = 0, the one value chained blocks compare
 * at their exits. */
static inline void vp__cpu_kick(struct vp_cpu *cpu)
{
    cpu->exit_request = 1;
    cpu->ex.icount_stop = 0;
}

/* Offset of the target's state from the hart (the JIT's env pointer). */
#define VP_CPU_TARGET_OFFSET offsetof(struct vp_cpu, target_state)

/* ================= The target seam =================
 * What the runtime (exec/) needs from a guest ISA. The runtime calls a
 * target only through this table; RISC-V (target/riscv, vp__riscv_target)
 * is the first implementation. */
typedef struct vp_target_ops {
    const char *name;  /* "riscv" */
    /* ISA strings this target takes: those starting with one of these
     * prefixes (ASCII case ignored); NULL-terminated. */
    const char *const *isa_prefixes;
    /* Bytes of the target's own state (cpu->target_state), zeroed at creation. */
    size_t state_size;
    /* Parses the ISA string and sets up the target's state; the error
     * names the string ("isa 'rv32gc': extension 'f' not supported"). */
    int (*init)(vp_cpu *cpu, const char *isa, vp_error **errp);
    /* Architectural reset and the boot registers (the runtime zeroes x[]
     * first); sets cpu->ex.addr_mask to the guest's address width. */
    void (*reset)(vp_cpu *cpu);
    /* Flags that select a translation (privilege, XLEN, ...): part of the TB
     * key. They must differ whenever ex.dset does (the JIT compiles the data
     * accesses' soft-TLB set into the code). */
    uint32_t (*tb_flags)(const vp_cpu *cpu);
    /* Translates one block at pc into b (reset by the caller). False if not
     * even the first instruction could be fetched (the runtime then raises
     * VP_FAULT_FETCH_ACCESS). */
    bool (*translate)(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags);
    /* Address translation (NULL: physical = virtual, everything allowed).
     * The physical address of `vaddr` for `access` of `size` bytes (within
     * one page) in *paddr, and in *prot
     * the VP_PROT_* accesses the same translation allows on its whole
     * 4 KiB page (the soft TLB caches them until vp__cpu_tlb_flush).
     * Returns VP_FAULT_NONE or the fault to raise (the page faults, or an
     * access fault of the walk). Reads page tables with vp__cpu_phys_rw. */
    int (*translate_addr)(vp_cpu *cpu, uint64_t vaddr, uint32_t size, vp_access access, uint64_t *paddr,
                          uint32_t *prot);
    /* If an enabled interrupt is pending, enters its handler: true. */
    bool (*take_interrupt)(vp_cpu *cpu);
    /* True if a hart sleeping in WFI must wake (an enabled interrupt pends). */
    bool (*wfi_wakeup)(const vp_cpu *cpu);
    /* Enters the handler for the runtime's memory fault `kind` at `addr`,
     * raised by the instruction at `pc`. */
    void (*fault)(vp_cpu *cpu, vp_fault kind, uint64_t addr, uint64_t pc);
    /* Disassembles the instruction at pc (fetched with vp__cpu_fetch) for
     * --trace in_asm: its text in buf, its length in bytes; 0 if it cannot
     * be fetched. *insn: the instruction bits. */
    unsigned (*disas)(vp_cpu *cpu, uint64_t pc, uint32_t *insn, char *buf, size_t size);
    /* The public accessors whose meaning is the target's. NULL: the
     * target has none (no interrupt inputs, no such registers). */
    /* vp_cpu_set_irq: drives input `irq` (the target's number); false if
     * there is no such input. Wakes the hart (vp__cpu_set_halted, an exit
     * request) when the interrupt is enabled. */
    bool (*set_irq)(vp_cpu *cpu, unsigned irq, bool level);
    /* vp_cpu_get_csr: a control/status register by the target's number,
     * without side effects; false if absent. */
    bool (*read_csr)(const vp_cpu *cpu, unsigned csr, uint64_t *val);
    /* vp_cpu_xlen: width of the general registers in bits. */
    unsigned (*xlen)(const vp_cpu *cpu);
    /* vp_cpu_get_isa_info for an ISA string this target takes: fills every
     * field of *out after `target` (the runtime sets size, abi, target). */
    void (*isa_info)(const char *isa, vp_cpu_isa_info *out);
    /* Debugger: the physical address of data at vaddr under the current
     * translation, with no side effect (no A/D bits, no PMP); 0 or -1.
     * NULL: physical = virtual. */
    int (*debug_translate)(vp_cpu *cpu, uint64_t vaddr, uint64_t *paddr);
    /* vp_cpu_flen / get_freg / set_freg / set_csr (NULL: none). */
    unsigned (*flen)(const vp_cpu *cpu);
    bool (*read_freg)(const vp_cpu *cpu, unsigned idx, uint64_t *val);
    bool (*write_freg)(vp_cpu *cpu, unsigned idx, uint64_t val);
    bool (*write_csr)(vp_cpu *cpu, unsigned csr, uint64_t val);
} vp_target_ops;

/* The target for an ISA string, picked by its prefix from every known
 * target (exec/target.c). NULL with an error naming the string and the
 * known prefixes ("isa 'x86': must start with rv32 or rv64") if none
 * takes it. */
const vp_target_ops *vp__target_for(const char *isa, vp_error **errp);


/* ================= Provided by exec/ (the runtime) ================= */
/* Fetches `size` (2 or 4) bytes of code at pc for translation. False on a fetch fault. */
bool vp__cpu_fetch(vp_cpu *cpu, uint64_t pc, uint32_t size, uint32_t *insn);
/* Guest memory access for helpers (same path as QLD/QST, no trap raised).
 * Returns VP_FAULT_NONE (0), or the fault the access would raise. */
int vp__cpu_load(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val);
int vp__cpu_store(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val);
/* LR: loads and reserves the bytes. Only memory that grants DMI supports
 * it (else a load access fault). Returns 0 or the vp_fault. */
int vp__cpu_load_reserved(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t *val);
/* SC: stores if the hart still holds a reservation of exactly these
 * bytes (*stored = true), else fails without access; the reservation is
 * gone either way. Returns 0 or the vp_fault. */
int vp__cpu_store_conditional(vp_cpu *cpu, uint64_t addr, uint32_t memop, uint64_t val, bool *stored);
/* The target entered a trap handler: counts it, remembers it for
 * vp_cpu_get_last_trap, charges an exception one step of time and budget,
 * and detects trap storms. `name` is the cause's static description. */
void vp__cpu_trap_taken(vp_cpu *cpu, bool interrupt, uint64_t cause, const char *name, uint64_t pc, uint64_t tval,
                        uint64_t vector);
/* Raises the trap for a failed QLD/QST at the current instruction
 * (cur_pc) and marks the block for exit. */
void vp__cpu_mem_fault(vp_cpu *cpu, uint64_t addr, uint32_t memop, bool is_store, uint32_t fault);
/* Instructions retired before the current instruction (for counter reads). */
uint64_t vp__cpu_icount_now(const vp_cpu *cpu);
/* Local time offset of the current instruction from the kernel time. */
vp_time vp__cpu_local_time(const vp_cpu *cpu);
/* The guest profiler's shadow call stack (vp_cpu_set_profile): helpers a
 * target's translation calls at a call (the callee's entry) and a return,
 * only while the profiler is on (vp__cpu_profiling). */
uint64_t vp__prof_call(vp_cpu *cpu, uint64_t target, uint64_t unused1, uint64_t unused2);
uint64_t vp__prof_ret(vp_cpu *cpu, uint64_t unused0, uint64_t unused1, uint64_t unused2);
/* Monotonic host nanoseconds (vp_cpu_set_host_timing's counters). */
uint64_t vp__host_ns(void);
/* Instructions a block may hold: `dflt`, or 1 while vp_cpu_step runs. */
static inline uint32_t vp__cpu_block_limit(const vp_cpu *cpu, uint32_t dflt)
{
    return cpu->ex.dbg_one ? 1u : dflt;
}
static inline bool vp__cpu_profiling(const vp_cpu *cpu)
{
    return cpu->ex.prof_period != 0;
}
/* Physical memory for the target's own use (page-table walks): no
 * translation and no soft TLB, through the bus. Returns 0 or the access
 * fault (VP_FAULT_LOAD_ACCESS / VP_FAULT_STORE_ACCESS). */
int vp__cpu_phys_rw(vp_cpu *cpu, uint64_t paddr, void *buf, uint32_t size, bool write);
/* Drops the soft TLB (every set) and the jump cache (address translation
 * changed: the target's page tables, sfence.vma). Blocks stay: they are
 * keyed by physical address. Safe to call from a helper. */
void vp__cpu_tlb_flush(vp_cpu *cpu);
/* The soft-TLB sets (0 .. VP_TLB_SETS - 1) instruction fetch and data
 * accesses use from now on: one per translation regime the target keeps
 * apart (a mode whose permissions differ), so switching between them
 * needs no flush. Safe to call from a helper. */
void vp__cpu_set_tlb_sets(vp_cpu *cpu, unsigned fetch_set, unsigned data_set);
/* The same for the one virtual page of vaddr (and the whole jump cache). */
void vp__cpu_tlb_flush_page(vp_cpu *cpu, uint64_t vaddr);
/* Drops every translation (an instruction fence, an ISA change). Safe to call from a helper:
 * the current block finishes its instruction, then the runtime leaves it. */
void vp__cpu_tb_flush(vp_cpu *cpu, const char *why);

#endif /* VP_CPU_INT_H */
