/* SPDX-License-Identifier: Apache-2.0 */
/* vp_registry.h - the module registry: reads modinfo manifests
 * (*.modinfo.yaml), maps device types, SystemC types and machines to
 * modules, loads modules lazily (dependencies first) and checks them
 * (.vp_modinfo section, descriptor, manifest options); typed option sets,
 * the host API table handed to device instances, and device state streams.
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

/* ---- Device state streams (ABI 1.1 save/restore) ----------------------- */
/* An empty stream for saving. */
VP_API vp_state_stream *vp_state_stream_create(void);
/* A stream for restoring, over a copy of `size` bytes at `data`. */
VP_API vp_state_stream *vp_state_stream_create_from(const void *data, size_t size);
VP_API void vp_state_stream_destroy(vp_state_stream *s); /* accepts NULL */
/* The bytes written so far (borrowed until the next write or destroy). */
VP_API void vp_state_stream_data(const vp_state_stream *s, const void **data, size_t *size);
/* Moves the read position back to the start. */
VP_API void vp_state_stream_rewind(vp_state_stream *s);
/* Bytes not yet read. */
VP_API size_t vp_state_stream_remaining(const vp_state_stream *s);

/* Saves a device instance: a header (type name, state_version, length)
 * then what t->save writes. A type without save/restore is VP_EUNSUPP. */
VP_API int vp_device_save(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp);
/* Restores from the stream's read position: the header must name the same
 * type and state_version (else VP_EINVAL), and t->restore must consume
 * exactly the saved length (else VP_EIO; it can never read past it). */
VP_API int vp_device_restore(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_REGISTRY_H */
