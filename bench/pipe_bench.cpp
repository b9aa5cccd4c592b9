// bench/pipe_bench.cpp - pipes between two processes (Google Benchmark).
//
//   pipe_ping_pong   one byte there and back between parent and a forked
//                    child: the round trip (two writes, two reads, two
//                    wake-ups)
//   pipe_throughput  64 KiB writes into a pipe a child drains; bytes/s
//
// Both processes are pinned to one CPU: a wake-up on another CPU costs tens
// of microseconds on this VM and would measure the scheduler's IPIs, not the
// pipe.  The pinning is reported in the benchmark's label.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "sysabi/raw/calls.hpp"

namespace raw = sysabi::raw;

namespace {

// Pins the calling process to the first CPU it may run on; returns that CPU.
int pin_to_one_cpu() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0 ? cpu : -1;
  }
  return -1;
}

void pipe_ping_pong(benchmark::State& state) {
  int cpu = pin_to_one_cpu();  // inherited by the child
  int there[2], back[2];
  if (!raw::pipe2(there, 0).ok() || !raw::pipe2(back, 0).ok()) {
    state.SkipWithError("pipe2 failed");
    return;
  }
  pid_t child = fork();
  if (child == 0) {
    // The child must drop its copies of the ends it does not use, or it never
    // sees EOF on `there` (it would hold a write end itself).
    raw::close(there[1]);
    raw::close(back[0]);
    char c;
    while (raw::read(there[0], &c, 1).raw() == 1) raw::write(back[1], &c, 1);
    _exit(0);
  }
  char c = 'x';
  for (auto _ : state) {
    raw::write(there[1], &c, 1);
    raw::read(back[0], &c, 1);
  }
  raw::close(there[1]);  // the child reads EOF and exits
  waitpid(child, nullptr, 0);
  for (int fd : {there[0], back[0], back[1]}) raw::close(fd);
  state.SetLabel(cpu >= 0 ? "both processes on one CPU" : "not pinned");
}
BENCHMARK(pipe_ping_pong)->UseRealTime();

void pipe_throughput(benchmark::State& state) {
  int cpu = pin_to_one_cpu();
  static char buf[64 * 1024];
  int fds[2];
  if (!raw::pipe2(fds, 0).ok()) {
    state.SkipWithError("pipe2 failed");
    return;
  }
  pid_t child = fork();
  if (child == 0) {
    raw::close(fds[1]);
    static char sinkbuf[64 * 1024];
    while (raw::read(fds[0], sinkbuf, sizeof sinkbuf).raw() > 0) {
    }
    _exit(0);
  }
  raw::close(fds[0]);
  for (auto _ : state) {
    for (long off = 0; off < static_cast<long>(sizeof buf);) {
      auto w = raw::write(fds[1], buf + off, sizeof buf - off);
      if (!w.ok()) break;
      off += w.value();
    }
  }
  raw::close(fds[1]);
  waitpid(child, nullptr, 0);
  state.SetBytesProcessed(state.iterations() * static_cast<long>(sizeof buf));
  state.SetLabel(cpu >= 0 ? "both processes on one CPU" : "not pinned");
}
BENCHMARK(pipe_throughput)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
