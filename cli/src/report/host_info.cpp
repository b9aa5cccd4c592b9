// cli/src/host_info.cpp - kernel and CPU facts about the host, for the
// report's "host" object: uname, /proc/cpuinfo's flags and model name,
// /proc/cmdline.
#include "sysabi/host/host_info.hpp"

#include <sys/utsname.h>

#include <fstream>
#include <set>
#include <sstream>

namespace sysabi::host {

namespace {

struct cpu_feature {
  const char* name;        // as the report names it
  const char* flags[2];    // any of these /proc/cpuinfo flags
};

// x86: protection keys (pku: the CPU has them; ospke: the kernel enabled
// them) decide whether PROT_WRITE-only/PROT_EXEC-only pages are readable;
// nx decides PROT_EXEC faults; the rest change what the memory probes can see.
constexpr cpu_feature x86_features[] = {
    {"pku", {"pku", nullptr}},       {"ospke", {"ospke", nullptr}},
    {"nx", {"nx", nullptr}},         {"smap", {"smap", nullptr}},
    {"smep", {"smep", nullptr}},     {"umip", {"umip", nullptr}},
    {"la57", {"la57", nullptr}},     {"shstk", {"shstk", "user_shstk"}},
    {"ibt", {"ibt", nullptr}},       {"avx512f", {"avx512f", nullptr}},
};
constexpr cpu_feature arm64_features[] = {
    {"bti", {"bti", nullptr}},   {"mte", {"mte", nullptr}}, {"paca", {"paca", nullptr}},
    {"pacg", {"pacg", nullptr}}, {"sve", {"sve", nullptr}},
};

// The value of the first line of `text` whose key (before the colon,
// blanks trimmed) is `key`.
std::optional<std::string> first_value(std::string_view text, std::string_view key) {
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    if (name != key) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
    return value;
  }
  return std::nullopt;
}

std::set<std::string> flag_set(std::string_view cpuinfo, std::string_view key) {
  std::set<std::string> out;
  std::istringstream in{std::string(cpuinfo)};
  std::string line;
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    if (name != key) continue;
    std::istringstream words(line.substr(colon + 1));
    std::string w;
    while (words >> w) out.insert(w);
    break;  // the first CPU speaks for all
  }
  return out;
}

template <std::size_t N>
std::vector<std::pair<std::string, bool>> pick(const cpu_feature (&table)[N],
                                               const std::set<std::string>& flags) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& f : table) {
    bool has = false;
    for (const char* flag : f.flags)
      if (flag && flags.count(flag)) has = true;
    out.emplace_back(f.name, has);
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, bool>> cpu_features_from_cpuinfo(std::string_view cpuinfo,
                                                                    std::string_view machine) {
  if (machine == "x86_64" || machine == "i686" || machine == "i386")
    return pick(x86_features, flag_set(cpuinfo, "flags"));
  if (machine == "aarch64") return pick(arm64_features, flag_set(cpuinfo, "Features"));
  return {};
}

std::optional<std::string> cpu_model_from_cpuinfo(std::string_view cpuinfo) {
  return first_value(cpuinfo, "model name");
}

host_info current_host() {
  host_info h;
  struct utsname u {};
  if (::uname(&u) == 0) {
    h.kernel_release = u.release;
    h.kernel_version = u.version;
    h.machine = u.machine;
  }
  std::ifstream in("/proc/cpuinfo");
  std::stringstream ss;
  ss << in.rdbuf();
  h.cpu_features = cpu_features_from_cpuinfo(ss.str(), h.machine);
  h.cpu_model = cpu_model_from_cpuinfo(ss.str());
  std::ifstream cmdline("/proc/cmdline");
  if (std::string line; cmdline && std::getline(cmdline, line)) h.kernel_cmdline = line;
  return h;
}

}  // namespace sysabi::host
