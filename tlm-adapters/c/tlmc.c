/* SPDX-License-Identifier: Apache-2.0 */
/* tlmc.c - forwarders for the C TLM target interface with the documented
 * defaults for NULL ops, and single-access convenience initiators. */
#include <string.h>

#include <vpbridge/tlmc.h>

const char *tlmc_response_str(tlmc_response r)
{
    switch (r) {
    case TLMC_OK_RESPONSE: return "OK";
    case TLMC_INCOMPLETE_RESPONSE: return "incomplete";
    case TLMC_GENERIC_ERROR_RESPONSE: return "generic error";
    case TLMC_ADDRESS_ERROR_RESPONSE: return "address error";
    case TLMC_COMMAND_ERROR_RESPONSE: return "command error";
    case TLMC_BURST_ERROR_RESPONSE: return "burst error";
    case TLMC_BYTE_ENABLE_ERROR_RESPONSE: return "byte-enable error";
    }
    return "unknown response";
}

void tlmc_b_transport(tlmc_target *t, tlmc_payload *p, vp_time *delay)
{
    if (t->ops && t->ops->b_transport)
        t->ops->b_transport(t->opaque, p, delay);
    else
        p->response = TLMC_COMMAND_ERROR_RESPONSE;
}

uint32_t tlmc_transport_dbg(tlmc_target *t, tlmc_payload *p)
{
    if (t->ops && t->ops->transport_dbg)
        return t->ops->transport_dbg(t->opaque, p);
    return 0;
}

bool tlmc_get_direct_mem_ptr(tlmc_target *t, tlmc_payload *p, tlmc_dmi *dmi)
{
    if (t->ops && t->ops->get_direct_mem_ptr)
        return t->ops->get_direct_mem_ptr(t->opaque, p, dmi);
    return false;
}

void tlmc_target_invalidate_dmi(tlmc_target *t, uint64_t start, uint64_t end)
{
    if (t->invalidate)
        t->invalidate(t->bw_opaque, start, end);
}

tlmc_response tlmc_read(tlmc_target *t, uint64_t addr, void *data, uint32_t len, vp_time *delay)
{
    tlmc_payload p;
    vp_time local = 0;
    tlmc_payload_init(&p, TLMC_READ, addr, data, len);
    tlmc_b_transport(t, &p, delay ? delay : &local);
    return p.response;
}

tlmc_response tlmc_write(tlmc_target *t, uint64_t addr, const void *data, uint32_t len, vp_time *delay)
{
    tlmc_payload p;
    vp_time local = 0;
    tlmc_payload_init(&p, TLMC_WRITE, addr, (void *)data, len);
    tlmc_b_transport(t, &p, delay ? delay : &local);
    return p.response;
}
