// cli/commands/vm.cpp - `sysabi vm (--kernel VMLINUZ | --debian [--debian-flavour F])
// [--arch A] [--append ARGS] [--cpu MODEL] [--smp N] [--memory MB] [--json FILE]
// [--timeout S] [--cache DIR] [--console FILE]`.
#include "sysabi/host/vm.hpp"

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_vm_command(CLI::App& app) {
  auto o = std::make_shared<vm_options>();
  auto append = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "vm", "Boot another kernel under qemu-system (TCG) and run every variant it can run on it");
  sub->add_option("--kernel", o->kernel, "The kernel to boot (a vmlinuz)")->type_name("VMLINUZ");
  sub->add_flag("--debian", o->debian,
                "Boot Debian 12's current kernel for the arch (fetched with apt-get download, "
                "cached)");
  sub->add_option("--debian-flavour", o->debian_flavour,
                  "Which Debian kernel: linux-image-FLAVOUR (default cloud-amd64, cloud-arm64, "
                  "686-pae or armmp by arch; e.g. amd64 for the generic one)")
      ->type_name("FLAVOUR");
  sub->add_option("--arch", o->arch, "x86_64, aarch64, i386 or armhf (default: this machine's)")
      ->type_name("ARCH");
  auto* append_opt = sub->add_option("--append", *append, "More kernel command line, e.g. vsyscall=none")
                         ->type_name("ARGS");
  sub->add_option("--cpu", o->cpu, "qemu's CPU model (default max; cortex-a15 for armhf)")
      ->type_name("MODEL");
  sub->add_option("--smp", o->smp, "Virtual CPUs (default 1)")->type_name("N");
  sub->add_option("--memory", o->memory_mb, "Guest RAM in MB (default 1024)")->type_name("MB");
  sub->add_option("--json", o->json_path, "Write the report to FILE (atomically)")
      ->type_name("FILE");
  sub->add_option("--timeout", o->timeout_s, "Seconds for boot, run and power-off (default 120)")
      ->check(CLI::Range(1u, 86400u))  // a day; in ms it still fits an unsigned
      ->type_name("S");
  sub->add_option("--cache", o->cache_dir, "Where --debian keeps kernels (default build/vm-cache)")
      ->type_name("DIR");
  sub->add_option("--console", o->console_path, "Keep the VM's serial console output in FILE")
      ->type_name("FILE");
  return [sub, o, append, append_opt] {
    if (!*sub) return -1;
    if (append_opt->count()) o->append = *append;
    return cmd_vm(*o);
  };
}

}  // namespace sysabi::host
