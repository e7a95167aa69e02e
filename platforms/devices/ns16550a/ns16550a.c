/* SPDX-License-Identifier: Apache-2.0 */
/* ns16550a.c - NS16550A-compatible UART device module (QEMU virt layout):
 * 8 byte-wide registers, 16-byte RX FIFO, instantaneous transmission to a
 * stdio/file/none backend, stdin input polled from a clock event (only
 * while a byte could be taken: not in loopback, not with a full FIFO, not
 * after EOF, so an idle UART leaves the kernel idle; a poll never lets
 * simulated time outrun the host's, so a guest idling at its console
 * does not spin the host). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vpbridge/vp_device.h>

/* Register indices (offset >> reg-shift). */
enum { REG_RBR = 0, REG_IER = 1, REG_IIR = 2, REG_LCR = 3, REG_MCR = 4, REG_LSR = 5, REG_MSR = 6, REG_SCR = 7 };

#define IER_ERBFI 0x01 /* RX data available */
#define IER_ETBEI 0x02 /* THR empty */
#define IER_ELSI 0x04  /* RX line status */
#define IER_EDSSI 0x08 /* modem status */

#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_CTI 0x0c
#define IIR_FIFO 0xc0

#define FCR_FE 0x01
#define FCR_RXCLR 0x02
#define FCR_TXCLR 0x04

#define LCR_DLAB 0x80
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_ERRS 0x1e /* OE | PE | FE | BI */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DELTAS 0x0f
#define MSR_TERI 0x04
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

#define RX_FIFO_SIZE 16
#define NUM_REGS 8

typedef enum backend { BACKEND_STDIO, BACKEND_FILE, BACKEND_NONE } backend;

typedef struct uart {
    const vp_device_ctx *ctx;
    const vp_host_api *api;
    unsigned shift;      /* reg-shift */
    backend be;
    FILE *out;           /* stdout, the file, or NULL */
    const char *out_name;/* "stdout" or the file's path (borrowed option) */
    int out_err;         /* errno of the first write error; output stops */
    bool rx_stdin;       /* poll stdin for input */
    bool rx_eof;         /* stdin reached EOF or failed: stop polling */
    bool rx_armed;       /* rx_ev is pending */
    bool realized;       /* time may run: the backend is open, polling allowed */
    vp_time rx_poll;
    vp_event *rx_ev;
    vp_time pace_sim;    /* the stdin polls' pacing anchor: a simulated and a host time */
    struct timespec pace_wall;
    tlmc_signal irq;
    /* registers */
    uint8_t ier, fcr, lcr, mcr, lsr, msr, scr, dll, dlm;
    bool thr_ipending;   /* THR-empty interrupt latched */
    uint8_t rxf[RX_FIFO_SIZE];
    unsigned rx_head, rx_count;
} uart;

#define GUEST_ERR(u, fmt, ...)                                                                     \
    (u)->api->log((u)->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, fmt, __VA_ARGS__)

/* ---- interrupt logic ---------------------------------------------------- */

static unsigned rx_trigger(const uart *u)
{
    static const unsigned levels[4] = {1, 4, 8, 14};
    return levels[u->fcr >> 6];
}

static unsigned rx_capacity(const uart *u) { return (u->fcr & FCR_FE) ? RX_FIFO_SIZE : 1; }

/* Highest-priority pending interrupt reason (IIR bits 3:0). */
static uint8_t irq_reason(const uart *u)
{
    if ((u->ier & IER_ELSI) && (u->lsr & LSR_ERRS))
        return IIR_RLSI;
    if ((u->ier & IER_ERBFI) && u->rx_count)
        return ((u->fcr & FCR_FE) && u->rx_count < rx_trigger(u)) ? IIR_CTI : IIR_RDI;
    if ((u->ier & IER_ETBEI) && u->thr_ipending)
        return IIR_THRI;
    if ((u->ier & IER_EDSSI) && (u->msr & MSR_DELTAS))
        return IIR_MSI;
    return IIR_NONE;
}

static void update_irq(uart *u)
{
    bool level = irq_reason(u) != IIR_NONE;
    if (level != u->irq.level)
        tlmc_signal_set(&u->irq, level);
}

/* ---- FIFO and backends ---------------------------------------------------- */

static void rx_push(uart *u, uint8_t c)
{
    if (u->rx_count >= rx_capacity(u)) {
        u->lsr |= LSR_OE;
        return;
    }
    u->rxf[(u->rx_head + u->rx_count) % RX_FIFO_SIZE] = c;
    u->rx_count++;
}

static uint8_t rx_pop(uart *u)
{
    if (!u->rx_count)
        return 0;
    uint8_t c = u->rxf[u->rx_head];
    u->rx_head = (u->rx_head + 1) % RX_FIFO_SIZE;
    u->rx_count--;
    return c;
}

static void rx_clear(uart *u) { u->rx_head = u->rx_count = 0; }

/* Schedules the next stdin poll if one could deliver a byte now: input on
 * stdin not at EOF, no loopback (the RX FIFO is fed by TX then), room in
 * the FIFO. Otherwise the event stays off and the UART keeps no kernel
 * activity pending (an all-harts-in-WFI dead-lock is seen); whatever
 * removes the obstacle calls this again. */
static void rx_arm(uart *u)
{
    if (!u->realized || !u->rx_ev || u->rx_armed || u->rx_eof)
        return;
    if ((u->mcr & MCR_LOOP) || u->rx_count >= rx_capacity(u))
        return;
    u->rx_armed = true;
    vp_clock_event_notify(u->ctx->clock, u->rx_ev, u->rx_poll);
}

/* The first write error is reported (one line naming the output and the
 * reason: the host turns it into a failed run) and ends the output. */
static void out_failed(uart *u, int err)
{
    if (u->out_err)
        return;
    u->out_err = err ? err : EIO;
    u->api->log(u->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "cannot write to %s: %s", u->out_name, strerror(u->out_err));
}

static void tx_byte(uart *u, uint8_t c)
{
    if (u->mcr & MCR_LOOP) {
        rx_push(u, c);
        return;
    }
    if (!u->out || u->out_err)
        return;
    errno = 0;
    if (fputc(c, u->out) == EOF || ((u->be == BACKEND_STDIO || c == '\n') && fflush(u->out) == EOF))
        out_failed(u, errno);
}

/* Modem status inputs: loopback mirrors MCR, otherwise CTS/DSR/DCD are on. */
static void update_msr(uart *u)
{
    uint8_t st = MSR_CTS | MSR_DSR | MSR_DCD;
    if (u->mcr & MCR_LOOP) {
        st = (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) | ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
                       ((u->mcr & MCR_OUT1) ? MSR_RI : 0) | ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
    }
    uint8_t old = u->msr & 0xf0, changed = old ^ st;
    uint8_t delta = (uint8_t)((changed >> 4) & (MSR_DELTAS & ~MSR_TERI));
    if ((old & MSR_RI) && !(st & MSR_RI))
        delta |= MSR_TERI; /* trailing edge of RI */
    u->msr = (uint8_t)(st | (u->msr & MSR_DELTAS) | delta);
}

#define PACE_MAX_NS 50000000LL /* the longest one poll waits for input on the host */

/* How long this poll may wait for input on the host: until the host's
 * time since the anchor (a simulated and a host time) equals the simulated
 * time since it. While the harts compute, simulated time runs slower than
 * the host's: polls never wait, and each moves the anchor (busy time earns
 * no credit). While every hart sleeps waiting for input (the kernel skips
 * ahead from poll to poll), the waits hold simulated time to the host's,
 * so a guest idle at its console costs no host time instead of spinning
 * through polls. What the guest sees is the same either way: the polls
 * happen at the same simulated times. */
static struct timespec pace_wait(uart *u)
{
    struct timespec now, wait = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &now);
    vp_time sim = vp_clock_now(u->ctx->clock);
    long long wall_ns = (long long)(now.tv_sec - u->pace_wall.tv_sec) * 1000000000LL +
                        (now.tv_nsec - u->pace_wall.tv_nsec);
    long long ns = (long long)((sim - u->pace_sim) / VP_NS) - wall_ns;
    if (!u->pace_wall.tv_sec || ns <= 0) { /* first poll, or the host is behind: anchor here */
        u->pace_sim = sim;
        u->pace_wall = now;
        return wait;
    }
    if (ns > PACE_MAX_NS)
        ns = PACE_MAX_NS;
    wait.tv_sec = (time_t)(ns / 1000000000LL);
    wait.tv_nsec = (long)(ns % 1000000000LL);
    return wait;
}

/* Reads stdin (waiting at most pace_wait()); reschedules itself (rx_arm)
 * while input can arrive and be taken. */
static void rx_poll_fn(void *opaque)
{
    uart *u = opaque;
    u->rx_armed = false;
    if (u->rx_eof)
        return;
    bool fg = !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) == getpgrp();
    unsigned space = rx_capacity(u) - u->rx_count;
    if (fg && space && !(u->mcr & MCR_LOOP)) {
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        struct timespec wait = pace_wait(u);
        int n = ppoll(&pfd, 1, &wait, NULL);
        if (n > 0 && (pfd.revents & POLLIN)) {
            uint8_t buf[RX_FIFO_SIZE];
            ssize_t got = read(STDIN_FILENO, buf, space);
            if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
                u->rx_eof = true;
            for (ssize_t i = 0; i < got; i++)
                rx_push(u, buf[i]);
            if (got > 0)
                update_irq(u);
        } else if (n < 0 ? errno != EINTR : (n > 0 && (pfd.revents & (POLLHUP | POLLNVAL | POLLERR)))) {
            u->rx_eof = true;
        }
    }
    rx_arm(u);
}

/* ---- register access ---------------------------------------------------------- */

static uint8_t reg_read(uart *u, unsigned reg, bool side_effects)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;
    uint8_t v = 0;
    switch (reg) {
    case REG_RBR:
        if (dlab)
            return u->dll;
        if (!side_effects)
            return u->rx_count ? u->rxf[u->rx_head] : 0;
        v = rx_pop(u);
        rx_arm(u);
        break;
    case REG_IER:
        return dlab ? u->dlm : u->ier;
    case REG_IIR:
        v = (uint8_t)(irq_reason(u) | ((u->fcr & FCR_FE) ? IIR_FIFO : 0));
        if (side_effects && (v & 0x0f) == IIR_THRI)
            u->thr_ipending = false;
        break;
    case REG_LCR:
        return u->lcr;
    case REG_MCR:
        return u->mcr;
    case REG_LSR:
        v = (uint8_t)(u->lsr | (u->rx_count ? LSR_DR : 0));
        if (side_effects)
            u->lsr &= (uint8_t)~LSR_ERRS;
        break;
    case REG_MSR:
        v = u->msr;
        if (side_effects)
            u->msr &= (uint8_t)~MSR_DELTAS;
        break;
    default:
        return u->scr;
    }
    if (side_effects)
        update_irq(u);
    return v;
}

static void write_fcr(uart *u, uint8_t v)
{
    if ((v ^ u->fcr) & FCR_FE)
        rx_clear(u); /* toggling the FIFO enable clears both FIFOs */
    if (v & FCR_RXCLR)
        rx_clear(u);
    u->fcr = v & (FCR_FE | 0xc8);
    if (!(u->fcr & FCR_FE))
        u->fcr = 0; /* trigger bits are meaningless without FIFOs */
    rx_arm(u);
}

static void reg_write(uart *u, unsigned reg, uint8_t v)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;
    switch (reg) {
    case REG_RBR:
        if (dlab) {
            u->dll = v;
            return;
        }
        u->thr_ipending = false;
        tx_byte(u, v);
        u->thr_ipending = true; /* transmission is instantaneous: THR empty again */
        break;
    case REG_IER:
        if (dlab) {
            u->dlm = v;
            return;
        }
        if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
            u->thr_ipending = true; /* enabling ETBEI with THR empty interrupts */
        u->ier = v & 0x0f;
        break;
    case REG_IIR:
        write_fcr(u, v);
        break;
    case REG_LCR:
        u->lcr = v;
        return;
    case REG_MCR:
        u->mcr = v & 0x1f;
        update_msr(u);
        if ((u->mcr & MCR_LOOP) && u->rx_armed) {
            vp_clock_event_cancel(u->ctx->clock, u->rx_ev); /* TX feeds RX now */
            u->rx_armed = false;
        }
        rx_arm(u);
        break;
    case REG_LSR:
    case REG_MSR:
        GUEST_ERR(u, "write 0x%02x to read-only %s ignored", v, reg == REG_LSR ? "LSR" : "MSR");
        return;
    default:
        u->scr = v;
        return;
    }
    update_irq(u);
}

/* Maps an offset to a register index; false if it hits no register. */
static bool decode(const uart *u, uint64_t addr, unsigned *reg)
{
    if (addr & ((1u << u->shift) - 1))
        return false;
    uint64_t r = addr >> u->shift;
    if (r >= NUM_REGS)
        return false;
    *reg = (unsigned)r;
    return true;
}

static void uart_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    uart *u = opaque;
    unsigned reg;
    (void)delay;
    tlmc_response r = vp_dev_check(p, 1, 8);
    if (r == TLMC_OK_RESPONSE && !decode(u, p->address, &reg))
        r = TLMC_ADDRESS_ERROR_RESPONSE;
    if (r != TLMC_OK_RESPONSE) {
        GUEST_ERR(u, "invalid %u-byte %s at offset 0x%llx", p->length, vp_dev_cmd_str(p),
                  (unsigned long long)p->address);
        p->response = r;
        return;
    }
    if (p->command == TLMC_READ)
        vp_dev_put_le(p->data, p->length, reg_read(u, reg, true));
    else
        reg_write(u, reg, p->data[0]);
    p->response = TLMC_OK_RESPONSE;
}

/* Debug reads see the registers without side effects; debug writes are refused. */
static uint32_t uart_transport_dbg(void *opaque, tlmc_payload *p)
{
    uart *u = opaque;
    unsigned reg;
    if (p->command != TLMC_READ || !decode(u, p->address, &reg))
        return 0;
    vp_dev_put_le(p->data, p->length, reg_read(u, reg, false));
    return p->length;
}

static const tlmc_target_ops uart_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = uart_b_transport,
    .transport_dbg = uart_transport_dbg,
};

/* ---- lifecycle ---------------------------------------------------------------- */

static void uart_reset(void *opaque)
{
    uart *u = opaque;
    u->ier = u->fcr = u->lcr = u->scr = 0;
    u->mcr = MCR_OUT2; /* as QEMU */
    u->lsr = LSR_THRE | LSR_TEMT;
    u->msr = MSR_CTS | MSR_DSR | MSR_DCD;
    u->dll = 0x0c; /* 9600 baud at 1.8432 MHz */
    u->dlm = 0;
    u->thr_ipending = false;
    rx_clear(u);
    update_irq(u);
    rx_arm(u);
}

/* Reads the backend options (create). The output file is opened only by
 * realize: `vpbridge check` builds the platform without realizing it and
 * must not create or truncate anything. */
static int parse_backend(uart *u)
{
    const char *be = u->api->opt_str(u->ctx, "backend");
    const char *path = u->api->opt_str(u->ctx, "path");
    u->be = !be || !strcmp(be, "stdio") ? BACKEND_STDIO : !strcmp(be, "file") ? BACKEND_FILE : BACKEND_NONE;
    if (u->be == BACKEND_STDIO) {
        u->out_name = "stdout";
        u->rx_stdin = u->api->opt_bool(u->ctx, "input");
        return 0;
    }
    if (u->be == BACKEND_FILE && (!path || !*path)) {
        u->api->log(u->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "backend 'file' needs option 'path'");
        return VP_EINVAL;
    }
    u->out_name = path;
    return 0;
}

/* Opens the output (realize); the file is created or truncated here. */
static int open_backend(uart *u)
{
    if (u->be == BACKEND_STDIO)
        u->out = stdout;
    if (u->be != BACKEND_FILE || u->out)
        return 0;
    u->out = fopen(u->out_name, "we"); /* close-on-exec */
    if (!u->out) {
        int e = errno;
        u->api->log(u->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "cannot open output file '%s': %s", u->out_name,
                    strerror(e));
        return VP_EIO;
    }
    return 0;
}

/* Writes out what is buffered; a failure is reported like any write error. */
static void close_backend(uart *u)
{
    if (!u->out)
        return;
    errno = 0;
    int rc = u->be == BACKEND_FILE ? fclose(u->out) : fflush(u->out);
    if (rc == EOF && !u->out_err)
        out_failed(u, errno);
    u->out = NULL;
}

static void uart_destroy(void *opaque)
{
    uart *u = opaque;
    if (!u)
        return;
    vp_clock_event_destroy(u->ctx->clock, u->rx_ev);
    close_backend(u);
    free(u);
}

static int uart_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    uart *u = calloc(1, sizeof(*u));
    if (!u)
        return VP_ENOMEM;
    u->ctx = ctx;
    u->api = ctx->api;
    u->shift = (unsigned)u->api->opt_uint(ctx, "reg-shift");
    u->rx_poll = u->api->opt_uint(ctx, "rx-poll");
    int rc = parse_backend(u);
    if (rc == 0 && (u->shift > 4 || (u->rx_stdin && u->rx_poll == 0))) {
        u->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "bad reg-shift or rx-poll");
        rc = VP_EINVAL;
    }
    if (rc == 0 && u->rx_stdin) {
        u->rx_ev = vp_clock_event_create(ctx->clock, "ns16550a.rx", rx_poll_fn, u);
        if (!u->rx_ev)
            rc = VP_ENOMEM;
    }
    if (rc != 0) {
        uart_destroy(u);
        return rc;
    }
    uart_reset(u);
    return vp_dev_publish(ctx, mmio, &uart_ops, u, opaque);
}

static int uart_realize(void *opaque)
{
    uart *u = opaque;
    int rc = open_backend(u);
    if (rc != 0)
        return rc;
    u->realized = true;
    rx_arm(u);
    update_irq(u);
    return 0;
}

/* ---- state (checkpointing) ------------------------------------------------------
 * Layout (state_version 1), all bytes: IER FCR LCR MCR LSR MSR SCR DLL DLM,
 * THRE latch (0/1), RX count n, then the n RX FIFO bytes oldest first. The
 * backend (file, stdio, EOF seen on stdin) is configuration, not state. */

static int uart_save(void *opaque, vp_state_stream *s)
{
    uart *u = opaque;
    vp_dev_state st;
    if (vp_dev_state_init(&st, u->api, s))
        return st.rc;
    const uint8_t regs[] = {u->ier, u->fcr, u->lcr, u->mcr, u->lsr, u->msr, u->scr, u->dll, u->dlm};
    for (size_t i = 0; i < sizeof(regs); i++)
        vp_dev_state_put_u8(&st, regs[i]);
    vp_dev_state_put_bool(&st, u->thr_ipending);
    vp_dev_state_put_u8(&st, (uint8_t)u->rx_count);
    for (unsigned i = 0; i < u->rx_count; i++)
        vp_dev_state_put_u8(&st, u->rxf[(u->rx_head + i) % RX_FIFO_SIZE]);
    return st.rc;
}

/* Reads the registers into *t and checks that they are values the device
 * itself can reach. */
static int read_regs(vp_dev_state *st, uart *t)
{
    uint8_t *regs[] = {&t->ier, &t->fcr, &t->lcr, &t->mcr, &t->lsr, &t->msr, &t->scr, &t->dll, &t->dlm};
    for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
        *regs[i] = vp_dev_state_get_u8(st);
    t->thr_ipending = vp_dev_state_get_bool(st);
    vp_dev_state_check(st, t->ier <= 0x0f && t->mcr <= 0x1f);
    vp_dev_state_check(st, (t->fcr & ~(FCR_FE | 0xc8)) == 0 && ((t->fcr & FCR_FE) || t->fcr == 0));
    vp_dev_state_check(st, (t->lsr & ~(LSR_ERRS | LSR_THRE | LSR_TEMT)) == 0);
    return st->rc;
}

static int uart_restore(void *opaque, vp_state_stream *s)
{
    uart *u = opaque;
    vp_dev_state st;
    if (vp_dev_state_init(&st, u->api, s))
        return st.rc;
    uart t = *u; /* work on a copy: a bad stream leaves the device untouched */
    read_regs(&st, &t);
    unsigned n = vp_dev_state_get_u8(&st);
    if (vp_dev_state_check(&st, n <= rx_capacity(&t)) == 0) {
        t.rx_head = 0;
        t.rx_count = n;
        for (unsigned i = 0; i < n; i++)
            t.rxf[i] = vp_dev_state_get_u8(&st);
    }
    if (st.rc) {
        if (st.rc == VP_EINVAL)
            u->api->log(u->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "restore: invalid register or FIFO state");
        return st.rc;
    }
    *u = t; /* only state fields differ from *u */
    tlmc_signal_set(&u->irq, irq_reason(u) != IIR_NONE);
    if (u->rx_armed) { /* restart the poll period from now (or stop it) */
        vp_clock_event_cancel(u->ctx->clock, u->rx_ev);
        u->rx_armed = false;
    }
    rx_arm(u);
    return 0;
}

static tlmc_signal *uart_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    uart *u = opaque;
    return port == 0 && index == 0 ? &u->irq : NULL;
}

/* ---- type and module ------------------------------------------------------------ */

static const vp_opt_decl uart_opts[] = {
    VP_DEV_OPT_RANGE("reg-shift", VP_OPT_UINT, "0", "register stride is 1 << reg-shift bytes", 0, 4),
    VP_DEV_OPT_ENUM("backend", "stdio", "where guest output goes", "stdio|file|none"),
    VP_DEV_OPT("path", VP_OPT_STRING, "", "output file for backend=file (created/truncated when the run starts)"),
    VP_DEV_OPT("rx-poll", VP_OPT_TIME, "1ms", "stdin poll period (simulated time) for backend=stdio"),
    VP_DEV_OPT("input", VP_OPT_BOOL, "true", "read guest input from stdin for backend=stdio"),
};

static const vp_port_decl uart_ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "interrupt request (level, active high)"),
};

VP_DEV_TYPE(uart_type, "ns16550a", "NS16550A-compatible UART", VP_DEV_OPTS(uart_opts), VP_DEV_PORTS(uart_ports),
            .default_mmio_size = 0x100, .create = uart_create, .realize = uart_realize, .reset = uart_reset,
            .destroy = uart_destroy, .signal_out = uart_signal_out, .state_version = 1, .save = uart_save,
            .restore = uart_restore);

VP_DEV_MODULE("ns16550a", "0.1.0", &uart_type);
