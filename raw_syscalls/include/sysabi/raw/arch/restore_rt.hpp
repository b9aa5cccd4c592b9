// sysabi/raw/arch/restore_rt.hpp - SYSABI_RESTORE_RT, which each arch header
// uses to emit sysabi_restore_rt: where a signal handler returns to, two
// instructions that make the rt_sigreturn system call.  The arch header
// says why its kernel needs it (or not); this macro writes the rest once.
//
// The function is emitted by every TU that includes the arch header, in a
// COMDAT group the linker keeps once (and drops with --gc-sections if
// nothing takes its address); hidden, so PIE and dynamic variants bind it
// locally.  %progbits and %function, not @: '@' starts a comment in arm's
// assembly, and gas accepts '%' on every arch.  Comments in the arch's
// instructions are /* */, the one form gas accepts on every arch.
#pragma once

#include "sysabi/raw/types.hpp"  // SYSABI_STR

// ALIGN: the .p2align of the function.  ENTER: directives before the label
// (arm's ".arm"), LEAVE: after the section is closed (arm's ".thumb" for a
// Thumb TU).  CODE: the instructions, one string.
// clang-format off
#define SYSABI_RESTORE_RT(ALIGN, ENTER, CODE, LEAVE)                       \
  extern "C" void sysabi_restore_rt();                                     \
  asm("        .pushsection .text.sysabi_restore_rt, \"axG\", %progbits, " \
      "sysabi_restore_rt, comdat\n" ENTER                                  \
      "        .weak   sysabi_restore_rt\n"                                \
      "        .hidden sysabi_restore_rt\n"                                \
      "        .type   sysabi_restore_rt, %function\n"                     \
      "        .p2align " #ALIGN "\n"                                      \
      "sysabi_restore_rt:\n" CODE                                          \
      "        .size   sysabi_restore_rt, . - sysabi_restore_rt\n"         \
      "        .popsection\n" LEAVE)
// clang-format on
