# toolchains/variant.cmake - compile and link flags for one link variant.
#
# Included by the variant project (abi_checks/CMakeLists.txt), configured
# once per variant with toolchains/linux.cmake as its toolchain file and
#   SYSABI_VARIANT = <arch>-<libc>-<linkage>
# where libc is nolibc | glibc | musl and linkage is static | dynamic | static-pie.
#
# sysabi_variant_target(TARGET) makes TARGET a program of this variant.  All
# variants share one source tree: a variant is flags, never a copy.

if(NOT SYSABI_VARIANT MATCHES "^([^-]+)-([^-]+)-(.+)$")
  message(FATAL_ERROR "SYSABI_VARIANT must be <arch>-<libc>-<linkage>, got '${SYSABI_VARIANT}'")
endif()
set(SYSABI_VARIANT_ARCH ${CMAKE_MATCH_1})
set(SYSABI_VARIANT_LIBC ${CMAKE_MATCH_2})
set(SYSABI_VARIANT_LINKAGE ${CMAKE_MATCH_3})
if(NOT SYSABI_VARIANT_ARCH STREQUAL SYSABI_ARCH)
  message(FATAL_ERROR "variant ${SYSABI_VARIANT} configured with SYSABI_ARCH=${SYSABI_ARCH}")
endif()
sysabi_arch_info(${SYSABI_VARIANT_ARCH} SYSABI_VARIANT_ARCHINFO)

# The compiler's own headers (stddef.h, stdarg.h, ...): the only headers a
# nolibc program may see besides the kernel's.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=include
                OUTPUT_VARIABLE SYSABI_COMPILER_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)

# The kernel uapi headers of this arch (asm/, asm-generic/, linux/), gathered
# in one directory of symlinks so nolibc and musl builds can use them without
# seeing glibc's headers.
set(SYSABI_UAPI_DIR ${CMAKE_BINARY_DIR}/uapi)
foreach(sub asm asm-generic linux)
  unset(_dir CACHE)
  find_path(_dir NAMES ${sub}/unistd.h ${sub}/types.h
            PATHS ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES} /usr/${SYSABI_TRIPLE}/include
                  /usr/include/${SYSABI_TRIPLE} /usr/include
            NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT _dir)
    message(FATAL_ERROR "kernel uapi headers (${sub}/) for ${SYSABI_TRIPLE} not found")
  endif()
  file(MAKE_DIRECTORY ${SYSABI_UAPI_DIR})
  file(CREATE_LINK ${_dir}/${sub} ${SYSABI_UAPI_DIR}/${sub} SYMBOLIC)
  unset(_dir CACHE)
endforeach()

set(SYSABI_MUSL_LIB /usr/lib/${SYSABI_VARIANT_ARCHINFO_MUSL_TRIPLE})
set(SYSABI_MUSL_INCLUDE /usr/include/${SYSABI_VARIANT_ARCHINFO_MUSL_TRIPLE})

# Flags every probe program gets, whatever its libc: no exceptions, no RTTI,
# no libstdc++ headers or library, no stack protector (nolibc has no guard).
set(SYSABI_PROBE_CXX_FLAGS
    -std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics -nostdinc++
    -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables
    -ffunction-sections -fdata-sections -Wall -Wextra)

function(sysabi_variant_target target)
  set(root ${SYSABI_ROOT})
  target_include_directories(${target} PRIVATE
    ${root}/raw_syscalls/include ${root}/raw_syscalls/crt/include ${root}/abi_checks)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${SYSABI_PROBE_CXX_FLAGS}>)
  target_compile_definitions(${target} PRIVATE
    SYSABI_VARIANT="${SYSABI_VARIANT}" SYSABI_LIBC_${SYSABI_VARIANT_LIBC}=1
    SYSABI_LINKAGE="${SYSABI_VARIANT_LINKAGE}")
  # Link with the C driver: no libstdc++ gets pulled in behind our back.
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_link_options(${target} PRIVATE -Wl,--gc-sections)

  if(SYSABI_VARIANT_LIBC STREQUAL "nolibc")
    target_sources(${target} PRIVATE
      ${root}/raw_syscalls/crt/arch/${SYSABI_VARIANT_ARCH}/start.S
      ${root}/raw_syscalls/crt/start.cpp ${root}/raw_syscalls/crt/mem.cpp
      ${root}/raw_syscalls/crt/raise.cpp)
    target_compile_options(${target} PRIVATE -ffreestanding -fno-pie -nostdinc
      "SHELL:-isystem ${SYSABI_COMPILER_INCLUDE}" "SHELL:-isystem ${SYSABI_UAPI_DIR}")
    target_compile_definitions(${target} PRIVATE SYSABI_HAS_LIBC=0)
    # -z norelro: RELRO asks the loader (or libc's static start-up) to make
    # the GOT read-only after relocation; a no-libc static program has
    # neither, so the request would be a lie - and honouring its page
    # alignment pads the file by up to 64 KiB on aarch64.
    # -z noseparate-code: ld's default gives the ELF headers, the code and
    # the read-only data a page-aligned segment each, padding the file with
    # up to a page at every boundary (6 KiB of a 62 KiB x86_64 probe).  One
    # read+execute segment for all three keeps the bundle under 64 KiB; the
    # hardening it gives up (read-only data that cannot be executed) guards
    # against exploits of a program that parses no untrusted input.
    # -z common-page-size=64: ld may otherwise start the data segment on a
    # fresh page whenever that saves a page of memory at run time
    # (DATA_SEGMENT_ALIGN), which pads the file to the page boundary - a
    # jump of up to 4 KiB that came and went with the size of .bss.
    target_link_options(${target} PRIVATE -static -nostdlib -no-pie -Wl,-z,norelro
                        -Wl,-z,noseparate-code -Wl,-z,common-page-size=64)
    target_link_libraries(${target} PRIVATE gcc)  # libgcc: 64-bit division on 32-bit arches
    if(SYSABI_VARIANT_ARCH STREQUAL "riscv64")
      # No small-data sections: with no writable small data, the default
      # linker script puts read-only .srodata in the data segment on .bss's
      # page, and ld makes text, rodata and bss one RWX segment.
      target_compile_options(${target} PRIVATE -msmall-data-limit=0)
      # No linker relaxation either: with the small-data sections gone, ld
      # can relax a constant's address to a gp-relative access in one pass
      # and find it out of gp's +-2 KiB reach in the next ("relocation
      # truncated to fit: R_RISCV_GPREL_I").  Full lui/addi pairs cost a
      # few bytes and always link.
      target_link_options(${target} PRIVATE -Wl,--no-relax)
    endif()
    if(NOT SYSABI_VARIANT_LINKAGE STREQUAL "static")
      message(FATAL_ERROR "nolibc variants are static only")
    endif()
    return()
  endif()

  target_sources(${target} PRIVATE ${root}/raw_syscalls/crt/libc_main.cpp)
  target_compile_definitions(${target} PRIVATE SYSABI_HAS_LIBC=1)

  if(SYSABI_VARIANT_LIBC STREQUAL "glibc")
    if(SYSABI_VARIANT_LINKAGE STREQUAL "static")
      target_compile_options(${target} PRIVATE -fno-pie)
      target_link_options(${target} PRIVATE -static -no-pie)
    elseif(SYSABI_VARIANT_LINKAGE STREQUAL "static-pie")
      target_compile_options(${target} PRIVATE -fPIE)
      target_link_options(${target} PRIVATE -static-pie)
    elseif(SYSABI_VARIANT_LINKAGE STREQUAL "dynamic")
      target_compile_options(${target} PRIVATE -fPIE)
      target_link_options(${target} PRIVATE -pie)
    else()
      message(FATAL_ERROR "unknown linkage in ${SYSABI_VARIANT}")
    endif()
  elseif(SYSABI_VARIANT_LIBC STREQUAL "musl")
    # g++ against musl's headers; the kernel's uapi headers come from our
    # symlink directory because Debian's musl-dev does not carry them.
    target_compile_options(${target} PRIVATE -nostdinc "SHELL:-isystem ${SYSABI_MUSL_INCLUDE}"
      "SHELL:-isystem ${SYSABI_COMPILER_INCLUDE}" "SHELL:-isystem ${SYSABI_UAPI_DIR}")
    set(specs ${SYSABI_MUSL_LIB}/musl-gcc.specs)
    execute_process(COMMAND ${CMAKE_C_COMPILER} -print-libgcc-file-name
                    OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(gccdir ${libgcc} DIRECTORY)
    if(SYSABI_VARIANT_LINKAGE STREQUAL "static")
      target_compile_options(${target} PRIVATE -fno-pie)
      target_link_options(${target} PRIVATE -specs=${specs} -static -no-pie)
    elseif(SYSABI_VARIANT_LINKAGE STREQUAL "dynamic")
      target_compile_options(${target} PRIVATE -fPIE)
      target_link_options(${target} PRIVATE -specs=${specs} -pie)
    elseif(SYSABI_VARIANT_LINKAGE STREQUAL "static-pie")
      # Debian's musl-gcc.specs drops -static-pie on the floor and links a
      # plain static binary.  Link the static-pie way by hand: rcrt1.o
      # relocates the binary itself; there is no interpreter.
      target_compile_options(${target} PRIVATE -fPIE)
      target_link_options(${target} PRIVATE -static-pie -nostdlib
        ${SYSABI_MUSL_LIB}/rcrt1.o ${SYSABI_MUSL_LIB}/crti.o ${gccdir}/crtbeginS.o)
      target_link_libraries(${target} PRIVATE
        ${SYSABI_MUSL_LIB}/libc.a ${libgcc} ${gccdir}/crtendS.o ${SYSABI_MUSL_LIB}/crtn.o)
    else()
      message(FATAL_ERROR "unknown linkage in ${SYSABI_VARIANT}")
    endif()
  else()
    message(FATAL_ERROR "unknown libc in ${SYSABI_VARIANT}")
  endif()
endfunction()
