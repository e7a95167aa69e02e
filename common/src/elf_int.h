/* SPDX-License-Identifier: Apache-2.0 */
/* elf_int.h - the one ELF reader (internal to the project's libraries, not
 * installed): ELF32/ELF64 little-endian file header, program and section
 * headers, sections by name and symbols by name, over a file already in
 * memory. Every offset and count is checked against the file size before
 * it is read; errors are one line naming the file.
 */
#ifndef VPBRIDGE_ELF_INT_H
#define VPBRIDGE_ELF_INT_H

#include <vpbridge/vp_base.h>

#define VP_ELF_ET_EXEC 2
#define VP_ELF_PT_LOAD 1
#define VP_ELF_SHT_SYMTAB 2
#define VP_ELF_SHT_NOBITS 8

/* A parsed file header over borrowed file contents. */
typedef struct vp__elf {
    const char *path;    /* for messages */
    const uint8_t *data; /* the whole file (borrowed) */
    uint64_t size;
    bool is64;
    unsigned type, machine;
    uint64_t entry, phoff, shoff;
    uint32_t phentsize, phnum, shentsize, shnum, shstrndx;
} vp__elf;

typedef struct vp__elf_phdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz;
} vp__elf_phdr;

typedef struct vp__elf_shdr {
    uint32_t name, type, link;
    uint64_t offset, size;
} vp__elf_shdr;

/* Reads the identification and the file header of `data` (size bytes).
 * Errors: "path: not an ELF file (bad magic)", "path: bad ELF class N"
 * (VP_EINVAL), "path: not little-endian (EI_DATA N)" (VP_EUNSUPP),
 * "path: truncated ELF header (N bytes)" (VP_EINVAL). The tables are not
 * looked at: see vp__elf_check_phdrs / vp__elf_check_shdrs. */
int vp__elf_parse(vp__elf *e, const char *path, const void *data, size_t size, vp_error **errp);

/* The program / section header table lies in the file with entries of at
 * least the standard size (an empty table always passes). Errors:
 * "path: truncated or bad program|section header table (N entries at 0xOFF)". */
int vp__elf_check_phdrs(const vp__elf *e, vp_error **errp);
int vp__elf_check_shdrs(const vp__elf *e, vp_error **errp);

/* Entry i of a checked table (i < phnum / shnum). */
void vp__elf_phdr_get(const vp__elf *e, uint32_t i, vp__elf_phdr *out);
void vp__elf_shdr_get(const vp__elf *e, uint32_t i, vp__elf_shdr *out);

/* The bytes [off, off + len) of the file, or NULL if they are not all in it. */
const uint8_t *vp__elf_bytes(const vp__elf *e, uint64_t off, uint64_t len);
/* A section's contents in the file, or NULL (SHT_NOBITS, or outside the file). */
const uint8_t *vp__elf_section_data(const vp__elf *e, const vp__elf_shdr *sh);

/* Finds the section named `name` in a checked section table: 1 and *out
 * when found, 0 when absent, VP_EINVAL ("path: malformed ELF section
 * headers") when there is no section name table to look in. */
int vp__elf_section_by_name(const vp__elf *e, const char *name, vp__elf_shdr *out, vp_error **errp);

/* Looks `name` up in every SHT_SYMTAB of a checked section table (the last
 * definition wins); symbol tables that do not lie in the file are passed
 * over. Returns true and its value in *value if found. */
bool vp__elf_symbol(const vp__elf *e, const char *name, uint64_t *value);

/* Calls fn for every function symbol (STT_FUNC) of every SHT_SYMTAB of a
 * checked section table, with its name, value and size. */
void vp__elf_functions(const vp__elf *e, void (*fn)(void *opaque, const char *name, uint64_t value, uint64_t size),
                       void *opaque);

#endif /* VPBRIDGE_ELF_INT_H */
