/* SPDX-License-Identifier: Apache-2.0 */
/* platform.c - the facade of vp_platform.h: load (a YAML file or a machine
 * type into the model, then the cross checks), build, realize, destroy,
 * the registry a platform resolves its types in, and the accessors. The
 * work is the units' (yaml.c, machine.c, check.c, build.c, model.c); this
 * file only sequences them and owns the public lifecycle rules.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "build_int.h"
#include "check_int.h"
#include "machine_int.h"
#include "model_int.h"
#include "semihost_int.h"
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

int vp_platform_set_semihost(vp_platform *p, const vp_platform_semihost *sh, vp_error **errp)
{
    if (p->built || p->router) {
        vp_error_set(errp, VP_EBUSY, "platform '%s' is already built", p->name);
        return VP_EBUSY;
    }
    if (sh && sh->size < offsetof(vp_platform_semihost, cmdline) + sizeof(sh->cmdline)) {
        vp_error_set(errp, VP_EABI, "semihosting settings: struct size %u is too small", sh->size);
        return VP_EABI;
    }
    pf_semihost *s = NULL;
    if (sh && !(s = vp__semihost_create(p, sh, errp)))
        return errp && *errp ? (*errp)->code : VP_EINVAL;
    vp__semihost_destroy(p->semihost);
    p->semihost = s;
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
    vp__semihost_destroy(p->semihost);
    vp__platform_free(p);
}

uint32_t vp_platform_cpu_count(const vp_platform *p) { return p->cpu_count; }

vp_cpu *vp_platform_cpu(const vp_platform *p, uint32_t index)
{
    return p->cpus && index < p->cpu_count ? p->cpus[index] : NULL;
}

tlmc_router *vp_platform_router(const vp_platform *p) { return p->router; }

/* Same step as the harts' (cpu-core/exec/exec_int.h): bijective in h. */
static uint64_t digest_mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

/* Host pages of [buf, buf + size) that were never touched, as far as the
 * kernel's page map tells (neither present nor swapped: they hold zeros).
 * NULL when the map cannot be read; then every page is read. Reading an
 * untouched page maps it, which cost 0.4 s for a 128 MiB RAM. */
static uint64_t *untouched_map(const uint8_t *buf, uint64_t size, uintptr_t *first)
{
    uintptr_t b = (uintptr_t)buf >> 12, e = ((uintptr_t)buf + size + 4095) >> 12;
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    uint64_t *m = g_try_new(uint64_t, e - b);
    size_t want = (e - b) * sizeof(uint64_t), got = 0;
    while (m && got < want) {
        ssize_t n = pread(fd, (char *)m + got, want - got, (off_t)(b * sizeof(uint64_t) + got));
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!m || got < want) {
        g_free(m);
        return NULL;
    }
    *first = b;
    return m;
}

static bool page_untouched(const uint64_t *map, uintptr_t first, const uint8_t *p, uint64_t n)
{
    const uint64_t touched = 3ull << 62; /* present, swapped */
    if (!map)
        return false;
    for (uintptr_t h = (uintptr_t)p >> 12; h <= ((uintptr_t)p + n - 1) >> 12; h++)
        if (map[h - first] & touched)
            return false;
    return true;
}

uint64_t vp_platform_digest(const vp_platform *p)
{
    uint64_t h = 0;
    for (uint32_t i = 0; i < p->cpu_count; i++)
        h = digest_mix(h, p->cpus && p->cpus[i] ? vp_cpu_digest(p->cpus[i]) : 0);
    for (guint i = 0; p->mems && i < p->mems->len; i++) {
        const pf_mem *m = g_ptr_array_index(p->mems, i);
        if (!m->buf)
            continue;
        h = digest_mix(h, m->base);
        h = digest_mix(h, m->size);
        uintptr_t first = 0;
        uint64_t *map = untouched_map(m->buf, m->size, &first);
        /* Pages of zeros (most of a large RAM, never written) add nothing:
         * the hash covers where the other pages are and what they hold. */
        for (uint64_t off = 0; off < m->size; off += 4096) {
            uint64_t n = m->size - off < 4096 ? m->size - off : 4096, any = 0;
            const uint8_t *pg = m->buf + off;
            if (page_untouched(map, first, pg, n))
                continue;
            for (uint64_t k = 0; k + 8 <= n; k += 8) {
                uint64_t w;
                memcpy(&w, pg + k, 8);
                any |= w;
            }
            for (uint64_t k = n & ~7ull; k < n; k++)
                any |= pg[k];
            if (!any)
                continue;
            h = digest_mix(h, off);
            for (uint64_t k = 0; k < n; k += 8) {
                uint64_t w = 0;
                memcpy(&w, pg + k, n - k < 8 ? n - k : 8);
                h = digest_mix(h, w);
            }
        }
        g_free(map);
    }
    return h;
}
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
