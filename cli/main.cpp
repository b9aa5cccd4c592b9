// cli/main.cpp - `sysabi`: parsing and dispatch.  Each subcommand's options
// are in cli/commands/<name>.cpp, its work in sysabi_host (cli/src/).
// To add one: write cli/commands/<name>.cpp (see sysabi/host/subcommand.hpp),
// declare its add_<name>_command in sysabi/host/subcommand.hpp and list it
// in `actions`.
//
// Exit status: 0 nothing failed, 1 a fact failed, 2 bad usage or input (one
// line on stderr), or standard output or error could not be written (checked
// once, at exit, for every subcommand: finish()).  --help and --version exit 0.
#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <exception>
#include <string>
#include <vector>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/escape.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/subcommand.hpp"
#include "sysabi/host/usage_error.hpp"

namespace {

// One line, whatever the message holds: newlines become spaces, then any
// other control character from the user's arguments is shown as \xNN.
std::string one_line(std::string what) {
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  for (auto& c : what)
    if (c == '\n') c = ' ';
  return sysabi::host::escape_text(what);
}

int bad_usage(std::string what, const std::string& hint) {
  if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
  std::fprintf(stderr, "sysabi: %s (see %s --help)\n", one_line(what).c_str(), hint.c_str());
  return 2;
}

// Like coreutils' close_stdout: whatever a subcommand printed is flushed and
// checked here, so a full disk or a closed pipe behind stdout (`> /dev/full`)
// is exit 2 with one line, never a silent truncation.  A failure on stderr
// has nowhere to be told, but is exit 2 as well.
int finish(int status) {
  std::cout.flush();
  bool failed = std::cout.bad();
  int err = 0;
  errno = 0;
  if (std::fflush(stdout) != 0) {
    failed = true;
    err = errno;
  }
  if (std::ferror(stdout)) failed = true;
  errno = 0;
  if (std::fclose(stdout) != 0 && !(errno == EBADF && !failed)) {
    failed = true;
    if (!err) err = errno;
  }
  if (failed) {
    if (err)
      std::fprintf(stderr, "sysabi: cannot write standard output: %s\n", std::strerror(err));
    else
      std::fprintf(stderr, "sysabi: cannot write standard output\n");
    status = 2;
  }
  if (std::fflush(stderr) != 0 || std::ferror(stderr)) status = 2;
  return status;
}

int run_main(int argc, char** argv);

}  // namespace

namespace sysabi::host {

void check_every_value(CLI::App& app) {
  static const CLI::Validator sane_value(
      [](std::string& v) -> std::string {
        if (v.empty()) return "an empty value is not allowed";
        for (unsigned char c : v)
          if (c < 0x20 || c == 0x7f)
            return "'" + escape_text(v) + "' has a control character";
        if (v[0] == '-' && v != "-") return "'" + escape_text(v) + "' is not a value (it starts with '-')";
        return "";
      },
      "", "sane value");
  for (CLI::Option* opt : app.get_options())
    if (opt->get_type_size_max() > 0) opt->check(sane_value);
  for (CLI::App* sub : app.get_subcommands({})) check_every_value(*sub);
}

}  // namespace sysabi::host

namespace {

// CLI11 drops the empty pieces of a comma-separated list (`--variant a,,b`,
// `--probe=,x`), so they never reach the value check: find them in argv.
// Returns the option whose list has one, or "".
std::string empty_list_piece(CLI::App& app, int argc, char** argv) {
  std::vector<std::pair<std::string, char>> lists;  // "--variant", ','
  std::vector<CLI::App*> apps{&app};
  for (CLI::App* sub : app.get_subcommands({})) apps.push_back(sub);
  for (CLI::App* a : apps)
    for (CLI::Option* opt : a->get_options())
      if (opt->get_delimiter() != '\0') {
        for (const auto& n : opt->get_lnames()) lists.emplace_back("--" + n, opt->get_delimiter());
        for (const auto& n : opt->get_snames()) lists.emplace_back("-" + n, opt->get_delimiter());
      }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    for (const auto& [name, delim] : lists) {
      std::string value;
      if (arg == name && i + 1 < argc)
        value = argv[i + 1];
      else if (arg.rfind(name + "=", 0) == 0)
        value = arg.substr(name.size() + 1);
      else
        continue;
      const std::string twice(2, delim);
      if (!value.empty() && (value.front() == delim || value.back() == delim ||
                             value.find(twice) != std::string::npos))
        return name;
    }
  }
  return "";
}

}  // namespace

namespace sysabi::host {

}  // namespace sysabi::host

int main(int argc, char** argv) { return finish(run_main(argc, argv)); }

namespace {

// Parses the command line; returns -1 when it parsed, else the exit status
// (help, version, or one line about bad usage).
int parse_args(CLI::App& app, int argc, char** argv) {
  std::string known;
  for (const auto* sub : app.get_subcommands({}))
    known += (known.empty() ? "" : ", ") + sub->get_name();

  std::string hint = "sysabi";
  if (std::string name = empty_list_piece(app, argc, argv); !name.empty())
    return bad_usage(name + ": an empty value in a list is not allowed", hint);
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
        return bad_usage(std::string("unknown subcommand '") + argv[1] + "' (known: " + known + ")",
                         hint);
      return bad_usage("a subcommand is required (known: " + known + ")", hint);
    }
    return bad_usage(e.what(), hint);
  } catch (const CLI::ExtrasError& e) {
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-')
      return bad_usage(std::string("unknown subcommand '") + argv[1] + "' (known: " + known + ")",
                       hint);
    if (!app.get_subcommands().empty()) hint += " " + app.get_subcommands().front()->get_name();
    return bad_usage(e.what(), hint);
  } catch (const CLI::ParseError& e) {
    if (!app.get_subcommands().empty()) hint += " " + app.get_subcommands().front()->get_name();
    return bad_usage(e.what(), hint);
  }
  return -1;
}

// Runs the chosen subcommand; an exception is one line on stderr.
int run_actions(CLI::App& app, const std::vector<sysabi::host::action>& actions) {
  using namespace sysabi::host;
  // Commands that write files or run children honour SIGINT/SIGTERM/SIGHUP
  // (interrupted, process.hpp); the handlers are in place before any temp
  // file exists.
  for (const auto* sub : app.get_subcommands())
    if (sub->get_name() == "run" || sub->get_name() == "diff" || sub->get_name() == "vm")
      install_interrupt_handlers();
  try {
    for (const auto& act : actions)
      if (int status = act(); status >= 0) return status;
  } catch (const interrupted& e) {
    std::fprintf(stderr, "sysabi: interrupted\n");
    return interrupted_status();
  } catch (const usage_error& e) {
    std::fprintf(stderr, "sysabi: %s\n", one_line(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sysabi: %s\n", one_line(e.what()).c_str());
    return 2;
  }
  return 2;
}

int run_main(int argc, char** argv) {
  using namespace sysabi::host;

  CLI::App app{
      "sysabi - a conformance suite for the Linux userspace ABI.\n\n"
      "Runs libc-free and libc-linked probe programs (one per link variant) on\n"
      "this kernel and reports what they observed as named facts.",
      "sysabi"};
  app.set_version_flag("--version", std::string("sysabi ") + version(),
                       "Print sysabi's version and exit");
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 nothing failed, 1 a fact failed, 2 bad usage or input.\n"
      "Report format: docs/report.md.  SYSABI_LIBEXEC overrides where the probes are.");

  // One line per subcommand (cli/commands/<name>.cpp).
  const std::vector<action> actions = {
      add_variants_command(app),
      add_run_command(app),
      add_diff_command(app),
      add_layout_command(app),
      add_trace_command(app),
      add_vm_command(app),
      add_initramfs_command(app),
      add_abi_command(app),
      add_syscalls_command(app),
      add_asm_command(app),
  };
  check_every_value(app);
  if (int status = parse_args(app, argc, argv); status >= 0) return status;
  return run_actions(app, actions);
}

}  // namespace
