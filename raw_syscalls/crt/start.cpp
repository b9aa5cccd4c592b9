// The C++ half of _start: split the initial stack into argc, argv, envp and
// auxv, run sysabi_main, and exit with its status.  Only linked into nolibc
// variants; libc variants reach sysabi_main through libc_main.cpp.
#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/main.hpp"

extern "C" [[noreturn, gnu::used]] void sysabi_start_c(long* sp) {
  int argc = static_cast<int>(sp[0]);
  char** argv = reinterpret_cast<char**>(sp + 1);
  char** envp = argv + argc + 1;
  char** p = envp;
  while (*p) ++p;
  auto* auxv = reinterpret_cast<unsigned long*>(p + 1);
  sysabi::raw::exit_group(sysabi_main(argc, argv, envp, auxv));
}
