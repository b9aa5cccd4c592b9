// cli/commands/vm.cpp - `sysabi vm (--kernel VMLINUZ | --debian) [--arch A]
// [--json FILE] [--timeout S]`.
#include "sysabi/host/vm.hpp"

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_vm_command(CLI::App& app) {
  auto o = std::make_shared<vm_options>();
  auto* sub = app.add_subcommand(
      "vm", "Boot another kernel under qemu-system (TCG) and run every variant it can run on it");
  sub->add_option("--kernel", o->kernel, "The kernel to boot (a vmlinuz)")->type_name("VMLINUZ");
  sub->add_flag("--debian", o->debian,
                "Boot Debian 12's current cloud kernel (fetched with apt-get download, cached)");
  sub->add_option("--arch", o->arch, "x86_64 or aarch64 (default: this machine's)")
      ->type_name("ARCH");
  sub->add_option("--json", o->json_path, "Write the report to FILE (atomically)")
      ->type_name("FILE");
  sub->add_option("--timeout", o->timeout_s, "Seconds for boot, run and power-off (default 120)")
      ->type_name("S");
  sub->add_option("--cache", o->cache_dir, "Where --debian keeps kernels (default build/vm-cache)")
      ->type_name("DIR");
  sub->add_option("--console", o->console_path, "Keep the VM's serial console output in FILE")
      ->type_name("FILE");
  return [sub, o] { return *sub ? cmd_vm(*o) : -1; };
}

}  // namespace sysabi::host
