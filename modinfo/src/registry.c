/* SPDX-License-Identifier: Apache-2.0 */
/* registry.c - module registry: manifests in, lazy module loading with
 * dependency order and descriptor/ABI checks, type registration.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "registry_int.h"

#ifndef VP_MODULE_DIR
#define VP_MODULE_DIR "modules"
#endif


char *vp_registry_exe_module_dir(const char *exe)
{
    if (!exe || !*exe)
        return NULL;
    char *bin = g_path_get_dirname(exe);
    char *dir = g_build_filename(bin, "..", "lib", "vpbridge", "modules", NULL);
    char *canon = g_canonicalize_filename(dir, NULL);
    char *res = g_file_test(canon, G_FILE_TEST_IS_DIR) ? strdup(canon) : NULL;
    g_free(bin);
    g_free(dir);
    g_free(canon);
    return res;
}

const char *vp_registry_builtin_dir(void)
{
    static char *exe_dir; /* computed once: the executable does not move */
    static bool exe_done;
    const char *env = getenv("VPBRIDGE_MODULE_DIR");
    if (env && *env)
        return env;
    if (!exe_done) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        exe_dir = vp_registry_exe_module_dir(exe);
        g_free(exe);
        exe_done = true;
    }
    return exe_dir ? exe_dir : VP_MODULE_DIR;
}


vp_registry *vp_registry_create(void)
{
    vp_registry *r = g_new0(vp_registry, 1);
    r->modules = g_ptr_array_new();
    r->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    r->by_type = g_hash_table_new(g_str_hash, g_str_equal);
    r->types = g_hash_table_new(g_str_hash, g_str_equal);
    r->machines = g_hash_table_new(g_str_hash, g_str_equal);
    r->scs = g_hash_table_new(g_str_hash, g_str_equal);
    r->manifests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return r;
}

void vp_registry_destroy(vp_registry *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->types);
    g_hash_table_destroy(r->machines);
    g_hash_table_destroy(r->scs);
    g_hash_table_destroy(r->manifests);
    /* Unload in reverse order of names is arbitrary; dependents first would
     * be nicer but no module calls into another at unload. */
    for (guint i = 0; i < r->modules->len; i++) {
        vp__module *m = g_ptr_array_index(r->modules, i);
        vp__module_unload(m);
        vp__module_free(m);
    }
    g_ptr_array_unref(r->modules);
    g_hash_table_destroy(r->by_name);
    g_hash_table_destroy(r->by_type);
    g_free(r);
}

static gint cmp_module(gconstpointer a, gconstpointer b)
{
    const vp__module *x = *(vp__module *const *)a, *y = *(vp__module *const *)b;
    int c = strcmp(x->name, y->name);
    /* same name (an override): the overridden one first */
    return c ? c : (int)(y->info.overridden_by == NULL) - (int)(x->info.overridden_by == NULL);
}

static size_t obj_index(const vp__module *o, const char *t)
{
    size_t k = 0;
    while (o->objs[k] && strcmp(o->objs[k], t) != 0)
        k++;
    return k;
}

/* Checks new modules against the registry before anything is committed:
 * a module name or type provided earlier is an error unless the later
 * entry says `override: true`. */
static int check_new(vp_registry *r, GPtrArray *mods, vp_error **errp)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal); /* type -> module, in this file */
    int rc = 0;
    for (guint i = 0; !rc && i < mods->len; i++) {
        vp__module *m = g_ptr_array_index(mods, i);
        vp__module *o = g_hash_table_lookup(r->by_name, m->name);
        if (o && !m->info.overrides) {
            vp_error_set(errp, VP_EEXIST,
                         "%s:%u:%u: module '%s' is already defined at %s:%u:%u (add 'override: true' to replace it)",
                         m->manifest, m->info.line, m->info.col, m->name, o->manifest, o->info.line, o->info.col);
            rc = VP_EEXIST;
        }
        for (size_t k = 0; !rc && m->objs[k]; k++) {
            const char *t = m->objs[k];
            o = g_hash_table_lookup(seen, t);
            if (!o)
                o = g_hash_table_lookup(r->by_type, t);
            if (o && !m->info.overrides) {
                size_t ok = obj_index(o, t);
                vp_error_set(errp, VP_EEXIST,
                             "%s:%u:%u: type '%s' of module '%s' is already provided by module '%s' at %s:%u:%u "
                             "(add 'override: true' to replace it)",
                             m->manifest, m->obj_line[k], m->obj_col[k], t, m->name, o->name, o->manifest,
                             o->obj_line[ok], o->obj_col[ok]);
                rc = VP_EEXIST;
            }
            g_hash_table_insert(seen, (gpointer)t, m);
        }
    }
    g_hash_table_destroy(seen);
    return rc;
}

/* Adds checked modules; later ones take over names and types (overrides). */
static void commit_new(vp_registry *r, GPtrArray *mods)
{
    for (guint i = 0; i < mods->len; i++) {
        vp__module *m = g_ptr_array_index(mods, i);
        m->types = g_ptr_array_new_with_free_func((GDestroyNotify)vp__regtype_free);
        m->machines = g_ptr_array_new_with_free_func(g_free);
        m->scs = g_ptr_array_new_with_free_func(g_free);
        vp__module *o = g_hash_table_lookup(r->by_name, m->name);
        if (o)
            o->info.overridden_by = m->name;
        g_ptr_array_add(r->modules, m);
        g_hash_table_insert(r->by_name, m->name, m);
        for (size_t k = 0; m->objs[k]; k++) {
            o = g_hash_table_lookup(r->by_type, m->objs[k]);
            if (o && o != m)
                o->info.overridden_by = m->name;
            g_hash_table_insert(r->by_type, m->objs[k], m);
        }
    }
    g_ptr_array_sort(r->modules, cmp_module);
}

int vp_registry_add_file(vp_registry *r, const char *path, vp_error **errp)
{
    GPtrArray *mods;
    /* Libraries and machine YAMLs resolve against the manifest's directory:
     * keep it absolute, so a relative path means the same later. */
    char *abs = g_canonicalize_filename(path, NULL);
    /* The same manifest reached twice (a --module-path naming the built-in
     * dir, a file also found by a dir scan) is read once. */
    if (g_hash_table_contains(r->manifests, abs)) {
        g_free(abs);
        return 0;
    }
    int rc = vp__manifest_read(abs, &mods, errp);
    if (rc) {
        g_free(abs);
        return rc;
    }
    rc = check_new(r, mods, errp);
    if (!rc) {
        commit_new(r, mods);
        g_ptr_array_set_free_func(mods, NULL);
        g_hash_table_add(r->manifests, abs); /* takes ownership */
        abs = NULL;
    }
    g_free(abs);
    g_ptr_array_unref(mods);
    return rc;
}

int vp_registry_add_dir(vp_registry *r, const char *dir, vp_error **errp)
{
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        vp_error_set(errp, VP_ENOENT, "module directory %s: %s", dir, gerr->message);
        g_error_free(gerr);
        return VP_ENOENT;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *e;
    while ((e = g_dir_read_name(d)))
        if (g_str_has_suffix(e, ".modinfo.yaml"))
            g_ptr_array_add(names, g_build_filename(dir, e, NULL));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_ascii_strcasecmp);
    int rc = 0;
    for (guint i = 0; !rc && i < names->len; i++)
        rc = vp_registry_add_file(r, g_ptr_array_index(names, i), errp);
    g_ptr_array_unref(names);
    return rc;
}

int vp_registry_add_defaults(vp_registry *r, const char *const *dirs, const char *const *files, vp_error **errp)
{
    int rc = 0;
    const char *builtin = vp_registry_builtin_dir();
    if (g_file_test(builtin, G_FILE_TEST_IS_DIR))
        rc = vp_registry_add_dir(r, builtin, errp);
    for (size_t i = 0; !rc && dirs && dirs[i]; i++)
        rc = vp_registry_add_dir(r, dirs[i], errp);
    for (size_t i = 0; !rc && files && files[i]; i++)
        rc = vp_registry_add_file(r, files[i], errp);
    return rc;
}

size_t vp_registry_module_count(const vp_registry *r) { return r->modules->len; }

const vp_module_info *vp_registry_module_at(const vp_registry *r, size_t index)
{
    if (index >= r->modules->len)
        return NULL;
    return &((vp__module *)g_ptr_array_index(r->modules, index))->info;
}

const vp_module_info *vp_registry_find_module(const vp_registry *r, const char *name)
{
    vp__module *m = g_hash_table_lookup(r->by_name, name);
    return m ? &m->info : NULL;
}

const vp_module_info *vp_registry_type_module(const vp_registry *r, const char *type)
{
    vp__module *m = g_hash_table_lookup(r->by_type, type);
    return m ? &m->info : NULL;
}

const vp_opt_decl *vp_registry_manifest_opts(const vp_registry *r, const char *type, uint32_t *count)
{
    vp__module *m = g_hash_table_lookup(r->by_type, type);
    const vp__mopts *o = m ? vp__module_mopts(m, type) : NULL;
    *count = o ? o->count : 0;
    return o ? o->decls : NULL;
}

