// cli/main.cpp - `sysabi`: argument parsing; the work is in sysabi_host.
//
//   sysabi variants [--format text|json]
//   sysabi run [--variant V]... [--probe P]... [--json FILE] [--timeout-ms N] [-j N]
//
// Exit status: 0 nothing failed, 1 a fact failed, 2 bad usage or input (one
// line on stderr).  --help and --version exit 0.
#include <cctype>
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/fact.hpp"

namespace {

int bad_usage(std::string what, const std::string& hint) {
  if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  for (auto& c : what)
    if (c == '\n') c = ' ';
  std::fprintf(stderr, "sysabi: %s (see %s --help)\n", what.c_str(), hint.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sysabi::host;

  CLI::App app{"sysabi - a conformance suite for the Linux userspace ABI.\n\n"
               "Runs libc-free and libc-linked probe programs (one per link variant) on\n"
               "this kernel and reports what they observed as named facts.",
               "sysabi"};
  app.set_version_flag("--version", std::string("sysabi ") + version(),
                       "Print sysabi's version and exit");
  app.require_subcommand(1);
  app.footer("Exit status: 0 nothing failed, 1 a fact failed, 2 bad usage or input.\n"
             "Report format: docs/report.md.  SYSABI_LIBEXEC overrides where the probes are.");

  variants_options vo;
  auto* variants = app.add_subcommand(
      "variants", "List every link variant and whether it can run here (or why not)");
  variants->add_option("--format", vo.format, "Output format: text or json")
      ->type_name("text|json");

  run_options ro;
  auto* run = app.add_subcommand(
      "run", "Run the probes of every available variant and report the facts");
  run->add_option("--variant", ro.variants,
                  "Run only this variant (repeatable, or comma-separated; see `sysabi variants`)")
      ->delimiter(',')
      ->type_name("V");
  run->add_option("--probe", ro.probes,
                  "Run only this probe (repeatable, or comma-separated; `sysabi-probe --list`)")
      ->delimiter(',')
      ->type_name("P");
  run->add_option("--json", ro.json_path, "Write the report (JSON, docs/report.md) to FILE")
      ->type_name("FILE");
  run->add_option("--timeout-ms", ro.timeout_ms,
                  "Time limit per probe in milliseconds; a variant's whole run gets "
                  "(probes + 1) times this (default 10000)")
      ->check(CLI::Range(1u, 3600000u))
      ->type_name("N");
  run->add_option("-j,--jobs", ro.jobs, "Variants run at the same time (default: number of CPUs)")
      ->check(CLI::Range(1u, 4096u))
      ->type_name("N");

  std::string hint = "sysabi";
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RequiredError& e) {
    if (app.get_subcommands().empty()) {
      if (argc > 1 && argv[1][0] == '-')
        return bad_usage(std::string("unknown option '") + argv[1] + "'", hint);
      if (argc > 1)
        return bad_usage(
            std::string("unknown subcommand '") + argv[1] + "' (known: variants, run)", hint);
      return bad_usage("a subcommand is required: variants or run", hint);
    }
    return bad_usage(e.what(), hint);
  } catch (const CLI::ExtrasError& e) {
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-')
      return bad_usage(std::string("unknown subcommand '") + argv[1] + "' (known: variants, run)",
                       hint);
    if (!app.get_subcommands().empty()) hint += " " + app.get_subcommands().front()->get_name();
    return bad_usage(e.what(), hint);
  } catch (const CLI::ParseError& e) {
    if (!app.get_subcommands().empty()) hint += " " + app.get_subcommands().front()->get_name();
    return bad_usage(e.what(), hint);
  }

  try {
    if (*variants) return cmd_variants(vo);
    if (*run) return cmd_run(ro);
  } catch (const usage_error& e) {
    std::fprintf(stderr, "sysabi: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sysabi: %s\n", e.what());
    return 2;
  }
  return 2;
}
