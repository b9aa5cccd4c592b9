// abi_checks/vsyscall.cpp - the legacy vsyscall page of x86_64 processes
// (docs/census.md).
//
//   vsyscall.mapped   whether /proc/self/maps lists [vsyscall]           (info)
//   vsyscall.perms    its permissions there ("--xp", "r-xp"), or "none"  (info)
//   vsyscall.mode     "none" (not mapped), "xonly" (mapped, a read of it
//                     faults: only calls into it are emulated) or
//                     "emulate" (mapped and readable)                     (info)
//   vsyscall.time     what a call of time() at 0xffffffffff600400 does:
//                     "works" (it returned the time the system call gives),
//                     "wrong time", or how the child ended ("killed by SIGSEGV")
//
// The page is how statically linked programs from before glibc 2.14 call
// time(), gettimeofday() and getcpu(); a kernel booted with vsyscall=none
// kills them on their first call.  Everything is observed, the read and the
// call each in a forked child (harness/child.hpp); nothing is assumed from
// the kernel's configuration.  i386 processes have no such page: one skip.
#include <asm/signal.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "sysabi/rt/str.hpp"

namespace {

using namespace sysabi;
using harness::scope;

constexpr unsigned child_limit_ms = 2000;

#if defined(__x86_64__)
constexpr unsigned long vsyscall_page = 0xffffffffff600000UL;
constexpr unsigned long vsyscall_time = vsyscall_page + 0x400;  // the slot of time()

// The "[vsyscall]" line's permission field ("--xp"), into perms[5]; false if
// there is no such line.
bool maps_line(char* perms) {
  static char maps[65536];
  if (harness::read_file("/proc/self/maps", maps, sizeof maps) < 0) return false;
  const char* at = harness::str_find(maps, "[vsyscall]");
  if (at == nullptr) return false;
  const char* line = at;
  while (line > maps && line[-1] != '\n') --line;
  const char* p = line;
  while (*p && *p != ' ') ++p;  // past "start-end"
  if (*p != ' ') return false;
  ++p;
  for (int i = 0; i < 4; ++i) perms[i] = p[i];
  perms[4] = 0;
  return true;
}
#endif

}  // namespace

SYSABI_PROBE(vsyscall) {
#if defined(__i386__)
  ctx.skip("mapped", "i386 processes have no vsyscall page: it exists for 64-bit processes only",
           harness::value::none(), scope::arch);
#elif defined(__x86_64__)
  if (harness::under_qemu_user()) {
    ctx.skip("mapped", "qemu-user: the address space is qemu's, not the kernel's",
             harness::value::none(), scope::arch);
    return;
  }
  char perms[5] = "none";
  bool mapped = maps_line(perms);
  ctx.record("mapped", mapped, scope::arch);
  ctx.record("perms", mapped ? static_cast<const char*>(perms) : "none", scope::arch);

  char how[96];
  // Reading the page: emulate mode maps it readable, xonly leaves it
  // unreadable (only an instruction fetch there is caught and emulated).
  auto read = harness::in_child(
      [] { return static_cast<int>(*reinterpret_cast<volatile const unsigned char*>(vsyscall_page) & 0) ; },
      child_limit_ms);
  const char* mode = nullptr;
  if (read.exited_with(0)) mode = mapped ? "emulate" : nullptr;
  else if (read.killed_by(SIGSEGV)) mode = mapped ? "xonly" : "none";
  if (mode) {
    ctx.record("mode", mode, scope::arch);
  } else {
    rt::sbuf<160> why;
    why.add("reading the page: ").add(harness::describe(read, child_limit_ms, how, sizeof how));
    why.add(mapped ? " although /proc/self/maps lists it" : " although /proc/self/maps does not list it");
    ctx.fact("mode", harness::value::none(), harness::value::none(), harness::status::fail,
             why.c_str(), scope::arch);
  }

  // Calling time() through the page, as an old static binary does; the
  // result must lie between two time system calls around it.
  auto call = harness::in_child(
      [] {
        using time_fn = long (*)(long*);
        long before = raw::call(__NR_time, 0);
        long got = reinterpret_cast<time_fn>(vsyscall_time)(nullptr);
        long after = raw::call(__NR_time, 0);
        return before <= got && got <= after ? 0 : 1;
      },
      child_limit_ms);
  if (call.exited_with(0)) ctx.record("time", "works", scope::arch);
  else if (call.exited_with(1)) ctx.record("time", "wrong time", scope::arch);
  else ctx.record("time", harness::describe(call, child_limit_ms, how, sizeof how), scope::arch);
#endif
}
