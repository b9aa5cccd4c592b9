// abi_checks/stat/off32.cpp - stat with the default off_t, for the stat
// probe's large_file facts (abi_checks/stat.cpp).
//
// Compiled without _FILE_OFFSET_BITS, as a program that never asks for
// large files is: on i386 and arm glibc, off_t and struct stat's st_size
// are then 32 bits and stat() must refuse a file whose size does not fit
// (EOVERFLOW); on 64-bit arches, and on musl everywhere, off_t is 64 bits
// whatever the macro says.  stat.cpp asks for 64-bit off_t, and one
// translation unit cannot have both.
#ifdef _FILE_OFFSET_BITS
#error "stat/off32.cpp is about the default off_t: compile it without _FILE_OFFSET_BITS"
#endif

#if SYSABI_HAS_LIBC
#include <errno.h>
#include <sys/stat.h>

namespace sysabi::stat_off32 {

// The width of off_t in bits, as this file sees it.
int off_t_bits() { return static_cast<int>(sizeof(off_t) * 8); }

// stat(path): 0 and the size, or the errno.
int stat_size(const char* path, long long* size) {
  struct stat st {};
  errno = 0;
  if (::stat(path, &st) != 0) return errno;
  *size = st.st_size;
  return 0;
}

}  // namespace sysabi::stat_off32
#endif  // SYSABI_HAS_LIBC
