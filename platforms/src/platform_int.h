/* SPDX-License-Identifier: Apache-2.0 */
/* platform_int.h - internal structures of a platform: the description
 * (filled by the YAML reader or by a machine's builder calls, with the
 * position or call each item came from) and the built pieces.
 */
#ifndef VPBRIDGE_PLATFORM_INT_H
#define VPBRIDGE_PLATFORM_INT_H

#include <glib.h>
#include <vpbridge/vp_platform.h>
#include <vpbridge/vp_registry.h>

#include "ytree_int.h"

/* Where an item came from: a YAML line:col, or (code-built machines) the
 * builder call (`call` non-NULL, line = call sequence number). */
typedef struct pf_pos {
    unsigned line, col;
    const char *call; /* "add_device('uart0')", owned by the platform's string chunk */
} pf_pos;

/* One `options:` entry of a device. */
typedef struct pf_opt {
    char *key, *value;
    pf_pos kpos, vpos;
} pf_opt;

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
    vp_cpu_group *group; /* the harts told of writes served outside DMI */
} pf_mem;

typedef struct pf_dev {
    char *name, *type;
    uint64_t base, size;
    bool has_base, has_size;
    GPtrArray *opts;            /* pf_opt*, in the order given */
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
    /* SystemC-side devices (the host creates them): */
    bool sc;                    /* the type's module is `side: systemc` */
    vp_device_type sc_type;     /* the host's description; ops are platform trampolines */
    void *sc_dev;               /* host handle */
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
    vp__ydoc *doc;       /* the YAML read, or NULL for a code-built machine */
    char *machine;       /* machine type name when loaded by name, else NULL */
    GStringChunk *strs;  /* pf_pos.call strings */
    char *name, *description;
    /* cpus */
    char *isa;
    pf_pos isa_pos;
    uint32_t cpu_count;
    uint64_t freq_hz;
    uint64_t reset_pc;
    bool has_mtime;
    uint64_t mtime;
    pf_pos mtime_pos;
    bool has_reset_pc;   /* reset-vector given (else: base of the first memory region) */
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
    vp_platform_sc_host sc_host; /* zero = no SystemC hooks */
    tlmc_router *router;
    vp_cpu **cpus;
    vp_cpu_group *group; /* all harts: one exclusive monitor, one view of code */
    GPtrArray *insinks;  /* pf_insink* */
    pf_htif *htif;
    uint64_t htif_tohost; /* valid when htif is set */
};

/* "riscv32" or "riscv64" from the ISA string, NULL if neither. */
const char *vp__platform_arch(const vp_platform *p);
unsigned vp__platform_xlen(const vp_platform *p);
/* Error "file:line:col: msg" (YAML) or "machine 'm': call(...): msg"
 * (code) at a recorded position. */
int vp__pf_err(const vp_platform *p, pf_pos pos, vp_error **errp, int code, const char *fmt, ...) VP_PRINTF(5, 6);
/* Prefixes an existing error with the position and, if `what` is not
 * NULL, ": what" (e.g. "device 'uart0'"). */
void vp__pf_prefix(const vp_platform *p, pf_pos pos, vp_error **errp, const char *what);

/* model.c: the one place items enter the description (the YAML reader
 * and the machine builder both call these); each validates what it can
 * see alone. Cross checks are vp__platform_check's. */
vp_platform *vp__platform_new(const vp_platform_options *opts, vp_error **errp);
int vp__pf_check_name(vp_platform *p, pf_pos pos, const char *name, vp_error **errp);
int vp__pf_set_isa(vp_platform *p, pf_pos pos, const char *isa, vp_error **errp);
int vp__pf_set_count(vp_platform *p, pf_pos pos, uint64_t count, vp_error **errp);
int vp__pf_set_freq(vp_platform *p, pf_pos pos, uint64_t hz, vp_error **errp);
pf_mem *vp__pf_add_mem(vp_platform *p, pf_pos pos);
int vp__pf_mem_size(vp_platform *p, pf_mem *m, pf_pos pos, uint64_t size, vp_error **errp);
pf_dev *vp__pf_add_dev(vp_platform *p, pf_pos pos);
int vp__pf_dev_type(vp_platform *p, pf_dev *d, pf_pos pos, const char *type, vp_error **errp);
int vp__pf_dev_opt(vp_platform *p, pf_dev *d, const char *key, pf_pos kpos, const char *value, pf_pos vpos,
                   vp_error **errp);
int vp__pf_add_irq(vp_platform *p, pf_pos pos, const char *text, vp_error **errp);
int vp__pf_set_quantum(vp_platform *p, pf_pos pos, vp_time q, vp_error **errp);
/* After the last item: reset-vector default, overrides, cross checks. */
int vp__pf_finish(vp_platform *p, const vp_platform_options *opts, vp_error **errp);

/* check.c: [base, base + size) must not wrap around 2^64 and, on an RV32
 * board, must end at or below 0xffffffff (size 0: only base is checked). */
int vp__pf_check_range(const vp_platform *p, pf_pos pos, const char *kind, const char *name, uint64_t base,
                       uint64_t size, vp_error **errp);

/* platform.c: reads a YAML file into `p`. */
int vp__platform_read_yaml(vp_platform *p, const char *path, vp_error **errp);
/* machine.c: runs a machine type (YAML-shipped or code-built) into `p`. */
int vp__platform_read_machine(vp_platform *p, const char *name, vp_error **errp);

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
