// cli/commands/layout.cpp - `sysabi layout STRUCT [--arch A]... [--source S,...]
// [--format table|json|svg]`.
#include "sysabi/host/layout.hpp"

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_layout_command(CLI::App& app) {
  auto o = std::make_shared<layout_query>();
  auto* sub = app.add_subcommand(
      "layout", "Show a struct's layout side by side in glibc, musl, the kernel's uapi and sysabi");
  sub->add_option("struct", o->structure, "The struct: stat, statx, sigaction, ...")
      ->required()
      ->type_name("STRUCT");
  sub->add_option("--arch", o->arches, "An arch to show (repeatable; default: this machine's)")
      ->type_name("ARCH");
  sub->add_option("--source", o->sources,
                  "Sources to show, comma-separated (default: all): glibc, musl, kernel, raw, "
                  "and on 32-bit arches glibc-lfs, glibc-time64")
      ->delimiter(',')
      ->type_name("S,...");
  sub->add_option("--format", o->format, "Output: table (default), json or svg")
      ->type_name("table|json|svg");
  return [sub, o] { return *sub ? cmd_layout(*o) : -1; };
}

}  // namespace sysabi::host
