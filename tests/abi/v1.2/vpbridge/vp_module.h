/* SPDX-License-Identifier: Apache-2.0 */
/* vp_module.h - the device-module ABI: what a device model in a shared
 * object exports, and the host function table it receives.
 *
 * A module is a .so exporting one symbol, `vp_module_descriptor` (a
 * vp_module_desc). The host dlopen()s it with RTLD_NOW|RTLD_LOCAL, checks
 * magic and ABI version, then calls init(api, registrar); init registers
 * device types explicitly (never from constructors). Modules link no host
 * symbols: everything comes through vp_host_api.
 *
 * Every struct that crosses the boundary starts with `uint32_t size, abi;`
 * and only grows at the end; read a field only if it lies within `size`.
 * A NULL op means "unsupported"; the host supplies the default.
 */
#ifndef VPBRIDGE_VP_MODULE_H
#define VPBRIDGE_VP_MODULE_H

#include <vpbridge/tlmc.h>
#include <vpbridge/vp_clock.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VP_ABI_MAJOR 1
#define VP_ABI_MINOR 2
#define VP_ABI VP_ABI_VERSION(VP_ABI_MAJOR, VP_ABI_MINOR) /* 1.2 = 0x10002 (vp_base.h) */
#define VP_MODULE_MAGIC 0x56504d44u /* "VPMD" */
#define VP_MODULE_SYMBOL "vp_module_descriptor"

/* ---- Options --------------------------------------------------------- */
typedef enum vp_opt_type {
    VP_OPT_INT = 0,    /* signed 64-bit */
    VP_OPT_UINT = 1,   /* unsigned 64-bit, accepts 0x... */
    VP_OPT_BOOL = 2,   /* true/false */
    VP_OPT_STRING = 3, /* any string */
    VP_OPT_SIZE = 4,   /* bytes, accepts 4K, 1MiB, 0x1000 */
    VP_OPT_TIME = 5,   /* picoseconds, accepts 10us, 1ms */
    VP_OPT_ENUM = 6,   /* one of `choices` ("a|b|c") */
    VP_OPT_FREQ = 7,   /* hertz, accepts 10MHz */
} vp_opt_type;

typedef struct vp_opt_decl {
    uint32_t size;           /* sizeof(vp_opt_decl) */
    uint32_t abi;            /* VP_ABI */
    const char *name;        /* option key in the platform YAML */
    vp_opt_type type;
    const char *def;         /* default as text; NULL = required */
    const char *help;        /* one line */
    const char *choices;     /* VP_OPT_ENUM: "stdio|file|none" */
    int64_t min, max;        /* INT/UINT/SIZE range when min < max */
    /* -- ABI 1.0 ends here -- */
} vp_opt_decl;

/* ---- Ports (signal lines) --------------------------------------------- */
typedef enum vp_port_dir { VP_PORT_OUT = 0, VP_PORT_IN = 1 } vp_port_dir;

typedef struct vp_port_decl {
    uint32_t size, abi;
    const char *name;  /* "irq", "mtip", "src" ... used as dev.name[i] in YAML */
    vp_port_dir dir;
    uint32_t count;    /* lines; 0 = ask the instance (port_lines op) */
    const char *help;
    /* -- ABI 1.0 ends here -- */
    /* -- ABI 1.2 -- */
    uint32_t first; /* lowest line index that exists (0 for most ports; 1 for a PLIC's src) */
    /* -- ABI 1.2 ends here -- */
} vp_port_decl;

/* ---- Host API (function table handed to the module) ------------------- */
typedef struct vp_device_ctx vp_device_ctx;
/* A byte stream owned by the host, for device state (checkpointing). */
typedef struct vp_state_stream vp_state_stream;

typedef struct vp_host_api {
    uint32_t size; /* sizeof(vp_host_api) of the host */
    uint32_t abi;  /* VP_ABI of the host */
    void (*log)(const vp_device_ctx *ctx, unsigned cat, int lvl, const char *fmt, ...) VP_PRINTF(4, 5);
    bool (*log_enabled)(unsigned cat);
    /* Typed option values of this instance (already validated against the
     * declaration; defaults applied). Unknown names return 0 / NULL. */
    int64_t (*opt_int)(const vp_device_ctx *ctx, const char *name);
    uint64_t (*opt_uint)(const vp_device_ctx *ctx, const char *name); /* UINT, SIZE, TIME, FREQ */
    bool (*opt_bool)(const vp_device_ctx *ctx, const char *name);
    const char *(*opt_str)(const vp_device_ctx *ctx, const char *name); /* STRING, ENUM; borrowed */
    /* Ends the simulation after the current transaction with this exit
     * status (test finisher, HTIF). */
    void (*request_exit)(const vp_device_ctx *ctx, int status);
    /* -- ABI 1.0 ends here -- */
    /* -- ABI 1.1 -- */
    /* Appends `size` bytes to a state stream (save). Returns 0 or VP_ENOMEM. */
    int (*state_write)(vp_state_stream *s, const void *data, size_t size);
    /* Reads exactly `size` bytes from a state stream (restore). Returns 0, or
     * VP_EIO if fewer remain (a truncated or foreign stream). */
    int (*state_read)(vp_state_stream *s, void *data, size_t size);
    /* -- ABI 1.1 ends here -- */
} vp_host_api;

/* Per-instance context, owned by the host, valid until destroy returns. */
struct vp_device_ctx {
    uint32_t size, abi;
    const vp_host_api *api;
    void *host;              /* host's private handle */
    const char *name;        /* instance name from the platform */
    const vp_clock *clock;   /* simulated time and events */
    uint64_t base;           /* MMIO base in the system address map (informative) */
    uint64_t mmio_size;      /* size of the MMIO window (0 = none) */
    uint32_t num_harts;      /* harts in the platform */
    /* -- ABI 1.0 ends here -- */
};

/* ---- Device types ------------------------------------------------------ */
typedef struct vp_device_type {
    uint32_t size; /* sizeof(vp_device_type) the module was built with */
    uint32_t abi;  /* VP_ABI */
    const char *name;        /* type name used in platform YAML */
    const char *description; /* one line */
    const vp_opt_decl *opts;
    uint32_t opt_count;
    const vp_port_decl *ports;
    uint32_t port_count;
    uint64_t default_mmio_size; /* used when the platform gives no size */
    /* Creates an instance; fills *opaque and the MMIO target (ops/opaque/
     * name; the host binds the backward path). Returns 0 or VP_E*; on
     * failure it logs why and leaves nothing allocated. */
    int (*create)(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio);
    /* After all wiring, before time starts: schedule initial events. May be NULL. */
    int (*realize)(void *opaque);
    void (*reset)(void *opaque);      /* may be NULL */
    void (*destroy)(void *opaque);    /* accepts opaque from a successful create */
    /* Ports: number of lines of a count==0 port, output line lookup, input delivery. */
    uint32_t (*port_lines)(void *opaque, uint32_t port);
    tlmc_signal *(*signal_out)(void *opaque, uint32_t port, uint32_t index);
    void (*signal_in)(void *opaque, uint32_t port, uint32_t index, bool level);
    /* -- ABI 1.0 ends here -- */
    /* -- ABI 1.1 -- */
    /* Checkpointing (reserved now, used by a later snapshot feature). save
     * writes the device's whole state through api->state_write; restore
     * reads it back into a created device (the inverse, same order) and
     * re-derives outputs and pending events. Both NULL = not supported.
     * `state_version` is the device's own format number; restore is only
     * called with streams saved at the same version. */
    uint32_t state_version;
    int (*save)(void *opaque, vp_state_stream *s);
    int (*restore)(void *opaque, vp_state_stream *s);
    /* -- ABI 1.1 ends here -- */
} vp_device_type;

/* ---- Machines (whole platforms from a module) -------------------------- */
/* A machine builds a platform in code through this builder table (the
 * same model a platform YAML fills). Every call returns 0 or VP_E*; text
 * values use the YAML formats ("128MiB", "1GHz", "10us", "0x1000"). The
 * host reports errors naming the machine and the call. */
typedef struct vp_machine_builder vp_machine_builder; /* host-owned */
typedef struct vp_machine_api {
    uint32_t size, abi;
    int (*set_description)(vp_machine_builder *b, const char *text);
    /* cpus: isa, count, frequency; mtime address (0 = none) */
    int (*set_cpus)(vp_machine_builder *b, const char *isa, uint32_t count, const char *frequency,
                    uint64_t mtime_addr);
    /* memory region: kind "ram" | "rom" */
    int (*add_memory)(vp_machine_builder *b, const char *name, const char *kind, uint64_t base, uint64_t size);
    /* device instance; size 0 = the type's default */
    int (*add_device)(vp_machine_builder *b, const char *name, const char *type, uint64_t base, uint64_t size);
    int (*set_option)(vp_machine_builder *b, const char *device, const char *option, const char *value);
    /* "dev.port[i] -> dev.port[j]" as in YAML */
    int (*connect)(vp_machine_builder *b, const char *wire);
    int (*set_quantum)(vp_machine_builder *b, const char *time);
    /* -- ABI 1.1 ends here -- */
} vp_machine_api;

typedef struct vp_machine_type {
    uint32_t size, abi;
    const char *name;        /* used as the platform argument: `vpbridge run NAME` */
    const char *description;
    /* Either a platform YAML shipped with the module (path relative to the
     * module's manifest directory) ... */
    const char *yaml;
    /* ... or code that describes the platform (one of the two, not both). */
    int (*build)(const vp_machine_api *api, vp_machine_builder *b);
    /* -- ABI 1.1 ends here -- */
} vp_machine_type;

/* ---- Module descriptor and registration -------------------------------- */
/* A SystemC-side device type as C code sees it: opaque (the C++ struct is
 * defined in vp_sc_module.h, vp::sc::sc_device_type). */
typedef struct vp_sc_type vp_sc_type;

typedef struct vp_registrar vp_registrar;
struct vp_registrar {
    uint32_t size, abi;
    void *host;
    int (*register_device)(vp_registrar *reg, const vp_device_type *type);
    /* -- ABI 1.0 ends here -- */
    /* -- ABI 1.1 -- */
    int (*register_machine)(vp_registrar *reg, const vp_machine_type *type);
    /* SystemC-side device types: `type` points to a vp_sc_type (the
     * vp::sc::sc_device_type of vp_sc_module.h; `const void *` is the ABI
     * 1.1 slot, converted once by the registry); C modules never call this. */
    int (*register_sc_device)(vp_registrar *reg, const void *type);
    /* -- ABI 1.1 ends here -- */
};

typedef struct vp_module_desc {
    uint32_t size;       /* sizeof(vp_module_desc) */
    uint32_t magic;      /* VP_MODULE_MAGIC */
    uint16_t abi_major;  /* VP_ABI_MAJOR the module was built against */
    uint16_t abi_minor;  /* VP_ABI_MINOR the module was built against */
    const char *name;    /* module name, must match its modinfo */
    const char *version; /* module's own version string */
    int (*init)(const vp_host_api *api, vp_registrar *reg);
    /* -- ABI 1.0 ends here -- */
} vp_module_desc;

/* Build facts that must match between host and module (compiler ABI,
 * pointer size). Checked exactly at load, from the .vp_modinfo section. */
#if defined(__x86_64__)
#define VP_VERMAGIC_ARCH "x86_64"
#elif defined(__aarch64__)
#define VP_VERMAGIC_ARCH "aarch64"
#else
#define VP_VERMAGIC_ARCH "other"
#endif
#define VP_STR2(x) #x
#define VP_STR(x) VP_STR2(x)
#define VP_VERMAGIC VP_VERMAGIC_ARCH "-lp" VP_STR(__SIZEOF_POINTER__) "-le"

/* Declares the descriptor with the ABI version of the headers in use, and a
 * `.vp_modinfo` ELF section of "key=value\0" strings that tools (and the
 * host, before any dlopen) read without running module code. */
#define VP_MODULE_DEFINE(mod_name, mod_version, init_fn)                                          \
    __attribute__((used, section(".vp_modinfo"))) static const char vp__modinfo_strings[] =       \
        "name=" mod_name "\0version=" mod_version "\0abi=" VP_STR(VP_ABI_MAJOR) "." VP_STR(         \
            VP_ABI_MINOR) "\0vermagic=" VP_VERMAGIC "\0";                                           \
    __attribute__((visibility("default"))) const vp_module_desc vp_module_descriptor = {         \
        sizeof(vp_module_desc), VP_MODULE_MAGIC, VP_ABI_MAJOR, VP_ABI_MINOR, (mod_name),           \
        (mod_version), (init_fn)}

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_MODULE_H */
