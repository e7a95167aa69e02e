/* SPDX-License-Identifier: Apache-2.0 */
/* elfinfo.c - reads a module's `.vp_modinfo` section ("key=value\0"...)
 * through the one ELF reader (common/src/elf.c), without loading it.
 */
#include <string.h>

#include "elf_int.h"
#include "registry_int.h"

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
    int rc = 0;
    vp__elf e;
    vp__elf_shdr sec;
    int found = 0;
    if (vp__elf_parse(&e, path, data, size, NULL) || !e.is64) {
        vp_error_set(errp, VP_EABI, "%s: not an ELF64 little-endian shared object", path);
        rc = VP_EABI;
    } else if (vp__elf_check_shdrs(&e, NULL) || (found = vp__elf_section_by_name(&e, ".vp_modinfo", &sec, NULL)) < 0) {
        vp_error_set(errp, VP_EABI, "%s: malformed ELF section headers", path);
        rc = VP_EABI;
    } else if (found && !vp__elf_section_data(&e, &sec)) {
        vp_error_set(errp, VP_EABI, "%s: section .vp_modinfo lies outside the file", path);
        rc = VP_EABI;
    } else if (found) {
        *out = parse_pairs((const char *)vp__elf_section_data(&e, &sec), sec.size);
    }
    free(data);
    return rc;
}
