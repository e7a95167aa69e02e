/* SPDX-License-Identifier: Apache-2.0 */
/* elfinfo.c - reads a module's `.vp_modinfo` section ("key=value\0"...)
 * straight from its ELF64 section headers, without loading it.
 */
#include <elf.h>
#include <string.h>

#include "registry_int.h"

/* Bounds-checked view of the file contents. */
typedef struct fview {
    const uint8_t *p;
    size_t size;
} fview;

static bool in_file(const fview *f, uint64_t off, uint64_t len)
{
    return off <= f->size && len <= f->size - off;
}

/* Returns the section header named `want`, or NULL. *bad is set on malformed tables. */
static const Elf64_Shdr *find_section(const fview *f, const char *want, bool *bad)
{
    Elf64_Ehdr eh;
    memcpy(&eh, f->p, sizeof(eh));
    *bad = true;
    if (eh.e_shentsize != sizeof(Elf64_Shdr) || !in_file(f, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr)))
        return NULL;
    if (eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum || eh.e_shoff % 8)
        return NULL;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(f->p + eh.e_shoff);
    const Elf64_Shdr *strs = &sh[eh.e_shstrndx];
    if (!in_file(f, strs->sh_offset, strs->sh_size))
        return NULL;
    const char *names = (const char *)f->p + strs->sh_offset;
    size_t wlen = strlen(want);
    *bad = false;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        uint64_t n = sh[i].sh_name;
        if (n < strs->sh_size && strs->sh_size - n > wlen && memcmp(names + n, want, wlen + 1) == 0)
            return &sh[i];
    }
    return NULL;
}

/* Splits "k=v\0k=v\0" into a table; the first occurrence of a key wins. */
static GHashTable *parse_pairs(const char *s, size_t size)
{
    GHashTable *kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    size_t i = 0;
    while (i < size) {
        size_t len = strnlen(s + i, size - i);
        char *item = g_strndup(s + i, len);
        char *eq = strchr(item, '=');
        if (eq && eq != item) {
            *eq = '\0';
            if (!g_hash_table_contains(kv, item))
                g_hash_table_insert(kv, g_strdup(item), g_strdup(eq + 1));
        }
        g_free(item);
        i += len + 1;
    }
    return kv;
}

int vp__elf_modinfo(const char *path, GHashTable **out, vp_error **errp)
{
    char *data = NULL;
    size_t size = 0;
    *out = NULL;
    int frc = vp_file_read(path, VP_FILE_MAX_BINARY, &data, &size, errp);
    if (frc != 0)
        return frc;
    fview f = {(const uint8_t *)data, size};
    int rc = 0;
    if (size < sizeof(Elf64_Ehdr) || memcmp(data, ELFMAG, SELFMAG) != 0 || data[EI_CLASS] != ELFCLASS64 ||
        data[EI_DATA] != ELFDATA2LSB) {
        vp_error_set(errp, VP_EABI, "%s: not an ELF64 little-endian shared object", path);
        rc = VP_EABI;
        goto out;
    }
    bool bad;
    const Elf64_Shdr *sec = find_section(&f, ".vp_modinfo", &bad);
    if (bad) {
        vp_error_set(errp, VP_EABI, "%s: malformed ELF section headers", path);
        rc = VP_EABI;
    } else if (sec && (sec->sh_type == SHT_NOBITS || !in_file(&f, sec->sh_offset, sec->sh_size))) {
        vp_error_set(errp, VP_EABI, "%s: section .vp_modinfo lies outside the file", path);
        rc = VP_EABI;
    } else if (sec) {
        *out = parse_pairs(data + sec->sh_offset, sec->sh_size);
    }
out:
    free(data);
    return rc;
}
