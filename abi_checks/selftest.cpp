// abi_checks/selftest.cpp - probes that misbehave on purpose, run only when
// named, so the lit suite can show the harness survives them: a crash becomes
// "killed by SIGSEGV", a hang or a busy loop becomes "timed out after N ms",
// and the probes after them still run.
#include <asm/signal.h>

#include "harness/harness.hpp"

using namespace sysabi;

SYSABI_HIDDEN_PROBE(selftest_crash) {
  ctx.record("before_crash", true);
  raw::kill(raw::getpid().value(), SIGSEGV);
}

SYSABI_HIDDEN_PROBE(selftest_hang) {
  ctx.record("before_hang", true);
  int fds[2];
  raw::pipe2(fds, 0);
  char c;
  raw::read(fds[0], &c, 1);  // nobody will ever write: blocks until killed
}

SYSABI_HIDDEN_PROBE(selftest_spin) {
  ctx.record("before_spin", true);
  for (unsigned long i = 0;; ++i) asm volatile("" : "+r"(i));  // a loop the compiler must keep
}

SYSABI_HIDDEN_PROBE(selftest_fail) {
  ctx.check("one_plus_one", 1 + 1, 3);
}

// A portable fact that is not portable: its value is the link variant's
// linkage, so `sysabi run` over variants of different linkages must find a
// divergence and fail the run, naming the fact and the variants.
SYSABI_HIDDEN_PROBE(selftest_divergence) {
  ctx.record("linkage", SYSABI_LINKAGE);
}
