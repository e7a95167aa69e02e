/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cmd.h - tests that run a command (usually the built vpbridge) through
 * the shell and look at its exit status, stdout and stderr. */
#ifndef VP_TEST_CMD_H
#define VP_TEST_CMD_H

typedef struct vp_cmd_result {
    int status;  /* exit status; 128 + signal number if killed */
    char *out;   /* stdout, NUL-terminated (owned) */
    char *err;   /* stderr, NUL-terminated (owned) */
} vp_cmd_result;

/* Runs the shell command built from fmt (printf style). Fails the current
 * cmocka test if it cannot be started. */
vp_cmd_result vp_cmd_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vp_cmd_free(vp_cmd_result *r);
/* The whole file, NUL-terminated and malloc'ed (empty if it cannot be read). */
char *vp_cmd_slurp(const char *path);
/* Writes `text` to DIR/NAME (created or truncated); fails the current cmocka
 * test when it cannot be written. */
void vp_cmd_write_file(const char *dir, const char *name, const char *text);
/* The unsigned number right after the first `key` in `text`; fails the
 * current cmocka test (showing `text`) when `key` is not there. */
unsigned long vp_cmd_number_after(const char *text, const char *key);
/* Removes the directory tree `dir` (a test's scratch directory). */
void vp_cmd_remove_tree(const char *dir);
/* Counts the lines of `text` that contain `needle`. */
unsigned vp_cmd_count_lines(const char *text, const char *needle);

#endif
