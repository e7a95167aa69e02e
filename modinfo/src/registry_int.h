/* SPDX-License-Identifier: Apache-2.0 */
/* registry_int.h - internal structures of the module registry shared by the
 * manifest reader (manifest.c) and the loader (registry.c).
 */
#ifndef VPBRIDGE_REGISTRY_INT_H
#define VPBRIDGE_REGISTRY_INT_H

#include <glib.h>
#include <vpbridge/vp_registry.h>

typedef enum vp__mod_state { MOD_UNLOADED = 0, MOD_LOADING = 1, MOD_LOADED = 2 } vp__mod_state;

/* A registered device type: host-owned, full-size copies of the module's
 * structs (fields beyond the module's `size` are zero). */
typedef struct vp__regtype {
    vp_device_type type;
    vp_opt_decl *opts;
    vp_port_decl *ports;
    struct vp__module *mod;
} vp__regtype;

/* A registered machine: host-owned full-size copy. */
typedef struct vp__regmachine {
    vp_machine_type type;
    struct vp__module *mod;
} vp__regmachine;

/* A registered SystemC-side type: the module's pointer (it starts with
 * `uint32_t size, abi; const char *name; const char *description;`). */
typedef struct vp__regsc {
    const vp_sc_type *type;
    const char *name, *description;
    struct vp__module *mod;
} vp__regsc;

/* Options a manifest declares for one type (`opts: {type: [...]}`). */
typedef struct vp__mopts {
    char *type;
    vp_opt_decl *decls;      /* count entries; strings owned by `strs` */
    uint32_t count;
    unsigned line, col;      /* position of the type key */
    unsigned *opt_line, *opt_col; /* position of each option entry */
    GPtrArray *strs;
} vp__mopts;

typedef struct vp__module {
    vp_module_info info;   /* public view; strings below */
    char *name, *library, *abi, *version, *license, *description, *manifest;
    char **arch, **objs, **deps; /* NULL-terminated, owned */
    unsigned *obj_line, *obj_col; /* position of each objs entry */
    GPtrArray *mopts;      /* vp__mopts*, owned */
    /* runtime */
    vp__mod_state state;
    void *handle;          /* dlopen handle */
    GPtrArray *types;      /* vp__regtype*, registered by init */
    GPtrArray *machines;   /* vp__regmachine* */
    GPtrArray *scs;        /* vp__regsc* */
} vp__module;

struct vp_registry {
    GPtrArray *modules;    /* vp__module*, sorted by name */
    GHashTable *by_name;   /* name -> vp__module* */
    GHashTable *by_type;   /* manifest objs name -> vp__module* */
    GHashTable *types;     /* registered type name -> vp__regtype* */
    GHashTable *machines;  /* registered machine name -> vp__regmachine* */
    GHashTable *scs;       /* registered SystemC type name -> vp__regsc* */
    GHashTable *manifests; /* canonical paths of the manifests read (owned keys) */
};

#define VP__MOD_FMT "module '%s' (%s:%u:%u)"
#define VP__MOD_ARGS(m) (m)->name, (m)->manifest, (m)->info.line, (m)->info.col

/* Manifest opts declared for `type` by module m, or NULL. */
const vp__mopts *vp__module_mopts(const vp__module *m, const char *type);
/* Checks option text against a declaration: 0, VP_EINVAL or VP_ERANGE (opts.c). */
int vp__opt_check(const vp_opt_decl *d, const char *text);
const char *vp__opt_type_name(vp_opt_type t);
/* Loads module m (deps first) - loader.c. */
int vp__module_load(vp_registry *r, vp__module *m, const char *arch, vp_error **errp);
void vp__module_unload(vp__module *m);
void vp__mopts_free(vp__mopts *o);
void vp__regtype_free(vp__regtype *t);

/* Parses a manifest into new modules (GPtrArray of vp__module*, owning). */
int vp__manifest_read(const char *path, GPtrArray **out, vp_error **errp);
void vp__module_free(vp__module *m);

/* Reads the `.vp_modinfo` section of an ELF64 file into a key -> value
 * table (*out NULL if the file has no such section). Errors: unreadable
 * file, not ELF64 LE, malformed section headers. */
int vp__elf_modinfo(const char *path, GHashTable **out, vp_error **errp);

/* The built-in module directory for code living in file `obj` (registry.c):
 * <dir of obj>/vpbridge/modules (a library in <prefix>/lib), else
 * <dir of obj>/../lib/vpbridge/modules (an executable in <prefix>/bin), else
 * `build_modules` if obj lies under `build_dir` (code run from its build
 * tree). Only existing directories; NULL if none. Caller free()s. */
char *vp__registry_module_dir_for(const char *obj, const char *build_dir, const char *build_modules);

/* Host API state stream ops (state.c). */
int vp__state_write(vp_state_stream *s, const void *data, size_t size);
int vp__state_read(vp_state_stream *s, void *data, size_t size);

#endif /* VPBRIDGE_REGISTRY_INT_H */
