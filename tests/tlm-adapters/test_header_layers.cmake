# SPDX-License-Identifier: Apache-2.0
# test_header_layers.cmake - the headers of tlm-adapters include nothing of a
# layer above them. Run as `cmake -DSRC=<source dir> -DBIN=<build dir> -P`.
#   tlm-adapters/include (the C TLM and clock API, the C++ adapters,
#     c_device): may include its own headers and common's only.
#   tlm-adapters/sc/include (vp_sc_module.h: SystemC-side device types):
#     may also include tlm-adapters/include and modinfo's module-author
#     headers (vp_module.h, the ABI, and vp_device.h, its inline helpers),
#     never the registry, platforms, cpu-core or bridge.
# Every other header of the tree - every <comp>/include/vpbridge and
# <comp>/<sub>/include/vpbridge found now, so a new component or header is
# covered without editing this file - is forbidden. One line per offending
# include ("file:line: ..."), non-zero exit.
cmake_minimum_required(VERSION 3.20)
if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> [-DBIN=<build dir>] -P test_header_layers.cmake")
endif()

file(GLOB all_headers ${SRC}/*/include/vpbridge/*.h ${SRC}/*/*/include/vpbridge/*.h)
if(BIN)
  list(FILTER all_headers EXCLUDE REGEX "^${BIN}/")
endif()

# check(<layer dir> <allowed dirs...> [FILES <allowed single headers...>])
set(failures 0)
function(check layer)
  cmake_parse_arguments(C "" "" "DIRS;FILES" ${ARGN})
  file(GLOB own ${SRC}/${layer}/vpbridge/*.h)
  if(NOT own)
    message(SEND_ERROR "${layer}: no headers found (the layout changed? update this check)")
    return()
  endif()
  set(forbidden)
  foreach(h ${all_headers})
    file(RELATIVE_PATH rel ${SRC} ${h})
    set(ok FALSE)
    foreach(d ${layer} ${C_DIRS})
      if(rel MATCHES "^${d}/")
        set(ok TRUE)
      endif()
    endforeach()
    if(NOT ok AND NOT rel IN_LIST C_FILES)
      get_filename_component(name ${h} NAME)
      list(APPEND forbidden "vpbridge/${name}")
      set(where_${name} ${rel})
    endif()
  endforeach()
  foreach(h ${own})
    file(RELATIVE_PATH rel ${SRC} ${h})
    file(STRINGS ${h} lines)
    set(n 0)
    foreach(l IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(l MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
        set(inc ${CMAKE_MATCH_1})
        if(inc IN_LIST forbidden)
          get_filename_component(name ${inc} NAME)
          message(SEND_ERROR "${rel}:${n}: includes <${inc}> (${where_${name}}), a layer above ${layer}")
        endif()
      endif()
    endforeach()
  endforeach()
  list(LENGTH own n_own)
  list(LENGTH forbidden n_forb)
  message(STATUS "${layer}: ${n_own} headers checked against ${n_forb} headers of other layers")
endfunction()

check(tlm-adapters/include DIRS common/include)
check(tlm-adapters/sc/include DIRS common/include tlm-adapters/include
      FILES modinfo/include/vpbridge/vp_module.h modinfo/include/vpbridge/vp_device.h)
