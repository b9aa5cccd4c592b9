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
  std::string ktap_path;       // the report as KTAP (docs/kernel-ci.md)
  unsigned timeout_s = 120;    // the whole boot, run and power-off
  std::string cache_dir;       // where --debian keeps kernels ("" = <build>/vm-cache)
  std::string console_path;    // keep the serial console's text here
  std::optional<std::string> append;  // more kernel command line
  std::string cpu;             // qemu's -cpu ("" = the arch's default)
  unsigned smp = 1;            // virtual CPUs
  unsigned memory_mb = 1024;   // guest RAM
  bool print_kernel = false;   // with --debian: fetch and verify the kernel, print its path, boot nothing
};
int cmd_vm(const vm_options& o);

// `sysabi vm` over several kernels (cli/src/vm/vm_matrix.cpp): each one a
// `sysabi vm` of its own (a child process), at most `jobs` at a time, its
// report (and KTAP) in json_dir as <name>.json (.ktap, .console), then one
// summary table; the exit status is the worst of theirs (2 > 1 > 0).
struct vm_kernel {
  std::string kernel;  // a vmlinuz
  std::string arch;    // "" = `base`'s
  std::optional<std::string> append;
  std::string name;    // the reports' file name stem: kernel-N or from --kernels
};
struct vm_matrix_options {
  vm_options base;  // every option but the kernel, arch and append
  std::vector<vm_kernel> kernels;
  unsigned jobs = 1;
  std::string json_dir;  // "" = no reports kept
};
int cmd_vm_matrix(const vm_matrix_options& o);
// Reads a --kernels file: one kernel a line, `VMLINUZ [ARCH [CMDLINE...]]`
// ('-' for the default arch), '#' comments and empty lines passed over.
std::vector<vm_kernel> read_kernel_list(const std::string& path);

// `sysabi initramfs` (cli/src/vm/initramfs.cpp): `sysabi vm`'s initramfs
// written alone, for runners that boot it themselves.
struct initramfs_options {
  std::string output;                 // -o FILE
  std::string arch;                   // "" = this machine's
  std::vector<std::string> variants;  // "" = every one the arch's kernel may run
  bool ktap_console = false;          // --format ktap: /init prints KTAP
};
int cmd_initramfs(const initramfs_options& o);

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
