/* SPDX-License-Identifier: Apache-2.0 */
/* crc_test.c - firmware for the crc32 example device on crc-virt-rv{32,64}:
 * computes CRC-32 of "123456789" through the device (mixed word/half/byte
 * DATA writes, completion by interrupt through the PLIC), compares it with
 * a software CRC and the known answer 0xCBF43926, then a longer buffer by
 * polling. Prints on the UART and exits through the SiFive test finisher
 * (0 = pass, 1 = fail). Self-contained: no libc. */
#include <stdint.h>

#define UART_BASE 0x10000000UL   /* NS16550A */
#define FINISHER_BASE 0x00100000UL
#define PLIC_BASE 0x0c000000UL
#define CRC_BASE 0x10001000UL
#define CRC_IRQ 11               /* plic0.src[11] */

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define REG16(addr) (*(volatile uint16_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))

enum { CRC_CTRL = 0x00, CRC_STATUS = 0x04, CRC_LEN = 0x08, CRC_COUNT = 0x0c, CRC_DATA = 0x10,
       CRC_RESULT = 0x14, CRC_POLY = 0x18, CRC_ID = 0x1c };
#define CTRL_START 1u
#define CTRL_IRQ_EN 2u
#define STATUS_DONE 1u

#if __riscv_xlen == 64
#define XLEN_STR "64"
#else
#define XLEN_STR "32"
#endif
#define MCAUSE_MEI ((1UL << (__riscv_xlen - 1)) | 11UL)

/* ---- tiny runtime: UART out, finisher exit --------------------------------- */
static void putc_(char c)
{
    while (!(REG8(UART_BASE + 5) & 0x20)) /* LSR.THRE */
        ;
    REG8(UART_BASE) = (uint8_t)c;
}
static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}
static void puthex(uint32_t v)
{
    puts_("0x");
    for (int i = 28; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}
static void putdec(unsigned long v)
{
    char buf[24];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        putc_(buf[--n]);
}
__attribute__((noreturn)) void fw_exit(int code)
{
    REG32(FINISHER_BASE) = code ? (0x3333u | ((uint32_t)code << 16)) : 0x5555u;
    for (;;)
        __asm__ volatile("wfi");
}

/* ---- reference: bitwise reflected CRC-32 (zlib) ------------------------------ */
static uint32_t sw_crc32(const uint8_t *p, unsigned long n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int i = 0; i < 8; i++)
            c = (c >> 1) ^ ((c & 1u) ? 0xedb88320u : 0);
    }
    return c ^ 0xffffffffu;
}

/* ---- interrupt: machine external via PLIC context 0 (hart 0, M-mode) ---------- */
static volatile uint32_t irq_count, irq_result, irq_bad;

__attribute__((interrupt("machine"), aligned(4))) static void trap_handler(void)
{
    unsigned long cause;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    if (cause != MCAUSE_MEI) {
        irq_bad = 1;
        puts_("unexpected trap, mcause ");
        puthex((uint32_t)cause);
        puts_("\n");
        fw_exit(1);
    }
    uint32_t src = REG32(PLIC_BASE + 0x200004); /* claim */
    if (src == CRC_IRQ) {
        irq_result = REG32(CRC_BASE + CRC_RESULT);
        REG32(CRC_BASE + CRC_STATUS) = STATUS_DONE; /* clears the irq line */
        irq_count++;
    } else {
        irq_bad = 1;
    }
    if (src)
        REG32(PLIC_BASE + 0x200004) = src; /* complete */
}

static int check(const char *what, uint32_t got, uint32_t want)
{
    puts_(what);
    puts_(" = ");
    puthex(got);
    if (got == want) {
        puts_(" ok\n");
        return 0;
    }
    puts_(" FAIL, want ");
    puthex(want);
    puts_("\n");
    return 1;
}

static const char kat[] = "123456789";
static uint8_t buf[1000];

int main(void)
{
    int fails = 0;
    puts_("crc32 device test on RV" XLEN_STR "\n");
    fails += check("device id", REG32(CRC_BASE + CRC_ID), 0x43524333u);
    fails += check("device poly", REG32(CRC_BASE + CRC_POLY), 0x04c11db7u);

    uint32_t sw = sw_crc32((const uint8_t *)kat, 9);
    fails += check("software crc32(\"123456789\")", sw, 0xcbf43926u);

    /* Interrupts: PLIC source 11 priority 1, enabled for context 0,
     * threshold 0; mie.MEIE and mstatus.MIE. */
    __asm__ volatile("csrw mtvec, %0" ::"r"((unsigned long)&trap_handler));
    REG32(PLIC_BASE + 4 * CRC_IRQ) = 1;
    REG32(PLIC_BASE + 0x2000) = 1u << CRC_IRQ;
    REG32(PLIC_BASE + 0x200000) = 0;
    __asm__ volatile("csrs mie, %0" ::"r"(1UL << 11));
    __asm__ volatile("csrs mstatus, %0" ::"r"(1UL << 3));

    /* Job 1: 9 bytes, irq on completion. Feed "1234" as a word, "56" as
     * a halfword, then "7", "8", "9" as bytes (little-endian: low byte first). */
    REG32(CRC_BASE + CRC_LEN) = 9;
    REG32(CRC_BASE + CRC_CTRL) = CTRL_START | CTRL_IRQ_EN;
    REG32(CRC_BASE + CRC_DATA) = (uint32_t)kat[0] | (uint32_t)kat[1] << 8 | (uint32_t)kat[2] << 16 |
                                 (uint32_t)kat[3] << 24;
    REG16(CRC_BASE + CRC_DATA) = (uint16_t)((uint16_t)kat[4] | (uint16_t)kat[5] << 8);
    for (int i = 6; i < 9; i++)
        REG8(CRC_BASE + CRC_DATA) = (uint8_t)kat[i];
    fails += check("device count", REG32(CRC_BASE + CRC_COUNT), 9);
    unsigned long spins = 0;
    while (irq_count == 0 && spins < 1000000) {
        __asm__ volatile("wfi");
        spins++;
    }
    if (irq_count != 1 || irq_bad) {
        puts_("no crc32 interrupt\n");
        fw_exit(1);
    }
    puts_("crc32 interrupt taken\n");
    fails += check("device crc32(\"123456789\")", irq_result, sw);
    fails += check("device status after clear", REG32(CRC_BASE + CRC_STATUS), 0);

    /* Job 2: a longer buffer without interrupts, poll STATUS.DONE. */
    uint32_t x = 12345;
    for (unsigned i = 0; i < sizeof(buf); i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    REG32(CRC_BASE + CRC_LEN) = sizeof(buf);
    REG32(CRC_BASE + CRC_CTRL) = CTRL_START;
    for (unsigned i = 0; i < sizeof(buf); i += 4)
        REG32(CRC_BASE + CRC_DATA) = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 | (uint32_t)buf[i + 2] << 16 |
                                     (uint32_t)buf[i + 3] << 24;
    spins = 0;
    while (!(REG32(CRC_BASE + CRC_STATUS) & STATUS_DONE))
        spins++;
    puts_("polled ");
    putdec(sizeof(buf));
    puts_(" bytes\n");
    fails += check("device crc32(buf)", REG32(CRC_BASE + CRC_RESULT), sw_crc32(buf, sizeof(buf)));
    REG32(CRC_BASE + CRC_STATUS) = STATUS_DONE;

    puts_(fails ? "crc32 test FAILED\n" : "crc32 test passed\n");
    return fails ? 1 : 0;
}
