/* SPDX-License-Identifier: Apache-2.0 */
/* target.c - the registry of guest targets: vp_cpu_create picks a
 * hart's target by the prefix of its ISA string. Adding a guest ISA adds
 * one line to `targets`. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "../src/cpu_int.h"

extern const vp_target_ops vp__riscv_target; /* target/riscv/rv_cpu.c */

static const vp_target_ops *const targets[] = {
    &vp__riscv_target,
};

/* "rv32 or rv64": every known prefix, for the error message. */
static void known_prefixes(char *buf, size_t size)
{
    size_t n = 0, total = 0, k = 0;
    for (size_t t = 0; t < G_N_ELEMENTS(targets); t++)
        for (const char *const *p = targets[t]->isa_prefixes; *p; p++)
            total++;
    buf[0] = '\0';
    for (size_t t = 0; t < G_N_ELEMENTS(targets); t++) {
        for (const char *const *p = targets[t]->isa_prefixes; *p; p++, k++) {
            const char *sep = k == 0 ? "" : k + 1 == total ? " or " : ", ";
            int w = snprintf(buf + n, size - n, "%s%s", sep, *p);
            if (w < 0 || (size_t)w >= size - n)
                return;
            n += (size_t)w;
        }
    }
}

const vp_target_ops *vp__target_for(const char *isa, vp_error **errp)
{
    char known[128];

    if (!isa || !*isa) {
        vp_error_set(errp, VP_EINVAL, "isa string is empty");
        return NULL;
    }
    for (size_t t = 0; t < G_N_ELEMENTS(targets); t++)
        for (const char *const *p = targets[t]->isa_prefixes; *p; p++)
            if (g_ascii_strncasecmp(isa, *p, strlen(*p)) == 0)
                return targets[t];
    known_prefixes(known, sizeof(known));
    vp_error_set(errp, VP_EINVAL, "isa '%s': must start with %s", isa, known);
    return NULL;
}
