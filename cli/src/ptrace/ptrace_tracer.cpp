// cli/src/ptrace/ptrace_tracer.cpp - a small ptrace tracer: the system calls a
// program issues, optionally under a seccomp filter answering ENOSYS.
//
// The child asks to be traced, stops itself, optionally installs a seccomp
// filter (built by libseccomp in the parent, before fork: the child only
// makes system calls), and execs.  The parent resumes it with
// PTRACE_SYSCALL and reads each stop with PTRACE_GET_SYSCALL_INFO, which
// says entry or exit, the arch's audit number (so the name is looked up in
// the right table) and the arguments or the return value.
#include "sysabi/host/trace.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/filter.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/test_hold.hpp"

namespace sysabi::host {

namespace {

// A libseccomp filter exported as the raw BPF program the kernel takes.
std::vector<sock_filter> enosys_filter(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) throw usage_error("seccomp_init failed");
  // An i386 binary on x86_64 goes through the i386 table.
  seccomp_arch_add(ctx, SCMP_ARCH_X86);
  for (const auto& n : names) {
    int nr = seccomp_syscall_resolve_name(n.c_str());
    if (nr == __NR_SCMP_ERROR) {
      seccomp_release(ctx);
      throw usage_error(fmt::format("unknown system call '{}'", n));
    }
    // Names an arch lacks are skipped by libseccomp (-EDOM): fine.
    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
  }
  int fd = ::memfd_create("sysabi-seccomp", MFD_CLOEXEC);
  int rc = fd < 0 ? -errno : seccomp_export_bpf(ctx, fd);
  seccomp_release(ctx);
  if (rc < 0) {
    if (fd >= 0) ::close(fd);
    throw usage_error(fmt::format("cannot export the seccomp filter: {}", std::strerror(-rc)));
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  std::vector<sock_filter> prog(static_cast<std::size_t>(size) / sizeof(sock_filter));
  ::pread(fd, prog.data(), prog.size() * sizeof(sock_filter), 0);
  ::close(fd);
  return prog;
}

std::string syscall_name(std::uint32_t audit_arch, std::uint64_t nr) {
  char* n = seccomp_syscall_resolve_num_arch(audit_arch, static_cast<int>(nr));
  if (!n) return fmt::format("syscall_{}", nr);
  std::string s = n;
  std::free(n);
  return s;
}

// trace_ops' mark around an operation: write(-1, ..., 17) (abi_checks/trace_ops.cpp).
constexpr std::uint64_t mark_fd = 0xffffffffu;  // -1 as the low 32 bits
constexpr std::uint64_t mark_length = 17;
bool is_mark(const traced_call& c) {
  return c.name == "write" && (c.args[0] & 0xffffffffu) == mark_fd && c.args[2] == mark_length;
}

}  // namespace

void check_enosys_names(const std::vector<std::string>& names) { enosys_filter(names); }

trace_result trace_program(const std::vector<std::string>& argv, const trace_options& o) {
  auto filter = enosys_filter(o.enosys);
  sock_fprog fprog{static_cast<unsigned short>(filter.size()), filter.data()};
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_fd = -1;
  if (o.capture_stdout) out_fd = ::memfd_create("sysabi-trace-stdout", MFD_CLOEXEC);

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    if (out_fd >= 0) ::close(out_fd);
    throw cannot_trace(fmt::format("fork: {}", std::strerror(e)));
  }
  if (pid == 0) {
    // The child: system calls only.
    if (out_fd >= 0) ::dup2(out_fd, 1);
    ::alarm(o.timeout_s);  // survives execve: a hung program ends
    if (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) ::_exit(126);
    ::raise(SIGSTOP);
    if (!filter.empty()) {
      if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
          ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0)
        ::_exit(125);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }

  trace_result r;
  int status = 0;
  // After a signal to sysabi (its handler makes waitpid fail with EINTR, or
  // it came between two waits) the tracee is killed and reaped, never left
  // stopped or running behind us.
  auto end_if_interrupted = [&] {
    if (!interrupt_requested.load()) return;
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {
    }
    if (out_fd >= 0) ::close(out_fd);
    throw interrupted();
  };
  auto wait_tracee = [&]() -> bool {
    for (;;) {
      if (::waitpid(pid, &status, __WALL) >= 0) return true;
      if (errno != EINTR) return false;
      end_if_interrupted();
    }
  };
  wait_tracee();  // the SIGSTOP
  test_hold("run:tracing");
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr,
           PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC);
  bool started = false;  // calls count from the execve on
  int deliver = 0;
  for (;;) {
    end_if_interrupted();
    ::ptrace(PTRACE_SYSCALL, pid, nullptr, deliver);
    deliver = 0;
    if (!wait_tracee()) break;
    if (WIFEXITED(status)) {
      r.exit_status = WEXITSTATUS(status);
      break;
    }
    if (WIFSIGNALED(status)) {
      r.exit_status = 128 + WTERMSIG(status);
      break;
    }
    if (!WIFSTOPPED(status)) continue;
    int sig = WSTOPSIG(status);
    if (sig == (SIGTRAP | 0x80)) {
      __ptrace_syscall_info info{};
      if (::ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info) <= 0) continue;
      if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        traced_call c;
        c.name = syscall_name(info.arch, info.entry.nr);
        for (int i = 0; i < 6; ++i) c.args[i] = info.entry.args[i];
        if (c.name == "execve") started = true;
        if (started) r.calls.push_back(std::move(c));
      } else if (info.op == PTRACE_SYSCALL_INFO_EXIT && started && !r.calls.empty()) {
        r.calls.back().ret = info.exit.rval;
        r.calls.back().returned = true;
      }
    } else if (sig == SIGTRAP && (status >> 16) == PTRACE_EVENT_EXEC) {
      // The exec event: nothing to deliver.
    } else if (sig != SIGSTOP || started) {
      deliver = sig;  // a real signal for the program
    }
  }
  if (out_fd >= 0) {
    off_t size = ::lseek(out_fd, 0, SEEK_END);
    r.stdout_text.resize(static_cast<std::size_t>(std::max<off_t>(size, 0)));
    ::pread(out_fd, r.stdout_text.data(), r.stdout_text.size(), 0);
    ::close(out_fd);
  }
  return r;
}

const std::vector<std::string>& trace_operations() {
  static const std::vector<std::string> ops = {"startup", "stat", "fstat", "lstat", "print", "exit"};
  return ops;
}

std::vector<traced_call> operation_window(const std::vector<traced_call>& calls,
                                          const std::string& op) {
  std::vector<std::size_t> marks;
  for (std::size_t i = 0; i < calls.size(); ++i)
    if (is_mark(calls[i])) marks.push_back(i);
  if (marks.empty()) return {};
  auto from = calls.begin(), to = calls.end();
  if (op == "startup") {
    to = calls.begin() + static_cast<long>(marks[0]);
  } else if (op == "exit") {
    from = calls.begin() + static_cast<long>(marks[0]) + 1;
  } else {
    if (marks.size() < 2) return {};
    from = calls.begin() + static_cast<long>(marks[0]) + 1;
    to = calls.begin() + static_cast<long>(marks[1]);
  }
  return {from, to};
}

std::string call_names(const std::vector<traced_call>& calls) {
  std::string s;
  for (const auto& c : calls) {
    s += (s.empty() ? "" : ",") + c.name;
    if (c.returned && c.ret == -ENOSYS) s += "=ENOSYS";
  }
  return s;
}

}  // namespace sysabi::host
