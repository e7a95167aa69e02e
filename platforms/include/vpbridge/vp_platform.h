/* SPDX-License-Identifier: Apache-2.0 */
/* vp_platform.h - a platform described in YAML: parse and validate it,
 * build it (RAM, router, device modules, harts, irq wiring), load an ELF,
 * and hand the pieces to whoever runs time (the SystemC bridge, or a test).
 */
#ifndef VPBRIDGE_VP_PLATFORM_H
#define VPBRIDGE_VP_PLATFORM_H

#include <stdio.h>
#include <vpbridge/tlmc.h>
#include <vpbridge/vp_clock.h>
#include <vpbridge/vp_cpu.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_platform vp_platform;

/* Callbacks from the platform to whoever runs it. */
typedef struct vp_platform_host {
    uint32_t size, abi;
    /* A device (test finisher, HTIF) asked to end the run with `status`. */
    void (*request_exit)(void *opaque, int status);
    void *opaque;
} vp_platform_host;

/* Where device modules come from (built-in directory first). */
typedef struct vp_platform_options {
    uint32_t size, abi;
    const char *const *module_dirs;   /* NULL-terminated; NULL = built-in dir only */
    const char *const *modinfo_files; /* extra modinfo files (--add-modinfo); NULL-terminated or NULL */
    vp_cpu_accel accel;
    /* Overrides (0 = take the YAML's): */
    vp_time quantum;
} vp_platform_options;

/* The built-in module directory (build tree or install prefix). Borrowed. */
VP_API const char *vp_platform_builtin_module_dir(void);

/* Parses and validates `path`. Errors name path:line:col. Nothing is
 * instantiated yet; no module is loaded. */
VP_API vp_platform *vp_platform_load(const char *path, const vp_platform_options *opts, vp_error **errp);
/* Resolves device types (loading their modules), creates RAM/ROM, the
 * router, the devices and the harts, and wires signal lines. */
VP_API int vp_platform_build(vp_platform *p, const vp_clock *clock, const vp_platform_host *host, vp_error **errp);
/* Loads an ELF (RISC-V, ELF32/ELF64 matching the harts' XLEN) through
 * debug transport; sets every hart's pc to the entry; maps HTIF at
 * `tohost` if the ELF defines it. */
VP_API int vp_platform_load_elf(vp_platform *p, const char *path, vp_error **errp);
/* Calls every device's realize op (after loading, before time starts). */
VP_API int vp_platform_realize(vp_platform *p, vp_error **errp);
VP_API void vp_platform_destroy(vp_platform *p); /* accepts NULL */

VP_API uint32_t vp_platform_cpu_count(const vp_platform *p);
VP_API vp_cpu *vp_platform_cpu(const vp_platform *p, uint32_t index);
VP_API tlmc_router *vp_platform_router(const vp_platform *p);
/* Sync quantum from `sync.quantum` (default 10us) unless overridden. */
VP_API vp_time vp_platform_quantum(const vp_platform *p);
VP_API const char *vp_platform_name(const vp_platform *p);

/* `vpbridge check`: memory map table and irq wiring, human readable. */
VP_API void vp_platform_print(const vp_platform *p, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_PLATFORM_H */
