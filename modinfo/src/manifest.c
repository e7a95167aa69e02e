/* SPDX-License-Identifier: Apache-2.0 */
/* manifest.c - reads *.modinfo.yaml manifests: one or many module entries,
 * strictly checked (unknown keys, types, required keys) with file:line:col.
 */
#include <stdlib.h>
#include <string.h>

#include "registry_int.h"
#include "ytree_int.h"

static const char *const top_keys[] = {"modules", NULL};
static const char *const mod_keys[] = {"name",    "library", "side",        "arch", "objs",     "deps", "abi",
                                       "version", "license", "description", "opts", "override", NULL};
static const char *const opt_keys[] = {"name", "type", "default", "help", "choices", "min", "max", NULL};
static const char *const opt_types[] = {"int", "uint", "bool", "string", "size", "time", "enum", "freq", NULL};
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
    if (m->mopts)
        g_ptr_array_unref(m->mopts);
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
        rc = vp__yname(doc, n, key, &s, errp);
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

void vp__mopts_free(vp__mopts *o)
{
    if (!o)
        return;
    g_free(o->type);
    g_free(o->decls);
    g_free(o->opt_line);
    g_free(o->opt_col);
    g_ptr_array_unref(o->strs);
    g_free(o);
}

const vp__mopts *vp__module_mopts(const vp__module *m, const char *type)
{
    for (guint i = 0; m->mopts && i < m->mopts->len; i++) {
        const vp__mopts *o = g_ptr_array_index(m->mopts, i);
        if (strcmp(o->type, type) == 0)
            return o;
    }
    return NULL;
}

/* Optional string field of an option entry, kept in o->strs; NULL if absent. */
static int opt_field(const vp__ydoc *doc, const vp__ynode *n, const char *key, vp__mopts *o, const char **out,
                     vp_error **errp)
{
    const vp__ynode *v = vp__ymap_get(n, key);
    const char *s;
    *out = NULL;
    if (!v)
        return 0;
    int rc = vp__ystr(doc, v, key, &s, errp);
    if (!rc) {
        *out = g_strdup(s);
        g_ptr_array_add(o->strs, (char *)*out);
    }
    return rc;
}

static int opt_limit(const vp__ydoc *doc, const vp__ynode *n, const char *key, int64_t *out, vp_error **errp)
{
    const vp__ynode *v = vp__ymap_get(n, key);
    const char *s;
    if (!v)
        return 0;
    int rc = vp__ystr(doc, v, key, &s, errp);
    if (!rc && vp__parse_i64(s, out))
        rc = vp__yerr(doc, v, errp, VP_EPARSE, "option %s '%s' is not an integer", key, s);
    return rc;
}

/* One option entry: {name, type, default, help, choices, min, max}. */
static int read_opt(const vp__ydoc *doc, const vp__ynode *n, vp__mopts *o, vp_opt_decl *d, vp_error **errp)
{
    const char *type = NULL;
    *d = (vp_opt_decl){.size = sizeof(*d), .abi = VP_ABI};
    int rc = vp__ymap_check(doc, n, "option", opt_keys, errp);
    const vp__ynode *tn = NULL;
    if (!rc)
        rc = vp__ymap_need(doc, n, "option", "name", &tn, errp);
    if (!rc)
        rc = vp__ymap_need(doc, n, "option", "type", &tn, errp);
    if (!rc)
        rc = opt_field(doc, n, "name", o, &d->name, errp);
    if (!rc)
        rc = opt_field(doc, n, "type", o, &type, errp);
    if (!rc && !g_strv_contains(opt_types, type))
        rc = vp__yerr(doc, tn, errp, VP_EPARSE,
                      "option '%s': unknown type '%s' (expected int, uint, bool, string, size, time, enum or freq)",
                      d->name, type);
    for (int i = 0; !rc && opt_types[i]; i++)
        if (strcmp(type, opt_types[i]) == 0)
            d->type = (vp_opt_type)i;
    if (!rc)
        rc = opt_field(doc, n, "default", o, &d->def, errp);
    if (!rc)
        rc = opt_field(doc, n, "help", o, &d->help, errp);
    if (!rc)
        rc = opt_field(doc, n, "choices", o, &d->choices, errp);
    if (!rc)
        rc = opt_limit(doc, n, "min", &d->min, errp);
    if (!rc)
        rc = opt_limit(doc, n, "max", &d->max, errp);
    if (!rc && d->type == VP_OPT_ENUM && (!d->choices || !*d->choices))
        rc = vp__yerr(doc, n, errp, VP_EPARSE, "option '%s': type enum needs 'choices' (\"a|b|c\")", d->name);
    if (!rc && d->def && vp__opt_check(d, d->def))
        rc = vp__yerr(doc, vp__ymap_get(n, "default"), errp, VP_EPARSE, "option '%s': default '%s' is not a valid %s%s",
                      d->name, d->def, type, vp__opt_check(d, d->def) == VP_ERANGE ? " in [min, max]" : "");
    return rc;
}

/* opts: {type: [option, ...], ...}; every key must be one of objs. */
static int read_opts(const vp__ydoc *doc, const vp__ynode *map, vp__module *m, vp_error **errp)
{
    const vp__ynode *n = vp__ymap_get(map, "opts");
    m->mopts = g_ptr_array_new_with_free_func((GDestroyNotify)vp__mopts_free);
    if (!n)
        return 0;
    if (n->kind != VP_Y_MAP)
        return vp__yerr(doc, n, errp, VP_EPARSE, "opts must be a map of type name -> list of options");
    int rc = 0;
    for (size_t i = 0; !rc && i < n->count; i++) {
        const vp__ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
        if (k->kind != VP_Y_SCALAR || !g_strv_contains((const char *const *)m->objs, k->str))
            return vp__yerr(doc, k, errp, VP_EPARSE, "opts for '%s', which is not in objs", k->str ? k->str : "?");
        if (v->kind != VP_Y_SEQ)
            return vp__yerr(doc, v, errp, VP_EPARSE, "opts.%s must be a list of options", k->str);
        vp__mopts *o = g_new0(vp__mopts, 1);
        g_ptr_array_add(m->mopts, o);
        o->type = g_strdup(k->str);
        o->line = k->line;
        o->col = k->col;
        o->strs = g_ptr_array_new_with_free_func(g_free);
        o->count = (uint32_t)v->count;
        o->decls = g_new0(vp_opt_decl, v->count + 1);
        o->opt_line = g_new0(unsigned, v->count + 1);
        o->opt_col = g_new0(unsigned, v->count + 1);
        for (size_t j = 0; !rc && j < v->count; j++) {
            o->opt_line[j] = v->items[j]->line;
            o->opt_col[j] = v->items[j]->col;
            rc = read_opt(doc, v->items[j], o, &o->decls[j], errp);
            for (size_t q = 0; !rc && q < j; q++)
                if (strcmp(o->decls[q].name, o->decls[j].name) == 0)
                    rc = vp__yerr(doc, v->items[j], errp, VP_EPARSE, "option '%s' of '%s' is declared twice",
                                  o->decls[j].name, o->type);
        }
    }
    return rc;
}

static int read_override(const vp__ydoc *doc, const vp__ynode *map, vp__module *m, vp_error **errp)
{
    const vp__ynode *n = vp__ymap_get(map, "override");
    if (!n)
        return 0;
    if (n->kind == VP_Y_SCALAR && !n->quoted && (!strcmp(n->str, "true") || !strcmp(n->str, "false"))) {
        m->info.overrides = strcmp(n->str, "true") == 0;
        return 0;
    }
    return vp__yerr(doc, n, errp, VP_EPARSE, "override must be true or false");
}

/* "MAJOR.MINOR": two decimal numbers, each at most 65535 (the module
 * descriptor holds them in 16 bits). */
static int check_abi(const vp__ydoc *doc, const vp__ynode *map, char *abi, vp_error **errp)
{
    const char *dot = strchr(abi, '.');
    bool ok = dot && dot > abi && dot - abi <= 5 && dot[1] && strlen(dot + 1) <= 5;
    for (const char *c = abi; ok && *c; c++)
        ok = c == dot || g_ascii_isdigit(*c);
    if (ok)
        ok = strtoul(abi, NULL, 10) <= 0xffff && strtoul(dot + 1, NULL, 10) <= 0xffff;
    if (!ok)
        return vp__yerr(doc, vp__ymap_get(map, "abi"), errp, VP_EPARSE,
                        "abi '%s' is not MAJOR.MINOR with numbers up to 65535 (e.g. \"1.0\")", abi);
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
        rc = read_opts(doc, n, m, errp);
    if (!rc)
        rc = read_override(doc, n, m, errp);
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
