// cli/src/run/run_steps.hpp - the named steps of `sysabi run` (run.cpp) and
// the state they share: one `planned` per variant.  Internal to sysabi_host.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/probe_output.hpp"
#include "sysabi/host/report.hpp"

namespace sysabi::host {

// A variant as this run sees it.
struct planned {
  const variant_entry* entry;
  availability avail;
  variant_record record;
  std::vector<std::string> listed;    // from --list
  std::set<std::string> known;        // listed + hidden ones found by name
  std::vector<std::string> to_run;    // probe names passed on the command line ("" = all)
  std::size_t total = 0;              // probes expected to run
  std::vector<fact> facts;
  std::optional<fact> completed;      // harness.<variant>.completed
  bool running = false, finished = false;
  std::unique_ptr<probe_output_parser> parser;
  std::filesystem::path workdir;

  // Still to be run: available, chosen, and not failed yet.
  bool runnable() const { return record.status == variant_status::ran && !completed; }
};

// Marks a variant failed before its run, with harness.<variant>.completed
// saying why.
void fail_variant(planned& p, std::string value, std::string reason);

// The --variant names as a set (usage_error for an unknown one).
std::set<std::string> chosen_variants(const manifest& m, const std::vector<std::string>& names);

// The variants to run (all when `wanted` is empty), in the manifest's order,
// each with its availability.
std::vector<planned> plan_variants(const manifest& m, const std::set<std::string>& wanted);

// Step 1: `sysabi-probe --list` per variant.
void list_probes(std::vector<planned>& plan, unsigned parallel);

// Step 2 (only with --probe): which variant has which requested probe;
// usage_error for a probe no variant has.
void choose_probes(std::vector<planned>& plan, const std::vector<std::string>& probes,
                   unsigned parallel);

// Step 3: the runs, each in a fresh private working directory, with the
// progress on stderr; then the directories are removed.
void run_probes(std::vector<planned>& plan, unsigned timeout_ms, unsigned parallel);

// Every fact of the run: each variant's completion and probe facts, and for
// a whole run (no --probe) the host-side facts: elf.*, trace.* and
// old_kernel.* per variant, layout.* from `layouts` (nullopt: none built).
std::vector<fact> gather_facts(std::vector<planned>& plan, bool whole_run,
                               const std::optional<std::vector<layout_set>>& layouts,
                               const manifest& m);

std::vector<variant_record> variant_records(const std::vector<planned>& plan);

// --enosys (run_enosys.cpp): one call of one ABI to answer with ENOSYS.
struct enosys_call {
  std::string abi, call;  // "i386", "oldolduname"
  std::uint32_t arch = 0; // libseccomp's SCMP_ARCH_*
};
// "[ABI:]CALL" each (ABI defaults to the host's); usage_error for an unknown
// ABI or a name that ABI lacks.
std::vector<enosys_call> parse_enosys(const std::vector<std::string>& specs);
// "x86_64:getpriority,i386:oldolduname" (host.seccomp_enosys).
std::string describe_enosys(const std::vector<enosys_call>& calls);
// Installs the filters in this process: every child spawned after inherits them.
void install_enosys(const std::vector<enosys_call>& calls);

}  // namespace sysabi::host
