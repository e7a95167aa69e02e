/* SPDX-License-Identifier: Apache-2.0 */
/* group.c - harts that share memory: the exclusive-access monitor behind
 * LR/SC and the writes from outside the harts (DMA, debugger, loader)
 * that must break reservations and drop translated code.
 *
 * The monitor: a hart's reservation is [excl_addr, excl_addr + size) of
 * physical memory that grants DMI. While another hart holds one in a page,
 * a hart's soft TLB gives it no direct stores into that page, so each of
 * its stores there reaches vp__excl_store, which breaks the overlapping
 * reservations. The harts of a group run on one thread (the cluster's),
 * so no locking is needed; a hart's own stores never break its own
 * reservation.
 */
#include <glib.h>

#include "../src/cpu_int.h"
#include "tb_int.h"

struct vp_cpu_group {
    GPtrArray *harts; /* vp_cpu*, unowned */
    uint32_t n_excl;  /* harts with excl_valid */
};

vp_cpu_group *vp_cpu_group_create(void)
{
    vp_cpu_group *g = g_new0(vp_cpu_group, 1);
    g->harts = g_ptr_array_new();
    return g;
}

void vp_cpu_group_destroy(vp_cpu_group *group)
{
    if (!group)
        return;
    g_ptr_array_free(group->harts, TRUE);
    g_free(group);
}

void vp__group_join(vp_cpu *cpu, vp_cpu_group *group)
{
    if (!group) {
        group = vp_cpu_group_create();
        cpu->ex.own_group = true;
    }
    cpu->ex.group = group;
    g_ptr_array_add(group->harts, cpu);
}

void vp__group_leave(vp_cpu *cpu)
{
    vp_cpu_group *g = cpu->ex.group;
    if (!g)
        return;
    vp__excl_clear(cpu);
    g_ptr_array_remove(g->harts, cpu);
    if (cpu->ex.own_group)
        vp_cpu_group_destroy(g);
    cpu->ex.group = NULL;
}

static vp_cpu *hart_at(const vp_cpu_group *g, guint i)
{
    return g_ptr_array_index(g->harts, i);
}

static bool excl_overlaps(const vp_cpu *h, uint64_t addr, uint64_t size)
{
    return h->ex.excl_valid && h->ex.excl_addr < addr + size && addr < h->ex.excl_addr + h->ex.excl_size;
}

bool vp__excl_page_watched(const vp_cpu *cpu, uint64_t page)
{
    const vp_cpu_group *g = cpu->ex.group;
    if (!g || !g->n_excl)
        return false;
    for (guint i = 0; i < g->harts->len; i++) {
        const vp_cpu *h = hart_at(g, i);
        if (h != cpu && h->ex.excl_valid && (h->ex.excl_addr & VP_PAGE_MASK) == page)
            return true;
    }
    return false;
}

void vp__excl_clear(vp_cpu *cpu)
{
    if (!cpu->ex.excl_valid)
        return;
    cpu->ex.excl_valid = false;
    cpu->ex.group->n_excl--;
}

void vp__excl_set(vp_cpu *cpu, uint64_t addr, uint32_t size)
{
    vp_cpu_group *g = cpu->ex.group;
    vp__excl_clear(cpu);
    cpu->ex.excl_addr = addr;
    cpu->ex.excl_size = size;
    cpu->ex.excl_valid = true;
    g->n_excl++;
    for (guint i = 0; i < g->harts->len; i++)
        if (hart_at(g, i) != cpu)
            vp__tlb_drop_write(hart_at(g, i), addr & VP_PAGE_MASK);
}

/* Breaks the reservations of the group's harts (but `except`) that
 * overlap [addr, addr + size). */
static void excl_break(vp_cpu_group *g, const vp_cpu *except, uint64_t addr, uint64_t size)
{
    for (guint i = 0; g->n_excl && i < g->harts->len; i++) {
        vp_cpu *h = hart_at(g, i);
        if (h != except && excl_overlaps(h, addr, size)) {
            vp_log(VP_LOG_EXEC, VP_LVL_DEBUG, "hart %u: reservation at 0x%llx broken by a write to 0x%llx",
                   (unsigned)h->cfg.hartid, (unsigned long long)h->ex.excl_addr, (unsigned long long)addr);
            vp__excl_clear(h);
        }
    }
}

void vp__excl_store(vp_cpu *cpu, uint64_t addr, uint64_t size)
{
    if (cpu->ex.group->n_excl)
        excl_break(cpu->ex.group, cpu, addr, size);
}

void vp_cpu_group_notify_write(vp_cpu_group *group, uint64_t addr, uint64_t size)
{
    if (!group || !size)
        return;
    uint64_t last = addr + size - 1 < addr ? UINT64_MAX : addr + size - 1;
    excl_break(group, NULL, addr, last - addr + 1);
    for (guint i = 0; i < group->harts->len; i++)
        vp__tb_invalidate_phys(hart_at(group, i), addr, last, "memory written outside the harts");
}
