// cli_process_test.cpp - children run in their own process group and are
// killed as a group when their time is up; how they ended is named.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>

#include "sysabi/host/process.hpp"

namespace {

using namespace sysabi::host;
using std::chrono::steady_clock;

TEST(Process, CapturesOutputAndExitStatus) {
  auto c = run_capture({"/bin/sh", "-c", "echo one; echo two; printf three; echo err >&2; exit 3"},
                       5000);
  EXPECT_EQ(c.out, "one\ntwo\nthree");
  EXPECT_EQ(c.end.how, process_end::kind::exited);
  EXPECT_EQ(c.end.code, 3);
  EXPECT_EQ(last_line(c.end.stderr_tail), "err");
  EXPECT_EQ(describe(c.end, 0), "exited 3");
}

TEST(Process, NamesTheSignal) {
  auto c = run_capture({"/bin/sh", "-c", "kill -SEGV $$"}, 5000);
  EXPECT_EQ(c.end.how, process_end::kind::signaled);
  EXPECT_EQ(describe(c.end, 0), "killed by SIGSEGV");
}

TEST(Process, TimeoutKillsTheWholeGroup) {
  auto start = steady_clock::now();
  // A grandchild that would keep the pipe open for 100 s.
  auto c = run_capture({"/bin/sh", "-c", "echo started; sleep 100 & sleep 100"}, 300);
  auto took = steady_clock::now() - start;
  EXPECT_EQ(c.out, "started\n");
  EXPECT_EQ(c.end.how, process_end::kind::timed_out);
  EXPECT_EQ(describe(c.end, 300), "timed out after 300 ms");
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(Process, StragglersOfAFinishedLeaderDoNotHoldTheRun) {
  auto start = steady_clock::now();
  auto c = run_capture({"/bin/sh", "-c", "sleep 100 & echo done"}, 20000);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(c.end.ok()) << describe(c.end, 20000);
  EXPECT_EQ(c.out, "done\n");
}

TEST(Process, ExecFailureIsNamed) {
  auto c = run_capture({"/nonexistent/sysabi-probe"}, 1000);
  EXPECT_EQ(c.end.how, process_end::kind::spawn_failed);
  EXPECT_EQ(describe(c.end, 0), "could not start: No such file or directory");
}

TEST(Process, RunsInParallelUpToTheLimit) {
  std::vector<job> jobs(4);
  int ended = 0, max_running = 0, running = 0;
  for (auto& j : jobs) {
    j.argv = {"/bin/sh", "-c", "sleep 0.2"};
    j.on_end = [&](std::string_view, const process_end& e) {
      EXPECT_TRUE(e.ok());
      ++ended;
      --running;
    };
  }
  auto start = steady_clock::now();
  run_jobs(jobs, 2, [&](std::size_t) { max_running = std::max(max_running, ++running); });
  auto took = steady_clock::now() - start;
  EXPECT_EQ(ended, 4);
  EXPECT_EQ(max_running, 2);
  EXPECT_GE(took, std::chrono::milliseconds(350));  // two rounds of 0.2 s
}

TEST(Process, ChildrenStartWithDefaultSignalsAndTheirOwnDirectory) {
  // Ignored SIGPIPE in the parent must not leak into probes.
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ign, &old);
  std::vector<job> jobs(1);
  std::string out;
  jobs[0].argv = {"/bin/sh", "-c", "grep SigIgn /proc/self/status; pwd; echo $SYSABI_T"};
  jobs[0].cwd = "/";
  jobs[0].extra_env = {"SYSABI_T=yes"};
  jobs[0].on_line = [&](std::string_view l) { out += std::string(l) + "\n"; };
  run_jobs(jobs, 1);
  ::sigaction(SIGPIPE, &old, nullptr);
  EXPECT_EQ(out, "SigIgn:\t0000000000000000\n/\nyes\n");
}

}  // namespace
