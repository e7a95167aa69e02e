/* SPDX-License-Identifier: Apache-2.0 */
/* elf.c - the guest image loader: vp_elf_load writes the PT_LOAD
 * segments onto any C TLM target through debug transport (bss zeroed) and
 * reports entry and `tohost`; vp_platform_load_elf runs it on a built
 * platform's router, points every hart at the entry and maps HTIF at
 * `tohost`. The headers, tables and symbols come from the one ELF reader
 * (common/src/elf.c); what the harts' ISA asks of an image (class, ELF
 * machine) comes from cpu-core (vp_cpu_get_isa_info), so nothing here is
 * specific to one guest ISA but vp_elf_load's RISC-V contract.
 */
#include <inttypes.h>
#include <string.h>

#include "elf_int.h"
#include "htif_int.h"
#include "loader_int.h"
#include "model_int.h"

#define LOAD_CHUNK (1u << 20)

/* The common header checks, then what an image for harts of `isa` must be. */
static int parse_header(vp__elf *e, const char *path, const char *data, size_t size, const vp_cpu_isa_info *isa,
                        vp_error **errp)
{
    int rc = vp__elf_parse(e, path, data, size, errp);
    if (rc)
        return rc;
    if ((e->is64 ? 64u : 32u) != isa->xlen) {
        vp_error_set(errp, VP_EINVAL, "%s: ELF%u file, but the harts are %s", path, e->is64 ? 64 : 32,
                     isa->variant);
        return VP_EINVAL;
    }
    if (e->machine != isa->elf_machine) {
        vp_error_set(errp, VP_EINVAL, "%s: machine %u is not %s (%u)", path, e->machine, isa->display,
                     isa->elf_machine);
        return VP_EINVAL;
    }
    if (e->type != VP_ELF_ET_EXEC) {
        vp_error_set(errp, VP_EINVAL, "%s: ELF type %u is not an executable (ET_EXEC)", path, e->type);
        return VP_EINVAL;
    }
    rc = vp__elf_check_phdrs(e, errp);
    return rc ? rc : vp__elf_check_shdrs(e, errp);
}

/* Writes `len` bytes (data, or zeros when data is NULL) at addr through
 * debug transport. A target that answers fewer bytes than asked gets the
 * rest asked again at the next address; an answer of 0 bytes is a fault. */
static int dbg_write(tlmc_target *bus, uint64_t addr, const uint8_t *data, uint64_t len)
{
    if (!len)
        return 0;
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

static int load_segments(tlmc_target *bus, const vp__elf *e, vp_error **errp)
{
    unsigned loaded = 0;
    for (uint32_t i = 0; i < e->phnum; i++) {
        vp__elf_phdr ph;
        vp__elf_phdr_get(e, i, &ph);
        if (ph.type != VP_ELF_PT_LOAD || !ph.memsz)
            continue;
        loaded++;
        const uint8_t *bytes = vp__elf_bytes(e, ph.offset, ph.filesz);
        if (ph.filesz > ph.memsz || !bytes) {
            vp_error_set(errp, VP_EINVAL, "%s: segment %u: file data [0x%" PRIx64 " + 0x%" PRIx64 "] is truncated or "
                         "larger than its memory size", e->path, i, ph.offset, ph.filesz);
            return VP_EINVAL;
        }
        uint64_t last = ph.paddr + ph.memsz - 1;
        if (last < ph.paddr || (!e->is64 && last > UINT32_MAX)) {
            vp_error_set(errp, VP_ERANGE, "%s: segment %u [0x%" PRIx64 " + 0x%" PRIx64 "] wraps around", e->path, i,
                         ph.paddr, ph.memsz);
            return VP_ERANGE;
        }
        int rc = dbg_write(bus, ph.paddr, bytes, ph.filesz);
        if (!rc)
            rc = dbg_write(bus, ph.paddr + ph.filesz, NULL, ph.memsz - ph.filesz);
        if (rc) {
            vp_error_set(errp, VP_EFAULT, "%s: segment %u [0x%" PRIx64 "..0x%" PRIx64 "] is outside any memory region",
                         e->path, i, ph.paddr, last);
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
static bool in_segment(const vp__elf *e, uint64_t addr)
{
    for (uint32_t i = 0; i < e->phnum; i++) {
        vp__elf_phdr ph;
        vp__elf_phdr_get(e, i, &ph);
        if (ph.type == VP_ELF_PT_LOAD && ph.memsz >= 2 && addr >= ph.paddr && addr - ph.paddr <= ph.memsz - 2)
            return true;
    }
    return false;
}

/* The entry must be code the harts can fetch: inside a loaded segment, or
 * in memory (a region that grants DMI, such as a ROM with an image). */
static int check_entry(tlmc_target *bus, const vp__elf *e, vp_error **errp)
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

/* [*start, *end): the addresses the loaded segments cover. */
static void segment_span(const vp__elf *e, uint64_t *start, uint64_t *end)
{
    *start = UINT64_MAX;
    *end = 0;
    for (uint32_t i = 0; i < e->phnum; i++) {
        vp__elf_phdr ph;
        vp__elf_phdr_get(e, i, &ph);
        if (ph.type != VP_ELF_PT_LOAD || !ph.memsz)
            continue;
        if (ph.paddr < *start)
            *start = ph.paddr;
        if (ph.paddr + ph.memsz > *end)
            *end = ph.paddr + ph.memsz;
    }
}

/* What a load found besides the segments. */
typedef struct elf_result {
    uint64_t entry, tohost, fromhost;
    uint64_t start, end; /* lowest and one past the highest loaded address */
    bool has_to, has_from;
} elf_result;

/* The loader itself on the file's bytes: parse, write the segments onto
 * `bus`, find HTIF. */
static int elf_load_bytes(tlmc_target *bus, const char *path, const char *data, size_t len,
                          const vp_cpu_isa_info *isa, elf_result *r, vp_error **errp)
{
    vp__elf e;
    int rc = parse_header(&e, path, data, len, isa, errp);
    if (!rc)
        rc = load_segments(bus, &e, errp);
    if (!rc)
        rc = check_entry(bus, &e, errp);
    if (!rc) {
        r->has_to = vp__elf_symbol(&e, "tohost", &r->tohost);
        r->has_from = vp__elf_symbol(&e, "fromhost", &r->fromhost);
        r->entry = e.entry;
        segment_span(&e, &r->start, &r->end);
    }
    return rc;
}

/* The same, reading the file at `path`. */
static int elf_load(tlmc_target *bus, const char *path, const vp_cpu_isa_info *isa, elf_result *r,
                    vp_error **errp)
{
    char *data = NULL;
    size_t len = 0;
    int rc = vp_file_read(path, VP_FILE_MAX_BINARY, &data, &len, errp);
    if (!rc)
        rc = elf_load_bytes(bus, path, data, len, isa, r, errp);
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
    /* The public loader's contract (ABI 1): RISC-V images of width xlen. */
    vp_cpu_isa_info isa = {.size = sizeof(isa)};
    int rc = vp_cpu_get_isa_info(xlen == 32 ? "rv32" : "rv64", &isa, errp);
    if (rc)
        return rc;
    elf_result r = {0};
    rc = elf_load(bus, path, &isa, &r, errp);
    if (rc)
        return rc;
    *entry = r.entry;
    if (tohost)
        *tohost = r.has_to ? r.tohost : 0;
    return 0;
}

int vp__pf_elf_load(vp_platform *p, const char *path, const char *data, size_t len, uint64_t *entry,
                    uint64_t *start, uint64_t *end, vp_error **errp)
{
    elf_result r = {0};
    int rc = data ? elf_load_bytes(tlmc_router_target(p->router), path, data, len, &p->isa_info, &r, errp)
                  : elf_load(tlmc_router_target(p->router), path, &p->isa_info, &r, errp);
    if (!rc && r.has_to) {
        rc = vp__htif_create(p, r.tohost, r.has_from, r.fromhost, errp);
        if (rc)
            vp_error_prefix(errp, "%s", path);
    }
    if (!rc) {
        *entry = r.entry;
        *start = r.start;
        *end = r.end;
    }
    return rc;
}

int vp__pf_write(vp_platform *p, uint64_t addr, const void *data, uint64_t len)
{
    return dbg_write(tlmc_router_target(p->router), addr, data, len);
}

int vp_platform_load_elf(vp_platform *p, const char *path, vp_error **errp)
{
    if (!p->built) {
        vp_error_set(errp, VP_EINVAL, "%s: platform '%s' is not built", path, p->name);
        return VP_EINVAL;
    }
    uint64_t entry = 0, start = 0, end = 0;
    int rc = vp__pf_elf_load(p, path, NULL, 0, &entry, &start, &end, errp);
    if (!rc) {
        for (uint32_t i = 0; i < p->cpu_count; i++) {
            vp_cpu_set_pc(p->cpus[i], entry);
            vp_cpu_flush_code(p->cpus[i]);
        }
    }
    return rc;
}
