// cli/commands/abi.cpp - `sysabi abi [--arch A]... [--format text|json|markdown] [--check]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/abi.hpp"
#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_abi_command(CLI::App& app) {
  auto o = std::make_shared<abi_options>();
  auto* sub = app.add_subcommand(
      "abi", "Show each arch's system-call convention: trap, registers, clobbers, errors");
  sub->add_option("--arch", o->arches, "An arch to show (repeatable; default: all)")
      ->allow_extra_args(false)  // --arch A NAME: NAME is not a second arch
      ->type_name("ARCH");
  sub->add_option("--format", o->format, "Output: text (default), json or markdown")
      ->type_name("text|json|markdown");
  sub->add_flag("--check", o->check,
                "Compare the table with the raw layer as compiled for each arch (exit 1 if they "
                "disagree)");
  return [sub, o] { return *sub ? cmd_abi(*o) : -1; };
}

}  // namespace sysabi::host
