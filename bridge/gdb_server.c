/* SPDX-License-Identifier: Apache-2.0 */
/* gdb_server.c - GDB remote serial protocol over TCP for `vpbridge run
 * --gdb` (gdb_server.h). RISC-V harts: the target description has the
 * integer registers and pc (org.gnu.gdb.riscv.cpu), the FP registers
 * when the harts have F or D (org.gnu.gdb.riscv.fpu), and every CSR the
 * harts have (org.gnu.gdb.riscv.csr), numbered as GDB numbers them (a CSR
 * is 65 + its address). */
#include "gdb_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <vpbridge/vp_cpu_riscv.h>

#define GDB_PACKET_MAX 4096        /* what qSupported offers (PacketSize) */
#define GDB_IN_MAX (GDB_PACKET_MAX * 4) /* unparsed input kept before it is thrown away */
#define GDB_MEM_MAX 2000u          /* bytes per m reply (hex doubles them) */
#define GDB_POLL_US 10000          /* vp_gdb_poll looks at the socket at most this often */
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5

enum { REG_PC = 32, REG_F0 = 33, REG_CSR0 = 65, REG_FFLAGS = 66, REG_FRM = 67, REG_FCSR = 68 };

struct vp_gdb {
    vp_cpu **harts;
    unsigned n;
    vp_gdb_host host;
    volatile sig_atomic_t *stop_flag;
    int lfd, cfd;
    char address[96];
    unsigned port;
    bool noack;
    bool waiting;     /* the debugger resumed the harts and waits for a stop reply */
    bool interrupt;   /* a Ctrl-C (0x03) arrived */
    gint64 next_poll; /* g_get_monotonic_time() of vp_gdb_poll's next look */
    GString *in;      /* received, not parsed yet */
    GString *last;    /* the last packet sent (for a '-') */
    unsigned gthread, cthread; /* harts that g/p/m and c/s speak of (Hg, Hc) */
    vp_gdb_stop stop; /* the last stop */
    GString *xml;     /* target description, made on first request */
    GArray *csrs;     /* unsigned: the CSRs in it */
    GHashTable *hw;   /* hardware breakpoint addresses (stop replies say hwbreak) */
    bool *run;        /* vCont: the harts a continue lets run */
    char *act;        /* vCont: each hart's action while parsing */
};

static const char *const xnames[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0",
                                       "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                       "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
static const char *const fnames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6", "ft7",
                                       "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4", "fa5",
                                       "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6", "fs7",
                                       "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

static vp_gdb *gdb_alloc(vp_cpu *const *harts, unsigned n, const vp_gdb_host *host)
{
    vp_gdb *g = g_new0(vp_gdb, 1);
    g->harts = g_memdup2(harts, sizeof(*harts) * n);
    g->n = n;
    if (host)
        g->host = *host;
    g->lfd = g->cfd = -1;
    g->in = g_string_new(NULL);
    g->last = g_string_new(NULL);
    g->hw = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    g->stop.signo = GDB_SIGTRAP;
    g->run = g_new0(bool, n ? n : 1);
    g->act = g_new0(char, n ? n : 1);
    return g;
}

vp_gdb *vp_gdb_new_unconnected(vp_cpu *const *harts, unsigned n_harts, const vp_gdb_host *host)
{
    return gdb_alloc(harts, n_harts, host);
}

void vp_gdb_free(vp_gdb *g)
{
    if (!g)
        return;
    if (g->cfd >= 0)
        close(g->cfd);
    if (g->lfd >= 0)
        close(g->lfd);
    g_free(g->harts);
    g_string_free(g->in, TRUE);
    g_string_free(g->last, TRUE);
    if (g->xml)
        g_string_free(g->xml, TRUE);
    if (g->csrs)
        g_array_free(g->csrs, TRUE);
    g_hash_table_destroy(g->hw);
    g_free(g->run);
    g_free(g->act);
    g_free(g);
}

const char *vp_gdb_address(const vp_gdb *g) { return g->address; }
unsigned vp_gdb_port(const vp_gdb *g) { return g->port; }
bool vp_gdb_attached(const vp_gdb *g) { return g->cfd >= 0; }

/* ---- listening ----------------------------------------------------------- */

static bool parse_spec(const char *spec, char **host, char **port, GError **err)
{
    const char *s = spec;
    if (g_str_has_prefix(s, "tcp:"))
        s += 4;
    const char *colon = strrchr(s, ':');
    *host = colon ? g_strndup(s, (size_t)(colon - s)) : g_strdup("");
    *port = g_strdup(colon ? colon + 1 : s);
    char *end = NULL;
    unsigned long v = strtoul(*port, &end, 10);
    if (!**port || *end || v > 65535 || (!g_str_has_prefix(spec, "tcp:") && strchr(s, ':') != strrchr(s, ':')) ||
        (g_str_has_prefix(spec, "tcp") && !g_str_has_prefix(spec, "tcp:"))) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "--gdb '%s': expected tcp::PORT (loopback), tcp:HOST:PORT or PORT", spec);
        g_free(*host);
        g_free(*port);
        return false;
    }
    if (!**host) { /* loopback unless an address is given explicitly */
        g_free(*host);
        *host = g_strdup("127.0.0.1");
    }
    return true;
}

vp_gdb *vp_gdb_new(const char *spec, vp_cpu *const *harts, unsigned n_harts, const vp_gdb_host *host,
                   volatile sig_atomic_t *stop_flag, GError **err)
{
    char *h = NULL, *p = NULL;
    if (!parse_spec(spec, &h, &p, err))
        return NULL;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(h, p, &hints, &res);
    if (rc != 0) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "--gdb '%s': %s: %s", spec, h, gai_strerror(rc));
        g_free(h);
        g_free(p);
        return NULL;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) {
            e = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 1) != 0) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "--gdb '%s': cannot listen on %s:%s: %s", spec, h, p,
                    g_strerror(e));
        g_free(h);
        g_free(p);
        return NULL;
    }
    vp_gdb *g = gdb_alloc(harts, n_harts, NULL);
    if (host)
        g->host = *host;
    g->lfd = fd;
    g->stop_flag = stop_flag;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char hb[64] = "?", pb[16] = "0";
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        getnameinfo((struct sockaddr *)&ss, sl, hb, sizeof hb, pb, sizeof pb, NI_NUMERICHOST | NI_NUMERICSERV);
    g->port = (unsigned)atoi(pb);
    snprintf(g->address, sizeof g->address, strchr(hb, ':') ? "[%s]:%s" : "%s:%s", hb, pb);
    g_free(h);
    g_free(p);
    return g;
}

static bool stopping(const vp_gdb *g)
{
    return g->stop_flag && *g->stop_flag;
}

/* The debugger went away (or detached): its breakpoints go with it. */
static void drop_connection(vp_gdb *g)
{
    if (g->cfd >= 0)
        close(g->cfd);
    g->cfd = -1;
    g->noack = false;
    g->waiting = false;
    g->interrupt = false;
    g_string_truncate(g->in, 0);
    g_string_truncate(g->last, 0);
    g_hash_table_remove_all(g->hw);
    for (unsigned i = 0; i < g->n; i++)
        vp_cpu_debug_clear(g->harts[i]);
}

static bool try_accept(vp_gdb *g)
{
    if (g->lfd < 0 || g->cfd >= 0)
        return false;
    int fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return false;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* a debugger that stops reading is dropped after 10 s instead of
     * holding the simulation in send() for ever */
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    g->cfd = fd;
    g->gthread = g->cthread = 0;
    return true;
}

/* Reads what is there (waiting up to timeout_ms). False: the connection is gone. */
static bool read_some(vp_gdb *g, int timeout_ms)
{
    struct pollfd pfd = {.fd = g->cfd, .events = POLLIN};
    int r = poll(&pfd, 1, timeout_ms);
    if (r < 0)
        return errno == EINTR;
    if (r == 0)
        return true;
    char buf[4096];
    ssize_t n = recv(g->cfd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return false;
    if (n > 0) {
        if (g->in->len > GDB_IN_MAX) /* a flood without a packet in it */
            g_string_truncate(g->in, 0);
        g_string_append_len(g->in, buf, n);
    }
    return true;
}

bool vp_gdb_wait_attach(vp_gdb *g)
{
    while (g->cfd < 0) {
        if (stopping(g))
            return false;
        struct pollfd pfd = {.fd = g->lfd, .events = POLLIN};
        poll(&pfd, 1, 100);
        try_accept(g);
    }
    return true;
}

static bool send_raw(vp_gdb *g, const char *s, size_t len)
{
    while (len && g->cfd >= 0) {
        ssize_t n = send(g->cfd, s, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR && !stopping(g))
            continue;
        if (n <= 0) /* gone, or SO_SNDTIMEO passed (EAGAIN) */
            return false;
        s += n;
        len -= (size_t)n;
    }
    return g->cfd >= 0;
}

static void send_packet(vp_gdb *g, const char *data, size_t len)
{
    GString *o = g->last;
    g_string_assign(o, "$");
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') { /* binary escapes; never sent as run lengths */
            g_string_append_c(o, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(o, c);
        sum += (unsigned char)c;
    }
    g_string_append_printf(o, "#%02x", sum & 0xff);
    if (!send_raw(g, o->str, o->len))
        drop_connection(g);
}

/* The next complete packet's payload from the input, answering acks,
 * checksums and Ctrl-C on the way. */
static bool take_packet(vp_gdb *g, GString *pkt)
{
    GString *in = g->in;
    while (in->len) {
        unsigned char c = (unsigned char)in->str[0];
        if (c != '$') {
            if (c == 0x03)
                g->interrupt = true;
            else if (c == '-' && !g->noack && g->last->len)
                send_raw(g, g->last->str, g->last->len);
            g_string_erase(in, 0, 1);
            continue;
        }
        char *hash = memchr(in->str, '#', in->len);
        if (!hash) {
            if (in->len > GDB_PACKET_MAX + 4) { /* too long: dropped */
                g_string_truncate(in, 0);
                if (!g->noack)
                    send_raw(g, "-", 1);
            }
            return false;
        }
        size_t end = (size_t)(hash - in->str);
        if (in->len < end + 3)
            return false;
        unsigned sum = 0;
        for (size_t i = 1; i < end; i++)
            sum += (unsigned char)in->str[i];
        char cs[3] = {in->str[end + 1], in->str[end + 2], 0};
        char *e = NULL;
        unsigned long want = strtoul(cs, &e, 16);
        bool ok = g->noack || (e == cs + 2 && want == (sum & 0xff));
        if (ok)
            g_string_assign(pkt, ""), g_string_append_len(pkt, in->str + 1, (gssize)end - 1);
        g_string_erase(in, 0, (gssize)end + 3);
        if (!g->noack)
            send_raw(g, ok ? "+" : "-", 1);
        if (ok)
            return true;
    }
    return false;
}

/* ---- hex ----------------------------------------------------------------- */

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Parses a hex number at *s (at most 16 digits); advances *s. */
static bool parse_hex(const char **s, const char *end, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;
    int digits = 0;
    while (p < end && hexval(*p) >= 0 && digits < 17) {
        x = x << 4 | (uint64_t)hexval(*p++);
        digits++;
    }
    if (!digits || digits > 16)
        return false;
    *s = p;
    *v = x;
    return true;
}

static void append_hex_bytes(GString *r, const void *buf, size_t n)
{
    const uint8_t *b = buf;
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(r, "%02x", b[i]);
}

/* A register value: `bytes` little-endian bytes as hex. */
static void append_le(GString *r, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        g_string_append_printf(r, "%02x", (unsigned)(v >> (8 * i)) & 0xff);
}

static bool parse_le(const char *s, size_t len, unsigned bytes, uint64_t *v)
{
    if (len < 2u * bytes)
        return false;
    uint64_t x = 0;
    for (unsigned i = 0; i < bytes; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        x |= (uint64_t)(hi << 4 | lo) << (8 * i);
    }
    *v = x;
    return true;
}

/* ---- target description ---------------------------------------------------- */

static unsigned xlen(const vp_gdb *g) { return g->n ? vp_cpu_xlen(g->harts[0]) : 32; }
static unsigned flen(const vp_gdb *g) { return g->n ? vp_cpu_flen(g->harts[0]) : 0; }

static void build_xml(vp_gdb *g)
{
    if (g->xml)
        return;
    unsigned xl = xlen(g), fl = flen(g);
    GString *x = g->xml = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                                       "<target version=\"1.0\">\n");
    g_string_append_printf(x, "<architecture>riscv:rv%u</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n", xl);
    for (unsigned i = 0; i < 32; i++)
        g_string_append_printf(x, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"/>\n", xnames[i], xl,
                               i == 1 ? "code_ptr" : i == 2 || i == 8 ? "data_ptr" : "int", i);
    g_string_append_printf(x, "<reg name=\"pc\" bitsize=\"%u\" type=\"code_ptr\" regnum=\"%u\"/>\n</feature>\n", xl,
                           REG_PC);
    if (fl) {
        g_string_append(x, "<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
        for (unsigned i = 0; i < 32; i++)
            g_string_append_printf(x, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"/>\n", fnames[i], fl,
                                   fl == 64 ? "ieee_double" : "ieee_single", REG_F0 + i);
        g_string_append_printf(x,
                               "<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n"
                               "<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n"
                               "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n</feature>\n",
                               REG_FFLAGS, REG_FRM, REG_FCSR);
    }
    g->csrs = g_array_new(FALSE, FALSE, sizeof(unsigned));
    g_string_append(x, "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (unsigned csr = 0; csr < 0x1000 && g->n; csr++) {
        uint64_t v;
        if (csr >= 1 && csr <= 3) /* fflags, frm, fcsr: in the fpu feature */
            continue;
        if (!vp_cpu_get_csr(g->harts[0], csr, &v))
            continue;
        char name[32];
        vp_riscv_csr_name(csr, name, sizeof name);
        if (name[0] == '0') /* no name: GDB's own for an unnamed one */
            snprintf(name, sizeof name, "csr%u", csr);
        g_array_append_val(g->csrs, csr);
        g_string_append_printf(x, "<reg name=\"%s\" bitsize=\"%u\" type=\"int\" regnum=\"%u\" group=\"csr\"/>\n",
                               name, xl, REG_CSR0 + csr);
    }
    g_string_append(x, "</feature>\n</target>\n");
}

/* ---- registers ------------------------------------------------------------- */

/* Appends register `reg` of hart h; false if there is no such register. */
static bool read_reg(vp_gdb *g, vp_cpu *h, unsigned reg, GString *r)
{
    unsigned xb = xlen(g) / 8, fl = flen(g);
    uint64_t v = 0;
    if (reg < 32) {
        append_le(r, vp_cpu_get_reg(h, reg), xb);
        return true;
    }
    if (reg == REG_PC) {
        append_le(r, vp_cpu_get_pc(h), xb);
        return true;
    }
    if (reg >= REG_F0 && reg < REG_F0 + 32 && fl) {
        vp_cpu_get_freg(h, reg - REG_F0, &v);
        append_le(r, v, fl / 8);
        return true;
    }
    if (reg >= REG_FFLAGS && reg <= REG_FCSR && fl) {
        if (vp_cpu_get_csr(h, reg - REG_CSR0, &v))
            append_le(r, v, 4);
        else
            g_string_append(r, "xxxxxxxx"); /* the guest has its FPU off now */
        return true;
    }
    if (reg >= REG_CSR0 && reg < REG_CSR0 + 0x1000 && vp_cpu_get_csr(h, reg - REG_CSR0, &v)) {
        append_le(r, v, xb);
        return true;
    }
    return false;
}

static bool write_reg(vp_gdb *g, vp_cpu *h, unsigned reg, const char *hex, size_t len)
{
    unsigned xb = xlen(g) / 8, fl = flen(g);
    uint64_t v;
    if (reg < 32 || reg == REG_PC) {
        if (!parse_le(hex, len, xb, &v))
            return false;
        if (reg == REG_PC)
            vp_cpu_set_pc(h, v);
        else
            vp_cpu_set_reg(h, reg, v);
        return true;
    }
    if (reg >= REG_F0 && reg < REG_F0 + 32 && fl)
        return parse_le(hex, len, fl / 8, &v) && vp_cpu_set_freg(h, reg - REG_F0, v);
    if (reg >= REG_FFLAGS && reg <= REG_FCSR && fl)
        return parse_le(hex, len, 4, &v) && vp_cpu_set_csr(h, reg - REG_CSR0, v);
    if (reg >= REG_CSR0 && reg < REG_CSR0 + 0x1000)
        return parse_le(hex, len, xb, &v) && vp_cpu_set_csr(h, reg - REG_CSR0, v);
    return false;
}

/* ---- threads --------------------------------------------------------------- */

/* A thread id ("1", "-1", "0"); *all for -1. Threads are harts + 1. */
static bool parse_thread(const vp_gdb *g, const char *s, const char *end, unsigned *hart, bool *all)
{
    *all = false;
    if (end - s == 2 && s[0] == '-' && s[1] == '1') {
        *all = true;
        *hart = 0;
        return true;
    }
    uint64_t t;
    if (!parse_hex(&s, end, &t) || s != end)
        return false;
    if (t == 0) { /* any */
        *hart = 0;
        return true;
    }
    if (t > g->n)
        return false;
    *hart = (unsigned)t - 1;
    return true;
}

static void stop_reply(const vp_gdb *g, GString *r)
{
    const vp_gdb_stop *s = &g->stop;
    g_string_printf(r, "T%02x", s->signo & 0xff);
    if (s->debug.kind == VP_CPU_DEBUG_WATCH)
        g_string_append_printf(r, "%s:%llx;",
                               s->debug.watch == VP_CPU_WATCH_WRITE  ? "watch"
                               : s->debug.watch == VP_CPU_WATCH_READ ? "rwatch"
                                                                     : "awatch",
                               (unsigned long long)s->debug.addr);
    else if (s->debug.kind == VP_CPU_DEBUG_BREAK) {
        gint64 a = (gint64)s->debug.addr;
        g_string_append(r, g_hash_table_contains(g->hw, &a) ? "hwbreak:;" : "swbreak:;");
    }
    g_string_append_printf(r, "thread:%x;", s->hart + 1);
}

/* ---- memory and points ----------------------------------------------------- */

static vp_cpu *ghart(const vp_gdb *g) { return g->harts[g->gthread < g->n ? g->gthread : 0]; }

static void handle_point(vp_gdb *g, bool insert, const char *s, const char *end, GString *r)
{
    uint64_t type, addr, kind;
    const char *p = s;
    if (!parse_hex(&p, end, &type) || p >= end || *p++ != ',' || !parse_hex(&p, end, &addr) || p >= end ||
        *p++ != ',' || !parse_hex(&p, end, &kind) || type > 4) {
        g_string_assign(r, "E22");
        return;
    }
    int rc = 0;
    for (unsigned i = 0; i < g->n && rc == 0; i++) {
        vp_cpu *h = g->harts[i];
        if (type <= 1)
            rc = insert ? vp_cpu_breakpoint_insert(h, addr) : vp_cpu_breakpoint_remove(h, addr);
        else {
            unsigned k = type == 2 ? VP_CPU_WATCH_WRITE : type == 3 ? VP_CPU_WATCH_READ : VP_CPU_WATCH_ACCESS;
            rc = insert ? vp_cpu_watchpoint_insert(h, addr, kind, k) : vp_cpu_watchpoint_remove(h, addr, kind, k);
        }
    }
    if (rc == 0 && type == 1) {
        gint64 a = (gint64)(addr & (xlen(g) == 32 ? 0xffffffffull : UINT64_MAX));
        if (insert)
            g_hash_table_add(g->hw, g_memdup2(&a, sizeof a));
        else
            g_hash_table_remove(g->hw, &a);
    }
    g_string_assign(r, rc == 0 ? "OK" : "E22");
}

static void read_memory(vp_gdb *g, const char *s, const char *end, GString *r)
{
    uint64_t addr, len;
    const char *p = s;
    if (!parse_hex(&p, end, &addr) || p >= end || *p++ != ',' || !parse_hex(&p, end, &len) || p != end) {
        g_string_assign(r, "E22");
        return;
    }
    if (len > GDB_MEM_MAX)
        len = GDB_MEM_MAX; /* a short read: GDB asks again for the rest */
    uint8_t buf[GDB_MEM_MAX];
    size_t got = vp_cpu_debug_access(ghart(g), addr, buf, (size_t)len, false);
    if (!got && len) {
        g_string_assign(r, "E14");
        return;
    }
    append_hex_bytes(r, buf, got);
}

/* M addr,len:hex and X addr,len:binary. */
static void write_memory(vp_gdb *g, bool binary, const char *s, const char *end, GString *r)
{
    uint64_t addr, len;
    const char *p = s;
    if (!parse_hex(&p, end, &addr) || p >= end || *p++ != ',' || !parse_hex(&p, end, &len) || p >= end ||
        *p++ != ':' || len > GDB_PACKET_MAX) {
        g_string_assign(r, "E22");
        return;
    }
    uint8_t *buf = g_malloc(len ? (size_t)len : 1);
    size_t n = 0;
    while (p < end && n < len) {
        if (binary) {
            uint8_t c = (uint8_t)*p++;
            if (c == '}') {
                if (p >= end)
                    break;
                c = (uint8_t)(*p++ ^ 0x20);
            }
            buf[n++] = c;
        } else {
            if (end - p < 2 || hexval(p[0]) < 0 || hexval(p[1]) < 0)
                break;
            buf[n++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
            p += 2;
        }
    }
    if (n != len || p != end) {
        g_free(buf);
        g_string_assign(r, "E22");
        return;
    }
    size_t done = len ? vp_cpu_debug_access(ghart(g), addr, buf, (size_t)len, true) : 0;
    g_free(buf);
    g_string_assign(r, done == len ? "OK" : "E14");
}

/* ---- queries --------------------------------------------------------------- */

static void send_console(vp_gdb *g, const char *text, size_t len)
{
    for (size_t off = 0; off < len && g->cfd >= 0; off += 1000) {
        GString *o = g_string_new("O");
        append_hex_bytes(o, text + off, MIN(1000, len - off));
        send_packet(g, o->str, o->len);
        g_string_free(o, TRUE);
    }
}

static void monitor(vp_gdb *g, const char *s, const char *end, GString *r)
{
    if ((end - s) % 2) {
        g_string_assign(r, "E22");
        return;
    }
    GString *cmd = g_string_new(NULL);
    for (const char *p = s; p < end; p += 2) {
        int hi = hexval(p[0]), lo = hexval(p[1]);
        if (hi < 0 || lo < 0 || !(hi | lo)) {
            g_string_free(cmd, TRUE);
            g_string_assign(r, "E22");
            return;
        }
        g_string_append_c(cmd, (char)(hi << 4 | lo));
    }
    g_strstrip(cmd->str);
    GString *out = g_string_new(NULL);
    bool known = strcmp(cmd->str, "help") != 0 && g->host.monitor && g->host.monitor(g->host.opaque, cmd->str, out);
    if (!known) {
        if (strcmp(cmd->str, "help") != 0)
            g_string_append_printf(out, "unknown monitor command '%s'; the commands are:\n", cmd->str);
        g_string_append(out, g->host.monitor_help ? g->host.monitor_help : "");
    }
    if (g->cfd >= 0) { /* through console packets: output of any length */
        send_console(g, out->str, out->len);
        g_string_assign(r, "OK");
    } else {
        append_hex_bytes(r, out->str, out->len);
    }
    g_string_free(out, TRUE);
    g_string_free(cmd, TRUE);
}

static void xfer_features(vp_gdb *g, const char *s, const char *end, GString *r)
{
    static const char pre[] = "target.xml:";
    uint64_t off, len;
    const char *p = s + sizeof pre - 1;
    if ((size_t)(end - s) < sizeof pre - 1 || memcmp(s, pre, sizeof pre - 1) || !parse_hex(&p, end, &off) ||
        p >= end || *p++ != ',' || !parse_hex(&p, end, &len) || p != end) {
        g_string_assign(r, "E00");
        return;
    }
    build_xml(g);
    if (len > GDB_PACKET_MAX - 8)
        len = GDB_PACKET_MAX - 8;
    if (off >= g->xml->len) {
        g_string_assign(r, "l");
        return;
    }
    size_t n = MIN((size_t)len, g->xml->len - (size_t)off);
    g_string_assign(r, off + n >= g->xml->len ? "l" : "m");
    g_string_append_len(r, g->xml->str + off, (gssize)n);
}

static void thread_info(vp_gdb *g, GString *r)
{
    g_string_assign(r, "m");
    for (unsigned i = 0; i < g->n; i++)
        g_string_append_printf(r, i ? ",%x" : "%x", i + 1);
}

static void thread_extra(vp_gdb *g, const char *s, const char *end, GString *r)
{
    unsigned h;
    bool all;
    if (!parse_thread(g, s, end, &h, &all) || all) {
        g_string_assign(r, "E22");
        return;
    }
    char text[64];
    snprintf(text, sizeof text, "hart %u%s", vp_cpu_hartid(g->harts[h]),
             vp_cpu_is_halted(g->harts[h]) ? " (in WFI)" : "");
    append_hex_bytes(r, text, strlen(text));
}

/* vCont;ACTION[:TID];... Each hart takes the first action that names it
 * (or names no thread); a hart no action names stays stopped. A step of
 * one hart wins (the others wait while it runs its instruction); else the
 * harts whose action is c run. */
static bool parse_vcont(vp_gdb *g, const char *s, const char *end, vp_gdb_action *a)
{
    memset(g->act, 0, g->n);
    const char *p = s;
    while (p < end) {
        if (*p++ != ';' || p >= end)
            return false;
        char act = *p++;
        if (act != 'c' && act != 'C' && act != 's' && act != 'S' && act != 't')
            return false;
        if (act == 'C' || act == 'S') { /* a signal: bare metal has none to deliver */
            uint64_t sig;
            if (!parse_hex(&p, end, &sig))
                return false;
        }
        act = act == 'C' ? 'c' : act == 'S' ? 's' : act;
        unsigned h = 0;
        bool all = true;
        if (p < end && *p == ':') {
            const char *t = ++p;
            while (p < end && *p != ';')
                p++;
            if (!parse_thread(g, t, p, &h, &all))
                return false;
            if (t[0] == '0' && p - t == 1) /* "any": the current one */
                h = g->cthread < g->n ? g->cthread : 0, all = false;
        }
        for (unsigned i = 0; i < g->n; i++)
            if ((all || i == h) && !g->act[i])
                g->act[i] = act;
    }
    bool any = false;
    for (unsigned i = 0; i < g->n; i++) {
        if (g->act[i] == 's') {
            a->what = VP_GDB_STEP;
            a->hart = i;
            a->run = NULL;
            return true;
        }
        g->run[i] = g->act[i] == 'c';
        any = any || g->run[i];
    }
    if (!any)
        return false;
    a->what = VP_GDB_CONTINUE;
    a->hart = 0;
    a->run = g->run;
    return true;
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr] */
static bool legacy_resume(vp_gdb *g, char cmd, const char *s, const char *end, vp_gdb_action *a)
{
    const char *p = s;
    uint64_t v;
    if (cmd == 'C' || cmd == 'S') {
        if (!parse_hex(&p, end, &v))
            return false;
        if (p < end && *p == ';')
            p++;
    }
    vp_cpu *h = g->harts[g->cthread < g->n ? g->cthread : 0];
    if (p < end) {
        if (!parse_hex(&p, end, &v) || p != end)
            return false;
        vp_cpu_set_pc(h, v);
    }
    a->what = (cmd == 's' || cmd == 'S') ? VP_GDB_STEP : VP_GDB_CONTINUE;
    a->hart = g->cthread < g->n ? g->cthread : 0;
    return true;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

bool vp_gdb_handle_packet(vp_gdb *g, const char *data, size_t len, GString *r, vp_gdb_action *action)
{
    const char *end = data + len;
    g_string_truncate(r, 0);
    action->what = VP_GDB_CONTINUE;
    action->hart = 0;
    action->run = NULL;
    if (!len || !g->n)
        return false;
    switch (data[0]) {
    case '?':
        stop_reply(g, r);
        return false;
    case 'g': {
        vp_cpu *h = ghart(g);
        for (unsigned i = 0; i <= REG_PC; i++)
            read_reg(g, h, i, r);
        return false;
    }
    case 'G': {
        unsigned xb = xlen(g) / 8;
        vp_cpu *h = ghart(g);
        if (len - 1 < (size_t)(REG_PC + 1) * 2 * xb) {
            g_string_assign(r, "E22");
            return false;
        }
        for (unsigned i = 0; i <= REG_PC; i++)
            write_reg(g, h, i, data + 1 + i * 2 * xb, 2 * xb);
        g_string_assign(r, "OK");
        return false;
    }
    case 'p': {
        const char *p = data + 1;
        uint64_t reg;
        if (!parse_hex(&p, end, &reg) || p != end || reg > 0xffffffffu || !read_reg(g, ghart(g), (unsigned)reg, r))
            g_string_assign(r, "E45");
        return false;
    }
    case 'P': {
        const char *p = data + 1;
        uint64_t reg;
        bool ok = parse_hex(&p, end, &reg) && p < end && *p++ == '=' && reg <= 0xffffffffu &&
                  write_reg(g, ghart(g), (unsigned)reg, p, (size_t)(end - p));
        g_string_assign(r, ok ? "OK" : "E45");
        return false;
    }
    case 'm':
        read_memory(g, data + 1, end, r);
        return false;
    case 'M':
    case 'X':
        write_memory(g, data[0] == 'X', data + 1, end, r);
        return false;
    case 'Z':
    case 'z':
        handle_point(g, data[0] == 'Z', data + 1, end, r);
        return false;
    case 'H': {
        unsigned h;
        bool all;
        if (len < 3 || (data[1] != 'g' && data[1] != 'c') || !parse_thread(g, data + 2, end, &h, &all)) {
            g_string_assign(r, "E22");
            return false;
        }
        if (data[1] == 'g')
            g->gthread = h;
        else
            g->cthread = all ? g->gthread : h;
        g_string_assign(r, "OK");
        return false;
    }
    case 'T': {
        unsigned h;
        bool all;
        g_string_assign(r, parse_thread(g, data + 1, end, &h, &all) && !all ? "OK" : "E22");
        return false;
    }
    case 'c':
    case 's':
    case 'C':
    case 'S':
        if (!legacy_resume(g, data[0], data + 1, end, action)) {
            g_string_assign(r, "E22");
            return false;
        }
        return true;
    case 'D':
        g_string_assign(r, "OK");
        action->what = VP_GDB_DETACH;
        return true;
    case 'k':
        action->what = VP_GDB_KILL;
        return true;
    case 'q':
        if (starts(data, len, "qSupported")) {
            g_string_printf(r, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+",
                            GDB_PACKET_MAX);
        } else if (len == 9 && starts(data, len, "qAttached")) {
            g_string_assign(r, "1");
        } else if (starts(data, len, "qAttached:")) {
            g_string_assign(r, "1");
        } else if (len == 2 && data[1] == 'C') {
            g_string_printf(r, "QC%x", (g->gthread < g->n ? g->gthread : 0) + 1);
        } else if (len == 12 && starts(data, len, "qfThreadInfo")) {
            thread_info(g, r);
        } else if (len == 12 && starts(data, len, "qsThreadInfo")) {
            g_string_assign(r, "l");
        } else if (starts(data, len, "qThreadExtraInfo,")) {
            thread_extra(g, data + 17, end, r);
        } else if (starts(data, len, "qXfer:features:read:")) {
            xfer_features(g, data + 20, end, r);
        } else if (starts(data, len, "qRcmd,")) {
            monitor(g, data + 6, end, r);
        } else if (starts(data, len, "qSymbol:")) {
            g_string_assign(r, "OK");
        }
        return false; /* anything else: not supported (empty reply) */
    case 'Q':
        if (len == 15 && starts(data, len, "QStartNoAckMode"))
            g_string_assign(r, "OK"); /* the caller switches after sending it */
        return false;
    case 'v':
        if (len == 6 && starts(data, len, "vCont?")) {
            g_string_assign(r, "vCont;c;C;s;S;t");
        } else if (starts(data, len, "vCont;")) {
            if (parse_vcont(g, data + 5, end, action))
                return true;
            g_string_assign(r, "E22");
        } else if (starts(data, len, "vKill")) {
            g_string_assign(r, "OK");
            action->what = VP_GDB_KILL;
            return true;
        }
        return false; /* vMustReplyEmpty and the rest */
    default:
        return false;
    }
}

/* ---- serving ----------------------------------------------------------------- */

int vp_gdb_poll(vp_gdb *g)
{
    gint64 now = g_get_monotonic_time();
    if (now < g->next_poll)
        return 0;
    g->next_poll = now + GDB_POLL_US;
    if (g->cfd < 0)
        return try_accept(g) ? GDB_SIGTRAP : 0;
    if (!read_some(g, 0)) {
        drop_connection(g); /* a detach: the harts run on */
        return 0;
    }
    GString *pkt = g_string_new(NULL);
    while (take_packet(g, pkt)) /* a debugger sends nothing else while the harts run */
        ;
    g_string_free(pkt, TRUE);
    if (g->interrupt) {
        g->interrupt = false;
        return GDB_SIGINT;
    }
    return 0;
}

vp_gdb_action vp_gdb_stopped(vp_gdb *g, const vp_gdb_stop *stop)
{
    vp_gdb_action a = {VP_GDB_CONTINUE, 0, NULL};
    g->stop = *stop;
    if (stop->hart < g->n)
        g->gthread = g->cthread = stop->hart;
    if (g->cfd < 0)
        return a;
    GString *r = g_string_new(NULL), *pkt = g_string_new(NULL);
    if (g->waiting) {
        g->waiting = false;
        stop_reply(g, r);
        send_packet(g, r->str, r->len);
    }
    g->interrupt = false;
    for (;;) {
        while (g->cfd >= 0 && take_packet(g, pkt)) {
            bool resume = vp_gdb_handle_packet(g, pkt->str, pkt->len, r, &a);
            if (r->len || !resume)
                send_packet(g, r->str, r->len);
            if (!resume && pkt->len == 15 && starts(pkt->str, pkt->len, "QStartNoAckMode"))
                g->noack = true;
            if (!resume)
                continue;
            if (a.what == VP_GDB_STEP && a.hart >= g->n)
                a.hart = 0;
            if (a.what == VP_GDB_DETACH || a.what == VP_GDB_KILL)
                drop_connection(g);
            else
                g->waiting = true;
            goto out;
        }
        if (g->cfd < 0) { /* gone: as a detach */
            a.what = VP_GDB_DETACH;
            goto out;
        }
        if (stopping(g)) {
            a.what = VP_GDB_KILL;
            goto out;
        }
        if (!read_some(g, 100)) {
            drop_connection(g);
            a.what = VP_GDB_DETACH;
            goto out;
        }
    }
out:
    g_string_free(r, TRUE);
    g_string_free(pkt, TRUE);
    return a;
}

void vp_gdb_exited(vp_gdb *g, int status, int signo)
{
    if (!g || g->cfd < 0)
        return;
    char r[8];
    snprintf(r, sizeof r, signo ? "X%02x" : "W%02x", (unsigned)(signo ? signo : status) & 0xff);
    send_packet(g, r, strlen(r));
    drop_connection(g);
}
