/* SPDX-License-Identifier: Apache-2.0 */
/* htif.c - the HTIF tohost/fromhost words (Spike's host-target interface,
 * exit subset). Mapped at priority 1 on top of RAM when the ELF defines
 * `tohost`. A write of a value with bit 0 set ends the run with status
 * value >> 1 (1 = pass -> 0). On RV32 the 64-bit word arrives as two 32-bit
 * stores: the host acts once both halves have been written since the last
 * action (in either order), or at once on a single 64-bit store.
 */
#include <inttypes.h>
#include <string.h>

#include "htif_int.h"

struct pf_htif {
    vp_platform *p;
    tlmc_target to_tgt, from_tgt;
    uint64_t tohost, fromhost;
    unsigned halves; /* bit 0: low word written, bit 1: high word written */
};

static void act(pf_htif *h)
{
    uint64_t v = h->tohost;
    h->halves = 0;
    if (v & 1) {
        int status = (int)(v >> 1);
        vp_log(VP_LOG_PLUGIN, VP_LVL_INFO, "htif: exit with status %d", status);
        if (h->p->host.request_exit)
            h->p->host.request_exit(h->p->host.opaque, status);
    } else if (v) {
        vp_log(VP_LOG_UNIMP, VP_LVL_WARN, "htif: tohost command 0x%016" PRIx64 " ignored (only exit is supported)", v);
    }
}

/* Byte-wise access to an 8-byte word; returns the halves touched by a write. */
static unsigned word_access(uint64_t *word, tlmc_payload *p)
{
    if (p->address >= 8 || p->length > 8 - p->address) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return 0;
    }
    uint8_t bytes[8];
    unsigned touched = 0;
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(*word >> (8 * i));
    for (uint32_t i = 0; i < p->length; i++) {
        bool en = !p->byte_enable || !p->byte_enable_length ||
                  p->byte_enable[i % p->byte_enable_length] == TLMC_BYTE_ENABLED;
        uint64_t a = p->address + i;
        if (!en)
            continue;
        if (p->command == TLMC_READ) {
            p->data[i] = bytes[a];
        } else if (p->command == TLMC_WRITE) {
            bytes[a] = p->data[i];
            touched |= a < 4 ? 1u : 2u;
        }
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)bytes[i] << (8 * i);
    *word = v;
    p->response = TLMC_OK_RESPONSE;
    p->dmi_allowed = false;
    return touched;
}

static void to_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    pf_htif *h = opaque;
    (void)delay;
    unsigned touched = word_access(&h->tohost, p);
    if (!touched)
        return;
    h->halves |= touched;
    if (touched == 3 || h->halves == 3)
        act(h);
}

static uint32_t to_dbg(void *opaque, tlmc_payload *p)
{
    pf_htif *h = opaque;
    word_access(&h->tohost, p);
    return p->response == TLMC_OK_RESPONSE ? p->length : 0;
}

static void from_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    pf_htif *h = opaque;
    (void)delay;
    word_access(&h->fromhost, p);
}

static uint32_t from_dbg(void *opaque, tlmc_payload *p)
{
    pf_htif *h = opaque;
    word_access(&h->fromhost, p);
    return p->response == TLMC_OK_RESPONSE ? p->length : 0;
}

static const tlmc_target_ops to_ops = {sizeof(tlmc_target_ops), TLMC_ABI, to_b_transport, to_dbg, NULL};
static const tlmc_target_ops from_ops = {sizeof(tlmc_target_ops), TLMC_ABI, from_b_transport, from_dbg, NULL};

int vp__htif_create(vp_platform *p, uint64_t tohost, bool has_fromhost, uint64_t fromhost, vp_error **errp)
{
    if (p->htif) {
        vp_error_set(errp, VP_EBUSY, "htif is already mapped (an ELF with tohost was loaded before)");
        return VP_EBUSY;
    }
    pf_htif *h = g_new0(pf_htif, 1);
    h->p = p;
    h->to_tgt = (tlmc_target){.ops = &to_ops, .opaque = h, .name = "htif.tohost"};
    h->from_tgt = (tlmc_target){.ops = &from_ops, .opaque = h, .name = "htif.fromhost"};
    p->htif_tohost = tohost;
    p->htif = h; /* owned by the platform from here on: the router may point at it */
    int rc = tlmc_router_map(p->router, tohost, 8, &h->to_tgt, 1, errp);
    if (!rc && has_fromhost)
        rc = tlmc_router_map(p->router, fromhost, 8, &h->from_tgt, 1, errp);
    if (rc)
        vp_error_prefix(errp, "htif at tohost 0x%" PRIx64, tohost);
    return rc;
}

void vp__htif_destroy(pf_htif *h) { g_free(h); }
