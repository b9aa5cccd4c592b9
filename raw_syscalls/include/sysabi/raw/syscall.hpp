// sysabi/raw/syscall.hpp - arch dispatch and the generic call(nr, args...).
//
// Selects the one arch header that matches the compiler's target, pulls the
// system-call numbers from that target's kernel uapi <asm/unistd.h>, and
// offers call(nr, args...) which converts each argument to a register-sized
// `reg` (long; long long on x32) and picks syscall0..6.
#pragma once

#include "sysabi/raw/result.hpp"
#include "sysabi/raw/types.hpp"

#if defined(__x86_64__) && !defined(__ILP32__)
#include "sysabi/raw/arch/x86_64.hpp"
#elif defined(__aarch64__)
#include "sysabi/raw/arch/aarch64.hpp"
#elif defined(__i386__)
#include "sysabi/raw/arch/i386.hpp"
#elif defined(__arm__) && defined(__ARM_EABI__)
#include "sysabi/raw/arch/arm.hpp"
#elif defined(__riscv) && __riscv_xlen == 64
#include "sysabi/raw/arch/riscv64.hpp"
#elif defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2 && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include "sysabi/raw/arch/ppc64le.hpp"
#elif defined(__s390x__)
#include "sysabi/raw/arch/s390x.hpp"
#elif defined(__mips__) && _MIPS_SIM == _ABI64 && defined(__MIPSEL__)
#include "sysabi/raw/arch/mips64el.hpp"
#elif defined(__sparc__) && defined(__arch64__)
#include "sysabi/raw/arch/sparc64.hpp"
#elif defined(__x86_64__) && defined(__ILP32__)
#include "sysabi/raw/arch/x32.hpp"
#else
#error "sysabi raw_syscalls: unsupported architecture"
#endif

// System-call numbers (__NR_*) exactly as the target's kernel headers define them.
#include <asm/unistd.h>

namespace sysabi::raw {

// The arch's name as sysabi spells it in variant names and fact ids.
inline constexpr const char arch_name[] = SYSABI_ARCH_NAME;

namespace detail {
// A pointer is zero-extended, a signed integer sign-extended, an unsigned
// one zero-extended: on x32 the kernel reads all 64 bits of each register.
template <class T>
[[gnu::always_inline]] inline reg to_reg(T v) {
  if constexpr (is_pointer<T>) {
    return static_cast<reg>(reinterpret_cast<uptr>(v));
  } else {
    return static_cast<reg>(v);
  }
}
inline reg to_reg(decltype(nullptr)) { return 0; }
}  // namespace detail

// call(nr, a1, ..., a6): the raw register value the kernel returned.
template <class... A>
[[gnu::always_inline]] inline reg call(long nr, A... a) {
  static_assert(sizeof...(A) <= 6, "Linux system calls take at most six arguments");
  constexpr int n = sizeof...(A);
  reg r[6] = {detail::to_reg(a)...};
  if constexpr (n == 0) return arch::syscall0(nr);
  else if constexpr (n == 1) return arch::syscall1(nr, r[0]);
  else if constexpr (n == 2) return arch::syscall2(nr, r[0], r[1]);
  else if constexpr (n == 3) return arch::syscall3(nr, r[0], r[1], r[2]);
  else if constexpr (n == 4) return arch::syscall4(nr, r[0], r[1], r[2], r[3]);
  else if constexpr (n == 5) return arch::syscall5(nr, r[0], r[1], r[2], r[3], r[4]);
  else return arch::syscall6(nr, r[0], r[1], r[2], r[3], r[4], r[5]);
}

}  // namespace sysabi::raw
