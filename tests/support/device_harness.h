/* SPDX-License-Identifier: Apache-2.0 */
/* device_harness.h - test-only loader and stimulus bench for device modules.
 *
 * The harness plays the host for one device module, without any vpbridge
 * library, so device tests exercise the real built .so through the real
 * module ABI:
 *
 *  - harness_create("ns16550a", num_harts) dlopen()s
 *    VP_MODULE_DIR/libvp_ns16550a.so (RTLD_NOW|RTLD_LOCAL), finds
 *    `vp_module_descriptor`, checks magic and ABI, and calls init() with a
 *    fake vp_host_api and a registrar that records the device types.
 *    harness_create_path() takes an explicit .so path instead.
 *  - The fake host API records every log message (category, level, text
 *    prefixed with "dut: ", the instance name, as the real host does),
 *    answers opt_* from the "key=value" list given to harness_device_create
 *    (defaults taken from the type's vp_opt_decl; values are parsed by type:
 *    INT, UINT, BOOL, STRING, SIZE "4K", TIME "1ms", ENUM checked against
 *    `choices`, FREQ "10MHz"), and records request_exit() statuses.
 *  - harness_device_create(h, type, opts) creates one instance on a fresh
 *    test clock (see clock_stub.h), binds every output line of every OUT
 *    port to a recording sink, then calls realize(). Unknown option keys,
 *    bad values and missing required options make it return VP_EINVAL
 *    without calling the device.
 *  - Reads and writes go through the instance's tlmc_target b_transport with
 *    the delay annotation set by harness_set_delay() (default 0); the delay
 *    after the call is kept for harness_last_delay().
 *  - harness_destroy() destroys the instance, checks that the device
 *    destroyed all clock events it created (harness_destroy returns false
 *    if not), destroys the clock and dlclose()s the module.
 *
 * One device instance per harness. Not thread-safe; for cmocka tests.
 */
#ifndef VP_DEVICE_HARNESS_H
#define VP_DEVICE_HARNESS_H

#include <vpbridge/vp_module.h>

#include "clock_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct harness harness;

/* Loads VP_MODULE_DIR/libvp_<module>.so. Returns NULL (and prints why to
 * stderr) if loading or init fails. num_harts goes into the device ctx. */
harness *harness_create(const char *module, uint32_t num_harts);
harness *harness_create_path(const char *so_path, uint32_t num_harts);
/* Destroys the instance (if any) and unloads. Returns true if the device
 * left no clock events alive. Accepts NULL (returns true). */
bool harness_destroy(harness *h);

/* Registered types. NULL if absent / out of range. */
const vp_device_type *harness_type(harness *h, const char *type_name);
const vp_device_type *harness_type_at(harness *h, uint32_t index);
uint32_t harness_type_count(harness *h);
/* The module descriptor found in the .so. */
const vp_module_desc *harness_module(harness *h);

/* Creates the instance. opts: NULL-terminated "key=value" strings or NULL.
 * Returns the create() result, or VP_EINVAL for a bad option list,
 * VP_ENOENT for an unknown type, VP_EBUSY if an instance exists. */
int harness_device_create(harness *h, const char *type_name, const char *const *opts);
/* Destroys the instance (keeps the module loaded). */
void harness_device_destroy(harness *h);
/* Calls the reset op (if any). */
void harness_device_reset(harness *h);
/* Instance handles. */
void *harness_opaque(harness *h);
tlmc_target *harness_target(harness *h);
const vp_device_ctx *harness_ctx(harness *h);

/* Time. */
clock_stub *harness_clock(harness *h);
unsigned harness_advance(harness *h, vp_time delta);
void harness_set_delay(harness *h, vp_time delay);
vp_time harness_last_delay(harness *h);

/* Accesses through b_transport. Return the response status. */
tlmc_response harness_read(harness *h, uint64_t addr, void *data, uint32_t len);
tlmc_response harness_write(harness *h, uint64_t addr, const void *data, uint32_t len);
/* Little-endian sized helpers; *resp (may be NULL) receives the status. */
uint64_t harness_rd(harness *h, uint64_t addr, uint32_t len, tlmc_response *resp);
tlmc_response harness_wr(harness *h, uint64_t addr, uint32_t len, uint64_t value);
/* Debug transport. Returns bytes transferred. */
uint32_t harness_dbg(harness *h, tlmc_command cmd, uint64_t addr, void *data, uint32_t len);

/* Output lines: current level, number of sink calls, number of level
 * changes (edges) since creation or harness_signals_clear(). A missing
 * port/line reads as false / 0. */
bool harness_signal(harness *h, const char *port, uint32_t index);
unsigned harness_signal_calls(harness *h, const char *port, uint32_t index);
unsigned harness_signal_edges(harness *h, const char *port, uint32_t index);
void harness_signals_clear(harness *h);
/* Number of lines of a port (after create). */
uint32_t harness_port_count(harness *h, const char *port);
/* Drives an input line. Returns false if the port is unknown. */
bool harness_signal_in(harness *h, const char *port, uint32_t index, bool level);

/* Log records. */
uint32_t harness_log_count(harness *h, unsigned cat_mask);
bool harness_log_contains(harness *h, unsigned cat_mask, const char *substr);
const char *harness_log_last(harness *h); /* NULL if none */
void harness_log_clear(harness *h);
/* Echo log messages to stderr as they arrive (default off; or set the
 * environment variable VP_HARNESS_LOG=1). */
void harness_log_echo(harness *h, bool on);

/* request_exit: number of calls and the last status. */
uint32_t harness_exit_count(harness *h);
int harness_exit_status(harness *h);

/* State (ABI 1.1 checkpointing). The fake host API advertises VP_ABI (its
 * size is sizeof(vp_host_api)) and implements state_write/state_read over
 * an in-memory stream. These call the type's save/restore directly, without
 * the host's record header.
 *
 * harness_save: saves the instance into a malloc'd buffer (*data, *size;
 * the caller frees *data, NULL on failure). Returns the save() result,
 * VP_EUNSUPP if the type has no save op, VP_EINVAL if no instance.
 * harness_restore: restores `size` bytes into the instance. Returns the
 * restore() result, or VP_EIO if restore succeeded without consuming
 * exactly `size` bytes (the real host's rule).
 * harness_transfer: save `from`, restore into `to`. */
int harness_save(harness *h, uint8_t **data, size_t *size);
int harness_restore(harness *h, const void *data, size_t size);
int harness_transfer(harness *from, harness *to);
/* Pretends to be an older host: sets the api table's `size` (e.g.
 * offsetof(vp_host_api, state_write) for a 1.0 host). */
void harness_set_api_size(harness *h, uint32_t size);
/* Fault injection: state_write fails with VP_ENOMEM once a save stream
 * would exceed `limit` bytes (default SIZE_MAX). */
void harness_set_state_limit(harness *h, size_t limit);
/* Number of state_write/state_read calls the device made so far. */
uint32_t harness_state_calls(harness *h);

#ifdef __cplusplus
}
#endif
#endif /* VP_DEVICE_HARNESS_H */
