// cli/src/ptrace/trace_facts.cpp - the trace.* and old_kernel.* facts of
// `sysabi run`: each operation of abi_checks/trace_ops.cpp traced as the
// kernel sees it, and again on a fake old kernel (seccomp answering ENOSYS
// for newer system calls).
#include <fmt/format.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/trace.hpp"
#include "trace_files.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

std::optional<std::string> untraceable_reason(const availability& a) {
  if (a.command.size() != 1)
    return fmt::format("runs under {}: a tracer would see the emulator's own system calls",
                       a.runner);
  return std::nullopt;
}

trace_files::trace_files() {
  // A TMPDIR without space or inodes is the environment's problem: the
  // trace facts become skips naming it (cannot_trace), not failures.
  std::string tmpl = (fs::temp_directory_path() / "sysabi-trace.XXXXXX").string();
  if (!::mkdtemp(tmpl.data()))
    throw cannot_trace(fmt::format("mkdtemp under TMPDIR: {}", std::strerror(errno)));
  dir = tmpl;
  file = dir / "file";
  link = dir / "link";
  std::ofstream out(file);
  out << "sysabi\n";
  out.close();
  std::error_code ec;
  if (!out) {
    fs::remove_all(dir, ec);
    throw cannot_trace("writing a file under TMPDIR failed (no space?)");
  }
  fs::create_symlink(file, link, ec);
  if (ec) {
    fs::remove_all(dir, ec);
    throw cannot_trace(fmt::format("a symbolic link under TMPDIR: {}", ec.message()));
  }
}

trace_files::~trace_files() {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

namespace {

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

namespace {

std::vector<fact> trace_all(const std::string& variant, const std::string& probe);

}  // namespace

// A tracer that cannot fork (RLIMIT_NPROC, memory) says nothing about the
// variant: its facts are skips naming the cause.
std::vector<fact> trace_facts(const std::string& variant, const std::string& probe) {
  try {
    return trace_all(variant, probe);
  } catch (const cannot_trace& e) {
    return trace_skips(variant, fmt::format("the environment: the tracer: {}", e.what()));
  }
}

namespace {

std::vector<fact> trace_all(const std::string& variant, const std::string& probe) {
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

}  // namespace

}  // namespace sysabi::host
