// cli/commands/variants.cpp - `sysabi variants [--format text|json]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_variants_command(CLI::App& app) {
  auto o = std::make_shared<variants_options>();
  auto* sub = app.add_subcommand(
      "variants", "List every link variant and whether it can run here (or why not)");
  sub->add_option("--format", o->format, "Output format: text or json")->type_name("text|json");
  return [sub, o] { return *sub ? cmd_variants(*o) : -1; };
}

}  // namespace sysabi::host
