// SPDX-License-Identifier: Apache-2.0
// crc_axil.v - crc_core.v (the CRC-32 accelerator of vpbridge's RTL
// examples) as an AXI4-Lite subordinate. A write is taken when AWVALID and
// WVALID are both high and no write response is pending: AWREADY and WREADY
// rise together in the cycle the core accepts it (not while it stalls), and
// BVALID follows on the next edge. A read is taken when ARVALID is high, no
// write is presented and no read data is pending; RVALID follows. An
// unknown offset answers SLVERR (2) in BRESP/RRESP.
module crc_axil (
    input  wire        aclk,
    input  wire        aresetn,
    input  wire        awvalid,
    output wire        awready,
    input  wire [31:0] awaddr,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [2:0]  awprot,
    input  wire [2:0]  arprot,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire        wvalid,
    output wire        wready,
    input  wire [31:0] wdata,
    input  wire [3:0]  wstrb,
    output reg         bvalid,
    input  wire        bready,
    output reg  [1:0]  bresp,
    input  wire        arvalid,
    output wire        arready,
    input  wire [31:0] araddr,
    output reg         rvalid,
    input  wire        rready,
    output reg  [31:0] rdata,
    output reg  [1:0]  rresp,
    output wire        irq,
    output wire        busy
);
    wire wr = awvalid && wvalid && !bvalid;  // a write presented to the core
    wire rd = !wr && arvalid && !rvalid;     // else a read
    wire stall, err;
    wire [31:0] core_rdata;

    crc_core core (
        .clk(aclk), .rst_n(aresetn), .acc(wr || rd), .we(wr), .addr(wr ? awaddr : araddr), .wdata(wdata),
        .strb(wstrb), .rdata(core_rdata), .stall(stall), .err(err), .irq(irq), .busy(busy)
    );

    assign awready = wr && !stall;
    assign wready = wr && !stall;
    assign arready = rd && !stall;

    always @(posedge aclk or negedge aresetn) begin
        if (!aresetn) begin
            bvalid <= 0;
            bresp <= 0;
            rvalid <= 0;
            rdata <= 0;
            rresp <= 0;
        end else begin
            if (bvalid && bready)
                bvalid <= 0;
            else if (wr && !stall) begin
                bvalid <= 1;
                bresp <= err ? 2'd2 : 2'd0;
            end
            if (rvalid && rready)
                rvalid <= 0;
            else if (rd && !stall) begin
                rvalid <= 1;
                rdata <= core_rdata;
                rresp <= err ? 2'd2 : 2'd0;
            end
        end
    end
endmodule
