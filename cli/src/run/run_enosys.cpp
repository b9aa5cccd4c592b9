// cli/src/run/run_enosys.cpp - `sysabi run --enosys [ABI:]CALL[,...]`: a
// seccomp filter that answers the named calls with ENOSYS, one filter per
// ABI (audit arch), installed in sysabi itself before anything is spawned,
// so that every probe runner of the run inherits it - a kernel without those
// calls, as far as the probes can tell.  Built with libseccomp like the
// tracer's "old kernel" filter (cli/src/ptrace/ptrace_tracer.cpp); here each
// filter holds one arch only, and a call of another arch passes untouched.
#include <seccomp.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "run_steps.hpp"

namespace sysabi::host {

namespace {

// The ABI names --enosys takes, with libseccomp's arch token.  x32 is the
// x86_64 audit arch with the x32 bit (0x40000000) in the number: libseccomp
// adds the bit.
const std::map<std::string, std::uint32_t>& abi_arches() {
  static const std::map<std::string, std::uint32_t> m = {
      {"x86_64", SCMP_ARCH_X86_64}, {"i386", SCMP_ARCH_X86},   {"x32", SCMP_ARCH_X32},
      {"aarch64", SCMP_ARCH_AARCH64}, {"arm64", SCMP_ARCH_AARCH64}, {"arm", SCMP_ARCH_ARM},
      {"arm32", SCMP_ARCH_ARM},     {"riscv64", SCMP_ARCH_RISCV64},
      {"ppc64le", SCMP_ARCH_PPC64LE}, {"s390x", SCMP_ARCH_S390X},
      {"mips64el", SCMP_ARCH_MIPSEL64},
  };
  return m;
}

std::string native_abi() {
  const std::uint32_t native = seccomp_arch_native();
  for (const auto& [name, arch] : abi_arches())
    if (arch == native) return name;
  throw usage_error("--enosys: this host's arch is not one libseccomp names");
}

}  // namespace

std::vector<enosys_call> parse_enosys(const std::vector<std::string>& specs) {
  std::vector<enosys_call> out;
  for (const auto& spec : specs) {
    auto colon = spec.find(':');
    enosys_call c;
    c.abi = colon == std::string::npos ? native_abi() : spec.substr(0, colon);
    c.call = colon == std::string::npos ? spec : spec.substr(colon + 1);
    auto arch = abi_arches().find(c.abi);
    // An arch sysabi runs but libseccomp (2.5, Debian 12) has no token for:
    // no filter can name its system calls.
    if (c.abi == "sparc64")
      throw usage_error(fmt::format(
          "--enosys {}: libseccomp has no {} arch, so no seccomp filter can be written for it",
          spec, c.abi));
    if (arch == abi_arches().end())
      throw usage_error(fmt::format(
          "--enosys {}: unknown ABI '{}' (known: x86_64, i386, x32, aarch64, arm, riscv64, "
          "ppc64le, s390x, mips64el)",
          spec,
          c.abi));
    // A name the arch lacks resolves to a negative pseudo number.
    if (c.call.empty() || seccomp_syscall_resolve_name_arch(arch->second, c.call.c_str()) < 0)
      throw usage_error(
          fmt::format("--enosys {}: the {} ABI has no system call '{}'", spec, c.abi, c.call));
    c.arch = arch->second;
    out.push_back(std::move(c));
  }
  return out;
}

std::string describe_enosys(const std::vector<enosys_call>& calls) {
  std::string s;
  for (const auto& c : calls) s += (s.empty() ? "" : ",") + c.abi + ":" + c.call;
  return s;
}

void install_enosys(const std::vector<enosys_call>& calls) {
  std::map<std::uint32_t, std::vector<const enosys_call*>> by_arch;
  for (const auto& c : calls) by_arch[c.arch].push_back(&c);
  for (const auto& [arch, these] : by_arch) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) throw usage_error("--enosys: seccomp_init failed");
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);  // other ABIs pass
    if (rc == 0 && arch != seccomp_arch_native()) {
      rc = seccomp_arch_add(ctx, arch);
      if (rc == 0) rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
    }
    for (const auto* c : these) {
      if (rc != 0) break;
      // The name's pseudo number: libseccomp maps it into this arch's table.
      rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
                            seccomp_syscall_resolve_name(c->call.c_str()), 0);
    }
    if (rc == 0) rc = seccomp_load(ctx);  // sets no_new_privs first
    seccomp_release(ctx);
    if (rc != 0)
      throw usage_error(fmt::format("--enosys: cannot install the seccomp filter: {}",
                                    std::strerror(-rc)));
  }
}

}  // namespace sysabi::host
