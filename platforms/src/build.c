/* SPDX-License-Identifier: Apache-2.0 */
/* build.c - instantiates a parsed platform: router, RAM/ROM, device
 * instances from modules (typed options, host API), harts, irq wiring.
 * vp__platform_unbuild undoes any prefix of it.
 */
#include <inttypes.h>
#include <string.h>

#include "build_int.h"
#include "check_int.h"
#include "htif_int.h"
#include "memory_int.h"
#include "model_int.h"
#include "semihost_int.h"
#include "wire_int.h"

static void pf_request_exit(void *opaque, int status)
{
    vp_platform *p = opaque;
    vp_log(VP_LOG_PLUGIN, VP_LVL_INFO, "%s: exit requested with status %d", p->name, status);
    if (p->host.request_exit)
        p->host.request_exit(p->host.opaque, status);
}

static int load_image(vp_platform *p, pf_mem *m, vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc = vp_file_read(m->image, VP_FILE_MAX_BINARY, &data, &len, errp);
    if (rc) {
        vp__pf_prefix(p, m->image_pos, errp, "image");
        return rc;
    }
    if (len > m->size - m->offset)
        rc = vp__pf_err(p, m->image_pos, errp, VP_ERANGE,
                        "image %s (%zu bytes) does not fit in region '%s' at offset 0x%" PRIx64, m->image,
                        (size_t)len, m->name, m->offset);
    else
        memcpy(m->buf + m->offset, data, len);
    free(data);
    return rc;
}

static int build_mems(vp_platform *p, vp_error **errp)
{
    for (guint i = 0; i < p->mems->len; i++) {
        pf_mem *m = g_ptr_array_index(p->mems, i);
        m->group = p->group;
        int rc = vp__mem_create(m, errp);
        if (!rc && m->image && (rc = load_image(p, m, errp)))
            return rc; /* carries the image's position */
        if (!rc)
            rc = tlmc_router_map(p->router, m->base, m->size, &m->tgt, 0, errp);
        if (rc) {
            char *what = g_strdup_printf("memory region '%s'", m->name);
            vp__pf_prefix(p, m->pos, errp, what);
            g_free(what);
            return rc;
        }
        m->mapped = true;
    }
    return 0;
}

static void dev_prefix(vp_platform *p, const pf_dev *d, pf_pos pos, vp_error **errp)
{
    char *what = g_strdup_printf("device '%s'", d->name);
    vp__pf_prefix(p, pos, errp, what);
    g_free(what);
}

/* Validates the device's options against its type and applies defaults. */
static int build_opts(vp_platform *p, pf_dev *d, vp_error **errp)
{
    d->optset = vp_opt_set_create(d->dt);
    for (guint i = 0; i < d->opts->len; i++) {
        const pf_opt *o = g_ptr_array_index(d->opts, i);
        int rc = vp_opt_set_parse(d->optset, o->key, o->value, errp);
        if (rc) {
            vp__pf_prefix(p, rc == VP_ENOENT ? o->kpos : o->vpos, errp, NULL);
            return rc;
        }
    }
    int rc = vp_opt_set_finish(d->optset, errp);
    if (rc)
        dev_prefix(p, d, d->pos, errp);
    return rc;
}

/* ---- SystemC-side devices: described and created by the host ---- */

static bool host_has_sc(const vp_platform *p)
{
    return p->sc_host.describe && p->sc_host.create && p->sc_host.signal_out && p->sc_host.signal_in;
}

static void fill_ctx(vp_platform *p, pf_dev *d, const vp_clock *clock);

/* Once d->dt is known (either side): options, the MMIO size (the type's
 * default when only a base is given) and the device context. */
static int prepare_dev(vp_platform *p, pf_dev *d, const vp_clock *clock, vp_error **errp)
{
    int rc = build_opts(p, d, errp);
    if (rc)
        return rc;
    if (d->has_base && !d->has_size)
        d->size = d->dt->default_mmio_size;
    if (d->has_base && !d->has_size && (rc = vp__pf_check_range(p, d->pos, "device", d->name, d->base, d->size, errp)))
        return rc;
    fill_ctx(p, d, clock);
    return 0;
}

static int build_sc_dev(vp_platform *p, pf_dev *d, const vp_clock *clock, vp_error **errp)
{
    d->sc = true;
    d->pf = p;
    if (!host_has_sc(p))
        return vp__pf_err(p, d->type_pos, errp, VP_EUNSUPP,
                          "device '%s' (%s) is a SystemC-side device: it needs the SystemC bridge (vpbridge)",
                          d->name, d->type);
    d->dt = p->sc_host.describe(p->sc_host.opaque, d->type, errp); /* the host's, borrowed */
    if (!d->dt) {
        vp__pf_prefix(p, d->type_pos, errp, NULL);
        return errp && *errp ? (*errp)->code : VP_ENOENT;
    }
    int rc = prepare_dev(p, d, clock, errp);
    if (rc)
        return rc;
    tlmc_target *mmio = NULL;
    rc = p->sc_host.create(p->sc_host.opaque, d->type, &d->ctx, tlmc_router_target(p->router), &d->sc_dev, &mmio, errp);
    if (rc) {
        vp__pf_prefix(p, d->pos, errp, NULL);
        return rc;
    }
    d->created = true;
    if (d->has_base && d->size && mmio) {
        rc = tlmc_router_map(p->router, d->base, d->size, mmio, 0, errp);
        if (rc)
            dev_prefix(p, d, d->pos, errp);
    } else if (d->has_base && d->size) {
        rc = vp__pf_err(p, d->pos, errp, VP_EINVAL, "device '%s' (%s) has no target socket but a base is given",
                        d->name, d->type);
    } else if (mmio) {
        rc = vp__pf_err(p, d->pos, errp, VP_EINVAL,
                        "device '%s' (%s) has a target socket that nothing maps: give it a base", d->name, d->type);
    }
    return rc;
}

static void fill_ctx(vp_platform *p, pf_dev *d, const vp_clock *clock)
{
    d->dhost = (vp_device_host){.opts = d->optset, .request_exit = pf_request_exit, .opaque = p};
    d->ctx = (vp_device_ctx){
        .size = sizeof(vp_device_ctx),
        .abi = VP_ABI,
        .api = vp_registry_host_api(),
        .host = &d->dhost,
        .name = d->name,
        .clock = clock,
        .base = d->has_base ? d->base : 0,
        .mmio_size = d->has_base ? d->size : 0,
        .num_harts = p->cpu_count,
    };
}

/* The one error for an op that returned something else than a status:
 * the module broke the ABI, so it is named with the instance and type. */
static int not_status(vp_platform *p, const pf_dev *d, const char *op, int rc, vp_error **errp)
{
    const vp_module_info *mi = vp_registry_type_module(p->reg, d->type);
    return vp__pf_err(p, d->pos, errp, VP_EINVAL,
                      "device '%s' (%s, module %s): %s returned %d, which is not a status code (0 or a VP_E*)",
                      d->name, d->type, mi ? mi->name : "?", op, rc);
}

static int build_dev(vp_platform *p, pf_dev *d, const vp_clock *clock, vp_error **errp)
{
    const vp_module_info *mi = vp_registry_type_module(p->reg, d->type);
    if (mi && mi->side == VP_SIDE_SYSTEMC)
        return build_sc_dev(p, d, clock, errp);
    d->dt = vp_registry_resolve(p->reg, d->type, vp__platform_arch(p), errp);
    if (!d->dt) {
        dev_prefix(p, d, d->type_pos, errp);
        return errp && *errp ? (*errp)->code : VP_ENOENT;
    }
    int rc = prepare_dev(p, d, clock, errp);
    if (rc)
        return rc;
    memset(&d->mmio, 0, sizeof(d->mmio));
    d->dhost.capture_errors = true;
    rc = d->dt->create(&d->ctx, &d->opaque, &d->mmio);
    d->dhost.capture_errors = false;
    if (rc && !vp_status_known(rc)) {
        rc = not_status(p, d, "create", rc, errp);
    } else if (rc) {
        const char *why = d->dhost.last_error;
        rc = vp__pf_err(p, d->pos, errp, rc, "device '%s' (%s): create failed: %s", d->name, d->type,
                        why ? why : vp_strerror(rc));
    }
    if (rc) {
        vp_device_host_clear_error(&d->dhost);
        return rc;
    }
    vp_device_host_clear_error(&d->dhost); /* an error logged by a create that then succeeded */
    d->created = true;
    if (!d->mmio.name)
        d->mmio.name = d->name;
    if (d->has_base && d->size && d->mmio.ops) {
        rc = tlmc_router_map(p->router, d->base, d->size, &d->mmio, 0, errp);
        if (rc)
            dev_prefix(p, d, d->pos, errp);
    } else if (d->has_base && d->size) {
        rc = vp__pf_err(p, d->pos, errp, VP_EINVAL, "device '%s' (%s) has no MMIO target but a base is given",
                        d->name, d->type);
    }
    return rc;
}

/* mtime read for the `time` CSR: 8 bytes at cpus.mtime, at local time. */
static uint64_t pf_read_time(void *opaque, vp_time local_offset)
{
    vp_platform *p = opaque;
    uint64_t v = 0;
    vp_time delay = local_offset;
    tlmc_response r = tlmc_read(tlmc_router_target(p->router), p->mtime, &v, 8, &delay);
    if (r != TLMC_OK_RESPONSE) {
        uint32_t lo = 0, hi = 0;
        delay = local_offset;
        if (tlmc_read(tlmc_router_target(p->router), p->mtime, &lo, 4, &delay) == TLMC_OK_RESPONSE &&
            tlmc_read(tlmc_router_target(p->router), p->mtime + 4, &hi, 4, &delay) == TLMC_OK_RESPONSE)
            v = ((uint64_t)hi << 32) | lo;
    }
    return v;
}

static int build_harts(vp_platform *p, vp_error **errp)
{
    p->cpus = g_new0(vp_cpu *, p->cpu_count);
    vp_time period = p->freq_hz ? VP_SEC / p->freq_hz : VP_NS;
    for (uint32_t i = 0; i < p->cpu_count; i++) {
        vp_cpu_config cfg = {
            .size = sizeof(vp_cpu_config),
            .abi = VP_CPU_ABI,
            .isa = p->isa,
            .hartid = i,
            .reset_pc = p->reset_pc,
            .bus = tlmc_router_target(p->router),
            .insn_period = period ? period : 1,
            .read_time = p->has_mtime ? pf_read_time : NULL,
            .read_time_opaque = p,
            .accel = p->accel,
            .group = p->group,
            .semihost = p->semihost ? vp__semihost_call : NULL,
            .semihost_opaque = p->semihost,
        };
        p->cpus[i] = vp_cpu_create(&cfg, errp);
        if (!p->cpus[i]) {
            vp__pf_prefix(p, p->isa_pos, errp, NULL);
            return errp && *errp ? (*errp)->code : VP_EINVAL;
        }
        int rc = tlmc_router_add_invalidate_listener(p->router, vp_cpu_invalidate_dmi_cb, p->cpus[i]);
        if (rc)
            return vp__pf_err(p, p->isa_pos, errp, rc, "hart%u: cannot register DMI invalidation", i);
    }
    return 0;
}

int vp__platform_build(vp_platform *p, vp_error **errp)
{
    p->router = tlmc_router_create(p->name);
    p->group = vp_cpu_group_create();
    p->insinks = g_ptr_array_new_with_free_func(g_free);
    int rc = build_mems(p, errp);
    for (guint i = 0; !rc && i < p->devs->len; i++)
        rc = build_dev(p, g_ptr_array_index(p->devs, i), p->clock, errp);
    if (!rc)
        rc = build_harts(p, errp);
    if (!rc)
        rc = vp__platform_wire(p, errp);
    return rc;
}

int vp__platform_realize(vp_platform *p, vp_error **errp)
{
    for (guint i = 0; i < p->devs->len; i++) {
        pf_dev *d = g_ptr_array_index(p->devs, i);
        if (d->sc || !d->dt->realize) /* the host realizes its sc_modules (elaboration) */
            continue;
        d->dhost.capture_errors = true; /* the reason goes into the one error line */
        int rc = d->dt->realize(d->opaque);
        d->dhost.capture_errors = false;
        const char *why = d->dhost.last_error;
        if (rc && !vp_status_known(rc))
            rc = not_status(p, d, "realize", rc, errp);
        else if (rc)
            rc = vp__pf_err(p, d->pos, errp, rc, "device '%s' (%s): realize failed: %s", d->name, d->type,
                            why ? why : vp_strerror(rc));
        vp_device_host_clear_error(&d->dhost);
        if (rc)
            return rc;
    }
    return 0;
}

void vp__platform_unbuild(vp_platform *p)
{
    /* Devices first: a device that drops a line while dying still finds
     * its sinks (harts, other devices) alive. */
    for (guint i = p->devs->len; i-- > 0;) {
        pf_dev *d = g_ptr_array_index(p->devs, i);
        if (d->created && !d->sc) /* the host owns its sc_modules */
            d->dt->destroy(d->opaque);
        d->created = false;
        d->opaque = NULL;
        vp_opt_set_destroy(d->optset);
        d->optset = NULL;
    }
    for (uint32_t i = 0; p->cpus && i < p->cpu_count; i++)
        vp_cpu_destroy(p->cpus[i]);
    g_free(p->cpus);
    p->cpus = NULL;
    vp_cpu_group_destroy(p->group);
    p->group = NULL;
    tlmc_router_destroy(p->router);
    p->router = NULL;
    vp__htif_destroy(p->htif);
    p->htif = NULL;
    for (guint i = 0; i < p->mems->len; i++)
        vp__mem_destroy(g_ptr_array_index(p->mems, i));
    if (p->insinks)
        g_ptr_array_unref(p->insinks);
    p->insinks = NULL;
    p->built = false;
}
