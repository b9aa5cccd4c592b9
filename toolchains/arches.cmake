# toolchains/arches.cmake - the architectures sysabi knows, one row each.
#
# For each arch: the GNU triple of Debian's (cross) compiler, the Debian
# package that provides it, musl's multiarch triple, and the qemu-user binary
# that runs its programs on a foreign host ("-": none exists - Debian has no
# x32 musl, and no qemu-user emulates x32: it runs only on an x86_64 kernel
# with x32 system calls enabled).  Everything else about an arch
# (registers, numbers, struct layouts) comes from its compiler and headers.

set(SYSABI_ARCHES x86_64 i386 aarch64 arm riscv64 ppc64le s390x mips64el sparc64 x32)

#    arch       GNU triple            compiler package            musl triple           qemu-user
set(SYSABI_ARCH_TABLE
    "x86_64   |x86_64-linux-gnu     |g++                        |x86_64-linux-musl     |qemu-x86_64"
    "i386     |i686-linux-gnu       |g++-i686-linux-gnu         |i386-linux-musl       |qemu-i386"
    "aarch64  |aarch64-linux-gnu    |g++-aarch64-linux-gnu      |aarch64-linux-musl    |qemu-aarch64"
    "arm      |arm-linux-gnueabihf  |g++-arm-linux-gnueabihf    |arm-linux-musleabihf  |qemu-arm"
    "riscv64  |riscv64-linux-gnu    |g++-riscv64-linux-gnu      |riscv64-linux-musl    |qemu-riscv64"
    "ppc64le  |powerpc64le-linux-gnu|g++-powerpc64le-linux-gnu  |powerpc64le-linux-musl|qemu-ppc64le"
    "s390x    |s390x-linux-gnu      |g++-s390x-linux-gnu        |s390x-linux-musl      |qemu-s390x"
    "mips64el |mips64el-linux-gnuabi64|g++-mips64el-linux-gnuabi64|mips64el-linux-musl |qemu-mips64el"
    # sparc64: Debian has no musl for it (the musl triple names what would be there).
    "sparc64  |sparc64-linux-gnu    |g++-sparc64-linux-gnu      |sparc64-linux-musl    |qemu-sparc64"
    "x32      |x86_64-linux-gnux32  |g++-x86-64-linux-gnux32    |-                     |-")

# sysabi_arch_info(ARCH <prefix>) sets <prefix>_TRIPLE, _PACKAGE, _MUSL_TRIPLE, _QEMU.
function(sysabi_arch_info arch prefix)
  foreach(row IN LISTS SYSABI_ARCH_TABLE)
    string(REPLACE " " "" row "${row}")
    string(REPLACE "|" ";" fields "${row}")
    list(GET fields 0 name)
    if(name STREQUAL arch)
      list(GET fields 1 triple)
      list(GET fields 2 package)
      list(GET fields 3 musl)
      list(GET fields 4 qemu)
      set(${prefix}_TRIPLE "${triple}" PARENT_SCOPE)
      set(${prefix}_PACKAGE "${package}" PARENT_SCOPE)
      set(${prefix}_MUSL_TRIPLE "${musl}" PARENT_SCOPE)
      set(${prefix}_QEMU "${qemu}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "sysabi: unknown arch '${arch}' (known: ${SYSABI_ARCHES})")
endfunction()

# sysabi_arch_cxx(ARCH <var>) sets <var> to the C++ compiler for ARCH: the
# build's own on the host arch, <triple>-g++ elsewhere; empty if not found.
function(sysabi_arch_cxx arch var)
  if(arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
    set(${var} ${CMAKE_CXX_COMPILER} PARENT_SCOPE)
    return()
  endif()
  sysabi_arch_info(${arch} a)
  find_program(SYSABI_CXX_${arch} ${a_TRIPLE}-g++)
  if(SYSABI_CXX_${arch})
    set(${var} ${SYSABI_CXX_${arch}} PARENT_SCOPE)
  else()
    set(${var} "" PARENT_SCOPE)
  endif()
endfunction()
