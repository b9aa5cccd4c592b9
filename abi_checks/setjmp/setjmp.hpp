// abi_checks/setjmp/setjmp.hpp - sysabi's own setjmp/longjmp (<arch>.S),
// usable with or without libc.
//
//   sysabi_jmp_buf env;
//   if (sysabi_setjmp(env) == 0) { ... sysabi_longjmp(env, 1); }
//   sysabi_sigsetjmp(env, 1) / sysabi_siglongjmp(env, v): the same, and the
//   signal mask saved and restored with the raw rt_sigprocmask.
//
// The layout of the buffer, slot by slot, is jmp_buf.h.
#pragma once

#include "setjmp/jmp_buf.h"

// Aligned for the 8-byte slots (and the mask) on every arch.
struct alignas(16) sysabi_jmp_buf_storage {
  unsigned char bytes[SJ_SIZE];
};
using sysabi_jmp_buf = sysabi_jmp_buf_storage[1];

extern "C" {
[[gnu::returns_twice]] int sysabi_setjmp(sysabi_jmp_buf env);
[[noreturn]] void sysabi_longjmp(sysabi_jmp_buf env, int val);
[[gnu::returns_twice]] int sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
[[noreturn]] void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
}
