/* SPDX-License-Identifier: Apache-2.0 */
/* vp_registry_print.h - the registry's listings, as the `vpbridge modules`,
 * `devices`, `machines` and `device TYPE` commands print them. Part of the
 * registry API (vp_registry.h includes it).
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_REGISTRY_PRINT_H
#define VPBRIDGE_VP_REGISTRY_PRINT_H

#include <stdio.h>
#include <vpbridge/vp_module.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_registry vp_registry; /* vp_registry.h */

/* `vpbridge modules`: one line per module (name, side, arch, version, file);
 * a module whose objs were taken over is marked "(overridden by X)". Each
 * module that provides a type is loaded (deps first, as a run would); a
 * failure (dependency cycle, missing dependency or library, ABI mismatch)
 * is listed under its line. Returns the first error code (0 if all loaded). */
VP_API int vp_registry_print_modules(vp_registry *reg, FILE *out);
/* `vpbridge devices`: loads every emulator- and systemc-side module and
 * lists each device type with its description (SystemC types marked
 * "[systemc]"). Modules that fail to load are listed with the reason;
 * returns the first error code (0 if all loaded). */
VP_API int vp_registry_print_devices(vp_registry *reg, FILE *out);
/* `vpbridge machines`: every machine of machine-side modules (loaded for
 * their descriptions); returns the first error code. */
VP_API int vp_registry_print_machines(vp_registry *reg, FILE *out);
/* The "options:" and "ports:" sections of `vpbridge device TYPE`, for any
 * declaration tables (C or SystemC types; host-sized vp_port_decl). A port
 * whose lines start above 0 shows them as [first..count-1], or [first..n]
 * when the instance decides (count 0). */
VP_API void vp_registry_print_opts(const vp_opt_decl *opts, uint32_t count, FILE *out);
VP_API void vp_registry_print_ports(const vp_port_decl *ports, uint32_t count, FILE *out);
/* `vpbridge device TYPE --help`: loads the type's module (as a run would)
 * and prints description, options, ports. If loading fails and the
 * manifest declares the type's opts, prints those (no ports) and returns
 * the load error; other failures print nothing. */
VP_API int vp_registry_print_device(vp_registry *reg, const char *type, FILE *out, vp_error **errp);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_REGISTRY_PRINT_H */
