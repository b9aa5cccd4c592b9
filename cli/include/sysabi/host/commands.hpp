// sysabi/host/commands.hpp - the subcommands, behind the argument parsing in
// cli/main.cpp.  Each returns the process's exit status; usage_error is
// thrown for bad usage or input (exit 2).
#pragma once

#include <string>
#include <vector>

namespace sysabi::host {

const char* version();

struct variants_options {
  std::string format = "text";  // text | json
};
int cmd_variants(const variants_options& o);

struct run_options {
  std::vector<std::string> variants;  // empty = every available one
  std::vector<std::string> probes;    // empty = every probe each variant has
  std::string json_path;              // "" = no report file
  std::string html_path;              // "" = no HTML page
  unsigned timeout_ms = 10000;        // per probe
  unsigned jobs = 0;                  // 0 = number of CPUs
};
int cmd_run(const run_options& o);

struct layout_query;  // sysabi/host/layout.hpp
int cmd_layout(const layout_query& q);

}  // namespace sysabi::host
