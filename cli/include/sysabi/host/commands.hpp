// sysabi/host/commands.hpp - every subcommand's work, behind the argument
// parsing in cli/commands/<name>.cpp.  Each returns the process's exit
// status; usage_error (usage_error.hpp) is thrown for bad usage or input
// (exit 2).  Option structs that belong to a subsystem stay in its header.
#pragma once

#include <string>
#include <vector>

namespace sysabi::host {

const char* version();

struct variants_options {
  std::string format = "text";  // text | json
};
int cmd_variants(const variants_options& o);  // cli/src/run/variants.cpp

struct run_options {
  std::vector<std::string> variants;  // empty = every available one
  std::vector<std::string> probes;    // empty = every probe each variant has
  std::string json_path;              // "" = no report file
  std::string html_path;              // "" = no HTML page
  std::string ktap_path;              // "" = no KTAP document (docs/kernel-ci.md)
  unsigned timeout_ms = 10000;        // per probe
  unsigned jobs = 0;                  // 0 = number of CPUs
  std::vector<std::string> enosys;    // --enosys [ABI:]CALL: answered ENOSYS (seccomp)
};
int cmd_run(const run_options& o);  // cli/src/run/run.cpp

struct diff_options;  // sysabi/host/diff.hpp
// 0 compatible, 1 incompatible, 2 (usage_error) unusable input.
int cmd_diff(const diff_options& o);  // cli/src/report/diff_render.cpp

struct layout_query;  // sysabi/host/layout.hpp
int cmd_layout(const layout_query& q);

struct trace_query;  // sysabi/host/trace.hpp
int cmd_trace(const trace_query& q);

struct vm_options;  // sysabi/host/vm.hpp
int cmd_vm(const vm_options& o);

struct abi_options;  // sysabi/host/abi.hpp
int cmd_abi(const abi_options& o);

struct syscalls_options;  // sysabi/host/syscalls.hpp
int cmd_syscalls(const syscalls_options& o);

struct asm_options;  // sysabi/host/asm.hpp
int cmd_asm(const asm_options& o);

}  // namespace sysabi::host
