/* SPDX-License-Identifier: Apache-2.0 */
/* vp_base.h - vpbridge base types: time, status codes, error objects, logging.
 *
 * Self-contained (std C headers only); shared by every vpbridge component
 * and by external device modules.
 */
#ifndef VPBRIDGE_VP_BASE_H
#define VPBRIDGE_VP_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define VP_API __attribute__((visibility("default")))
#define VP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VP_API
#define VP_PRINTF(f, a)
#endif

/* ---- ABI versions ------------------------------------------------------
 * One scheme for every versioned struct of every public header (the ABI
 * families: device modules VP_ABI, C TLM TLMC_ABI, clock VP_CLOCK_ABI, CPU
 * VP_CPU_ABI, platform VP_PLATFORM_ABI; docs/abi.md, "Version scheme"):
 *  - the struct starts with `uint32_t size, abi;`: size = sizeof(struct)
 *    the writer was built with, abi = its family's constant;
 *  - compatibility is by size: fields are only ever appended, and a reader
 *    uses a field only if it lies within the writer's `size`;
 *  - the constant is VP_ABI_VERSION(major, minor); a reader that checks
 *    `abi` compares the major (VP_ABI_MAJOR_OF): a minor only appends.
 * Values already compiled into modules never change: VP_ABI is 1.3 =
 * 0x10003 today; TLMC_ABI, VP_CLOCK_ABI, VP_CPU_ABI and VP_PLATFORM_ABI
 * were the bare number 1 before this scheme, which reads as 0.1 (major 0,
 * their first). No casts: the values keep their int type and work in #if. */
#define VP_ABI_VERSION(major, minor) (((major) << 16) | (minor))
#define VP_ABI_MAJOR_OF(abi) (((abi) >> 16) & 0xffff)
#define VP_ABI_MINOR_OF(abi) ((abi) & 0xffff)

/* ---- Time -------------------------------------------------------------
 * Simulated time is an unsigned count of picoseconds (SystemC's default
 * resolution). 2^64 ps is about 213 days of simulated time. */
typedef uint64_t vp_time;
#define VP_PS ((vp_time)1)
#define VP_NS ((vp_time)1000)
#define VP_US ((vp_time)1000000)
#define VP_MS ((vp_time)1000000000)
#define VP_SEC ((vp_time)1000000000000ull)
#define VP_TIME_MAX UINT64_MAX

/* ---- Status codes ------------------------------------------------------
 * Functions return int: 0 = OK, negative VP_E* on failure. */
#define VP_ERRNO_MAP(X)                                   \
    X(OK, 0, "success")                                   \
    X(EINVAL, -1, "invalid argument")                     \
    X(ENOMEM, -2, "out of memory")                        \
    X(ENOENT, -3, "not found")                            \
    X(EIO, -4, "input/output error")                      \
    X(EPARSE, -5, "parse error")                          \
    X(EEXIST, -6, "already exists")                       \
    X(EABI, -7, "ABI mismatch")                           \
    X(EBUSY, -8, "busy")                                  \
    X(ERANGE, -9, "out of range")                         \
    X(EUNSUPP, -10, "not supported")                      \
    X(EFAULT, -11, "bad address")

enum {
#define VP_X_ENUM(name, val, msg) VP_##name = (val),
    VP_ERRNO_MAP(VP_X_ENUM)
#undef VP_X_ENUM
};

/* Returns a static description of a VP_E* code (never NULL). */
VP_API const char *vp_strerror(int code);

/* True if rc is 0 or one of the VP_E* codes above: how the host tells a
 * module's status from garbage (header-only, no ABI entry). */
static inline bool vp_status_known(int rc)
{
    switch (rc) {
#define VP_X_CASE(name, val, msg) case (val):
        VP_ERRNO_MAP(VP_X_CASE)
#undef VP_X_CASE
        return true;
    default:
        return false;
    }
}

/* ---- Error objects -----------------------------------------------------
 * Control-plane functions take a trailing `vp_error **errp`. On failure
 * they set *errp (if errp is non-NULL and *errp is NULL) and return a
 * negative code or NULL. The caller owns the error and frees it with
 * vp_error_free(). */
typedef struct vp_error {
    int code;          /* VP_E* */
    char *msg;         /* one line, "file:line:col: what is wrong" when a file is known */
} vp_error;

/* Sets *errp to a new error with a printf-formatted message. If errp is
 * NULL or *errp already holds an error, the message is dropped. */
VP_API void vp_error_set(vp_error **errp, int code, const char *fmt, ...) VP_PRINTF(3, 4);
VP_API void vp_error_setv(vp_error **errp, int code, const char *fmt, va_list ap);
/* Prefixes an existing error message: "prefix: old". No-op if no error. */
VP_API void vp_error_prefix(vp_error **errp, const char *fmt, ...) VP_PRINTF(2, 3);
VP_API void vp_error_free(vp_error *err);

/* ---- Logging -----------------------------------------------------------
 * Categories are bits; the embedder sets the mask and the sink. Check the
 * mask (vp_log_enabled) before formatting expensive messages. */
typedef enum vp_log_cat {
    VP_LOG_EXEC = 1u << 0,        /* executed blocks */
    VP_LOG_MMU = 1u << 1,         /* soft TLB, DMI */
    VP_LOG_TB = 1u << 2,          /* translation */
    VP_LOG_GUEST_ERROR = 1u << 3, /* guest did something invalid */
    VP_LOG_UNIMP = 1u << 4,       /* unimplemented device feature used */
    VP_LOG_PLUGIN = 1u << 5,      /* module loading */
    VP_LOG_INT = 1u << 6,         /* interrupts and exceptions */
    VP_LOG_TLM = 1u << 7,         /* TLM transactions */
    VP_LOG_IN_ASM = 1u << 8,      /* guest code of each new block */
    VP_LOG_OUT_ASM = 1u << 9,     /* IR / host code of each new block */
    VP_LOG_SYNC = 1u << 10,       /* time synchronisation */
} vp_log_cat;

typedef enum vp_log_level { VP_LVL_ERROR = 0, VP_LVL_WARN = 1, VP_LVL_INFO = 2, VP_LVL_DEBUG = 3 } vp_log_level;

typedef void (*vp_log_sink_fn)(void *opaque, unsigned cat, int lvl, const char *msg);

/* Process-wide mask of enabled categories (default: GUEST_ERROR | UNIMP).
 * Messages at VP_LVL_ERROR are shown whatever the mask says. */
VP_API extern unsigned vp_log_mask;
static inline bool vp_log_enabled(unsigned cat) { return (vp_log_mask & cat) != 0; }
VP_API void vp_log_set_sink(vp_log_sink_fn fn, void *opaque);
VP_API void vp_log_msg(unsigned cat, int lvl, const char *fmt, ...) VP_PRINTF(3, 4);
VP_API void vp_log_msgv(unsigned cat, int lvl, const char *fmt, va_list ap);
/* Parses "in_asm,out_asm,exec,int,tlm,mmu,tb,guest_errors,unimp,plugin,sync"
 * into a mask. Returns 0 or VP_EINVAL (sets errp naming the bad item). */
VP_API int vp_log_parse_mask(const char *list, unsigned *mask, vp_error **errp);

#define vp_log(cat, lvl, ...)                                                  \
    do {                                                                       \
        if ((lvl) == VP_LVL_ERROR || vp_log_enabled(cat))                      \
            vp_log_msg((cat), (lvl), __VA_ARGS__);                             \
    } while (0)

/* Parses a time such as "10us", "2s", "100 ns", "1.5ms" into picoseconds.
 * Blanks may separate the number and the unit, nowhere else.
 * Returns 0 or VP_EINVAL. */
VP_API int vp_time_parse(const char *s, vp_time *out);
/* Parses a size such as "128M", "4KiB", "0x1000" into bytes. */
VP_API int vp_size_parse(const char *s, uint64_t *out);
/* Parses a frequency such as "100MHz", "1GHz", "10000000". */
VP_API int vp_freq_parse(const char *s, uint64_t *hz);

/* ---- Input files -------------------------------------------------------
 * Every file vpbridge reads (platform YAML, manifests, module libraries,
 * ELF kernels, ROM images) is checked first: a FIFO, device or directory
 * would block or never end. */
#define VP_FILE_MAX_BINARY (4ull << 30) /* ELF, ROM image, module library: 4 GiB */
#define VP_FILE_MAX_TEXT (64ull << 20)  /* platform YAML, manifest: 64 MiB */

/* Checks that `path` (symlinks followed) is a regular file of at most
 * `max_size` bytes and stores its size in *size (if non-NULL). Errors (one
 * line): "PATH: not a regular file", "PATH: N bytes, more than the limit of
 * M", "PATH: <strerror>". Returns 0, VP_ENOENT, VP_EINVAL or VP_ERANGE. */
VP_API int vp_file_check(const char *path, uint64_t max_size, uint64_t *size, vp_error **errp);
/* Reads the whole file at `path` through a close-on-exec descriptor, after
 * the same checks as vp_file_check (on the opened file, so nothing can be
 * swapped in between; a FIFO is refused without waiting for a writer).
 * *data (malloc'ed, free() it) holds *size bytes and a NUL after them.
 * Returns 0, or VP_ENOENT / VP_EINVAL / VP_ERANGE / VP_EIO / VP_ENOMEM with
 * *errp set to one line that names the file ("PATH: No such file or
 * directory", "PATH: not a regular file"). */
VP_API int vp_file_read(const char *path, uint64_t max_size, char **data, size_t *size, vp_error **errp);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_BASE_H */
