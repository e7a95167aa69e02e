/* SPDX-License-Identifier: Apache-2.0 */
/* test_router.c - address decoding, priorities, DMI clipping and
 * translation, invalidation broadcast, debug transport across regions,
 * per-mapping transaction counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/tlmc.h>

/* A RAM target with DMI, counting b_transport calls. */
typedef struct ram {
    uint8_t mem[0x2000];
    int calls;
    uint64_t last_addr;
    tlmc_target t;
} ram;

static void ram_bt(void *o, tlmc_payload *p, vp_time *delay)
{
    ram *r = o;
    r->calls++;
    r->last_addr = p->address;
    if (p->address + p->length > sizeof(r->mem)) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, r->mem + p->address, p->length);
    else if (p->command == TLMC_WRITE)
        memcpy(r->mem + p->address, p->data, p->length);
    *delay += 10 * VP_NS;
    p->response = TLMC_OK_RESPONSE;
}

static uint32_t ram_dbg(void *o, tlmc_payload *p)
{
    ram *r = o;
    if (p->address >= sizeof(r->mem))
        return 0;
    uint32_t n = p->length;
    if (p->address + n > sizeof(r->mem))
        n = (uint32_t)(sizeof(r->mem) - p->address);
    if (p->command == TLMC_READ)
        memcpy(p->data, r->mem + p->address, n);
    else
        memcpy(r->mem + p->address, p->data, n);
    return n;
}

static bool ram_dmi(void *o, tlmc_payload *p, tlmc_dmi *d)
{
    ram *r = o;
    (void)p;
    d->ptr = r->mem;
    d->start = 0;
    d->end = sizeof(r->mem) - 1;
    d->access = TLMC_DMI_READ_WRITE;
    return true;
}

static const tlmc_target_ops ram_ops = {sizeof(tlmc_target_ops), TLMC_ABI, ram_bt, ram_dbg, ram_dmi};

static void ram_init(ram *r, const char *name)
{
    memset(r, 0, sizeof(*r));
    r->t.ops = &ram_ops;
    r->t.opaque = r;
    r->t.name = name;
}

static void test_router_decode_and_offsets(void **state)
{
    (void)state;
    static ram a, b;
    ram_init(&a, "a");
    ram_init(&b, "b");
    tlmc_router *r = tlmc_router_create("bus");
    assert_int_equal(tlmc_router_map(r, 0x80000000, 0x2000, &a.t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(r, 0x1000, 0x100, &b.t, 0, NULL), 0);
    tlmc_target *bus = tlmc_router_target(r);
    uint32_t v = 0xdeadbeef;
    vp_time d = 5;
    assert_int_equal(tlmc_write(bus, 0x80000010, &v, 4, &d), TLMC_OK_RESPONSE);
    assert_true(d == 5 + 10 * VP_NS); /* annotated delay accumulates */
    assert_int_equal(a.last_addr, 0x10); /* target-relative */
    assert_memory_equal(a.mem + 0x10, &v, 4);
    assert_int_equal(tlmc_write(bus, 0x1004, &v, 4, NULL), TLMC_OK_RESPONSE);
    assert_int_equal(b.last_addr, 4);
    /* Undecoded and straddling accesses. */
    assert_int_equal(tlmc_read(bus, 0x2000, &v, 4, NULL), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(tlmc_read(bus, 0x10fe, &v, 4, NULL), TLMC_ADDRESS_ERROR_RESPONSE);
    tlmc_router_region reg;
    assert_true(tlmc_router_region_at(r, 0, &reg));
    assert_int_equal(reg.base, 0x1000);
    assert_true(tlmc_router_region_at(r, 1, &reg));
    assert_int_equal(reg.base, 0x80000000);
    assert_false(tlmc_router_region_at(r, 2, &reg));
    tlmc_router_destroy(r);
}

static void test_router_overlap_error(void **state)
{
    (void)state;
    static ram a, b;
    ram_init(&a, "ram");
    ram_init(&b, "uart");
    tlmc_router *r = tlmc_router_create("bus");
    vp_error *err = NULL;
    assert_int_equal(tlmc_router_map(r, 0x1000, 0x1000, &a.t, 0, &err), 0);
    assert_int_equal(tlmc_router_map(r, 0x1800, 0x1000, &b.t, 0, &err), VP_EEXIST);
    assert_non_null(err);
    assert_non_null(strstr(err->msg, "'uart'"));
    assert_non_null(strstr(err->msg, "'ram'"));
    vp_error_free(err);
    err = NULL;
    assert_int_equal(tlmc_router_map(r, 0x0, 0, &b.t, 0, &err), VP_EINVAL);
    vp_error_free(err);
    tlmc_router_destroy(r);
}

typedef struct inval_rec {
    int count;
    uint64_t start, end;
} inval_rec;

static void on_invalidate(void *o, uint64_t s, uint64_t e)
{
    inval_rec *rec = o;
    rec->count++;
    rec->start = s;
    rec->end = e;
}

static void test_router_priority_dmi_clip(void **state)
{
    (void)state;
    static ram mem, word;
    ram_init(&mem, "ram");
    ram_init(&word, "htif");
    tlmc_router *r = tlmc_router_create("bus");
    inval_rec rec = {0};
    tlmc_router_add_invalidate_listener(r, on_invalidate, &rec);
    assert_int_equal(tlmc_router_map(r, 0x80000000, 0x2000, &mem.t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(r, 0x80001000, 8, &word.t, 1, NULL), 0);
    assert_int_equal(rec.count, 2); /* each mapping revokes what it shadows */
    tlmc_target *bus = tlmc_router_target(r);

    /* Below the overlay: DMI clipped to end before it. */
    tlmc_payload p;
    tlmc_dmi d;
    tlmc_payload_init(&p, TLMC_READ, 0x80000100, NULL, 4);
    assert_true(tlmc_get_direct_mem_ptr(bus, &p, &d));
    assert_int_equal(d.start, 0x80000000);
    assert_int_equal(d.end, 0x80000fff);
    assert_ptr_equal(d.ptr, mem.mem);
    /* Above the overlay: the pointer is adjusted to the clipped start. */
    tlmc_payload_init(&p, TLMC_READ, 0x80001800, NULL, 4);
    assert_true(tlmc_get_direct_mem_ptr(bus, &p, &d));
    assert_int_equal(d.start, 0x80001008);
    assert_int_equal(d.end, 0x80001fff);
    assert_ptr_equal(d.ptr, mem.mem + 0x1008);
    /* The overlay wins decoding. */
    uint64_t v = 3;
    assert_int_equal(tlmc_write(bus, 0x80001000, &v, 8, NULL), TLMC_OK_RESPONSE);
    assert_int_equal(word.calls, 1);
    assert_int_equal(mem.calls, 0);
    /* Debug writes span the overlay: bytes land in both targets. */
    uint8_t buf[32];
    memset(buf, 0xab, sizeof(buf));
    tlmc_payload_init(&p, TLMC_WRITE, 0x80000ff0, buf, sizeof(buf));
    assert_int_equal(tlmc_transport_dbg(bus, &p), sizeof(buf));
    assert_int_equal(p.address, 0x80000ff0);
    assert_int_equal(mem.mem[0xff0], 0xab);
    assert_int_equal(word.mem[0], 0xab);
    assert_int_equal(mem.mem[0x1008], 0xab);
    assert_int_equal(mem.mem[0x1000], 0); /* shadowed bytes went to the overlay */
    /* A target revoking DMI reaches the listener in router space. */
    rec.count = 0;
    tlmc_target_invalidate_dmi(&mem.t, 0x100, 0x1ff);
    assert_int_equal(rec.count, 1);
    assert_int_equal(rec.start, 0x80000100);
    assert_int_equal(rec.end, 0x800001ff);
    /* Undecoded DMI request is denied. */
    tlmc_payload_init(&p, TLMC_READ, 0x10, NULL, 4);
    assert_false(tlmc_get_direct_mem_ptr(bus, &p, &d));
    tlmc_router_destroy(r);
}

static void test_router_null_ops_defaults(void **state)
{
    (void)state;
    static const tlmc_target_ops none = {sizeof(tlmc_target_ops), TLMC_ABI, NULL, NULL, NULL};
    tlmc_target t = {&none, NULL, "empty", NULL, NULL};
    tlmc_router *r = tlmc_router_create("bus");
    assert_int_equal(tlmc_router_map(r, 0, 0x100, &t, 0, NULL), 0);
    uint32_t v;
    assert_int_equal(tlmc_read(tlmc_router_target(r), 0, &v, 4, NULL), TLMC_COMMAND_ERROR_RESPONSE);
    tlmc_payload p;
    tlmc_dmi d;
    tlmc_payload_init(&p, TLMC_READ, 0, &v, 4);
    assert_int_equal(tlmc_transport_dbg(tlmc_router_target(r), &p), 0);
    assert_false(tlmc_get_direct_mem_ptr(tlmc_router_target(r), &p, &d));
    /* The router's own answer is counted on the mapping: a read, an error. */
    tlmc_router_stats st = {.size = sizeof(st)};
    assert_true(tlmc_router_stats_at(r, 0, &st));
    assert_true(st.reads == 1 && st.bytes_read == 4 && st.errors == 1 && st.debug == 1 && st.dmi_grants == 0);
    tlmc_router_destroy(r);
}

/* A target answering every b_transport with an error, adding 3 ns. */
static void err_bt(void *o, tlmc_payload *p, vp_time *delay)
{
    (void)o;
    *delay += 3 * VP_NS;
    p->response = TLMC_GENERIC_ERROR_RESPONSE;
}

static tlmc_router_stats stats_of(const tlmc_router *r, size_t index)
{
    tlmc_router_stats st;
    memset(&st, 0xee, sizeof(st));
    st.size = sizeof(st);
    assert_true(tlmc_router_stats_at(r, index, &st));
    assert_int_equal(st.size, sizeof(st));
    assert_int_equal(st.abi, TLMC_ABI);
    return st;
}

/* The counting bus: dev [0x1000, 0x10ff], an erroring target without a
 * name [0x3000, 0x300f], ram [0x80000000, 0x80001fff] and the htif word on
 * top of it at 0x80001000 (priority 1). */
typedef struct stats_bus {
    ram mem, word, dev;
    tlmc_target bad;
    tlmc_router *r;
    tlmc_target *bus;
} stats_bus;

static stats_bus *stats_bus_create(void)
{
    static stats_bus b;
    static const tlmc_target_ops bad_ops = {sizeof(tlmc_target_ops), TLMC_ABI, err_bt, NULL, NULL};
    ram_init(&b.mem, "ram");
    ram_init(&b.word, "htif");
    ram_init(&b.dev, "dev");
    b.bad = (tlmc_target){&bad_ops, NULL, NULL, NULL, NULL}; /* no name: reported as "?" */
    b.r = tlmc_router_create("bus");
    assert_int_equal(tlmc_router_map(b.r, 0x80000000, 0x2000, &b.mem.t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(b.r, 0x80001000, 8, &b.word.t, 1, NULL), 0);
    assert_int_equal(tlmc_router_map(b.r, 0x1000, 0x100, &b.dev.t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(b.r, 0x3000, 0x10, &b.bad, 0, NULL), 0);
    b.bus = tlmc_router_target(b.r);
    return &b;
}

/* Before any traffic: every mapping, in address order as
 * tlmc_router_region_at has them, with nothing counted. */
static void test_router_stats_mappings(void **state)
{
    (void)state;
    stats_bus *b = stats_bus_create();
    tlmc_router_stats st = stats_of(b->r, 0);
    assert_string_equal(st.name, "dev");
    assert_int_equal(st.base, 0x1000);
    assert_int_equal(st.end, 0x10ff);
    assert_ptr_equal(st.target, &b->dev.t);
    assert_true(st.reads == 0 && st.writes == 0 && st.errors == 0 && st.debug == 0 && st.dmi_grants == 0 &&
                st.delay == 0 && st.bytes_read == 0 && st.bytes_written == 0);
    assert_string_equal(stats_of(b->r, 1).name, "?");
    assert_string_equal(stats_of(b->r, 2).name, "ram");
    assert_string_equal(stats_of(b->r, 3).name, "htif");
    assert_int_equal(stats_of(b->r, 3).priority, 1);
    tlmc_router_stats past;
    past.size = sizeof(past);
    assert_false(tlmc_router_stats_at(b->r, 4, &past));
    /* A caller built with a shorter struct gets only what it has room for. */
    uint8_t raw[sizeof(tlmc_router_stats) + 8];
    memset(raw, 0x5a, sizeof(raw));
    tlmc_router_stats *small = (tlmc_router_stats *)raw;
    small->size = (uint32_t)offsetof(tlmc_router_stats, reads);
    assert_true(tlmc_router_stats_at(b->r, 0, small));
    assert_int_equal(small->size, offsetof(tlmc_router_stats, reads));
    assert_int_equal(small->base, 0x1000);
    assert_int_equal(raw[offsetof(tlmc_router_stats, reads)], 0x5a);
    tlmc_router_destroy(b->r);
}

/* Traffic of every kind on the counting bus (checked below). */
static void stats_traffic(stats_bus *b)
{
    /* dev: 3 reads (4 + 2 + 1 bytes), 2 writes (4 + 8 bytes), each 10 ns ... */
    uint64_t v = 0;
    vp_time d = 0;
    assert_int_equal(tlmc_read(b->bus, 0x1000, &v, 4, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_read(b->bus, 0x1010, &v, 2, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_read(b->bus, 0x1020, &v, 1, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_write(b->bus, 0x1004, &v, 4, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_write(b->bus, 0x1008, &v, 8, &d), TLMC_OK_RESPONSE);
    /* ... and one read running past its end: the router's error, counted on dev. */
    assert_int_equal(tlmc_read(b->bus, 0x10fe, &v, 4, &d), TLMC_ADDRESS_ERROR_RESPONSE);
    /* Undecoded: no mapping counts it. */
    assert_int_equal(tlmc_read(b->bus, 0x2000, &v, 4, &d), TLMC_ADDRESS_ERROR_RESPONSE);
    /* The erroring target: 2 writes, both errors, 3 ns each (the delay
     * counts whatever the response). */
    assert_int_equal(tlmc_write(b->bus, 0x3000, &v, 4, &d), TLMC_GENERIC_ERROR_RESPONSE);
    assert_int_equal(tlmc_write(b->bus, 0x3004, &v, 4, &d), TLMC_GENERIC_ERROR_RESPONSE);
    /* The overlay wins: a write to the HTIF word is htif's, not ram's. */
    assert_int_equal(tlmc_write(b->bus, 0x80001000, &v, 8, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_read(b->bus, 0x80000010, &v, 4, &d), TLMC_OK_RESPONSE);
    /* Debug: one call across ram | htif | ram counts 2 on ram, 1 on htif. */
    uint8_t buf[32] = {0};
    tlmc_payload p;
    tlmc_payload_init(&p, TLMC_WRITE, 0x80000ff0, buf, sizeof(buf));
    assert_int_equal(tlmc_transport_dbg(b->bus, &p), sizeof(buf));
    /* DMI: ram grants (twice), dev grants once; a denial is not counted. */
    static const uint64_t dmi_at[] = {0x80000100, 0x80001800, 0x1000, 0x3000};
    tlmc_dmi dmi;
    for (unsigned i = 0; i < 4; i++) {
        tlmc_payload_init(&p, TLMC_READ, dmi_at[i], NULL, 4);
        assert_int_equal(tlmc_get_direct_mem_ptr(b->bus, &p, &dmi), i < 3);
    }
}

/* Each mapping counts what it served: reads, writes and their bytes,
 * error responses (the target's and the router's own), debug calls, DMI
 * grants and the delay its target annotated; an overlay counts what it
 * took from the region below; an undecoded address counts nowhere. */
static void test_router_stats_per_mapping(void **state)
{
    (void)state;
    stats_bus *b = stats_bus_create();
    stats_traffic(b);
    tlmc_router_stats st = stats_of(b->r, 0); /* dev */
    assert_int_equal(st.reads, 4);
    assert_int_equal(st.writes, 2);
    assert_int_equal(st.bytes_read, 4 + 2 + 1 + 4);
    assert_int_equal(st.bytes_written, 4 + 8);
    assert_int_equal(st.errors, 1);
    assert_int_equal(st.debug, 0);
    assert_int_equal(st.dmi_grants, 1);
    assert_true(st.delay == 5 * 10 * VP_NS); /* the router's own error adds no delay */
    assert_int_equal(b->dev.calls, 5);
    st = stats_of(b->r, 1); /* the erroring target */
    assert_true(st.reads == 0 && st.writes == 2 && st.errors == 2 && st.dmi_grants == 0);
    assert_true(st.delay == 2 * 3 * VP_NS);
    st = stats_of(b->r, 2); /* ram */
    assert_true(st.reads == 1 && st.writes == 0 && st.errors == 0);
    assert_int_equal(st.debug, 2);
    assert_int_equal(st.dmi_grants, 2);
    assert_true(st.delay == 10 * VP_NS);
    st = stats_of(b->r, 3); /* htif, on top of ram */
    assert_true(st.reads == 0 && st.writes == 1 && st.bytes_written == 8 && st.errors == 0);
    assert_int_equal(st.debug, 1);
    assert_int_equal(st.dmi_grants, 0);
    /* Every decoded b_transport is on exactly one mapping: 6 + 2 + 1 + 1. */
    uint64_t total = 0;
    for (size_t i = 0; i < 4; i++)
        total += stats_of(b->r, i).reads + stats_of(b->r, i).writes;
    assert_int_equal(total, 10);
    tlmc_router_destroy(b->r);
}

/* No delay pointer: the target gets one (to 0), and what it adds counts. */
static void test_router_stats_null_delay(void **state)
{
    (void)state;
    stats_bus *b = stats_bus_create();
    uint32_t v = 0;
    tlmc_payload p;
    tlmc_payload_init(&p, TLMC_READ, 0x1000, &v, 4);
    tlmc_b_transport(b->bus, &p, NULL);
    assert_int_equal(p.response, TLMC_OK_RESPONSE);
    tlmc_router_stats st = stats_of(b->r, 0);
    assert_true(st.reads == 1 && st.delay == 10 * VP_NS);
    tlmc_router_destroy(b->r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_decode_and_offsets),
        cmocka_unit_test(test_router_overlap_error),
        cmocka_unit_test(test_router_priority_dmi_clip),
        cmocka_unit_test(test_router_null_ops_defaults),
        cmocka_unit_test(test_router_stats_mappings),
        cmocka_unit_test(test_router_stats_per_mapping),
        cmocka_unit_test(test_router_stats_null_delay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
