/* SPDX-License-Identifier: Apache-2.0 */
/* registry.c - module registry: manifests in, lazy module loading with
 * dependency order and descriptor/ABI checks, type registration.
 */
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "registry_int.h"

/* The build tree and its module directory (CMake's VP_BUILD_DIR and
 * VP_MODULE_DIR). Used only by code that runs from inside that build tree;
 * an installed or moved copy never looks there. */
#ifndef VP_MODULE_DIR
#define VP_MODULE_DIR "modules"
#endif
#ifndef VP_BUILD_DIR
#define VP_BUILD_DIR ""
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

/* The file holding this code, resolved: the shared library it is part of
 * (libvpbridge-c.so), or the executable it is linked into statically (the
 * `vpbridge` command, tests). NULL if unknown. g_free(). */
static char *own_object_path(void)
{
    Dl_info info;
    struct link_map *lm = NULL;
    if (dladdr1((void *)vp_registry_builtin_dir, &info, (void **)&lm, RTLD_DL_LINKMAP) && lm && lm->l_name &&
        lm->l_name[0]) {
        char *real = realpath(lm->l_name, NULL);
        char *res = g_strdup(real ? real : lm->l_name);
        free(real);
        return res;
    }
    return g_file_read_link("/proc/self/exe", NULL); /* the main program */
}

/* True if `path` lies inside directory `dir` (both absolute). */
static bool path_is_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return n && strncmp(path, dir, n) == 0 && (path[n] == '/' || dir[n - 1] == '/');
}

/* The module directory that belongs with the code at `obj`: a library in
 * <prefix>/lib gives <prefix>/lib/vpbridge/modules, an executable in
 * <prefix>/bin gives <prefix>/bin/../lib/vpbridge/modules; code that runs
 * from the build tree it was built in uses that tree's module directory.
 * NULL if none exists. */
char *vp__registry_module_dir_for(const char *obj, const char *build_dir, const char *build_modules)
{
    if (!obj || !*obj)
        return NULL;
    char *dir = g_path_get_dirname(obj);
    char *lib = g_build_filename(dir, "vpbridge", "modules", NULL);
    char *res = NULL;
    if (g_file_test(lib, G_FILE_TEST_IS_DIR))
        res = strdup(lib);
    if (!res)
        res = vp_registry_exe_module_dir(obj);
    if (!res && build_dir && path_is_under(obj, build_dir) && g_file_test(build_modules, G_FILE_TEST_IS_DIR))
        res = strdup(build_modules);
    g_free(lib);
    g_free(dir);
    return res;
}

const char *vp_registry_builtin_dir(void)
{
    static char *own_dir; /* computed once: the code does not move */
    static bool own_done;
    const char *env = getenv("VPBRIDGE_MODULE_DIR");
    if (env && *env)
        return env;
    if (!own_done) {
        char *obj = own_object_path();
        own_dir = vp__registry_module_dir_for(obj, VP_BUILD_DIR, VP_MODULE_DIR);
        if (!own_dir && obj) { /* none: name where an installed tree has it */
            char *dir = g_path_get_dirname(obj);
            char *lib = g_build_filename(dir, "vpbridge", "modules", NULL);
            own_dir = strdup(lib);
            g_free(lib);
            g_free(dir);
        }
        g_free(obj);
        own_done = true;
    }
    return own_dir ? own_dir : "lib/vpbridge/modules";
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

/* g_ptr_array_sort hands the comparison pointers to the elements. */
static gint cmp_path(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(*(const char *const *)a, *(const char *const *)b);
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
    g_ptr_array_sort(names, cmp_path); /* name order: the same every run */
    int rc = 0;
    for (guint i = 0; !rc && i < names->len; i++)
        rc = vp_registry_add_file(r, g_ptr_array_index(names, i), errp);
    g_ptr_array_unref(names);
    return rc;
}

/* $VPBRIDGE_MODULE_PATH: colon-separated directories read after the
 * built-in one (empty entries skipped). A missing one is an error naming
 * the variable. */
static int add_env_path(vp_registry *r, vp_error **errp)
{
    const char *env = getenv("VPBRIDGE_MODULE_PATH");
    if (!env || !*env)
        return 0;
    char **dirs = g_strsplit(env, ":", -1);
    int rc = 0;
    for (size_t i = 0; !rc && dirs[i]; i++) {
        if (!dirs[i][0])
            continue;
        if (!g_file_test(dirs[i], G_FILE_TEST_IS_DIR)) {
            vp_error_set(errp, VP_ENOENT, "VPBRIDGE_MODULE_PATH: module directory %s: no such directory", dirs[i]);
            rc = VP_ENOENT;
        } else {
            rc = vp_registry_add_dir(r, dirs[i], errp);
        }
    }
    g_strfreev(dirs);
    return rc;
}

int vp_registry_add_defaults(vp_registry *r, const char *const *dirs, const char *const *files, vp_error **errp)
{
    int rc = 0;
    const char *builtin = vp_registry_builtin_dir();
    if (g_file_test(builtin, G_FILE_TEST_IS_DIR))
        rc = vp_registry_add_dir(r, builtin, errp);
    if (!rc)
        rc = add_env_path(r, errp);
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

