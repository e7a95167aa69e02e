/* SPDX-License-Identifier: Apache-2.0 */
/* vp_device.h - writing a device module: option, port and type tables that
 * count themselves, one macro that emits the module's entry point with the
 * host-API check, and the small inline helpers every register device needs
 * (the end of create, payload checks, little-endian access, state streams).
 *
 * Header-only: a module still links no vpbridge library. It adds nothing
 * to the ABI: every macro expands to the structs of vp_module.h, filled
 * with `size = sizeof(T)` and `abi = VP_ABI` of the headers in use.
 *
 *   static const vp_opt_decl dev_opts[] = {
 *       VP_DEV_OPT("latency", VP_OPT_TIME, "100ns", "time to DONE"),
 *   };
 *   static const vp_port_decl dev_ports[] = {
 *       VP_DEV_PORT_OUT("irq", 1, "job done (level)"),
 *   };
 *   VP_DEV_TYPE(dev_type, "mydev", "what it is, in one line",
 *               VP_DEV_OPTS(dev_opts), VP_DEV_PORTS(dev_ports),
 *               .default_mmio_size = 0x1000,
 *               .create = dev_create, .destroy = dev_destroy);
 *   VP_DEV_MODULE("mydev", "1.0.0", &dev_type);
 *
 * Thread: like every device op, all of this runs on the simulation thread.
 */
#ifndef VPBRIDGE_VP_DEVICE_H
#define VPBRIDGE_VP_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vpbridge/vp_module.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- declaration tables ------------------------------------------------
 * Elements of `static const` arrays, in the field order of the struct.
 * Strings are borrowed for the life of the module (use literals). */

/* Elements of an array, as uint32_t. In C (GCC, Clang) passing a pointer
 * instead of an array is a compile-time error, not a count of 0. */
#if defined(__GNUC__) && !defined(__cplusplus)
#define VP_DEV_COUNT(arr)                                                                              \
    ((uint32_t)(sizeof(arr) / sizeof((arr)[0]) +                                                       \
                0 * sizeof(struct {                                                                    \
                    int vp__unused;                                                                    \
                    _Static_assert(!__builtin_types_compatible_p(__typeof__(arr), __typeof__(&(arr)[0])), \
                                   "VP_DEV_COUNT needs an array, not a pointer");                     \
                })))
#else
#define VP_DEV_COUNT(arr) ((uint32_t)(sizeof(arr) / sizeof((arr)[0])))
#endif

/* One vp_opt_decl: option `name` of `type` (VP_OPT_*), default `def` as
 * text (NULL = required), one `help` line. */
#define VP_DEV_OPT(name, type, def, help) VP_DEV_OPT_RANGE(name, type, def, help, 0, 0)

/* ... whose INT / UINT / SIZE value must lie in [min, max] (when min < max). */
#define VP_DEV_OPT_RANGE(name, type, def, help, min, max)                                              \
    {sizeof(vp_opt_decl), VP_ABI, (name), (type), (def), (help), NULL, (min), (max)}

/* ... of type VP_OPT_ENUM: one of `choices`, written "a|b|c". */
#define VP_DEV_OPT_ENUM(name, def, help, choices)                                                      \
    {sizeof(vp_opt_decl), VP_ABI, (name), VP_OPT_ENUM, (def), (help), (choices), 0, 0}

/* One vp_port_decl: lines first .. count-1 (count 0 = the instance says,
 * through the type's port_lines op), direction VP_PORT_OUT or VP_PORT_IN. */
#define VP_DEV_PORT(name, dir, count, help, first)                                                     \
    {sizeof(vp_port_decl), VP_ABI, (name), (dir), (count), (help), (first)}
#define VP_DEV_PORT_OUT(name, count, help) VP_DEV_PORT(name, VP_PORT_OUT, count, help, 0)
#define VP_DEV_PORT_IN(name, count, help) VP_DEV_PORT(name, VP_PORT_IN, count, help, 0)

/* Fields of VP_DEV_TYPE: an option or port array with its count. */
#define VP_DEV_OPTS(arr) .opts = (arr), .opt_count = VP_DEV_COUNT(arr)
#define VP_DEV_PORTS(arr) .ports = (arr), .port_count = VP_DEV_COUNT(arr)
/* The same pair positionally, `arr, count`, for initialisers written in
 * field order (C++ before C++20 has no designated initialisers: SystemC-side
 * types, vp_sc_module.h):  opts, opt_count -> VP_DEV_LIST(opts). */
#define VP_DEV_LIST(arr) (arr), VP_DEV_COUNT(arr)

/* Defines `static const vp_device_type var`: type `type_name` (the YAML
 * `type:`), a one-line `desc`, then designated initialisers for the rest
 * (VP_DEV_OPTS, VP_DEV_PORTS, .default_mmio_size, .create, .destroy, ...).
 * Ops left out are NULL: unsupported, the host supplies the default. */
#define VP_DEV_TYPE(var, type_name, desc, ...)                                                         \
    static const vp_device_type var = {.size = sizeof(vp_device_type),                                 \
                                       .abi = VP_ABI,                                                  \
                                       .name = (type_name),                                            \
                                       .description = (desc),                                          \
                                       __VA_ARGS__}

/* ---- the module's entry point --------------------------------------------- */

/* True if `api` is a host table of this ABI major that holds every ABI 1.0
 * entry (log, log_enabled, opt_int, opt_uint, opt_bool, opt_str,
 * request_exit). ABI 1.1 state calls: vp_dev_api_has_state(). */
static inline bool vp_dev_api_ok(const vp_host_api *api)
{
    return api && (api->abi >> 16) == VP_ABI_MAJOR &&
           api->size >= offsetof(vp_host_api, request_exit) + sizeof(api->request_exit) && api->log &&
           api->log_enabled && api->opt_int && api->opt_uint && api->opt_bool && api->opt_str &&
           api->request_exit;
}

/* A module's init: checks the host table (vp_dev_api_ok), then registers
 * `count` types in order. Returns 0, VP_EABI for a host table it cannot
 * use (nothing registered), or the first error of register_device. */
static inline int vp_dev_register_types(const vp_host_api *api, vp_registrar *reg,
                                        const vp_device_type *const *types, size_t count)
{
    if (!vp_dev_api_ok(api))
        return VP_EABI;
    for (size_t i = 0; i < count; i++) {
        int rc = reg->register_device(reg, types[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Emits the module: VP_MODULE_DEFINE(mod_name, mod_version, init) with an
 * init that calls vp_dev_register_types() on the listed types (pointers to
 * VP_DEV_TYPE variables). Use once per module; a module that registers
 * more than device types writes its own init with VP_MODULE_DEFINE. */
#define VP_DEV_MODULE(mod_name, mod_version, ...)                                                      \
    static int vp__dev_module_init(const vp_host_api *api, vp_registrar *reg)                          \
    {                                                                                                  \
        static const vp_device_type *const types[] = {__VA_ARGS__};                                    \
        return vp_dev_register_types(api, reg, types, sizeof(types) / sizeof(types[0]));              \
    }                                                                                                  \
    VP_MODULE_DEFINE(mod_name, mod_version, vp__dev_module_init)

/* ---- creating an instance ------------------------------------------------ */

/* The end of every successful create op: `dev` serves the instance's MMIO
 * target through `ops` (named after the instance, ctx->name) and is the
 * opaque every later op receives. Returns 0, so a create ends with
 *   return vp_dev_publish(ctx, mmio, &dev_ops, dev, opaque);          */
static inline int vp_dev_publish(const vp_device_ctx *ctx, tlmc_target *mmio, const tlmc_target_ops *ops,
                                 void *dev, void **opaque)
{
    mmio->ops = ops;
    mmio->opaque = dev;
    mmio->name = ctx->name;
    *opaque = dev;
    return 0;
}

/* ---- payloads ------------------------------------------------------------ */

/* Little-endian load of `len` bytes (only the first 8 count). */
static inline uint64_t vp_dev_get_le(const uint8_t *p, uint32_t len)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < len && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Little-endian store of v into `len` bytes (zeros beyond the 8th). */
static inline void vp_dev_put_le(uint8_t *p, uint32_t len, uint64_t v)
{
    for (uint32_t i = 0; i < len; i++)
        p[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

/* Common payload checks for simple register devices: read or write, no
 * byte enables, no streaming, length a power of two in [min_len, max_len],
 * naturally aligned. Returns TLMC_OK_RESPONSE or the error to answer. */
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

/* "read", "write" or "ignore", for log messages. */
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

/* Starts a save or restore on caller storage `st`. Returns 0, VP_EUNSUPP
 * if the host has no state stream calls, VP_EINVAL for a NULL stream
 * (st->rc is set to the same value). */
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

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_DEVICE_H */
