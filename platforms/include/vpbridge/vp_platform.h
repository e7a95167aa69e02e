/* SPDX-License-Identifier: Apache-2.0 */
/* vp_platform.h - a platform described in YAML or by a machine from a
 * module: read and validate it, build it (RAM, router, device modules,
 * harts, irq wiring), load an ELF, and hand the pieces to whoever runs time
 * (the SystemC bridge, or a test).
 */
#ifndef VPBRIDGE_VP_PLATFORM_H
#define VPBRIDGE_VP_PLATFORM_H

#include <stdio.h>
#include <vpbridge/tlmc.h>
#include <vpbridge/vp_clock.h>
#include <vpbridge/vp_cpu.h>
#include <vpbridge/vp_module.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_platform vp_platform;
typedef struct vp_registry vp_registry; /* vp_registry.h */

/* The `abi` of vp_platform_host, vp_platform_sc_host and
 * vp_platform_options (== 1, the value callers wrote before the scheme of
 * vp_base.h; compatibility is by `size`). */
#define VP_PLATFORM_ABI VP_ABI_VERSION(0, 1)

/* Callbacks from the platform to whoever runs it. */
typedef struct vp_platform_host {
    uint32_t size, abi; /* sizeof(vp_platform_host), VP_PLATFORM_ABI */
    /* A device (test finisher, HTIF) asked to end the run with `status`. */
    void (*request_exit)(void *opaque, int status);
    void *opaque;
} vp_platform_host;

/* SystemC-side devices: hooks the platform calls for a device whose
 * module is `side: systemc`. Installed with vp_platform_set_sc_host before
 * vp_platform_build; without them such a device fails to build ("... needs
 * the SystemC bridge"). The bridge implements them (vpbridge run/check, or
 * an integrator's sc_main: see docs/device-guide.md, "SystemC chapter"). */
typedef struct vp_platform_sc_host {
    uint32_t size, abi; /* sizeof(vp_platform_sc_host), VP_PLATFORM_ABI */
    void *opaque; /* passed to every hook */
    /* Describes SystemC-side device type `type`: the platform reads name,
     * description, opts, opt_count, ports, port_count and default_mmio_size
     * of the result (never its ops) to validate options (file:line:col
     * errors), resolve irq ports and size the MMIO window. Borrowed, valid
     * while the host lives. NULL with *errp set ("unknown type", module load
     * and ABI errors) when the type cannot be used. */
    const vp_device_type *(*describe)(void *opaque, const char *type, vp_error **errp);
    /* Creates instance ctx->name of `type` in the SystemC kernel (during
     * elaboration) and binds it: its initiator socket, if any, to `bus`
     * (the platform's whole address space); every signal port line to an
     * adapter. `ctx` carries the validated options, base, mmio_size, clock
     * and num_harts; it stays valid until the platform is destroyed.
     * Outputs: *dev = the host's handle for the signal calls; *mmio = the C
     * TLM face of the device's target socket (NULL: it has none), which the
     * platform maps at ctx->base. Both are host-owned and must outlive the
     * platform. Returns 0, or VP_E* with *errp set to one line starting
     * "device 'NAME' (TYPE): " (the platform adds the position). */
    int (*create)(void *opaque, const char *type, const vp_device_ctx *ctx, tlmc_target *bus, void **dev,
                  tlmc_target **mmio, vp_error **errp);
    /* The C face of output line `index` of port `port` (index into the
     * described ports); the platform binds it like a C device's output.
     * NULL = no such line. */
    tlmc_signal *(*signal_out)(void *opaque, void *dev, uint32_t port, uint32_t index);
    /* Drives input line `index` of port `port` (from the platform's wiring). */
    void (*signal_in)(void *opaque, void *dev, uint32_t port, uint32_t index, bool level);
} vp_platform_sc_host;

/* Where device modules come from (built-in directory first). */
typedef struct vp_platform_options {
    uint32_t size, abi; /* sizeof(vp_platform_options), VP_PLATFORM_ABI */
    const char *const *module_dirs;   /* NULL-terminated; NULL = built-in dir only */
    const char *const *modinfo_files; /* extra modinfo files (--add-modinfo); NULL-terminated or NULL */
    vp_cpu_accel accel;
    /* Overrides (0 = take the YAML's): */
    vp_time quantum;
    /* Machine modules (--add-machines), NULL-terminated or NULL: each item
     * is a manifest (*.modinfo.yaml) or a .so whose manifest sits next to
     * it (see vp_platform_add_machines). Read after the other sources. */
    const char *const *machine_libs;
    /* The number of harts instead of the platform's cpus.count (0 = the
     * platform's; vpbridge --smp): 1..VP_PLATFORM_MAX_HARTS. The devices
     * sized by the hart count (vp_device_ctx.num_harts) and the device tree
     * follow it; the irqs are expanded for it. A platform whose irqs name a
     * hart by number ("clint0.msip[0] -> hart0.msip" rather than the per-hart
     * "clint0.msip[*] -> hart*.msip") takes only its own count: any other
     * fails to load, at the first such irq. */
    uint32_t cpu_count;
} vp_platform_options;

/* The most harts a platform has (cpus.count, vp_platform_options.cpu_count). */
#define VP_PLATFORM_MAX_HARTS 1024u

/* The built-in module directory (build tree or install prefix). Borrowed. */
VP_API const char *vp_platform_builtin_module_dir(void);

/* A registry set up from `opts` (NULL = built-in dir only): module dirs,
 * modinfo files, then machine_libs. The caller destroys it. */
VP_API vp_registry *vp_platform_registry_create(const vp_platform_options *opts, vp_error **errp);
/* Adds machine modules to `reg`: each NULL-terminated item is the path of
 * a manifest (a name ending in .modinfo.yaml or .yaml), or of a module
 * library DIR/[lib]NAME.so[.*] whose manifest is DIR/NAME.modinfo.yaml or,
 * failing that, DIR/libNAME.modinfo.yaml. The manifest must describe at
 * least one `side: machine` module. Errors start with the item:
 * "--add-machines ITEM: ...". */
VP_API int vp_platform_add_machines(vp_registry *reg, const char *const *items, vp_error **errp);

/* Reads and validates a platform. `path` is a platform YAML when a file of
 * that name exists; otherwise the name of a machine a module provides
 * (a code-built machine runs its build() now; a YAML-shipped one reads the
 * YAML next to its manifest). YAML errors name file:line:col; errors of a
 * code-built machine name the machine and the builder call
 * ("machine 'm': add_device('uart0'): ..."). Neither file nor machine:
 * "platform 'x': no such file, and no machine 'x' (see `vpbridge machines`)".
 * Nothing is instantiated yet; only a machine's own module is loaded. */
VP_API vp_platform *vp_platform_load(const char *path, const vp_platform_options *opts, vp_error **errp);
/* Resolves device types (loading their modules), creates RAM/ROM, the
 * router, the devices and the harts, and wires signal lines. */
VP_API int vp_platform_build(vp_platform *p, const vp_clock *clock, const vp_platform_host *host, vp_error **errp);
/* Loads an ELF (RISC-V, ELF32/ELF64 matching the harts' XLEN) through
 * debug transport; sets every hart's pc to the entry; maps HTIF at
 * `tohost` if the ELF defines it. */
VP_API int vp_platform_load_elf(vp_platform *p, const char *path, vp_error **errp);
/* What `vpbridge run` loads, as QEMU's virt machine loads it (see
 * docs/boot.md). NULL fields are absent. */
typedef struct vp_platform_boot {
    uint32_t size, abi;  /* sizeof(vp_platform_boot), VP_PLATFORM_ABI */
    const char *bios;    /* ELF or raw binary at the start of RAM; NULL or "none": no firmware */
    const char *kernel;  /* ELF, or raw image (at the start of RAM without a bios, else 2 MiB
                          * (RV64) / 4 MiB (RV32) aligned after it) */
    const char *initrd;  /* raw, at kernel entry + min(RAM/2, 128 MiB); in /chosen */
    const char *append;  /* /chosen bootargs */
    const char *dtb;     /* a device tree blob to use instead of the generated one */
} vp_platform_boot;

/* Loads the images of `b`, places the device tree (generated, or b->dtb,
 * with /chosen updated) at the top of RAM as QEMU does, writes the
 * fw_dynamic_info after it, and starts every hart at the first image's
 * entry with a0 = hartid, a1 = the tree, a2 = the fw_dynamic_info.
 * Errors start with the option and the file ("--initrd FILE: ..."). */
VP_API int vp_platform_boot_load(vp_platform *p, const vp_platform_boot *b, vp_error **errp);
/* The built platform's device tree (with `bootargs` in /chosen unless
 * NULL), a blob in *blob (release with free()) of *size bytes. */
VP_API int vp_platform_dtb(const vp_platform *p, const char *bootargs, void **blob, size_t *size, vp_error **errp);
/* The same loader on any bus, no platform needed (e.g. an integrator's
 * SystemC interconnect behind a c_to_sc adapter): checks that `path` is a
 * little-endian RISC-V ET_EXEC of class ELF<xlen> (xlen 32 or 64), writes
 * its PT_LOAD segments at their physical addresses through
 * tlmc_transport_dbg on `bus` (bss zeroed; nothing timed, no DMI), and
 * stores the entry point in *entry and the address of the `tohost` symbol
 * in *tohost (0 if the ELF has none; tohost may be NULL). Touches no hart.
 * Errors (VP_E*, *errp set, message starts with the path): unreadable
 * file (VP_ENOENT), truncated or malformed headers, not RISC-V, wrong
 * class (VP_EINVAL), a segment the bus does not take completely, i.e.
 * debug transport answering 0 bytes somewhere inside it (VP_EFAULT,
 * "is outside any memory region"). Segments before the failing one stay
 * written. Not thread-safe against other users of `bus`. */
VP_API int vp_elf_load(tlmc_target *bus, const char *path, unsigned xlen, uint64_t *entry, uint64_t *tohost,
                       vp_error **errp);
/* Installs the SystemC-side device hooks (copied; NULL removes them).
 * Call before vp_platform_build. VP_EBUSY once built, VP_EABI if h->size
 * is too small. */
VP_API int vp_platform_set_sc_host(vp_platform *p, const vp_platform_sc_host *h, vp_error **errp);
/* Semihosting (docs/semihosting.md): the platform serves its harts'
 * semihosting calls (ARM semihosting operations as RISC-V semihosting
 * defines them; vp_cpu_config.semihost). Guest pointers are physical
 * addresses, read and written through the platform's bus with debug
 * transport (bare-metal M-mode firmware). */
typedef struct vp_platform_semihost {
    uint32_t size, abi;  /* sizeof(vp_platform_semihost), VP_PLATFORM_ABI */
    /* The directory the guest's file names resolve in: relative names only,
     * no ".." above it, no symbolic link followed. NULL: no file access
     * (":tt", the console, still works). */
    const char *root;
    const char *cmdline; /* what SYS_GET_CMDLINE answers; NULL: "" */
} vp_platform_semihost;

/* Turns semihosting on with a copy of `sh` (NULL turns it off). Call
 * before vp_platform_build. Opens sh->root now: VP_ENOENT or VP_EINVAL
 * with "semihosting root 'DIR': <reason>" when it is not a directory that
 * can be opened; VP_EBUSY once built; VP_EABI if sh->size is too small.
 * The calls of all harts are served one at a time (one file table per
 * platform); console output goes to stdout (stderr for ":tt" opened for
 * appending) and is flushed at once, console input comes from stdin. */
VP_API int vp_platform_set_semihost(vp_platform *p, const vp_platform_semihost *sh, vp_error **errp);
/* Calls every device's realize op (after loading, before time starts). */
VP_API int vp_platform_realize(vp_platform *p, vp_error **errp);
VP_API void vp_platform_destroy(vp_platform *p); /* accepts NULL */

VP_API uint32_t vp_platform_cpu_count(const vp_platform *p);
VP_API vp_cpu *vp_platform_cpu(const vp_platform *p, uint32_t index);
VP_API tlmc_router *vp_platform_router(const vp_platform *p);
/* The run's execution digest: every hart's vp_cpu_digest (turn them on
 * with vp_cpu_set_digest before the run) and the contents of every memory
 * (RAM and ROM) now, as one 64-bit hash. Two runs that did the same thing
 * end with the same digest (docs/batch.md, determinism). */
VP_API uint64_t vp_platform_digest(const vp_platform *p);
/* Sync quantum from `sync.quantum` (default 10us) unless overridden. */
VP_API vp_time vp_platform_quantum(const vp_platform *p);
VP_API const char *vp_platform_name(const vp_platform *p);
/* The machine type name when loaded by machine name, else NULL. */
VP_API const char *vp_platform_machine(const vp_platform *p);
/* The registry the platform was loaded with (borrowed, lives as long as
 * the platform): for SystemC-side device types and module listings. */
VP_API vp_registry *vp_platform_registry(const vp_platform *p);

/* The irq lines (the YAML's `irqs`, a '*' line expanded per hart), for
 * observers such as a waveform recorder. After vp_platform_build: line i's
 * source as "dev.port[index]" and the source's output signal. A caller may
 * re-bind the signal's sink to its own function if that forwards every
 * level to the sink it found (tlmc_signal in tlmc.h). NULL for an index out
 * of range or before the build. */
VP_API uint32_t vp_platform_irq_count(const vp_platform *p);
VP_API const char *vp_platform_irq_source(const vp_platform *p, uint32_t i);
VP_API tlmc_signal *vp_platform_irq_signal(const vp_platform *p, uint32_t i);

/* `vpbridge check`: memory map table and irq wiring, human readable. */
VP_API void vp_platform_print(const vp_platform *p, FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_PLATFORM_H */
