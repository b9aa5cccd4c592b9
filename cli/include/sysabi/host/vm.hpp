// sysabi/host/vm.hpp - `sysabi vm`: the probes on another kernel, booted
// under qemu-system (TCG) from an initramfs whose /init is sysabi-vm-init
// (abi_checks/vm_init.cpp), with the variants that kernel can run beside it.
// The code is in cli/src/vm/ (vm_command.cpp composes the steps).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sysabi::host {

struct vm_options {
  std::string kernel;          // a vmlinuz; "" with debian = Debian 12's kernel
  bool debian = false;
  std::string debian_flavour;  // "" = the arch's default (cloud-amd64, cloud-arm64, 686-pae, armmp)
  std::string debian_release;  // "" = the system's apt sources; else e.g. bookworm-backports
  std::string arch;            // x86_64 | aarch64 | i386 | armhf; "" = this machine's
  std::string json_path;       // the report
  unsigned timeout_s = 120;    // the whole boot, run and power-off
  std::string cache_dir;       // where --debian keeps kernels ("" = <build>/vm-cache)
  std::string console_path;    // keep the serial console's text here
  std::optional<std::string> append;  // more kernel command line
  std::string cpu;             // qemu's -cpu ("" = the arch's default)
  unsigned smp = 1;            // virtual CPUs
  unsigned memory_mb = 1024;   // guest RAM
};
int cmd_vm(const vm_options& o);

// One file or directory of an initramfs.
struct cpio_entry {
  std::string name;     // relative: "init", "variants/x/sysabi-probe"
  std::uint32_t mode;   // with the type bits: 040755 directory, 0100755 file,
                        // 020600 character device
  std::string data;
  std::uint32_t rdev_major = 0, rdev_minor = 0;  // a device node's number
};
// A "newc" cpio archive (what the kernel unpacks as initramfs), trailer included.
std::string newc_archive(const std::vector<cpio_entry>& entries);

}  // namespace sysabi::host
