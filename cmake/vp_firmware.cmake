# SPDX-License-Identifier: Apache-2.0
# vp_firmware(): cross-compile one bare-metal RISC-V program for rv32imac and/or rv64imac.
#
# vp_firmware(NAME name OUTDIR dir SOURCES src... [XLENS 32 64] [PICOLIBC [OSLIB lib]] [NO_RUNTIME] [FD]
#             [DEFINES D=V...] [INCLUDES dir...] [DEPENDS file...] [ELFS_VAR var])
# FD compiles for rv<xlen>imafdc (the soft-float ABI: links with the same multilib).
# OSLIB (with PICOLIBC) links picolibc's OS library lib<lib> inside the C library's
# link group (--oslib=<lib>): `OSLIB semihost` makes stdio, files and exit() semihosting calls.
# Produces <OUTDIR>/rv<xlen>/<name>.elf for each XLEN. Unless NO_RUNTIME, the shared runtime
# (start.S, vp_rt.c) and linker script from examples/firmware/common are linked in.
# The ELF paths are appended to the list variable named by ELFS_VAR in the caller's scope.
# Included once by the root CMakeLists.txt when VP_BUILD_FIRMWARE is ON.
include_guard(GLOBAL)
set(VP_FW_COMMON_DIR ${PROJECT_SOURCE_DIR}/examples/firmware/common)
set(VP_FW_COMMON_DEPS ${VP_FW_COMMON_DIR}/vp_rt.h ${VP_FW_COMMON_DIR}/link.ld)

find_program(VP_RISCV_CC NAMES riscv64-unknown-elf-gcc)
if(NOT VP_RISCV_CC)
  message(FATAL_ERROR
    "VP_BUILD_FIRMWARE is ON but the RISC-V cross compiler riscv64-unknown-elf-gcc was not found.\n"
    "Install the Debian packages gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf, "
    "set VP_RISCV_CC=/path/to/riscv64-unknown-elf-gcc, or configure with -DVP_BUILD_FIRMWARE=OFF.")
endif()

function(vp_firmware)
  cmake_parse_arguments(F "PICOLIBC;NO_RUNTIME;FD" "NAME;OUTDIR;ELFS_VAR;OSLIB"
                        "SOURCES;XLENS;DEFINES;INCLUDES;DEPENDS" ${ARGN})
  if(NOT F_XLENS)
    set(F_XLENS 32 64)
  endif()
  if(F_OSLIB AND NOT F_PICOLIBC)
    message(FATAL_ERROR "vp_firmware(${F_NAME}): OSLIB ${F_OSLIB} needs PICOLIBC")
  endif()
  set(srcs)
  foreach(s ${F_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND srcs ${abs})
  endforeach()
  if(NOT F_NO_RUNTIME)
    list(APPEND srcs ${VP_FW_COMMON_DIR}/start.S ${VP_FW_COMMON_DIR}/vp_rt.c)
  endif()

  set(elfs ${${F_ELFS_VAR}})
  foreach(xlen ${F_XLENS})
    if(xlen EQUAL 32)
      set(arch rv32imac)
      set(abi ilp32)
    else()
      set(arch rv64imac)
      set(abi lp64)
    endif()
    set(objdir ${CMAKE_CURRENT_BINARY_DIR}/fwobj/${F_NAME}-rv${xlen})
    set(elf ${F_OUTDIR}/rv${xlen}/${F_NAME}.elf)
    set(carch ${arch})
    if(F_FD)
      string(REPLACE "imac" "imafdc" carch ${arch})
    endif()
    set(cflags -march=${carch}_zicsr_zifencei -mabi=${abi} -mcmodel=medany -O2 -g
               -ffreestanding -fno-common -fno-builtin-printf -Wall -Wextra -Werror
               -I${VP_FW_COMMON_DIR})
    foreach(i ${F_INCLUDES})
      list(APPEND cflags -I${i})
    endforeach()
    foreach(d ${F_DEFINES})
      list(APPEND cflags -D${d})
    endforeach()
    # Link with the plain -march so GCC picks the rv32imac/rv64imac multilib.
    set(lflags -march=${arch} -mabi=${abi} -mcmodel=medany -nostartfiles
               -T ${VP_FW_COMMON_DIR}/link.ld -Wl,--no-warn-rwx-segments -Wl,--gc-sections)
    if(F_PICOLIBC)
      list(PREPEND cflags --specs=picolibc.specs)
      list(APPEND lflags --specs=picolibc.specs)
      if(F_OSLIB)
        list(APPEND lflags --oslib=${F_OSLIB})
      endif()
    else()
      list(APPEND lflags -nostdlib)
    endif()
    set(cmds COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir} ${F_OUTDIR}/rv${xlen})
    set(objs)
    foreach(s ${srcs})
      get_filename_component(base ${s} NAME)
      set(o ${objdir}/${base}.o)
      list(APPEND objs ${o})
      list(APPEND cmds COMMAND ${VP_RISCV_CC} ${cflags} -c ${s} -o ${o})
    endforeach()
    list(APPEND cmds COMMAND ${VP_RISCV_CC} ${lflags} ${objs} -lgcc -o ${elf})
    add_custom_command(OUTPUT ${elf} ${cmds}
      DEPENDS ${srcs} ${VP_FW_COMMON_DEPS} ${F_DEPENDS}
      COMMENT "Cross-compiling firmware rv${xlen}/${F_NAME}.elf"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND elfs ${elf})
  endforeach()
  if(F_ELFS_VAR)
    set(${F_ELFS_VAR} ${elfs} PARENT_SCOPE)
  endif()
endfunction()
