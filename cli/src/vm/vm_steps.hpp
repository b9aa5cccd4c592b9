// cli/src/vm/vm_steps.hpp - the steps `sysabi vm` is made of, one file each
// in cli/src/vm/, composed by cmd_vm (vm_command.cpp).  Private to cli/src/vm.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sysabi/host/host_info.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/report.hpp"
#include "sysabi/host/vm.hpp"
#include "sysabi/host/vm_console.hpp"

namespace sysabi::host::vm {

namespace fs = std::filesystem;

// One arch `sysabi vm` boots (qemu_machine.cpp).
struct vm_arch {
  std::string_view name;             // --arch: x86_64, aarch64, i386, armhf, s390x
  std::string_view variant_arch;     // the manifest's arch of its variants
  std::string_view compat_arch;      // another arch whose static variants it may run, or ""
  std::string_view qemu_program, qemu_package;
  std::string_view machine;          // qemu's -M
  std::string_view default_cpu;      // qemu's -cpu unless --cpu
  std::string_view console;          // the kernel's console= device
  unsigned max_memory_mb;            // what the machine can address
  std::string_view debian_arch;      // Debian's name: amd64, arm64, i386, armhf, s390x
  std::string_view debian_flavour;   // linux-image-<flavour> unless --debian-flavour
  std::string_view ilp32_arch = "";  // the arch's ILP32 ABI on this kernel (x32), or "":
                                     // its static variants run if the kernel has it on
};
const vm_arch& arch_named(std::string_view name);  // usage_error if unknown

// How the guest is booted.
struct boot_config {
  const vm_arch* arch = nullptr;
  std::string cpu;
  unsigned smp = 1, memory_mb = 1024;
  std::string cmdline;  // the whole kernel command line passed
};
boot_config boot_config_for(const vm_arch& arch, const vm_options& o);  // validates

// Checks every option; usage_error before anything is fetched or booted.
void validate_options(const vm_options& o);

// Debian 12's current kernel of `flavour` for `arch` (or the one of
// `release`, e.g. bookworm-backports, through a private apt configuration
// in `cache`), fetched with apt-get download (the only network sysabi
// uses) and unpacked into `cache` once (debian_kernel.cpp).
fs::path debian_kernel(const vm_arch& arch, const std::string& flavour,
                       const std::string& release, const fs::path& cache);

// The initramfs, written to a temporary file removed with this object
// (initramfs.cpp).
struct initramfs {
  fs::path path;
  std::vector<const variant_entry*> chosen;   // in the image, in /vm-variants order
  std::map<std::string, std::string> left_out;  // variant -> why not in the image
  initramfs() = default;
  initramfs(const initramfs&) = delete;
  initramfs(initramfs&& o) noexcept;
  ~initramfs();
};
// only: the variants to put in ("" = every one that fits); ktap_console:
// /vm-format says "ktap" (abi_checks/vm_init.cpp's KTAP mode).
initramfs build_initramfs(const manifest& m, const fs::path& libexec, const vm_arch& arch,
                          const std::vector<std::string>& only = {}, bool ktap_console = false);

// qemu's command line, and the boot: once more if the guest reset before
// /init said anything (qemu_machine.cpp).
std::vector<std::string> qemu_command(const fs::path& qemu, const boot_config& b,
                                      const fs::path& kernel, const fs::path& initrd);
captured boot(const std::vector<std::string>& argv, unsigned timeout_s);

// usage_error unless the console shows /init finishing (a panic, a timeout,
// an early end) (vm_report.cpp).
void require_finished(const vm_console::transcript& t, const captured& c, unsigned timeout_s);

// The guest's host section: what its kernel and /init said, and the machine.
host_info guest_host_info(const vm_console::transcript& t, const boot_config& b);

// A variant record and facts per variant of the manifest, as `sysabi run`
// makes them, from what the console said.
report vm_report(const manifest& m, const fs::path& libexec, const boot_config& b,
                 const initramfs& image, vm_console::transcript t, unsigned timeout_s);

}  // namespace sysabi::host::vm
