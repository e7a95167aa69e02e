/* SPDX-License-Identifier: Apache-2.0 */
/* tlmc.h - C-callable TLM-2.0: generic payload, blocking transport with
 * timing annotation, debug transport, DMI with invalidation, signal lines
 * and an address router.
 *
 * Semantics follow IEEE 1666 TLM-2.0 (LT coding style):
 *  - `data` is a byte array in address order (little-endian guest data on
 *    a little-endian host is a plain memcpy), owned by the initiator.
 *  - Targets see addresses relative to the start of their mapping (the
 *    router subtracts the base and restores it after the call).
 *  - `*delay` is the initiator's local time offset; a target adds its own
 *    latency to it and never waits.
 *  - Response status starts as TLMC_INCOMPLETE_RESPONSE; a target must set
 *    it. A guest access that ends in an error response becomes a guest
 *    access-fault trap, never a host error.
 */
#ifndef VPBRIDGE_TLMC_H
#define VPBRIDGE_TLMC_H

#include <vpbridge/vp_base.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TLMC_ABI VP_ABI_VERSION(0, 1) /* == 1, its value before the scheme (vp_base.h) */

typedef enum tlmc_command { TLMC_READ = 0, TLMC_WRITE = 1, TLMC_IGNORE = 2 } tlmc_command;

typedef enum tlmc_response {
    TLMC_OK_RESPONSE = 1,
    TLMC_INCOMPLETE_RESPONSE = 0,
    TLMC_GENERIC_ERROR_RESPONSE = -1,
    TLMC_ADDRESS_ERROR_RESPONSE = -2,
    TLMC_COMMAND_ERROR_RESPONSE = -3,
    TLMC_BURST_ERROR_RESPONSE = -4,
    TLMC_BYTE_ENABLE_ERROR_RESPONSE = -5,
} tlmc_response;

#define TLMC_BYTE_DISABLED 0x00
#define TLMC_BYTE_ENABLED 0xff

/* Generic payload. Caller storage; initialise with tlmc_payload_init().
 * Append-only: new fields go at the end behind an ABI marker. */
typedef struct tlmc_payload {
    uint32_t size;              /* sizeof(tlmc_payload) the initiator was built with */
    uint32_t abi;               /* TLMC_ABI */
    tlmc_command command;       /* read, write or ignore */
    tlmc_response response;     /* set by the target */
    uint64_t address;           /* target-relative once routed */
    uint8_t *data;              /* initiator-owned buffer, `length` bytes */
    uint32_t length;            /* bytes to transfer */
    uint32_t streaming_width;   /* 0 or >= length means no streaming */
    uint8_t *byte_enable;       /* NULL: all bytes enabled */
    uint32_t byte_enable_length;/* pattern length, repeats over `length` */
    bool dmi_allowed;           /* hint from the target: DMI may be requested */
    uint32_t initiator_id;      /* which initiator (hart id, DMA id); informative */
    /* -- ABI 1.0 ends here -- */
} tlmc_payload;

static inline void tlmc_payload_init(tlmc_payload *p, tlmc_command cmd, uint64_t addr, void *data,
                                     uint32_t length)
{
    p->size = (uint32_t)sizeof(*p);
    p->abi = TLMC_ABI;
    p->command = cmd;
    p->response = TLMC_INCOMPLETE_RESPONSE;
    p->address = addr;
    p->data = (uint8_t *)data;
    p->length = length;
    p->streaming_width = length;
    p->byte_enable = NULL;
    p->byte_enable_length = 0;
    p->dmi_allowed = false;
    p->initiator_id = 0;
}

static inline bool tlmc_payload_ok(const tlmc_payload *p) { return p->response == TLMC_OK_RESPONSE; }
VP_API const char *tlmc_response_str(tlmc_response r);

/* DMI access rights (bit mask). */
#define TLMC_DMI_READ 1u
#define TLMC_DMI_WRITE 2u
#define TLMC_DMI_READ_WRITE 3u

/* A direct memory interface grant: host memory `ptr` backs the address range
 * [start, end] (inclusive, in the caller's address space once routed). */
typedef struct tlmc_dmi {
    uint8_t *ptr;          /* host pointer for address `start` */
    uint64_t start;        /* first address covered */
    uint64_t end;          /* last address covered (inclusive) */
    uint32_t access;       /* TLMC_DMI_* */
    vp_time read_latency;  /* per access */
    vp_time write_latency; /* per access */
} tlmc_dmi;

/* Target interface (the forward path). Any op may be NULL = unsupported:
 * b_transport NULL answers TLMC_COMMAND_ERROR_RESPONSE, transport_dbg NULL
 * transfers 0 bytes, get_direct_mem_ptr NULL denies DMI. */
typedef struct tlmc_target_ops {
    uint32_t size; /* sizeof(tlmc_target_ops) */
    uint32_t abi;  /* TLMC_ABI */
    void (*b_transport)(void *opaque, tlmc_payload *p, vp_time *delay);
    /* Debug access: no side effects beyond the data, never advances time.
     * Returns the number of bytes transferred. */
    uint32_t (*transport_dbg)(void *opaque, tlmc_payload *p);
    /* Fills *dmi for the payload's address and returns true if granted.
     * On denial, *dmi may still describe the range to which the denial applies. */
    bool (*get_direct_mem_ptr)(void *opaque, tlmc_payload *p, tlmc_dmi *dmi);
} tlmc_target_ops;

/* Backward path: the target tells whoever bound it that DMI pointers for
 * [start, end] (target-relative) are no longer valid. */
typedef void (*tlmc_invalidate_fn)(void *bw_opaque, uint64_t start, uint64_t end);

/* A target socket, caller storage. The target fills ops/opaque/name; the
 * binder (router, adapter) fills invalidate/bw_opaque. */
typedef struct tlmc_target {
    const tlmc_target_ops *ops;
    void *opaque;                 /* passed to every op */
    const char *name;             /* for messages; borrowed */
    tlmc_invalidate_fn invalidate;/* set by the binder; may be NULL */
    void *bw_opaque;              /* set by the binder */
} tlmc_target;

/* Forwarders with the NULL-op defaults described above. */
VP_API void tlmc_b_transport(tlmc_target *t, tlmc_payload *p, vp_time *delay);
VP_API uint32_t tlmc_transport_dbg(tlmc_target *t, tlmc_payload *p);
VP_API bool tlmc_get_direct_mem_ptr(tlmc_target *t, tlmc_payload *p, tlmc_dmi *dmi);
/* Called by a target to revoke DMI grants over [start, end] (target-relative). */
VP_API void tlmc_target_invalidate_dmi(tlmc_target *t, uint64_t start, uint64_t end);

/* Convenience for initiators: single read/write with a fresh payload. Returns the response. */
VP_API tlmc_response tlmc_read(tlmc_target *t, uint64_t addr, void *data, uint32_t len, vp_time *delay);
VP_API tlmc_response tlmc_write(tlmc_target *t, uint64_t addr, const void *data, uint32_t len, vp_time *delay);

/* ---- Signal (interrupt) lines ------------------------------------------
 * A level-sensitive wire from one output to one input. The output owner
 * calls tlmc_signal_set(); the binder fills the sink. Unbound lines are
 * legal and do nothing. Setting the same level twice is harmless. */
typedef void (*tlmc_signal_fn)(void *opaque, uint32_t line, bool level);

typedef struct tlmc_signal {
    tlmc_signal_fn sink;  /* set by the binder; NULL = unconnected */
    void *sink_opaque;    /* passed to sink */
    uint32_t sink_line;   /* the input number at the sink */
    bool level;           /* last level driven */
} tlmc_signal;

static inline void tlmc_signal_bind(tlmc_signal *s, tlmc_signal_fn sink, void *opaque, uint32_t line)
{
    s->sink = sink;
    s->sink_opaque = opaque;
    s->sink_line = line;
}

static inline void tlmc_signal_set(tlmc_signal *s, bool level)
{
    s->level = level;
    if (s->sink)
        s->sink(s->sink_opaque, s->sink_line, level);
}

/* ---- Router -------------------------------------------------------------
 * Maps address ranges onto targets. Lookup is a binary search over sorted,
 * non-overlapping regions with a last-hit cache. A region with a higher
 * priority may sit on top of a lower one (e.g. an HTIF word inside RAM);
 * equal-priority overlaps are errors. DMI grants are clipped so that they
 * never cover a region mapped on top, and are translated back to the
 * router's address space. Undecoded addresses answer
 * TLMC_ADDRESS_ERROR_RESPONSE. A b_transport with a NULL `delay` reaches
 * the target with a pointer to a zero delay. A target that answers a
 * b_transport without setting the response (still INCOMPLETE) or with a
 * value the enum does not name is answered TLMC_GENERIC_ERROR_RESPONSE
 * (a bus error); a debug transport that claims more bytes than asked
 * counts as 0 bytes. Either logs one warning naming the target, the first
 * time it happens. */
typedef struct tlmc_router tlmc_router;

VP_API tlmc_router *tlmc_router_create(const char *name);
VP_API void tlmc_router_destroy(tlmc_router *r); /* accepts NULL */
/* Maps [base, base+size-1] to t. `t` must outlive the router. Sets errp
 * ("region 'x' [a..b] overlaps 'y' [c..d]") and returns VP_EEXIST on an
 * equal-priority overlap, VP_EINVAL on size 0 or wrap-around. */
VP_API int tlmc_router_map(tlmc_router *r, uint64_t base, uint64_t size, tlmc_target *t, int priority,
                           vp_error **errp);
/* The router's own target face, for initiators (CPU, DMA). Borrowed. */
VP_API tlmc_target *tlmc_router_target(tlmc_router *r);
/* The name of the target whose b_transport the router is inside right now
 * (the innermost, when a target calls back into the router), or NULL when
 * none is. For a watchdog on another thread that wants to name a target
 * that never returns: the answer may be stale the moment it is read.
 * Borrowed from the target (targets outlive the router). */
VP_API const char *tlmc_router_busy_target(tlmc_router *r);
/* Registers an initiator's DMI invalidation callback; router-space addresses. */
VP_API int tlmc_router_add_invalidate_listener(tlmc_router *r, tlmc_invalidate_fn fn, void *opaque);
/* Iteration for `vpbridge check`: returns false past the end. */
typedef struct tlmc_router_region {
    uint64_t base, size;
    int priority;
    tlmc_target *target;
} tlmc_router_region;
VP_API bool tlmc_router_region_at(const tlmc_router *r, size_t index, tlmc_router_region *out);

/* Per-mapping transaction counts (`vpbridge run --stats`, integrators).
 * The router counts, for each mapping, what it routed to that mapping's
 * target since the mapping was made: an access is counted on the mapping
 * that served it (the highest priority one at its address). Accesses a
 * hart serves through a DMI pointer never reach the router and are not
 * counted: a RAM mapping shows only its non-DMI accesses (debug
 * transport, accesses of an initiator that holds no grant). An
 * address no mapping decodes is counted nowhere. Plain counters, with the
 * router's own threading: read them while no transaction runs. */
typedef struct tlmc_router_stats {
    uint32_t size, abi;      /* sizeof(tlmc_router_stats) the caller was built with; TLMC_ABI */
    uint64_t base;           /* the mapping: first address (router space) */
    uint64_t end;            /* last address, inclusive */
    int priority;            /* as mapped */
    tlmc_target *target;     /* the mapped target (borrowed) */
    const char *name;        /* target->name, or "?" when it has none; borrowed */
    uint64_t reads;          /* b_transport calls with TLMC_READ */
    uint64_t writes;         /* b_transport calls with TLMC_WRITE */
    uint64_t bytes_read;     /* data bytes of those reads */
    uint64_t bytes_written;  /* data bytes of those writes */
    uint64_t errors;         /* b_transport answered other than TLMC_OK_RESPONSE (by the target, or by the
                                router: an access running past the mapping's end, no b_transport op) */
    uint64_t debug;          /* transport_dbg calls passed to the target (one per mapping an access spans) */
    uint64_t dmi_grants;     /* get_direct_mem_ptr requests the target granted */
    vp_time delay;           /* sum of the delay the target annotated in b_transport, ps */
    /* -- TLMC_ABI 0.1 ends here: fields appended later are filled only if `size` covers them -- */
} tlmc_router_stats;
/* Fills *out for mapping `index`, in the order of tlmc_router_region_at
 * (by address), and returns true; false past the end (out untouched).
 * out->size must be set: only the first out->size bytes are written, and
 * out->size then says how many were. */
VP_API bool tlmc_router_stats_at(const tlmc_router *r, size_t index, tlmc_router_stats *out);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_TLMC_H */
