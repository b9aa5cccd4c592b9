// sysabi/host/syscalls.hpp - what the build made for each arch in
// libexec/sysabi/abi/ (cli/targets/): the system-call numbers of its uapi
// headers and the compiled stubs; and `sysabi syscalls`.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sysabi::host {

// One arch as libexec/sysabi/abi/arches.json describes it.
struct arch_target {
  std::string arch;
  std::string compiler;             // the (cross) g++ the build used
  std::filesystem::path syscalls;   // abi/<arch>/syscalls.txt
  std::filesystem::path stubs;      // abi/<arch>/stubs.o
  std::string reason, package;      // why not built, what would fix it

  bool built() const { return reason.empty(); }
};

// Reads <libexec>/abi/arches.json; usage_error when the build has not made it.
std::vector<arch_target> load_arch_targets(const std::filesystem::path& libexec);
// The target of `arch`, built; usage_error naming the package when it is not,
// or listing the known arches when `arch` is unknown.
const arch_target& built_target(const std::vector<arch_target>& all, const std::string& arch);

// One arch's numbers, from its uapi <asm/unistd.h> (scripts/syscall_table.py).
struct syscall_table {
  std::string arch;
  std::string source;  // the table's header line
  std::map<std::string, long> numbers;
  std::map<long, std::string> names;  // by number (the first name, if several share one)

  std::optional<long> number(const std::string& name) const;
  std::string name(long number) const;  // "" if none
  // The highest number of the arch's ordinary table (arm's private
  // 0x0f0000 calls excluded): where "past the headers" starts.
  long last_number() const;
};
syscall_table read_syscall_table(const std::string& arch, const std::filesystem::path& file);

struct syscalls_options {
  std::vector<std::string> arches;  // empty = every built arch
  std::vector<std::string> names;   // empty = every call
  bool running = false;             // ask this kernel about numbers past the headers
  std::string format = "text";      // text | json | markdown
  unsigned timeout_ms = 2000;       // per number, with --running
};
int cmd_syscalls(const syscalls_options& o);

// What the running kernel says to one number, called with bogus arguments in
// a forked child (exposed for tests).
struct kernel_answer {
  long number = 0;
  bool implemented = false;
  std::string detail;  // "ENOSYS", "EBADF", "returned 0", "killed by SIGSYS", "timed out ..."
};
kernel_answer ask_running_kernel(long number, unsigned timeout_ms);

}  // namespace sysabi::host
