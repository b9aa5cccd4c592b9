// sysabi/host/vm_console.hpp - the protocol sysabi-vm-init (abi_checks/vm_init.cpp)
// speaks on the VM's serial console, and the parser that reads it back.
//
// Every line of /init's own starts with the marker, then one word:
//
//   @@sysabi-vm uname <release>|<version>|<machine>
//   @@sysabi-vm cpuinfo <the flags/Features line of /proc/cpuinfo>
//   @@sysabi-vm cpumodel <the "model name" line of /proc/cpuinfo>
//   @@sysabi-vm cmdline <the guest's /proc/cmdline>
//   @@sysabi-vm begin <variant>
//   ...the probe's JSON lines...
//   @@sysabi-vm refused <variant> <errno>      (execve failed: the kernel will not run it)
//   @@sysabi-vm end <variant> <wait status>
//   @@sysabi-vm done
//
// Everything else is the kernel's (or the firmware's).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sysabi/host/probe_output.hpp"

namespace sysabi::host::vm_console {

inline constexpr std::string_view marker = "@@sysabi-vm ";
inline constexpr std::string_view word_uname = "uname";
inline constexpr std::string_view word_cpuinfo = "cpuinfo";
inline constexpr std::string_view word_cpumodel = "cpumodel";
inline constexpr std::string_view word_cmdline = "cmdline";
inline constexpr std::string_view word_begin = "begin";
inline constexpr std::string_view word_refused = "refused";
inline constexpr std::string_view word_end = "end";
inline constexpr std::string_view word_done = "done";
inline constexpr char uname_separator = '|';  // between release, version and machine
inline constexpr std::string_view kernel_panic = "Kernel panic";

// What the console said.
struct transcript {
  std::optional<std::string> kernel_release, kernel_version, machine;  // "uname"
  std::string cpu_flags_line;   // "cpuinfo": e.g. "flags\t\t: fpu vme ..."
  std::optional<std::string> cpu_model_line;  // "cpumodel": "model name\t: ..."
  std::optional<std::string> cmdline;          // "cmdline"
  std::map<std::string, probe_output> outputs;  // variant -> its probe output
  std::map<std::string, int> wait_statuses;     // variant -> wait status ("end")
  std::map<std::string, int> refused;           // variant -> execve's errno ("refused")
  bool init_spoke = false;  // any marked line: /init ran
  bool done = false;        // "done": /init finished
  std::string panic_line;   // the first "Kernel panic" line, or ""
  std::string last_kernel_line;  // the last non-empty unmarked line
};

// Reads the console line by line.  Lines without a status, a variant or a
// well-formed uname are ignored, never guessed at: a variant with no "end"
// is one that did not finish.
class parser {
 public:
  void line(std::string_view text);
  transcript finish();

 private:
  void marked(std::string_view rest);
  void open(std::string_view variant);
  void close_current();

  transcript t_;
  std::string current_;  // the variant whose output is being read, or ""
  std::map<std::string, std::unique_ptr<probe_output_parser>> parsers_;
};

// The whole console text at once (lines end in "\n" or "\r\n").
transcript parse(std::string_view text);

}  // namespace sysabi::host::vm_console
