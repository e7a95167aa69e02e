/* SPDX-License-Identifier: Apache-2.0 */
/* vp_registry.h - the module registry: reads modinfo manifests
 * (*.modinfo.yaml), maps device types to modules, loads modules lazily
 * (dependencies first) and checks their descriptors; typed option sets and
 * the host API table handed to device instances.
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_REGISTRY_H
#define VPBRIDGE_VP_REGISTRY_H

#include <stdio.h>
#include <vpbridge/vp_module.h>

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
} vp_module_info;

/* Creates an empty registry. */
VP_API vp_registry *vp_registry_create(void);
VP_API void vp_registry_destroy(vp_registry *reg); /* accepts NULL; unloads modules */

/* The built-in module directory: $VPBRIDGE_MODULE_DIR if set, else the
 * build's VP_MODULE_DIR. Borrowed, static. */
VP_API const char *vp_registry_builtin_dir(void);

/* Reads one manifest. Errors ("file:line:col: message"): malformed YAML,
 * unknown keys, wrong types, missing required keys, a type already
 * provided by another manifest (naming both places), a duplicate module
 * name. On error the registry is unchanged. */
VP_API int vp_registry_add_file(vp_registry *reg, const char *path, vp_error **errp);
/* Reads every *.modinfo.yaml in `dir` (sorted by name). A missing dir is VP_ENOENT. */
VP_API int vp_registry_add_dir(vp_registry *reg, const char *dir, vp_error **errp);
/* The usual setup: built-in dir (skipped silently when absent), then the
 * NULL-terminated `dirs` and `files` (either may be NULL). */
VP_API int vp_registry_add_defaults(vp_registry *reg, const char *const *dirs, const char *const *files,
                                    vp_error **errp);

/* Manifest lookups, no loading. */
VP_API size_t vp_registry_module_count(const vp_registry *reg);
VP_API const vp_module_info *vp_registry_module_at(const vp_registry *reg, size_t index); /* sorted by name */
VP_API const vp_module_info *vp_registry_find_module(const vp_registry *reg, const char *name);
/* Module whose manifest lists `type` in objs, or NULL. */
VP_API const vp_module_info *vp_registry_type_module(const vp_registry *reg, const char *type);

/* Resolves a device type: loads its module (deps first) if needed, and
 * returns the type as registered (host-owned copy, valid until destroy).
 * `arch` ("riscv32"/"riscv64", or NULL = no check) is checked against the
 * module's arch list and its deps'. Errors name the module, its manifest
 * file:line and the reason (missing file/symbol, bad magic, ABI versions,
 * name mismatch, dependency cycle or missing dep, arch, registration). */
VP_API const vp_device_type *vp_registry_resolve(vp_registry *reg, const char *type, const char *arch,
                                                 vp_error **errp);
/* Loads one module by name (deps first). */
VP_API int vp_registry_load_module(vp_registry *reg, const char *name, const char *arch, vp_error **errp);

/* `vpbridge modules`: one line per module (name, side, arch, version, file). */
VP_API void vp_registry_print_modules(const vp_registry *reg, FILE *out);
/* `vpbridge devices`: loads every emulator-side module and lists each
 * device type with its description. Modules that fail to load are listed
 * with the reason; returns the first error code (0 if all loaded). */
VP_API int vp_registry_print_devices(vp_registry *reg, FILE *out);
/* `vpbridge device TYPE --help`: description, options, ports. */
VP_API int vp_registry_print_device(vp_registry *reg, const char *type, FILE *out, vp_error **errp);

/* ---- Typed option values ---------------------------------------------- */
typedef struct vp_opt_set vp_opt_set;

/* An empty value set for `type`'s declared options. */
VP_API vp_opt_set *vp_opt_set_create(const vp_device_type *type);
VP_API void vp_opt_set_destroy(vp_opt_set *set); /* accepts NULL */
/* Sets option `name` from text, validated against its declaration:
 * unknown option -> VP_ENOENT ("device type 'x' has no option 'y' (options: ...)"),
 * bad format -> VP_EINVAL, out of [min, max] -> VP_ERANGE. Messages carry no
 * position: callers prefix their file:line:col. */
VP_API int vp_opt_set_parse(vp_opt_set *set, const char *name, const char *text, vp_error **errp);
/* Applies defaults; a required option (def NULL) without a value is VP_ENOENT. */
VP_API int vp_opt_set_finish(vp_opt_set *set, vp_error **errp);
/* Value lookups; unknown names or wrong kind return 0 / false / NULL. */
VP_API int64_t vp_opt_set_int(const vp_opt_set *set, const char *name);
VP_API uint64_t vp_opt_set_uint(const vp_opt_set *set, const char *name);
VP_API bool vp_opt_set_bool(const vp_opt_set *set, const char *name);
VP_API const char *vp_opt_set_str(const vp_opt_set *set, const char *name);
/* Text form of a value as it was set or defaulted (NULL if none). */
VP_API const char *vp_opt_set_text(const vp_opt_set *set, const char *name);

/* ---- Host side of a device instance ----------------------------------- */
/* The vp_device_ctx.host of instances created with vp_registry_host_api():
 * the API's opt_* getters read `opts`, request_exit calls `request_exit`. */
typedef struct vp_device_host {
    const vp_opt_set *opts;
    void (*request_exit)(void *opaque, int status);
    void *opaque;
    /* While true (the host sets it around create), error-level messages of
     * the device are kept in last_error (g_free'd by the host) instead of
     * printed, so the host can report one line that includes them. */
    bool capture_errors;
    char *last_error;
} vp_device_host;

/* The host API table (static, valid forever). Logging goes through vp_log
 * with the instance name as prefix. */
VP_API const vp_host_api *vp_registry_host_api(void);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_REGISTRY_H */
