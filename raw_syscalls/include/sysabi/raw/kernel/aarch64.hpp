// sysabi/raw/kernel/aarch64.hpp - aarch64's own kernel structs.
//
// struct stat: asm-generic's (arch/arm64/include/uapi/asm/stat.h includes
// asm-generic/stat.h), 128 bytes: see generic.hpp.
// struct sigaction: asm-generic's, with sa_restorer because arm64's
// asm/signal.h defines SA_RESTORER (for AArch32 compatibility; 64-bit
// handlers may use it too: the kernel then returns through sa_restorer
// instead of the vDSO's __kernel_rt_sigreturn).
#pragma once

#include "sysabi/raw/kernel/generic.hpp"

namespace sysabi::raw {

using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;

}  // namespace sysabi::raw
