// sysabi/raw/kernel.hpp - the kernel's struct layouts for the target arch.
#pragma once

#include "sysabi/raw/kernel/common.hpp"

#if defined(__x86_64__) && defined(__ILP32__)
#include "sysabi/raw/kernel/x32.hpp"
#elif defined(__x86_64__)
#include "sysabi/raw/kernel/x86_64.hpp"
#elif defined(__aarch64__)
#include "sysabi/raw/kernel/aarch64.hpp"
#elif defined(__i386__)
#include "sysabi/raw/kernel/i386.hpp"
#elif defined(__arm__)
#include "sysabi/raw/kernel/arm.hpp"
#elif defined(__riscv)
#include "sysabi/raw/kernel/riscv64.hpp"
#elif defined(__powerpc64__)
#include "sysabi/raw/kernel/ppc64le.hpp"
#elif defined(__s390x__)
#include "sysabi/raw/kernel/s390x.hpp"
#elif defined(__mips__)
#include "sysabi/raw/kernel/mips64el.hpp"
#elif defined(__sparc__) && defined(__arch64__)
#include "sysabi/raw/kernel/sparc64.hpp"
#endif
