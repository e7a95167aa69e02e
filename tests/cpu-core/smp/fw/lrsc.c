/* SPDX-License-Identifier: Apache-2.0 */
/* lrsc: LR/SC across harts (tests/cpu-core/smp). Four harts increment one counter
 * with LR/SC loops whose LR and SC sit in different blocks, so a quantum
 * can end between them; the total must be exact. Then hart 0 holds a
 * reservation while hart 1 stores to the word, does an AMO on it, does its
 * own LR/SC on it (each must make hart 0's SC fail), or stores next to it
 * (hart 0's SC must succeed). LR/SC on a device (the CLINT) must fault or
 * fail. With WITH_DMA, the SystemC DMA engine (no DMI) writes the word
 * between hart 0's LR and SC: the SC must fail. Last, hart 1 rewrites code
 * hart 0 has run (translated) with plain stores; after its fence.i hart 0
 * must run the new code. Exit 0 when all holds, 1..99 naming the failed
 * check. */
#include "vp_rt.h"

#define HARTS 4
#define ROUNDS 500
#define CLINT_MSIP3 ((volatile uint32_t *)(VP_RT_CLINT_BASE + 12))

struct shared {
    volatile uint32_t counter;
    uint32_t pad0[15];
    volatile uint32_t word;      /* the reserved word of the directed checks */
    uint32_t pad1[3];
    volatile uint32_t neighbour; /* same page, another 16-byte line */
    uint32_t pad2[11];
    volatile uint32_t src;       /* DMA source */
};
static struct shared sh __attribute__((aligned(64)));
static volatile unsigned arrived, go, ack, step_result;
volatile unsigned long trap_cause[HARTS];

static inline uint32_t lr_w(volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static inline unsigned long sc_w(volatile uint32_t *p, uint32_t v)
{
    unsigned long r;
    __asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(r) : "r"(p), "r"(v) : "memory");
    return r;
}

static void increment(volatile uint32_t *p)
{
    for (;;) {
        uint32_t v = lr_w(p);
        /* a branch between LR and SC: they land in different blocks */
        __asm__ volatile("li t1, 3\n1: addi t1, t1, -1\nbnez t1, 1b" ::: "t1");
        if (sc_w(p, v + 1) == 0)
            return;
    }
}

static void fail(const char *what, int code)
{
    vp_puts("lrsc: FAIL ");
    vp_puts(what);
    vp_puts("\n");
    vp_exit(code);
}

/* Code in RAM that hart 0 runs and hart 1 rewrites (check 5). */
static uint32_t xcode[4] __attribute__((aligned(16)));
typedef long (*xfn)(void);

/* Hart 1's side of directed check `k`. */
static void hart1_action(unsigned k)
{
    switch (k) {
    case 5: xcode[0] = 0x00300513u; break; /* li a0, 3 */
    case 1: sh.word = 7; break;
    case 2: __asm__ volatile("amoadd.w zero, %1, (%0)" ::"r"(&sh.word), "r"(1) : "memory"); break;
    case 3: increment(&sh.word); break;
    case 4: sh.neighbour = 9; break;
    default: break;
    }
}

/* Hart 0 reserves the word, hart 1 acts, hart 0's SC says 0 (stored) or 1. */
static unsigned long directed(unsigned k)
{
    uint32_t v = lr_w(&sh.word);
    go = k;
    while (ack != k)
        ;
    return sc_w(&sh.word, v + 100);
}

#ifdef WITH_DMA
#define DMA_BASE 0x10011000UL
#define DMA(r) (*(volatile uint32_t *)(DMA_BASE + (r)))
static unsigned long dma_between(void)
{
    sh.src = 0x55;
    uint32_t v = lr_w(&sh.word);
    DMA(0x00) = (uint32_t)(unsigned long)&sh.src;
    DMA(0x04) = 0;
    DMA(0x08) = (uint32_t)(unsigned long)&sh.word;
    DMA(0x0c) = 0;
    DMA(0x10) = 4;
    DMA(0x14) = 1; /* start, no irq */
    while (!(DMA(0x18) & 1))
        ;
    return sc_w(&sh.word, v + 1);
}

/* Code in RAM, run once (translated), then overwritten by the DMA engine
 * with no fence.i: the write through the bus must drop the translation. */
static uint32_t code[4] __attribute__((aligned(16)));
static uint32_t new_code[4] __attribute__((aligned(16)));
typedef long (*fn)(void);

static long dma_code(void)
{
    code[0] = 0x00100513u; /* li a0, 1 */
    code[1] = 0x00008067u; /* ret */
    __asm__ volatile("fence.i" ::: "memory");
    if (((fn)code)() != 1)
        fail("code in RAM", 31);
    new_code[0] = 0x00200513u; /* li a0, 2 */
    new_code[1] = 0x00008067u;
    DMA(0x18) = 3; /* clear the status */
    DMA(0x00) = (uint32_t)(unsigned long)new_code;
    DMA(0x04) = 0;
    DMA(0x08) = (uint32_t)(unsigned long)code;
    DMA(0x0c) = 0;
    DMA(0x10) = 8;
    DMA(0x14) = 1;
    while (!(DMA(0x18) & 1))
        ;
    return ((fn)code)();
}
#endif

static void device_checks(void)
{
    trap_cause[0] = 0;
    (void)lr_w(CLINT_MSIP3);
    if (trap_cause[0] != 5)
        fail("lr.w on the CLINT did not raise a load access fault", 20);
    trap_cause[0] = 0;
    if (sc_w(CLINT_MSIP3, 1) != 1 || trap_cause[0] != 0 || *CLINT_MSIP3 != 0)
        fail("sc.w on the CLINT without a reservation did not fail", 21);
    (void)lr_w(&sh.word);
    if (sc_w(CLINT_MSIP3, 1) != 1 || *CLINT_MSIP3 != 0)
        fail("sc.w on the CLINT with a reservation elsewhere did not fail", 22);
}

/* Hart 0 runs xcode (translated, then from its translation cache), hart 1
 * stores a new first instruction, hart 0 executes fence.i and runs it. */
static void cross_hart_code(void)
{
    xcode[0] = 0x00100513u; /* li a0, 1 */
    xcode[1] = 0x00008067u; /* ret */
    __asm__ volatile("fence.i" ::: "memory");
    for (unsigned i = 0; i < 200; i++) /* hot enough for any backend tier */
        if (((xfn)xcode)() != 1)
            fail("code in RAM", 40);
    go = 5;
    while (ack != 5)
        ;
    __asm__ volatile("fence.i" ::: "memory");
    if (((xfn)xcode)() != 3)
        fail("code rewritten by another hart ran stale after fence.i", 41);
}

static void hart0(void)
{
    while (arrived != HARTS)
        ;
    if (sh.counter != HARTS * ROUNDS)
        fail("lost LR/SC increments", 10);
    vp_puts("lrsc: counter ");
    vp_putdec(sh.counter);
    vp_puts("\n");
    static const char *const what[] = {"", "store", "amo", "sc", "neighbour"};
    for (unsigned k = 1; k <= 4; k++) {
        unsigned long r = directed(k);
        if (r != (k == 4 ? 0u : 1u))
            fail(what[k], 10 + (int)k);
        vp_puts("lrsc: ");
        vp_puts(what[k]);
        vp_puts(k == 4 ? " next to the reservation: sc succeeded\n" : " by another hart: sc failed\n");
    }
    device_checks();
    vp_puts("lrsc: device: lr faults, sc fails\n");
    cross_hart_code();
    vp_puts("lrsc: code rewritten by another hart: new code ran after fence.i\n");
#ifdef WITH_DMA
    if (dma_between() != 1 || sh.word != 0x55)
        fail("a DMA write did not break the reservation", 30);
    vp_puts("lrsc: dma write: sc failed\n");
    if (dma_code() != 2)
        fail("code rewritten by DMA ran stale", 32);
    vp_puts("lrsc: dma over code: new code ran\n");
#endif
    vp_puts("lrsc: pass\n");
    vp_exit(0);
}

int smp_main(unsigned long hartid);
int smp_main(unsigned long hartid)
{
    for (unsigned i = 0; i < ROUNDS; i++)
        increment(&sh.counter);
    __asm__ volatile("amoadd.w zero, %1, (%0)" ::"r"(&arrived), "r"(1) : "memory");
    if (hartid == 0)
        hart0();
    if (hartid == 1) {
        for (unsigned k = 1; k <= 5; k++) {
            while (go != k)
                ;
            hart1_action(k);
            ack = k;
        }
    }
    for (;;)
        __asm__ volatile("wfi");
}
