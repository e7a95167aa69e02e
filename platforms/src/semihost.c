/* SPDX-License-Identifier: Apache-2.0 */
/* semihost.c - semihosting: the platform's answer to its harts'
 * semihosting calls (vp_cpu_config.semihost), with the operations and
 * semantics of ARM semihosting as RISC-V semihosting reuses them. One
 * file table of host descriptors per platform, confined to one directory;
 * the console on stdin/stdout/stderr; simulated time (a run stays
 * deterministic); SYS_EXIT ends the run like the test finisher. Guest
 * pointers are physical addresses, accessed with debug transport.
 * docs/semihosting.md is the user's view.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "semihost_int.h"

/* Operation numbers (a0). */
enum {
    SH_OPEN = 0x01, SH_CLOSE = 0x02, SH_WRITEC = 0x03, SH_WRITE0 = 0x04, SH_WRITE = 0x05,
    SH_READ = 0x06, SH_READC = 0x07, SH_ISERROR = 0x08, SH_ISTTY = 0x09, SH_SEEK = 0x0a,
    SH_FLEN = 0x0c, SH_TMPNAM = 0x0d, SH_REMOVE = 0x0e, SH_RENAME = 0x0f, SH_CLOCK = 0x10,
    SH_TIME = 0x11, SH_SYSTEM = 0x12, SH_ERRNO = 0x13, SH_GET_CMDLINE = 0x15, SH_HEAPINFO = 0x16,
    SH_EXIT = 0x18, SH_EXIT_EXTENDED = 0x20, SH_ELAPSED = 0x30, SH_TICKFREQ = 0x31,
};

#define SH_REG_A0 10u /* operation in, result out */
#define SH_REG_A1 11u /* parameter */
#define SH_STOPPED_APPLICATION_EXIT 0x20026u /* ADP_Stopped_ApplicationExit */
#define SH_MAX_HANDLES 256
#define SH_MAX_NAME 4096                  /* longest file name a guest may pass */
#define SH_CHUNK 65536u                   /* bytes per host read/write round */
#define SH_EPOCH 946684800                /* SYS_TIME at simulated time 0: 2000-01-01T00:00:00Z */
#define SH_TICKS_PER_SEC 1000000000u      /* SYS_ELAPSED counts simulated nanoseconds */

/* ":semihosting-features": magic, then feature byte 0 = SH_EXT_EXIT_EXTENDED
 * (bit 0) | SH_EXT_STDOUT_STDERR (bit 1). */
static const uint8_t k_features[5] = {'S', 'H', 'F', 'B', 0x03};

typedef enum sh_kind { SH_FREE = 0, SH_FILE, SH_STDIN, SH_STDOUT, SH_STDERR, SH_FEATURES } sh_kind;

typedef struct sh_handle {
    sh_kind kind;
    int fd;       /* SH_FILE: the host descriptor */
    uint64_t pos; /* SH_FEATURES: read position */
} sh_handle;

struct pf_semihost {
    vp_platform *p;
    int rootfd;          /* -1: no file access */
    char *cmdline;
    GMutex lock;         /* one call at a time, whichever hart makes it */
    int err;             /* SYS_ERRNO: guest errno of the last failed call */
    bool out_failed;     /* a console write failed (reported once) */
    bool warned_other;   /* an unsupported operation >= 256 was reported */
    uint8_t warned[32];  /* unsupported operations 0..255 already reported */
    sh_handle h[SH_MAX_HANDLES]; /* handle n (1..) is h[n - 1] */
};

/* One call in progress. */
typedef struct sh_call {
    pf_semihost *s;
    vp_cpu *cpu;
    uint64_t op, arg;  /* a0, a1 */
    unsigned wsize;    /* bytes per parameter word: XLEN / 8 */
    vp_time now;       /* the hart's simulated time */
} sh_call;

/* ---- errno, guest memory -------------------------------------------------- */

/* A host errno as the guest's C library numbers it (newlib and picolibc:
 * 1..34 are Linux's; the others that file calls meet are mapped; the rest
 * become EIO). */
static int guest_errno(int e)
{
    if (e > 0 && e <= 34)
        return e;
    switch (e) {
    case ENOSYS: return 88;
    case ENOTEMPTY: return 90;
    case ENAMETOOLONG: return 91;
    case ELOOP: return 92;
    case EOVERFLOW: return 139;
    default: return 5;
    }
}

/* Records host errno `e` for SYS_ERRNO; the call's answer is -1. */
static int64_t fail(sh_call *c, int e)
{
    c->s->err = guest_errno(e);
    return -1;
}

/* Copies between `buf` and guest physical memory; false if some byte is
 * not there (nothing mapped, or a target without debug access). */
static bool mem_rw(const sh_call *c, uint64_t addr, void *buf, size_t size, bool write)
{
    tlmc_router *r = c->s->p->router;
    uint64_t top = c->wsize == 4 ? UINT32_MAX : UINT64_MAX;
    uint8_t *b = buf;
    if (!r || (size && (addr > top || size - 1 > top - addr)))
        return false;
    while (size) {
        tlmc_payload pl;
        tlmc_payload_init(&pl, write ? TLMC_WRITE : TLMC_READ, addr, b, size > SH_CHUNK ? SH_CHUNK : (uint32_t)size);
        uint32_t n = tlmc_transport_dbg(tlmc_router_target(r), &pl);
        if (n == 0)
            return false;
        addr += n;
        b += n;
        size -= n;
    }
    return true;
}

/* Parameter word i of the block at a1 (little-endian, XLEN wide). */
static bool arg_word(const sh_call *c, unsigned i, uint64_t *v)
{
    uint8_t b[8] = {0};
    if (!mem_rw(c, c->arg + (uint64_t)i * c->wsize, b, c->wsize, false))
        return false;
    *v = 0;
    for (unsigned k = c->wsize; k-- > 0;)
        *v = *v << 8 | b[k];
    return true;
}

static bool put_word(const sh_call *c, uint64_t addr, uint64_t v)
{
    uint8_t b[8];
    for (unsigned k = 0; k < 8; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    return mem_rw(c, addr, b, c->wsize, true);
}

/* A word as a signed number (an RV32 word sign-extended). */
static int64_t sword(const sh_call *c, uint64_t v)
{
    return c->wsize == 4 ? (int64_t)(int32_t)v : (int64_t)v;
}

/* The guest string of `len` bytes at `addr` (g_free); NULL and *err set
 * when too long, unreadable or with a NUL inside. */
static char *guest_name(const sh_call *c, uint64_t addr, uint64_t len, int *err)
{
    if (len >= SH_MAX_NAME) {
        *err = ENAMETOOLONG;
        return NULL;
    }
    char *s = g_malloc0(len + 1);
    if (!mem_rw(c, addr, s, len, false) || memchr(s, '\0', len)) {
        *err = memchr(s, '\0', len) ? EINVAL : EFAULT;
        g_free(s);
        return NULL;
    }
    return s;
}

/* ---- confinement ---------------------------------------------------------- */

/* errno `e` of an openat of `comp` in `dirfd`: a symbolic link is refused. */
static int refusal(int dirfd, const char *comp, int e)
{
    struct stat st;
    if ((e == ELOOP || e == ENOTDIR) && fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode))
        return -EACCES;
    return -e;
}

/* The components of `name` with "." and "" dropped and ".." applied (the
 * strings are borrowed from `parts`); -EACCES above the root or for the
 * root itself. */
static int split_name(char **parts, GPtrArray *keep)
{
    for (char **q = parts; *q; q++) {
        if (!**q || strcmp(*q, ".") == 0)
            continue;
        if (strcmp(*q, "..") != 0) {
            g_ptr_array_add(keep, *q);
            continue;
        }
        if (keep->len == 0)
            return -EACCES;
        g_ptr_array_remove_index(keep, keep->len - 1);
    }
    return keep->len ? 0 : -EACCES;
}

int vp__semihost_parent(int rootfd, const char *name, char **last)
{
    *last = NULL;
    if (rootfd < 0 || name[0] == '/')
        return -EACCES;
    if (!name[0])
        return -ENOENT;
    char **parts = g_strsplit(name, "/", -1);
    GPtrArray *keep = g_ptr_array_new();
    int fd = split_name(parts, keep);
    if (fd == 0 && (fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 3)) < 0)
        fd = -errno;
    for (guint i = 0; fd >= 0 && i + 1 < keep->len; i++) {
        const char *comp = g_ptr_array_index(keep, i);
        int next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0)
            next = refusal(fd, comp, errno);
        close(fd);
        fd = next;
    }
    if (fd >= 0)
        *last = g_strdup(g_ptr_array_index(keep, keep->len - 1));
    g_ptr_array_free(keep, TRUE);
    g_strfreev(parts);
    return fd;
}

int vp__semihost_open(int rootfd, const char *name, int flags)
{
    char *last = NULL;
    int dir = vp__semihost_parent(rootfd, name, &last);
    if (dir < 0)
        return dir;
    /* O_NONBLOCK: a FIFO put there must not hang the run before it is refused */
    int fd = openat(dir, last, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
    struct stat st = {0};
    if (fd < 0) {
        fd = refusal(dir, last, errno);
    } else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
        close(fd);
        fd = -e;
    } else {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    close(dir);
    g_free(last);
    return fd;
}

/* ---- handles, console ----------------------------------------------------- */

/* The open handle `n`, or NULL. */
static sh_handle *handle(pf_semihost *s, uint64_t n)
{
    return n >= 1 && n <= SH_MAX_HANDLES && s->h[n - 1].kind != SH_FREE ? &s->h[n - 1] : NULL;
}

/* A free handle for `kind` (fd: SH_FILE's descriptor); -1 when all are taken. */
static int64_t handle_new(pf_semihost *s, sh_kind kind, int fd)
{
    for (int i = 0; i < SH_MAX_HANDLES; i++) {
        if (s->h[i].kind == SH_FREE) {
            s->h[i] = (sh_handle){.kind = kind, .fd = fd};
            return i + 1;
        }
    }
    return -1;
}

/* Console output, flushed at once (in order with the UART's on stdout). A
 * failure is reported once, as a device's output error is. */
static size_t console_write(pf_semihost *s, FILE *f, const void *buf, size_t n)
{
    errno = 0;
    size_t done = fwrite(buf, 1, n, f);
    if ((fflush(f) == EOF || done < n) && !s->out_failed) {
        s->out_failed = true;
        vp_log(VP_LOG_PLUGIN, VP_LVL_ERROR, "semihosting: cannot write to %s: %s", f == stderr ? "stderr" : "stdout",
               strerror(errno ? errno : EIO));
    }
    return done;
}

/* One read(2) of stdin (what is there, at least a byte, or EOF). */
static ssize_t console_read(void *buf, size_t n)
{
    ssize_t got;
    do
        got = read(STDIN_FILENO, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

/* ---- the operations --------------------------------------------------------- */

/* SYS_OPEN {name, mode 0..11 (fopen's r rb r+ r+b w wb w+ w+b a ab a+ a+b), length}. */
static int64_t sys_open(sh_call *c)
{
    static const int flags[6] = {O_RDONLY, O_RDWR, O_WRONLY | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
                                 O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND};
    uint64_t addr, mode, len;
    int e = 0;
    if (!arg_word(c, 0, &addr) || !arg_word(c, 1, &mode) || !arg_word(c, 2, &len))
        return fail(c, EFAULT);
    if (mode > 11)
        return fail(c, EINVAL);
    char *name = guest_name(c, addr, len, &e);
    if (!name)
        return fail(c, e);
    int64_t r;
    int fd = -1;
    if (strcmp(name, ":tt") == 0)
        r = handle_new(c->s, mode < 4 ? SH_STDIN : mode < 8 ? SH_STDOUT : SH_STDERR, -1);
    else if (strcmp(name, ":semihosting-features") == 0)
        r = mode < 2 ? handle_new(c->s, SH_FEATURES, -1) : -EACCES;
    else if ((fd = vp__semihost_open(c->s->rootfd, name, flags[mode / 2])) < 0)
        r = fd;
    else if ((r = handle_new(c->s, SH_FILE, fd)) < 0)
        close(fd);
    g_free(name);
    return r == -1 ? fail(c, EMFILE) : r < 0 ? fail(c, (int)-r) : r;
}

static int64_t sys_close(sh_call *c)
{
    uint64_t n;
    if (!arg_word(c, 0, &n))
        return fail(c, EFAULT);
    sh_handle *h = handle(c->s, n);
    if (!h)
        return fail(c, EBADF);
    int rc = h->kind == SH_FILE ? close(h->fd) : 0;
    int e = errno;
    *h = (sh_handle){.kind = SH_FREE, .fd = -1};
    return rc ? fail(c, e) : 0;
}

/* write(2) until all of buf is written or an error (errno) stops it. */
static size_t write_all(int fd, const uint8_t *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    return done;
}

/* SYS_WRITE {handle, buffer, length}: the number of bytes NOT written. */
static int64_t sys_write(sh_call *c)
{
    uint64_t n, addr, len;
    if (!arg_word(c, 0, &n) || !arg_word(c, 1, &addr) || !arg_word(c, 2, &len))
        return fail(c, EFAULT);
    sh_handle *h = handle(c->s, n);
    if (!h || h->kind == SH_STDIN || h->kind == SH_FEATURES)
        return fail(c, EBADF);
    uint8_t *buf = g_malloc(len < SH_CHUNK ? len + 1 : SH_CHUNK);
    uint64_t done = 0;
    while (done < len) {
        size_t chunk = len - done < SH_CHUNK ? (size_t)(len - done) : SH_CHUNK, put;
        if (!mem_rw(c, addr + done, buf, chunk, false)) {
            fail(c, EFAULT);
            break;
        }
        errno = 0;
        if (h->kind == SH_FILE)
            put = write_all(h->fd, buf, chunk);
        else
            put = console_write(c->s, h->kind == SH_STDERR ? stderr : stdout, buf, chunk);
        done += put;
        if (put < chunk) {
            fail(c, errno ? errno : EIO);
            break;
        }
    }
    g_free(buf);
    return (int64_t)(len - done);
}

/* Reads up to `n` bytes of `h` into buf: a file until full or EOF, the
 * console once. Returns the count, or -1 with errno set. */
static ssize_t handle_read(sh_handle *h, uint8_t *buf, size_t n)
{
    if (h->kind == SH_STDIN)
        return console_read(buf, n);
    if (h->kind == SH_FEATURES) {
        size_t left = h->pos < sizeof k_features ? sizeof k_features - (size_t)h->pos : 0;
        size_t k = n < left ? n : left;
        memcpy(buf, k_features + h->pos, k);
        h->pos += k;
        return (ssize_t)k;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(h->fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return got ? (ssize_t)got : -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* SYS_READ {handle, buffer, length}: the number of bytes NOT read (length: EOF). */
static int64_t sys_read(sh_call *c)
{
    uint64_t n, addr, len;
    if (!arg_word(c, 0, &n) || !arg_word(c, 1, &addr) || !arg_word(c, 2, &len))
        return fail(c, EFAULT);
    sh_handle *h = handle(c->s, n);
    if (!h || h->kind == SH_STDOUT || h->kind == SH_STDERR)
        return fail(c, EBADF);
    uint8_t *buf = g_malloc(len < SH_CHUNK ? len + 1 : SH_CHUNK);
    uint64_t done = 0;
    while (done < len) {
        size_t want = len - done < SH_CHUNK ? (size_t)(len - done) : SH_CHUNK;
        ssize_t got = handle_read(h, buf, want);
        if (got < 0) {
            fail(c, errno);
            break;
        }
        if (got > 0 && !mem_rw(c, addr + done, buf, (size_t)got, true)) {
            fail(c, EFAULT);
            break;
        }
        done += (uint64_t)got;
        if ((size_t)got < want || h->kind == SH_STDIN)
            break;
    }
    g_free(buf);
    return (int64_t)(len - done);
}

/* SYS_WRITEC (a1 points at the byte) and SYS_WRITE0 (a1 points at a
 * NUL-terminated string): the console; a0 is left as it was. */
static int64_t sys_writec(sh_call *c, bool string)
{
    char buf[256];
    size_t max = string ? sizeof buf : 1, n;
    uint64_t addr = c->arg;
    do {
        for (n = 0; n < max && mem_rw(c, addr, &buf[n], 1, false) && (!string || buf[n]); n++)
            addr++;
        console_write(c->s, stdout, buf, n);
    } while (n == sizeof buf);
    return (int64_t)c->op;
}

/* SYS_READC: a byte from stdin (-1 at EOF). */
static int64_t sys_readc(sh_call *c)
{
    uint8_t b;
    ssize_t got = console_read(&b, 1);
    if (got == 1)
        return b;
    return fail(c, got == 0 ? EIO : errno);
}

/* SYS_ISTTY, SYS_FLEN, SYS_SEEK {handle[, position]}. */
static int64_t sys_handle_query(sh_call *c)
{
    uint64_t n, pos = 0;
    struct stat st;
    if (!arg_word(c, 0, &n) || (c->op == SH_SEEK && !arg_word(c, 1, &pos)))
        return fail(c, EFAULT);
    sh_handle *h = handle(c->s, n);
    if (!h)
        return fail(c, EBADF);
    bool console = h->kind == SH_STDIN || h->kind == SH_STDOUT || h->kind == SH_STDERR;
    if (c->op == SH_ISTTY)
        return console ? 1 : 0;
    if (console)
        return fail(c, c->op == SH_SEEK ? ESPIPE : EINVAL);
    if (c->op == SH_FLEN && h->kind == SH_FEATURES)
        return (int64_t)sizeof k_features;
    if (c->op == SH_FLEN)
        return fstat(h->fd, &st) == 0 ? (int64_t)st.st_size : fail(c, errno);
    if (sword(c, pos) < 0)
        return fail(c, EINVAL);
    if (h->kind == SH_FEATURES) {
        h->pos = pos;
        return 0;
    }
    return lseek(h->fd, (off_t)pos, SEEK_SET) < 0 ? fail(c, errno) : 0;
}

/* SYS_REMOVE {name, length}, SYS_RENAME {old, old length, new, new length}. */
static int64_t sys_remove_rename(sh_call *c)
{
    uint64_t w[4] = {0};
    unsigned words = c->op == SH_RENAME ? 4 : 2;
    for (unsigned i = 0; i < words; i++)
        if (!arg_word(c, i, &w[i]))
            return fail(c, EFAULT);
    int e = 0, rc = 0;
    char *names[2] = {NULL, NULL}, *last[2] = {NULL, NULL};
    int dirs[2] = {-1, -1};
    for (unsigned i = 0; i < words / 2 && !e; i++) {
        names[i] = guest_name(c, w[2 * i], w[2 * i + 1], &e);
        if (names[i] && (dirs[i] = vp__semihost_parent(c->s->rootfd, names[i], &last[i])) < 0)
            e = -dirs[i];
    }
    if (!e && c->op == SH_REMOVE)
        rc = unlinkat(dirs[0], last[0], 0);
    else if (!e)
        rc = renameat(dirs[0], last[0], dirs[1], last[1]);
    if (!e && rc)
        e = errno;
    for (unsigned i = 0; i < 2; i++) {
        if (dirs[i] >= 0)
            close(dirs[i]);
        g_free(names[i]);
        g_free(last[i]);
    }
    return e ? fail(c, e) : 0;
}

/* SYS_TMPNAM {buffer, id 0..255, length}: a name in the root. */
static int64_t sys_tmpnam(sh_call *c)
{
    uint64_t addr, id, len;
    char name[32];
    if (!arg_word(c, 0, &addr) || !arg_word(c, 1, &id) || !arg_word(c, 2, &len))
        return fail(c, EFAULT);
    int n = snprintf(name, sizeof name, "vpbridge-tmp-%03u", (unsigned)(id & 0xff));
    if ((uint64_t)n + 1 > len)
        return fail(c, EINVAL);
    return mem_rw(c, addr, name, (size_t)n + 1, true) ? 0 : fail(c, EFAULT);
}

/* SYS_GET_CMDLINE {buffer, length}: the string, its length back in word 1. */
static int64_t sys_get_cmdline(sh_call *c)
{
    uint64_t addr, len;
    size_t n = strlen(c->s->cmdline);
    if (!arg_word(c, 0, &addr) || !arg_word(c, 1, &len))
        return fail(c, EFAULT);
    if ((uint64_t)n + 1 > len)
        return fail(c, EINVAL);
    if (!mem_rw(c, addr, c->s->cmdline, n + 1, true) || !put_word(c, c->arg + c->wsize, n))
        return fail(c, EFAULT);
    return 0;
}

/* SYS_HEAPINFO: a1 points at the address of a 4-word block {heap base,
 * heap limit, stack base, stack limit}: all 0, "unknown" (the C library
 * keeps its own). */
static int64_t sys_heapinfo(sh_call *c)
{
    uint64_t block;
    if (!arg_word(c, 0, &block))
        return fail(c, EFAULT);
    for (unsigned i = 0; i < 4; i++)
        if (!put_word(c, block + (uint64_t)i * c->wsize, 0))
            return fail(c, EFAULT);
    return 0;
}

/* SYS_CLOCK, SYS_TIME, SYS_ELAPSED, SYS_TICKFREQ: simulated time. */
static int64_t sys_time(sh_call *c)
{
    switch (c->op) {
    case SH_CLOCK:
        return (int64_t)(c->now / (10 * VP_MS));
    case SH_TIME:
        return SH_EPOCH + (int64_t)(c->now / VP_SEC);
    case SH_TICKFREQ:
        return SH_TICKS_PER_SEC;
    default: { /* SH_ELAPSED: a 64-bit count at a1 (two words on RV32) */
        uint64_t ticks = c->now / VP_NS;
        uint8_t b[8];
        for (unsigned k = 0; k < 8; k++)
            b[k] = (uint8_t)(ticks >> (8 * k));
        return mem_rw(c, c->arg, b, 8, true) ? 0 : fail(c, EFAULT);
    }
    }
}

/* SYS_EXIT (RV32: the reason in a1; RV64: {reason, subcode}) and
 * SYS_EXIT_EXTENDED ({reason, subcode}): ends the run with the subcode of
 * ADP_Stopped_ApplicationExit (0 on RV32's SYS_EXIT), any other reason 1. */
static int64_t sys_exit(sh_call *c)
{
    uint64_t reason = c->arg, sub = 0;
    if ((c->op == SH_EXIT_EXTENDED || c->wsize == 8) && (!arg_word(c, 0, &reason) || !arg_word(c, 1, &sub)))
        return fail(c, EFAULT);
    int status = reason == SH_STOPPED_APPLICATION_EXIT ? (int)sword(c, sub) : 1;
    vp_log(VP_LOG_INT, VP_LVL_INFO, "semihosting: hart %u: exit (reason 0x%" PRIx64 "), status %d",
           vp_cpu_hartid(c->cpu), reason, status);
    fflush(stdout);
    fflush(stderr);
    if (c->s->p->host.request_exit)
        c->s->p->host.request_exit(c->s->p->host.opaque, status);
    vp_cpu_request_exit(c->cpu);
    return 0;
}

/* -1 with ENOSYS, reported once per operation number. */
static int64_t sys_unsupported(sh_call *c)
{
    pf_semihost *s = c->s;
    bool seen = c->op < 256 ? (s->warned[c->op / 8] >> (c->op % 8)) & 1 : s->warned_other;
    if (!seen) {
        if (c->op < 256)
            s->warned[c->op / 8] |= (uint8_t)(1u << (c->op % 8));
        else
            s->warned_other = true;
        vp_log_msg(VP_LOG_UNIMP, VP_LVL_WARN,
                   "semihosting: warning: hart %u: unsupported operation 0x%" PRIx64 "%s answered -1 (ENOSYS)",
                   vp_cpu_hartid(c->cpu), c->op, c->op == SH_SYSTEM ? " (SYS_SYSTEM: refused)" : "");
    }
    return fail(c, ENOSYS);
}

static int64_t dispatch(sh_call *c)
{
    switch (c->op) {
    case SH_OPEN: return sys_open(c);
    case SH_CLOSE: return sys_close(c);
    case SH_WRITEC: return sys_writec(c, false);
    case SH_WRITE0: return sys_writec(c, true);
    case SH_WRITE: return sys_write(c);
    case SH_READ: return sys_read(c);
    case SH_READC: return sys_readc(c);
    case SH_ISERROR: return sword(c, c->arg) < 0 ? 1 : 0;
    case SH_ISTTY:
    case SH_SEEK:
    case SH_FLEN: return sys_handle_query(c);
    case SH_TMPNAM: return sys_tmpnam(c);
    case SH_REMOVE:
    case SH_RENAME: return sys_remove_rename(c);
    case SH_CLOCK:
    case SH_TIME:
    case SH_ELAPSED:
    case SH_TICKFREQ: return sys_time(c);
    case SH_ERRNO: return c->s->err;
    case SH_GET_CMDLINE: return sys_get_cmdline(c);
    case SH_HEAPINFO: return sys_heapinfo(c);
    case SH_EXIT:
    case SH_EXIT_EXTENDED: return sys_exit(c);
    default: return sys_unsupported(c);
    }
}

bool vp__semihost_call(void *opaque, vp_cpu *cpu, vp_time local_offset)
{
    pf_semihost *s = opaque;
    sh_call c = {.s = s,
                 .cpu = cpu,
                 .op = vp_cpu_get_reg(cpu, SH_REG_A0),
                 .arg = vp_cpu_get_reg(cpu, SH_REG_A1),
                 .wsize = vp_cpu_xlen(cpu) / 8,
                 .now = (s->p->clock ? vp_clock_now(s->p->clock) : 0) + local_offset};
    g_mutex_lock(&s->lock);
    int64_t r = dispatch(&c);
    g_mutex_unlock(&s->lock);
    vp_log(VP_LOG_INT, VP_LVL_DEBUG, "semihosting: hart %u: operation 0x%" PRIx64 " (a1 0x%" PRIx64 ") = %" PRId64,
           vp_cpu_hartid(cpu), c.op, c.arg, r);
    vp_cpu_set_reg(cpu, SH_REG_A0, (uint64_t)r);
    return true;
}

/* ---- lifecycle -------------------------------------------------------------- */

pf_semihost *vp__semihost_create(vp_platform *p, const vp_platform_semihost *sh, vp_error **errp)
{
    int fd = -1;
    if (sh->root && (fd = open(sh->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        int e = errno;
        vp_error_set(errp, e == ENOENT ? VP_ENOENT : VP_EINVAL, "semihosting root '%s': %s", sh->root, strerror(e));
        return NULL;
    }
    pf_semihost *s = g_new0(pf_semihost, 1);
    s->p = p;
    s->rootfd = fd;
    s->cmdline = g_strdup(sh->cmdline ? sh->cmdline : "");
    g_mutex_init(&s->lock);
    for (int i = 0; i < SH_MAX_HANDLES; i++)
        s->h[i].fd = -1;
    return s;
}

void vp__semihost_destroy(pf_semihost *s)
{
    if (!s)
        return;
    for (int i = 0; i < SH_MAX_HANDLES; i++)
        if (s->h[i].kind == SH_FILE)
            close(s->h[i].fd);
    if (s->rootfd >= 0)
        close(s->rootfd);
    g_mutex_clear(&s->lock);
    g_free(s->cmdline);
    g_free(s);
}
