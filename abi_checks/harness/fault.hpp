// abi_checks/harness/fault.hpp - make a memory access whose outcome may be a
// signal, and observe the signal the way the kernel delivered it.
//
//   harness::fault f = harness::observe([](void* p) { return *(volatile char*)p; }, page, page);
//   f.describe(buf, size)    "SIGSEGV SEGV_ACCERR at +0"  or  "no fault"
//
// The access runs in a forked child (harness/child.hpp: own process group,
// time limit) with SA_SIGINFO handlers for SIGSEGV, SIGBUS, SIGILL and
// SIGTRAP.  A handler copies signo, si_code and si_addr into a MAP_SHARED
// page the parent reads, and the child exits; so the probe records the
// fault and goes on.  Addresses are reported as offsets from `base` (the
// mapping under test), never as addresses: facts must not change between
// runs.
#pragma once

#include "harness/child.hpp"
#include "sysabi/raw/types.hpp"

namespace sysabi::harness {

struct fault {
  bool faulted = false;     // a signal was caught
  int signo = 0;            // SIGSEGV, SIGBUS, ...
  int code = 0;             // si_code: SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR, ...
  long offset = 0;          // si_addr - base
  int value = 0;            // what fn returned, when it did not fault
  child_result child;       // how the child ended otherwise (timeout, other signal)
  unsigned timeout_ms = 0;  // the limit it ran under

  // "no fault", "SIGSEGV SEGV_ACCERR at +0", "SIGBUS BUS_ADRERR at +4096",
  // or the child's end ("timed out after 2000 ms") if neither happened.
  const char* describe(char* buf, usize size) const;
  // Just "SIGSEGV SEGV_ACCERR" / "no fault" (for facts where the address is
  // not part of the promise).
  const char* kind(char* buf, usize size) const;
};

// Runs fn(arg) in a child; base is what si_addr is measured from.
fault observe(int (*fn)(void*), void* arg, const void* base, unsigned timeout_ms = 5000);

// The symbolic name of si_code for a signal ("SEGV_ACCERR"), or "code <n>".
const char* si_code_name(int signo, int code, char* buf, usize size);

}  // namespace sysabi::harness
