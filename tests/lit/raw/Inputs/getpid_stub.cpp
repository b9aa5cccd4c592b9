// A function that is nothing but one raw call: what the compiler emits for
// it is exactly what the raw layer costs.
#include "sysabi/raw/calls.hpp"

extern "C" long sysabi_stub_getpid() { return sysabi::raw::getpid().raw(); }

extern "C" long sysabi_stub_mmap6(void* a, unsigned long n, int p, int f, int fd, long off) {
  return sysabi::raw::mmap(a, n, p, f, fd, off).raw();
}
