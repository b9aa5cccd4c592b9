// abi_checks/harness/child.cpp - fork, time limit, and reaping over raw calls.
#include "child.hpp"

#include <asm/signal.h>
#include <linux/prctl.h>
#include <linux/time.h>
#include <linux/wait.h>

#include "harness.hpp"

namespace sysabi::harness {

namespace {

constexpr i64 ns_per_ms = 1000000;

i64 now_ns() {
  raw::kernel_timespec ts{};
  raw::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

raw::kernel_sigset sigchld_set() { return raw::kernel_sigset{1ULL << (SIGCHLD - 1)}; }

child_result decode(int status) {
  child_result r;
  int low = status & 0x7f;
  if (low == 0) {
    r.ended = child_result::how::exited;
    r.code = (status >> 8) & 0xff;
  } else {
    r.ended = child_result::how::signaled;
    r.signal = low;
  }
  return r;
}

}  // namespace

child_result run_in_child(int (*fn)(void*), void* arg, unsigned timeout_ms) {
  // Block SIGCHLD before the child exists, so its exit cannot be missed
  // between clone and rt_sigtimedwait.
  auto chld = sigchld_set();
  raw::kernel_sigset old{};
  raw::rt_sigprocmask(SIG_BLOCK, &chld, &old);

  auto pid = raw::clone_fork();
  if (!pid.ok()) {
    raw::rt_sigprocmask(SIG_SETMASK, &old, nullptr);
    if (is_environment_errno(pid.error())) environment_problem("clone (fork)", pid.error());
    child_result r;
    r.error = pid.error();
    return r;
  }
  if (pid.value() == 0) {
    raw::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the runner
    raw::setpgid(0, 0);                     // one group: a timeout kills all it started
    raw::rt_sigprocmask(SIG_SETMASK, &old, nullptr);
    raw::exit_group(fn(arg));
  }

  const int child = pid.value();
  const i64 deadline = now_ns() + static_cast<i64>(timeout_ms) * ns_per_ms;
  child_result result;
  for (;;) {
    int status = 0;
    auto w = raw::wait4(child, &status, WNOHANG, nullptr);
    if (w.ok() && w.value() == child) {
      result = decode(status);
      break;
    }
    i64 left = deadline - now_ns();
    if (left <= 0) {
      raw::kill(-child, SIGKILL);  // the child's whole process group
      raw::kill(child, SIGKILL);   // in case it had not reached setpgid yet
      raw::wait4(child, &status, 0, nullptr);
      result.ended = child_result::how::timed_out;
      break;
    }
    raw::kernel_old_timespec ts{static_cast<long>(left / 1000000000LL),
                                static_cast<long>(left % 1000000000LL)};
    raw::rt_sigtimedwait(&chld, nullptr, &ts);  // SIGCHLD, a timeout or EINTR: look again
  }
  raw::rt_sigprocmask(SIG_SETMASK, &old, nullptr);
  return result;
}

const char* describe(const child_result& r, unsigned timeout_ms, char* buf, usize size) {
  rt::sbuf<96> b;
  switch (r.ended) {
    case child_result::how::exited:
      b.add("exited ").add(r.code);
      break;
    case child_result::how::signaled:
      b.add("killed by ").add(signal_name(r.signal));
      break;
    case child_result::how::timed_out:
      b.add("timed out after ").add(static_cast<long>(timeout_ms)).add(" ms");
      break;
    case child_result::how::not_started:
      b.add("not started: ").add(errno_name(r.error));
      break;
  }
  usize i = 0;
  for (; i + 1 < size && b.c_str()[i]; ++i) buf[i] = b.c_str()[i];
  buf[i] = 0;
  return buf;
}

int spawn(int (*fn)(void*), void* arg) {
  auto pid = raw::clone_fork();
  if (!pid.ok()) {
    if (is_environment_errno(pid.error())) environment_problem("clone (fork)", pid.error());
    return -pid.error();
  }
  if (pid.value() == 0) {
    raw::prctl(PR_SET_PDEATHSIG, SIGKILL);
    raw::exit_group(fn(arg));
  }
  return pid.value();
}

int reap(int pid) {
  int status = 0;
  if (pid <= 0 || !raw::wait4(pid, &status, 0, nullptr).ok()) return -1;
  if ((status & 0x7f) == 0) return (status >> 8) & 0xff;
  return 128 + (status & 0x7f);
}

}  // namespace sysabi::harness
