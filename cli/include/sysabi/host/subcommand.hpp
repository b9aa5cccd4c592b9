// sysabi/host/subcommand.hpp - how a `sysabi` subcommand plugs into main.cpp.
//
// Each subcommand lives in cli/commands/<name>.cpp and defines one function
//
//   sysabi::host::action add_<name>_command(CLI::App& app);
//
// that adds its CLI11 subcommand (options bound to state the returned action
// captures) and returns the action to run when the user chose it; the work
// itself is a cmd_<name> function (commands.hpp).  main.cpp lists those
// functions, one line each, and does the rest: parsing, the one-line usage
// errors, exit status 2 for usage_error (usage_error.hpp).
//
// Every option and positional argument that takes a value gets one check
// from main.cpp (check_every_value): the value is not empty (an empty value
// is an error, never "not given"), has no control characters (no name or
// path sysabi writes or reads has a newline), and does not start with '-'
// unless it is exactly "-" (so `--probe=--list` cannot pass an option on to
// a probe runner).  Numeric options add their CLI::Range in their command
// file, small enough that no conversion (seconds to ms) can overflow.
#pragma once

#include <functional>

#include "sysabi/host/usage_error.hpp"

namespace CLI {
class App;
}

namespace sysabi::host {

// Runs the chosen subcommand; returns the process's exit status.
using action = std::function<int()>;

action add_variants_command(CLI::App& app);
action add_run_command(CLI::App& app);
action add_diff_command(CLI::App& app);
action add_layout_command(CLI::App& app);
action add_trace_command(CLI::App& app);
action add_vm_command(CLI::App& app);
action add_initramfs_command(CLI::App& app);
action add_abi_command(CLI::App& app);
action add_syscalls_command(CLI::App& app);
action add_asm_command(CLI::App& app);

// Adds the value check above to every value-taking option of `app` and of
// its subcommands.
void check_every_value(CLI::App& app);

}  // namespace sysabi::host
