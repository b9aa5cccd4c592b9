// sysabi/host/usage_error.hpp - bad usage or bad input: the one error a
// subcommand reports to the argument handling (cli/main.cpp), which prints
// "sysabi: <what>" on one line and exits 2 (subcommand.hpp).
#pragma once

#include <stdexcept>

namespace sysabi::host {

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sysabi::host
