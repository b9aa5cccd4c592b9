// cli/src/vm/qemu_machine.cpp - the machines `sysabi vm` boots (one row per
// arch), qemu's command line for one, and the boot itself.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "sysabi/host/commands.hpp"
#include "vm_steps.hpp"

namespace sysabi::host::vm {

namespace {

// A 64-bit machine's RAM limit here is a sane ceiling, not qemu's; a 32-bit
// one's is what it addresses: the pc's RAM below 4 GiB (the 686-pae kernel
// could use more, qemu's i386 pc keeps it there), and arm's virt board, whose
// RAM starts at 1 GiB, up to 4 GiB.
constexpr vm_arch arches[] = {
    {"x86_64", "x86_64", "i386", "qemu-system-x86_64", "qemu-system-x86", "pc", "max", "ttyS0",
     32768, "amd64", "cloud-amd64", "x32"},
    {"aarch64", "aarch64", "arm", "qemu-system-aarch64", "qemu-system-arm", "virt", "max",
     "ttyAMA0", 32768, "arm64", "cloud-arm64"},
    {"i386", "i386", "", "qemu-system-i386", "qemu-system-x86", "pc", "max", "ttyS0", 3072, "i386",
     "686-pae"},
    {"armhf", "arm", "", "qemu-system-arm", "qemu-system-arm", "virt", "cortex-a15", "ttyAMA0",
     3072, "armhf", "armmp"},
    // IBM's pseries (sPAPR) board: SLOF firmware loads the kernel, a vmlinux
    // (Debian's ppc64el image ships no vmlinuz); the console is the
    // hypervisor's virtual terminal, hvc0.
    {"ppc64le", "ppc64le", "", "qemu-system-ppc64", "qemu-system-ppc", "pseries", "power9",
     "hvc0", 32768, "ppc64el", "powerpc64le"},
    // s390x: the virtio-ccw machine; the kernel's console is the SCLP line
    // console, which qemu's -nographic puts on stdio.  Debian's flavour is
    // the arch's name: linux-image-<abi>-s390x, /boot/vmlinuz-*.
    {"s390x", "s390x", "", "qemu-system-s390x", "qemu-system-misc", "s390-ccw-virtio", "max",
     "ttysclp0", 32768, "s390x", "s390x"},
    // Malta: Debian's 5kc-malta kernel (MIPS64 R2, little-endian), on a
    // MIPS64R2 CPU with an FPU; the board addresses 2 GiB of RAM.
    {"mips64el", "mips64el", "", "qemu-system-mips64el", "qemu-system-mips", "malta",
     "MIPS64R2-generic", "ttyS0", 2048, "mips64el", "5kc-malta"},
};

// What the kernel's own command line always says: the console, quiet, and
// a panic ends qemu (-no-reboot) instead of hanging.
constexpr std::string_view fixed_cmdline = "quiet loglevel=1 panic=-1";

}  // namespace

const vm_arch& arch_named(std::string_view name) {
  for (const auto& a : arches)
    if (a.name == name) return a;
  // `uname -m` says i686 on a 32-bit x86 host and armv7l on an arm one.
  if (name == "i686") return arches[2];
  if (name.starts_with("armv7")) return arches[3];
  if (name == "sparc64")  // the variants run under qemu-sparc64 instead
    throw usage_error("sparc64: no VM - Debian 12 has no sparc64 kernel (sparc64 is a ports arch), "
                      "so there is nothing to boot; its variants run under qemu-sparc64");
  std::string known;
  for (const auto& a : arches) known += (known.empty() ? "" : ", ") + std::string(a.name);
  throw usage_error(fmt::format("unknown arch '{}' (known: {})", name, known));
}

boot_config boot_config_for(const vm_arch& arch, const vm_options& o) {
  if (o.memory_mb > arch.max_memory_mb)
    throw usage_error(fmt::format("--memory {} is more than a {} guest addresses (at most {})",
                                  o.memory_mb, arch.name, arch.max_memory_mb));
  boot_config b;
  b.arch = &arch;
  b.cpu = o.cpu.empty() ? std::string(arch.default_cpu) : o.cpu;
  b.smp = o.smp;
  b.memory_mb = o.memory_mb;
  b.cmdline = fmt::format("console={} {}", arch.console, fixed_cmdline);
  if (o.append) b.cmdline += " " + *o.append;
  return b;
}

std::vector<std::string> qemu_command(const fs::path& qemu, const boot_config& b,
                                      const fs::path& kernel, const fs::path& initrd) {
  return {qemu.string(),
          "-accel",
          "tcg",
          "-M",
          std::string(b.arch->machine),
          "-cpu",
          b.cpu,
          "-smp",
          std::to_string(b.smp),
          "-m",
          std::to_string(b.memory_mb),
          "-nographic",
          "-no-reboot",
          "-kernel",
          kernel.string(),
          "-initrd",
          initrd.string(),
          "-append",
          b.cmdline};
}

// A guest that resets before /init has said anything (qemu ends with status
// 0 under -no-reboot, and the console holds only the firmware's lines) is
// booted once more, within what is left of the time limit: TCG has been seen
// to do that, rarely, on this kind of machine.
captured boot(const std::vector<std::string>& argv, unsigned timeout_s) {
  const auto started = std::chrono::steady_clock::now();
  captured c = run_capture(argv, timeout_s * 1000);
  if (!c.end.ok() || vm_console::parse(c.out).init_spoke) return c;
  const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  if (spent >= static_cast<long long>(timeout_s) * 1000) return c;
  std::fprintf(stderr, "sysabi: the VM reset before /init printed anything; booting it again\n");
  return run_capture(argv, timeout_s * 1000 - static_cast<unsigned>(spent));
}

}  // namespace sysabi::host::vm
