// cli/src/util/test_hold.cpp - SYSABI_TEST_HOLD=POINT:FD: announce a hold
// point on FD and wait there for an interrupting signal
// (sysabi/host/test_hold.hpp).
#include "sysabi/host/test_hold.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "sysabi/host/process.hpp"

namespace sysabi::host {

void test_hold(std::string_view point) {
  static bool held = false;
  const char* spec = ::getenv("SYSABI_TEST_HOLD");
  if (held || !spec) return;
  std::string_view s(spec);
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || s.substr(0, colon) != point) return;
  int fd = -1;
  auto digits = s.substr(colon + 1);
  if (std::from_chars(digits.data(), digits.data() + digits.size(), fd).ec != std::errc() || fd < 0)
    return;
  held = true;
  // The signals stay blocked from before the announcement until sigsuspend,
  // so one sent the moment the test reads the line cannot be missed.
  sigset_t block, old;
  sigemptyset(&block);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&block, sig);
  ::sigprocmask(SIG_BLOCK, &block, &old);
  std::string line(point);
  line.push_back('\n');
  ssize_t n;
  while ((n = ::write(fd, line.data(), line.size())) < 0 && errno == EINTR) {
  }
  ::close(fd);
  sigset_t wait_mask = old;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigdelset(&wait_mask, sig);
  while (n > 0 && !interrupt_requested.load()) ::sigsuspend(&wait_mask);
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace sysabi::host
