/* SPDX-License-Identifier: Apache-2.0 */
/* loader.c - lazy module loading: .vp_modinfo pre-checks, dlopen,
 * descriptor/ABI checks, dependency order, and the registrar callbacks
 * (devices, machines, SystemC types) with manifest option agreement.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "registry_int.h"

/* Smallest struct sizes the host accepts (fields up to the named one). */
#define MIN_SIZE(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))
#define MOD_FMT VP__MOD_FMT
#define MOD_ARGS VP__MOD_ARGS

typedef struct load_ctx {
    vp_registrar reg;   /* first: the module sees a vp_registrar* */
    vp_registry *r;
    vp__module *m;
    vp_error *err;      /* first registration error */
} load_ctx;

void vp__regtype_free(vp__regtype *t)
{
    g_free(t->opts);
    g_free(t->ports);
    g_free(t);
}

void vp__module_unload(vp__module *m)
{
    if (m->types)
        g_ptr_array_set_size(m->types, 0);
    if (m->machines)
        g_ptr_array_set_size(m->machines, 0);
    if (m->scs)
        g_ptr_array_set_size(m->scs, 0);
    if (m->handle)
        dlclose(m->handle);
    m->handle = NULL;
    m->state = MOD_UNLOADED;
    m->info.loaded = false;
}

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

static const char *side_call[] = {"register_device", "register_sc_device", "register_machine"};

/* Common checks of a registration: side, name in objs, not overridden.
 * Returns 1 to silently drop (the type was overridden by another module). */
static int check_reg(load_ctx *lc, vp_module_side side, const char *name, GHashTable *table)
{
    vp__module *m = lc->m;
    if (m->info.side != side) {
        vp_error_set(&lc->err, VP_EINVAL, MOD_FMT ": a side '%s' module may not call %s ('%s')", MOD_ARGS(m),
                     m->info.side_name, side_call[side], name ? name : "(null)");
        return VP_EINVAL;
    }
    if (!name) {
        vp_error_set(&lc->err, VP_EABI, MOD_FMT ": %s without a name", MOD_ARGS(m), side_call[side]);
        return VP_EABI;
    }
    if (!g_strv_contains((const char *const *)m->objs, name)) {
        vp_error_set(&lc->err, VP_EINVAL, MOD_FMT ": registered type '%s', which its manifest does not list in objs",
                     MOD_ARGS(m), name);
        return VP_EINVAL;
    }
    if (g_hash_table_lookup(lc->r->by_type, name) != m)
        return 1;
    if (g_hash_table_contains(table, name)) {
        vp_error_set(&lc->err, VP_EEXIST, MOD_FMT ": type '%s' registered twice", MOD_ARGS(m), name);
        return VP_EEXIST;
    }
    return 0;
}

static const vp_opt_decl *find_decl(const vp_opt_decl *d, uint32_t count, const char *name)
{
    for (uint32_t i = 0; i < count; i++)
        if (d[i].name && strcmp(d[i].name, name) == 0)
            return &d[i];
    return NULL;
}

static bool str_eq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* The module's declarations must agree with the manifest's opts (if any). */
static int check_mopts(load_ctx *lc, const vp_device_type *t)
{
    vp__module *m = lc->m;
    const vp__mopts *o = vp__module_mopts(m, t->name);
    if (!o)
        return 0;
    for (uint32_t i = 0; i < o->count; i++) {
        const vp_opt_decl *md = &o->decls[i], *d = find_decl(t->opts, t->opt_count, md->name);
        const char *why = !d ? "the module does not declare it"
                          : d->type != md->type ? "types differ"
                          : !str_eq(d->def, md->def) ? "defaults differ"
                          : md->type == VP_OPT_ENUM && !str_eq(d->choices, md->choices) ? "choices differ"
                                                                                         : NULL;
        if (why) {
            vp_error_set(&lc->err, VP_EABI,
                         MOD_FMT ": type '%s' option '%s': manifest %s:%u:%u says %s default '%s', module "
                                 "says %s default '%s' (%s)",
                         MOD_ARGS(m), t->name, md->name, m->manifest, o->opt_line[i], o->opt_col[i],
                         vp__opt_type_name(md->type), md->def ? md->def : "(required)",
                         d ? vp__opt_type_name(d->type) : "-", d && d->def ? d->def : d ? "(required)" : "-", why);
            return VP_EABI;
        }
    }
    for (uint32_t i = 0; i < t->opt_count; i++) {
        if (!find_decl(o->decls, o->count, t->opts[i].name ? t->opts[i].name : "")) {
            vp_error_set(&lc->err, VP_EABI,
                         MOD_FMT ": type '%s' option '%s' is declared by the module but not in the manifest's "
                                 "opts at %s:%u:%u",
                         MOD_ARGS(m), t->name, t->opts[i].name ? t->opts[i].name : "(null)", m->manifest, o->line,
                         o->col);
            return VP_EABI;
        }
    }
    return 0;
}

/* A port's `first` (ABI 1.2; 0 from older modules) must leave a line. */
static int check_ports(load_ctx *lc, const vp_device_type *t)
{
    for (uint32_t i = 0; i < t->port_count; i++) {
        const vp_port_decl *d = &t->ports[i];
        if (d->count && d->first >= d->count) {
            vp_error_set(&lc->err, VP_EABI, MOD_FMT ": type '%s' port '%s': first line %u is not below its %u lines",
                         MOD_ARGS(lc->m), t->name, d->name ? d->name : "(null)", d->first, d->count);
            return VP_EABI;
        }
    }
    return 0;
}

static int register_device(vp_registrar *reg, const vp_device_type *type)
{
    load_ctx *lc = (load_ctx *)reg;
    vp__module *m = lc->m;
    vp_error **errp = &lc->err;
    bool sized = type && type->size >= MIN_SIZE(vp_device_type, name);
    int rc = check_reg(lc, VP_SIDE_EMULATOR, sized ? type->name : NULL, lc->r->types);
    if (rc)
        return rc > 0 ? 0 : rc;
    vp__regtype *t = g_new0(vp__regtype, 1);
    memcpy(&t->type, type, MIN(type->size, sizeof(t->type)));
    t->type.size = sizeof(t->type);
    t->mod = m;
    if (!t->type.create || !t->type.destroy) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": type '%s' has no create or destroy op", MOD_ARGS(m), type->name);
        vp__regtype_free(t);
        return VP_EINVAL;
    }
    t->opts = copy_array(t->type.opts, t->type.opt_count, sizeof(vp_opt_decl), MIN_SIZE(vp_opt_decl, type), errp,
                         m, "option");
    t->ports = copy_array(t->type.ports, t->type.port_count, sizeof(vp_port_decl),
                          MIN_SIZE(vp_port_decl, count), errp, m, "port");
    t->type.opts = t->opts;
    t->type.opt_count = t->opts ? t->type.opt_count : 0;
    t->type.ports = t->ports;
    t->type.port_count = t->ports ? t->type.port_count : 0;
    if (lc->err || check_ports(lc, &t->type) || check_mopts(lc, &t->type)) {
        vp__regtype_free(t);
        return VP_EABI;
    }
    g_ptr_array_add(m->types, t);
    g_hash_table_insert(lc->r->types, (gpointer)t->type.name, t);
    return 0;
}

static int register_machine(vp_registrar *reg, const vp_machine_type *type)
{
    load_ctx *lc = (load_ctx *)reg;
    vp__module *m = lc->m;
    bool sized = type && type->size >= MIN_SIZE(vp_machine_type, name);
    int rc = check_reg(lc, VP_SIDE_MACHINE, sized ? type->name : NULL, lc->r->machines);
    if (rc)
        return rc > 0 ? 0 : rc;
    vp__regmachine *t = g_new0(vp__regmachine, 1);
    memcpy(&t->type, type, MIN(type->size, sizeof(t->type)));
    t->type.size = sizeof(t->type);
    t->mod = m;
    if (!t->type.yaml == !t->type.build) {
        vp_error_set(&lc->err, VP_EINVAL, MOD_FMT ": machine '%s' must have exactly one of yaml and build",
                     MOD_ARGS(m), type->name);
        g_free(t);
        return VP_EINVAL;
    }
    g_ptr_array_add(m->machines, t);
    g_hash_table_insert(lc->r->machines, (gpointer)t->type.name, t);
    return 0;
}

/* The SystemC type struct (vp_sc_type, opaque in C) starts like every ABI
 * struct, then name, description: the only fields C reads. */
typedef struct sc_head {
    uint32_t size, abi;
    const char *name;
    const char *description;
} sc_head;

/* The registrar's ABI slot takes `const void *`: the one place it becomes a vp_sc_type. */
static int register_sc_device(vp_registrar *reg, const void *slot)
{
    load_ctx *lc = (load_ctx *)reg;
    const vp_sc_type *type = slot;
    const sc_head *h = slot;
    bool sized = h && h->size >= sizeof(sc_head);
    int rc = check_reg(lc, VP_SIDE_SYSTEMC, sized ? h->name : NULL, lc->r->scs);
    if (rc)
        return rc > 0 ? 0 : rc;
    vp__regsc *t = g_new0(vp__regsc, 1);
    t->type = type;
    t->name = h->name;
    t->description = h->description;
    t->mod = lc->m;
    g_ptr_array_add(lc->m->scs, t);
    g_hash_table_insert(lc->r->scs, (gpointer)t->name, t);
    return 0;
}

/* "M.m" against the host's version; returns a reason or NULL if compatible. */
static const char *abi_problem(unsigned maj, unsigned min)
{
    if (maj != VP_ABI_MAJOR)
        return "major versions differ";
    return min > VP_ABI_MINOR ? "module needs a newer minor" : NULL;
}

/* "MAJOR.MINOR": two decimal numbers of 1 to 5 digits, each at most 65535,
 * nothing else (no sign, blank or junk; the manifest's abi rule). */
static bool parse_abi(const char *abi, unsigned *maj, unsigned *min)
{
    const char *dot = abi ? strchr(abi, '.') : NULL;
    if (!dot || dot == abi || dot - abi > 5 || !dot[1] || strlen(dot + 1) > 5)
        return false;
    for (const char *c = abi; *c; c++)
        if (c != dot && (*c < '0' || *c > '9'))
            return false;
    unsigned long a = strtoul(abi, NULL, 10), b = strtoul(dot + 1, NULL, 10);
    if (a > 0xffff || b > 0xffff)
        return false;
    *maj = (unsigned)a;
    *min = (unsigned)b;
    return true;
}

/* Checks the library's .vp_modinfo section (if any) before dlopen. */
static int check_section(vp__module *m, vp_error **errp)
{
    GHashTable *kv = NULL;
    vp_error *err = NULL;
    int rc = vp__elf_modinfo(m->library, &kv, &err);
    if (rc) {
        vp_error_set(errp, rc, MOD_FMT ": %s", MOD_ARGS(m), err->msg);
        vp_error_free(err);
        return rc;
    }
    if (!kv)
        return 0; /* built against ABI 1.0 headers: no section then */
    const char *vm = g_hash_table_lookup(kv, "vermagic"), *name = g_hash_table_lookup(kv, "name");
    const char *abi = g_hash_table_lookup(kv, "abi");
    unsigned maj = 0, min = 0;
    if (!vm || strcmp(vm, VP_VERMAGIC) != 0) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: vermagic '%s' should be '%s'", MOD_ARGS(m), m->library,
                     vm ? vm : "", VP_VERMAGIC);
        rc = VP_EABI;
    } else if (name && strcmp(name, m->name) != 0) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": %s: .vp_modinfo names module '%s'", MOD_ARGS(m), m->library,
                     name);
        rc = VP_EINVAL;
    } else if (!parse_abi(abi, &maj, &min)) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: .vp_modinfo abi '%s' is not MAJOR.MINOR", MOD_ARGS(m),
                     m->library, abi ? abi : "");
        rc = VP_EABI;
    } else if (abi_problem(maj, min)) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: built for module ABI %u.%u, host supports %u.%u (%s)",
                     MOD_ARGS(m), m->library, maj, min, VP_ABI_MAJOR, VP_ABI_MINOR, abi_problem(maj, min));
        rc = VP_EABI;
    }
    g_hash_table_destroy(kv);
    return rc;
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
    if (abi_problem(d->abi_major, d->abi_minor)) {
        vp_error_set(errp, VP_EABI, MOD_FMT ": %s: built for module ABI %u.%u, host supports %u.%u (%s)",
                     MOD_ARGS(m), m->library, d->abi_major, d->abi_minor, VP_ABI_MAJOR, VP_ABI_MINOR,
                     abi_problem(d->abi_major, d->abi_minor));
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
    vp_error *ferr = NULL;
    int rc = vp_file_check(m->library, VP_FILE_MAX_BINARY, NULL, &ferr);
    if (rc) {
        vp_error_set(errp, rc, MOD_FMT ": library %s", MOD_ARGS(m), ferr->msg);
        vp_error_free(ferr);
        return rc;
    }
    rc = check_section(m, errp);
    if (rc)
        return rc;
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
    rc = check_desc(m, d, errp);
    if (rc)
        return rc;
    load_ctx lc = {.reg = {sizeof(vp_registrar), VP_ABI, NULL, register_device, register_machine, register_sc_device},
                   .r = r,
                   .m = m};
    lc.reg.host = &lc;
    rc = d->init(vp_registry_host_api(), &lc.reg);
    /* On any failure load_rec undoes the registrations init made. */
    if (lc.err) {
        if (errp && !*errp)
            *errp = lc.err;
        else
            vp_error_free(lc.err);
        return rc && vp_status_known(rc) ? rc : VP_EINVAL;
    }
    if (!vp_status_known(rc)) {
        vp_error_set(errp, VP_EINVAL, MOD_FMT ": init returned %d, which is not a status code (0 or a VP_E*)",
                     MOD_ARGS(m), rc);
        return VP_EINVAL;
    }
    if (rc) {
        vp_error_set(errp, rc, MOD_FMT ": init failed: %s", MOD_ARGS(m), vp_strerror(rc));
        return rc;
    }
    GHashTable *mine = m->info.side == VP_SIDE_EMULATOR ? r->types
                       : m->info.side == VP_SIDE_SYSTEMC ? r->scs
                                                          : r->machines;
    for (size_t k = 0; m->objs[k]; k++) {
        if (g_hash_table_lookup(r->by_type, m->objs[k]) == m && !g_hash_table_contains(mine, m->objs[k])) {
            vp_error_set(errp, VP_ENOENT, MOD_FMT ": did not register type '%s' listed in its objs", MOD_ARGS(m),
                         m->objs[k]);
            return VP_ENOENT;
        }
    }
    return 0;
}

static void drop_types(vp_registry *r, vp__module *m)
{
    for (guint i = 0; i < m->types->len; i++)
        g_hash_table_remove(r->types, ((vp__regtype *)g_ptr_array_index(m->types, i))->type.name);
    for (guint i = 0; i < m->machines->len; i++)
        g_hash_table_remove(r->machines, ((vp__regmachine *)g_ptr_array_index(m->machines, i))->type.name);
    for (guint i = 0; i < m->scs->len; i++)
        g_hash_table_remove(r->scs, ((vp__regsc *)g_ptr_array_index(m->scs, i))->name);
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
        vp__module_unload(m);
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
    if (m->info.side != VP_SIDE_EMULATOR) {
        vp_error_set(errp, VP_EUNSUPP, "type '%s' of " MOD_FMT " is a %s, not an emulator-side device", type,
                     MOD_ARGS(m), m->info.side == VP_SIDE_MACHINE ? "machine" : "SystemC-side type");
        return NULL;
    }
    if (vp_registry_load_module(r, m->name, arch, errp))
        return NULL;
    vp__regtype *t = g_hash_table_lookup(r->types, type);
    return t ? &t->type : NULL;
}

/* Finds the module listing `name` with side `side` and loads it. */
static vp__module *load_for(vp_registry *r, const char *name, vp_module_side side, const char *what,
                            vp_error **errp)
{
    vp__module *m = g_hash_table_lookup(r->by_type, name);
    if (!m) {
        vp_error_set(errp, VP_ENOENT, "unknown %s '%s' (no module manifest lists it)", what, name);
        return NULL;
    }
    if (m->info.side != side) {
        vp_error_set(errp, VP_EUNSUPP, "'%s' of " MOD_FMT " is provided by a side '%s' module, not a %s", name,
                     MOD_ARGS(m), m->info.side_name, what);
        return NULL;
    }
    return vp_registry_load_module(r, m->name, NULL, errp) ? NULL : m;
}

const vp_machine_type *vp_registry_find_machine(vp_registry *r, const char *name, const vp_module_info **mod,
                                                vp_error **errp)
{
    vp__module *m = load_for(r, name, VP_SIDE_MACHINE, "machine", errp);
    vp__regmachine *t = m ? g_hash_table_lookup(r->machines, name) : NULL;
    if (mod)
        *mod = t ? &m->info : NULL;
    return t ? &t->type : NULL;
}

char *vp_registry_machine_yaml(const vp_machine_type *t, const vp_module_info *mod)
{
    if (!t || !t->yaml)
        return NULL;
    if (g_path_is_absolute(t->yaml) || !mod)
        return strdup(t->yaml);
    char *dir = g_path_get_dirname(mod->manifest);
    char *abs = g_canonicalize_filename(t->yaml, dir);
    char *res = strdup(abs);
    g_free(dir);
    g_free(abs);
    return res;
}

const vp_sc_type *vp_registry_resolve_sc(vp_registry *r, const char *name, vp_error **errp)
{
    vp__module *m = load_for(r, name, VP_SIDE_SYSTEMC, "SystemC device type", errp);
    vp__regsc *t = m ? g_hash_table_lookup(r->scs, name) : NULL;
    return t ? t->type : NULL;
}
