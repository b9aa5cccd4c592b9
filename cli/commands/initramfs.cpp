// cli/commands/initramfs.cpp - `sysabi initramfs -o FILE [--arch A]
// [--variant V]... [--format json|ktap]`: the initramfs `sysabi vm` boots,
// written alone for runners that boot their own qemu or board (TuxRun, LAVA;
// docs/kernel-ci.md).
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"
#include "sysabi/host/vm.hpp"

namespace sysabi::host {

action add_initramfs_command(CLI::App& app) {
  auto o = std::make_shared<initramfs_options>();
  auto format = std::make_shared<std::string>("json");
  auto* sub = app.add_subcommand(
      "initramfs", "Write the initramfs `sysabi vm` boots (/init and the probes) to a file");
  sub->add_option("-o,--output", o->output, "The newc cpio archive to write")
      ->type_name("FILE")
      ->required();
  sub->add_option("--arch", o->arch,
                  "x86_64, aarch64, i386, armhf, ppc64le, s390x or mips64el (default: this machine's)")
      ->type_name("ARCH");
  sub->add_option("--variant", o->variants,
                  "Put only this variant in (repeatable, or comma-separated)")
      ->delimiter(',')
      ->type_name("V");
  sub->add_option("--format", *format,
                  "What /init prints on the console: json (sysabi vm's protocol) or ktap "
                  "(KTAP version 1, for engines reading the serial line; also switched on by "
                  "the kernel parameter sysabi.ktap=1)")
      ->check(CLI::IsMember({"json", "ktap"}));
  return [sub, o, format] {
    if (!*sub) return -1;
    o->ktap_console = *format == "ktap";
    return cmd_initramfs(*o);
  };
}

}  // namespace sysabi::host
