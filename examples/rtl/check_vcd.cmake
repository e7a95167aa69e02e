# SPDX-License-Identifier: Apache-2.0
# cmake -DVCD=<file> -P check_vcd.cmake: the waveform of the crc_apb_vcd test
# holds the block's bus pins, its clock and its interrupt line, and the
# interrupt line changes after time 0.
if(NOT EXISTS "${VCD}")
  message(FATAL_ERROR "no VCD at ${VCD}")
endif()
file(READ "${VCD}" text)
foreach(sig psel penable pready prdata clk irq_0)
  if(NOT text MATCHES "\\$var wire +[0-9]+ +[^ ]+ +${sig} ")
    message(FATAL_ERROR "${VCD}: no signal ${sig}")
  endif()
endforeach()
# The block's own irq line: irq.crc0.irq_0 (scope irq, then crc0).
string(REGEX MATCH "\\$scope module crc0 \\$end\n\\$var wire +1 +([^ ]+) +irq_0 " m "${text}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "${VCD}: no irq.crc0.irq_0")
endif()
set(id ${CMAKE_MATCH_1})
string(FIND "${text}" "$enddefinitions" defs)
string(SUBSTRING "${text}" ${defs} -1 body)
string(REGEX MATCHALL "1${id}\n" rises "${body}")
list(LENGTH rises n)
if(n LESS 1)
  message(FATAL_ERROR "${VCD}: irq_0 (${id}) never rises")
endif()
message(STATUS "${VCD}: pins present, irq_0 rises")
