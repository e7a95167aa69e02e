/* SPDX-License-Identifier: Apache-2.0 */
/* machine.c - platforms from machine modules: the vp_machine_api builder
 * table over the model of model.c (errors name the machine and the call),
 * YAML-shipped machines, and --add-machines (manifest or library paths).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "check_int.h"
#include "machine_int.h"
#include "model_int.h"
#include "yaml_int.h"

struct vp_machine_builder {
    vp_platform *p;
    unsigned seq;  /* calls so far; a call's pf_pos.line */
    vp_error *err; /* the first failed call's error */
};

/* Interns "fn('arg')" as the position of the current call. */
static pf_pos call_pos(vp_machine_builder *b, const char *fmt, ...) VP_PRINTF(2, 3);
static pf_pos call_pos(vp_machine_builder *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    pf_pos pos = {++b->seq, 0, g_string_chunk_insert(b->p->strs, s)};
    g_free(s);
    return pos;
}

/* Keeps the first failure for the host to report; returns rc. */
static int note(vp_machine_builder *b, int rc, vp_error *err)
{
    if (rc && !b->err && err)
        b->err = err;
    else
        vp_error_free(err);
    return rc;
}

static const char *nz(const char *s) { return s ? s : "(null)"; }

static int m_set_description(vp_machine_builder *b, const char *text)
{
    g_free(b->p->description);
    b->p->description = g_strdup(text ? text : "");
    return 0;
}

static int m_set_cpus(vp_machine_builder *b, const char *isa, uint32_t count, const char *frequency,
                      uint64_t mtime_addr)
{
    vp_platform *p = b->p;
    pf_pos pos = call_pos(b, "set_cpus('%s')", nz(isa));
    vp_error *err = NULL;
    uint64_t hz = 0;
    int rc = 0;
    if (p->isa)
        rc = vp__pf_err(p, pos, &err, VP_EEXIST, "cpus are already set");
    if (!rc)
        rc = vp__pf_set_isa(p, pos, isa, &err);
    if (!rc)
        rc = vp__pf_set_count(p, pos, count, &err);
    if (!rc && frequency && vp_freq_parse(frequency, &hz) != 0)
        rc = vp__pf_err(p, pos, &err, VP_EINVAL, "cannot parse frequency '%s'", frequency);
    if (!rc && frequency)
        rc = vp__pf_set_freq(p, pos, hz, &err);
    if (!rc && mtime_addr) {
        p->has_mtime = true;
        p->mtime = mtime_addr;
        p->mtime_pos = pos;
    }
    return note(b, rc, err);
}

static int m_add_memory(vp_machine_builder *b, const char *name, const char *kind, uint64_t base, uint64_t size)
{
    vp_platform *p = b->p;
    pf_pos pos = call_pos(b, "add_memory('%s')", nz(name));
    vp_error *err = NULL;
    int rc = vp__pf_check_name(p, pos, name, &err);
    if (!rc && kind && strcmp(kind, "ram") != 0 && strcmp(kind, "rom") != 0)
        rc = vp__pf_err(p, pos, &err, VP_EINVAL, "memory kind '%s' is not ram or rom", kind);
    if (!rc) {
        pf_mem *m = vp__pf_add_mem(p, pos);
        m->name = g_strdup(name);
        m->base = base;
        m->rom = kind && strcmp(kind, "rom") == 0;
        rc = vp__pf_mem_size(p, m, pos, size, &err);
    }
    return note(b, rc, err);
}

static int m_add_device(vp_machine_builder *b, const char *name, const char *type, uint64_t base, uint64_t size)
{
    vp_platform *p = b->p;
    pf_pos pos = call_pos(b, "add_device('%s')", nz(name));
    vp_error *err = NULL;
    int rc = vp__pf_check_name(p, pos, name, &err);
    if (!rc && !type)
        rc = vp__pf_err(p, pos, &err, VP_EINVAL, "no device type given");
    if (!rc) {
        pf_dev *d = vp__pf_add_dev(p, pos);
        d->name = g_strdup(name);
        rc = vp__pf_dev_type(p, d, pos, type, &err);
        d->base = base;
        d->has_base = base || size; /* base 0 and size 0: no MMIO window */
        d->size = size;
        d->has_size = size != 0;
    }
    return note(b, rc, err);
}

static int m_set_option(vp_machine_builder *b, const char *device, const char *option, const char *value)
{
    vp_platform *p = b->p;
    pf_pos pos = call_pos(b, "set_option('%s', '%s')", nz(device), nz(option));
    vp_error *err = NULL;
    pf_dev *d = device ? vp__platform_find_dev(p, device) : NULL;
    int rc = 0;
    if (!d)
        rc = vp__pf_err(p, pos, &err, VP_ENOENT, "no device '%s' (add_device it first)", nz(device));
    else if (!option || !value)
        rc = vp__pf_err(p, pos, &err, VP_EINVAL, "option name and value must not be NULL");
    else
        rc = vp__pf_dev_opt(p, d, option, pos, value, pos, &err);
    return note(b, rc, err);
}

static int m_connect(vp_machine_builder *b, const char *wire)
{
    pf_pos pos = call_pos(b, "connect('%s')", nz(wire));
    vp_error *err = NULL;
    return note(b, vp__pf_add_irq(b->p, pos, wire ? wire : "", &err), err);
}

static int m_set_quantum(vp_machine_builder *b, const char *time)
{
    pf_pos pos = call_pos(b, "set_quantum('%s')", nz(time));
    vp_error *err = NULL;
    vp_time t = 0;
    int rc = 0;
    if (!time || vp_time_parse(time, &t) != 0)
        rc = vp__pf_err(b->p, pos, &err, VP_EINVAL, "cannot parse time '%s'", nz(time));
    else
        rc = vp__pf_set_quantum(b->p, pos, t, &err);
    return note(b, rc, err);
}

static const vp_machine_api machine_api = {
    .size = sizeof(vp_machine_api),
    .abi = VP_ABI,
    .set_description = m_set_description,
    .set_cpus = m_set_cpus,
    .add_memory = m_add_memory,
    .add_device = m_add_device,
    .set_option = m_set_option,
    .connect = m_connect,
    .set_quantum = m_set_quantum,
};

/* Runs a code-built machine's build() into `p`. */
static int run_build(vp_platform *p, const vp_machine_type *t, vp_error **errp)
{
    vp_machine_builder b = {.p = p};
    p->name = g_strdup(t->name);
    p->description = g_strdup(t->description ? t->description : "");
    int rc = t->build(&machine_api, &b);
    if (b.err) { /* a bad call fails the machine even if build() went on */
        rc = b.err->code ? b.err->code : VP_EINVAL;
        if (errp && !*errp)
            *errp = b.err;
        else
            vp_error_free(b.err);
        return rc;
    }
    if (rc && !vp_status_known(rc))
        return vp__pf_err(p, (pf_pos){0, 0, "build()"}, errp, VP_EINVAL,
                          "returned %d, which is not a status code (0 or a VP_E*)", rc);
    if (rc)
        return vp__pf_err(p, (pf_pos){0, 0, "build()"}, errp, rc, "failed: %s", vp_strerror(rc));
    return 0;
}

int vp__platform_read_machine(vp_platform *p, const char *name, vp_error **errp)
{
    const vp_module_info *mod = NULL;
    const vp_machine_type *t = vp_registry_find_machine(p->reg, name, &mod, errp);
    if (!t) {
        vp_error_prefix(errp, "machine '%s'", name);
        return errp && *errp ? (*errp)->code : VP_ENOENT;
    }
    p->machine = g_strdup(name);
    char *yaml = vp_registry_machine_yaml(t, mod);
    int rc = 0;
    if (yaml && t->build) {
        rc = vp__pf_err(p, (pf_pos){0}, errp, VP_EINVAL, "module '%s' gives both a yaml and a build()",
                        mod ? mod->name : "?");
    } else if (yaml && !g_file_test(yaml, G_FILE_TEST_IS_REGULAR)) {
        rc = vp__pf_err(p, (pf_pos){0}, errp, VP_ENOENT, "yaml '%s' of module '%s' (%s) does not exist", yaml,
                        mod ? mod->name : "?", mod ? mod->manifest : "?");
    } else if (yaml) {
        rc = vp__platform_read_yaml(p, yaml, errp);
    } else if (t->build) {
        rc = run_build(p, t, errp);
    } else {
        rc = vp__pf_err(p, (pf_pos){0}, errp, VP_EINVAL, "module '%s' gives neither a yaml nor a build()",
                        mod ? mod->name : "?");
    }
    free(yaml);
    return rc;
}

/* ---- --add-machines ---------------------------------------------------- */

/* The manifest an --add-machines item names; NULL (error set) if none. */
static char *item_manifest(const char *item, vp_error **errp)
{
    if (g_str_has_suffix(item, ".yaml"))
        return g_strdup(item);
    char *base = g_path_get_basename(item), *so = strstr(base, ".so");
    if (!so || (so[3] && so[3] != '.')) {
        vp_error_set(errp, VP_EINVAL, "not a module manifest (*.modinfo.yaml) or a module library (*.so)");
        g_free(base);
        return NULL;
    }
    *so = 0;
    char *dir = g_path_get_dirname(item);
    const char *stem = g_str_has_prefix(base, "lib") && base[3] ? base + 3 : base;
    char *a = g_strdup_printf("%s/%s.modinfo.yaml", dir, stem), *b = g_strdup_printf("%s/%s.modinfo.yaml", dir, base);
    char *res = NULL;
    if (g_file_test(a, G_FILE_TEST_IS_REGULAR))
        res = g_strdup(a);
    else if (g_file_test(b, G_FILE_TEST_IS_REGULAR))
        res = g_strdup(b);
    else if (strcmp(a, b) == 0)
        vp_error_set(errp, VP_ENOENT, "no manifest next to it (looked for %s)", a);
    else
        vp_error_set(errp, VP_ENOENT, "no manifest next to it (looked for %s and %s)", a, b);
    g_free(a);
    g_free(b);
    g_free(dir);
    g_free(base);
    return res;
}

/* Does `manifest` describe a machine module (whose library is `lib`, if given)? */
static bool has_machine(const vp_registry *reg, const char *manifest, const char *lib)
{
    char *abs = lib ? g_canonicalize_filename(lib, NULL) : NULL, *want = g_canonicalize_filename(manifest, NULL);
    bool hit = false;
    for (size_t i = 0; !hit && i < vp_registry_module_count(reg); i++) {
        const vp_module_info *m = vp_registry_module_at(reg, i);
        char *have = g_canonicalize_filename(m->manifest, NULL);
        hit = m->side == VP_SIDE_MACHINE && strcmp(have, want) == 0 && (!abs || strcmp(m->library, abs) == 0);
        g_free(have);
    }
    g_free(want);
    g_free(abs);
    return hit;
}

static int add_machine_item(vp_registry *reg, const char *item, vp_error **errp)
{
    if (!g_file_test(item, G_FILE_TEST_EXISTS)) {
        vp_error_set(errp, VP_ENOENT, "no such file");
        return VP_ENOENT;
    }
    char *manifest = item_manifest(item, errp);
    if (!manifest)
        return errp && *errp ? (*errp)->code : VP_ENOENT;
    int rc = vp_registry_add_file(reg, manifest, errp);
    bool is_lib = manifest && strcmp(manifest, item) != 0;
    if (!rc && !has_machine(reg, manifest, is_lib ? item : NULL)) {
        rc = VP_EINVAL;
        if (is_lib)
            vp_error_set(errp, rc, "%s has no `side: machine` module with this library", manifest);
        else
            vp_error_set(errp, rc, "the manifest has no `side: machine` module");
    }
    g_free(manifest);
    return rc;
}

int vp_platform_add_machines(vp_registry *reg, const char *const *items, vp_error **errp)
{
    for (size_t i = 0; items && items[i]; i++) {
        int rc = add_machine_item(reg, items[i], errp);
        if (rc) {
            vp_error_prefix(errp, "--add-machines %s", items[i]);
            return rc;
        }
    }
    return 0;
}
