/* SPDX-License-Identifier: Apache-2.0 */
/* elf_machine.c - the minimal virt-like machine of elf_machine.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_int.h"
#include "elf_machine.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (128u << 20)
#define UART_BASE 0x10000000ull
#define FIN_BASE 0x100000ull
#define CLINT_BASE 0x2000000ull
#define INSN_PER_TICK 10u /* 100 MHz hart, 10 MHz mtime */

typedef struct em {
    vp_cpu *cpu;
    tlmc_router *r;
    tlmc_target ram_t, uart_t, fin_t, clint_t;
    uint8_t *ram;
    GString *uart;
    int exit_code;
    bool done;
    uint64_t mtimecmp, skip; /* skip: ticks added while sleeping in WFI */
} em;

static uint64_t mtime(em *m)
{
    return vp_cpu_insn_count(m->cpu) / INSN_PER_TICK + m->skip;
}

static void ram_bt(void *o, tlmc_payload *p, vp_time *d)
{
    em *m = o;
    (void)d;
    if (p->address + p->length > RAM_SIZE) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, m->ram + p->address, p->length);
    else if (p->command == TLMC_WRITE)
        memcpy(m->ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static bool ram_dmi(void *o, tlmc_payload *p, tlmc_dmi *dmi)
{
    em *m = o;
    (void)p;
    dmi->ptr = m->ram;
    dmi->start = 0;
    dmi->end = RAM_SIZE - 1;
    dmi->access = TLMC_DMI_READ_WRITE;
    return true;
}

static uint64_t rd_le(const tlmc_payload *p)
{
    uint64_t v = 0;
    memcpy(&v, p->data, p->length < 8 ? p->length : 8);
    return v;
}

static void wr_le(tlmc_payload *p, uint64_t v)
{
    memcpy(p->data, &v, p->length < 8 ? p->length : 8);
}

static void uart_bt(void *o, tlmc_payload *p, vp_time *d)
{
    em *m = o;
    (void)d;
    if (p->command == TLMC_WRITE && p->address == 0)
        g_string_append_c(m->uart, (char)p->data[0]);
    else if (p->command == TLMC_READ)
        wr_le(p, p->address == 5 ? 0x60 : 0);
    p->response = TLMC_OK_RESPONSE;
}

static void fin_bt(void *o, tlmc_payload *p, vp_time *d)
{
    em *m = o;
    (void)d;
    if (p->command == TLMC_WRITE && p->address == 0) {
        uint32_t v = (uint32_t)rd_le(p);
        if ((v & 0xffff) == 0x5555)
            m->exit_code = 0, m->done = true;
        else if ((v & 0xffff) == 0x3333)
            m->exit_code = (int)(v >> 16), m->done = true;
        if (m->done)
            vp_cpu_request_exit(m->cpu);
    } else if (p->command == TLMC_READ) {
        wr_le(p, 0);
    }
    p->response = TLMC_OK_RESPONSE;
}

static void clint_update(em *m)
{
    vp_cpu_set_irq(m->cpu, VP_CPU_IRQ_MTIP, mtime(m) >= m->mtimecmp);
}

static void clint_bt(void *o, tlmc_payload *p, vp_time *d)
{
    em *m = o;
    uint64_t a = p->address;
    (void)d;
    p->response = TLMC_OK_RESPONSE;
    if (p->command == TLMC_READ) {
        uint64_t v = a >= 0xbff8 ? mtime(m) >> (8 * (a - 0xbff8)) : a >= 0x4000 ? m->mtimecmp >> (8 * (a - 0x4000)) : 0;
        wr_le(p, v);
        return;
    }
    if (p->command != TLMC_WRITE)
        return;
    uint64_t v = rd_le(p);
    if (a == 0) {
        vp_cpu_set_irq(m->cpu, VP_CPU_IRQ_MSIP, v & 1);
    } else if (a >= 0x4000 && a < 0x4008) {
        unsigned sh = (unsigned)(8 * (a - 0x4000));
        uint64_t mask = (p->length >= 8 ? UINT64_MAX : ((1ull << (8 * p->length)) - 1)) << sh;
        m->mtimecmp = (m->mtimecmp & ~mask) | ((v << sh) & mask);
        clint_update(m);
    }
}

static uint64_t read_time(void *o, vp_time local)
{
    (void)local;
    return mtime(o);
}

static const tlmc_target_ops ram_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = ram_bt,
                                        .get_direct_mem_ptr = ram_dmi};
static const tlmc_target_ops uart_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = uart_bt};
static const tlmc_target_ops fin_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = fin_bt};
static const tlmc_target_ops clint_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = clint_bt};

/* PT_LOAD file data into RAM, through the project's one ELF reader. */
static bool load_elf(em *m, const char *path, uint64_t *entry)
{
    char *buf = NULL;
    size_t len = 0;
    if (vp_file_read(path, VP_FILE_MAX_BINARY, &buf, &len, NULL))
        return false;
    vp__elf e;
    bool ok = !vp__elf_parse(&e, path, buf, len, NULL) && !vp__elf_check_phdrs(&e, NULL);
    if (ok)
        *entry = e.entry;
    for (uint32_t i = 0; ok && i < e.phnum; i++) {
        vp__elf_phdr ph;
        vp__elf_phdr_get(&e, i, &ph);
        if (ph.type != VP_ELF_PT_LOAD || !ph.filesz)
            continue;
        const uint8_t *bytes = vp__elf_bytes(&e, ph.offset, ph.filesz);
        ok = bytes && ph.paddr >= RAM_BASE && ph.filesz <= RAM_SIZE && ph.paddr - RAM_BASE <= RAM_SIZE - ph.filesz;
        if (ok)
            memcpy(m->ram + (ph.paddr - RAM_BASE), bytes, ph.filesz);
    }
    free(buf);
    return ok;
}

static void map(em *m, tlmc_target *t, const tlmc_target_ops *ops, const char *name, uint64_t base, uint64_t size)
{
    t->ops = ops;
    t->opaque = m;
    t->name = name;
    tlmc_router_map(m->r, base, size, t, 0, NULL);
}

static void run_loop(em *m, uint64_t max_insns)
{
    while (!m->done && vp_cpu_insn_count(m->cpu) < max_insns) {
        vp_cpu_exit why = vp_cpu_run(m->cpu, 10000, UINT64_MAX, NULL, NULL);
        clint_update(m);
        if (why == VP_CPU_EXIT_WFI && vp_cpu_is_halted(m->cpu)) {
            if (m->mtimecmp == UINT64_MAX || m->mtimecmp <= mtime(m))
                break; /* nothing will ever wake it */
            m->skip += m->mtimecmp - mtime(m);
            clint_update(m);
        }
    }
}

bool em_run(const char *elf_path, const char *isa, vp_cpu_accel accel, uint64_t max_insns, em_result *out,
            const char **why)
{
    em m = {.exit_code = -1, .mtimecmp = UINT64_MAX};
    uint64_t entry = 0;
    bool ok = false;
    m.ram = calloc(1, RAM_SIZE);
    m.uart = g_string_new(NULL);
    m.r = tlmc_router_create("bus");
    map(&m, &m.ram_t, &ram_ops, "ram", RAM_BASE, RAM_SIZE);
    map(&m, &m.uart_t, &uart_ops, "uart", UART_BASE, 0x100);
    map(&m, &m.fin_t, &fin_ops, "finisher", FIN_BASE, 0x1000);
    map(&m, &m.clint_t, &clint_ops, "clint", CLINT_BASE, 0x10000);
    *why = "cannot load the ELF";
    if (!m.ram || !load_elf(&m, elf_path, &entry))
        goto out;
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = isa, .reset_pc = entry,
                         .bus = tlmc_router_target(m.r), .insn_period = 10 * VP_NS, .read_time = read_time,
                         .read_time_opaque = &m, .accel = accel, .jit_threshold = 1};
    *why = "cannot create the hart";
    m.cpu = vp_cpu_create(&cfg, NULL);
    if (!m.cpu)
        goto out;
    tlmc_router_add_invalidate_listener(m.r, vp_cpu_invalidate_dmi_cb, m.cpu);
    run_loop(&m, max_insns);
    out->exit_code = m.exit_code;
    out->insns = vp_cpu_insn_count(m.cpu);
    for (unsigned i = 0; i < 32; i++)
        out->regs[i] = vp_cpu_get_reg(m.cpu, i);
    out->stats.size = sizeof(out->stats);
    vp_cpu_get_stats(m.cpu, &out->stats);
    out->uart = m.uart;
    m.uart = NULL;
    ok = true;
out:
    vp_cpu_destroy(m.cpu);
    tlmc_router_destroy(m.r);
    if (m.uart)
        g_string_free(m.uart, TRUE);
    free(m.ram);
    return ok;
}
