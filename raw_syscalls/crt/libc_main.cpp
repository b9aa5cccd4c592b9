// main() for libc variants: libc's own start-up code has run; find the
// auxiliary vector the same way _start does (it follows envp's NULL) and
// enter the same sysabi_main as the nolibc variant.
#include "sysabi/rt/main.hpp"

int main(int argc, char** argv, char** envp) {
  char** p = envp;
  while (*p) ++p;
  return sysabi_main(argc, argv, envp, reinterpret_cast<unsigned long*>(p + 1));
}
