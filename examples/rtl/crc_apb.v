// SPDX-License-Identifier: Apache-2.0
// crc_apb.v - crc_core.v (the CRC-32 accelerator of vpbridge's RTL
// examples: registers, FSM, interrupt) as an APB4 completer. PREADY is low
// while the core stalls (a DATA write or a RESULT read while busy); an
// unknown offset answers PSLVERR.
module crc_apb (
    input  wire        pclk,
    input  wire        presetn,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [31:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [3:0]  pstrb,
    output wire [31:0] prdata,
    output wire        pready,
    output wire        pslverr,
    output wire        irq,
    output wire        busy
);
    wire access = psel && penable; // the ACCESS phase
    wire stall, err;

    crc_core core (
        .clk(pclk), .rst_n(presetn), .acc(access), .we(pwrite), .addr(paddr), .wdata(pwdata), .strb(pstrb),
        .rdata(prdata), .stall(stall), .err(err), .irq(irq), .busy(busy)
    );

    assign pready = !stall;
    assign pslverr = err;
endmodule
