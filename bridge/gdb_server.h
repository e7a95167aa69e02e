/* SPDX-License-Identifier: Apache-2.0 */
/* gdb_server.h - the GDB remote serial protocol server of `vpbridge run
 * --gdb` (docs/debugging.md): one debugger connection at a time over TCP,
 * the harts as GDB threads, all-stop.
 *
 * It never runs the harts itself. Whoever runs them (the CPU cluster)
 * asks vp_gdb_poll() now and then while they run (a Ctrl-C or a new
 * connection means "stop"), and when they have stopped calls
 * vp_gdb_stopped(), which talks to the debugger until it resumes them,
 * steps one, detaches or kills the run. Everything happens on the caller's
 * thread: while vp_gdb_stopped() serves, nothing else in the simulation
 * moves (SystemC time included).
 *
 * The protocol side (vp_gdb_handle_packet) works without a socket, for
 * tests and fuzzing. A debugger that sends garbage gets error replies or
 * none; one that goes away counts as a detach.
 */
#ifndef VPBRIDGE_BRIDGE_GDB_SERVER_H
#define VPBRIDGE_BRIDGE_GDB_SERVER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <vpbridge/vp_cpu.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_gdb vp_gdb;

/* What the harts do when vp_gdb_stopped returns. */
typedef enum vp_gdb_resume {
    VP_GDB_CONTINUE = 0, /* every hart runs */
    VP_GDB_STEP = 1,     /* hart `hart` runs one instruction (the others wait), then stops */
    VP_GDB_DETACH = 2,   /* the debugger left: breakpoints are gone, every hart runs */
    VP_GDB_KILL = 3,     /* the debugger ended the run */
} vp_gdb_resume;

typedef struct vp_gdb_action {
    vp_gdb_resume what;
    unsigned hart;   /* VP_GDB_STEP: which */
    const bool *run; /* VP_GDB_CONTINUE: which harts run (one per hart; the others stay
                      * stopped: GDB's scheduler-locking); NULL: all. Valid until the next call. */
} vp_gdb_action;

/* Why the harts stopped. */
typedef struct vp_gdb_stop {
    unsigned hart;           /* the hart that stopped (the others stopped with it) */
    int signo;               /* GDB's signal number: 5 (SIGTRAP) for the debugger's own stops, 2 (SIGINT) for Ctrl-C */
    vp_cpu_debug_stop debug; /* kind NONE: no breakpoint, watchpoint or step (attach, Ctrl-C) */
} vp_gdb_stop;

/* What the server asks of the simulation besides the harts. */
typedef struct vp_gdb_host {
    void *opaque;
    /* `monitor CMD`: appends what it prints to out; false: unknown command
     * (the server then prints the list of commands). */
    bool (*monitor)(void *opaque, const char *cmd, GString *out);
    /* The list of monitor commands, one per line (for `monitor help`). */
    const char *monitor_help;
} vp_gdb_host;

/* Listens on `spec`: "tcp::PORT" (127.0.0.1), "tcp:HOST:PORT" (any
 * address given explicitly, e.g. 0.0.0.0), ":PORT" or "PORT". PORT 0 picks
 * a free port (vp_gdb_port). NULL with *err set ("--gdb 'x': ...") on a bad
 * spec or a socket that cannot listen. stop_flag: when it becomes non-zero
 * (a signal), waits end and vp_gdb_stopped returns VP_GDB_KILL. */
vp_gdb *vp_gdb_new(const char *spec, vp_cpu *const *harts, unsigned n_harts, const vp_gdb_host *host,
                   volatile sig_atomic_t *stop_flag, GError **err);
void vp_gdb_free(vp_gdb *g); /* accepts NULL; closes the connection */
/* The address it listens on ("127.0.0.1:1234"). */
const char *vp_gdb_address(const vp_gdb *g);
unsigned vp_gdb_port(const vp_gdb *g);

/* Waits for a debugger to connect (--gdb-wait). False if stop_flag was set. */
bool vp_gdb_wait_attach(vp_gdb *g);
/* While the harts run: takes a new connection and reads what the
 * debugger sent. Returns the signal to stop the harts with now: 2
 * (SIGINT) for a Ctrl-C, 5 (SIGTRAP) for a debugger that just connected;
 * 0: run on. Cheap: system calls at most every 10 ms of host time. */
int vp_gdb_poll(vp_gdb *g);
/* True while a debugger is connected. */
bool vp_gdb_attached(const vp_gdb *g);
/* The harts stopped for `stop`: tells a waiting debugger and serves it
 * until it resumes them. Without a debugger: VP_GDB_CONTINUE. */
vp_gdb_action vp_gdb_stopped(vp_gdb *g, const vp_gdb_stop *stop);
/* The run ended: tells the debugger (exit status, or the signal that
 * ended it when signo != 0) and closes the connection. */
void vp_gdb_exited(vp_gdb *g, int status, int signo);

/* ---- the protocol without a socket (tests, fuzzing) ---- */
/* A server with no socket: vp_gdb_handle_packet answers into `reply`. */
vp_gdb *vp_gdb_new_unconnected(vp_cpu *const *harts, unsigned n_harts, const vp_gdb_host *host);
/* Handles one packet's payload (without $, # and checksum). Returns true
 * when the packet resumes the harts (*action says how; reply is then
 * empty unless the packet has one of its own, such as OK to D). */
bool vp_gdb_handle_packet(vp_gdb *g, const char *data, size_t len, GString *reply, vp_gdb_action *action);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_BRIDGE_GDB_SERVER_H */
