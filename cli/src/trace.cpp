// cli/src/trace.cpp - a small ptrace tracer, and what sysabi makes of it.
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
#include <fstream>
#include <map>
#include <sstream>

#include "sysabi/host/commands.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

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

bool is_mark(const traced_call& c) {
  return c.name == "write" && (c.args[0] & 0xffffffffu) == 0xffffffffu && c.args[2] == 17;
}

}  // namespace

trace_result trace_program(const std::vector<std::string>& argv, const trace_options& o) {
  auto filter = enosys_filter(o.enosys);
  sock_fprog fprog{static_cast<unsigned short>(filter.size()), filter.data()};
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_fd = -1;
  if (o.capture_stdout) out_fd = ::memfd_create("sysabi-trace-stdout", MFD_CLOEXEC);

  pid_t pid = ::fork();
  if (pid < 0) throw usage_error(fmt::format("fork: {}", std::strerror(errno)));
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
  ::waitpid(pid, &status, 0);  // the SIGSTOP
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr,
           PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC);
  bool started = false;  // calls count from the execve on
  int deliver = 0;
  for (;;) {
    ::ptrace(PTRACE_SYSCALL, pid, nullptr, deliver);
    deliver = 0;
    if (::waitpid(pid, &status, __WALL) < 0) break;
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

std::optional<std::string> untraceable_reason(const availability& a) {
  if (a.command.size() != 1)
    return fmt::format("runs under {}: a tracer would see the emulator's own system calls",
                       a.runner);
  return std::nullopt;
}

namespace {

// A directory with a file and a symlink to it, removed on destruction.
struct trace_files {
  fs::path dir, file, link;
  trace_files() {
    std::string tmpl = (fs::temp_directory_path() / "sysabi-trace.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw usage_error("cannot make a temporary directory");
    dir = tmpl;
    file = dir / "file";
    link = dir / "link";
    std::ofstream(file) << "sysabi\n";
    fs::create_symlink(file, link);
  }
  ~trace_files() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string path_for(const std::string& op) const {
    return op == "fstat" ? file.string() : link.string();
  }
};

fact make_fact(const std::string& id, const std::string& variant, json value, fact_status st,
               json expect = nullptr, std::optional<std::string> reason = std::nullopt) {
  fact f;
  f.id = id;
  f.variant = variant;
  f.value = std::move(value);
  f.expect = std::move(expect);
  f.status = st;
  f.reason = std::move(reason);
  f.scope = fact_scope::variant;
  return f;
}

const std::vector<std::string> old_kernel_missing = {"statx", "clone3", "openat2", "faccessat2",
                                                     "rseq"};

}  // namespace

namespace {
const std::vector<std::string> old_kernel_operations = {"startup", "stat", "fstat", "lstat"};
}  // namespace

std::vector<fact> trace_skips(const std::string& variant, const std::string& reason) {
  std::vector<fact> out;
  for (const auto& op : trace_operations())
    out.push_back(make_fact("trace." + op + ".syscalls", variant, nullptr, fact_status::skip,
                            nullptr, reason));
  for (const auto& op : old_kernel_operations) {
    out.push_back(make_fact("old_kernel." + op + ".syscalls", variant, nullptr, fact_status::skip,
                            nullptr, reason));
    out.push_back(make_fact("old_kernel." + op + ".works", variant, nullptr, fact_status::skip, true,
                            reason));
  }
  return out;
}

std::vector<fact> trace_facts(const std::string& variant, const std::string& probe) {
  std::vector<fact> out;
  trace_files files;
  for (const auto& op : trace_operations()) {
    auto r = trace_program({probe, "--helper", "trace_op", op, files.path_for(op)});
    auto window = operation_window(r.calls, op);
    bool ok = (r.exit_status == 0 && (!window.empty() || op == "startup"));
    out.push_back(make_fact("trace." + op + ".syscalls", variant, call_names(window),
                            ok ? fact_status::info : fact_status::fail, nullptr,
                            ok ? std::nullopt
                               : std::optional<std::string>(fmt::format(
                                     "trace_op {} exited {} with {} calls traced", op,
                                     r.exit_status, r.calls.size()))));
  }

  // A fake old kernel: do start-up and the stat family still work, and how?
  std::string why = "statx, clone3, openat2, faccessat2 and rseq answered ENOSYS (seccomp)";
  for (const auto& op : old_kernel_operations) {
    trace_options o;
    o.enosys = old_kernel_missing;
    auto r = trace_program({probe, "--helper", "trace_op", op, files.path_for(op)}, o);
    auto window = operation_window(r.calls, op);
    out.push_back(make_fact("old_kernel." + op + ".syscalls", variant, call_names(window),
                            fact_status::info));
    bool fell_back = false;
    for (std::size_t i = 0; i + 1 < window.size(); ++i)
      if (window[i].returned && window[i].ret == -ENOSYS) fell_back = true;
    std::string how = window.empty() && op != "startup" ? "no calls seen"
                      : call_names(window).find("=ENOSYS") == std::string::npos
                          ? "never asked for a missing call"
                          : fell_back ? "fell back" : "gave up";
    out.push_back(make_fact("old_kernel." + op + ".works", variant, r.exit_status == 0,
                            r.exit_status == 0 ? fact_status::pass : fact_status::fail, true,
                            fmt::format("{}: {}", why, how)));
  }
  return out;
}

int cmd_trace(const trace_query& q) {
  const auto& ops = trace_operations();
  if (std::find(ops.begin(), ops.end(), q.op) == ops.end()) {
    std::string known;
    for (const auto& o : ops) known += (known.empty() ? "" : ", ") + o;
    throw usage_error(fmt::format("unknown operation '{}' (known: {})", q.op, known));
  }
  if (q.format != "text" && q.format != "json" && q.format != "names")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json, names)", q.format));
  manifest m = load_manifest(find_libexec_dir());
  for (const auto& v : q.variants)
    if (!m.find(v)) throw usage_error(fmt::format("unknown variant '{}' (known: {})", v, m.names()));
  if (q.format == "names" && q.variants.size() != 1)
    throw usage_error("--format names shows one variant: name it with --variant");
  enosys_filter(q.enosys);  // unknown names are usage errors before anything runs

  struct column {
    std::string variant, note;
    std::vector<traced_call> calls;
    int exit_status = 0;
  };
  std::vector<column> cols;
  trace_files files;
  for (const auto& v : m.variants) {
    bool asked = std::find(q.variants.begin(), q.variants.end(), v.name) != q.variants.end();
    if (!q.variants.empty() && !asked) continue;
    auto a = check_availability(m, v);
    column c{v.name, "", {}, 0};
    if (!a.available) {
      if (!asked) continue;
      c.note = "not available: " + a.reason;
    } else if (auto why = untraceable_reason(a)) {
      if (!asked) continue;
      c.note = "not traced: " + *why;
    } else {
      trace_options o;
      o.enosys = q.enosys;
      auto r = trace_program({a.command[0], "--helper", "trace_op", q.op, files.path_for(q.op)}, o);
      c.calls = q.whole ? r.calls : operation_window(r.calls, q.op);
      c.exit_status = r.exit_status;
    }
    cols.push_back(std::move(c));
  }

  auto cell = [](const traced_call& c) {
    return c.returned && c.ret == -ENOSYS ? c.name + "=ENOSYS" : c.name;
  };
  if (q.format == "names") {
    for (const auto& c : cols.front().calls) fmt::print("{}\n", c.name);
    return 0;
  }
  if (q.format == "json") {
    ordered_json j;
    j["operation"] = q.op;
    j["whole"] = q.whole;
    j["enosys"] = q.enosys;
    j["variants"] = ordered_json::array();
    for (const auto& c : cols) {
      ordered_json v;
      v["variant"] = c.variant;
      if (!c.note.empty()) {
        v["note"] = c.note;
      } else {
        v["exit_status"] = c.exit_status;
        v["syscalls"] = ordered_json::array();
        for (const auto& call : c.calls) v["syscalls"].push_back(cell(call));
      }
      j["variants"].push_back(std::move(v));
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  // Side by side: one column per variant, one row per call.
  std::size_t w = 12, rows = 0;
  for (const auto& c : cols) {
    w = std::max(w, c.variant.size() + 2);
    rows = std::max(rows, c.calls.size());
    for (const auto& call : c.calls) w = std::max(w, cell(call).size() + 2);
  }
  fmt::print("{} ({}){}\n", q.op, q.whole ? "the whole run" : "the operation alone",
             q.enosys.empty() ? "" : ", ENOSYS for " + fmt::format("{}", fmt::join(q.enosys, ", ")));
  fmt::print("{:>4}  ", "#");
  for (const auto& c : cols) fmt::print("{:<{}}", c.variant, w);
  fmt::print("\n");
  for (std::size_t i = 0; i < rows; ++i) {
    fmt::print("{:>4}  ", i + 1);
    for (const auto& c : cols) fmt::print("{:<{}}", i < c.calls.size() ? cell(c.calls[i]) : "", w);
    fmt::print("\n");
  }
  for (const auto& c : cols)
    if (!c.note.empty()) fmt::print("{}: {}\n", c.variant, c.note);
    else if (c.exit_status != 0) fmt::print("{}: exited {}\n", c.variant, c.exit_status);
  return 0;
}

}  // namespace sysabi::host
