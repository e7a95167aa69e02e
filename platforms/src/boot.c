/* SPDX-License-Identifier: Apache-2.0 */
/* boot.c - loads what `vpbridge run` boots (--bios, --kernel, --initrd,
 * --append, --dtb) the way QEMU 7.2's virt machine does (hw/riscv/boot.c):
 * firmware at the start of RAM, a raw kernel after it (aligned 2 MiB on
 * RV64, 4 MiB on RV32) or at the start of RAM without firmware, the initrd
 * at kernel entry + min(RAM / 2, 128 MiB), the device tree at the highest
 * 2 MiB boundary that leaves room for it below min(end of RAM, 3 GiB).
 * QEMU's reset ROM (a0 = hart id, a1 = tree, a2 = fw_dynamic_info, jump)
 * is not modelled: its effect is set directly on the harts, and the
 * fw_dynamic_info lives right after the tree in RAM. docs/boot.md.
 */
#include <string.h>
#include <vpbridge/vp_cpu_riscv.h>

#include "fdt_int.h"
#include "loader_int.h"

#define MIB (1024ull * 1024ull)
#define FW_DYN_MAGIC 0x4942534fu /* "OSBI" */
#define FW_DYN_VERSION 2u
#define FW_DYN_NEXT_S 1u
#define REG_A0 10u /* x10, the first argument register */

/* One placed image, for overlap checks and messages. */
typedef struct boot_img {
    const char *opt, *path;
    uint64_t start, end; /* [start, end) */
} boot_img;

typedef struct boot_state {
    vp_platform *p;
    const pf_mem *ram;
    boot_img imgs[4];
    unsigned n;
} boot_state;

static const pf_mem *first_ram(const vp_platform *p)
{
    for (guint i = 0; i < p->mems->len; i++) {
        const pf_mem *m = g_ptr_array_index(p->mems, i);
        if (!m->rom)
            return m;
    }
    return NULL;
}

/* Records an image; fails if it leaves RAM (raw images) or overlaps another. */
static int place(boot_state *s, const char *opt, const char *path, uint64_t start, uint64_t end, bool in_ram,
                 vp_error **errp)
{
    const pf_mem *r = s->ram;
    const char *sp = path[0] ? " " : ""; /* the generated tree has no file */
    if (in_ram && (start < r->base || end > r->base + r->size || end < start)) {
        vp_error_set(errp, VP_ERANGE, "%s%s%s: [0x%llx..0x%llx] does not fit in ram '%s' [0x%llx..0x%llx]", opt, sp,
                     path, (unsigned long long)start, (unsigned long long)end - 1, r->name,
                     (unsigned long long)r->base, (unsigned long long)(r->base + r->size - 1));
        return VP_ERANGE;
    }
    for (unsigned i = 0; i < s->n; i++) {
        const boot_img *o = &s->imgs[i];
        if (start < o->end && o->start < end) {
            vp_error_set(errp, VP_ERANGE, "%s%s%s: [0x%llx..0x%llx] overlaps %s %s [0x%llx..0x%llx]", opt, sp, path,
                         (unsigned long long)start, (unsigned long long)end - 1, o->opt, o->path,
                         (unsigned long long)o->start, (unsigned long long)o->end - 1);
            return VP_ERANGE;
        }
    }
    s->imgs[s->n++] = (boot_img){opt, path, start, end};
    return 0;
}

/* An error that starts with the file gets the option in front: "--bios PATH: ...". */
static void name_option(vp_error **errp, const char *opt)
{
    if (!errp || !*errp)
        return;
    char *msg = g_strdup_printf("%s %s", opt, (*errp)->msg);
    int code = (*errp)->code;
    vp_error_free(*errp);
    *errp = NULL;
    vp_error_set(errp, code, "%s", msg);
    g_free(msg);
}

static int read_file(const char *opt, const char *path, char **data, size_t *len, vp_error **errp)
{
    int rc = vp_file_read(path, VP_FILE_MAX_BINARY, data, len, errp);
    if (rc)
        name_option(errp, opt);
    return rc;
}

/* Writes an image already known to lie in RAM (place). */
static int write_image(boot_state *s, const char *opt, const char *path, uint64_t at, const void *data,
                       size_t len, vp_error **errp)
{
    if (!vp__pf_write(s->p, at, data, len))
        return 0;
    vp_error_set(errp, VP_EFAULT, "%s %s: cannot write it at 0x%llx", opt, path, (unsigned long long)at);
    return VP_EFAULT;
}

/* An ELF (by its magic) or a raw image at `raw_at`: entry and end. */
static int load_image(boot_state *s, const char *opt, const char *path, uint64_t raw_at, uint64_t *entry,
                      uint64_t *end, vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc = read_file(opt, path, &data, &len, errp);
    if (rc)
        return rc;
    if (len >= 4 && memcmp(data, "\177ELF", 4) == 0) {
        uint64_t start = 0;
        rc = vp__pf_elf_load(s->p, path, data, len, entry, &start, end, errp);
        free(data);
        if (rc)
            name_option(errp, opt);
        return rc ? rc : place(s, opt, path, start, *end, false, errp);
    }
    if (!len) {
        free(data);
        vp_error_set(errp, VP_EINVAL, "%s %s: empty file", opt, path);
        return VP_EINVAL;
    }
    rc = place(s, opt, path, raw_at, raw_at + len, true, errp);
    if (!rc)
        rc = write_image(s, opt, path, raw_at, data, len, errp);
    free(data);
    *entry = raw_at;
    *end = raw_at + len;
    return rc;
}

static int load_initrd(boot_state *s, const char *path, uint64_t kernel_entry, pf_chosen *ch, vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc = read_file("--initrd", path, &data, &len, errp);
    if (rc)
        return rc;
    uint64_t half = s->ram->size / 2;
    uint64_t start = kernel_entry + (half < 128 * MIB ? half : 128 * MIB);
    rc = place(s, "--initrd", path, start, start + len, true, errp);
    if (!rc)
        rc = write_image(s, "--initrd", path, start, data, len, errp);
    free(data);
    ch->has_initrd = true;
    ch->initrd_start = start;
    ch->initrd_end = start + len;
    return rc;
}

/* The tree: generated, or --dtb's; /chosen updated either way. */
static int make_fdt(boot_state *s, const vp_platform_boot *b, const pf_chosen *ch, void **blob, size_t *size,
                    vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc;
    if (b->dtb) {
        rc = read_file("--dtb", b->dtb, &data, &len, errp);
        if (!rc) {
            char *what = g_strdup_printf("--dtb %s", b->dtb);
            rc = vp__pf_fdt_chosen(data, len, what, ch, blob, size, errp);
            g_free(what);
        }
        free(data);
        return rc;
    }
    void *gen = NULL;
    rc = vp__pf_fdt_create(s->p, &gen, &len, errp);
    if (!rc)
        rc = vp__pf_fdt_chosen(gen, len, "device tree", ch, blob, size, errp);
    free(gen);
    return rc;
}

/* QEMU's riscv_load_fdt placement; the fw_dynamic_info right after the
 * tree (or right before it when the tree ends exactly at the end of RAM). */
static int place_fdt(boot_state *s, const char *name, const char *path, const void *fdt, size_t size,
                     uint64_t next_addr, uint64_t *fdt_addr, uint64_t *info_addr, vp_error **errp)
{
    const pf_mem *r = s->ram;
    uint64_t end = r->base + r->size, top = end;
    if (r->base < 3072 * MIB && top > 3072 * MIB)
        top = 3072 * MIB;
    unsigned xb = vp__platform_xlen(s->p) / 8;
    if (top - r->base < size + 6 * xb + 16) {
        vp_error_set(errp, VP_ERANGE, "%s: %zu bytes do not fit in ram '%s'", name, size, r->name);
        return VP_ERANGE;
    }
    *fdt_addr = (top - size) & ~(2 * MIB - 1);
    if (*fdt_addr < r->base)
        *fdt_addr = r->base;
    *info_addr = (*fdt_addr + size + 7) & ~7ull;
    if (*info_addr + 6 * xb > end)
        *info_addr = (*fdt_addr - 6 * xb) & ~7ull;
    uint64_t lo = *info_addr < *fdt_addr ? *info_addr : *fdt_addr;
    uint64_t hi = *info_addr < *fdt_addr ? *fdt_addr + size : *info_addr + 6 * xb;
    int rc = place(s, name, path, lo, hi, true, errp);
    if (rc)
        return rc;
    uint64_t info[6] = {FW_DYN_MAGIC, FW_DYN_VERSION, next_addr, FW_DYN_NEXT_S, 0, 0};
    uint8_t bytes[48];
    for (unsigned i = 0; i < 6; i++)
        for (unsigned k = 0; k < xb; k++)
            bytes[i * xb + k] = (uint8_t)(info[i] >> (8 * k));
    if (vp__pf_write(s->p, *fdt_addr, fdt, size) || vp__pf_write(s->p, *info_addr, bytes, 6 * xb)) {
        vp_error_set(errp, VP_EFAULT, "%s: cannot write it at 0x%llx", name, (unsigned long long)*fdt_addr);
        return VP_EFAULT;
    }
    return 0;
}

/* Firmware and kernel: the start address and the kernel's entry (0: none). */
static int load_images(boot_state *s, const vp_platform_boot *b, uint64_t *start, uint64_t *kentry,
                       vp_error **errp)
{
    uint64_t fw_end = s->ram->base, end = 0;
    bool bios = b->bios && strcmp(b->bios, "none") != 0;
    int rc = 0;
    *kentry = 0;
    if (bios && (rc = load_image(s, "--bios", b->bios, s->ram->base, start, &fw_end, errp)))
        return rc;
    if (b->kernel) {
        uint64_t align = (vp__platform_xlen(s->p) == 32 ? 4 : 2) * MIB;
        uint64_t at = (fw_end + align - 1) & ~(align - 1);
        if ((rc = load_image(s, "--kernel", b->kernel, at, kentry, &end, errp)))
            return rc;
        if (!bios)
            *start = *kentry;
    }
    if (!bios && !b->kernel) {
        vp_error_set(errp, VP_EINVAL, "nothing to boot: give --kernel or --bios FILE");
        return VP_EINVAL;
    }
    return 0;
}

static int boot(boot_state *s, const vp_platform_boot *b, vp_error **errp)
{
    uint64_t start = 0, kentry = 0, fdt_addr = 0, info_addr = 0;
    pf_chosen ch = {.bootargs = b->append};
    int rc = load_images(s, b, &start, &kentry, errp);
    if (!rc && b->initrd && !b->kernel) {
        vp_error_set(errp, VP_EINVAL, "--initrd %s: needs --kernel (it goes after the kernel's entry)", b->initrd);
        rc = VP_EINVAL;
    }
    if (!rc && b->initrd)
        rc = load_initrd(s, b->initrd, kentry, &ch, errp);
    void *fdt = NULL;
    size_t size = 0;
    if (!rc)
        rc = make_fdt(s, b, &ch, &fdt, &size, errp);
    if (!rc)
        rc = place_fdt(s, b->dtb ? "--dtb" : "the device tree", b->dtb ? b->dtb : "", fdt, size, kentry, &fdt_addr,
                       &info_addr, errp);
    free(fdt);
    for (uint32_t i = 0; !rc && i < s->p->cpu_count; i++) {
        vp_cpu *h = s->p->cpus[i];
        vp_cpu_set_pc(h, start);
        vp_cpu_set_reg(h, REG_A0, vp_cpu_hartid(h));
        vp_cpu_set_reg(h, REG_A0 + 1, fdt_addr);
        vp_cpu_set_reg(h, REG_A0 + 2, info_addr);
        vp_cpu_flush_code(h);
    }
    return rc;
}

int vp_platform_boot_load(vp_platform *p, const vp_platform_boot *b, vp_error **errp)
{
    if (!b || b->size < sizeof(*b)) {
        vp_error_set(errp, VP_EABI, "vp_platform_boot: size %u is too small", b ? b->size : 0);
        return VP_EABI;
    }
    if (!p->built) {
        vp_error_set(errp, VP_EINVAL, "platform '%s' is not built", p->name);
        return VP_EINVAL;
    }
    boot_state s = {.p = p, .ram = first_ram(p)};
    if (!s.ram) {
        vp_error_set(errp, VP_EINVAL, "platform '%s': no RAM region to boot from", p->name);
        return VP_EINVAL;
    }
    return boot(&s, b, errp);
}

int vp_platform_dtb(const vp_platform *p, const char *bootargs, void **blob, size_t *size, vp_error **errp)
{
    void *gen = NULL, *out = NULL;
    size_t len = 0;
    pf_chosen ch = {.bootargs = bootargs};
    int rc = vp__pf_fdt_create(p, &gen, &len, errp);
    if (!rc)
        rc = vp__pf_fdt_chosen(gen, len, "device tree", &ch, &out, size, errp);
    free(gen);
    if (rc)
        return rc;
    *blob = out; /* from vp_try_calloc: the caller frees it with free() */
    return 0;
}
