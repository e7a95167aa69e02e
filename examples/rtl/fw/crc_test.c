/* SPDX-License-Identifier: Apache-2.0 */
/* crc_test.c - firmware for the RTL CRC-32 block (crc_core.v) on the
 * crc-apb-rv32 and crc-axil-rv32 boards: the same registers at 0x10004000 on
 * either bus, irq on PLIC source 14. Checks the CRC of a buffer against a
 * C reference (zlib's CRC-32), that the block's cycles are simulated time
 * the hart sees (mtime), the done interrupt through the PLIC, and that an
 * unknown register is an access fault. Prints on the UART and exits
 * through the SiFive test finisher (0 = pass). Self-contained: no libc, its
 * own start-up (hart 0 only) and trap entry. */
#include <stdint.h>

#define CRC_BASE 0x10004000UL
#define CRC_IRQ 14
#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))
enum { CTRL = 0x00, STATUS = 0x04, DATA = 0x08, RESULT = 0x0C, INIT = 0x10, COUNT = 0x14 };
#define CRC(r) REG(CRC_BASE + (r))
#define MTIME_LO REG(0x0200bff8UL)
#define PLIC(off) REG(0x0c000000UL + (off))
#define MIP_MEIP (1u << 11)

__asm__(".section .text.start, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "  csrr t0, mhartid\n"
        "1: bnez t0, 1b\n" /* one hart */
        ".option push\n.option norelax\n  la gp, __global_pointer$\n.option pop\n"
        "  la sp, __stack_top\n"
        "  la t0, trap_entry\n  csrw mtvec, t0\n"
        "  call main\n"
        "2: j 2b\n"
        ".text\n");

static void out(const char *s)
{
    for (; *s; s++) {
        while (!(*(volatile uint8_t *)0x10000005UL & 0x20)) /* THR empty */
            ;
        *(volatile uint8_t *)0x10000000UL = (uint8_t)*s;
    }
}

static void out_hex(uint32_t v)
{
    char b[11] = "0x";
    for (int i = 0; i < 8; i++)
        b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
    b[10] = 0;
    out(b);
}

static __attribute__((noreturn)) void finish(int status)
{
    REG(0x00100000UL) = status ? 0x3333u | ((uint32_t)status << 16) : 0x5555u;
    for (;;)
        ;
}

static void check(int ok, const char *what, uint32_t got)
{
    if (ok)
        return;
    out("crc rtl test FAILED: ");
    out(what);
    out(" (got ");
    out_hex(got);
    out(")\n");
    finish(1);
}

/* Traps: a load or store access fault is counted and skipped; anything
 * else fails the test. */
static volatile uint32_t access_faults;
__attribute__((interrupt("machine"))) void trap_entry(void)
{
    uintptr_t cause, epc;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    __asm__ volatile("csrr %0, mepc" : "=r"(epc));
    if (cause != 5 && cause != 7) {
        out("crc rtl test FAILED: unexpected trap, mcause ");
        out_hex((uint32_t)cause);
        out("\n");
        finish(2);
    }
    access_faults++;
    uint16_t low = *(volatile uint16_t *)epc; /* a 2- or 4-byte instruction */
    epc += (low & 3) == 3 ? 4 : 2;
    __asm__ volatile("csrw mepc, %0" ::"r"(epc));
}

/* zlib's CRC-32 register update (no final xor), a bit at a time. */
static uint32_t crc_ref(uint32_t c, const uint8_t *p, unsigned n)
{
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return c;
}

#define WORDS 256
static uint32_t buf[WORDS];

int main(void)
{
    uint32_t x = 12345;
    access_faults = 0;
    for (unsigned i = 0; i < WORDS; i++) /* a fixed pseudo-random message */
        buf[i] = x = x * 1103515245u + 12345u;

    check(CRC(STATUS) == 0, "STATUS after reset", CRC(STATUS));
    /* Polled: each DATA write stalls the bus until the previous word is
     * done (8 clock cycles), RESULT until the last one is. */
    uint32_t t0 = MTIME_LO;
    CRC(INIT) = 0xFFFFFFFFu;
    for (unsigned i = 0; i < WORDS; i++)
        CRC(DATA) = buf[i];
    uint32_t hw = CRC(RESULT), t1 = MTIME_LO;
    uint32_t sw = crc_ref(0xFFFFFFFFu, (const uint8_t *)buf, sizeof buf);
    check(hw == sw, "CRC of 1 KiB", hw);
    check(CRC(COUNT) == WORDS, "COUNT", CRC(COUNT));
    /* 256 words x 8 cycles at 100 MHz = 20.48 us = 204.8 ticks of the
     * 10 MHz mtime: the block's cycles are the hart's simulated time. */
    check(t1 - t0 >= 204, "mtime ticks for 256 words (want >= 204)", t1 - t0);

    /* Interrupt: the done irq through the PLIC wakes a WFI. */
    PLIC(4 * CRC_IRQ) = 1;               /* priority */
    PLIC(0x2000) = 1u << CRC_IRQ;        /* hart 0 M-mode enable */
    PLIC(0x200000) = 0;                  /* threshold */
    __asm__ volatile("csrs mie, %0" ::"r"(MIP_MEIP));
    CRC(STATUS) = 2;                     /* clear done */
    CRC(CTRL) = 1;                       /* irq enable */
    CRC(INIT) = 0xFFFFFFFFu;
    CRC(DATA) = 0x64636261u;             /* "abcd" */
    uintptr_t mip;
    do {
        __asm__ volatile("wfi");
        __asm__ volatile("csrr %0, mip" : "=r"(mip));
    } while (!(mip & MIP_MEIP));
    check(CRC(STATUS) == 2, "STATUS done, not busy", CRC(STATUS));
    check(~CRC(RESULT) == 0xED82CD11u, "crc32(\"abcd\")", ~CRC(RESULT));
    uint32_t claim = PLIC(0x200004);
    check(claim == CRC_IRQ, "PLIC claim", claim);
    CRC(STATUS) = 2;                     /* clear done: the irq drops */
    PLIC(0x200004) = claim;              /* complete */
    __asm__ volatile("csrr %0, mip" : "=r"(mip));
    check(!(mip & MIP_MEIP), "MEIP after clearing done", (uint32_t)mip);

    /* An unknown register: PSLVERR / SLVERR, a load access fault. */
    (void)REG(CRC_BASE + 0x40);
    check(access_faults == 1, "access faults after reading offset 0x40", access_faults);

    out("crc rtl test passed\n");
    finish(0);
}
