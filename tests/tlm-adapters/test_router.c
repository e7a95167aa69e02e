/* SPDX-License-Identifier: Apache-2.0 */
/* test_router.c - address decoding, priorities, DMI clipping and
 * translation, invalidation broadcast, debug transport across regions. */
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
    tlmc_router_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_decode_and_offsets),
        cmocka_unit_test(test_router_overlap_error),
        cmocka_unit_test(test_router_priority_dmi_clip),
        cmocka_unit_test(test_router_null_ops_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
