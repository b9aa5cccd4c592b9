// sysabi/host/process.hpp - running child processes in parallel, each in its
// own process group under a time limit, reading their output as it comes.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sysabi::host {

// How a child process ended.
struct process_end {
  enum class kind { exited, signaled, timed_out, spawn_failed, output_limit, interrupted };
  kind how = kind::exited;
  int code = 0;  // exit status, signal number or errno
  std::string stderr_tail;  // the last few KiB of its stderr

  bool ok() const { return how == kind::exited && code == 0; }
};

// "exited 0", "exited 2", "killed by SIGSEGV", "timed out after 2000 ms",
// "could not start: Exec format error", ...
std::string describe(const process_end& e, unsigned timeout_ms);
// "SIGSEGV" (or "SIG<n>").
std::string signal_name(int sig);
// The last non-empty line of a process's stderr, or "".
std::string last_line(std::string_view text);

struct job {
  std::vector<std::string> argv;  // argv[0] is the program's path
  std::string cwd;                // "" = inherit
  std::vector<std::string> extra_env;  // NAME=VALUE added to the environment
  unsigned timeout_ms = 10000;    // the whole run; then the group is killed
  // Bytes of stdout; beyond them the group is killed (kind::output_limit).
  // Probe runners get max_variant_output_bytes (report.hpp); a VM's
  // console, apt's output and the rest this default.
  std::size_t output_limit = std::size_t(16) << 20;
  std::function<void(std::string_view line)> on_line;       // each stdout line
  std::function<void(std::string_view rest, const process_end&)> on_end;  // rest: unterminated tail
};

// Set from a SIGINT/SIGTERM handler: running jobs are killed and reported as
// interrupted, jobs not yet started are reported as interrupted too.
extern std::atomic<bool> interrupt_requested;
// Installs handlers that set interrupt_requested (for the duration of a run).
// cli/main.cpp installs them before `run`, `diff` and `vm` start, so no
// temp file is made before a signal is caught.
void install_interrupt_handlers();
// The signal that set interrupt_requested (SIGINT, SIGTERM, SIGHUP), or 0.
extern std::atomic<int> interrupt_signal;

// Thrown at a phase boundary after a signal (throw_if_interrupted): the
// stack unwinds (atomic_file and other temp files are removed, old outputs
// are kept), and cli/main.cpp prints "sysabi: interrupted" and exits
// interrupted_status().
struct interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};
void throw_if_interrupted();
// 128 + the signal: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
int interrupted_status();

// Runs every job, at most `parallel` at a time, in order of the vector.
// `on_event` is called after anything happened (a line, a start, an end), on
// the calling thread, for progress displays.
void run_jobs(std::vector<job>& jobs, unsigned parallel,
              const std::function<void(std::size_t index)>& on_start = {},
              const std::function<void()>& on_event = {});

// Convenience: run one job to completion, collecting stdout.
struct captured {
  std::string out;
  process_end end;
};
captured run_capture(std::vector<std::string> argv, unsigned timeout_ms);

}  // namespace sysabi::host
