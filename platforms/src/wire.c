/* SPDX-License-Identifier: Apache-2.0 */
/* wire.c - connects irq lines: device outputs (tlmc_signal) to hart inputs
 * (vp_cpu_set_irq) or device inputs (signal_in), each through a host sink
 * that checks the line it is driven with. Checks ports, indices,
 * directions, that no input or output is used twice, and that a device
 * gives each output line a signal of its own.
 */
#include <string.h>

#include "check_int.h"
#include "model_int.h"
#include "wire_int.h"

/* A device's signal lines: a C device through its type's ops, a
 * SystemC-side one through the host (its description has no ops). */
static tlmc_signal *dev_signal_out(const pf_dev *d, uint32_t port, uint32_t index)
{
    if (d->sc)
        return d->pf->sc_host.signal_out(d->pf->sc_host.opaque, d->sc_dev, port, index);
    return d->dt->signal_out ? d->dt->signal_out(d->opaque, port, index) : NULL;
}

static bool dev_has_inputs(const pf_dev *d) { return d->sc || d->dt->signal_in; }

static void dev_signal_in(const pf_dev *d, uint32_t port, uint32_t index, bool level)
{
    if (d->sc)
        d->pf->sc_host.signal_in(d->pf->sc_host.opaque, d->sc_dev, port, index, level);
    else
        d->dt->signal_in(d->opaque, port, index, level);
}

/* "bad_dev, module badmod" for messages about a device's misbehaviour. */
static char *dev_what(const vp_platform *p, const pf_dev *d)
{
    const vp_module_info *mi = vp_registry_type_module(p->reg, d->type);
    return g_strdup_printf("%s, module %s", d->type, mi ? mi->name : "?");
}

/* A source that called its sink with another line than the one bound
 * (tlmc_signal.sink_line): its own numbering, or a corrupted signal. The
 * level is dropped; the first time, one warning names the source. */
static void bad_line(pf_insink *s, uint32_t line)
{
    if (s->warned)
        return;
    s->warned = true;
    const pf_irq *q = s->irq;
    char *what = dev_what(s->pf, q->src.d);
    vp_log_msg(VP_LOG_PLUGIN, VP_LVL_WARN,
               "irq %s: warning: device '%s' (%s) drove its output %s[%u] as input %u of the sink, not %u, the "
               "input it is wired to: level ignored (a module drives a line with tlmc_signal_set); later ones on "
               "this line are not reported",
               q->label, q->src.dev, what, q->src.port, q->src.index, line, s->line);
    g_free(what);
}

static void dev_in_sink(void *opaque, uint32_t line, bool level)
{
    pf_insink *s = opaque;
    if (line != s->line) {
        bad_line(s, line);
        return;
    }
    dev_signal_in(s->d, s->port, line, level);
}

static void hart_in_sink(void *opaque, uint32_t line, bool level)
{
    pf_insink *s = opaque;
    if (line != s->line) {
        bad_line(s, line);
        return;
    }
    vp_cpu_set_irq(s->cpu, line, level);
}

static void port_list(const vp_device_type *t, vp_port_dir dir, GString *out)
{
    for (uint32_t i = 0; i < t->port_count; i++)
        if (t->ports[i].dir == dir && t->ports[i].name)
            g_string_append_printf(out, "%s%s", out->len ? ", " : "", t->ports[i].name);
    if (!out->len)
        g_string_append(out, "none");
}

/* The index of a resolved device end lies in the port's lines first..count-1
 * (`first` is 0 unless the port says otherwise, e.g. a PLIC's src: 1). */
static int check_index(vp_platform *p, const pf_irq *q, const pf_end *e, const vp_device_type *t, uint32_t i,
                       vp_error **errp)
{
    uint32_t count = t->ports[i].count, first = t->ports[i].first;
    if (!count && t->port_lines && !e->d->sc) /* a SystemC host's description has no ops */
        count = t->port_lines(e->d->opaque, i);
    if (!e->has_index && (count != 1 || first != 0))
        return vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: port '%s.%s' has %u lines: give an index", q->label,
                          e->dev, e->port, count > first ? count - first : 0);
    if (first && first >= count)
        return vp__pf_err(p, q->pos, errp, VP_ERANGE, "irq %s: port '%s.%s' has no lines", q->label, e->dev,
                          e->port);
    if (e->index < first)
        return vp__pf_err(p, q->pos, errp, VP_ERANGE,
                          "irq %s: %s.%s[%u]: line %u does not exist (%s %s lines are %u..%u)", q->label, e->dev,
                          e->port, e->index, e->index, t->name, e->port, first, count - 1);
    if (e->index >= count && first)
        return vp__pf_err(p, q->pos, errp, VP_ERANGE,
                          "irq %s: index %u is out of range for '%s.%s' (%s %s lines are %u..%u)", q->label,
                          e->index, e->dev, e->port, t->name, e->port, first, count - 1);
    if (e->index >= count)
        return vp__pf_err(p, q->pos, errp, VP_ERANGE, "irq %s: index %u is out of range for '%s.%s' (%u lines)",
                          q->label, e->index, e->dev, e->port, count);
    return 0;
}

/* Resolves a device end: port by name and direction, index within count. */
static int resolve_dev_end(vp_platform *p, const pf_irq *q, pf_end *e, vp_port_dir dir, vp_error **errp)
{
    e->d = vp__platform_find_dev(p, e->dev);
    const vp_device_type *t = e->d->dt;
    const char *dname = dir == VP_PORT_OUT ? "output" : "input";
    uint32_t i;
    for (i = 0; i < t->port_count; i++)
        if (t->ports[i].name && strcmp(t->ports[i].name, e->port) == 0)
            break;
    if (i == t->port_count) {
        GString *s = g_string_new(NULL);
        port_list(t, dir, s);
        int rc = vp__pf_err(p, q->pos, errp, VP_ENOENT, "irq %s: device '%s' (%s) has no %s port '%s' (%ss: %s)",
                            q->label, e->dev, t->name, dname, e->port, dname, s->str);
        g_string_free(s, TRUE);
        return rc;
    }
    if (t->ports[i].dir != dir)
        return vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: port '%s.%s' is an %s, used as an %s", q->label,
                          e->dev, e->port, dir == VP_PORT_OUT ? "input" : "output", dname);
    e->port_no = i;
    return check_index(p, q, e, t, i, errp);
}

static int resolve_hart_end(vp_platform *p, const pf_irq *q, pf_end *e, vp_error **errp)
{
    char inputs[256];
    for (uint32_t i = 0; i < p->isa_info.irq_count; i++) {
        if (strcmp(p->isa_info.irqs[i].name, e->port) == 0) {
            e->port_no = p->isa_info.irqs[i].line;
            if (e->has_index && e->index != 0)
                return vp__pf_err(p, q->pos, errp, VP_ERANGE, "irq %s: hart port '%s' has one line", q->label,
                                  e->port);
            return 0;
        }
    }
    vp__platform_hart_inputs(p, inputs, sizeof(inputs));
    return vp__pf_err(p, q->pos, errp, VP_ENOENT, "irq %s: hart has no input '%s' (inputs: %s)", q->label, e->port,
                      inputs);
}

/* Records a use of an end; the same input or output twice is an error. */
static int claim(vp_platform *p, GHashTable *used, const pf_irq *q, const pf_end *e, const char *what,
                 vp_error **errp)
{
    char *key = e->hart >= 0 ? g_strdup_printf("hart%d.%u", e->hart, e->port_no)
                             : g_strdup_printf("%s.%u[%u]", e->dev, e->port_no, e->index);
    const pf_irq *prev = g_hash_table_lookup(used, key);
    if (prev) {
        g_free(key);
        return vp__pf_err(p, q->pos, errp, VP_EEXIST, "irq %s: %s '%s.%s' is already connected by '%s' (line %u)",
                          q->label, what, e->dev, e->port, prev->text, prev->pos.line);
    }
    g_hash_table_insert(used, key, (gpointer)q);
    return 0;
}

/* Two output lines given the same tlmc_signal: the second binding would
 * silently take the first one's line away. */
static int check_own_signal(vp_platform *p, const pf_irq *q, const tlmc_signal *sig, GHashTable *sigs,
                            vp_error **errp)
{
    const pf_irq *prev = g_hash_table_lookup(sigs, sig);
    if (!prev) {
        g_hash_table_insert(sigs, (gpointer)sig, (gpointer)q);
        return 0;
    }
    char *what = dev_what(p, q->src.d);
    int rc = vp__pf_err(p, q->pos, errp, VP_EINVAL,
                        "irq %s: device '%s' (%s) returned the same signal for output %s[%u] as for %s.%s[%u] "
                        "(line %u): each output line needs a tlmc_signal of its own",
                        q->label, q->src.dev, what, q->src.port, q->src.index, prev->src.dev, prev->src.port,
                        prev->src.index, prev->pos.line);
    g_free(what);
    return rc;
}

static int wire_one(vp_platform *p, pf_irq *q, GHashTable *used, GHashTable *sigs, vp_error **errp)
{
    int rc = resolve_dev_end(p, q, &q->src, VP_PORT_OUT, errp);
    if (!rc)
        rc = q->dst.hart >= 0 ? resolve_hart_end(p, q, &q->dst, errp) : resolve_dev_end(p, q, &q->dst, VP_PORT_IN, errp);
    if (!rc)
        rc = claim(p, used, q, &q->src, "output", errp);
    if (!rc)
        rc = claim(p, used, q, &q->dst, "input", errp);
    if (rc)
        return rc;
    tlmc_signal *sig = dev_signal_out(q->src.d, q->src.port_no, q->src.index);
    if (!sig)
        return vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: device '%s' returned no signal for output %s[%u]",
                          q->label, q->src.dev, q->src.port, q->src.index);
    if ((rc = check_own_signal(p, q, sig, sigs, errp)))
        return rc;
    if (q->dst.hart < 0 && !dev_has_inputs(q->dst.d))
        return vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: device '%s' does not accept input signals", q->label,
                          q->dst.dev);
    pf_insink *s = g_new0(pf_insink, 1);
    s->irq = q;
    s->pf = p;
    g_ptr_array_add(p->insinks, s);
    if (q->dst.hart >= 0) {
        s->cpu = p->cpus[q->dst.hart];
        s->line = q->dst.port_no;
        tlmc_signal_bind(sig, hart_in_sink, s, s->line);
    } else {
        s->d = q->dst.d;
        s->port = q->dst.port_no;
        s->line = q->dst.index;
        tlmc_signal_bind(sig, dev_in_sink, s, s->line);
    }
    q->sig = sig;
    q->src_name = g_strdup_printf("%s.%s[%u]", q->src.dev, q->src.port, q->src.index);
    /* Deliver the level the output already holds (e.g. reset state). */
    if (sig->level)
        sig->sink(sig->sink_opaque, sig->sink_line, true);
    return 0;
}

int vp__platform_wire(vp_platform *p, vp_error **errp)
{
    GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *sigs = g_hash_table_new(g_direct_hash, g_direct_equal); /* tlmc_signal* -> pf_irq* */
    int rc = 0;
    for (guint i = 0; !rc && i < p->irqs->len; i++)
        rc = wire_one(p, g_ptr_array_index(p->irqs, i), used, sigs, errp);
    g_hash_table_destroy(sigs);
    g_hash_table_destroy(used);
    return rc;
}
