/* SPDX-License-Identifier: Apache-2.0 */
/* registry.c - module registry: manifests in, lazy module loading with
 * dependency order and descriptor/ABI checks, type registration.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "registry_int.h"

#ifndef VP_MODULE_DIR
#define VP_MODULE_DIR "modules"
#endif

/* Smallest struct sizes the host accepts (fields up to the named one). */
#define MIN_SIZE(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

const char *vp_registry_builtin_dir(void)
{
    const char *env = getenv("VPBRIDGE_MODULE_DIR");
    return env && *env ? env : VP_MODULE_DIR;
}

static void regtype_free(vp__regtype *t)
{
    g_free(t->opts);
    g_free(t->ports);
    g_free(t);
}

vp_registry *vp_registry_create(void)
{
    vp_registry *r = g_new0(vp_registry, 1);
    r->modules = g_ptr_array_new();
    r->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    r->by_type = g_hash_table_new(g_str_hash, g_str_equal);
    r->types = g_hash_table_new(g_str_hash, g_str_equal);
    return r;
}

static void module_unload(vp__module *m)
{
    if (m->types)
        g_ptr_array_set_size(m->types, 0);
    if (m->handle)
        dlclose(m->handle);
    m->handle = NULL;
    m->state = MOD_UNLOADED;
    m->info.loaded = false;
}

void vp_registry_destroy(vp_registry *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->types);
    /* Unload in reverse order of names is arbitrary; dependents first would
     * be nicer but no module calls into another at unload. */
    for (guint i = 0; i < r->modules->len; i++) {
        vp__module *m = g_ptr_array_index(r->modules, i);
        module_unload(m);
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
    return strcmp(x->name, y->name);
}

/* Checks new modules against the registry before anything is committed. */
static int check_new(vp_registry *r, GPtrArray *mods, vp_error **errp)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal); /* type -> module, in this file */
    int rc = 0;
    for (guint i = 0; !rc && i < mods->len; i++) {
        vp__module *m = g_ptr_array_index(mods, i);
        vp__module *o = g_hash_table_lookup(r->by_name, m->name);
        if (o) {
            vp_error_set(errp, VP_EEXIST, "%s:%u:%u: module '%s' is already defined at %s:%u:%u", m->manifest,
                         m->info.line, m->info.col, m->name, o->manifest, o->info.line, o->info.col);
            rc = VP_EEXIST;
        }
        for (size_t k = 0; !rc && m->objs[k]; k++) {
            const char *t = m->objs[k];
            o = g_hash_table_lookup(r->by_type, t);
            if (!o)
                o = g_hash_table_lookup(seen, t);
            if (o) {
                size_t ok = 0;
                while (o->objs[ok] && strcmp(o->objs[ok], t) != 0)
                    ok++;
                vp_error_set(errp, VP_EEXIST,
                             "%s:%u:%u: type '%s' of module '%s' is already provided by module '%s' at %s:%u:%u",
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

int vp_registry_add_file(vp_registry *r, const char *path, vp_error **errp)
{
    GPtrArray *mods;
    int rc = vp__manifest_read(path, &mods, errp);
    if (rc)
        return rc;
    rc = check_new(r, mods, errp);
    if (!rc) {
        for (guint i = 0; i < mods->len; i++) {
            vp__module *m = g_ptr_array_index(mods, i);
            m->types = g_ptr_array_new_with_free_func((GDestroyNotify)regtype_free);
            g_ptr_array_add(r->modules, m);
            g_hash_table_insert(r->by_name, m->name, m);
            for (size_t k = 0; m->objs[k]; k++)
                g_hash_table_insert(r->by_type, m->objs[k], m);
        }
        g_ptr_array_sort(r->modules, cmp_module);
        g_ptr_array_set_free_func(mods, NULL);
    }
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

/* ---- Loading ------------------------------------------------------------- */

typedef struct load_ctx {
    vp_registrar reg;   /* first: the module sees a vp_registrar* */
    vp_registry *r;
    vp__module *m;
    vp_error *err;      /* first registration error */
} load_ctx;

#define MOD_FMT "module '%s' (%s:%u:%u)"
#define MOD_ARGS(m) (m)->name, (m)->manifest, (m)->info.line, (m)->info.col

/* Copies `count` elements of a module-side array whose element size is
 * the first element's `size` field into host-sized, zero-extended structs. */
static void *copy_array(const void *src, uint32_t count, size_t host_size, size_t min_size, vp_error **errp,
                        const vp__module *m, const char *what)
{
    if (!count || !src)
        return NULL;
    uint32_t stride = *(const uint32_t *)src;
    if (stride < min_size) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s entry size %u is smaller than the minimum %zu", MOD_ARGS(m),
                     what, stride, min_size);
        return NULL;
    }
    uint8_t *dst = g_malloc0_n(count, host_size);
    for (uint32_t i = 0; i < count; i++)
        memcpy(dst + i * host_size, (const uint8_t *)src + (size_t)i * stride, MIN(stride, host_size));
    return dst;
}

static int register_device(vp_registrar *reg, const vp_device_type *type)
{
    load_ctx *lc = (load_ctx *)reg;
    vp__module *m = lc->m;
    vp_error **errp = &lc->err;
    if (!type || type->size < MIN_SIZE(vp_device_type, name) || !type->name) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": registered a device type without a name", MOD_ARGS(m));
        return VP_EINVAL;
    }
    if (!g_strv_contains((const char *const *)m->objs, type->name)) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": registered type '%s', which its manifest does not list in objs",
                     MOD_ARGS(m), type->name);
        return VP_EINVAL;
    }
    if (g_hash_table_contains(lc->r->types, type->name)) {
        vp_error_set(errp, VP_EEXIST, MOD_FMT ": type '%s' registered twice", MOD_ARGS(m), type->name);
        return VP_EEXIST;
    }
    vp__regtype *t = g_new0(vp__regtype, 1);
    memcpy(&t->type, type, MIN(type->size, sizeof(t->type)));
    t->type.size = sizeof(t->type);
    t->mod = m;
    if (!t->type.create || !t->type.destroy) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": type '%s' has no create or destroy op", MOD_ARGS(m), type->name);
        regtype_free(t);
        return VP_EINVAL;
    }
    t->opts = copy_array(t->type.opts, t->type.opt_count, sizeof(vp_opt_decl), MIN_SIZE(vp_opt_decl, type), errp,
                         m, "option");
    t->ports = copy_array(t->type.ports, t->type.port_count, sizeof(vp_port_decl),
                          MIN_SIZE(vp_port_decl, count), errp, m, "port");
    if (lc->err) {
        regtype_free(t);
        return VP_EABI;
    }
    t->type.opts = t->opts;
    t->type.opt_count = t->opts ? t->type.opt_count : 0;
    t->type.ports = t->ports;
    t->type.port_count = t->ports ? t->type.port_count : 0;
    g_ptr_array_add(m->types, t);
    g_hash_table_insert(lc->r->types, (gpointer)t->type.name, t);
    return 0;
}

static int check_desc(vp__module *m, const vp_module_desc *d, vp_error **errp)
{
    if (d->magic != VP_MODULE_MAGIC) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: wrong descriptor magic 0x%08x (expected 0x%08x)", MOD_ARGS(m),
                     m->library, d->magic, VP_MODULE_MAGIC);
        return VP_EABI;
    }
    if (d->size < MIN_SIZE(vp_module_desc, abi_minor)) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: descriptor too small (%u bytes)", MOD_ARGS(m), m->library,
                     d->size);
        return VP_EABI;
    }
    if (d->abi_major != VP_ABI_MAJOR || d->abi_minor > VP_ABI_MINOR) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: built for module ABI %u.%u, host supports %u.%u (%s)",
                     MOD_ARGS(m), m->library, d->abi_major, d->abi_minor, VP_ABI_MAJOR, VP_ABI_MINOR,
                     d->abi_major != VP_ABI_MAJOR ? "major versions differ" : "module needs a newer minor");
        return VP_EABI;
    }
    if (d->size < MIN_SIZE(vp_module_desc, init) || !d->init) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: descriptor has no init function", MOD_ARGS(m), m->library);
        return VP_EABI;
    }
    if (!d->name || strcmp(d->name, m->name) != 0) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": %s: descriptor names module '%s'", MOD_ARGS(m), m->library,
                     d->name ? d->name : "(null)");
        return VP_EINVAL;
    }
    return 0;
}

static int module_open(vp_registry *r, vp__module *m, vp_error **errp)
{
    if (!g_file_test(m->library, G_FILE_TEST_EXISTS)) {
        vp_error_set(errp, VP_ENOENT, MOD_FMT ": library %s: file not found", MOD_ARGS(m), m->library);
        return VP_ENOENT;
    }
    dlerror();
    m->handle = dlopen(m->library, RTLD_NOW | RTLD_LOCAL);
    if (!m->handle) {
        const char *why = dlerror();
        vp_error_set(errp, VP_EIO, MOD_FMT ": cannot load: %s", MOD_ARGS(m), why ? why : m->library);
        return VP_EIO;
    }
    const vp_module_desc *d = dlsym(m->handle, VP_MODULE_SYMBOL);
    if (!d) {
        vp_error_set(errp, VP_ENOENT, MOD_FMT ": %s: missing symbol '%s'", MOD_ARGS(m), m->library,
                     VP_MODULE_SYMBOL);
        return VP_ENOENT;
    }
    int rc = check_desc(m, d, errp);
    if (rc)
        return rc;
    load_ctx lc = {.reg = {sizeof(vp_registrar), VP_ABI, NULL, register_device}, .r = r, .m = m};
    lc.reg.host = &lc;
    rc = d->init(vp_registry_host_api(), &lc.reg);
    if (lc.err) {
        if (errp && !*errp)
            *errp = lc.err;
        else
            vp_error_free(lc.err);
        return rc ? rc : VP_EINVAL;
    }
    if (rc) {
        vp_error_set(errp, rc, MOD_FMT ": init failed: %s", MOD_ARGS(m), vp_strerror(rc));
        return rc;
    }
    for (size_t k = 0; m->objs[k]; k++) {
        if (!g_hash_table_contains(r->types, m->objs[k])) {
            vp_error_set(errp, VP_ENOENT, MOD_FMT ": did not register type '%s' listed in its objs", MOD_ARGS(m),
                         m->objs[k]);
            return VP_ENOENT;
        }
    }
    return 0;
}

static void drop_types(vp_registry *r, vp__module *m)
{
    for (guint i = 0; i < m->types->len; i++) {
        vp__regtype *t = g_ptr_array_index(m->types, i);
        g_hash_table_remove(r->types, t->type.name);
    }
}

static int check_arch(vp__module *m, const char *arch, vp_error **errp)
{
    if (!arch || !m->arch[0] || g_strv_contains((const char *const *)m->arch, arch))
        return 0;
    char *list = g_strjoinv(", ", m->arch);
    vp_error_set(errp, VP_EUNSUPP, MOD_FMT ": supports arch %s, not the platform's %s", MOD_ARGS(m), list, arch);
    g_free(list);
    return VP_EUNSUPP;
}

static int load_rec(vp_registry *r, vp__module *m, const char *arch, GPtrArray *chain, vp_error **errp)
{
    int rc = check_arch(m, arch, errp);
    if (rc || m->state == MOD_LOADED)
        return rc;
    if (m->state == MOD_LOADING) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < chain->len; i++)
            g_string_append_printf(s, "%s -> ", ((vp__module *)g_ptr_array_index(chain, i))->name);
        g_string_append(s, m->name);
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": dependency cycle: %s", MOD_ARGS(m), s->str);
        g_string_free(s, TRUE);
        return VP_EINVAL;
    }
    m->state = MOD_LOADING;
    g_ptr_array_add(chain, m);
    for (size_t i = 0; !rc && m->deps[i]; i++) {
        vp__module *d = g_hash_table_lookup(r->by_name, m->deps[i]);
        if (!d) {
            vp_error_set(errp, VP_ENOENT, MOD_FMT ": dependency '%s' is not in any manifest", MOD_ARGS(m),
                         m->deps[i]);
            rc = VP_ENOENT;
        } else {
            rc = load_rec(r, d, arch, chain, errp);
        }
    }
    g_ptr_array_remove_index(chain, chain->len - 1);
    if (!rc)
        rc = module_open(r, m, errp);
    if (rc) {
        drop_types(r, m);
        module_unload(m);
        return rc;
    }
    m->state = MOD_LOADED;
    m->info.loaded = true;
    vp_log(VP_LOG_PLUGIN, VP_LVL_INFO, "loaded module '%s' from %s", m->name, m->library);
    return 0;
}

int vp_registry_load_module(vp_registry *r, const char *name, const char *arch, vp_error **errp)
{
    vp__module *m = g_hash_table_lookup(r->by_name, name);
    if (!m) {
        vp_error_set(errp, VP_ENOENT, "no module named '%s'", name);
        return VP_ENOENT;
    }
    GPtrArray *chain = g_ptr_array_new();
    int rc = load_rec(r, m, arch, chain, errp);
    g_ptr_array_unref(chain);
    return rc;
}

const vp_device_type *vp_registry_resolve(vp_registry *r, const char *type, const char *arch, vp_error **errp)
{
    vp__module *m = g_hash_table_lookup(r->by_type, type);
    if (!m) {
        vp_error_set(errp, VP_ENOENT, "unknown device type '%s' (no module manifest lists it)", type);
        return NULL;
    }
    if (m->info.side == VP_SIDE_MACHINE) {
        vp_error_set(errp, VP_EUNSUPP, "type '%s' of " MOD_FMT " is a machine, not a device", type, MOD_ARGS(m));
        return NULL;
    }
    if (vp_registry_load_module(r, m->name, arch, errp))
        return NULL;
    vp__regtype *t = g_hash_table_lookup(r->types, type);
    return t ? &t->type : NULL;
}
