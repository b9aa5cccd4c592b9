# toolchains/variants.cmake - the variant matrix: which link variants exist,
# which can be built on this machine, and the ExternalProject that builds
# each one from abi_checks/ (the same sources for every variant).
#
# Writes ${SYSABI_LIBEXEC_DIR}/variants.json, the manifest `sysabi` reads:
# every variant, built or not, and for the ones that are not, why and which
# Debian package would provide what is missing.

include(ExternalProject)

set(SYSABI_ALL_VARIANTS
    x86_64-nolibc-static
    x86_64-glibc-dynamic x86_64-glibc-static x86_64-glibc-static-pie
    x86_64-musl-static x86_64-musl-dynamic x86_64-musl-static-pie
    i386-nolibc-static i386-glibc-static
    aarch64-nolibc-static aarch64-glibc-static aarch64-glibc-dynamic
    arm-nolibc-static arm-glibc-static arm-glibc-dynamic
    riscv64-nolibc-static riscv64-glibc-static riscv64-glibc-dynamic
    ppc64le-nolibc-static ppc64le-glibc-static ppc64le-glibc-dynamic ppc64le-musl-static
    s390x-nolibc-static s390x-glibc-static s390x-glibc-dynamic s390x-musl-static
    mips64el-nolibc-static mips64el-glibc-static mips64el-glibc-dynamic mips64el-musl-static
    sparc64-nolibc-static sparc64-glibc-static sparc64-glibc-dynamic
    x32-nolibc-static x32-glibc-static)
set(SYSABI_VARIANTS "${SYSABI_ALL_VARIANTS}" CACHE STRING
    "Link variants to build (default: all of them; unavailable ones are reported as skipped)")

set(SYSABI_LIBEXEC_DIR ${CMAKE_BINARY_DIR}/libexec/sysabi)

# Debian's architecture name, for package names like musl-dev:arm64.
set(_sysabi_debarch_x86_64 amd64)
set(_sysabi_debarch_i386 i386)
set(_sysabi_debarch_aarch64 arm64)
set(_sysabi_debarch_arm armhf)
set(_sysabi_debarch_riscv64 riscv64)
set(_sysabi_debarch_ppc64le ppc64el)
set(_sysabi_debarch_s390x s390x)
set(_sysabi_debarch_mips64el mips64el)
set(_sysabi_debarch_sparc64 sparc64)
set(_sysabi_debarch_x32 x32)

# _sysabi_variant_availability(VARIANT) sets _avail (TRUE/FALSE), _reason,
# _package, and _ld_prefix: for a foreign dynamic variant, the directory that
# holds its loader and libraries as the target sees them under / (Debian's
# cross libc: /usr/<triple>), which qemu-user is given as QEMU_LD_PREFIX.
function(_sysabi_variant_availability variant)
  string(REGEX MATCH "^([^-]+)-([^-]+)-(.+)$" _ "${variant}")
  set(arch ${CMAKE_MATCH_1})
  set(libc ${CMAKE_MATCH_2})
  set(linkage ${CMAKE_MATCH_3})
  sysabi_arch_info(${arch} a)
  set(debarch ${_sysabi_debarch_${arch}})

  if(arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
    set(cxx ${CMAKE_CXX_COMPILER})
    set(cc ${CMAKE_C_COMPILER})
  else()
    find_program(cxx_${arch} ${a_TRIPLE}-g++)
    find_program(cc_${arch} ${a_TRIPLE}-gcc)
    set(cxx ${cxx_${arch}})
    set(cc ${cc_${arch}})
    if(NOT cxx_${arch} OR NOT cc_${arch})
      set(_avail FALSE PARENT_SCOPE)
      set(_reason "compiler ${a_TRIPLE}-g++ not found" PARENT_SCOPE)
      set(_package "${a_PACKAGE}" PARENT_SCOPE)
      return()
    endif()
  endif()

  set(need "")
  if(libc STREQUAL "glibc")
    execute_process(COMMAND ${cc} -print-file-name=libc.a OUTPUT_VARIABLE libc_a
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND ${cc} -print-file-name=rcrt1.o OUTPUT_VARIABLE rcrt1
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
      set(pkg libc6-dev)
    else()
      set(pkg libc6-dev-${debarch}-cross)
    endif()
    if(linkage MATCHES "static" AND NOT IS_ABSOLUTE "${libc_a}")
      set(need "glibc's static library libc.a")
    elseif(linkage STREQUAL "static-pie" AND NOT IS_ABSOLUTE "${rcrt1}")
      set(need "glibc's rcrt1.o")
    elseif(linkage STREQUAL "dynamic" AND NOT arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
      # The shared libc the compiler links against, and so the loader the
      # binary names: <prefix>/lib/libc.so.6.
      execute_process(COMMAND ${cc} -print-file-name=libc.so.6 OUTPUT_VARIABLE libc_so
                      OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(NOT IS_ABSOLUTE "${libc_so}")
        set(need "glibc's shared library libc.so.6")
      else()
        get_filename_component(libc_so "${libc_so}" REALPATH)
        get_filename_component(libdir "${libc_so}" DIRECTORY)
        get_filename_component(prefix "${libdir}" DIRECTORY)
        set(_ld_prefix "${prefix}" PARENT_SCOPE)
        set(pkg libc6-${debarch}-cross)
      endif()
    endif()
  elseif(libc STREQUAL "musl")
    set(lib /usr/lib/${a_MUSL_TRIPLE})
    if(arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
      set(pkg musl-dev)
    else()
      set(pkg musl-dev:${debarch})
    endif()
    if(NOT EXISTS ${lib}/libc.a OR NOT EXISTS /usr/include/${a_MUSL_TRIPLE}/stdio.h)
      set(need "musl (${lib}/libc.a and its headers)")
    elseif(linkage STREQUAL "static-pie" AND NOT EXISTS ${lib}/rcrt1.o)
      set(need "musl's rcrt1.o")
    elseif(linkage STREQUAL "dynamic" AND NOT EXISTS ${lib}/libc.so)
      set(need "musl's shared library")
    endif()
  endif()
  if(need)
    set(_avail FALSE PARENT_SCOPE)
    set(_reason "${need} not found" PARENT_SCOPE)
    set(_package "${pkg}" PARENT_SCOPE)
    return()
  endif()
  set(_avail TRUE PARENT_SCOPE)
  set(_reason "" PARENT_SCOPE)
  set(_package "" PARENT_SCOPE)
endfunction()

set(_manifest "{\"variants\":[]}")
set(_index 0)
set(SYSABI_BUILT_VARIANTS "")
foreach(variant IN LISTS SYSABI_VARIANTS)
  if(NOT variant IN_LIST SYSABI_ALL_VARIANTS)
    message(FATAL_ERROR "SYSABI_VARIANTS: unknown variant '${variant}' (known: ${SYSABI_ALL_VARIANTS})")
  endif()
  string(REGEX MATCH "^([^-]+)-([^-]+)-(.+)$" _ "${variant}")
  set(arch ${CMAKE_MATCH_1})
  set(libc ${CMAKE_MATCH_2})
  set(linkage ${CMAKE_MATCH_3})
  sysabi_arch_info(${arch} _info)
  set(_ld_prefix "")
  _sysabi_variant_availability(${variant})

  # How to run it: natively on its own arch; i386 natively on an x86_64
  # kernel with IA32 emulation (qemu-i386 if that is switched off), and a
  # static arm one natively on an aarch64 kernel with AArch32 (qemu-arm if
  # the CPU or kernel has none); qemu-user otherwise.  x32 has no qemu-user:
  # natively on an x86_64 kernel (if its x32 system calls are on: `sysabi
  # run` asks the kernel), runner "-" (none) anywhere else.
  set(runner native)
  set(fallback "")
  if(NOT arch STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
    if(arch STREQUAL "x32")
      if(NOT CMAKE_HOST_SYSTEM_PROCESSOR STREQUAL "x86_64")
        set(runner "-")
      endif()
    elseif((arch STREQUAL "i386" AND CMAKE_HOST_SYSTEM_PROCESSOR STREQUAL "x86_64") OR
       (arch STREQUAL "arm" AND linkage STREQUAL "static" AND
        CMAKE_HOST_SYSTEM_PROCESSOR STREQUAL "aarch64"))
      set(fallback ${_info_QEMU})
    else()
      set(runner ${_info_QEMU})
    endif()
  endif()

  set(entry "{}")
  string(JSON entry SET "${entry}" name "\"${variant}\"")
  string(JSON entry SET "${entry}" arch "\"${arch}\"")
  string(JSON entry SET "${entry}" libc "\"${libc}\"")
  string(JSON entry SET "${entry}" linkage "\"${linkage}\"")
  string(JSON entry SET "${entry}" runner "\"${runner}\"")
  if(fallback)
    string(JSON entry SET "${entry}" fallback_runner "\"${fallback}\"")
  endif()
  if(_ld_prefix)
    string(JSON entry SET "${entry}" ld_prefix "\"${_ld_prefix}\"")
  endif()
  if(_avail)
    string(JSON entry SET "${entry}" built true)
    string(JSON entry SET "${entry}" probe "\"${variant}/sysabi-probe\"")
    list(APPEND SYSABI_BUILT_VARIANTS ${variant})
    ExternalProject_Add(variant-${variant}
      SOURCE_DIR ${CMAKE_SOURCE_DIR}/abi_checks
      BINARY_DIR ${CMAKE_BINARY_DIR}/variants/${variant}
      CMAKE_ARGS
        -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/toolchains/linux.cmake
        -DSYSABI_ARCH=${arch}
        -DSYSABI_VARIANT=${variant}
        -DSYSABI_OUTPUT_DIR=${SYSABI_LIBEXEC_DIR}/${variant}
        # -Os: probes are checks, not hot loops (the raw calls are always_inline
        # either way), and the nolibc bundle must stay under 64 KiB.
        -DCMAKE_BUILD_TYPE=MinSizeRel
      BUILD_ALWAYS ON
      INSTALL_COMMAND ""
      BUILD_BYPRODUCTS ${SYSABI_LIBEXEC_DIR}/${variant}/sysabi-probe)
  else()
    string(JSON entry SET "${entry}" built false)
    string(JSON entry SET "${entry}" reason "\"${_reason}\"")
    string(JSON entry SET "${entry}" package "\"${_package}\"")
    message(STATUS "sysabi: variant ${variant} skipped: ${_reason} (Debian package ${_package})")
  endif()
  string(JSON _manifest SET "${_manifest}" variants ${_index} "${entry}")
  math(EXPR _index "${_index} + 1")
endforeach()

string(JSON _manifest SET "${_manifest}" sysabi_version "\"${PROJECT_VERSION}\"")
string(JSON _manifest SET "${_manifest}" host_arch "\"${CMAKE_HOST_SYSTEM_PROCESSOR}\"")
file(CONFIGURE OUTPUT ${SYSABI_LIBEXEC_DIR}/variants.json CONTENT "${_manifest}\n")
message(STATUS "sysabi: building ${SYSABI_BUILT_VARIANTS}")
