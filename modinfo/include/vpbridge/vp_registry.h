/* SPDX-License-Identifier: Apache-2.0 */
/* vp_registry.h - the module registry: reads modinfo manifests
 * (*.modinfo.yaml), maps device types, SystemC types and machines to
 * modules, loads modules lazily (dependencies first) and checks them
 * (.vp_modinfo section, descriptor, manifest options).
 *
 * The rest of the registry API has a header per concern, all included
 * here (so including vp_registry.h alone declares everything it always
 * did):
 *   vp_registry_print.h  the listings (`vpbridge modules|devices|machines|device`)
 *   vp_opt_set.h         typed option values of a device instance
 *   vp_device_host.h     the host side of a device instance, the host API table
 *   vp_state_stream.h    device state streams, save/restore of an instance
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_REGISTRY_H
#define VPBRIDGE_VP_REGISTRY_H

#include <vpbridge/vp_device_host.h>
#include <vpbridge/vp_module.h>
#include <vpbridge/vp_opt_set.h>
#include <vpbridge/vp_registry_print.h>
#include <vpbridge/vp_state_stream.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_registry vp_registry;

typedef enum vp_module_side {
    VP_SIDE_EMULATOR = 0, /* C device models (C TLM targets) */
    VP_SIDE_SYSTEMC = 1,  /* SystemC models (loaded by the bridge) */
    VP_SIDE_MACHINE = 2,  /* whole platforms */
} vp_module_side;

/* What a manifest says about one module. All strings borrowed from the
 * registry; valid until vp_registry_destroy. */
typedef struct vp_module_info {
    const char *name;
    const char *library;       /* absolute path of the .so */
    vp_module_side side;
    const char *side_name;     /* "emulator" | "systemc" | "machine" */
    const char *const *arch;   /* NULL-terminated; empty = all */
    const char *const *objs;   /* NULL-terminated device/machine types */
    const char *const *deps;   /* NULL-terminated module names */
    const char *abi;           /* "1.0" */
    const char *version;       /* "" if not given */
    const char *license;       /* "" if not given */
    const char *description;   /* "" if not given */
    const char *manifest;      /* manifest file path */
    unsigned line, col;        /* position of the module entry in the manifest */
    bool loaded;               /* the .so has been loaded and initialised */
    bool overrides;            /* manifest says `override: true` */
    const char *overridden_by; /* module that took over one of its objs, or NULL */
} vp_module_info;

/* Creates an empty registry. */
VP_API vp_registry *vp_registry_create(void);
VP_API void vp_registry_destroy(vp_registry *reg); /* accepts NULL; unloads modules */

/* The built-in module directory: $VPBRIDGE_MODULE_DIR if set (and not
 * empty), else the one that goes with the file holding this code, found at
 * run time: <dir>/vpbridge/modules for a library in <prefix>/lib,
 * <dir>/../lib/vpbridge/modules for an executable in <prefix>/bin (the
 * first that exists); else, only for code running from inside the build
 * tree it was built in, that build's module directory; else the
 * (missing) <dir>/vpbridge/modules. Never a build tree for installed or
 * moved code. Borrowed; valid until the environment changes. */
VP_API const char *vp_registry_builtin_dir(void);
/* The installed-tree rule alone: <dirname(exe)>/../lib/vpbridge/modules if
 * it is a directory, else NULL. Caller frees with free(). */
VP_API char *vp_registry_exe_module_dir(const char *exe);

/* Reads one manifest. Errors ("file:line:col: message"): malformed YAML,
 * unknown keys, wrong types, missing required keys, bad `opts`, a type or
 * machine already provided by an earlier module (naming both places) unless
 * the later entry says `override: true` (then the later one wins), a
 * duplicate module name (same rule). On error the registry is unchanged. */
VP_API int vp_registry_add_file(vp_registry *reg, const char *path, vp_error **errp);
/* Reads every *.modinfo.yaml in `dir` (sorted by name). A missing dir is VP_ENOENT. */
VP_API int vp_registry_add_dir(vp_registry *reg, const char *dir, vp_error **errp);
/* The usual setup: built-in dir (skipped silently when absent), then each
 * directory of $VPBRIDGE_MODULE_PATH (colon-separated; a missing one is
 * VP_ENOENT naming the variable), then the NULL-terminated `dirs` and
 * `files` (either may be NULL). */
VP_API int vp_registry_add_defaults(vp_registry *reg, const char *const *dirs, const char *const *files,
                                    vp_error **errp);

/* Manifest lookups, no loading. */
VP_API size_t vp_registry_module_count(const vp_registry *reg);
VP_API const vp_module_info *vp_registry_module_at(const vp_registry *reg, size_t index); /* sorted by name */
VP_API const vp_module_info *vp_registry_find_module(const vp_registry *reg, const char *name);
/* Module whose manifest lists `type` in objs (the overriding one), or NULL. */
VP_API const vp_module_info *vp_registry_type_module(const vp_registry *reg, const char *type);
/* Options the manifest declares for `type` (`opts:`), host-owned, no
 * loading; NULL with *count 0 when the manifest declares none. */
VP_API const vp_opt_decl *vp_registry_manifest_opts(const vp_registry *reg, const char *type, uint32_t *count);

/* Resolves a device type: loads its module (deps first) if needed, and
 * returns the type as registered (host-owned copy, valid until destroy).
 * `arch` ("riscv32"/"riscv64", or NULL = no check) is checked against the
 * module's arch list and its deps'. Errors name the module, its manifest
 * file:line and the reason (missing file/symbol, bad magic, ABI versions,
 * name mismatch, dependency cycle or missing dep, arch, registration). */
VP_API const vp_device_type *vp_registry_resolve(vp_registry *reg, const char *type, const char *arch,
                                                 vp_error **errp);
/* Loads one module by name (deps first). Before dlopen, the library's
 * `.vp_modinfo` ELF section (if present) must carry the host's exact
 * VP_VERMAGIC, the manifest's module name and a compatible abi. */
VP_API int vp_registry_load_module(vp_registry *reg, const char *name, const char *arch, vp_error **errp);

/* Resolves a machine (a `side: machine` module lists it in objs): loads the
 * module and returns the registered vp_machine_type (host-owned copy;
 * fields past the module's size read as NULL). *mod (if non-NULL) gets the
 * module's manifest info: a `yaml` path is relative to the directory of
 * mod->manifest (see vp_registry_machine_yaml). */
VP_API const vp_machine_type *vp_registry_find_machine(vp_registry *reg, const char *name,
                                                       const vp_module_info **mod, vp_error **errp);
/* Absolute path of a machine's `yaml` file (relative paths resolved against
 * its manifest's directory), or NULL if it has none. Caller frees with free(). */
VP_API char *vp_registry_machine_yaml(const vp_machine_type *m, const vp_module_info *mod);
/* Resolves a SystemC-side type (`side: systemc`): loads the module and
 * returns the type it passed to register_sc_device (opaque in C; the C++
 * struct is vp::sc::sc_device_type, see vp_sc_module.h; it starts with
 * `uint32_t size, abi; const char *name; const char *description;`). */
VP_API const vp_sc_type *vp_registry_resolve_sc(vp_registry *reg, const char *name, vp_error **errp);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_REGISTRY_H */
