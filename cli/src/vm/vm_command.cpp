// cli/src/vm/vm_command.cpp - `sysabi vm`: boot a kernel under qemu-system
// with the probes in an initramfs, read their output off the serial console,
// and make a report of it like `sysabi run` does.  cmd_vm is the whole
// command in named steps; each step is in its own file here (vm_steps.hpp).
//
//   qemu        TCG, -nographic (the console is qemu's stdout), -no-reboot and
//               panic=-1 so that a power-off or a panic both end qemu
//   output      lines between "@@sysabi-vm begin V" and "... end V STATUS"
//               are V's probe output; everything else is the kernel's
//               (sysabi/host/vm_console.hpp)
#include <fmt/format.h>
#include <sys/utsname.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/commands.hpp"
#include "sysabi/host/ktap.hpp"
#include "vm_steps.hpp"

namespace sysabi::host {

namespace vm {

namespace {

// A CPU model as qemu names one, with its feature switches: "max",
// "Skylake-Client-v4", "max,-pku", "cortex-a15".
bool plausible_cpu_model(const std::string& s) {
  if (s.empty() || s.size() > 256 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && std::string_view("_.,+=-").find(static_cast<char>(c)) == std::string_view::npos)
      return false;
  return true;
}

bool plausible_flavour(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!std::islower(c) && !std::isdigit(c) && c != '-') return false;
  return true;
}

constexpr unsigned min_memory_mb = 128;  // a Debian kernel and the probes' image fit

}  // namespace

void validate_options(const vm_options& o) {
  if (o.kernel.empty() == !o.debian)
    throw usage_error("name a kernel: --kernel VMLINUZ or --debian (one of them)");
  if (!o.debian_flavour.empty() && !o.debian)
    throw usage_error("--debian-flavour goes with --debian");
  if (o.debian && !o.debian_flavour.empty() && !plausible_flavour(o.debian_flavour))
    throw usage_error(fmt::format("--debian-flavour '{}' cannot be a kernel flavour (like amd64, "
                                  "cloud-amd64, 686-pae, armmp)", o.debian_flavour));
  if (!o.debian_release.empty() && !o.debian)
    throw usage_error("--debian-release goes with --debian");
  if (!o.debian_release.empty() && !plausible_flavour(o.debian_release))
    throw usage_error(fmt::format("--debian-release '{}' cannot be a Debian release (like "
                                  "bookworm or bookworm-backports)", o.debian_release));
  if (o.timeout_s == 0) throw usage_error("--timeout must be at least 1");
  if (!o.cpu.empty() && !plausible_cpu_model(o.cpu))
    throw usage_error(fmt::format("--cpu '{}' cannot be a qemu CPU model (letters, digits and "
                                  "_.,+=- only, like max or max,-pku)", o.cpu));
  if (o.smp == 0 || o.smp > 64) throw usage_error(fmt::format("--smp {} is not 1 to 64", o.smp));
  if (o.memory_mb < min_memory_mb)
    throw usage_error(fmt::format("--memory {} is too small (at least {} MB)", o.memory_mb,
                                  min_memory_mb));
  if (o.append && o.append->find_first_not_of(" \t") == std::string::npos)
    throw usage_error("--append needs kernel parameters (it was empty)");
  if (o.append && o.append->find_first_of("\n\r") != std::string::npos)
    throw usage_error("--append is one line of kernel parameters");
  if (o.print_kernel && !o.debian) throw usage_error("--print-kernel goes with --debian");
  if (o.print_kernel && (!o.json_path.empty() || !o.ktap_path.empty() || !o.console_path.empty()))
    throw usage_error("--print-kernel boots nothing: it writes no --json, --ktap or --console");
}

namespace {

const vm_arch& chosen_arch(const vm_options& o) {
  if (!o.arch.empty()) return arch_named(o.arch);
  struct utsname u {};
  ::uname(&u);
  return arch_named(u.machine);
}

fs::path qemu_for(const vm_arch& arch) {
  auto qemu = find_on_path(std::string(arch.qemu_program));
  if (!qemu)
    throw usage_error(fmt::format("{} not found (install Debian package {})", arch.qemu_program,
                                  arch.qemu_package));
  return *qemu;
}

fs::path find_kernel(const vm_options& o, const vm_arch& arch, const fs::path& libexec) {
  fs::path kernel = o.kernel;
  if (o.debian) {
    fs::path cache = o.cache_dir.empty() ? libexec / ".." / ".." / "vm-cache" : fs::path(o.cache_dir);
    kernel = debian_kernel(arch, o.debian_flavour.empty() ? std::string(arch.debian_flavour)
                                                          : o.debian_flavour,
                           o.debian_release, cache.lexically_normal());
  }
  if (!fs::is_regular_file(kernel))
    throw usage_error(fmt::format("kernel {} is not a file", kernel.string()));
  return kernel;
}

}  // namespace

}  // namespace vm

namespace fs = std::filesystem;

int cmd_vm(const vm_options& o) {
  vm::validate_options(o);
  const vm::vm_arch& arch = vm::chosen_arch(o);
  if (o.print_kernel) {
    // The kernel a boot would use, fetched and checked as for a boot; for
    // scripts that fetch ahead (tests/lit/ktap/lit.local.cfg) or want the
    // image for a qemu of their own.
    fmt::print("{}\n", vm::find_kernel(o, arch, find_libexec_dir()).string());
    return 0;
  }
  const vm::boot_config machine = vm::boot_config_for(arch, o);
  const fs::path qemu = vm::qemu_for(arch);
  const fs::path libexec = find_libexec_dir();
  const manifest m = load_manifest(libexec);
  std::unique_ptr<atomic_file> out;
  if (!o.json_path.empty()) out = std::make_unique<atomic_file>(o.json_path);
  std::unique_ptr<atomic_file> ktap;
  if (!o.ktap_path.empty()) ktap = std::make_unique<atomic_file>(o.ktap_path);
  std::unique_ptr<atomic_file> console_file;
  if (!o.console_path.empty()) console_file = std::make_unique<atomic_file>(o.console_path);
  refuse_same_file({out.get(), ktap.get(), console_file.get()}, {o.kernel});
  check_temp_dir();

  const fs::path kernel = vm::find_kernel(o, arch, libexec);
  vm::initramfs image = vm::build_initramfs(m, libexec, arch);
  std::fprintf(stderr, "sysabi: booting %s under %s (%zu variants)\n", kernel.c_str(),
               std::string(arch.qemu_program).c_str(), image.chosen.size());
  captured console = vm::boot(vm::qemu_command(qemu, machine, kernel, image.path), o.timeout_s);
  throw_if_interrupted();  // qemu was ended by run_jobs; commits check again
  if (console_file) console_file->commit(console.out);

  vm_console::transcript said = vm_console::parse(console.out);
  vm::require_finished(said, console, o.timeout_s);
  report r = vm::vm_report(m, libexec, machine, image, std::move(said), o.timeout_s);
  std::ostream& text = out && out->is_stdout() ? std::cerr : std::cout;  // `--json -`
  text << render_failures(r) << render_summary(r);
  text.flush();
  if (out) out->commit(render_json(r));
  if (ktap) ktap->commit(report_ktap(r).text);
  return exit_code(r);
}

}  // namespace sysabi::host
