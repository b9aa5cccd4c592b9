// cli/commands/diff.cpp - `sysabi diff BASE NEW [--format text|json|junit] [-o FILE]
// [--html FILE]`, `sysabi diff --rules`.
#include "sysabi/host/commands.hpp"
#include "sysabi/host/diff.hpp"

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_diff_command(CLI::App& app) {
  auto o = std::make_shared<diff_options>();
  auto* sub = app.add_subcommand(
      "diff", "Compare two reports (BASE, then NEW): exit 0 if NEW is compatible, 1 if not, 3 if the "
      "difference comes from the environment (not comparable); rules: docs/diff-rules.md");
  sub->add_option("base", o->base, "The baseline report")->type_name("BASE");
  sub->add_option("new", o->next, "The report to judge against it")->type_name("NEW");
  sub->add_flag("--rules", o->rules, "Print the rule table (Markdown) and exit");
  sub->add_option("--format", o->format, "Output: text (default), json or junit")
      ->type_name("text|json|junit");
  sub->add_option("-o,--output", o->output, "Write the output to FILE (atomically)")
      ->type_name("FILE");
  sub->add_option("--html", o->html, "Also write the diff as one self-contained HTML page to FILE")
      ->type_name("FILE");
  return [sub, o] { return *sub ? cmd_diff(*o) : -1; };
}

}  // namespace sysabi::host
