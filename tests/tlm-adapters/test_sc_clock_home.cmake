# SPDX-License-Identifier: Apache-2.0
# test_sc_clock_home.cmake - the C clock API on the SystemC kernel and the
# time conversions have one home, tlm-adapters/sc (sc_event_clock in
# vp_sc_device.h, to_sc/to_vp in tlmc_sc.h): no C++ source elsewhere defines a
# function that only forwards to one of them (a second name for the same
# thing; tests/ may keep local shorthands). Run as `cmake -DSRC=<source dir> [-DBIN=<build dir>] -P`; one line
# per offending definition ("file:line: ..."), non-zero exit.
cmake_minimum_required(VERSION 3.20)
if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> [-DBIN=<build dir>] -P test_sc_clock_home.cmake")
endif()
file(GLOB_RECURSE sources ${SRC}/*.cpp ${SRC}/*.h ${SRC}/*.hpp)
list(FILTER sources EXCLUDE REGEX "^${SRC}/tlm-adapters/sc/")
list(FILTER sources EXCLUDE REGEX "^${SRC}/(\\.git|tests|build[^/]*)/") # tests may keep local shorthands
if(BIN)
  list(FILTER sources EXCLUDE REGEX "^${BIN}/")
endif()
list(LENGTH sources n)
if(n LESS 10)
  message(FATAL_ERROR "only ${n} C++ sources found under ${SRC}: wrong SRC?")
endif()
# A body that is one return of a forwarded call: { return [vp::sc::]name(...); }
set(fwd "{[ \t\r\n]*return[ \t]+(vp::sc::)?(sc_event_clock|to_sc|to_vp)[ \t]*\\([^;{}]*\\);[ \t\r\n]*}")
set(found 0)
foreach(f ${sources})
  file(READ ${f} text)
  if(NOT text MATCHES "${fwd}")
    continue()
  endif()
  file(STRINGS ${f} lines)
  set(ln 0)
  foreach(l IN LISTS lines)
    math(EXPR ln "${ln} + 1")
    if(l MATCHES "return[ \t]+(vp::sc::)?(sc_event_clock|to_sc|to_vp)[ \t]*\\(")
      file(RELATIVE_PATH rel ${SRC} ${f})
      message(SEND_ERROR "${rel}:${ln}: only forwards to ${CMAKE_MATCH_2} (tlm-adapters/sc): call it directly")
      math(EXPR found "${found} + 1")
    endif()
  endforeach()
endforeach()
message(STATUS "${n} C++ sources outside tlm-adapters/sc checked, ${found} forwarding definitions")
