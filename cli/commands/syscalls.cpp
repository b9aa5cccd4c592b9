// cli/commands/syscalls.cpp - `sysabi syscalls [--arch A]... [NAME...] [--running]
// [--format text|json|markdown]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"
#include "sysabi/host/syscalls.hpp"

namespace sysabi::host {

action add_syscalls_command(CLI::App& app) {
  auto o = std::make_shared<syscalls_options>();
  auto* sub = app.add_subcommand(
      "syscalls", "Show system-call numbers per arch, from each arch's uapi <asm/unistd.h>");
  sub->add_option("name", o->names, "System calls to show (default: all)")->type_name("NAME");
  sub->add_option("--arch", o->arches, "An arch to show (repeatable; default: every built one)")
      ->allow_extra_args(false)  // --arch A NAME: NAME is not a second arch
      ->type_name("ARCH");
  sub->add_flag("--running", o->running,
                "Also ask this kernel about the numbers past the headers' last one (each called "
                "with bogus arguments in a forked child)");
  sub->add_option("--format", o->format, "Output: text (default), json or markdown")
      ->type_name("text|json|markdown");
  return [sub, o] { return *sub ? cmd_syscalls(*o) : -1; };
}

}  // namespace sysabi::host
