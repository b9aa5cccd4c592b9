// sysabi/host/trace.hpp - the system calls a program issues, seen through
// ptrace (PTRACE_SYSCALL + PTRACE_GET_SYSCALL_INFO), optionally under a
// seccomp filter that makes chosen system calls fail with ENOSYS (a "fake
// old kernel").  Names come from libseccomp's tables for the arch the
// kernel reports, so an i386 binary on x86_64 is named in i386's table.
// The code is in cli/src/ptrace/ (tracer, trace facts, `sysabi trace`).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"

namespace sysabi::host {

struct traced_call {
  std::string name;            // "newfstatat", or "syscall_<nr>" if unknown
  std::uint64_t args[6] = {};
  std::int64_t ret = 0;        // -errno on failure
  bool returned = false;       // false for exit_group and a call cut short
};

struct trace_options {
  std::vector<std::string> enosys;  // system calls to fail with ENOSYS (seccomp)
  unsigned timeout_s = 10;
  bool capture_stdout = true;  // into memory, never onto sysabi's own stdout
};

struct trace_result {
  std::vector<traced_call> calls;  // from execve to the end
  int exit_status = -1;            // exit code, or 128 + signal
  std::string stdout_text;         // when captured
};

// usage_error if a name is unknown to libseccomp (before anything runs).
void check_enosys_names(const std::vector<std::string>& names);

// The tracer could not fork: the environment (RLIMIT_NPROC, memory), not
// the traced program.  trace_facts makes its facts skips naming this.
struct cannot_trace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs argv[0] with argv under ptrace.  cannot_trace if it cannot fork,
// usage_error if a name in enosys is unknown to libseccomp.  After SIGINT,
// SIGTERM or SIGHUP (interrupt_requested) the traced program is killed and
// reaped and `interrupted` is thrown.
trace_result trace_program(const std::vector<std::string>& argv, const trace_options& o = {});

// The operations `sysabi trace` knows, in order.
const std::vector<std::string>& trace_operations();

// The calls of operation `op` in a trace of `sysabi-probe --helper trace_op
// OP PATH` (abi_checks/trace_ops.cpp): those between the two marks; for
// "startup" those before the first, for "exit" those after it.
std::vector<traced_call> operation_window(const std::vector<traced_call>& calls,
                                          const std::string& op);

// "newfstatat" or "statx=ENOSYS" per call, comma-separated.
std::string call_names(const std::vector<traced_call>& calls);

// trace.<op>.syscalls for one variant whose probe runs natively, and
// old_kernel.* facts: the stat operations under a filter that answers
// statx, clone3, openat2, faccessat2 and rseq with ENOSYS.
std::vector<fact> trace_facts(const std::string& variant, const std::string& probe);

// The same fact ids as skips, for a variant that cannot be traced here.
std::vector<fact> trace_skips(const std::string& variant, const std::string& reason);

// Why a variant cannot be traced (runs under an emulator), or nullopt.
std::optional<std::string> untraceable_reason(const availability& a);

// `sysabi trace OP [--variant V]... [--whole] [--format text|json|names]`
struct trace_query {
  std::string op;
  std::vector<std::string> variants;  // default: every variant that runs natively
  bool whole = false;                 // the whole run, not just the operation
  std::vector<std::string> enosys;    // --enosys statx,rseq: fake an old kernel
  std::string format = "text";
};
int cmd_trace(const trace_query& q);

}  // namespace sysabi::host
