/* SPDX-License-Identifier: Apache-2.0 */
/* rv_cpu.c - RISC-V hart setup and control: ISA string parsing, reset,
 * trap and interrupt entry, mret/wfi/fence.i/CSR helpers called from
 * translated code, interrupt inputs. */
#include <ctype.h>
#include <string.h>

#include "rv_int.h"

/* ---- ISA string --------------------------------------------------------- */

static int isa_letter(vp_cpu *cpu, const char *isa, char c, vp_error **errp)
{
    switch (c) {
    case 'i': return 0;
    case 'm': vp_rv(cpu)->ext |= VP_EXT_M; return 0;
    case 'a': vp_rv(cpu)->ext |= VP_EXT_A; return 0;
    case 'c': vp_rv(cpu)->ext |= VP_EXT_C; return 0;
    case 'f': vp_rv(cpu)->ext |= VP_EXT_F; return 0;
    case 'd': vp_rv(cpu)->ext |= VP_EXT_D | VP_EXT_F; return 0; /* D implies F */
    case 'g': /* imafd_zicsr_zifencei */
        vp_rv(cpu)->ext |= VP_EXT_M | VP_EXT_A | VP_EXT_F | VP_EXT_D;
        return 0;
    default:
        vp_error_set(errp, VP_EUNSUPP, "isa '%s': extension '%c' is not supported", isa, c);
        return VP_EUNSUPP;
    }
}

static int isa_multi(const char *isa, const char *tok, size_t n, vp_error **errp)
{
    static const char *const known[] = {"zicsr", "zifencei", "zicntr", "zihpm"};

    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
        if (strlen(known[k]) == n && strncmp(tok, known[k], n) == 0)
            return 0;
    }
    vp_error_set(errp, VP_EUNSUPP, "isa '%s': extension '%.*s' is not supported", isa, (int)n, tok);
    return VP_EUNSUPP;
}

/* Skips an optional version suffix such as "2p1". */
static const char *skip_version(const char *p)
{
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == 'p' && isdigit((unsigned char)p[1])) {
        p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return p;
}

/* Parses "rv<xlen><letters>[_<ext>...]" (lower case after folding). */
static int isa_parse(vp_cpu *cpu, const char *isa, const char *s, vp_error **errp)
{
    const char *p = s + 4;
    int r;

    if (strncmp(s, "rv32", 4) == 0)
        vp_rv(cpu)->xlen = 32;
    else if (strncmp(s, "rv64", 4) == 0)
        vp_rv(cpu)->xlen = 64;
    else {
        vp_error_set(errp, VP_EINVAL, "isa '%s': must start with rv32 or rv64", isa);
        return VP_EINVAL;
    }
    if (*p != 'i' && *p != 'g') {
        if (*p == '\0' || *p == '_')
            vp_error_set(errp, VP_EINVAL, "isa '%s': base 'i' missing", isa);
        else
            vp_error_set(errp, VP_EUNSUPP, "isa '%s': base '%c' is not supported", isa, *p);
        return *p == '\0' || *p == '_' ? VP_EINVAL : VP_EUNSUPP;
    }
    while (*p && *p != '_') {
        if ((r = isa_letter(cpu, isa, *p, errp)) < 0)
            return r;
        p = skip_version(p + 1);
    }
    while (*p == '_') {
        const char *tok = ++p;
        while (*p && *p != '_')
            p++;
        if (p == tok)
            continue;
        if (!strchr("zsxh", tok[0]) && skip_version(tok + 1) == p) /* "m" or "m2p0" */
            r = isa_letter(cpu, isa, tok[0], errp);
        else
            r = isa_multi(isa, tok, (size_t)(p - tok), errp);
        if (r < 0)
            return r;
    }
    return 0;
}

int vp__rv_init(vp_cpu *cpu, const char *isa, vp_error **errp)
{
    char low[128];
    size_t n;
    int r;

    if (!isa || !*isa) {
        vp_error_set(errp, VP_EINVAL, "isa string is empty");
        return VP_EINVAL;
    }
    n = strlen(isa);
    if (n >= sizeof(low)) {
        vp_error_set(errp, VP_EINVAL, "isa '%.32s...': too long", isa);
        return VP_EINVAL;
    }
    for (size_t k = 0; k <= n; k++)
        low[k] = (char)tolower((unsigned char)isa[k]);
    vp_rv(cpu)->ext = 0;
    if ((r = isa_parse(cpu, isa, low, errp)) < 0)
        return r;
    vp_rv(cpu)->ext |= VP_EXT_ZICSR | VP_EXT_ZIFENCEI | VP_EXT_U;
    vp_rv(cpu)->misa = (vp_rv(cpu)->xlen == 32 ? 1ull << 30 : 2ull << 62) | RV_MISA_BIT('I') | RV_MISA_BIT('S') |
                       RV_MISA_BIT('U');
    if (vp_rv(cpu)->ext & VP_EXT_M)
        vp_rv(cpu)->misa |= RV_MISA_BIT('M');
    if (vp_rv(cpu)->ext & VP_EXT_A)
        vp_rv(cpu)->misa |= RV_MISA_BIT('A');
    if (vp_rv(cpu)->ext & VP_EXT_C)
        vp_rv(cpu)->misa |= RV_MISA_BIT('C');
    if (vp_rv(cpu)->ext & VP_EXT_F)
        vp_rv(cpu)->misa |= RV_MISA_BIT('F');
    if (vp_rv(cpu)->ext & VP_EXT_D)
        vp_rv(cpu)->misa |= RV_MISA_BIT('D');
    vp_rv(cpu)->tbf_static = (vp_rv(cpu)->xlen == 64 ? RV_TBF_RV64 : 0) | ((vp_rv(cpu)->ext & VP_EXT_C) ? RV_TBF_C : 0);
    return 0;
}

void vp__rv_reset(vp_cpu *cpu)
{
    vp_rv_state *rv = vp_rv(cpu);

    cpu->ex.addr_mask = rv->xlen == 32 ? UINT32_MAX : UINT64_MAX;
    /* Boot convention (QEMU -bios none): a0 = hartid, a1 = device tree (none). */
    cpu->x[RV_REG_A0] = cpu->cfg.hartid;
    cpu->x[RV_REG_A1] = 0;
    rv->priv = VP_PRV_M;
    rv->mstatus = rv->xlen == 64 ? (2ull << RV_MSTATUS_UXL_SHIFT) | (2ull << RV_MSTATUS_SXL_SHIFT) : 0;
    vp__rv_vm_changed(cpu);
    rv->mie = 0;
    rv->mip &= RV_MIP_ALL | (rv->seip_line ? RV_MIP_SEIP : 0); /* input lines keep their level */
    rv->seip_sw = 0;
    rv->medeleg = rv->mideleg = 0;
    rv->stvec = rv->sepc = rv->scause = rv->stval = rv->sscratch = rv->satp = 0;
    rv->scounteren = 0;
    rv->mtvec = rv->mepc = rv->mcause = rv->mtval = rv->mscratch = 0;
    rv->mcounteren = rv->mcountinhibit = 0;
    rv->minstret_adj = rv->mcycle_adj = 0;
    rv->minstret_frozen = rv->mcycle_frozen = 0;
    memset(rv->pmpcfg, 0, sizeof(rv->pmpcfg));
    memset(rv->pmpaddr, 0, sizeof(rv->pmpaddr));
    memset(rv->f, 0, sizeof(rv->f)); /* FS = Off (mstatus above), fcsr = 0 */
    rv->fflags = rv->frm = 0;
}

uint32_t vp__rv_tb_flags(const vp_cpu *cpu)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint32_t dset = cpu->ex.dset << RV_TBF_DSET_SHIFT; /* the JIT bakes it in (cpu_int.h) */
    if (rv->priv == VP_PRV_M) /* bare-metal code: the fast path */
        return rv->tbf_static | VP_PRV_M | dset;
    return rv->tbf_static | rv->priv | (vp__rv_satp_paged(rv) ? RV_TBF_VM : 0) | dset;
}

/* ---- traps ----------------------------------------------------------- */

/* The privileged spec's name of a cause (for stop messages and traces). */
static const char *cause_name(uint32_t code, bool interrupt)
{
    static const char *const exc[] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
        "load address misaligned", "load access fault", "store/AMO address misaligned", "store/AMO access fault",
        "environment call from U-mode", "environment call from S-mode", "reserved", "environment call from M-mode",
        "instruction page fault", "load page fault", "reserved", "store/AMO page fault",
    };
    if (interrupt) {
        switch (code) {
        case 1: return "supervisor software interrupt";
        case 5: return "supervisor timer interrupt";
        case 9: return "supervisor external interrupt";
        case VP_CPU_IRQ_MSIP: return "machine software interrupt";
        case VP_CPU_IRQ_MTIP: return "machine timer interrupt";
        case VP_CPU_IRQ_MEIP: return "machine external interrupt";
        default: return "interrupt";
        }
    }
    return code < sizeof(exc) / sizeof(exc[0]) ? exc[code] : "reserved";
}

/* True if the trap goes to S-mode (medeleg/mideleg, and not from M). */
static bool trap_to_s(const vp_cpu *cpu, uint32_t code, bool interrupt)
{
    const vp_rv_state *rv = vp_rv(cpu);

    if (rv->priv == VP_PRV_M || code >= 64)
        return false;
    return (((interrupt ? rv->mideleg : rv->medeleg) >> code) & 1) != 0;
}

static void trap_log(vp_cpu *cpu, uint32_t code, bool interrupt, uint64_t tval, uint64_t epc, uint32_t prv)
{
    vp_log(VP_LOG_INT, VP_LVL_INFO, "hart %u: %s %u (%s) at pc 0x%llx tval 0x%llx -> 0x%llx (%c-mode)",
           (unsigned)cpu->cfg.hartid, interrupt ? "interrupt" : "exception", (unsigned)code,
           cause_name(code, interrupt), (unsigned long long)epc, (unsigned long long)tval,
           (unsigned long long)cpu->pc, prv == VP_PRV_M ? 'M' : 'S');
}

/* Sets the new privilege. What the soft TLB allows depends on the mode
 * (page-table permissions, SUM, PMP treating M apart): each mode has its
 * own soft-TLB set, so a mode change switches sets (vp__rv_vm_changed). */
static void set_priv(vp_cpu *cpu, uint32_t priv)
{
    vp_rv_state *rv = vp_rv(cpu);

    if (rv->priv == priv)
        return;
    rv->priv = priv;
    vp__rv_vm_changed(cpu);
}

static void trap_enter(vp_cpu *cpu, uint32_t code, bool interrupt, uint64_t tval, uint64_t epc)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint64_t ms = rv->mstatus, cause = (interrupt ? 1ull << (rv->xlen - 1) : 0) | code;
    bool to_s = trap_to_s(cpu, code, interrupt);
    uint64_t tvec = to_s ? rv->stvec : rv->mtvec, base = tvec & ~3ull;

    if (to_s) {
        rv->sepc = vp__rv_xmask(cpu, epc) & ~1ull;
        rv->scause = cause;
        rv->stval = vp__rv_xmask(cpu, tval);
        ms = (ms & ~RV_MSTATUS_SPIE) | ((ms & RV_MSTATUS_SIE) ? RV_MSTATUS_SPIE : 0);
        ms &= ~(RV_MSTATUS_SIE | RV_MSTATUS_SPP);
        ms |= rv->priv == VP_PRV_S ? RV_MSTATUS_SPP : 0;
    } else {
        rv->mepc = vp__rv_xmask(cpu, epc) & ~1ull;
        rv->mcause = cause;
        rv->mtval = vp__rv_xmask(cpu, tval);
        ms = (ms & ~RV_MSTATUS_MPIE) | ((ms & RV_MSTATUS_MIE) ? RV_MSTATUS_MPIE : 0);
        ms &= ~RV_MSTATUS_MIE;
        ms = (ms & ~RV_MSTATUS_MPP) | ((uint64_t)rv->priv << RV_MSTATUS_MPP_SHIFT);
    }
    bool vm = ((ms ^ rv->mstatus) & RV_MSTATUS_MPP) && (ms & RV_MSTATUS_MPRV);
    rv->mstatus = ms;
    if (vm)
        vp__rv_vm_changed(cpu); /* MPP steers MPRV accesses */
    set_priv(cpu, to_s ? VP_PRV_S : VP_PRV_M);
    vp__excl_clear(cpu); /* trap entry and xRET drop the reservation */
    if (interrupt && (tvec & 3) == 1)
        base += 4ull * code;
    cpu->pc = vp__rv_xmask(cpu, base);
    vp__cpu_trap_taken(cpu, interrupt, code, cause_name(code, interrupt), vp__rv_xmask(cpu, epc) & ~1ull,
                       vp__rv_xmask(cpu, tval), cpu->pc);
    trap_log(cpu, code, interrupt, tval, epc, rv->priv);
}

void vp__rv_raise(vp_cpu *cpu, uint32_t cause, uint64_t tval, uint64_t pc)
{
    trap_enter(cpu, cause, false, tval, pc);
}

void vp__rv_fault(vp_cpu *cpu, vp_fault kind, uint64_t addr, uint64_t pc)
{
    static const uint32_t cause[] = {
        [VP_FAULT_FETCH_ACCESS] = VP_EXC_INSN_ACCESS,         [VP_FAULT_LOAD_ACCESS] = VP_EXC_LOAD_ACCESS,
        [VP_FAULT_STORE_ACCESS] = VP_EXC_STORE_ACCESS,        [VP_FAULT_LOAD_MISALIGNED] = VP_EXC_LOAD_MISALIGNED,
        [VP_FAULT_STORE_MISALIGNED] = VP_EXC_STORE_MISALIGNED, [VP_FAULT_FETCH_PAGE] = VP_EXC_INSN_PAGE,
        [VP_FAULT_LOAD_PAGE] = VP_EXC_LOAD_PAGE,              [VP_FAULT_STORE_PAGE] = VP_EXC_STORE_PAGE,
    };
    uint32_t c = (unsigned)kind < sizeof(cause) / sizeof(cause[0]) && kind ? cause[kind] : VP_EXC_LOAD_ACCESS;
    vp_log(VP_LOG_INT, VP_LVL_DEBUG, "hart %u: memory fault %u (cause %u) at 0x%llx, pc 0x%llx",
           (unsigned)cpu->cfg.hartid, (unsigned)kind, (unsigned)c, (unsigned long long)addr,
           (unsigned long long)pc);
    trap_enter(cpu, c, false, addr, pc);
}

/* The interrupt that would be taken now (its cause), or -1. M-level
 * interrupts (not delegated) come first: MEI, MSI, MTI, then SEI, SSI, STI. */
static int irq_pick(const vp_cpu *cpu)
{
    static const unsigned order[] = {11, 3, 7, 9, 1, 5};
    const vp_rv_state *rv = vp_rv(cpu);
    uint64_t pend = rv->mip & rv->mie, m_en = 0, s_en = 0;

    if (!pend)
        return -1;
    if (rv->priv < VP_PRV_M || (rv->mstatus & RV_MSTATUS_MIE))
        m_en = pend & ~rv->mideleg;
    if (rv->priv < VP_PRV_S || (rv->priv == VP_PRV_S && (rv->mstatus & RV_MSTATUS_SIE)))
        s_en = pend & rv->mideleg;
    for (unsigned k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        if ((m_en >> order[k]) & 1)
            return (int)order[k];
    }
    for (unsigned k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        if ((s_en >> order[k]) & 1)
            return (int)order[k];
    }
    return -1;
}

/* The soft-TLB set of accesses in mode prv: M (no translation, PMP as
 * M), S, S with SUM (it may load and store U pages), U. */
static unsigned tlb_set_of(const vp_rv_state *rv, uint32_t prv)
{
    if (prv == VP_PRV_M)
        return 0;
    if (prv == VP_PRV_S)
        return (rv->mstatus & RV_MSTATUS_SUM) ? 2 : 1;
    return 3;
}

/* The privilege, MPRV/MPP (the mode of data accesses) or SUM changed: the
 * fetch and data accesses use their modes' soft-TLB sets (MXR, which
 * changes what every set allows, flushes them: rv_csr.c). */
void vp__rv_vm_changed(vp_cpu *cpu)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint32_t data_prv = (rv->mstatus & RV_MSTATUS_MPRV)
                            ? (uint32_t)((rv->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT)
                            : rv->priv;
    vp__cpu_set_tlb_sets(cpu, tlb_set_of(rv, rv->priv), tlb_set_of(rv, data_prv));
}

bool vp__rv_irq_deliverable(const vp_cpu *cpu)
{
    return irq_pick(cpu) >= 0;
}

bool vp__rv_take_interrupt(vp_cpu *cpu)
{
    if (!(vp_rv(cpu)->mip & vp_rv(cpu)->mie)) /* the common case, checked at every block */
        return false;
    int code = irq_pick(cpu);

    if (code < 0)
        return false;
    trap_enter(cpu, (uint32_t)code, true, 0, cpu->pc);
    return true;
}

bool vp__rv_wfi_wakeup(const vp_cpu *cpu)
{
    return (vp_rv(cpu)->mip & vp_rv(cpu)->mie) != 0;
}

/* ---- helpers called from translated code ------------------------------ */

uint64_t vp__rv_helper_raise(vp_cpu *cpu, uint64_t cause, uint64_t tval, uint64_t unused)
{
    (void)unused;
    vp__rv_raise(cpu, (uint32_t)cause, tval, cpu->cur_pc);
    cpu->exit_tb_now = VP_EXIT_TB_TRAP;
    return 0;
}

uint64_t vp__rv_helper_illegal(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    (void)unused1, (void)unused2;
    /* an ordinary trap, not a host-visible error: logged with the traps */
    vp_log(VP_LOG_INT, VP_LVL_DEBUG, "hart %u: illegal instruction 0x%08x at 0x%llx",
           (unsigned)cpu->cfg.hartid, (unsigned)insn, (unsigned long long)cpu->cur_pc);
    return vp__rv_helper_raise(cpu, VP_EXC_ILLEGAL_INSN, insn, 0);
}

uint64_t vp__rv_helper_csr(vp_cpu *cpu, uint64_t insn, uint64_t src, uint64_t unused)
{
    uint32_t i = (uint32_t)insn;
    unsigned op = RV_FUNCT3(i) & 3;
    bool do_write = op == 1 || RV_RS1(i) != 0;
    bool do_read = !(op == 1 && RV_RD(i) == 0);
    uint64_t old = 0;

    (void)unused;
    if (vp__rv_csr_op(cpu, RV_CSR(i), op, do_read, do_write, src, &old) < 0)
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    if (do_write && vp__rv_irq_deliverable(cpu))
        vp__cpu_kick(cpu);
    return old;
}

uint64_t vp__rv_helper_lr(vp_cpu *cpu, uint64_t addr, uint64_t memop, uint64_t unused)
{
    uint64_t v = 0;
    (void)unused;
    int cause = vp__cpu_load_reserved(cpu, addr, (uint32_t)memop, &v);
    if (cause) {
        vp__cpu_mem_fault(cpu, addr, (uint32_t)memop, false, (uint32_t)cause);
        cpu->exit_tb_now = VP_EXIT_TB_TRAP;
    }
    return v;
}

uint64_t vp__rv_helper_sc(vp_cpu *cpu, uint64_t addr, uint64_t val, uint64_t memop)
{
    bool stored = false;
    int cause = vp__cpu_store_conditional(cpu, addr, (uint32_t)memop, val, &stored);
    if (cause) {
        vp__cpu_mem_fault(cpu, addr, (uint32_t)memop, true, (uint32_t)cause);
        cpu->exit_tb_now = VP_EXIT_TB_TRAP;
    }
    return stored ? 0 : 1;
}

uint64_t vp__rv_helper_mret(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint64_t ms = rv->mstatus;
    uint32_t mpp = (uint32_t)((ms & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT);

    (void)unused1, (void)unused2;
    if (rv->priv != VP_PRV_M)
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    ms = (ms & ~RV_MSTATUS_MIE) | ((ms & RV_MSTATUS_MPIE) ? RV_MSTATUS_MIE : 0);
    ms |= RV_MSTATUS_MPIE;
    ms &= ~RV_MSTATUS_MPP; /* MPP := U, the least-privileged mode */
    if (mpp != VP_PRV_M)
        ms &= ~RV_MSTATUS_MPRV;
    bool vm = ((ms ^ rv->mstatus) & RV_MSTATUS_MPRV) ||
              ((ms & RV_MSTATUS_MPRV) && ((ms ^ rv->mstatus) & RV_MSTATUS_MPP));
    rv->mstatus = ms;
    if (vm)
        vp__rv_vm_changed(cpu);
    set_priv(cpu, mpp);
    vp__excl_clear(cpu);
    cpu->pc = vp__rv_xmask(cpu, rv->mepc & ((rv->ext & VP_EXT_C) ? ~1ull : ~3ull));
    cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
    if (vp__rv_irq_deliverable(cpu))
        vp__cpu_kick(cpu);
    return 0;
}

uint64_t vp__rv_helper_sret(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint64_t ms = rv->mstatus;
    uint32_t spp = (ms & RV_MSTATUS_SPP) ? VP_PRV_S : VP_PRV_U;

    (void)unused1, (void)unused2;
    if (rv->priv == VP_PRV_U || (rv->priv == VP_PRV_S && (ms & RV_MSTATUS_TSR)))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    ms = (ms & ~RV_MSTATUS_SIE) | ((ms & RV_MSTATUS_SPIE) ? RV_MSTATUS_SIE : 0);
    ms |= RV_MSTATUS_SPIE;
    ms &= ~(RV_MSTATUS_SPP | RV_MSTATUS_MPRV); /* SPP := U; a return below M clears MPRV */
    bool vm = (ms ^ rv->mstatus) & RV_MSTATUS_MPRV;
    rv->mstatus = ms;
    if (vm)
        vp__rv_vm_changed(cpu);
    set_priv(cpu, spp);
    vp__excl_clear(cpu);
    cpu->pc = vp__rv_xmask(cpu, rv->sepc & ((rv->ext & VP_EXT_C) ? ~1ull : ~3ull));
    cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
    if (vp__rv_irq_deliverable(cpu))
        vp__cpu_kick(cpu);
    return 0;
}

/* sfence.vma rs1, rs2: with rs1 = x0 the whole soft TLB, else the page of
 * the address (entries carry no ASID: rs2 selects nothing narrower).
 * Illegal in U, and in S with TVM. */
uint64_t vp__rv_helper_sfence_vma(vp_cpu *cpu, uint64_t insn, uint64_t vaddr, uint64_t asid)
{
    vp_rv_state *rv = vp_rv(cpu);

    (void)asid;
    if (rv->priv == VP_PRV_U || (rv->priv == VP_PRV_S && (rv->mstatus & RV_MSTATUS_TVM)))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    if (RV_RS1((uint32_t)insn) == 0)
        vp__cpu_tlb_flush(cpu);
    else
        vp__cpu_tlb_flush_page(cpu, vaddr);
    return 0;
}

/* WFI: illegal in U (S-mode exists), and in S with mstatus.TW (as QEMU:
 * at once, the time limit is zero). */
uint64_t vp__rv_helper_wfi(vp_cpu *cpu, uint64_t insn, uint64_t next_pc, uint64_t unused)
{
    uint32_t prv = vp_rv(cpu)->priv;

    (void)unused;
    if (prv == VP_PRV_U || (prv == VP_PRV_S && (vp_rv(cpu)->mstatus & RV_MSTATUS_TW)))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    cpu->pc = next_pc;
    cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
    if (!vp__rv_wfi_wakeup(cpu))
        vp__cpu_set_halted(cpu, true);
    return 0;
}

uint64_t vp__rv_helper_fence_i(vp_cpu *cpu, uint64_t next_pc, uint64_t unused1, uint64_t unused2)
{
    (void)unused1, (void)unused2;
    vp__tb_sync_code(cpu, "fence.i");
    cpu->pc = next_pc;
    cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
    return 0;
}

/* The neighbours are fetched as code (the hart's translation, PMP and
 * bus); one that cannot be fetched makes the ebreak an ordinary one. */
uint64_t vp__rv_helper_ebreak(vp_cpu *cpu, uint64_t next_pc, uint64_t unused1, uint64_t unused2)
{
    uint64_t pc = cpu->cur_pc;
    uint32_t before = 0, after = 0;

    (void)unused1, (void)unused2;
    if (vp__cpu_fetch(cpu, pc - 4, 4, &before) && before == VP_CPU_RISCV_SEMIHOST_ENTRY &&
        vp__cpu_fetch(cpu, next_pc, 4, &after) && after == VP_CPU_RISCV_SEMIHOST_EXIT &&
        cpu->cfg.semihost(cpu->cfg.semihost_opaque, cpu, vp__cpu_local_time(cpu))) {
        cpu->pc = next_pc;
        cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
        return 0;
    }
    return vp__rv_helper_raise(cpu, VP_EXC_BREAKPOINT, pc, 0);
}

/* ---- the hart's inputs and accessors (vp_target_ops) ------------------- */

/* vp_cpu_set_irq: the mip bit of input `irq`; an enabled one wakes the hart. */
static bool rv_set_irq(vp_cpu *cpu, unsigned irq, bool level)
{
    uint64_t bit;

    if (irq != VP_CPU_IRQ_MSIP && irq != VP_CPU_IRQ_MTIP && irq != VP_CPU_IRQ_MEIP && irq != VP_CPU_IRQ_SEIP)
        return false;
    bit = 1ull << irq;
    if (irq == VP_CPU_IRQ_SEIP) {
        vp_rv(cpu)->seip_line = level;
        level = level || vp_rv(cpu)->seip_sw;
    }
    if (!level) {
        vp_rv(cpu)->mip &= ~bit;
        return true;
    }
    vp_rv(cpu)->mip |= bit;
    if (vp_rv(cpu)->mie & bit) {
        vp__cpu_set_halted(cpu, false);
        vp__cpu_kick(cpu);
    }
    return true;
}

static unsigned rv_xlen(const vp_cpu *cpu)
{
    return vp_rv(cpu)->xlen;
}

/* --trace in_asm: 16 or 32 bits per the low bits, then the disassembler. */
static unsigned rv_disas(vp_cpu *cpu, uint64_t pc, uint32_t *insn, char *buf, size_t size)
{
    if (!vp__cpu_fetch(cpu, pc, 2, insn))
        return 0;
    if ((*insn & 3) == 3 && !vp__cpu_fetch(cpu, pc, 4, insn))
        return 0;
    unsigned len = vp_riscv_disas(vp_rv(cpu)->xlen, pc, *insn, buf, size);
    return len ? len : 2;
}

static const char *const rv_isa_prefixes[] = {"rv32", "rv64", NULL};

/* The hart's interrupt inputs (the mip bits a platform drives). */
static const vp_cpu_irq_input rv_irq_inputs[] = {
    {"msip", VP_CPU_IRQ_MSIP, "machine software interrupt (mip.MSIP)"},
    {"mtip", VP_CPU_IRQ_MTIP, "machine timer interrupt (mip.MTIP)"},
    {"meip", VP_CPU_IRQ_MEIP, "machine external interrupt (mip.MEIP)"},
    {"seip", VP_CPU_IRQ_SEIP, "supervisor external interrupt (mip.SEIP)"},
};

/* Called for strings starting with rv32 or rv64 (rv_isa_prefixes). */
static void rv_isa_info(const char *isa, vp_cpu_isa_info *out)
{
    bool is64 = (isa[2] == '6');
    out->display = "RISC-V";
    out->variant = is64 ? "RV64" : "RV32";
    out->arch = is64 ? "riscv64" : "riscv32";
    out->xlen = is64 ? 64 : 32;
    out->elf_machine = RV_ELF_MACHINE;
    out->irq_count = (uint32_t)(sizeof(rv_irq_inputs) / sizeof(rv_irq_inputs[0]));
    out->irqs = rv_irq_inputs;
}

const vp_target_ops vp__riscv_target = {
    .name = "riscv",
    .isa_prefixes = rv_isa_prefixes,
    .state_size = sizeof(vp_rv_state),
    .init = vp__rv_init,
    .reset = vp__rv_reset,
    .tb_flags = vp__rv_tb_flags,
    .translate = vp__rv_translate,
    .translate_addr = vp__rv_translate_addr,
    .take_interrupt = vp__rv_take_interrupt,
    .wfi_wakeup = vp__rv_wfi_wakeup,
    .fault = vp__rv_fault,
    .disas = rv_disas,
    .set_irq = rv_set_irq,
    .read_csr = vp__rv_read_csr,
    .xlen = rv_xlen,
    .isa_info = rv_isa_info,
    .debug_translate = vp__rv_debug_translate,
    .flen = vp__rv_flen,
    .read_freg = vp__rv_read_freg,
    .write_freg = vp__rv_write_freg,
    .write_csr = vp__rv_write_csr,
};
