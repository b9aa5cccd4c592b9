// cli/commands/trace.cpp - `sysabi trace OP [--variant V]... [--whole]
// [--enosys CALL,...] [--format text|json|names]`.
#include "sysabi/host/trace.hpp"

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_trace_command(CLI::App& app) {
  auto o = std::make_shared<trace_query>();
  auto* sub = app.add_subcommand(
      "trace", "Show the system calls each variant issues for one operation, side by side");
  sub->add_option("operation", o->op, "startup, stat, fstat, lstat, print or exit")
      ->required()
      ->type_name("OP");
  sub->add_option("--variant", o->variants,
                  "A variant to trace (repeatable; default: every one that runs natively)")
      ->type_name("V");
  sub->add_flag("--whole", o->whole, "The whole run from execve to exit, not just the operation");
  sub->add_option("--enosys", o->enosys,
                  "Fake an old kernel: these system calls fail with ENOSYS (seccomp)")
      ->delimiter(',')
      ->type_name("CALL,...");
  sub->add_option("--format", o->format, "Output: text (default), json, or names (one variant)")
      ->type_name("text|json|names");
  return [sub, o] { return *sub ? cmd_trace(*o) : -1; };
}

}  // namespace sysabi::host
