/* SPDX-License-Identifier: Apache-2.0 */
/* rv_csr.c - the machine-, supervisor- and user-level CSR file of an
 * M+S+U hart: access checks, WARL legalisation, counters, PMP registers
 * (enforced by rv_pmp.c), CSR names. */
#include <stdio.h>

#include "rv_int.h"

/* ---- counters ---------------------------------------------------------- */

/* Value of minstret/mcycle as seen by the current instruction. */
static uint64_t counter_now(const vp_cpu *cpu, bool cycle)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint32_t bit = cycle ? RV_COUNT_CY : RV_COUNT_IR;

    if (rv->mcountinhibit & bit)
        return cycle ? rv->mcycle_frozen : rv->minstret_frozen;
    return vp__cpu_icount_now(cpu) + (cycle ? rv->mcycle_adj : rv->minstret_adj);
}

/* Makes the next instruction see `val` (the writing one retires first). */
static void counter_set(vp_cpu *cpu, bool cycle, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint32_t bit = cycle ? RV_COUNT_CY : RV_COUNT_IR;

    if (rv->mcountinhibit & bit) {
        *(cycle ? &rv->mcycle_frozen : &rv->minstret_frozen) = val;
        return;
    }
    *(cycle ? &rv->mcycle_adj : &rv->minstret_adj) = val - (vp__cpu_icount_now(cpu) + 1);
}

/* The value after the current instruction retires (for partial writes). */
static uint64_t counter_next(const vp_cpu *cpu, bool cycle)
{
    uint32_t bit = cycle ? RV_COUNT_CY : RV_COUNT_IR;
    return counter_now(cpu, cycle) + ((vp_rv(cpu)->mcountinhibit & bit) ? 0 : 1);
}

static void countinhibit_write(vp_cpu *cpu, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint64_t nv = val & (RV_COUNT_CY | RV_COUNT_IR);

    for (int k = 0; k < 2; k++) {
        bool cycle = k == 0;
        uint32_t bit = cycle ? RV_COUNT_CY : RV_COUNT_IR;
        uint64_t v = counter_next(cpu, cycle);
        if ((rv->mcountinhibit & bit) == (nv & bit))
            continue;
        if (nv & bit) {
            *(cycle ? &rv->mcycle_frozen : &rv->minstret_frozen) = v;
        } else {
            *(cycle ? &rv->mcycle_adj : &rv->minstret_adj) = v - (vp__cpu_icount_now(cpu) + 1);
        }
        rv->mcountinhibit = (rv->mcountinhibit & ~(uint64_t)bit) | (nv & bit);
    }
}

/* ---- PMP storage ------------------------------------------------------- */

unsigned vp__rv_pmp_cfg(const vp_cpu *cpu, unsigned i)
{
    if (vp_rv(cpu)->xlen == 32)
        return (unsigned)(vp_rv(cpu)->pmpcfg[i / 4] >> (8 * (i % 4))) & 0xff;
    return (unsigned)(vp_rv(cpu)->pmpcfg[(i / 8) * 2] >> (8 * (i % 8))) & 0xff;
}

static void pmp_cfg_write(vp_cpu *cpu, unsigned reg, uint64_t val)
{
    unsigned n = vp_rv(cpu)->xlen / 8;
    uint64_t out = 0;

    for (unsigned k = 0; k < n; k++) {
        unsigned idx = (vp_rv(cpu)->xlen == 32 ? reg * 4 : (reg / 2) * 8) + k;
        unsigned old = vp__rv_pmp_cfg(cpu, idx);
        unsigned b = (unsigned)(val >> (8 * k)) & 0x9f; /* L, A, X, W, R; bits 6:5 are 0 */
        if (old & 0x80)
            b = old;                 /* locked */
        else if ((b & 3) == 2)
            b &= ~2u;                /* R=0, W=1 is reserved: drop W */
        out |= (uint64_t)b << (8 * k);
    }
    vp_rv(cpu)->pmpcfg[reg] = out;
}

static bool pmp_addr_locked(const vp_cpu *cpu, unsigned i)
{
    if (vp__rv_pmp_cfg(cpu, i) & 0x80)
        return true;
    if (i + 1 < 16) {
        unsigned next = vp__rv_pmp_cfg(cpu, i + 1);
        if ((next & 0x80) && ((next >> 3) & 3) == 1) /* TOR uses this address */
            return true;
    }
    return false;
}

/* What the soft TLB allows was checked against PMP when it was filled,
 * and chained blocks skip the fetch check: drop both. */
static void pmp_changed(vp_cpu *cpu)
{
    vp__cpu_tlb_flush(cpu);
    vp__cpu_tb_flush(cpu, "PMP changed");
}

/* ---- mstatus ----------------------------------------------------------- */

static uint64_t mstatus_fixed(const vp_cpu *cpu)
{
    return vp_rv(cpu)->xlen == 64 ? (2ull << RV_MSTATUS_UXL_SHIFT) | (2ull << RV_MSTATUS_SXL_SHIFT) : 0;
}

/* mstatus bits that change how data accesses translate (the soft-TLB set). */
#define MSTATUS_VM_BITS (RV_MSTATUS_MPRV | RV_MSTATUS_MPP | RV_MSTATUS_SUM | RV_MSTATUS_MXR)

static void mstatus_write(vp_cpu *cpu, uint64_t val)
{
    uint64_t mask = RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPRV | RV_MSTATUS_TW | RV_MSTATUS_SIE |
                    RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_SUM | RV_MSTATUS_MXR | RV_MSTATUS_TVM |
                    RV_MSTATUS_TSR | ((vp_rv(cpu)->ext & VP_EXT_F) ? RV_MSTATUS_FS : 0);
    uint64_t old = vp_rv(cpu)->mstatus;
    uint64_t mpp = (val >> RV_MSTATUS_MPP_SHIFT) & 3;
    uint64_t nv = (old & ~mask) | (val & mask);

    if (mpp != 2) /* WARL: M, S and U are held, 2 is not */
        nv = (nv & ~RV_MSTATUS_MPP) | (mpp << RV_MSTATUS_MPP_SHIFT);
    vp_rv(cpu)->mstatus = (nv & (mask | RV_MSTATUS_MPP)) | mstatus_fixed(cpu);
    vp__rv_fs_update_sd(vp_rv(cpu));
    if ((old ^ vp_rv(cpu)->mstatus) & RV_MSTATUS_MXR)
        vp__cpu_tlb_flush(cpu); /* what loads may read changes in every mode's set */
    if ((old ^ vp_rv(cpu)->mstatus) & MSTATUS_VM_BITS)
        vp__rv_vm_changed(cpu);
}

/* What sstatus shows of mstatus: the S fields, FS and SD when the hart
 * has F (SD is bit XLEN-1), UXL on RV64. */
static uint64_t sstatus_mask(const vp_cpu *cpu)
{
    const vp_rv_state *rv = vp_rv(cpu);
    uint64_t fs = (rv->ext & VP_EXT_F) ? RV_MSTATUS_FS | (1ull << (rv->xlen - 1)) : 0;
    return RV_SSTATUS_MASK | fs | (rv->xlen == 64 ? RV_MSTATUS_UXL : 0);
}

/* satp: WARL; a write with an unsupported mode is ignored (as QEMU). */
static void satp_write(vp_cpu *cpu, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);

    if (rv->xlen == 64) {
        unsigned mode = (unsigned)(val >> RV_SATP64_MODE_SHIFT);
        if (mode != 0 && mode != RV_SATP_MODE_SV39)
            return;
    }
    if (rv->satp != val) {
        rv->satp = val;
        vp__cpu_tlb_flush(cpu);
    }
}

/* The supervisor CSRs (sstatus, sie, sip are views of the machine ones). */
static int read_super(vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    vp_rv_state *rv = vp_rv(cpu);

    switch (csr) {
    case RV_CSR_SSTATUS: *val = rv->mstatus & sstatus_mask(cpu); return 0;
    case RV_CSR_SIE: *val = rv->mie & rv->mideleg; return 0;
    case RV_CSR_SIP: *val = rv->mip & rv->mideleg; return 0;
    case RV_CSR_STVEC: *val = rv->stvec; return 0;
    case RV_CSR_SCOUNTEREN: *val = rv->scounteren; return 0;
    case RV_CSR_SSCRATCH: *val = rv->sscratch; return 0;
    case RV_CSR_SEPC: *val = rv->sepc & ((rv->ext & VP_EXT_C) ? ~1ull : ~3ull); return 0;
    case RV_CSR_SCAUSE: *val = rv->scause; return 0;
    case RV_CSR_STVAL: *val = rv->stval; return 0;
    case RV_CSR_SATP: *val = rv->satp; return 0;
    case RV_CSR_MEDELEG: *val = rv->medeleg; return 0;
    case RV_CSR_MIDELEG: *val = rv->mideleg; return 0;
    default: return 1; /* not one of these */
    }
}

static int write_super(vp_cpu *cpu, unsigned csr, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint64_t m;

    switch (csr) {
    case RV_CSR_SSTATUS:
        m = RV_SSTATUS_MASK | ((rv->ext & VP_EXT_F) ? RV_MSTATUS_FS : 0);
        mstatus_write(cpu, (rv->mstatus & ~m) | (val & m));
        return 0;
    case RV_CSR_SIE: m = rv->mideleg; rv->mie = (rv->mie & ~m) | (val & m); return 0;
    case RV_CSR_SIP: m = rv->mideleg & RV_MIP_SSIP; rv->mip = (rv->mip & ~m) | (val & m); return 0;
    case RV_CSR_STVEC:
        if ((val & 3) >= 2)
            val = (val & ~3ull) | (rv->stvec & 3);
        rv->stvec = val;
        return 0;
    case RV_CSR_SCOUNTEREN: rv->scounteren = val & 0xffffffffull; return 0;
    case RV_CSR_SSCRATCH: rv->sscratch = val; return 0;
    case RV_CSR_SEPC: rv->sepc = val & ~1ull; return 0;
    case RV_CSR_SCAUSE: rv->scause = val; return 0;
    case RV_CSR_STVAL: rv->stval = val; return 0;
    case RV_CSR_SATP: satp_write(cpu, val); return 0;
    case RV_CSR_MEDELEG: rv->medeleg = val & RV_MEDELEG_MASK; return 0;
    case RV_CSR_MIDELEG: rv->mideleg = val & RV_MIP_S_ALL; return 0;
    default: return 1;
    }
}

/* ---- read/write dispatch ---------------------------------------------- */

/* Counters visible to U-mode: cycle, time, instret, hpmcounterN (+h). */
static int read_counter(vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    unsigned n = csr & 0x1f;
    bool high = (csr & 0x80) != 0;
    uint64_t v;

    if (high && vp_rv(cpu)->xlen != 32)
        return -1;
    if (n == 1) {
        if (!cpu->cfg.read_time)
            return -1;
        v = cpu->cfg.read_time(cpu->cfg.read_time_opaque, vp__cpu_local_time(cpu));
    } else if (n == 0 || n == 2) {
        v = counter_now(cpu, n == 0);
    } else {
        v = 0;
    }
    *val = high ? v >> 32 : v;
    return 0;
}

static int read_machine(vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    vp_rv_state *rv = vp_rv(cpu);

    switch (csr) {
    case RV_CSR_MVENDORID: case RV_CSR_MARCHID: case RV_CSR_MIMPID: case RV_CSR_MCONFIGPTR:
        *val = 0; return 0;
    case RV_CSR_MHARTID: *val = cpu->cfg.hartid; return 0;
    case RV_CSR_MSTATUS: *val = rv->mstatus; return 0;
    case RV_CSR_MSTATUSH: *val = 0; return rv->xlen == 32 ? 0 : -1;
    case RV_CSR_MISA: *val = rv->misa; return 0;
    case RV_CSR_MIE: *val = rv->mie; return 0;
    case RV_CSR_MIP: *val = rv->mip; return 0;
    case RV_CSR_MTVEC: *val = rv->mtvec; return 0;
    case RV_CSR_MCOUNTEREN: *val = rv->mcounteren; return 0;
    case RV_CSR_MCOUNTINHIBIT: *val = rv->mcountinhibit; return 0;
    case RV_CSR_MSCRATCH: *val = rv->mscratch; return 0;
    case RV_CSR_MEPC:
        *val = rv->mepc & ((rv->ext & VP_EXT_C) ? ~1ull : ~3ull);
        return 0;
    case RV_CSR_MCAUSE: *val = rv->mcause; return 0;
    case RV_CSR_MTVAL: *val = rv->mtval; return 0;
    case RV_CSR_MCYCLE: *val = counter_now(cpu, true); return 0;
    case RV_CSR_MINSTRET: *val = counter_now(cpu, false); return 0;
    case RV_CSR_MCYCLEH: *val = counter_now(cpu, true) >> 32; return rv->xlen == 32 ? 0 : -1;
    case RV_CSR_MINSTRETH: *val = counter_now(cpu, false) >> 32; return rv->xlen == 32 ? 0 : -1;
    default:
        break;
    }
    if (csr >= RV_CSR_PMPCFG0 && csr <= RV_CSR_PMPCFG3) {
        if (rv->xlen == 64 && (csr & 1))
            return -1;
        *val = rv->pmpcfg[csr - RV_CSR_PMPCFG0];
        return 0;
    }
    if (csr >= RV_CSR_PMPADDR0 && csr <= RV_CSR_PMPADDR15) {
        *val = rv->pmpaddr[csr - RV_CSR_PMPADDR0];
        return 0;
    }
    if ((csr >= RV_CSR_MHPMEVENT3 && csr <= RV_CSR_MHPMEVENT31) ||
        (csr >= RV_CSR_MHPMCOUNTER3 && csr <= RV_CSR_MHPMCOUNTER31)) {
        *val = 0;
        return 0;
    }
    if (csr >= RV_CSR_MHPMCOUNTER3H && csr <= RV_CSR_MHPMCOUNTER31H) {
        *val = 0;
        return rv->xlen == 32 ? 0 : -1;
    }
    return -1;
}

/* Reads a CSR without privilege checks. Returns 0 or -1 (absent). */
static int csr_read(vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    int r;

    if ((csr >= RV_CSR_CYCLE && csr <= RV_CSR_HPMCOUNTER31) ||
        (csr >= RV_CSR_CYCLEH && csr <= RV_CSR_HPMCOUNTER31H))
        r = read_counter(cpu, csr, val);
    else if (csr >= RV_CSR_FFLAGS && csr <= RV_CSR_FCSR)
        r = vp__rv_fcsr_read(cpu, csr, val);
    else if ((r = read_super(cpu, csr, val)) > 0)
        r = read_machine(cpu, csr, val);
    if (r == 0)
        *val = vp__rv_xmask(cpu, *val);
    return r;
}

static void counter_write_half(vp_cpu *cpu, bool cycle, bool high, uint64_t val)
{
    uint64_t cur = counter_next(cpu, cycle);

    if (high)
        cur = (cur & 0xffffffffull) | ((val & 0xffffffffull) << 32);
    else if (vp_rv(cpu)->xlen == 32)
        cur = (cur & ~0xffffffffull) | (val & 0xffffffffull);
    else
        cur = val;
    counter_set(cpu, cycle, cur);
}

/* Writes a CSR that exists and is writable; the value is XLEN-masked. */
static void csr_write(vp_cpu *cpu, unsigned csr, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);

    if (write_super(cpu, csr, val) == 0)
        return;
    switch (csr) {
    case RV_CSR_MSTATUS: mstatus_write(cpu, val); return;
    case RV_CSR_FFLAGS: case RV_CSR_FRM: case RV_CSR_FCSR: vp__rv_fcsr_write(cpu, csr, val); return;
    case RV_CSR_MIE: rv->mie = val & (RV_MIP_ALL | RV_MIP_S_ALL); return;
    case RV_CSR_MIP: /* SSIP, STIP, SEIP (ORed with the seip input) are writable */
        rv->seip_sw = val & RV_MIP_SEIP;
        rv->mip = (rv->mip & ~RV_MIP_S_ALL) | (val & (RV_MIP_SSIP | RV_MIP_STIP)) |
                  ((rv->seip_sw || rv->seip_line) ? RV_MIP_SEIP : 0);
        return;
    case RV_CSR_MTVEC:
        if ((val & 3) >= 2) /* reserved mode: keep the old (legal) one */
            val = (val & ~3ull) | (rv->mtvec & 3);
        rv->mtvec = val;
        return;
    case RV_CSR_MCOUNTEREN: rv->mcounteren = val & 0xffffffffull; return;
    case RV_CSR_MCOUNTINHIBIT: countinhibit_write(cpu, val); return;
    case RV_CSR_MSCRATCH: rv->mscratch = val; return;
    case RV_CSR_MEPC: rv->mepc = val & ~1ull; return;
    case RV_CSR_MCAUSE: rv->mcause = val; return;
    case RV_CSR_MTVAL: rv->mtval = val; return;
    case RV_CSR_MCYCLE: counter_write_half(cpu, true, false, val); return;
    case RV_CSR_MINSTRET: counter_write_half(cpu, false, false, val); return;
    case RV_CSR_MCYCLEH: counter_write_half(cpu, true, true, val); return;
    case RV_CSR_MINSTRETH: counter_write_half(cpu, false, true, val); return;
    default:
        break; /* misa, mip, mstatush, mhpm*: WARL read-only values */
    }
    if (csr >= RV_CSR_PMPCFG0 && csr <= RV_CSR_PMPCFG3) {
        uint64_t before = rv->pmpcfg[csr - RV_CSR_PMPCFG0];
        pmp_cfg_write(cpu, csr - RV_CSR_PMPCFG0, val);
        if (rv->pmpcfg[csr - RV_CSR_PMPCFG0] != before) /* firmware rewrites the same values */
            pmp_changed(cpu);
    } else if (csr >= RV_CSR_PMPADDR0 && csr <= RV_CSR_PMPADDR15) {
        unsigned i = csr - RV_CSR_PMPADDR0;
        uint64_t before = rv->pmpaddr[i];
        if (!pmp_addr_locked(cpu, i))
            rv->pmpaddr[i] = rv->xlen == 32 ? (uint32_t)val : (val & ((1ull << 54) - 1));
        if (rv->pmpaddr[i] != before)
            pmp_changed(cpu);
    }
}

int vp__rv_csr_op(vp_cpu *cpu, unsigned csr, unsigned op, bool do_read, bool do_write, uint64_t src,
                  uint64_t *old)
{
    uint64_t cur = 0, nv;

    csr &= 0xfff;
    if (((csr >> 8) & 3) > vp_rv(cpu)->priv)
        return -1;
    if (do_write && (csr >> 10) == 3)
        return -1;
    if (csr == RV_CSR_SATP && vp_rv(cpu)->priv == VP_PRV_S && (vp_rv(cpu)->mstatus & RV_MSTATUS_TVM))
        return -1;
    if (vp_rv(cpu)->priv != VP_PRV_M && ((csr >= RV_CSR_CYCLE && csr <= RV_CSR_HPMCOUNTER31) ||
                                         (csr >= RV_CSR_CYCLEH && csr <= RV_CSR_HPMCOUNTER31H))) {
        /* S needs mcounteren's bit, U needs scounteren's too */
        if (!((vp_rv(cpu)->mcounteren >> (csr & 31)) & 1))
            return -1;
        if (vp_rv(cpu)->priv == VP_PRV_U && !((vp_rv(cpu)->scounteren >> (csr & 31)) & 1))
            return -1;
    }
    /* Existence is checked by a read even when the value is not wanted;
     * CSR reads have no side effects here. */
    if (csr_read(cpu, csr, &cur) < 0)
        return -1;
    if (do_write) {
        uint64_t base = cur;
        if (csr == RV_CSR_MIP) /* only software's SEIP takes part in a read-modify-write */
            base = (cur & ~RV_MIP_SEIP) | vp_rv(cpu)->seip_sw;
        src = vp__rv_xmask(cpu, src);
        nv = op == 1 ? src : op == 2 ? (base | src) : (base & ~src);
        csr_write(cpu, csr, vp__rv_xmask(cpu, nv));
    }
    *old = do_read ? cur : 0;
    return 0;
}

bool vp__rv_write_csr(vp_cpu *cpu, unsigned csr, uint64_t val)
{
    uint64_t cur;
    if (csr > 0xfff || (csr >> 10) == 3 || csr_read(cpu, csr, &cur) < 0)
        return false;
    csr_write(cpu, csr, vp__rv_xmask(cpu, val));
    if (vp__rv_irq_deliverable(cpu))
        vp__cpu_kick(cpu);
    return true;
}

bool vp__rv_read_csr(const vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    uint64_t v = 0;

    if (csr > 0xfff)
        return false;
    if (csr_read((vp_cpu *)cpu, csr, &v) < 0)
        return false;
    if (val)
        *val = v;
    return true;
}

/* ---- names -------------------------------------------------------------- */

static const struct {
    unsigned num;
    const char *name;
} csr_names[] = {
    {RV_CSR_CYCLE, "cycle"}, {RV_CSR_TIME, "time"}, {RV_CSR_INSTRET, "instret"},
    {RV_CSR_CYCLEH, "cycleh"}, {RV_CSR_TIMEH, "timeh"}, {RV_CSR_INSTRETH, "instreth"},
    {RV_CSR_MVENDORID, "mvendorid"}, {RV_CSR_MARCHID, "marchid"}, {RV_CSR_MIMPID, "mimpid"},
    {RV_CSR_FFLAGS, "fflags"}, {RV_CSR_FRM, "frm"}, {RV_CSR_FCSR, "fcsr"},
    {RV_CSR_MHARTID, "mhartid"}, {RV_CSR_MCONFIGPTR, "mconfigptr"}, {RV_CSR_MSTATUS, "mstatus"},
    {RV_CSR_MISA, "misa"}, {RV_CSR_MIE, "mie"}, {RV_CSR_MTVEC, "mtvec"},
    {RV_CSR_MCOUNTEREN, "mcounteren"}, {RV_CSR_MSTATUSH, "mstatush"},
    {RV_CSR_MCOUNTINHIBIT, "mcountinhibit"}, {RV_CSR_MSCRATCH, "mscratch"}, {RV_CSR_MEPC, "mepc"},
    {RV_CSR_MCAUSE, "mcause"}, {RV_CSR_MTVAL, "mtval"}, {RV_CSR_MIP, "mip"},
    {RV_CSR_MCYCLE, "mcycle"}, {RV_CSR_MINSTRET, "minstret"}, {RV_CSR_MCYCLEH, "mcycleh"},
    {RV_CSR_MINSTRETH, "minstreth"}, {RV_CSR_SSTATUS, "sstatus"}, {RV_CSR_SIE, "sie"},
    {RV_CSR_STVEC, "stvec"}, {RV_CSR_SCOUNTEREN, "scounteren"}, {RV_CSR_SSCRATCH, "sscratch"},
    {RV_CSR_SEPC, "sepc"}, {RV_CSR_SCAUSE, "scause"}, {RV_CSR_STVAL, "stval"}, {RV_CSR_SIP, "sip"},
    {RV_CSR_SATP, "satp"}, {RV_CSR_MEDELEG, "medeleg"}, {RV_CSR_MIDELEG, "mideleg"},
};

const char *vp__rv_csr_name(unsigned csr, unsigned xlen, char *buf, size_t size)
{
    (void)xlen;
    csr &= 0xfff;
    for (size_t k = 0; k < sizeof(csr_names) / sizeof(csr_names[0]); k++) {
        if (csr_names[k].num == csr)
            return csr_names[k].name;
    }
    if (csr >= RV_CSR_PMPCFG0 && csr <= RV_CSR_PMPCFG3)
        snprintf(buf, size, "pmpcfg%u", csr - RV_CSR_PMPCFG0);
    else if (csr >= RV_CSR_PMPADDR0 && csr <= RV_CSR_PMPADDR15)
        snprintf(buf, size, "pmpaddr%u", csr - RV_CSR_PMPADDR0);
    else if (csr >= RV_CSR_HPMCOUNTER3 && csr <= RV_CSR_HPMCOUNTER31)
        snprintf(buf, size, "hpmcounter%u", csr & 31);
    else if (csr >= RV_CSR_HPMCOUNTER3H && csr <= RV_CSR_HPMCOUNTER31H)
        snprintf(buf, size, "hpmcounter%uh", csr & 31);
    else if (csr >= RV_CSR_MHPMCOUNTER3 && csr <= RV_CSR_MHPMCOUNTER31)
        snprintf(buf, size, "mhpmcounter%u", csr & 31);
    else if (csr >= RV_CSR_MHPMCOUNTER3H && csr <= RV_CSR_MHPMCOUNTER31H)
        snprintf(buf, size, "mhpmcounter%uh", csr & 31);
    else if (csr >= RV_CSR_MHPMEVENT3 && csr <= RV_CSR_MHPMEVENT31)
        snprintf(buf, size, "mhpmevent%u", csr & 31);
    else
        snprintf(buf, size, "0x%03x", csr);
    return buf;
}

const char *vp_riscv_csr_name(unsigned csr, char *buf, size_t bufsize)
{
    if (!buf || !bufsize)
        return buf;
    const char *n = vp__rv_csr_name(csr, 64, buf, bufsize);
    if (n != buf)
        snprintf(buf, bufsize, "%s", n);
    return buf;
}
