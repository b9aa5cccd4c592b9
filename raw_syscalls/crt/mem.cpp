// memcpy, memmove, memset, memcmp, strlen for the nolibc variants.
//
// The compiler emits calls to the first four even in freestanding code (for
// struct copies and zeroing), so they must exist.  Its loop-distribution pass
// would also recognise these very loops as "a memset" and replace them with a
// call to memset - a function calling itself forever.  The attribute below
// switches that pass off for this file's functions; tests/lit/asm checks the
// compiled result contains no such self-call.
#include "sysabi/raw/types.hpp"

using sysabi::usize;

#if defined(__clang__)
// clang's loop-idiom pass does the same; no_builtin switches it off.
#define SYSABI_NO_LIBCALLS [[clang::no_builtin, gnu::used]]
#else
#define SYSABI_NO_LIBCALLS [[gnu::optimize("no-tree-loop-distribute-patterns"), gnu::used]]
#endif

extern "C" {

SYSABI_NO_LIBCALLS void* memcpy(void* __restrict dst, const void* __restrict src, usize n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  while (n--) *d++ = *s++;
  return dst;
}

SYSABI_NO_LIBCALLS void* memmove(void* dst, const void* src, usize n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

SYSABI_NO_LIBCALLS void* memset(void* dst, int c, usize n) {
  auto* d = static_cast<unsigned char*>(dst);
  while (n--) *d++ = static_cast<unsigned char>(c);
  return dst;
}

SYSABI_NO_LIBCALLS int memcmp(const void* a, const void* b, usize n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (; n; --n, ++x, ++y) {
    if (*x != *y) return *x - *y;
  }
  return 0;
}

SYSABI_NO_LIBCALLS usize strlen(const char* s) {
  const char* p = s;
  while (*p) ++p;
  return static_cast<usize>(p - s);
}

}  // extern "C"
