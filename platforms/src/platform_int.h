/* SPDX-License-Identifier: Apache-2.0 */
/* platform_int.h - internal structures of a platform: the parsed
 * description (with YAML positions) and the built pieces.
 */
#ifndef VPBRIDGE_PLATFORM_INT_H
#define VPBRIDGE_PLATFORM_INT_H

#include <glib.h>
#include <vpbridge/vp_platform.h>
#include <vpbridge/vp_registry.h>

#include "ytree_int.h"

typedef struct pf_pos {
    unsigned line, col;
} pf_pos;

/* RAM or ROM region. */
typedef struct pf_mem {
    char *name;
    uint64_t base, size;
    bool rom;
    char *image;        /* file to load at base + offset, or NULL */
    uint64_t offset;
    pf_pos pos, image_pos;
    /* built */
    uint8_t *buf;
    tlmc_target tgt;
    bool mapped;
} pf_mem;

typedef struct pf_dev {
    char *name, *type;
    uint64_t base, size;
    bool has_base, has_size;
    const vp__ynode *opts;      /* options mapping (borrowed from the doc) or NULL */
    pf_pos pos, type_pos;
    /* built */
    const vp_device_type *dt;
    vp_opt_set *optset;
    vp_device_host dhost;
    vp_device_ctx ctx;
    void *opaque;
    bool created;
    tlmc_target mmio;
    struct vp_platform *pf;
} pf_dev;

/* One end of an irq connection: "dev.port[index]" or "hartN.port". */
typedef struct pf_end {
    char *dev, *port;
    bool has_index;
    uint32_t index;
    /* resolved at build */
    int hart;            /* >= 0 for a hart end */
    pf_dev *d;
    uint32_t port_no;    /* index into the type's ports, or the VP_CPU_IRQ_* line for a hart */
} pf_end;

typedef struct pf_irq {
    pf_end src, dst;
    pf_pos pos;
    char *text;
} pf_irq;

/* Sink for a device input line (line = index, port fixed). */
typedef struct pf_insink {
    pf_dev *d;
    uint32_t port;
} pf_insink;

typedef struct pf_htif pf_htif;

struct vp_platform {
    vp__ydoc *doc;
    char *name, *description;
    /* cpus */
    char *isa;
    pf_pos isa_pos;
    uint32_t cpu_count;
    uint64_t freq_hz;
    uint64_t reset_pc;
    bool has_mtime;
    uint64_t mtime;
    vp_time quantum;
    GPtrArray *mems;     /* pf_mem* */
    GPtrArray *devs;     /* pf_dev* */
    GPtrArray *irqs;     /* pf_irq* */
    vp_registry *reg;
    vp_cpu_accel accel;
    /* built */
    bool built;
    const vp_clock *clock;
    vp_platform_host host;
    tlmc_router *router;
    vp_cpu **cpus;
    GPtrArray *insinks;  /* pf_insink* */
    pf_htif *htif;
    uint64_t htif_tohost; /* valid when htif is set */
};

/* "riscv32" or "riscv64" from the ISA string, NULL if neither. */
const char *vp__platform_arch(const vp_platform *p);
unsigned vp__platform_xlen(const vp_platform *p);
/* Error "file:line:col: msg" at a recorded position. */
int vp__pf_err(const vp_platform *p, pf_pos pos, vp_error **errp, int code, const char *fmt, ...) VP_PRINTF(5, 6);

/* check.c: load-time cross checks; device lookup by name. */
int vp__platform_check(vp_platform *p, vp_error **errp);
pf_dev *vp__platform_find_dev(const vp_platform *p, const char *name);

/* memory.c: RAM/ROM C TLM targets. */
int vp__mem_create(pf_mem *m, vp_error **errp);
void vp__mem_destroy(pf_mem *m);

/* build.c */
int vp__platform_build(vp_platform *p, vp_error **errp);
void vp__platform_unbuild(vp_platform *p);

/* htif.c: 8 bytes at tohost (+ 8 at fromhost when given). */
int vp__htif_create(vp_platform *p, uint64_t tohost, bool has_fromhost, uint64_t fromhost, vp_error **errp);
void vp__htif_destroy(pf_htif *h);

#endif /* VPBRIDGE_PLATFORM_INT_H */
