/* SPDX-License-Identifier: Apache-2.0 */
/* registry_print.c - human-readable listings of the registry for
 * `vpbridge modules`, `vpbridge devices` and `vpbridge device TYPE --help`.
 */
#include <inttypes.h>
#include <string.h>

#include "registry_int.h"

static char *join_or(const char *const *v, const char *empty)
{
    return v && v[0] ? g_strjoinv(",", (char **)v) : g_strdup(empty);
}

/* True if module m still provides at least one of its objs. */
static bool provides_any(const vp_registry *r, const vp__module *m);

int vp_registry_print_modules(vp_registry *r, FILE *out)
{
    int first = 0;
    size_t wn = 6, wa = 4, wv = 7;
    for (guint i = 0; i < r->modules->len; i++) {
        const vp__module *m = g_ptr_array_index(r->modules, i);
        char *arch = join_or(m->info.arch, "all");
        wn = MAX(wn, strlen(m->name));
        wa = MAX(wa, strlen(arch));
        wv = MAX(wv, strlen(m->version));
        g_free(arch);
    }
    fprintf(out, "%-*s  %-8s  %-*s  %-*s  %s\n", (int)wn, "MODULE", "SIDE", (int)wa, "ARCH", (int)wv, "VERSION",
            "FILE");
    for (guint i = 0; i < r->modules->len; i++) {
        const vp__module *m = g_ptr_array_index(r->modules, i);
        char *arch = join_or(m->info.arch, "all");
        fprintf(out, "%-*s  %-8s  %-*s  %-*s  %s", (int)wn, m->name, m->info.side_name, (int)wa, arch, (int)wv,
                m->version[0] ? m->version : "-", m->library);
        if (m->info.overridden_by)
            fprintf(out, "  (overridden by %s)", m->info.overridden_by);
        fputc('\n', out);
        g_free(arch);
        /* Loaded as a run would load it (deps first): a cycle, a missing
         * dependency or library, an ABI mismatch is reported here. */
        vp_error *err = NULL;
        int rc = provides_any(r, m) ? vp_registry_load_module(r, m->name, NULL, &err) : 0;
        if (rc && !first)
            first = rc;
        if (err) {
            fprintf(out, "  ! %s\n", err->msg);
            vp_error_free(err);
        }
    }
    if (!r->modules->len)
        fprintf(out, "(no modules; module dir: %s)\n", vp_registry_builtin_dir());
    return first;
}

static bool provides_any(const vp_registry *r, const vp__module *m)
{
    for (size_t k = 0; m->objs[k]; k++)
        if (g_hash_table_lookup(r->by_type, m->objs[k]) == m)
            return true;
    return false;
}

/* Description of one of m's objs: registered (if loaded), else the module's. */
static const char *obj_description(const vp_registry *r, const vp__module *m, const char *obj)
{
    const char *d = NULL;
    if (m->info.side == VP_SIDE_EMULATOR) {
        const vp__regtype *t = g_hash_table_lookup(r->types, obj);
        d = t ? t->type.description : NULL;
    } else if (m->info.side == VP_SIDE_SYSTEMC) {
        const vp__regsc *t = g_hash_table_lookup(r->scs, obj);
        d = t ? t->description : NULL;
    } else {
        const vp__regmachine *t = g_hash_table_lookup(r->machines, obj);
        d = t ? t->type.description : NULL;
    }
    return d ? d : m->description;
}

/* Lists the objs of every module of the given sides (loading them). */
static int print_objs(vp_registry *r, FILE *out, bool machines)
{
    int first = 0;
    size_t wt = 4;
    for (guint i = 0; i < r->modules->len; i++) {
        const vp__module *m = g_ptr_array_index(r->modules, i);
        for (size_t k = 0; m->objs[k]; k++)
            wt = MAX(wt, strlen(m->objs[k]));
    }
    fprintf(out, "%-*s  %-12s  %s\n", (int)wt, machines ? "MACHINE" : "TYPE", "MODULE", "DESCRIPTION");
    for (guint i = 0; i < r->modules->len; i++) {
        vp__module *m = g_ptr_array_index(r->modules, i);
        if ((m->info.side == VP_SIDE_MACHINE) != machines || !provides_any(r, m))
            continue;
        vp_error *err = NULL;
        int rc = vp_registry_load_module(r, m->name, NULL, &err);
        if (rc && !first)
            first = rc;
        for (size_t k = 0; m->objs[k]; k++) {
            if (g_hash_table_lookup(r->by_type, m->objs[k]) != m)
                continue;
            fprintf(out, "%-*s  %-12s  %s%s\n", (int)wt, m->objs[k], m->name, obj_description(r, m, m->objs[k]),
                    m->info.side == VP_SIDE_SYSTEMC ? " [systemc]" : "");
        }
        if (err) {
            fprintf(out, "  ! %s\n", err->msg);
            vp_error_free(err);
        }
    }
    return first;
}

int vp_registry_print_devices(vp_registry *r, FILE *out) { return print_objs(r, out, false); }

int vp_registry_print_machines(vp_registry *r, FILE *out) { return print_objs(r, out, true); }

void vp_registry_print_opts(const vp_opt_decl *opts, uint32_t count, FILE *out)
{
    if (!count) {
        fprintf(out, "  (no options)\n");
        return;
    }
    fprintf(out, "options:\n");
    for (uint32_t i = 0; i < count; i++) {
        const vp_opt_decl *o = &opts[i];
        fprintf(out, "  %-16s %-7s default %-10s %s", o->name ? o->name : "?", vp__opt_type_name(o->type),
                o->def ? o->def : "(required)", o->help ? o->help : "");
        if (o->type == VP_OPT_ENUM && o->choices)
            fprintf(out, " [%s]", o->choices);
        if (o->min < o->max)
            fprintf(out, " [%" PRId64 "..%" PRId64 "]", o->min, o->max);
        fputc('\n', out);
    }
}

/* From the manifest alone (the module is not loaded). */
static void print_manifest_device(const vp__module *m, const vp__mopts *o, FILE *out)
{
    fprintf(out, "%s - %s\n", o->type, m->description);
    fprintf(out, "module: %s %s (%s; not loaded)\n", m->name, m->version, m->library);
    vp_registry_print_opts(o->decls, o->count, out);
}

int vp_registry_print_device(vp_registry *r, const char *type, FILE *out, vp_error **errp)
{
    const vp__module *mm = g_hash_table_lookup(r->by_type, type);
    const vp__mopts *mo = mm && mm->info.side == VP_SIDE_EMULATOR ? vp__module_mopts(mm, type) : NULL;
    /* Loaded as a run would (ports are known only then); when that fails,
     * the manifest's description and options are still shown. */
    int rc = mo ? vp_registry_load_module(r, mm->name, NULL, errp) : 0;
    if (rc) {
        print_manifest_device(mm, mo, out);
        return rc;
    }
    if (mm && mm->info.side == VP_SIDE_SYSTEMC) {
        if (!vp_registry_resolve_sc(r, type, errp))
            return errp && *errp ? (*errp)->code : VP_ENOENT;
        const vp__regsc *sc = g_hash_table_lookup(r->scs, type);
        fprintf(out, "%s - %s [systemc]\n", type, sc->description ? sc->description : "");
        fprintf(out, "module: %s %s (%s)\n", mm->name, mm->version, mm->library);
        return 0;
    }
    const vp_device_type *t = vp_registry_resolve(r, type, NULL, errp);
    if (!t)
        return errp && *errp ? (*errp)->code : VP_ENOENT;
    const vp_module_info *m = vp_registry_type_module(r, type);
    fprintf(out, "%s - %s\n", t->name, t->description ? t->description : "");
    fprintf(out, "module: %s %s (%s)\n", m->name, m->version, m->library);
    if (t->default_mmio_size)
        fprintf(out, "default size: 0x%" PRIx64 "\n", t->default_mmio_size);
    vp_registry_print_opts(t->opts, t->opt_count, out);
    vp_registry_print_ports(t->ports, t->port_count, out);
    return 0;
}

void vp_registry_print_ports(const vp_port_decl *ports, uint32_t count, FILE *out)
{
    if (count)
        fprintf(out, "ports:\n");
    for (uint32_t i = 0; i < count; i++) {
        const vp_port_decl *p = &ports[i];
        char lines[32];
        if (p->first && p->count) /* lines first..count-1 exist */
            snprintf(lines, sizeof(lines), "[%u..%u]", p->first, p->count - 1);
        else if (p->first)
            snprintf(lines, sizeof(lines), "[%u..n]", p->first);
        else if (p->count)
            snprintf(lines, sizeof(lines), "[%u]", p->count);
        else
            snprintf(lines, sizeof(lines), "[n]");
        fprintf(out, "  %-16s %-3s %-6s %s\n", p->name ? p->name : "?", p->dir == VP_PORT_IN ? "in" : "out", lines,
                p->help ? p->help : "");
    }
}
