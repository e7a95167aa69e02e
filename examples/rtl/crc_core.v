// SPDX-License-Identifier: Apache-2.0
// crc_core.v - the CRC-32 accelerator of vpbridge's RTL examples behind one
// register port; crc_apb.v and crc_axil.v put it on APB4 and AXI4-Lite.
// CRC-32 as zlib computes it: reflected, polynomial 0xEDB88320, initial
// value and final xor 0xFFFFFFFF (the final xor is software's: RESULT is
// the raw register).
//
// Registers (32-bit, at byte offsets):
//   0x00 CTRL    R/W  bit 0: interrupt enable
//   0x04 STATUS  R    bit 0: busy, bit 1: done (sticky); write 1 to bit 1 clears done
//   0x08 DATA    W    one 32-bit word (little-endian bytes) into the CRC: takes
//                     8 cycles (4 bits per cycle); a write while busy stalls
//                     until the previous word is done
//   0x0C RESULT  R    the CRC register (reading while busy stalls too)
//   0x10 INIT    W    loads the CRC register (0xFFFFFFFF to start a message)
//   0x14 COUNT   R    words processed since reset
// Any other offset is an error. irq = done & CTRL.0; busy is STATUS.0.
//
// The port: an access is presented while `acc` is high; it completes on the
// rising edge where `stall` is low (a write takes effect on that edge), and
// `rdata` / `err` belong to it in that cycle.
module crc_core (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        acc,
    input  wire        we,
    /* verilator lint_off UNUSEDSIGNAL */ // word-aligned registers; byte 0 of CTRL/STATUS only
    input  wire [31:0] addr,
    input  wire [31:0] wdata,
    input  wire [3:0]  strb,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [31:0] rdata,
    output wire        stall,
    output wire        err,
    output wire        irq,
    output wire        busy
);
    reg [31:0] crc, data, count;
    reg [3:0]  steps;      // nibbles left of `data`
    reg        done, irq_en;

    wire [5:0] off = addr[7:2];
    wire known = addr[31:5] == 0 && off <= 6'd5;
    assign busy = steps != 0;
    // DATA writes and RESULT reads wait while a word is in flight
    assign stall = acc && known && busy && ((we && off == 6'd2) || (!we && off == 6'd3));
    assign err = acc && !known;
    assign irq = done && irq_en;

    // one nibble of the reflected CRC-32
    function [31:0] nibble(input [31:0] c, input [3:0] d);
        integer i;
        reg [31:0] x;
        begin
            x = c ^ {28'd0, d};
            for (i = 0; i < 4; i = i + 1)
                x = x[0] ? (x >> 1) ^ 32'hEDB88320 : x >> 1;
            nibble = x;
        end
    endfunction

    always @(*) begin
        case (off)
            6'd0: rdata = {31'd0, irq_en};
            6'd1: rdata = {30'd0, done, busy};
            6'd3: rdata = crc;
            6'd5: rdata = count;
            default: rdata = 32'd0;
        endcase
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            crc <= 32'hFFFFFFFF;
            data <= 0;
            count <= 0;
            steps <= 0;
            done <= 0;
            irq_en <= 0;
        end else begin
            if (busy) begin
                crc <= nibble(crc, data[3:0]);
                data <= data >> 4;
                steps <= steps - 1;
                if (steps == 1) begin
                    done <= 1;
                    count <= count + 1;
                end
            end
            if (acc && we && known && !stall) begin
                case (off)
                    6'd0: if (strb[0]) irq_en <= wdata[0];
                    6'd1: if (strb[0] && wdata[1]) done <= 0;
                    6'd2: begin
                        data <= wdata;
                        steps <= 4'd8;
                        done <= 0;
                    end
                    6'd4: crc <= wdata;
                    default: ;
                endcase
            end
        end
    end
endmodule
