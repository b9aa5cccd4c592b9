// sysabi/host/host_info.hpp - what the report says about the machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sysabi::host {

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
};

// The running machine.
host_info current_host();

// The features of interest from /proc/cpuinfo's text, for `machine`.
std::vector<std::pair<std::string, bool>> cpu_features_from_cpuinfo(std::string_view cpuinfo,
                                                                    std::string_view machine);

}  // namespace sysabi::host
