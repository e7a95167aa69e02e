/* SPDX-License-Identifier: Apache-2.0 */
/* vp_dev_util.h - small inline helpers shared by the standard device
 * modules (header-only: modules link no vpbridge library). */
#ifndef VP_DEV_UTIL_H
#define VP_DEV_UTIL_H

#include <stddef.h>
#include <string.h>

#include <vpbridge/vp_module.h>

/* True if the host API table provides every ABI 1.0 entry we call. */
static inline bool vp_dev_api_ok(const vp_host_api *api)
{
    return api && (api->abi >> 16) == VP_ABI_MAJOR &&
           api->size >= offsetof(vp_host_api, request_exit) + sizeof(api->request_exit) && api->log &&
           api->opt_uint && api->opt_str && api->opt_bool;
}

/* Little-endian load/store of `len` (<= 8) bytes. */
static inline uint64_t vp_dev_get_le(const uint8_t *p, uint32_t len)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < len && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void vp_dev_put_le(uint8_t *p, uint32_t len, uint64_t v)
{
    for (uint32_t i = 0; i < len; i++)
        p[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

/* Common payload checks for simple register devices: no byte enables, no
 * streaming, length a power of two in [min_len, max_len], naturally
 * aligned. Returns TLMC_OK_RESPONSE or the error to answer. */
static inline tlmc_response vp_dev_check(const tlmc_payload *p, uint32_t min_len, uint32_t max_len)
{
    if (p->command != TLMC_READ && p->command != TLMC_WRITE)
        return TLMC_COMMAND_ERROR_RESPONSE;
    if (p->byte_enable && p->byte_enable_length)
        return TLMC_BYTE_ENABLE_ERROR_RESPONSE;
    if (p->streaming_width && p->streaming_width < p->length)
        return TLMC_BURST_ERROR_RESPONSE;
    uint32_t len = p->length;
    if (len < min_len || len > max_len || (len & (len - 1)) != 0 || (p->address & (len - 1)) != 0)
        return TLMC_ADDRESS_ERROR_RESPONSE;
    return TLMC_OK_RESPONSE;
}

static inline const char *vp_dev_cmd_str(const tlmc_payload *p)
{
    return p->command == TLMC_WRITE ? "write" : p->command == TLMC_READ ? "read" : "ignore";
}

#endif /* VP_DEV_UTIL_H */
