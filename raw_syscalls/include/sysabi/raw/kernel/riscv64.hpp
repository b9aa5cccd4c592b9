// sysabi/raw/kernel/riscv64.hpp - riscv64's own kernel structs.
//
// struct stat: asm-generic's (arch/riscv/include/uapi/asm/stat.h includes
// asm-generic/stat.h), 128 bytes: see generic.hpp.
// struct sigaction: asm-generic's without sa_restorer.  riscv has no
// SA_RESTORER: a handler always returns through the vDSO's
// __vdso_rt_sigreturn, which the kernel puts in ra.
#pragma once

#include "sysabi/raw/kernel/generic.hpp"

namespace sysabi::raw {

using kernel_sigaction = kernel_sigaction_without_restorer;
inline constexpr bool kernel_sigaction_has_restorer = false;

}  // namespace sysabi::raw
