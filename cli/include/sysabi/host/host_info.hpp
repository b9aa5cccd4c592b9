// sysabi/host/host_info.hpp - what the report says about the machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sysabi::host {

// A qemu-system guest's machine: -M, -cpu, -smp, -m.
struct qemu_guest {
  std::string machine;  // "pc", "virt"
  std::string cpu;      // "max", "max,-pku", "cortex-a15"
  unsigned smp = 1;
  unsigned memory_mb = 0;
};

struct host_info {
  std::string kernel_release;  // uname -r
  std::string kernel_version;  // uname -v
  std::string machine;         // uname -m
  // CPU features that matter to the checks, in a fixed order, e.g.
  // {"pku", true}: x86 (pku ospke nx smap smep umip la57 shstk ibt avx512f)
  // or arm64 (bti mte paca pacg sve) flags from /proc/cpuinfo.
  std::vector<std::pair<std::string, bool>> cpu_features;
  // The emulator the whole run is under (a `sysabi vm` guest), or none.
  std::optional<std::string> emulator;
  // The kernel's command line as the probes' side read it (/proc/cmdline),
  // and the CPU's "model name" from /proc/cpuinfo (arm64 has none).
  std::optional<std::string> kernel_cmdline;
  std::optional<std::string> cpu_model;
  // `sysabi run --enosys`: the calls a seccomp filter answered with ENOSYS
  // for the whole run, "x86_64:getpriority,i386:oldolduname"; nullopt: none.
  std::optional<std::string> seccomp_enosys;
  // The machine a `sysabi vm` guest ran on, as qemu was told.
  std::optional<qemu_guest> qemu;
};

// The running machine.
host_info current_host();

// The features of interest from /proc/cpuinfo's text, for `machine`.
std::vector<std::pair<std::string, bool>> cpu_features_from_cpuinfo(std::string_view cpuinfo,
                                                                    std::string_view machine);

// The first "model name" of /proc/cpuinfo's text (a whole file or one
// line), e.g. "Intel(R) Xeon(R) ...", or nullopt.
std::optional<std::string> cpu_model_from_cpuinfo(std::string_view cpuinfo);

}  // namespace sysabi::host
