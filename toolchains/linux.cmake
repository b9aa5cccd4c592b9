# toolchains/linux.cmake - toolchain file for any sysabi arch.
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/linux.cmake -DSYSABI_ARCH=aarch64 ...
#
# Picks Debian's compiler for the arch (the host's own gcc for x86_64, the
# <triple>-gcc cross compilers otherwise) and qemu-user as the emulator of
# cross-compiled programs.
include("${CMAKE_CURRENT_LIST_DIR}/arches.cmake")

if(NOT SYSABI_ARCH)
  set(SYSABI_ARCH x86_64)
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SYSABI_ARCH)
sysabi_arch_info(${SYSABI_ARCH} _sysabi)

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${SYSABI_ARCH})
set(SYSABI_TRIPLE ${_sysabi_TRIPLE})

if(SYSABI_ARCH STREQUAL CMAKE_HOST_SYSTEM_PROCESSOR)
  set(CMAKE_C_COMPILER gcc)
  set(CMAKE_CXX_COMPILER g++)
else()
  set(CMAKE_C_COMPILER ${_sysabi_TRIPLE}-gcc)
  set(CMAKE_CXX_COMPILER ${_sysabi_TRIPLE}-g++)
  if(NOT _sysabi_QEMU STREQUAL "-")
    set(CMAKE_CROSSCOMPILING_EMULATOR ${_sysabi_QEMU})
  endif()
  set(CMAKE_FIND_ROOT_PATH /usr/${_sysabi_TRIPLE})
  set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
  set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
  set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
endif()
set(CMAKE_ASM_COMPILER ${CMAKE_C_COMPILER})
