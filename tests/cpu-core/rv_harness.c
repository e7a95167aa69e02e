/* SPDX-License-Identifier: Apache-2.0 */
/* rv_harness.c - RAM bus, hart and encoder for the RISC-V target tests. */
#include <stdlib.h>
#include <string.h>

#include "rv_harness.h"

static void ram_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    rvt *t = opaque;
    (void)delay;
    if (p->address + p->length > RVT_RAM_SIZE) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, t->ram + p->address, p->length);
    else if (p->command == TLMC_WRITE)
        memcpy(t->ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static uint32_t ram_dbg(void *opaque, tlmc_payload *p)
{
    ram_b_transport(opaque, p, NULL);
    return tlmc_payload_ok(p) ? p->length : 0;
}

static bool ram_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *dmi)
{
    rvt *t = opaque;
    (void)p;
    dmi->ptr = t->ram;
    dmi->start = 0;
    dmi->end = RVT_RAM_SIZE - 1;
    dmi->access = TLMC_DMI_READ_WRITE;
    dmi->read_latency = dmi->write_latency = 0;
    return true;
}

static const tlmc_target_ops ram_ops = {
    .size = sizeof(tlmc_target_ops), .abi = TLMC_ABI,
    .b_transport = ram_b_transport, .transport_dbg = ram_dbg, .get_direct_mem_ptr = ram_dmi,
};

static uint64_t read_time(void *opaque, vp_time local)
{
    rvt *t = opaque;
    (void)local;
    return t->mtime;
}

rvt *rvt_create(const char *isa, bool with_time)
{
    rvt *t = calloc(1, sizeof(*t));
    vp_cpu_config cfg = {0};
    vp_error *err = NULL;

    t->ram = calloc(1, RVT_RAM_SIZE);
    t->ram_t.ops = &ram_ops;
    t->ram_t.opaque = t;
    t->ram_t.name = "ram";
    t->router = tlmc_router_create("bus");
    if (tlmc_router_map(t->router, RVT_RAM_BASE, RVT_RAM_SIZE, &t->ram_t, 0, &err) < 0)
        abort();
    cfg.size = sizeof(cfg);
    cfg.abi = VP_CPU_ABI;
    cfg.isa = isa;
    cfg.hartid = 0;
    cfg.reset_pc = RVT_RAM_BASE;
    cfg.bus = tlmc_router_target(t->router);
    cfg.insn_period = VP_NS;
    cfg.read_time = with_time ? read_time : NULL;
    cfg.read_time_opaque = t;
    cfg.accel = VP_TEST_ACCEL;
    cfg.jit_threshold = 1; /* the JIT compiles every block: the tests exercise it */
    t->cpu = vp_cpu_create(&cfg, &err);
    if (!t->cpu)
        abort();
    t->at = RVT_RAM_BASE;
    return t;
}

void rvt_destroy(rvt *t)
{
    if (!t)
        return;
    vp_cpu_destroy(t->cpu);
    tlmc_router_destroy(t->router);
    free(t->ram);
    free(t);
}

void rvt_org(rvt *t, uint64_t addr) { t->at = addr; }

void rvt_emit16(rvt *t, uint16_t insn)
{
    uint64_t off = t->at - RVT_RAM_BASE;
    memcpy(t->ram + off, &insn, 2);
    t->at += 2;
}

void rvt_emit(rvt *t, uint32_t insn)
{
    rvt_emit16(t, (uint16_t)insn);
    rvt_emit16(t, (uint16_t)(insn >> 16));
    t->n++;
}

vp_cpu_exit rvt_run(rvt *t, uint64_t budget)
{
    vp_cpu_flush_code(t->cpu);
    return vp_cpu_run(t->cpu, budget, VP_TIME_MAX, NULL, NULL);
}

uint64_t rvt_reg(rvt *t, unsigned r) { return vp_cpu_get_reg(t->cpu, r); }

uint64_t rvt_csr(rvt *t, unsigned csr)
{
    uint64_t v = 0xdeadbeef;
    if (!vp_cpu_get_csr(t->cpu, csr, &v))
        return 0xdeadbeefdeadull;
    return v;
}

uint32_t rvt_ram32(rvt *t, uint64_t addr)
{
    uint32_t v;
    memcpy(&v, t->ram + (addr - RVT_RAM_BASE), 4);
    return v;
}

void rvt_set_ram32(rvt *t, uint64_t addr, uint32_t v) { memcpy(t->ram + (addr - RVT_RAM_BASE), &v, 4); }

uint32_t rv_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd, unsigned opc)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

uint32_t rv_i(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned opc)
{
    return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

uint32_t rv_s(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned opc)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5 & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1f) << 7) | opc;
}

uint32_t rv_b(int32_t off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12 & 1) << 31) | ((u >> 5 & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           ((u >> 1 & 0xf) << 8) | ((u >> 11 & 1) << 7) | 0x63;
}

uint32_t rv_u(uint32_t imm20, unsigned rd, unsigned opc) { return (imm20 << 12) | (rd << 7) | opc; }

uint32_t rv_j(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20 & 1) << 31) | ((u >> 1 & 0x3ff) << 21) | ((u >> 11 & 1) << 20) | ((u >> 12 & 0xff) << 12) |
           (rd << 7) | 0x6f;
}
