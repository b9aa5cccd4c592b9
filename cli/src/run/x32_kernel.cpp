// cli/src/run/x32_kernel.cpp - whether the running kernel takes x32 system
// calls, asked of the kernel itself (sysabi/host/manifest.hpp).
//
// An x86_64 process may issue an x32 system call: the same `syscall` with
// __X32_SYSCALL_BIT in the number.  A kernel built without
// CONFIG_X86_X32_ABI answers it with ENOSYS (and execve refuses x32 ELF
// files with ENOEXEC); so does Debian's, whose x32 is built in but off
// until the kernel parameter syscall.x32=y, readable afterwards as
// /sys/module/syscall/parameters/x32 ("N" or "Y").
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <fmt/format.h>

#include "sysabi/host/completion.hpp"
#include "sysabi/host/manifest.hpp"

namespace sysabi::host {

namespace {
constexpr long x32_syscall_bit = 0x40000000;  // __X32_SYSCALL_BIT, asm/unistd.h
constexpr const char* x32_parameter = "/sys/module/syscall/parameters/x32";
}  // namespace

std::optional<std::string> x32_syscalls_refused() {
#if defined(__x86_64__)
  errno = 0;
  long pid = ::syscall(x32_syscall_bit | SYS_getpid);
  if (pid == ::getpid()) return std::nullopt;
  int e = errno;
  std::string asked = fmt::format("this kernel answers an x32 system call (getpid | "
                                  "__X32_SYSCALL_BIT) with {}", errno_name(e));
  std::ifstream param(x32_parameter);
  std::string value;
  if (param && std::getline(param, value))
    return fmt::format("{}: its x32 ABI is off ({} is {}): boot it with syscall.x32=y", asked,
                       x32_parameter, value);
  if (e == ENOSYS)
    return fmt::format("{} and has no {}: built without CONFIG_X86_X32_ABI", asked, x32_parameter);
  return asked;
#else
  return std::string("x32 runs only on an x86_64 kernel");
#endif
}

}  // namespace sysabi::host
