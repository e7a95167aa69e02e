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

/* ---- device state (ABI 1.1 checkpointing) ---------------------------------
 * Devices serialize their state field by field in a fixed little-endian
 * layout (never whole structs: padding and pointers must not leak into the
 * stream). vp_dev_state wraps the host stream with a sticky error code, so
 * a save or restore can read/write every field and check `rc` once at the
 * end; after an error, writes are skipped and reads yield 0. */

/* True if the host API provides the ABI 1.1 state stream calls (a host
 * older than 1.1 has a shorter table: save/restore answer VP_EUNSUPP). */
static inline bool vp_dev_api_has_state(const vp_host_api *api)
{
    return api && api->size >= offsetof(vp_host_api, state_read) + sizeof(api->state_read) && api->state_write &&
           api->state_read;
}

typedef struct vp_dev_state {
    const vp_host_api *api;
    vp_state_stream *s;
    int rc; /* first error (0 = none so far) */
} vp_dev_state;

/* Starts a save or restore. Returns 0, VP_EUNSUPP if the host has no
 * state stream calls, VP_EINVAL for a NULL stream (st->rc is set to the
 * same value). */
static inline int vp_dev_state_init(vp_dev_state *st, const vp_host_api *api, vp_state_stream *s)
{
    st->api = api;
    st->s = s;
    st->rc = !vp_dev_api_has_state(api) ? VP_EUNSUPP : !s ? VP_EINVAL : 0;
    return st->rc;
}

/* Writes the low `len` (<= 8) bytes of v, little-endian. */
static inline void vp_dev_state_put(vp_dev_state *st, uint32_t len, uint64_t v)
{
    uint8_t b[8];
    if (st->rc)
        return;
    vp_dev_put_le(b, len, v);
    st->rc = st->api->state_write(st->s, b, len);
}

/* Reads `len` (<= 8) little-endian bytes; 0 after an error. */
static inline uint64_t vp_dev_state_get(vp_dev_state *st, uint32_t len)
{
    uint8_t b[8] = {0};
    if (st->rc)
        return 0;
    st->rc = st->api->state_read(st->s, b, len);
    return st->rc ? 0 : vp_dev_get_le(b, len);
}

static inline void vp_dev_state_put_u8(vp_dev_state *st, uint8_t v) { vp_dev_state_put(st, 1, v); }
static inline void vp_dev_state_put_u32(vp_dev_state *st, uint32_t v) { vp_dev_state_put(st, 4, v); }
static inline void vp_dev_state_put_u64(vp_dev_state *st, uint64_t v) { vp_dev_state_put(st, 8, v); }
static inline void vp_dev_state_put_bool(vp_dev_state *st, bool v) { vp_dev_state_put(st, 1, v ? 1 : 0); }
static inline uint8_t vp_dev_state_get_u8(vp_dev_state *st) { return (uint8_t)vp_dev_state_get(st, 1); }
static inline uint32_t vp_dev_state_get_u32(vp_dev_state *st) { return (uint32_t)vp_dev_state_get(st, 4); }
static inline uint64_t vp_dev_state_get_u64(vp_dev_state *st) { return vp_dev_state_get(st, 8); }

/* Marks the stream invalid (a value out of range) unless an error is
 * already recorded; returns the resulting rc. */
static inline int vp_dev_state_check(vp_dev_state *st, bool ok)
{
    if (!st->rc && !ok)
        st->rc = VP_EINVAL;
    return st->rc;
}

/* Reads a bool stored as one byte 0/1; other values are invalid. */
static inline bool vp_dev_state_get_bool(vp_dev_state *st)
{
    uint8_t v = vp_dev_state_get_u8(st);
    vp_dev_state_check(st, v <= 1);
    return v == 1;
}

#endif /* VP_DEV_UTIL_H */
