/* SPDX-License-Identifier: Apache-2.0 */
/* memory.c - RAM and ROM as C TLM targets: b_transport with byte enables,
 * debug transport (writes allowed into ROM, for loaders) and DMI grants
 * (read-write for RAM, read-only for ROM; guest writes to ROM answer an
 * error response). A write served here (not through a host pointer: a
 * DMA device, a SystemC initiator, a debugger, a loader) is told to the
 * harts, which break LR reservations on it and drop code translated from it.
 */
#include <string.h>

#include "alloc_int.h"
#include "memory_int.h"

static tlmc_response check(const pf_mem *m, const tlmc_payload *p)
{
    if (p->address >= m->size || p->length > m->size - p->address)
        return TLMC_ADDRESS_ERROR_RESPONSE;
    if (p->streaming_width && p->streaming_width < p->length)
        return TLMC_BURST_ERROR_RESPONSE;
    return TLMC_OK_RESPONSE;
}

static void copy(pf_mem *m, tlmc_payload *p)
{
    uint8_t *mem = m->buf + p->address;
    if (!p->byte_enable || !p->byte_enable_length) {
        if (p->command == TLMC_READ)
            memcpy(p->data, mem, p->length);
        else
            memcpy(mem, p->data, p->length);
        return;
    }
    for (uint32_t i = 0; i < p->length; i++) {
        if (p->byte_enable[i % p->byte_enable_length] != TLMC_BYTE_ENABLED)
            continue;
        if (p->command == TLMC_READ)
            p->data[i] = mem[i];
        else
            mem[i] = p->data[i];
    }
}

static void mem_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    pf_mem *m = opaque;
    (void)delay;
    tlmc_response r = check(m, p);
    if (r == TLMC_OK_RESPONSE && p->command == TLMC_WRITE && m->rom) {
        vp_log(VP_LOG_GUEST_ERROR, VP_LVL_WARN, "%s: write to ROM at 0x%llx", m->name,
               (unsigned long long)(m->base + p->address));
        r = TLMC_COMMAND_ERROR_RESPONSE;
    }
    if (r == TLMC_OK_RESPONSE && p->command != TLMC_IGNORE)
        copy(m, p);
    if (r == TLMC_OK_RESPONSE && p->command == TLMC_WRITE)
        vp_cpu_group_notify_write(m->group, m->base + p->address, p->length);
    p->dmi_allowed = true;
    p->response = r;
}

static uint32_t mem_dbg(void *opaque, tlmc_payload *p)
{
    pf_mem *m = opaque;
    if (p->address >= m->size || p->command == TLMC_IGNORE)
        return 0;
    uint64_t room = m->size - p->address;
    uint32_t len = p->length < room ? p->length : (uint32_t)room;
    if (p->command == TLMC_READ)
        memcpy(p->data, m->buf + p->address, len);
    else
        memcpy(m->buf + p->address, p->data, len);
    if (p->command == TLMC_WRITE)
        vp_cpu_group_notify_write(m->group, m->base + p->address, len);
    p->response = TLMC_OK_RESPONSE;
    return len;
}

static bool mem_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *dmi)
{
    pf_mem *m = opaque;
    dmi->ptr = m->buf;
    dmi->start = 0;
    dmi->end = m->size - 1;
    dmi->access = m->rom ? TLMC_DMI_READ : TLMC_DMI_READ_WRITE;
    dmi->read_latency = 0;
    dmi->write_latency = 0;
    if (p->command == TLMC_WRITE && m->rom)
        return false;
    return p->address < m->size;
}

static const tlmc_target_ops mem_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = mem_b_transport,
    .transport_dbg = mem_dbg,
    .get_direct_mem_ptr = mem_dmi,
};

int vp__mem_create(pf_mem *m, vp_error **errp)
{
    m->buf = m->size <= SIZE_MAX ? vp_try_calloc(1, (size_t)m->size) : NULL;
    if (!m->buf) {
        vp_error_set(errp, VP_ENOMEM, "cannot allocate %llu bytes", (unsigned long long)m->size);
        return VP_ENOMEM;
    }
    m->tgt.ops = &mem_ops;
    m->tgt.opaque = m;
    m->tgt.name = m->name;
    return 0;
}

void vp__mem_destroy(pf_mem *m)
{
    free(m->buf);
    m->buf = NULL;
    memset(&m->tgt, 0, sizeof(m->tgt));
    m->mapped = false;
}
