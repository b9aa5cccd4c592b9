// abi_checks/harness/child.hpp - run a function in a forked child, under a
// time limit, and report how it ended.
//
// This is what makes an expected SIGSEGV, or a probe that hangs, a recorded
// result instead of a dead run.  The child gets its own process group (so a
// timeout kills everything it started) and dies with its parent
// (PR_SET_PDEATHSIG).  The parent waits for SIGCHLD with rt_sigtimedwait:
// no polling, no sleeps.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::harness {

struct child_result {
  enum class how : u8 { exited, signaled, timed_out, not_started };
  how ended = how::not_started;
  int code = 0;    // exit status, when exited
  int signal = 0;  // terminating signal, when signaled
  int error = 0;   // errno of the failed clone, when not_started

  bool exited_with(int c) const { return ended == how::exited && code == c; }
  bool killed_by(int sig) const { return ended == how::signaled && signal == sig; }
};

// Runs fn(arg) in a child; its return value becomes the exit status.
child_result run_in_child(int (*fn)(void*), void* arg, unsigned timeout_ms);

// Runs any callable returning int in a child.
template <class F>
child_result in_child(F&& f, unsigned timeout_ms) {
  auto trampoline = [](void* p) -> int { return (*static_cast<F*>(p))(); };
  return run_in_child(trampoline, &f, timeout_ms);
}

// Forks a child running fn(arg) and returns its pid (-errno on failure)
// without waiting: for probes that must watch or talk to the child while it
// runs.  The child dies with the probe (PR_SET_PDEATHSIG); reap it.
int spawn(int (*fn)(void*), void* arg);
// Waits for a spawned child: its exit status, 128 + the signal that killed
// it, or -1 if it cannot be waited for.
int reap(int pid);

// "exited 0", "killed by SIGSEGV", "timed out after 5000 ms", "not started: EAGAIN".
// Writes into buf (at least 64 bytes) and returns it.
const char* describe(const child_result& r, unsigned timeout_ms, char* buf, usize size);

}  // namespace sysabi::harness
