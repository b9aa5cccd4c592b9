// cli/commands/run.cpp - `sysabi run [--variant V]... [--probe P]... [--json FILE]
// [--html FILE] [--ktap FILE] [--timeout-ms N] [-j N] [--enosys [ABI:]CALL,...]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_run_command(CLI::App& app) {
  auto o = std::make_shared<run_options>();
  auto* run =
      app.add_subcommand("run", "Run the probes of every available variant and report the facts");
  run->add_option("--variant", o->variants,
                  "Run only this variant (repeatable, or comma-separated; see `sysabi variants`)")
      ->delimiter(',')
      ->type_name("V");
  run->add_option("--probe", o->probes,
                  "Run only this probe (repeatable, or comma-separated; `sysabi-probe --list`)")
      ->delimiter(',')
      ->type_name("P");
  run->add_option("--json", o->json_path, "Write the report (JSON, docs/report.md) to FILE")
      ->type_name("FILE");
  run->add_option("--html", o->html_path,
                  "Write the report as one self-contained HTML page to FILE")
      ->type_name("FILE");
  run->add_option("--ktap", o->ktap_path,
                  "Write the report as KTAP version 1 (kernel-CI engines, docs/kernel-ci.md) "
                  "to FILE; the exit status stays 0/1/2")
      ->type_name("FILE");
  run->add_option("--timeout-ms", o->timeout_ms,
                  "Time limit per probe in milliseconds; a variant's whole run gets "
                  "(probes + 1) times this (default 10000)")
      ->check(CLI::Range(1u, 3600000u))
      ->type_name("N");
  run->add_option("-j,--jobs", o->jobs, "Variants run at the same time (default: number of CPUs)")
      ->check(CLI::Range(1u, 4096u))
      ->type_name("N");
  run->add_option("--enosys", o->enosys,
                  "Answer this system call with ENOSYS in every probe runner (a seccomp filter; "
                  "ABI x86_64, i386, x32, aarch64, arm, riscv64, ppc64le, s390x, mips64el, default the host's; repeatable "
                  "or comma-separated; recorded as host.seccomp_enosys)")
      ->delimiter(',')
      ->type_name("[ABI:]CALL");
  return [run, o] { return *run ? cmd_run(*o) : -1; };
}

}  // namespace sysabi::host
