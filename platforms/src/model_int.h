/* SPDX-License-Identifier: Apache-2.0 */
/* model_int.h - the platform model: the description (filled by the YAML
 * reader or by a machine's builder calls, with the position or call each
 * item came from), the built pieces it holds, and the one place items
 * enter it. The bottom of platforms/src: it uses no other unit here.
 *
 * Units of platforms/src (X.c with its X_int.h; "A -> B": A calls B and
 * includes B_int.h; the drawing is in docs/architecture.md):
 *   platform.c (facade) -> yaml.c machine.c build.c check.c model.c semihost.c
 *   machine.c -> yaml.c check.c model.c
 *   build.c -> memory.c wire.c htif.c check.c model.c semihost.c
 *   elf.c -> htif.c model.c        wire.c -> check.c model.c
 *   boot.c -> elf.c (loader_int.h) fdt.c model.c    fdt.c -> model.c
 *   yaml.c check.c print.c semihost.c -> model.c
 * tests/platforms/test_platform_units.c checks that no circle appears.
 */
#ifndef VPBRIDGE_MODEL_INT_H
#define VPBRIDGE_MODEL_INT_H

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
    bool sc;                    /* the type's module is `side: systemc`: dt is the host's description (no ops) */
    void *sc_dev;               /* host handle */
} pf_dev;

/* One end of an irq connection: "dev.port[index]" or "hartN.port"; in a
 * per-hart line "dev.port[*]" or "hart*.port" (`each`). */
typedef struct pf_end {
    char *dev, *port;
    bool has_index;
    uint32_t index;
    bool each;           /* '*' for the index or the hart number: one line per hart */
    /* resolved at build */
    int hart;            /* >= 0 for a hart end */
    pf_dev *d;
    uint32_t port_no;    /* index into the type's ports, or the interrupt input of a hart (vp_cpu_set_irq) */
} pf_end;

typedef struct pf_irq {
    pf_end src, dst;
    pf_pos pos;
    char *text;
    bool per_hart;       /* a '*' line, until vp__pf_expand_irqs replaces it by one line per hart */
    int of_hart;         /* a line expanded from a '*' line: its hart; else -1 */
    char *label;         /* for messages: 'text', or 'text' (hart N of 'pattern') */
    /* wired at build */
    tlmc_signal *sig;    /* the source's output line */
    char *src_name;      /* "dev.port[index]" */
} pf_irq;

/* The host's sink of one wired line (wire.c): a device input (d, port;
 * line = index) or a hart input (cpu). It checks that the source drives
 * the line it was bound with (`line`), and reports one that does not once. */
typedef struct pf_insink {
    pf_dev *d;           /* destination device, or NULL for a hart */
    uint32_t port;
    vp_cpu *cpu;         /* destination hart (d NULL) */
    uint32_t line;       /* the sink_line the source's signal is bound with */
    const pf_irq *irq;   /* the connection, for the message */
    struct vp_platform *pf;
    bool warned;         /* a bad line was reported */
} pf_insink;

typedef struct pf_htif pf_htif;
typedef struct pf_semihost pf_semihost;

struct vp_platform {
    vp__ydoc *doc;       /* the YAML read, or NULL for a code-built machine */
    char *machine;       /* machine type name when loaded by name, else NULL */
    GStringChunk *strs;  /* pf_pos.call strings */
    char *name, *description;
    /* cpus */
    char *isa;
    pf_pos isa_pos;
    vp_cpu_isa_info isa_info; /* of `isa`, from cpu-core (arch, width, ELF machine, inputs) */
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
    pf_semihost *semihost; /* vp_platform_set_semihost; NULL: off */
};

/* The module manifests' `arch` of the harts' ISA (vp_cpu_isa_info.arch); NULL before a valid isa. */
const char *vp__platform_arch(const vp_platform *p);
unsigned vp__platform_xlen(const vp_platform *p);
/* The harts' interrupt inputs for messages: "msip, mtip, meip". */
void vp__platform_hart_inputs(const vp_platform *p, char *buf, size_t size);
/* Error "file:line:col: msg" (YAML) or "machine 'm': call(...): msg"
 * (code) at a recorded position. */
int vp__pf_err(const vp_platform *p, pf_pos pos, vp_error **errp, int code, const char *fmt, ...) VP_PRINTF(5, 6);
/* Prefixes an existing error with the position and, if `what` is not
 * NULL, ": what" (e.g. "device 'uart0'"). */
void vp__pf_prefix(const vp_platform *p, pf_pos pos, vp_error **errp, const char *what);

/* Is `opts` (a caller's vp_platform_options, NULL allowed) big enough to hold `field`? */
#define PF_OPT_HAS(opts, field) \
    ((opts) && (opts)->size >= offsetof(vp_platform_options, field) + sizeof((opts)->field))

/* An empty description with its defaults; takes `reg`. */
vp_platform *vp__platform_new(const vp_platform_options *opts, vp_registry *reg);
/* Frees the description (the built pieces must be gone: vp__platform_unbuild). */
void vp__platform_free(vp_platform *p);

/* The one place items enter the description (the YAML reader and the
 * machine builder both call these); each validates what it can see
 * alone. Cross checks are check.c's. */
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
/* Replaces each per-hart ('*') irq by one line per hart 0..cpu_count-1, in
 * place, with the '*' replaced by the hart's number. */
void vp__pf_expand_irqs(vp_platform *p);
int vp__pf_set_quantum(vp_platform *p, pf_pos pos, vp_time q, vp_error **errp);

#endif /* VPBRIDGE_MODEL_INT_H */
