/* SPDX-License-Identifier: Apache-2.0 */
/* vp_platform.h - a platform described in YAML or by a machine from a
 * module: read and validate it, build it (RAM, router, device modules,
 * harts, irq wiring), load an ELF, and hand the pieces to whoever runs time
 * (the SystemC bridge, or a test).
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
typedef struct vp_registry vp_registry; /* vp_registry.h */

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
    /* Machine modules (--add-machines), NULL-terminated or NULL: each item
     * is a manifest (*.modinfo.yaml) or a .so whose manifest sits next to
     * it (see vp_platform_add_machines). Read after the other sources. */
    const char *const *machine_libs;
} vp_platform_options;

/* The built-in module directory (build tree or install prefix). Borrowed. */
VP_API const char *vp_platform_builtin_module_dir(void);

/* A registry set up from `opts` (NULL = built-in dir only): module dirs,
 * modinfo files, then machine_libs. The caller destroys it. */
VP_API vp_registry *vp_platform_registry_create(const vp_platform_options *opts, vp_error **errp);
/* Adds machine modules to `reg`: each NULL-terminated item is the path of
 * a manifest (a name ending in .modinfo.yaml or .yaml), or of a module
 * library DIR/[lib]NAME.so[.*] whose manifest is DIR/NAME.modinfo.yaml or,
 * failing that, DIR/libNAME.modinfo.yaml. The manifest must describe at
 * least one `side: machine` module. Errors start with the item:
 * "--add-machines ITEM: ...". */
VP_API int vp_platform_add_machines(vp_registry *reg, const char *const *items, vp_error **errp);

/* Reads and validates a platform. `path` is a platform YAML when a file of
 * that name exists; otherwise the name of a machine a module provides
 * (a code-built machine runs its build() now; a YAML-shipped one reads the
 * YAML next to its manifest). YAML errors name file:line:col; errors of a
 * code-built machine name the machine and the builder call
 * ("machine 'm': add_device('uart0'): ..."). Neither file nor machine:
 * "platform 'x': no such file, and no machine 'x' (see `vpbridge machines`)".
 * Nothing is instantiated yet; only a machine's own module is loaded. */
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
/* The machine type name when loaded by machine name, else NULL. */
VP_API const char *vp_platform_machine(const vp_platform *p);
/* The registry the platform was loaded with (borrowed, lives as long as
 * the platform): for SystemC-side device types and module listings. */
VP_API vp_registry *vp_platform_registry(const vp_platform *p);

/* `vpbridge check`: memory map table and irq wiring, human readable. */
VP_API void vp_platform_print(const vp_platform *p, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_PLATFORM_H */
