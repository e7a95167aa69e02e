/* SPDX-License-Identifier: Apache-2.0 */
/* fdt.c - the device tree of a built platform, in the shape of QEMU 7.2's
 * virt machine (hw/riscv/virt.c): /cpus with one cpu@N and its interrupt
 * controller per hart, /memory@BASE per RAM region, /chosen, and /soc with
 * a node for each device of a type the tree knows (clint, plic, ns16550a,
 * sifive_test with /poweroff and /reboot), derived from the description:
 * a board without a device has no node for it. The harts' riscv,isa and
 * mmu-type come from their extension bits (CSR 0x301 through the public
 * accessor vp_cpu_get_csr, vp_cpu_riscv.h), read from the built harts.
 * docs/boot.md
 * lists the differences from QEMU's tree.
 */
#include <libfdt.h>
#include <string.h>
#include <vpbridge/vp_cpu_riscv.h>

#include "alloc_int.h"
#include "fdt_int.h"

#define FDT_ROOM (64u * 1024u)  /* the tree without its harts */
#define FDT_HART_ROOM 512u      /* per hart: its cpu node (about 300 bytes), cpu-map and interrupts-extended entries */
#define CSR_EXT_BITS 0x301u /* the ISA and extensions CSR: bit n = letter 'a' + n */
#define QEMU_TIMEBASE 10000000u /* QEMU virt's CLINT timebase when there is no clint */
#define UART_CLOCK 3686400u     /* the clock-frequency QEMU gives its ns16550a */
#define IRQ_S_EXT 9u /* supervisor external interrupt (the PLIC's S contexts) */

/* Phandles and node offsets while the tree is written. */
typedef struct fdt_ctx {
    const vp_platform *p;
    void *fdt;
    int err;                /* first libfdt error */
    uint32_t next_phandle;
    uint32_t *intc;         /* phandle of each hart's interrupt controller */
    uint32_t plic_phandle;  /* 0: none */
    const pf_dev *plic;
} fdt_ctx;

static void chk(fdt_ctx *c, int rc)
{
    if (rc < 0 && !c->err)
        c->err = rc;
}

/* /soc's offset now (adding a node elsewhere moves it). */
static int soc(fdt_ctx *c)
{
    int off = fdt_path_offset(c->fdt, "/soc");
    chk(c, off);
    return off < 0 ? 0 : off;
}

static int subnode(fdt_ctx *c, int parent, const char *name)
{
    int off = fdt_add_subnode(c->fdt, parent, name);
    chk(c, off);
    return off < 0 ? 0 : off;
}

static int unit_node(fdt_ctx *c, int parent, const char *name, uint64_t addr)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)addr);
    return subnode(c, parent, buf);
}

static void prop_u32(fdt_ctx *c, int node, const char *name, uint32_t v)
{
    chk(c, fdt_setprop_u32(c->fdt, node, name, v));
}

static void prop_str(fdt_ctx *c, int node, const char *name, const char *s)
{
    chk(c, fdt_setprop_string(c->fdt, node, name, s));
}

/* A NUL-separated string list (compatible = "a", "b"). */
static void prop_strs(fdt_ctx *c, int node, const char *name, const char *const *list)
{
    chk(c, fdt_setprop(c->fdt, node, name, NULL, 0));
    for (; *list; list++)
        chk(c, fdt_appendprop_string(c->fdt, node, name, *list));
}

static void prop_empty(fdt_ctx *c, int node, const char *name)
{
    chk(c, fdt_setprop_empty(c->fdt, node, name));
}

/* reg = <base size> in two cells each (#address-cells = #size-cells = 2). */
static void prop_reg(fdt_ctx *c, int node, uint64_t base, uint64_t size)
{
    chk(c, fdt_setprop_u64(c->fdt, node, "reg", base));
    chk(c, fdt_appendprop_u64(c->fdt, node, "reg", size));
}

static uint32_t new_phandle(fdt_ctx *c, int node)
{
    uint32_t ph = c->next_phandle++;
    prop_u32(c, node, "phandle", ph);
    return ph;
}

/* riscv,isa in QEMU's spelling from the extension bits: rv<xlen>, the single letters in
 * QEMU's order (S and U are not listed), then the extensions every hart
 * has (Zicsr, Zifencei) and any _z... the ISA string names. */
static void isa_string(const vp_platform *p, uint64_t ext, char *buf, size_t size)
{
    static const char order[] = "iemafdqcpvh";
    size_t n = (size_t)snprintf(buf, size, "rv%u", vp__platform_xlen(p));
    for (const char *l = order; *l && n + 1 < size; l++)
        if (ext & (1ull << (*l - 'a')))
            buf[n++] = *l;
    buf[n] = '\0';
    g_strlcat(buf, "_zicsr_zifencei", size);
    const char *multi = strchr(p->isa, '_');
    while (multi) {
        const char *end = strchr(multi + 1, '_');
        char *e = g_ascii_strdown(multi, end ? end - multi : -1);
        if (strcmp(e, "_zicsr") != 0 && strcmp(e, "_zifencei") != 0)
            g_strlcat(buf, e, size);
        g_free(e);
        multi = end;
    }
}

static void cpu_node(fdt_ctx *c, int cpus, uint32_t i, uint32_t cpu_phandle)
{
    uint64_t ext = 0;
    vp_cpu_get_csr(c->p->cpus[i], CSR_EXT_BITS, &ext);
    int n = unit_node(c, cpus, "cpu", i);
    /* as QEMU: "riscv,none" for harts without S-mode (no address translation) */
    if (ext & (1ull << ('s' - 'a')))
        prop_str(c, n, "mmu-type", vp__platform_xlen(c->p) == 32 ? "riscv,sv32" : "riscv,sv39");
    else
        prop_str(c, n, "mmu-type", "riscv,none");
    char isa[256];
    isa_string(c->p, ext, isa, sizeof isa);
    prop_str(c, n, "riscv,isa", isa);
    prop_str(c, n, "compatible", "riscv");
    prop_str(c, n, "status", "okay");
    prop_u32(c, n, "reg", i);
    prop_str(c, n, "device_type", "cpu");
    prop_u32(c, n, "phandle", cpu_phandle);
    int ic = subnode(c, n, "interrupt-controller");
    prop_u32(c, ic, "phandle", c->intc[i]);
    prop_str(c, ic, "compatible", "riscv,cpu-intc");
    prop_empty(c, ic, "interrupt-controller");
    prop_u32(c, ic, "#interrupt-cells", 1);
}

static const pf_dev *find_dev(const vp_platform *p, const char *type, guint *from)
{
    for (guint i = from ? *from : 0; i < p->devs->len; i++) {
        const pf_dev *d = g_ptr_array_index(p->devs, i);
        if (d->has_base && d->optset && strcmp(d->type, type) == 0) {
            if (from)
                *from = i + 1;
            return d;
        }
    }
    return NULL;
}

static void cpus_node(fdt_ctx *c, int root)
{
    const vp_platform *p = c->p;
    const pf_dev *clint = find_dev(p, "clint", NULL);
    int cpus = subnode(c, root, "cpus");
    prop_u32(c, cpus, "timebase-frequency",
             clint ? (uint32_t)vp_opt_set_uint(clint->optset, "timebase") : QEMU_TIMEBASE);
    prop_u32(c, cpus, "#size-cells", 0);
    prop_u32(c, cpus, "#address-cells", 1);
    uint32_t *cpu_ph = g_new0(uint32_t, p->cpu_count);
    for (uint32_t i = p->cpu_count; i-- > 0;) {
        cpu_ph[i] = c->next_phandle++;
        c->intc[i] = c->next_phandle++;
    }
    int map = subnode(c, cpus, "cpu-map");
    int cl = subnode(c, map, "cluster0");
    for (uint32_t i = p->cpu_count; i-- > 0;) {
        char name[32];
        snprintf(name, sizeof name, "core%u", i);
        prop_u32(c, subnode(c, cl, name), "cpu", cpu_ph[i]);
    }
    for (uint32_t i = p->cpu_count; i-- > 0;)
        cpu_node(c, cpus, i, cpu_ph[i]);
    g_free(cpu_ph);
}

/* interrupts-extended = <intc_i a intc_i b> for every hart. */
static void irqs_ext(fdt_ctx *c, int node, uint32_t a, uint32_t b)
{
    chk(c, fdt_setprop(c->fdt, node, "interrupts-extended", NULL, 0));
    for (uint32_t i = 0; i < c->p->cpu_count; i++) {
        chk(c, fdt_appendprop_u32(c->fdt, node, "interrupts-extended", c->intc[i]));
        chk(c, fdt_appendprop_u32(c->fdt, node, "interrupts-extended", a));
        chk(c, fdt_appendprop_u32(c->fdt, node, "interrupts-extended", c->intc[i]));
        chk(c, fdt_appendprop_u32(c->fdt, node, "interrupts-extended", b));
    }
}

static void clint_nodes(fdt_ctx *c)
{
    static const char *const compat[] = {"sifive,clint0", "riscv,clint0", NULL};
    guint from = 0;
    for (const pf_dev *d; (d = find_dev(c->p, "clint", &from));) {
        int n = unit_node(c, soc(c), "clint", d->base);
        prop_strs(c, n, "compatible", compat);
        prop_reg(c, n, d->base, d->size);
        irqs_ext(c, n, VP_CPU_IRQ_MSIP, VP_CPU_IRQ_MTIP);
    }
}

static void plic_node(fdt_ctx *c)
{
    static const char *const compat[] = {"sifive,plic-1.0.0", "riscv,plic0", NULL};
    const pf_dev *d = find_dev(c->p, "plic", NULL);
    if (!d)
        return;
    int n = unit_node(c, soc(c), "plic", d->base);
    c->plic = d;
    prop_u32(c, n, "#interrupt-cells", 1);
    prop_u32(c, n, "#address-cells", 0);
    prop_strs(c, n, "compatible", compat);
    prop_empty(c, n, "interrupt-controller");
    irqs_ext(c, n, VP_CPU_IRQ_MEIP, IRQ_S_EXT); /* the PLIC's contexts: M and S of each hart */
    prop_reg(c, n, d->base, d->size);
    prop_u32(c, n, "riscv,ndev", (uint32_t)vp_opt_set_uint(d->optset, "num-sources"));
    c->plic_phandle = new_phandle(c, n);
}

/* The PLIC source a device's output is wired to (from `irqs:`), or 0. */
static uint32_t plic_source(const fdt_ctx *c, const pf_dev *d)
{
    for (guint i = 0; c->plic && i < c->p->irqs->len; i++) {
        const pf_irq *q = g_ptr_array_index(c->p->irqs, i);
        if (q->src.d == d && q->dst.d == c->plic && q->dst.has_index)
            return q->dst.index;
    }
    return 0;
}

static void uart_nodes(fdt_ctx *c, char *stdout_path, size_t size)
{
    guint from = 0;
    for (const pf_dev *d; (d = find_dev(c->p, "ns16550a", &from));) {
        int n = unit_node(c, soc(c), "serial", d->base);
        prop_str(c, n, "compatible", "ns16550a");
        prop_reg(c, n, d->base, d->size);
        uint64_t shift = vp_opt_set_uint(d->optset, "reg-shift");
        if (shift)
            prop_u32(c, n, "reg-shift", (uint32_t)shift);
        prop_u32(c, n, "clock-frequency", UART_CLOCK);
        uint32_t src = plic_source(c, d);
        if (src) {
            prop_u32(c, n, "interrupt-parent", c->plic_phandle);
            prop_u32(c, n, "interrupts", src);
        }
        if (!stdout_path[0])
            snprintf(stdout_path, size, "/soc/serial@%llx", (unsigned long long)d->base);
    }
}

/* The test device as a syscon, with /poweroff and /reboot writing to it. */
static void test_nodes(fdt_ctx *c, int root)
{
    static const char *const compat[] = {"sifive,test1", "sifive,test0", "syscon", NULL};
    const pf_dev *d = find_dev(c->p, "sifive_test", NULL);
    if (!d)
        return;
    int n = unit_node(c, soc(c), "test", d->base);
    prop_strs(c, n, "compatible", compat);
    prop_reg(c, n, d->base, d->size);
    uint32_t ph = new_phandle(c, n);
    static const struct { const char *node, *compat; uint32_t value; } sys[] = {
        {"reboot", "syscon-reboot", 0x7777}, {"poweroff", "syscon-poweroff", 0x5555}};
    for (size_t i = 0; i < 2; i++) {
        int s = subnode(c, root, sys[i].node);
        prop_str(c, s, "compatible", sys[i].compat);
        prop_u32(c, s, "regmap", ph);
        prop_u32(c, s, "offset", 0);
        prop_u32(c, s, "value", sys[i].value);
    }
}

static void memory_nodes(fdt_ctx *c, int root)
{
    for (guint i = c->p->mems->len; i-- > 0;) {
        const pf_mem *m = g_ptr_array_index(c->p->mems, i);
        if (m->rom)
            continue;
        int n = unit_node(c, root, "memory", m->base);
        prop_reg(c, n, m->base, m->size);
        prop_str(c, n, "device_type", "memory");
    }
}

/* libfdt puts a new property or subnode before the earlier ones: each
 * node is written in the reverse of the order QEMU's tree shows, so
 * that both list their properties and nodes alike (U-Boot's `fdt print`). */
static void tree(fdt_ctx *c)
{
    int root = 0;
    prop_str(c, root, "model", "riscv-virtio,vpbridge");
    prop_str(c, root, "compatible", "riscv-virtio");
    prop_u32(c, root, "#size-cells", 2);
    prop_u32(c, root, "#address-cells", 2);
    int bus = subnode(c, root, "soc");
    prop_empty(c, bus, "ranges");
    prop_str(c, bus, "compatible", "simple-bus");
    prop_u32(c, bus, "#size-cells", 2);
    prop_u32(c, bus, "#address-cells", 2);
    cpus_node(c, root);
    memory_nodes(c, root);
    clint_nodes(c);
    plic_node(c);
    char stdout_path[64] = "";
    test_nodes(c, root);
    uart_nodes(c, stdout_path, sizeof stdout_path);
    int chosen = subnode(c, root, "chosen");
    if (stdout_path[0])
        prop_str(c, chosen, "stdout-path", stdout_path);
}

int vp__pf_fdt_create(const vp_platform *p, void **blob, size_t *size, vp_error **errp)
{
    if (!p->built) {
        vp_error_set(errp, VP_EINVAL, "platform '%s' is not built", p->name);
        return VP_EINVAL;
    }
    fdt_ctx c = {.p = p, .next_phandle = 1};
    size_t room = FDT_ROOM + (size_t)FDT_HART_ROOM * p->cpu_count;
    c.fdt = vp_try_calloc(1, room);
    if (!c.fdt) {
        vp_error_set(errp, VP_ENOMEM, "platform '%s': device tree: cannot allocate %zu bytes", p->name, room);
        return VP_ENOMEM;
    }
    c.intc = g_new0(uint32_t, p->cpu_count);
    chk(&c, fdt_create_empty_tree(c.fdt, (int)room));
    if (!c.err)
        tree(&c);
    if (!c.err)
        chk(&c, fdt_pack(c.fdt));
    g_free(c.intc);
    if (c.err) {
        free(c.fdt);
        vp_error_set(errp, VP_ENOMEM, "platform '%s': device tree: %s", p->name, fdt_strerror(c.err));
        return VP_ENOMEM;
    }
    *blob = c.fdt;
    *size = fdt_totalsize(c.fdt);
    return 0;
}

int vp__pf_fdt_chosen(const void *fdt, size_t len, const char *what, const pf_chosen *ch, void **blob,
                      size_t *size, vp_error **errp)
{
    int rc = len < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(fdt);
    if (!rc && fdt_totalsize(fdt) > len)
        rc = -FDT_ERR_TRUNCATED;
    if (rc) {
        vp_error_set(errp, VP_EINVAL, "%s: not a device tree blob: %s", what, fdt_strerror(rc));
        return VP_EINVAL;
    }
    size_t cap = fdt_totalsize(fdt) + 4096 + (ch->bootargs ? strlen(ch->bootargs) : 0);
    fdt_ctx c = {.fdt = vp_try_calloc(1, cap)};
    if (!c.fdt) {
        vp_error_set(errp, VP_ENOMEM, "%s: cannot allocate %zu bytes", what, cap);
        return VP_ENOMEM;
    }
    chk(&c, fdt_open_into(fdt, c.fdt, (int)cap));
    int chosen = c.err ? 0 : fdt_path_offset(c.fdt, "/chosen");
    if (!c.err && chosen < 0)
        chosen = subnode(&c, 0, "chosen");
    if (!c.err && ch->bootargs)
        prop_str(&c, chosen, "bootargs", ch->bootargs);
    if (!c.err && ch->has_initrd && ch->initrd_end <= UINT32_MAX) { /* one cell, as QEMU 7.2 */
        prop_u32(&c, chosen, "linux,initrd-start", (uint32_t)ch->initrd_start);
        prop_u32(&c, chosen, "linux,initrd-end", (uint32_t)ch->initrd_end);
    } else if (!c.err && ch->has_initrd) { /* above 4 GiB: two cells (QEMU 7.2 would cut them) */
        chk(&c, fdt_setprop_u64(c.fdt, chosen, "linux,initrd-start", ch->initrd_start));
        chk(&c, fdt_setprop_u64(c.fdt, chosen, "linux,initrd-end", ch->initrd_end));
    }
    if (!c.err)
        chk(&c, fdt_pack(c.fdt));
    if (c.err) {
        free(c.fdt);
        vp_error_set(errp, VP_EINVAL, "%s: device tree: %s", what, fdt_strerror(c.err));
        return VP_EINVAL;
    }
    *blob = c.fdt;
    *size = fdt_totalsize(c.fdt);
    return 0;
}
