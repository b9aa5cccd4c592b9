// cli/src/run/manifest.cpp - finding and reading libexec/sysabi/variants.json,
// and deciding whether each variant can run here.
#include "sysabi/host/manifest.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sysabi/host/completion.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/process.hpp"

#ifndef SYSABI_BIN_TO_LIBEXEC
#define SYSABI_BIN_TO_LIBEXEC "../libexec/sysabi"
#endif

namespace sysabi::host {

namespace fs = std::filesystem;

const variant_entry* manifest::find(std::string_view name) const {
  for (const auto& v : variants)
    if (v.name == name) return &v;
  return nullptr;
}

std::string manifest::names() const {
  std::string out;
  for (const auto& v : variants) {
    if (!out.empty()) out += ", ";
    out += v.name;
  }
  return out;
}

fs::path find_libexec_dir() {
  if (const char* env = std::getenv("SYSABI_LIBEXEC"); env && *env) return fs::path(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw usage_error(fmt::format("cannot find myself (/proc/self/exe): {}", ec.message()));
  fs::path bindir = exe.parent_path();
  fs::path installed = (bindir / SYSABI_BIN_TO_LIBEXEC).lexically_normal();
  if (fs::exists(installed / "variants.json")) return installed;
  fs::path build_tree = (bindir / "../libexec/sysabi").lexically_normal();
  if (fs::exists(build_tree / "variants.json")) return build_tree;
  return installed;
}

namespace {

std::string get_string(const json& j, const char* key, bool required, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) {
    if (required) throw usage_error(fmt::format("{}: missing \"{}\"", where, key));
    return {};
  }
  if (!j[key].is_string()) throw usage_error(fmt::format("{}: \"{}\" is not a string", where, key));
  return j[key].get<std::string>();
}

}  // namespace

manifest parse_manifest(const std::string& text, const fs::path& dir) {
  std::string where = (dir / "variants.json").string();
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw usage_error(fmt::format("{}: not a JSON object", where));
  manifest m;
  m.dir = dir;
  m.sysabi_version = get_string(j, "sysabi_version", false, where);
  m.host_arch = get_string(j, "host_arch", false, where);
  if (!j.contains("variants") || !j["variants"].is_array())
    throw usage_error(fmt::format("{}: no \"variants\" array", where));
  for (const auto& e : j["variants"]) {
    if (!e.is_object()) throw usage_error(fmt::format("{}: a variant is not an object", where));
    variant_entry v;
    v.name = get_string(e, "name", true, where);
    std::string w = fmt::format("{}: variant {}", where, v.name);
    v.arch = get_string(e, "arch", true, w);
    v.libc = get_string(e, "libc", true, w);
    v.linkage = get_string(e, "linkage", true, w);
    if (!e.contains("built") || !e["built"].is_boolean())
      throw usage_error(fmt::format("{}: \"built\" is not a boolean", w));
    v.built = e["built"];
    v.probe = get_string(e, "probe", v.built, w);
    v.runner = get_string(e, "runner", true, w);
    v.fallback_runner = get_string(e, "fallback_runner", false, w);
    v.ld_prefix = get_string(e, "ld_prefix", false, w);
    v.reason = get_string(e, "reason", false, w);
    v.package = get_string(e, "package", false, w);
    m.variants.push_back(std::move(v));
  }
  return m;
}

manifest load_manifest(const fs::path& dir) {
  fs::path file = dir / "variants.json";
  std::ifstream in(file);
  if (!in)
    throw usage_error(fmt::format("cannot read {}: {} (build sysabi first, or set SYSABI_LIBEXEC)",
                                  file.string(), std::strerror(errno)));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_manifest(ss.str(), dir);
}

std::optional<fs::path> find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) == 0) return fs::path(program);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    auto colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / program;
    std::error_code ec;
    if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate, ec))
      return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

namespace {

// Fills `a` for running `probe` with `runner`; false if the runner is missing.
bool use_runner(availability& a, const std::string& runner, const fs::path& probe) {
  a.runner = runner;
  a.command.clear();
  if (runner == "native") {
    a.command = {probe.string()};
    return true;
  }
  auto emulator = find_on_path(runner);
  if (!emulator) {
    a.reason = fmt::format("{} not found on PATH", runner);
    a.package = qemu_package;
    return false;
  }
  a.command = {emulator->string(), probe.string()};
  return true;
}

}  // namespace

availability check_availability(const manifest& m, const variant_entry& v) {
  availability a;
  if (!v.built) {
    a.reason = v.reason.empty() ? "not built" : v.reason;
    a.package = v.package;
    return a;
  }
  fs::path probe = m.dir / v.probe;
  if (::access(probe.c_str(), X_OK) != 0) {
    a.reason = fmt::format("probe {} is missing ({}); build it with cmake --build", probe.string(),
                           std::strerror(errno));
    return a;
  }
  if (v.runner == "-") {  // x32 away from an x86_64 kernel: nothing runs it
    a.reason = fmt::format("no qemu-user emulates {}, and it runs only on an x86_64 kernel "
                           "(this one is {})", v.arch, m.host_arch);
    return a;
  }
  if (!use_runner(a, v.runner, probe)) return a;
  if (v.arch == "x32") {
    // The kernel is asked twice: an x32 system call from here, and an
    // execve of the probe runner (exec_format.<variant>, as for i386).
    std::optional<std::string> refused = x32_syscalls_refused();
    auto tried = run_capture({probe.string(), "--list"}, 10000);
    a.exec_tried = fmt::format("execve({} --list) on this kernel ({})", probe.string(), m.host_arch);
    const bool exec_refused = tried.end.how == process_end::kind::spawn_failed;
    a.exec_format = exec_refused ? errno_name(tried.end.code) : "kernel";
    if (exec_refused) {
      std::string why = fmt::format("execve says {}", a.exec_format);
      if (tried.end.code == ENOEXEC && !refused)
        why += ": the kernel does not load x32 ELF files (built without CONFIG_X86_X32_ABI)";
      refused = refused ? *refused + "; " + why : why;
    }
    if (refused) {
      a.reason = *refused;
      return a;
    }
  }
  if (!v.ld_prefix.empty()) {
    // qemu-user finds the loader the binary names, and everything that
    // loader opens, under this prefix; helpers inherit it.
    if (!std::filesystem::is_directory(v.ld_prefix)) {
      a.reason = fmt::format("its loader's directory {} is missing", v.ld_prefix);
      a.package = v.package;
      return a;
    }
    a.env.push_back("QEMU_LD_PREFIX=" + v.ld_prefix);
  }
  if (v.runner == "native" && !v.fallback_runner.empty()) {
    // i386 on x86_64: runs natively unless the kernel lacks IA32 emulation
    // (arm on aarch64: unless the CPU or kernel lacks AArch32).
    auto tried = run_capture({probe.string(), "--list"}, 10000);
    a.exec_tried = fmt::format("execve({} --list) on this kernel ({})", probe.string(), m.host_arch);
    const bool refused = tried.end.how == process_end::kind::spawn_failed;
    a.exec_format = refused ? errno_name(tried.end.code) : "kernel";
    if (refused) {
      std::string why = describe(tried.end, 0);
      if (!use_runner(a, v.fallback_runner, probe)) {
        a.reason = fmt::format("native: {}; {}", why, a.reason);
        return a;
      }
    }
  }
  a.available = true;
  return a;
}

}  // namespace sysabi::host
