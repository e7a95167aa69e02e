/* SPDX-License-Identifier: Apache-2.0 */
/* elf.c - the one ELF reader: ELF32/ELF64 little-endian headers, program
 * and section headers, sections and symbols by name, every table checked
 * against the file size. Used by the module registry (.vp_modinfo before
 * dlopen) and by the guest loader (PT_LOAD segments, tohost/fromhost).
 */
#include <inttypes.h>
#include <string.h>

#include "elf_int.h"

static uint64_t rd(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* True if [off, off + len) lies inside the file. */
static bool in_file(const vp__elf *e, uint64_t off, uint64_t len) { return off <= e->size && len <= e->size - off; }

/* True if the string at `off` of a string table of `size` bytes is `want`
 * (terminated inside the table). */
static bool name_is(const uint8_t *tab, uint64_t size, uint64_t off, const char *want)
{
    size_t wlen = strlen(want);
    return off < size && size - off > wlen && memcmp(tab + off, want, wlen + 1) == 0;
}

int vp__elf_parse(vp__elf *e, const char *path, const void *data, size_t size, vp_error **errp)
{
    const uint8_t *d = data;
    memset(e, 0, sizeof(*e));
    e->path = path;
    e->data = d;
    e->size = size;
    if (size < 16 || memcmp(d, "\177ELF", 4) != 0) {
        vp_error_set(errp, VP_EINVAL, "%s: not an ELF file (bad magic)", path);
        return VP_EINVAL;
    }
    if (d[4] != 1 && d[4] != 2) {
        vp_error_set(errp, VP_EINVAL, "%s: bad ELF class %u", path, d[4]);
        return VP_EINVAL;
    }
    e->is64 = d[4] == 2;
    if (d[5] != 1) {
        vp_error_set(errp, VP_EUNSUPP, "%s: not little-endian (EI_DATA %u)", path, d[5]);
        return VP_EUNSUPP;
    }
    if (e->size < (e->is64 ? 64u : 52u)) {
        vp_error_set(errp, VP_EINVAL, "%s: truncated ELF header (%" PRIu64 " bytes)", path, e->size);
        return VP_EINVAL;
    }
    unsigned w = e->is64 ? 8 : 4, h = e->is64 ? 54 : 42;
    e->type = (unsigned)rd(d + 16, 2);
    e->machine = (unsigned)rd(d + 18, 2);
    e->entry = rd(d + 24, w);
    e->phoff = rd(d + 24 + w, w);
    e->shoff = rd(d + 24 + 2 * w, w);
    e->phentsize = (uint32_t)rd(d + h, 2);
    e->phnum = (uint32_t)rd(d + h + 2, 2);
    e->shentsize = (uint32_t)rd(d + h + 4, 2);
    e->shnum = (uint32_t)rd(d + h + 6, 2);
    e->shstrndx = (uint32_t)rd(d + h + 8, 2);
    return 0;
}

/* A table of `num` entries of `entsize` (at least `want`) bytes at `off`. */
static int check_table(const vp__elf *e, const char *what, uint32_t num, uint32_t entsize, uint64_t off,
                       unsigned want, vp_error **errp)
{
    if (num && (entsize < want || !in_file(e, off, (uint64_t)num * entsize))) {
        vp_error_set(errp, VP_EINVAL, "%s: truncated or bad %s header table (%u entries at 0x%" PRIx64 ")", e->path,
                     what, num, off);
        return VP_EINVAL;
    }
    return 0;
}

int vp__elf_check_phdrs(const vp__elf *e, vp_error **errp)
{
    return check_table(e, "program", e->phnum, e->phentsize, e->phoff, e->is64 ? 56 : 32, errp);
}

int vp__elf_check_shdrs(const vp__elf *e, vp_error **errp)
{
    return check_table(e, "section", e->shnum, e->shentsize, e->shoff, e->is64 ? 64 : 40, errp);
}

void vp__elf_phdr_get(const vp__elf *e, uint32_t i, vp__elf_phdr *out)
{
    const uint8_t *ph = e->data + e->phoff + (uint64_t)i * e->phentsize;
    unsigned w = e->is64 ? 8 : 4;
    out->type = (uint32_t)rd(ph, 4);
    out->offset = rd(ph + (e->is64 ? 8 : 4), w);
    out->vaddr = rd(ph + (e->is64 ? 16 : 8), w);
    out->paddr = rd(ph + (e->is64 ? 24 : 12), w);
    out->filesz = rd(ph + (e->is64 ? 32 : 16), w);
    out->memsz = rd(ph + (e->is64 ? 40 : 20), w);
}

void vp__elf_shdr_get(const vp__elf *e, uint32_t i, vp__elf_shdr *out)
{
    const uint8_t *sh = e->data + e->shoff + (uint64_t)i * e->shentsize;
    unsigned w = e->is64 ? 8 : 4;
    out->name = (uint32_t)rd(sh, 4);
    out->type = (uint32_t)rd(sh + 4, 4);
    out->offset = rd(sh + (e->is64 ? 24 : 16), w);
    out->size = rd(sh + (e->is64 ? 32 : 20), w);
    out->link = (uint32_t)rd(sh + (e->is64 ? 40 : 24), 4);
}

const uint8_t *vp__elf_bytes(const vp__elf *e, uint64_t off, uint64_t len)
{
    return in_file(e, off, len) ? e->data + off : NULL;
}

const uint8_t *vp__elf_section_data(const vp__elf *e, const vp__elf_shdr *sh)
{
    return sh->type == VP_ELF_SHT_NOBITS ? NULL : vp__elf_bytes(e, sh->offset, sh->size);
}

int vp__elf_section_by_name(const vp__elf *e, const char *name, vp__elf_shdr *out, vp_error **errp)
{
    vp__elf_shdr strs;
    const uint8_t *names = NULL;
    if (e->shstrndx < e->shnum) {
        vp__elf_shdr_get(e, e->shstrndx, &strs);
        names = vp__elf_bytes(e, strs.offset, strs.size);
    }
    if (!names) {
        vp_error_set(errp, VP_EINVAL, "%s: malformed ELF section headers", e->path);
        return VP_EINVAL;
    }
    for (uint32_t i = 0; i < e->shnum; i++) {
        vp__elf_shdr_get(e, i, out);
        if (name_is(names, strs.size, out->name, name))
            return 1;
    }
    return 0;
}

/* Looks `name` up in one symbol table; the last definition wins. */
static bool find_in_symtab(const vp__elf *e, const vp__elf_shdr *tab, const char *name, uint64_t *value)
{
    unsigned w = e->is64 ? 8 : 4, symsize = e->is64 ? 24 : 16;
    vp__elf_shdr strs;
    if (tab->link >= e->shnum)
        return false;
    vp__elf_shdr_get(e, tab->link, &strs);
    const uint8_t *syms = vp__elf_bytes(e, tab->offset, tab->size), *str = vp__elf_bytes(e, strs.offset, strs.size);
    if (!syms || !str)
        return false;
    bool found = false;
    for (uint64_t s = 0; s + symsize <= tab->size; s += symsize) {
        if (name_is(str, strs.size, rd(syms + s, 4), name)) {
            *value = rd(syms + s + (e->is64 ? 8 : 4), w);
            found = true;
        }
    }
    return found;
}

void vp__elf_functions(const vp__elf *e, void (*fn)(void *opaque, const char *name, uint64_t value, uint64_t size),
                       void *opaque)
{
    unsigned w = e->is64 ? 8 : 4, symsize = e->is64 ? 24 : 16;
    for (uint32_t i = 0; i < e->shnum; i++) {
        vp__elf_shdr tab, strs;
        vp__elf_shdr_get(e, i, &tab);
        if (tab.type != VP_ELF_SHT_SYMTAB || tab.link >= e->shnum)
            continue;
        vp__elf_shdr_get(e, tab.link, &strs);
        const uint8_t *syms = vp__elf_bytes(e, tab.offset, tab.size), *str = vp__elf_bytes(e, strs.offset, strs.size);
        if (!syms || !str)
            continue;
        for (uint64_t s = 0; s + symsize <= tab.size; s += symsize) {
            const uint8_t *y = syms + s;
            unsigned info = e->is64 ? y[4] : y[12];
            uint64_t name = rd(y, 4), value = rd(y + (e->is64 ? 8 : 4), w), size = rd(y + (e->is64 ? 16 : 8), w);
            if ((info & 0xf) != 2 /* STT_FUNC */ || name >= strs.size || !memchr(str + name, 0, strs.size - name))
                continue;
            fn(opaque, (const char *)str + name, value, size);
        }
    }
}

bool vp__elf_symbol(const vp__elf *e, const char *name, uint64_t *value)
{
    bool found = false;
    for (uint32_t i = 0; i < e->shnum; i++) {
        vp__elf_shdr sh;
        vp__elf_shdr_get(e, i, &sh);
        if (sh.type == VP_ELF_SHT_SYMTAB && find_in_symtab(e, &sh, name, value))
            found = true;
    }
    return found;
}
