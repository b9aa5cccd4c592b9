// cli/src/abi/syscalls.cpp - `sysabi syscalls`: the numbers of every arch side by
// side, from the tables the build generated out of each arch's uapi
// <asm/unistd.h> (scripts/syscall_table.py), and with --running what this
// kernel answers for the numbers past the last one the headers know.
#include "sysabi/host/syscalls.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "sysabi/host/abi.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

}  // namespace

// --- what the build made ---------------------------------------------------------

std::vector<arch_target> load_arch_targets(const fs::path& libexec) {
  fs::path file = libexec / "abi" / "arches.json";
  std::ifstream in(file);
  if (!in)
    throw usage_error(fmt::format("no system-call tables in {} (build the project first)",
                                  (libexec / "abi").string()));
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw usage_error(fmt::format("{}: {}", file.string(), e.what()));
  }
  std::vector<arch_target> out;
  for (const auto& e : j.at("arches")) {
    arch_target t;
    t.arch = e.at("arch").get<std::string>();
    if (e.contains("syscalls")) {
      t.compiler = e.value("compiler", "");
      t.syscalls = libexec / "abi" / e["syscalls"].get<std::string>();
      t.stubs = libexec / "abi" / e.value("stubs", "");
    } else {
      t.reason = e.value("reason", "not built");
      t.package = e.value("package", "");
    }
    out.push_back(std::move(t));
  }
  return out;
}

const arch_target& built_target(const std::vector<arch_target>& all, const std::string& arch) {
  for (const auto& t : all) {
    if (t.arch != arch) continue;
    if (!t.built())
      throw usage_error(fmt::format("{}: not built: {} (install Debian package {})", arch, t.reason,
                                    t.package));
    return t;
  }
  throw usage_error(fmt::format("unknown arch '{}' (known: {})", arch, known_arches()));
}

std::optional<long> syscall_table::number(const std::string& n) const {
  auto it = numbers.find(n);
  if (it == numbers.end()) return std::nullopt;
  return it->second;
}

std::string syscall_table::name(long n) const {
  auto it = names.find(n);
  return it == names.end() ? "" : it->second;
}

long syscall_table::last_number() const {
  long last = -1;
  for (const auto& [n, name] : names)
    if (!name.starts_with("ARM_")) last = std::max(last, n);
  return last;
}

syscall_table read_syscall_table(const std::string& arch, const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw usage_error(fmt::format("cannot read {} (build the project first)", file.string()));
  syscall_table t;
  t.arch = arch;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (t.source.empty()) t.source = line.substr(line.find_first_not_of("# "));
      continue;
    }
    std::istringstream row(line);
    std::string name;
    long number = -1;
    if (!(row >> name >> number) || number < 0)
      throw usage_error(fmt::format("{}: bad line '{}'", file.string(), line));
    t.numbers[name] = number;
    t.names.emplace(number, name);
  }
  if (t.numbers.empty()) throw usage_error(fmt::format("{} lists no system calls", file.string()));
  return t;
}

// --- asking the running kernel ------------------------------------------------------

kernel_answer ask_running_kernel(long number, unsigned timeout_ms) {
  kernel_answer a;
  a.number = number;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // The child: its own process group (killed as a whole on timeout), no
    // privileges to gain, no processes to create, no files to grow, no core.
    ::setpgid(0, 0);
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    const struct rlimit none = {0, 0};
    ::setrlimit(RLIMIT_NPROC, &none);
    ::setrlimit(RLIMIT_FSIZE, &none);
    ::setrlimit(RLIMIT_CORE, &none);
    ::close(fds[0]);
    // Every argument -1: a bad file descriptor, a kernel-space address, every
    // flag bit set, a huge size.  A call that exists refuses that with
    // EBADF, EFAULT or EINVAL before doing anything.
    long r = ::syscall(number, -1L, -1L, -1L, -1L, -1L, -1L);
    struct {
      long r;
      int e;
    } out{r, r == -1 ? errno : 0};
    if (::write(fds[1], &out, sizeof out) != sizeof out) ::_exit(3);
    ::_exit(0);
  }
  ::close(fds[1]);
  struct {
    long r;
    int e;
  } got{};
  pollfd p{fds[0], POLLIN, 0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false, have = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int n = ::poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) have = ::read(fds[0], &got, sizeof got) == sizeof got;
    break;
  }
  ::close(fds[0]);
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    a.implemented = true;
    a.detail = fmt::format("blocked: killed after {} ms", timeout_ms);
  } else if (have) {
    a.implemented = !(got.r == -1 && got.e == ENOSYS);
    if (got.r == -1) {
      const char* name = ::strerrorname_np(got.e);
      a.detail = name ? name : fmt::format("errno {}", got.e);
    } else {
      a.detail = fmt::format("returned {}", got.r);
    }
  } else if (WIFSIGNALED(status)) {
    a.implemented = WTERMSIG(status) != SIGSYS;
    a.detail = fmt::format("killed by {}", signal_name(WTERMSIG(status)));
  } else {
    a.implemented = true;
    a.detail = fmt::format("exited {} without answering", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  return a;
}

// --- the command ---------------------------------------------------------------------

namespace {

// How many numbers past the headers' last one --running asks about.
constexpr long running_window = 64;

struct running_report {
  std::string arch, kernel;
  long last = 0;
  std::string last_name;
  std::vector<kernel_answer> answers;
};

running_report ask_past_headers(const syscall_table& t, unsigned timeout_ms) {
  running_report r;
  struct utsname u {};
  ::uname(&u);
  r.arch = t.arch;
  r.kernel = u.release;
  r.last = t.last_number();
  r.last_name = t.name(r.last);
  for (long n = r.last + 1; n <= r.last + running_window; ++n)
    r.answers.push_back(ask_running_kernel(n, timeout_ms));
  return r;
}

std::string render_running_text(const running_report& r) {
  std::string out = fmt::format(
      "\nThis kernel ({}, {}) on the {} numbers past the headers' last ({}, {}),\n"
      "each called with every argument -1:\n",
      r.kernel, r.arch, running_window, r.last, r.last_name);
  for (std::size_t i = 0; i < r.answers.size();) {
    const auto& a = r.answers[i];
    std::size_t j = i;
    // Runs of ENOSYS in one line.
    while (!a.implemented && j + 1 < r.answers.size() && !r.answers[j + 1].implemented) ++j;
    if (j > i)
      out += fmt::format("  {}..{}  not implemented (ENOSYS)\n", a.number, r.answers[j].number);
    else
      out += fmt::format("  {:<8}  {} ({})\n", a.number,
                         a.implemented ? "implemented" : "not implemented", a.detail);
    i = j + 1;
  }
  return out;
}

// The arches asked for, or every built one.
std::vector<std::string> selected_arches(const syscalls_options& o, const std::vector<arch_target>& targets) {
  std::vector<std::string> arches = o.arches;
  for (const auto& a : arches)
    if (!find_convention(a))
      throw usage_error(fmt::format("unknown arch '{}' (known: {})", a, known_arches()));
  if (arches.empty())
    for (const auto& t : targets)
      if (t.built()) arches.push_back(t.arch);
  if (arches.empty()) throw usage_error("no arch's system-call table was built");
  return arches;
}

// Rows: the names asked for, or every name any selected arch has.
std::vector<std::string> selected_rows(const std::vector<syscall_table>& tables,
                                       const std::vector<std::string>& names) {
  std::set<std::string> every;
  for (const auto& t : tables)
    for (const auto& [n, _] : t.numbers) every.insert(n);
  std::vector<std::string> rows;
  if (names.empty()) {
    rows.assign(every.begin(), every.end());
  } else {
    for (const auto& n : names) {
      if (!every.count(n))
        throw usage_error(fmt::format("unknown syscall '{}' (known: {})", n,
                                      fmt::join(every, ", ")));
      rows.push_back(n);
    }
  }
  return rows;
}

std::string render_syscalls_json(const std::vector<std::string>& arches, const std::vector<syscall_table>& tables,
                                 const std::vector<std::string>& rows, const std::optional<running_report>& running) {
  ordered_json j;
  j["arches"] = arches;
  j["sources"] = ordered_json::object();
  for (const auto& t : tables) j["sources"][t.arch] = t.source;
  j["syscalls"] = ordered_json::array();
  for (const auto& n : rows) {
    ordered_json r;
    r["name"] = n;
    r["numbers"] = ordered_json::object();
    for (const auto& t : tables) {
      auto v = t.number(n);
      r["numbers"][t.arch] = v ? ordered_json(*v) : ordered_json(nullptr);
    }
    j["syscalls"].push_back(std::move(r));
  }
  if (running) {
    ordered_json r;
    r["arch"] = running->arch;
    r["kernel"] = running->kernel;
    r["headers_last"] = running->last;
    r["answers"] = ordered_json::array();
    for (const auto& a : running->answers)
      r["answers"].push_back({{"number", a.number}, {"implemented", a.implemented}, {"detail", a.detail}});
    j["running"] = std::move(r);
  }
  return j.dump(2) + "\n";
}

std::string render_syscalls_markdown(const std::vector<std::string>& arches,
                                     const std::vector<syscall_table>& tables,
                                     const std::vector<std::string>& rows) {
  std::string out = "| system call |";
  for (const auto& a : arches) out += fmt::format(" {} |", a);
  out += "\n|---|";
  for (std::size_t i = 0; i < arches.size(); ++i) out += "---:|";
  out += "\n";
  for (const auto& n : rows) {
    out += fmt::format("| {} |", n);
    for (const auto& t : tables) {
      auto v = t.number(n);
      out += v ? fmt::format(" {} |", *v) : std::string(" - |");
    }
    out += "\n";
  }
  return out;
}

std::string render_syscalls_text(const std::vector<std::string>& arches, const std::vector<syscall_table>& tables,
                                 const std::vector<std::string>& rows) {
  std::string out;
  std::size_t w = 12;
  for (const auto& n : rows) w = std::max(w, n.size() + 2);
  out += fmt::format("{:<{}}", "syscall", w);
  for (const auto& a : arches) out += fmt::format("{:>10}", a);
  out += "\n";
  for (const auto& n : rows) {
    out += fmt::format("{:<{}}", n, w);
    for (const auto& t : tables) {
      auto v = t.number(n);
      out += fmt::format("{:>10}", v ? std::to_string(*v) : std::string("-"));
    }
    out += "\n";
  }
  out += "\n- : the arch's <asm/unistd.h> has no such call\n";
  return out;
}

}  // namespace

int cmd_syscalls(const syscalls_options& o) {
  if (o.format != "text" && o.format != "json" && o.format != "markdown")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json, markdown)", o.format));
  auto targets = load_arch_targets(find_libexec_dir());
  std::vector<std::string> arches = selected_arches(o, targets);
  std::vector<syscall_table> tables;
  for (const auto& a : arches) tables.push_back(read_syscall_table(a, built_target(targets, a).syscalls));
  std::vector<std::string> rows = selected_rows(tables, o.names);

  std::optional<running_report> running;
  if (o.running) {
    struct utsname u {};
    ::uname(&u);
    std::string host = u.machine;
    const arch_target& t = built_target(targets, host);
    running = ask_past_headers(read_syscall_table(host, t.syscalls), o.timeout_ms);
  }
  if (o.format == "json") {
    std::fputs(render_syscalls_json(arches, tables, rows, running).c_str(), stdout);
    return 0;
  }
  std::string out = o.format == "markdown" ? render_syscalls_markdown(arches, tables, rows)
                                           : render_syscalls_text(arches, tables, rows);
  if (running) out += render_running_text(*running);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace sysabi::host
