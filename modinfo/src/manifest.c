/* SPDX-License-Identifier: Apache-2.0 */
/* manifest.c - reads *.modinfo.yaml manifests: one or many module entries,
 * strictly checked (unknown keys, types, required keys) with file:line:col.
 */
#include <string.h>

#include "registry_int.h"
#include "ytree_int.h"

static const char *const top_keys[] = {"modules", NULL};
static const char *const mod_keys[] = {"name",    "library", "side",    "arch",        "objs", "deps",
                                       "abi",     "version", "license", "description", NULL};
static const char *const known_arch[] = {"riscv32", "riscv64", NULL};
static const char *const side_names[] = {"emulator", "systemc", "machine", NULL};

void vp__module_free(vp__module *m)
{
    if (!m)
        return;
    g_free(m->name);
    g_free(m->library);
    g_free(m->abi);
    g_free(m->version);
    g_free(m->license);
    g_free(m->description);
    g_free(m->manifest);
    g_strfreev(m->arch);
    g_strfreev(m->objs);
    g_strfreev(m->deps);
    g_free(m->obj_line);
    g_free(m->obj_col);
    if (m->types)
        g_ptr_array_unref(m->types);
    g_free(m);
}

static int opt_str(const vp__ydoc *doc, const vp__ynode *map, const char *key, char **out, vp_error **errp)
{
    const vp__ynode *n = vp__ymap_get(map, key);
    const char *s = "";
    if (n) {
        int rc = vp__ystr(doc, n, key, &s, errp);
        if (rc)
            return rc;
    }
    *out = g_strdup(s);
    return 0;
}

static int need_str(const vp__ydoc *doc, const vp__ynode *map, const char *key, char **out, vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    int rc = vp__ymap_need(doc, map, "module", key, &n, errp);
    if (!rc)
        rc = vp__ystr(doc, n, key, &s, errp);
    if (!rc && !*s)
        rc = vp__yerr(doc, n, errp, VP_EPARSE, "'%s' must not be empty", key);
    if (!rc)
        *out = g_strdup(s);
    return rc;
}

/* Reads a list key; `need` makes it required; `allowed` restricts values. */
static int read_list(const vp__ydoc *doc, const vp__ynode *map, const char *key, bool need,
                     const char *const *allowed, char ***out, vp_error **errp)
{
    const vp__ynode *n = vp__ymap_get(map, key);
    if (!n) {
        if (need)
            return vp__yerr(doc, map, errp, VP_EPARSE, "module: missing required key '%s'", key);
        *out = g_new0(char *, 1);
        return 0;
    }
    const char **v;
    size_t count;
    int rc = vp__ystrlist(doc, n, key, &v, &count, errp);
    if (rc)
        return rc;
    for (size_t i = 0; i < count && allowed; i++) {
        if (!g_strv_contains(allowed, v[i])) {
            rc = vp__yerr(doc, n->items[i], errp, VP_EPARSE, "unknown %s '%s' (expected riscv32 or riscv64)", key,
                          v[i]);
            g_free(v);
            return rc;
        }
    }
    *out = g_strdupv((char **)v);
    g_free(v);
    return 0;
}

static int check_abi(const vp__ydoc *doc, const vp__ynode *map, char *abi, vp_error **errp)
{
    unsigned maj, min;
    char tail;
    if (sscanf(abi, "%u.%u%c", &maj, &min, &tail) != 2)
        return vp__yerr(doc, vp__ymap_get(map, "abi"), errp, VP_EPARSE,
                        "abi '%s' is not MAJOR.MINOR (e.g. \"1.0\")", abi);
    return 0;
}

static char *library_path(const char *manifest, const char *lib)
{
    if (g_path_is_absolute(lib))
        return g_strdup(lib);
    char *dir = g_path_get_dirname(manifest);
    char *abs = g_canonicalize_filename(lib, dir);
    g_free(dir);
    return abs;
}

static int read_module(const vp__ydoc *doc, const vp__ynode *n, vp__module *m, vp_error **errp)
{
    int rc = vp__ymap_check(doc, n, "module", mod_keys, errp);
    char *side = NULL, *lib = NULL;
    m->info.line = n->line;
    m->info.col = n->col;
    if (!rc)
        rc = need_str(doc, n, "name", &m->name, errp);
    if (!rc)
        rc = need_str(doc, n, "library", &lib, errp);
    if (!rc)
        rc = need_str(doc, n, "side", &side, errp);
    if (!rc && !g_strv_contains(side_names, side))
        rc = vp__yerr(doc, vp__ymap_get(n, "side"), errp, VP_EPARSE,
                      "side '%s' is not one of emulator, systemc, machine", side);
    if (!rc)
        rc = need_str(doc, n, "abi", &m->abi, errp);
    if (!rc)
        rc = check_abi(doc, n, m->abi, errp);
    if (!rc)
        rc = read_list(doc, n, "arch", false, known_arch, &m->arch, errp);
    if (!rc)
        rc = read_list(doc, n, "objs", true, NULL, &m->objs, errp);
    if (!rc)
        rc = read_list(doc, n, "deps", false, NULL, &m->deps, errp);
    if (!rc)
        rc = opt_str(doc, n, "version", &m->version, errp);
    if (!rc)
        rc = opt_str(doc, n, "license", &m->license, errp);
    if (!rc)
        rc = opt_str(doc, n, "description", &m->description, errp);
    if (!rc) {
        m->library = library_path(doc->file, lib);
        for (int i = 0; side_names[i]; i++)
            if (strcmp(side, side_names[i]) == 0)
                m->info.side = (vp_module_side)i;
        m->info.side_name = side_names[m->info.side];
        const vp__ynode *objs = vp__ymap_get(n, "objs");
        size_t count = g_strv_length(m->objs);
        m->obj_line = g_new0(unsigned, count + 1);
        m->obj_col = g_new0(unsigned, count + 1);
        for (size_t i = 0; i < count; i++) {
            m->obj_line[i] = objs->items[i]->line;
            m->obj_col[i] = objs->items[i]->col;
        }
    }
    g_free(side);
    g_free(lib);
    return rc;
}

static void module_publish(vp__module *m)
{
    vp_module_info *i = &m->info;
    i->name = m->name;
    i->library = m->library;
    i->arch = (const char *const *)m->arch;
    i->objs = (const char *const *)m->objs;
    i->deps = (const char *const *)m->deps;
    i->abi = m->abi;
    i->version = m->version;
    i->license = m->license;
    i->description = m->description;
    i->manifest = m->manifest;
}

int vp__manifest_read(const char *path, GPtrArray **out, vp_error **errp)
{
    vp__ydoc *doc;
    int rc = vp__ydoc_load(path, &doc, errp);
    if (rc)
        return rc;
    GPtrArray *mods = g_ptr_array_new_with_free_func((GDestroyNotify)vp__module_free);
    const vp__ynode *list = NULL;
    if (!doc->root)
        rc = vp__yerr(doc, NULL, errp, VP_EPARSE, "empty manifest (expected a 'modules:' list)");
    if (!rc)
        rc = vp__ymap_check(doc, doc->root, "manifest", top_keys, errp);
    if (!rc)
        rc = vp__ymap_need(doc, doc->root, "manifest", "modules", &list, errp);
    if (!rc && list->kind != VP_Y_SEQ)
        rc = vp__yerr(doc, list, errp, VP_EPARSE, "'modules' must be a list of module entries");
    for (size_t i = 0; !rc && i < list->count; i++) {
        vp__module *m = g_new0(vp__module, 1);
        m->manifest = g_strdup(path);
        g_ptr_array_add(mods, m);
        rc = read_module(doc, list->items[i], m, errp);
        if (!rc)
            module_publish(m);
        for (size_t j = 0; !rc && j < i; j++) {
            vp__module *o = g_ptr_array_index(mods, j);
            if (strcmp(o->name, m->name) == 0)
                rc = vp__yerr(doc, list->items[i], errp, VP_EEXIST, "module '%s' is already defined at line %u",
                              m->name, o->info.line);
        }
    }
    vp__ydoc_free(doc);
    if (rc) {
        g_ptr_array_unref(mods);
        return rc;
    }
    *out = mods;
    return 0;
}
