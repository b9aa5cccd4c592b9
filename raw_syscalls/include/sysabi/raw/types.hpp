// sysabi/raw/types.hpp - integer types without libc or libstdc++.
//
// The raw layer must compile with -ffreestanding -nostdinc, so it takes its
// types from the compiler's predefined macros instead of <stdint.h>.
// `long` is the register width on every Linux ABI sysabi supports (LP64 on
// x86_64/aarch64/riscv64/ppc64le/s390x/mips64el n64/sparc64, ILP32 on
// i386/arm) but one: x32, where `long` and
// pointers are 32 bits and the registers the kernel reads are 64.  The
// syscall layer traffics in `reg` (the register as the kernel reads it) and
// the kernel's structs in `kernel_long` (uapi's __kernel_long_t).
#pragma once

// SYSABI_X32: the x32 ABI (x86_64 instructions and registers, ILP32 C types).
#if defined(__x86_64__) && defined(__ILP32__)
#define SYSABI_X32 1
#endif

// SYSABI_STR(MACRO): the macro's expansion as a string literal, for
// splicing constants such as __NR_rt_sigreturn into assembly text.
#define SYSABI_STR_(x) #x
#define SYSABI_STR(x) SYSABI_STR_(x)

namespace sysabi {

using i8 = __INT8_TYPE__;
using i16 = __INT16_TYPE__;
using i32 = __INT32_TYPE__;
using i64 = __INT64_TYPE__;
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using usize = __SIZE_TYPE__;
using isize = __PTRDIFF_TYPE__;
using uptr = __UINTPTR_TYPE__;

static_assert(sizeof(long) == sizeof(void*), "Linux ABIs: long is pointer-sized");

#ifdef SYSABI_X32
// x32: a system call's arguments and result fill 64-bit registers, and the
// kernel's `long` (__kernel_long_t, asm/posix_types_x32.h) is 64 bits.
using reg = long long;
using ureg = unsigned long long;
using kernel_long = long long;
using kernel_ulong = unsigned long long;
#else
using reg = long;
using ureg = unsigned long;
using kernel_long = long;
using kernel_ulong = unsigned long;
#endif
static_assert(sizeof(reg) == sizeof(kernel_long), "the kernel's long fills a register");

}  // namespace sysabi
