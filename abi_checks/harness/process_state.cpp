// abi_checks/harness/process_state.cpp - see process_state.hpp.
#include "harness/process_state.hpp"

#include <linux/time.h>

#include "harness/environment.hpp"
#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::harness {

namespace {

i64 now_ms() {
  raw::kernel_timespec ts{};
  raw::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<i64>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

char process_state(int pid) {
  rt::sbuf<64> path;
  path.add("/proc/").add(pid).add("/stat");
  char buf[512];
  if (read_file(path.c_str(), buf, sizeof buf) <= 0) return 0;
  const char* close_paren = nullptr;
  for (const char* p = buf; *p; ++p)
    if (*p == ')') close_paren = p;
  return close_paren && close_paren[1] == ' ' ? close_paren[2] : 0;
}

bool wait_for_flag(volatile int* flag, unsigned limit_ms) {
  i64 deadline = now_ms() + limit_ms;
  while (*flag == 0) {
    if (now_ms() >= deadline) return false;
    raw::call(__NR_sched_yield);
  }
  return true;
}

bool wait_until_blocked(int pid, const char* wchan_part, unsigned limit_ms, char* seen,
                        usize seen_size) {
  rt::sbuf<64> path;
  path.add("/proc/").add(pid).add("/wchan");
  i64 deadline = now_ms() + limit_ms;
  seen[0] = 0;
  do {
    if (process_state(pid) == 'S') {
      long n = read_file(path.c_str(), seen, seen_size);
      if (n > 0 && str_find(seen, wchan_part) != nullptr) return true;
    }
    raw::call(__NR_sched_yield);
  } while (now_ms() < deadline);
  return false;
}

}  // namespace sysabi::harness
