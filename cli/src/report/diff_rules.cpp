// cli/src/report/diff_rules.cpp - the diff's rule table: every rule's id,
// what changed, verdict and what it means for users, in the order the
// classifier (diff.cpp) tries them.  docs/diff-rules.md shows this table;
// tests/lit/diff/rules-doc.test checks that the two agree.
#include <fmt/format.h>

#include <stdexcept>

#include "sysabi/host/diff.hpp"

namespace sysabi::host {

namespace {

// The table, built on first use.
const std::vector<diff_rule>& rule_table() {
  using enum change_kind;
  static const std::vector<diff_rule> rules = {
      // The ABI surface (the census probes: docs/census.md).
      {"census-enosys",
       "`syscall_census.<abi>.<call>`: \"implemented\" -> \"ENOSYS\", \"not probed\", or no longer "
       "reported though its variant ran",
       incompatible,
       "programs that make this call on this ABI now get ENOSYS: they fail, or take a slower "
       "fallback if their libc has one"},
      {"vdso-mapped", "`vdso_census.<abi>.mapped`: true -> false (or gone)", incompatible,
       "no vDSO for this ABI: every clock_gettime/gettimeofday/time becomes a system call (much "
       "slower), and programs that require AT_SYSINFO_EHDR fail"},
      {"vdso-symbol",
       "`vdso_census.<abi>.symbol.<name>`: the symbol is gone or its version changed", incompatible,
       "libcs and runtimes (glibc, musl, Go) look the symbol up by name and version: not found, "
       "they fall back to the system call or fail"},
      {"vsyscall-mode",
       "`vsyscall.mode` lost a mode (emulate > xonly > none)", incompatible,
       "programs linked statically against glibc before 2.14 call time() through the vsyscall "
       "page: with none they die with SIGSEGV; with xonly, programs that read the page do"},
      {"vsyscall-time", "`vsyscall.time`: \"works\" -> anything else", incompatible,
       "programs linked statically against glibc before 2.14 call time() through the vsyscall "
       "page: their first time() now kills them"},
      {"exec-format",
       "`exec_format.<variant>`: \"kernel\" -> anything else (e.g. \"ENOEXEC\")", incompatible,
       "the kernel no longer executes binaries of this kind (e.g. 32-bit programs on a 64-bit "
       "kernel): execve fails with ENOEXEC unless binfmt_misc hands them to an emulator"},
      {"runner-emulated",
       "`harness.<variant>.runner` (or the variant record's runner): \"native\" (or a whole "
       "`sysabi vm` guest, `qemu-system-*`) -> a user-mode emulator (`qemu-i386`, ...)",
       incompatible,
       "the kernel no longer runs these binaries itself; only an emulator (qemu-user) does"},
      {"variant-gone",
       "a variant that ran in BASE did not run in NEW (its record says skipped or failed, or it "
       "is missing)",
       incompatible, "binaries of this kind (arch, libc, linkage) no longer run on this kernel"},
      {"variant-environment",
       "a variant that ran in BASE was skipped in NEW for a reason of the environment (an "
       "emulator missing, `environment:`)",
       not_comparable, "nothing is known about these binaries on the new kernel: rerun where they can run"},
      // Any fact.
      {"pass-fail", "a check that passed now fails", incompatible,
       "programs relying on the behaviour the check describes now see another one"},
      {"new-fail", "a fact only in NEW, and it fails", incompatible,
       "programs relying on the behaviour the check describes do not get it"},
      {"enosys", "a fact's value became \"ENOSYS\"", incompatible,
       "programs that make this call now get ENOSYS"},
      {"layout", "a layout.* value (a struct's size or offset) changed", incompatible,
       "binaries built against the old layout read and write the wrong bytes"},
      {"skip-cpu",
       "a check that passed is skipped in every variant of NEW, and its skip reason names a CPU "
       "feature that differs between the hosts (host.cpu_features)",
       informational, "none from the kernel: the CPU differs, not the ABI"},
      {"skip-environment",
       "a check that passed is skipped in every variant of NEW for a reason of the environment "
       "(`environment:`, EAGAIN, ENOMEM, EMFILE, ENOSPC, qemu, or host.emulator differs)",
       not_comparable, "unknown: the new run could not observe the behaviour; rerun in a usable environment"},
      {"pass-to-skip", "a check that passed is skipped in every variant of NEW", incompatible,
       "the behaviour can no longer be observed: the kernel may have lost it, and programs "
       "relying on it with it"},
      {"gone", "a fact no longer reported, though its variant ran", incompatible,
       "whatever the fact described may be gone for programs too"},
      // Compatible differences.
      {"fixed", "a failing check passes now, or a failure is no longer reported", fixed,
       "none: better than before"},
      {"added", "a fact only in NEW that does not fail", added, "none: more coverage"},
      {"still-failing", "a failing check fails with another value", informational,
       "none new: it was broken before"},
      {"skip", "a check that could not run on one side (skipped there), not a rule above",
       informational, "none known: the other variants still show the behaviour"},
      {"observation", "an observation (status info) changed", informational,
       "none: observations have no expectation"},
      {"moved", "a passing check's value moved with its expectation", informational,
       "none: the expectation follows the detected feature"},
      {"variant-not-run", "a fact of a variant that did not run in NEW (see variant-gone)",
       informational, "see the variant's own rule"},
      {"host", "a host field differs (kernel release, command line, CPU, emulator)", informational,
       "none by itself: the context of the other changes"},
  };
  return rules;
}

}  // namespace

const std::vector<diff_rule>& diff_rules() { return rule_table(); }

const diff_rule& find_rule(std::string_view id) {
  for (const auto& r : rule_table())
    if (r.id == id) return r;
  throw std::out_of_range(fmt::format("no diff rule '{}'", id));
}

std::string render_rules_markdown() {
  std::string out =
      "| rule | what changed | verdict | what it means for users |\n"
      "|---|---|---|---|\n";
  for (const auto& r : rule_table())
    out += fmt::format("| `{}` | {} | {} | {} |\n", r.id, r.changed, to_string(r.verdict),
                       r.impact);
  return out;
}

}  // namespace sysabi::host
