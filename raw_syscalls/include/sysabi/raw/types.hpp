// sysabi/raw/types.hpp - integer types without libc or libstdc++.
//
// The raw layer must compile with -ffreestanding -nostdinc, so it takes its
// types from the compiler's predefined macros instead of <stdint.h>.
// `long` is the register width on every Linux ABI sysabi supports
// (LP64 on x86_64/aarch64/riscv64/sparc64/mips64el n64/ppc64le/s390x, ILP32 on i386/arm), which is why the
// syscall layer traffics in `long`.
#pragma once

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

}  // namespace sysabi
