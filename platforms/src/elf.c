/* SPDX-License-Identifier: Apache-2.0 */
/* elf.c - the one RISC-V ELF32/ELF64 loader: vp_elf_load writes the
 * PT_LOAD segments onto any C TLM target through debug transport (bss
 * zeroed) and reports entry and `tohost`; vp_platform_load_elf runs it on
 * a built platform's router, points every hart at the entry and maps HTIF
 * at `tohost`. Own header parser; every table is bounds-checked against
 * the file size.
 */
#include <inttypes.h>
#include <string.h>

#include "platform_int.h"

#define EM_RISCV 243
#define ET_EXEC 2
#define PT_LOAD 1
#define SHT_SYMTAB 2
#define LOAD_CHUNK (1u << 20)

typedef struct elf {
    const char *path;
    const uint8_t *d;
    uint64_t size;
    bool is64;
    uint64_t entry, phoff, shoff;
    uint32_t phentsize, phnum, shentsize, shnum;
} elf;

static uint64_t rd(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* True if [off, off + len) lies inside the file. */
static bool in_file(const elf *e, uint64_t off, uint64_t len) { return off <= e->size && len <= e->size - off; }

static int parse_header(elf *e, unsigned xlen, vp_error **errp)
{
    const uint8_t *d = e->d;
    if (e->size < 16 || memcmp(d, "\177ELF", 4) != 0) {
        vp_error_set(errp, VP_EINVAL, "%s: not an ELF file (bad magic)", e->path);
        return VP_EINVAL;
    }
    if (d[4] != 1 && d[4] != 2) {
        vp_error_set(errp, VP_EINVAL, "%s: bad ELF class %u", e->path, d[4]);
        return VP_EINVAL;
    }
    e->is64 = d[4] == 2;
    if (d[5] != 1) {
        vp_error_set(errp, VP_EUNSUPP, "%s: not little-endian (EI_DATA %u)", e->path, d[5]);
        return VP_EUNSUPP;
    }
    if (e->size < (e->is64 ? 64u : 52u)) {
        vp_error_set(errp, VP_EINVAL, "%s: truncated ELF header (%" PRIu64 " bytes)", e->path, e->size);
        return VP_EINVAL;
    }
    if ((e->is64 ? 64u : 32u) != xlen) {
        vp_error_set(errp, VP_EINVAL, "%s: ELF%u file, but the harts are RV%u", e->path, e->is64 ? 64 : 32, xlen);
        return VP_EINVAL;
    }
    unsigned type = (unsigned)rd(d + 16, 2), machine = (unsigned)rd(d + 18, 2);
    if (machine != EM_RISCV) {
        vp_error_set(errp, VP_EINVAL, "%s: machine %u is not RISC-V (%u)", e->path, machine, EM_RISCV);
        return VP_EINVAL;
    }
    if (type != ET_EXEC) {
        vp_error_set(errp, VP_EINVAL, "%s: ELF type %u is not an executable (ET_EXEC)", e->path, type);
        return VP_EINVAL;
    }
    unsigned w = e->is64 ? 8 : 4, b = 24;
    e->entry = rd(d + b, w);
    e->phoff = rd(d + b + w, w);
    e->shoff = rd(d + b + 2 * w, w);
    unsigned h = e->is64 ? 54 : 42;
    e->phentsize = (uint32_t)rd(d + h, 2);
    e->phnum = (uint32_t)rd(d + h + 2, 2);
    e->shentsize = (uint32_t)rd(d + h + 4, 2);
    e->shnum = (uint32_t)rd(d + h + 6, 2);
    unsigned want_ph = e->is64 ? 56 : 32, want_sh = e->is64 ? 64 : 40;
    if (e->phnum && (e->phentsize < want_ph || !in_file(e, e->phoff, (uint64_t)e->phnum * e->phentsize))) {
        vp_error_set(errp, VP_EINVAL, "%s: truncated or bad program header table (%u entries at 0x%" PRIx64 ")",
                     e->path, e->phnum, e->phoff);
        return VP_EINVAL;
    }
    if (e->shnum && (e->shentsize < want_sh || !in_file(e, e->shoff, (uint64_t)e->shnum * e->shentsize))) {
        vp_error_set(errp, VP_EINVAL, "%s: truncated or bad section header table (%u entries at 0x%" PRIx64 ")",
                     e->path, e->shnum, e->shoff);
        return VP_EINVAL;
    }
    return 0;
}

/* Writes `len` bytes (data, or zeros when data is NULL) at addr through
 * debug transport. A target that answers fewer bytes than asked gets the
 * rest asked again at the next address; an answer of 0 bytes is a fault. */
static int dbg_write(tlmc_target *bus, uint64_t addr, const uint8_t *data, uint64_t len)
{
    static const uint8_t zeros[4096];
    while (len) {
        uint32_t n = (uint32_t)(len < LOAD_CHUNK ? len : LOAD_CHUNK);
        if (!data && n > sizeof(zeros))
            n = sizeof(zeros);
        tlmc_payload pl;
        tlmc_payload_init(&pl, TLMC_WRITE, addr, (void *)(data ? data : zeros), n);
        uint32_t done = tlmc_transport_dbg(bus, &pl);
        if (!done)
            return VP_EFAULT;
        addr += done;
        len -= done;
        if (data)
            data += done;
    }
    return 0;
}

static int load_segments(tlmc_target *bus, elf *e, vp_error **errp)
{
    unsigned w = e->is64 ? 8 : 4, loaded = 0;
    for (uint32_t i = 0; i < e->phnum; i++) {
        const uint8_t *ph = e->d + e->phoff + (uint64_t)i * e->phentsize;
        if (rd(ph, 4) != PT_LOAD)
            continue;
        uint64_t off = rd(ph + (e->is64 ? 8 : 4), w), paddr = rd(ph + (e->is64 ? 24 : 12), w);
        uint64_t filesz = rd(ph + (e->is64 ? 32 : 16), w), memsz = rd(ph + (e->is64 ? 40 : 20), w);
        if (!memsz)
            continue;
        loaded++;
        if (filesz > memsz || !in_file(e, off, filesz)) {
            vp_error_set(errp, VP_EINVAL, "%s: segment %u: file data [0x%" PRIx64 " + 0x%" PRIx64 "] is truncated or "
                         "larger than its memory size", e->path, i, off, filesz);
            return VP_EINVAL;
        }
        uint64_t last = paddr + memsz - 1;
        if (last < paddr || (!e->is64 && last > UINT32_MAX)) {
            vp_error_set(errp, VP_ERANGE, "%s: segment %u [0x%" PRIx64 " + 0x%" PRIx64 "] wraps around", e->path, i,
                         paddr, memsz);
            return VP_ERANGE;
        }
        int rc = dbg_write(bus, paddr, e->d + off, filesz);
        if (!rc)
            rc = dbg_write(bus, paddr + filesz, NULL, memsz - filesz);
        if (rc) {
            vp_error_set(errp, VP_EFAULT, "%s: segment %u [0x%" PRIx64 "..0x%" PRIx64 "] is outside any memory region",
                         e->path, i, paddr, last);
            return VP_EFAULT;
        }
    }
    if (!loaded) {
        vp_error_set(errp, VP_EINVAL, "%s: no loadable segment (no PT_LOAD with a memory size): nothing to run",
                     e->path);
        return VP_EINVAL;
    }
    return 0;
}

/* True if [addr, addr + 2) lies in a loaded segment. */
static bool in_segment(const elf *e, uint64_t addr)
{
    unsigned w = e->is64 ? 8 : 4;
    for (uint32_t i = 0; i < e->phnum; i++) {
        const uint8_t *ph = e->d + e->phoff + (uint64_t)i * e->phentsize;
        uint64_t paddr = rd(ph + (e->is64 ? 24 : 12), w), memsz = rd(ph + (e->is64 ? 40 : 20), w);
        if (rd(ph, 4) == PT_LOAD && memsz >= 2 && addr >= paddr && addr - paddr <= memsz - 2)
            return true;
    }
    return false;
}

/* The entry must be code the harts can fetch: inside a loaded segment, or
 * in memory (a region that grants DMI, such as a ROM with an image). */
static int check_entry(tlmc_target *bus, const elf *e, vp_error **errp)
{
    if (in_segment(e, e->entry))
        return 0;
    tlmc_payload p;
    tlmc_dmi dmi;
    memset(&dmi, 0, sizeof dmi);
    tlmc_payload_init(&p, TLMC_READ, e->entry, NULL, 0);
    if (tlmc_get_direct_mem_ptr(bus, &p, &dmi) && dmi.ptr && (dmi.access & TLMC_DMI_READ))
        return 0;
    vp_error_set(errp, VP_EFAULT, "%s: entry point 0x%" PRIx64 " is not in executable memory (neither in a loaded "
                 "segment nor in a memory region)", e->path, e->entry);
    return VP_EFAULT;
}

/* Finds tohost/fromhost in .symtab. */
static void find_htif(const elf *e, uint64_t *tohost, bool *has_to, uint64_t *fromhost, bool *has_from)
{
    unsigned w = e->is64 ? 8 : 4, symsize = e->is64 ? 24 : 16;
    *has_to = *has_from = false;
    for (uint32_t i = 0; i < e->shnum; i++) {
        const uint8_t *sh = e->d + e->shoff + (uint64_t)i * e->shentsize;
        if (rd(sh + 4, 4) != SHT_SYMTAB)
            continue;
        uint64_t off = rd(sh + (e->is64 ? 24 : 16), w), size = rd(sh + (e->is64 ? 32 : 20), w);
        uint32_t link = (uint32_t)rd(sh + (e->is64 ? 40 : 24), 4);
        if (!in_file(e, off, size) || link >= e->shnum)
            continue;
        const uint8_t *str = e->d + e->shoff + (uint64_t)link * e->shentsize;
        uint64_t soff = rd(str + (e->is64 ? 24 : 16), w), ssize = rd(str + (e->is64 ? 32 : 20), w);
        if (!in_file(e, soff, ssize))
            continue;
        for (uint64_t s = 0; s + symsize <= size; s += symsize) {
            const uint8_t *sym = e->d + off + s;
            uint64_t name = rd(sym, 4), value = rd(sym + (e->is64 ? 8 : 4), w);
            if (name >= ssize)
                continue;
            const char *n = (const char *)e->d + soff + name;
            size_t maxlen = (size_t)(ssize - name);
            if (strnlen(n, maxlen) == 6 && strncmp(n, "tohost", maxlen) == 0)
                *tohost = value, *has_to = true;
            else if (strnlen(n, maxlen) == 8 && strncmp(n, "fromhost", maxlen) == 0)
                *fromhost = value, *has_from = true;
        }
    }
}

/* What a load found besides the segments. */
typedef struct elf_result {
    uint64_t entry, tohost, fromhost;
    bool has_to, has_from;
} elf_result;

/* The loader itself: read, parse, write the segments onto `bus`, find HTIF. */
static int elf_load(tlmc_target *bus, const char *path, unsigned xlen, elf_result *r, vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc = vp_file_read(path, VP_FILE_MAX_BINARY, &data, &len, errp);
    if (rc)
        return rc;
    elf e = {.path = path, .d = (const uint8_t *)data, .size = len};
    rc = parse_header(&e, xlen, errp);
    if (!rc)
        rc = load_segments(bus, &e, errp);
    if (!rc)
        rc = check_entry(bus, &e, errp);
    if (!rc) {
        find_htif(&e, &r->tohost, &r->has_to, &r->fromhost, &r->has_from);
        r->entry = e.entry;
    }
    free(data);
    return rc;
}

int vp_elf_load(tlmc_target *bus, const char *path, unsigned xlen, uint64_t *entry, uint64_t *tohost,
                vp_error **errp)
{
    if (!bus || !path || !entry || (xlen != 32 && xlen != 64)) {
        vp_error_set(errp, VP_EINVAL, "%s: vp_elf_load needs a bus, an entry pointer and xlen 32 or 64 (got %u)",
                     path ? path : "(null)", xlen);
        return VP_EINVAL;
    }
    elf_result r = {0};
    int rc = elf_load(bus, path, xlen, &r, errp);
    if (rc)
        return rc;
    *entry = r.entry;
    if (tohost)
        *tohost = r.has_to ? r.tohost : 0;
    return 0;
}

int vp_platform_load_elf(vp_platform *p, const char *path, vp_error **errp)
{
    if (!p->built) {
        vp_error_set(errp, VP_EINVAL, "%s: platform '%s' is not built", path, p->name);
        return VP_EINVAL;
    }
    elf_result r = {0};
    int rc = elf_load(tlmc_router_target(p->router), path, vp__platform_xlen(p), &r, errp);
    if (!rc && r.has_to) {
        rc = vp__htif_create(p, r.tohost, r.has_from, r.fromhost, errp);
        if (rc)
            vp_error_prefix(errp, "%s", path);
    }
    if (!rc) {
        for (uint32_t i = 0; i < p->cpu_count; i++) {
            vp_cpu_set_pc(p->cpus[i], r.entry);
            vp_cpu_flush_code(p->cpus[i]);
        }
    }
    return rc;
}
