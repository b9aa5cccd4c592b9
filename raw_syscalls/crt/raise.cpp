// raise() for the nolibc variants.
//
// libgcc is linked for the helpers the compiler calls instead of emitting
// instructions (64-bit division on 32-bit arches).  On arm its
// division-by-zero handlers (__aeabi_idiv0, __aeabi_ldiv0) call raise(SIGFPE),
// as the run-time ABI for the Arm architecture lets a platform choose; so
// raise must exist.  It sends the signal to the calling thread, like libc's.
#include "sysabi/raw/calls.hpp"

extern "C" [[gnu::used]] int raise(int sig) {
  auto pid = sysabi::raw::getpid();
  auto tid = sysabi::raw::gettid();
  auto r = sysabi::raw::tgkill(pid.value(), tid.value(), sig);
  return r.ok() ? 0 : -1;
}
