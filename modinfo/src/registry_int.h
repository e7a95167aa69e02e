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

typedef struct vp__module {
    vp_module_info info;   /* public view; strings below */
    char *name, *library, *abi, *version, *license, *description, *manifest;
    char **arch, **objs, **deps; /* NULL-terminated, owned */
    unsigned *obj_line, *obj_col; /* position of each objs entry */
    /* runtime */
    vp__mod_state state;
    void *handle;          /* dlopen handle */
    GPtrArray *types;      /* vp__regtype*, registered by init */
} vp__module;

struct vp_registry {
    GPtrArray *modules;    /* vp__module*, sorted by name */
    GHashTable *by_name;   /* name -> vp__module* */
    GHashTable *by_type;   /* manifest objs name -> vp__module* */
    GHashTable *types;     /* registered type name -> vp__regtype* */
};

/* Parses a manifest into new modules (GPtrArray of vp__module*, owning). */
int vp__manifest_read(const char *path, GPtrArray **out, vp_error **errp);
void vp__module_free(vp__module *m);

#endif /* VPBRIDGE_REGISTRY_INT_H */
