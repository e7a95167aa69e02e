/* SPDX-License-Identifier: Apache-2.0 */
/* source_scan.h - reading the source tree in structural tests: list files
 * by suffix, read one whole, blank its comments and literals. Failures
 * end the running cmocka test (fail_msg). */
#ifndef VP_TESTS_SOURCE_SCAN_H
#define VP_TESTS_SOURCE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* A growable list of strings (owned). */
typedef struct scan_list {
    char **v;
    size_t n;
} scan_list;

void scan_list_add(scan_list *l, const char *s);
void scan_list_free(scan_list *l);

/* Appends to *out every regular file under `dir` whose name ends in one of
 * `suffixes` (NULL-terminated), skipping hidden entries, build trees
 * (names starting "build"), symlinks and the frozen ABI headers
 * (tests/abi/v1.0, v1.1). */
void scan_tree(const char *dir, const char *const *suffixes, scan_list *out);
/* Every header of a public include/vpbridge folder of the source tree
 * (VP_SOURCE_DIR), tests excluded. */
void scan_public_headers(scan_list *out);
/* The whole file, NUL-terminated (malloc'ed). */
char *scan_read(const char *path);
/* A copy of C/C++ source `src` with comments and string/char literals
 * blanked: same length and offsets, newlines kept (malloc'ed). */
char *scan_code_only(const char *src);
/* True if identifier `word` occurs in `s` as a whole word. */
bool scan_has_word(const char *s, const char *word);

#endif /* VP_TESTS_SOURCE_SCAN_H */
