// sysabi/host/subcommand.hpp - how a `sysabi` subcommand plugs into main.cpp.
//
// Each subcommand lives in cli/commands/<name>.cpp and defines one function
//
//   sysabi::host::action add_<name>_command(CLI::App& app);
//
// that adds its CLI11 subcommand (options bound to state the returned action
// captures) and returns the action to run when the user chose it.  main.cpp
// lists those functions, one line each, and does the rest: parsing, the
// one-line usage errors, exit status 2 for usage_error.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace sysabi::host {

// Runs the chosen subcommand; returns the process's exit status.
using action = std::function<int()>;

}  // namespace sysabi::host
