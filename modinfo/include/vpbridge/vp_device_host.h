/* SPDX-License-Identifier: Apache-2.0 */
/* vp_device_host.h - the host side of a device instance: what a host (the
 * platform builder, vp::sc::c_device, the SystemC loader) keeps per
 * instance behind vp_device_ctx.host, and the host API table
 * (vp_host_api) whose calls read it. Part of the registry API
 * (vp_registry.h includes it).
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_DEVICE_HOST_H
#define VPBRIDGE_VP_DEVICE_HOST_H

#include <vpbridge/vp_module.h>
#include <vpbridge/vp_opt_set.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The vp_device_ctx.host of instances created with vp_registry_host_api():
 * the API's opt_* getters read `opts`, request_exit calls `request_exit`.
 * Caller storage (zero it, then fill opts/request_exit/opaque). */
typedef struct vp_device_host {
    const vp_opt_set *opts;
    void (*request_exit)(void *opaque, int status);
    void *opaque;
    /* While true (the host sets it around create), error-level messages of
     * the device are kept in last_error instead of printed, so the host can
     * report one line that includes them. */
    bool capture_errors;
    /* The last captured message, or NULL: host-owned memory, read it freely
     * and release it only with vp_device_host_clear_error(). */
    char *last_error;
} vp_device_host;

/* Releases h->last_error (if any) and sets it to NULL. Call it once the
 * message has been used, and before the vp_device_host goes away.
 * Accepts NULL. */
VP_API void vp_device_host_clear_error(vp_device_host *h);

/* The host API table (static, valid forever). Logging goes through vp_log
 * with the instance name as prefix. */
VP_API const vp_host_api *vp_registry_host_api(void);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_DEVICE_HOST_H */
