// SPDX-License-Identifier: Apache-2.0
// crc_apb.v - a CRC-32 accelerator with an APB4 completer interface, written
// for vpbridge's RTL examples and tests (issue 13). CRC-32 as zlib computes
// it: reflected, polynomial 0xEDB88320, initial value and final xor
// 0xFFFFFFFF (the final xor is software's: RESULT is the raw register).
//
// Registers (32-bit, at offsets):
//   0x00 CTRL    W/R  bit 0: interrupt enable
//   0x04 STATUS  R    bit 0: busy, bit 1: done (sticky); write 1 to bit 1 clears done
//   0x08 DATA    W    one 32-bit word (little-endian bytes) into the CRC: takes
//                     8 cycles (4 bits per cycle); a write while busy waits
//                     (PREADY low) until the previous word is done
//   0x0C RESULT  R    the CRC register (reading while busy waits too)
//   0x10 INIT    W    loads the CRC register (0xFFFFFFFF to start a message)
//   0x14 COUNT   R    words processed since reset
// Any other offset answers PSLVERR. irq = done & CTRL.0.
module crc_apb (
    input  wire        pclk,
    input  wire        presetn,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    /* verilator lint_off UNUSEDSIGNAL */ // word-aligned registers; byte 0 of CTRL/STATUS only
    input  wire [31:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [3:0]  pstrb,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [31:0] prdata,
    output wire        pready,
    output wire        pslverr,
    output wire        irq
);
    reg [31:0] crc, data, count;
    reg [3:0]  steps;      // nibbles left of `data`
    reg        done, irq_en;

    wire busy = steps != 0;
    wire [5:0] off = paddr[7:2];
    wire known = paddr[31:5] == 0 && off <= 6'd5;
    wire access = psel && penable;
    // DATA writes and RESULT reads wait while a word is in flight
    wire stall = busy && ((pwrite && off == 6'd2) || (!pwrite && off == 6'd3));
    assign pready = !access || !stall || !known;
    assign pslverr = access && !known;
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
            6'd0: prdata = {31'd0, irq_en};
            6'd1: prdata = {30'd0, done, busy};
            6'd3: prdata = crc;
            6'd5: prdata = count;
            default: prdata = 32'd0;
        endcase
    end

    always @(posedge pclk or negedge presetn) begin
        if (!presetn) begin
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
            if (access && pready && known && pwrite) begin
                case (off)
                    6'd0: if (pstrb[0]) irq_en <= pwdata[0];
                    6'd1: if (pstrb[0] && pwdata[1]) done <= 0;
                    6'd2: begin
                        data <= pwdata;
                        steps <= 4'd8;
                        done <= 0;
                    end
                    6'd4: crc <= pwdata;
                    default: ;
                endcase
            end
        end
    end
endmodule
