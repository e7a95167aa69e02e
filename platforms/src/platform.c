/* SPDX-License-Identifier: Apache-2.0 */
/* platform.c - the facade of vp_platform.h: load (a YAML file or a machine
 * type into the model, then the cross checks), build, realize, destroy,
 * the registry a platform resolves its types in, and the accessors. The
 * work is the units' (yaml.c, machine.c, check.c, build.c, model.c); this
 * file only sequences them and owns the public lifecycle rules.
 */
#include <string.h>

#include "build_int.h"
#include "check_int.h"
#include "machine_int.h"
#include "model_int.h"
#include "yaml_int.h"

const char *vp_platform_builtin_module_dir(void) { return vp_registry_builtin_dir(); }

vp_registry *vp_platform_registry_create(const vp_platform_options *opts, vp_error **errp)
{
    vp_registry *reg = vp_registry_create();
    int rc = vp_registry_add_defaults(reg, opts ? opts->module_dirs : NULL, opts ? opts->modinfo_files : NULL, errp);
    if (!rc && PF_OPT_HAS(opts, machine_libs) && opts->machine_libs)
        rc = vp_platform_add_machines(reg, opts->machine_libs, errp);
    if (rc) {
        vp_registry_destroy(reg);
        return NULL;
    }
    return reg;
}

/* A path names a YAML file or a machine type. */
static int read_source(vp_platform *p, const char *path, vp_error **errp)
{
    if (!path) {
        vp_error_set(errp, VP_EINVAL, "platform: no file or machine name given");
        return VP_EINVAL;
    }
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return vp__platform_read_yaml(p, path, errp);
    const vp_module_info *m = vp_registry_type_module(p->reg, path);
    if (m && m->side == VP_SIDE_MACHINE)
        return vp__platform_read_machine(p, path, errp);
    if (strchr(path, '/') || g_str_has_suffix(path, ".yaml") || g_str_has_suffix(path, ".yml"))
        return vp__platform_read_yaml(p, path, errp); /* clearly a file name: "PATH: cannot open ..." */
    vp_error_set(errp, VP_ENOENT, "platform '%s': no such file, and no machine '%s' (see `vpbridge machines`)", path,
                 path);
    return VP_ENOENT;
}

vp_platform *vp_platform_load(const char *path, const vp_platform_options *opts, vp_error **errp)
{
    vp_registry *reg = vp_platform_registry_create(opts, errp);
    if (!reg)
        return NULL;
    vp_platform *p = vp__platform_new(opts, reg);
    int rc = read_source(p, path, errp);
    if (!rc)
        rc = vp__pf_finish(p, opts, errp);
    if (rc) {
        vp_platform_destroy(p);
        return NULL;
    }
    return p;
}

int vp_platform_set_sc_host(vp_platform *p, const vp_platform_sc_host *h, vp_error **errp)
{
    if (p->built || p->router) {
        vp_error_set(errp, VP_EBUSY, "platform '%s' is already built", p->name);
        return VP_EBUSY;
    }
    memset(&p->sc_host, 0, sizeof(p->sc_host));
    if (!h)
        return 0;
    if (h->size < offsetof(vp_platform_sc_host, signal_in) + sizeof(h->signal_in)) {
        vp_error_set(errp, VP_EABI, "SystemC host hooks: struct size %u is too small", h->size);
        return VP_EABI;
    }
    p->sc_host = *h;
    return 0;
}

int vp_platform_build(vp_platform *p, const vp_clock *clock, const vp_platform_host *host, vp_error **errp)
{
    if (p->built || p->router) {
        vp_error_set(errp, VP_EBUSY, "platform '%s' is already built", p->name);
        return VP_EBUSY;
    }
    p->clock = clock;
    if (host && host->size >= offsetof(vp_platform_host, opaque) + sizeof(host->opaque))
        p->host = *host;
    int rc = vp__platform_build(p, errp);
    if (rc) {
        vp__platform_unbuild(p);
        return rc;
    }
    p->built = true;
    return 0;
}

int vp_platform_realize(vp_platform *p, vp_error **errp)
{
    if (!p->built) {
        vp_error_set(errp, VP_EINVAL, "platform '%s' is not built", p->name);
        return VP_EINVAL;
    }
    return vp__platform_realize(p, errp);
}

void vp_platform_destroy(vp_platform *p)
{
    if (!p)
        return;
    vp__platform_unbuild(p);
    vp__platform_free(p);
}

uint32_t vp_platform_cpu_count(const vp_platform *p) { return p->cpu_count; }

vp_cpu *vp_platform_cpu(const vp_platform *p, uint32_t index)
{
    return p->cpus && index < p->cpu_count ? p->cpus[index] : NULL;
}

tlmc_router *vp_platform_router(const vp_platform *p) { return p->router; }
vp_time vp_platform_quantum(const vp_platform *p) { return p->quantum; }
const char *vp_platform_name(const vp_platform *p) { return p->name; }
const char *vp_platform_machine(const vp_platform *p) { return p->machine; }
vp_registry *vp_platform_registry(const vp_platform *p) { return p->reg; }

uint32_t vp_platform_irq_count(const vp_platform *p) { return p->irqs ? p->irqs->len : 0; }

static const pf_irq *wired_irq(const vp_platform *p, uint32_t i)
{
    if (!p->irqs || i >= p->irqs->len)
        return NULL;
    const pf_irq *q = g_ptr_array_index(p->irqs, i);
    return q->sig ? q : NULL;
}

const char *vp_platform_irq_source(const vp_platform *p, uint32_t i)
{
    const pf_irq *q = wired_irq(p, i);
    return q ? q->src_name : NULL;
}

tlmc_signal *vp_platform_irq_signal(const vp_platform *p, uint32_t i)
{
    const pf_irq *q = wired_irq(p, i);
    return q ? q->sig : NULL;
}
