// cli/src/report/diff_checks.hpp - what diff.cpp and diff_checks.cpp share:
// one (id, variant) pair as the fact rules see it, and the checks that the
// variant comparison uses as well.
#pragma once

#include <optional>
#include <string>

#include "sysabi/host/diff.hpp"

namespace sysabi::host {

// What the fact rules see: one (id, variant) pair and the reports around it.
struct pair_view {
  const fact* b = nullptr;  // BASE's fact, or null
  const fact* n = nullptr;  // NEW's fact, or null
  bool variant_ran = false;  // the fact's variant ran in NEW
  bool skipped_everywhere = false;  // every NEW fact with this id is a skip
  const report* base = nullptr;
  const report* next = nullptr;
  const fact& any() const { return b ? *b : *n; }
};

// The change of a pair that differs: the first fact rule of the table
// (diff_rules.cpp) whose predicate matches it.
change classify(const pair_view& p);

// Why a skip reason (or a variant's) points at the environment, or nullopt.
std::optional<std::string> environment_cause(const std::string& reason, const report& base,
                                             const report& next);

// A runner that emulates the program's arch (qemu-user: "qemu-i386"), as
// opposed to the kernel running it ("native", or a whole `sysabi vm` guest,
// "qemu-system-x86_64", where the guest kernel runs it natively).
bool user_emulator(const std::string& runner);

}  // namespace sysabi::host
