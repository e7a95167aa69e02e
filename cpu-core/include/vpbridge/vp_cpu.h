/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cpu.h - the CPU core (one hart of a guest ISA): create, run for a
 * budget, interrupts, registers. Names no guest ISA: the ISA string picks
 * the target, and what interrupt numbers, registers, CSRs and trap causes
 * mean is the target's (RISC-V: vp_cpu_riscv.h, not included here).
 * No SystemC here; the bridge drives time.
 *
 * Threading: a vp_cpu is used from one thread. vp_cpu_set_irq and
 * vp_cpu_request_exit may be called from device callbacks that run while
 * vp_cpu_run is on the stack (the CPU's own bus accesses); the core then
 * stops at the next block boundary.
 */
#ifndef VPBRIDGE_VP_CPU_H
#define VPBRIDGE_VP_CPU_H

#include <vpbridge/tlmc.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VP_CPU_ABI VP_ABI_VERSION(0, 1) /* == 1, its value before the scheme (vp_base.h) */

typedef struct vp_cpu vp_cpu;
/* Harts that share memory: one exclusive-access monitor (reservations) and one
 * view of which memory holds translated code. See vp_cpu_group_create. */
typedef struct vp_cpu_group vp_cpu_group;

typedef enum vp_cpu_accel {
    VP_CPU_ACCEL_INTERP = 0, /* portable IR interpreter */
    VP_CPU_ACCEL_JIT = 1,    /* host code (x86-64 hosts) */
} vp_cpu_accel;

typedef struct vp_cpu_config {
    uint32_t size;           /* sizeof(vp_cpu_config) */
    uint32_t abi;            /* VP_CPU_ABI */
    const char *isa;         /* guest ISA string; its prefix picks the target */
    uint32_t hartid;         /* the hart's id as the guest reads it */
    uint64_t reset_pc;       /* pc after reset */
    tlmc_target *bus;        /* where loads, stores and fetches go (a router) */
    vp_time insn_period;     /* simulated time per instruction (1/freq) */
    /* Reads the guest-visible time counter: called with the hart's local
     * time offset from the kernel time. NULL: the hart has no time counter
     * (what reading it then does is the target's). */
    uint64_t (*read_time)(void *opaque, vp_time local_offset);
    void *read_time_opaque;
    vp_cpu_accel accel;
    /* -- VP_CPU_ABI 1 ends here (fields below are read only if `size` covers them) -- */
    /* The group the hart joins (it must outlive the hart). NULL: a group
     * of its own (no other hart can break its reservations). */
    vp_cpu_group *group;
    /* With the JIT: how many times the interpreter runs a block before the
     * JIT compiles it (code that runs a few times, as most of a boot does,
     * never pays for compiling). 0: VP_CPU_JIT_THRESHOLD_DEFAULT; 1: the
     * JIT compiles every block before it first runs. */
    uint32_t jit_threshold;
    /* Semihosting (docs/semihosting.md): called when the hart executes the
     * target's semihosting call (an instruction sequence the target defines;
     * RISC-V: vp_cpu_riscv.h), with the hart's local time offset from the
     * kernel time. The hook reads its arguments and writes its result
     * through vp_cpu_get_reg / vp_cpu_set_reg (in the registers the target
     * says) and returns true: the instruction retires and the hart goes on
     * after it. False: the instruction takes its trap as if there were no
     * hook. NULL (the default): semihosting is off, the instruction always
     * traps, and translation is unchanged. Runs on the hart's thread inside
     * vp_cpu_run; it may call vp_cpu_request_exit. */
    bool (*semihost)(void *opaque, vp_cpu *cpu, vp_time local_offset);
    void *semihost_opaque;
} vp_cpu_config;

/* vp_cpu_config.jit_threshold when it is 0 (bench/linux.sh measured it). */
#define VP_CPU_JIT_THRESHOLD_DEFAULT 64u

/* Why vp_cpu_run returned. */
typedef enum vp_cpu_exit {
    VP_CPU_EXIT_BUDGET = 0,  /* executed the instruction budget */
    VP_CPU_EXIT_WFI = 1,     /* hart is waiting for an interrupt (nothing pending) */
    VP_CPU_EXIT_REQUEST = 2, /* vp_cpu_request_exit was called */
    VP_CPU_EXIT_SYNC = 3,    /* local time passed the sync limit after an annotated delay */
    VP_CPU_EXIT_TRAP_STORM = 4, /* VP_CPU_TRAP_STORM exceptions in a row retired no instruction
                                 * (vp_cpu_get_last_trap tells which); a new run goes on trapping */
    VP_CPU_EXIT_DEBUG = 5,   /* a breakpoint, a watchpoint or vp_cpu_step stopped the hart
                                (vp_cpu_get_debug_stop tells which); never without the debugger API */
} vp_cpu_exit;

/* Consecutive exceptions with no instruction retired between them that
 * make vp_cpu_run return VP_CPU_EXIT_TRAP_STORM (a trap vector that
 * faults itself: the hart can never make progress). */
#define VP_CPU_TRAP_STORM 100000u

/* Creates an empty group. Give it to every hart of one platform
 * (vp_cpu_config.group) so that a store or atomic write by any of them
 * breaks the others' reservations (exclusive loads) on the same bytes. */
VP_API vp_cpu_group *vp_cpu_group_create(void);
/* Destroys a group after all of its harts (accepts NULL). */
VP_API void vp_cpu_group_destroy(vp_cpu_group *group);
/* Something other than the group's harts wrote [addr, addr + size) of
 * memory (a DMA engine or SystemC initiator through the bus, a debugger, a
 * loader): breaks every reservation that overlaps it and drops the
 * translations of code in it, in every hart of the group. Memory targets
 * call it for each write they serve outside DMI (the platform's RAM does).
 * May be called from device callbacks while a hart runs. */
VP_API void vp_cpu_group_notify_write(vp_cpu_group *group, uint64_t addr, uint64_t size);

/* One interrupt input of a hart, as its target names it. */
typedef struct vp_cpu_irq_input {
    const char *name; /* what platform YAML wires ("hart0.<name>") */
    unsigned line;    /* the number vp_cpu_set_irq takes */
    const char *help; /* one line */
} vp_cpu_irq_input;

/* What harts of an ISA look like from outside, known before any exists:
 * for loaders and platform builders. Strings and arrays are static. */
typedef struct vp_cpu_isa_info {
    uint32_t size, abi;     /* sizeof(vp_cpu_isa_info), VP_CPU_ABI */
    const char *target;     /* the target that runs it (lower case, no spaces) */
    const char *display;    /* the architecture's name for people */
    const char *variant;    /* this ISA's width variant for people (e.g. "RV32") */
    const char *arch;       /* the `arch` module manifests use for it */
    unsigned xlen;          /* general register and address width in bits */
    uint32_t elf_machine;   /* e_machine of its ELF images */
    uint32_t irq_count;     /* entries of irqs */
    const vp_cpu_irq_input *irqs;
} vp_cpu_isa_info;

/* Fills *out (out->size must be set; fields beyond it are left alone) for
 * ISA string `isa` from the target its prefix picks, as vp_cpu_create
 * would. Returns 0, or VP_EINVAL with an error "isa '<isa>': <reason>"
 * when no target takes it. Only the prefix is checked here: extensions
 * are checked when a hart is created. */
VP_API int vp_cpu_get_isa_info(const char *isa, vp_cpu_isa_info *out, vp_error **errp);

/* Creates a hart and resets it. Returns NULL and sets errp on an ISA
 * string no target takes ("isa 'x86': must start with ...", naming the
 * known prefixes) or that its target refuses (an unsupported extension). */
VP_API vp_cpu *vp_cpu_create(const vp_cpu_config *cfg, vp_error **errp);
VP_API void vp_cpu_destroy(vp_cpu *cpu); /* accepts NULL */
/* Architectural reset: pc = reset_pc, general registers 0 except the
 * target's boot registers, the target's reset state, caches flushed. */
VP_API void vp_cpu_reset(vp_cpu *cpu);

/* Runs until `budget` instruction steps are used (it may overshoot by at
 * most one block, never past an instruction that exits), the hart sleeps
 * in WFI, an exit is requested, the local time offset (steps × period +
 * annotated delays) exceeds `sync_limit`, or a trap storm is detected. A
 * step is a retired instruction or an exception taken (an exception costs
 * the time of one instruction, so a hart that only traps still uses its
 * budget and time). *local_time returns the local time consumed in this
 * call; *executed the steps. Both pointers may be NULL. */
VP_API vp_cpu_exit vp_cpu_run(vp_cpu *cpu, uint64_t budget, vp_time sync_limit, uint64_t *executed,
                              vp_time *local_time);
/* Asks a running (or the next) vp_cpu_run to return at the next block boundary. */
VP_API void vp_cpu_request_exit(vp_cpu *cpu);
/* Drives interrupt input `irq` to `level`. Interrupt input numbers are
 * target-defined (RISC-V: VP_CPU_IRQ_* in vp_cpu_riscv.h). Wakes a hart
 * in WFI when the target has that interrupt enabled. */
VP_API void vp_cpu_set_irq(vp_cpu *cpu, unsigned irq, bool level);
/* A tlmc_signal sink that calls vp_cpu_set_irq(opaque, line, level). */
VP_API void vp_cpu_irq_sink(void *cpu, uint32_t line, bool level);
/* True while the hart sleeps in WFI with no enabled interrupt pending. */
VP_API bool vp_cpu_is_halted(const vp_cpu *cpu);

VP_API uint64_t vp_cpu_get_pc(const vp_cpu *cpu);
VP_API void vp_cpu_set_pc(vp_cpu *cpu, uint64_t pc);
/* General register `idx` (0..31), numbered by the target. */
VP_API uint64_t vp_cpu_get_reg(const vp_cpu *cpu, unsigned idx);
VP_API void vp_cpu_set_reg(vp_cpu *cpu, unsigned idx, uint64_t val);
/* Reads a control/status register by its target-defined number, without
 * side effects (for tests, debuggers). Returns false if absent. */
VP_API bool vp_cpu_get_csr(const vp_cpu *cpu, unsigned csr, uint64_t *val);
/* Width of the general registers in bits (32 or 64). */
VP_API unsigned vp_cpu_xlen(const vp_cpu *cpu);
VP_API uint32_t vp_cpu_hartid(const vp_cpu *cpu);
/* Total retired instructions (not changed by guest writes to counters). */
VP_API uint64_t vp_cpu_insn_count(const vp_cpu *cpu);

/* The caches of translated code no longer match memory (a loader wrote
 * code through a backdoor). Flushes all translations. */
VP_API void vp_cpu_flush_code(vp_cpu *cpu);
/* DMI grants over [start, end] were revoked: drops the soft-TLB entries
 * and the translations of code in that range (the memory behind it may
 * have changed: a bank swap, a remap). */
VP_API void vp_cpu_invalidate_dmi(vp_cpu *cpu, uint64_t start, uint64_t end);
/* Matches tlmc_invalidate_fn for tlmc_router_add_invalidate_listener. */
VP_API void vp_cpu_invalidate_dmi_cb(void *cpu, uint64_t start, uint64_t end);

typedef struct vp_cpu_stats {
    uint32_t size, abi;
    uint64_t insns;          /* retired */
    uint64_t tbs_translated; /* blocks translated */
    uint64_t tbs_executed;   /* blocks the run loop dispatched (a jump from block to
                                block through a chain or the jump cache is not counted) */
    uint64_t tb_flushes;     /* whole-cache flushes */
    uint64_t tbs_invalidated;/* blocks dropped by stores into code */
    uint64_t chained;        /* direct block links made */
    uint64_t tlb_misses;
    uint64_t io_accesses;    /* loads/stores that went through b_transport */
    uint64_t traps;          /* exceptions taken (including ecall, ebreak, faults) */
    uint64_t interrupts;     /* interrupts taken */
    /* -- VP_CPU_ABI 1 ends here (fields below are written only if `size` covers them) -- */
    uint64_t sc_failed;      /* store-conditionals that failed */
    uint64_t superblocks;    /* JIT translations that went on past a branch or a jump */
    uint64_t sb_reprofiled;  /* superblocks dropped because a side exit turned hot (profiled again) */
    uint64_t loop_blocks;    /* JIT blocks that loop on themselves with guest registers kept in host registers */
    /* host time, counted only while vp_cpu_set_host_timing is on (else 0) */
    uint64_t host_ns_translate; /* translating and compiling blocks */
    uint64_t host_ns_io;        /* in b_transport of loads, stores and fetches outside DMI (device models) */
} vp_cpu_stats;
/* Copies the counters; out->size says how much of *out the caller has. */
VP_API void vp_cpu_get_stats(const vp_cpu *cpu, vp_cpu_stats *out);

/* The last trap a hart took. */
typedef struct vp_cpu_trap_info {
    uint32_t size, abi;      /* sizeof(vp_cpu_trap_info), VP_CPU_ABI */
    bool valid;              /* false: no trap taken yet */
    bool interrupt;          /* an interrupt (else an exception) */
    uint64_t cause;          /* the target's cause code (without an interrupt flag) */
    const char *cause_name;  /* "instruction access fault"; static, never NULL */
    uint64_t pc;             /* pc of the instruction that trapped */
    uint64_t tval;           /* the target's trap value (a faulting address, ...) */
    uint64_t vector;         /* pc of the handler entered */
    uint64_t repeats;        /* consecutive exceptions without a retired instruction, this one included */
} vp_cpu_trap_info;
/* Fills *out (out->size must be set) and returns out->valid. */
VP_API bool vp_cpu_get_last_trap(const vp_cpu *cpu, vp_cpu_trap_info *out);

/* Execution digest (`vpbridge run --digest`, `vpbridge batch
 * --check-determinism`). While on, the hart hashes what it did that the
 * rest of the platform can see, each with the retired-instruction count it
 * happened at: every load and store served by a target that offers no DMI
 * (a device register: address, size, direction, data, response) and every
 * trap and interrupt taken (cause, pc, tval). Instruction fetches and
 * accesses to memory are not hashed (whether one goes through the bus
 * depends on the soft TLB, not on the program). Off by default; it costs
 * nothing on the paths that use DMI. Two runs that did the same have the
 * same digest, whichever executor ran them. */
VP_API void vp_cpu_set_digest(vp_cpu *cpu, bool on);
/* The events hashed so far combined with the hart's state now (retired
 * instructions, pc, general registers). */
VP_API uint64_t vp_cpu_digest(const vp_cpu *cpu);

/* Guest profiler (`vpbridge run --profile`). While on, the hart calls `fn`
 * every `period` retired instructions, at the first block boundary at or
 * after each multiple (no host timer: the same run gives the same
 * samples), with the pc about to run and its shadow call stack: the entry
 * addresses of the functions called and not yet returned from, outermost
 * first, `depth` of them (at most VP_CPU_PROFILE_DEPTH are kept; deeper
 * calls are counted, not stored). Calls and returns are the target's
 * (RISC-V: jal/jalr writing ra or t0 call; jalr through ra or t0 that
 * writes neither returns). Turning it on or off flushes the translations
 * (calls are tracked by translated code). period 0: off, the default;
 * then translation and execution are as without a profiler. */
#define VP_CPU_PROFILE_DEPTH 64u
typedef void (*vp_cpu_profile_fn)(void *opaque, vp_cpu *cpu, uint64_t pc, const uint64_t *stack, unsigned depth);
VP_API void vp_cpu_set_profile(vp_cpu *cpu, uint64_t period, vp_cpu_profile_fn fn, void *opaque);

/* Counts host time in translation and in device accesses (vp_cpu_stats
 * host_ns_*): two clock reads around each, so only when asked (--stats). */
VP_API void vp_cpu_set_host_timing(vp_cpu *cpu, bool on);

/* Simulated time per retired instruction (cfg.insn_period). */
VP_API vp_time vp_cpu_insn_period(const vp_cpu *cpu);

/* ---- Debugger support (`vpbridge run --gdb`, docs/debugging.md) ----------
 * Breakpoints and watchpoints are the hart's own and cost nothing while
 * none is set. Call these between runs (not from device callbacks inside
 * vp_cpu_run). */

/* Kinds of watchpoint (bits). */
#define VP_CPU_WATCH_WRITE 1u
#define VP_CPU_WATCH_READ 2u
#define VP_CPU_WATCH_ACCESS 3u /* either */

/* What stopped a hart that returned VP_CPU_EXIT_DEBUG. */
typedef enum vp_cpu_debug_kind {
    VP_CPU_DEBUG_NONE = 0,
    VP_CPU_DEBUG_BREAK = 1, /* it is about to run a breakpoint's instruction (not run yet) */
    VP_CPU_DEBUG_WATCH = 2, /* an instruction accessed a watched address (it retired, or trapped) */
    VP_CPU_DEBUG_STEP = 3,  /* vp_cpu_step ran its one instruction */
} vp_cpu_debug_kind;

typedef struct vp_cpu_debug_stop {
    uint32_t size, abi;  /* sizeof(vp_cpu_debug_stop), VP_CPU_ABI */
    uint32_t kind;       /* vp_cpu_debug_kind */
    uint32_t watch;      /* WATCH: the kind of the watchpoint that fired (VP_CPU_WATCH_*) */
    uint64_t addr;       /* BREAK: the pc; WATCH: the first watched byte the access touched */
    uint64_t watch_addr; /* WATCH: the start of that watchpoint */
    uint64_t pc;         /* WATCH: the pc of the instruction that made the access */
} vp_cpu_debug_stop;

/* A breakpoint at virtual pc: vp_cpu_run returns VP_CPU_EXIT_DEBUG before
 * the instruction there runs (guest memory is not changed). Inserting one
 * that exists is counted: it goes with as many removals. Returns 0, or
 * VP_ENOENT from remove when there is none. Flushes the translations. */
VP_API int vp_cpu_breakpoint_insert(vp_cpu *cpu, uint64_t pc);
VP_API int vp_cpu_breakpoint_remove(vp_cpu *cpu, uint64_t pc);
/* A watchpoint on [addr, addr + len) (virtual; len 1 .. 2^32): an
 * instruction whose load (READ), store (WRITE) or atomic touches a byte of
 * it makes vp_cpu_run return VP_CPU_EXIT_DEBUG once that instruction has
 * completed (pc after it, or at the handler if it trapped). Only the
 * watched pages leave the soft TLB's fast path. Instruction fetches and
 * device DMA are not watched. Returns 0, VP_EINVAL (len or kind), or
 * VP_ENOENT from remove. */
VP_API int vp_cpu_watchpoint_insert(vp_cpu *cpu, uint64_t addr, uint64_t len, unsigned kind);
VP_API int vp_cpu_watchpoint_remove(vp_cpu *cpu, uint64_t addr, uint64_t len, unsigned kind);
/* Removes every breakpoint and watchpoint. */
VP_API void vp_cpu_debug_clear(vp_cpu *cpu);
/* Runs exactly one instruction (or takes the one exception it raises: the
 * hart stops at the handler's first instruction), ignoring a breakpoint at
 * the pc and taking no interrupt. Returns VP_CPU_EXIT_DEBUG (kind STEP,
 * or WATCH if it touched a watched address), or VP_CPU_EXIT_WFI without
 * running anything if the hart sleeps in WFI. *executed / *local_time as
 * vp_cpu_run's (may be NULL). */
VP_API vp_cpu_exit vp_cpu_step(vp_cpu *cpu, uint64_t *executed, vp_time *local_time);
/* Fills *out (out->size must be set) with the last debug stop; returns
 * false if the last vp_cpu_run or vp_cpu_step did not stop for the debugger. */
VP_API bool vp_cpu_get_debug_stop(const vp_cpu *cpu, vp_cpu_debug_stop *out);
/* Reads or writes guest memory as the hart sees it now: virtual addresses
 * go through its current translation (page tables under an MMU; no
 * accessed/dirty bits set, no PMP check), then debug transport on its bus.
 * A write drops the translations of code it changes and the reservations
 * on it, in every hart of the group. Returns the bytes done (less than len
 * where an address has no translation or nothing answers). */
VP_API size_t vp_cpu_debug_access(vp_cpu *cpu, uint64_t vaddr, void *buf, size_t len, bool write);
/* Floating-point registers: their width in bits (0: none), and register
 * `idx` (0..31) as raw bits (a 32-bit value NaN-boxed in a 64-bit register
 * is returned as stored). False if there is no such register. */
VP_API unsigned vp_cpu_flen(const vp_cpu *cpu);
VP_API bool vp_cpu_get_freg(const vp_cpu *cpu, unsigned idx, uint64_t *val);
VP_API bool vp_cpu_set_freg(vp_cpu *cpu, unsigned idx, uint64_t val);
/* Writes a control/status register by its target-defined number with the
 * effects a write by the guest's most privileged mode has (read-only bits
 * stay). False if absent or read-only. */
VP_API bool vp_cpu_set_csr(vp_cpu *cpu, unsigned csr, uint64_t val);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_CPU_H */
