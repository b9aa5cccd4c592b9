// abi_checks/selftest.cpp - probes that misbehave on purpose, run only when
// named, so the lit suite can show the harness survives them: a crash becomes
// "killed by SIGSEGV", a hang or a busy loop becomes "timed out after N ms",
// and the probes after them still run; a probe that leaves a process
// behind holding the runner's stdout does not make a finished run a timeout.
#include <asm/signal.h>
#include <linux/poll.h>

#include "harness/child.hpp"
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

namespace {

// The process left behind: in a process group of its own (the group kills
// of the harness and of sysabi do not reach it), holding the runner's
// stdout until whoever reads it lets go (POLLERR on a pipe whose reader
// closed); then it ends, so the test leaves nothing behind.
int linger_on_stdout(void*) {
  raw::setpgid(0, 0);
  pollfd watch{1, 0, 0};  // no events asked for: only POLLERR or POLLHUP end the wait
  raw::call(__NR_ppoll, &watch, 1, 0, 0, 0);
  return 0;
}

// A child that starts the lingering process and ends at once: the
// lingering one is then nobody's child (no PR_SET_PDEATHSIG reaches it).
int start_lingerer(void*) {
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) raw::exit_group(linger_on_stdout(nullptr));
  return pid.ok() ? 0 : 1;
}

}  // namespace

SYSABI_HIDDEN_PROBE(selftest_linger) {
  int child = harness::spawn(start_lingerer, nullptr);
  ctx.check("left_one_behind", child > 0 ? harness::reap(child) : child, 0);
}

// More output than sysabi takes from one runner (max_variant_output_bytes,
// 2 MiB): 8 MiB of well-formed fact lines, unless the runner is killed first.
SYSABI_HIDDEN_PROBE(selftest_flood) {
  static const char line[] = "{\"id\":\"selftest_flood.line\",\"value\":1,\"expect\":null,\"status\":\"info\"}\n";
  static char chunk[64 * (sizeof line - 1)];
  for (usize i = 0; i < sizeof chunk; ++i) chunk[i] = line[i % (sizeof line - 1)];
  for (usize written = 0; written < (usize(8) << 20);) {
    auto n = raw::write(1, chunk, sizeof chunk);
    if (!n.ok()) return;
    written += static_cast<usize>(n.value());
  }
}

// A fact whose reason is 100 000 bytes, written as a raw line (the harness's
// own lines are shorter): the report keeps the first max_reason_bytes.
SYSABI_HIDDEN_PROBE(selftest_long_reason) {
  static const char head[] =
      "{\"id\":\"selftest_long_reason.long\",\"value\":null,\"expect\":null,\"status\":\"skip\","
      "\"reason\":\"";
  static const char tail[] = "\"}\n";
  static char text[sizeof head - 1 + 100000 + sizeof tail - 1];
  usize at = 0;
  for (usize i = 0; i + 1 < sizeof head; ++i) text[at++] = head[i];
  for (usize i = 0; i < 100000; ++i) text[at++] = static_cast<char>('a' + i % 26);
  for (usize i = 0; i + 1 < sizeof tail; ++i) text[at++] = tail[i];
  for (usize done = 0; done < at;) {
    auto n = raw::write(1, text + done, at - done);
    if (!n.ok()) return;
    done += static_cast<usize>(n.value());
  }
}
