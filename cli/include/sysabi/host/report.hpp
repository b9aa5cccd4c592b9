// sysabi/host/report.hpp - the typed report of one `sysabi run` or `sysabi
// vm`: assembling it from the variants' facts (with the identity check),
// counting, writing it as JSON (docs/report.md) and reading it back, and the
// summary on the terminal.  Sources: cli/src/report/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/host_info.hpp"

namespace sysabi::host {

inline constexpr const char* report_schema = "sysabi-report";
inline constexpr int report_schema_version = 1;

enum class variant_status { ran, skipped, failed };
std::string_view to_string(variant_status s);

struct variant_record {
  std::string name, arch, libc, linkage;
  variant_status status = variant_status::skipped;
  std::string reason;  // "" = none
  std::string runner;  // "" when it did not run
  counts tally;        // its facts
};

struct summary {
  counts tally;  // every fact, the identity ones included
  std::size_t variants_ran = 0, variants_failed = 0, variants_skipped = 0;
  bool operator==(const summary&) const = default;
};

struct report {
  std::string sysabi_version;
  host_info host;
  std::vector<variant_record> variants;
  std::vector<fact> facts;  // sorted by (id, variant)
  summary totals;
};

// Facts whose values must agree and do not: for facts without a scope, across
// every variant that reports them; with scope "arch", across the variants of
// one arch.  Skipped facts take no part.  Each divergence is one failed fact
// `identity.<id>` for variant "*" (or "<arch>-*"), its value naming every
// value and the variants that reported it.  `arch_of` maps variant -> arch.
std::vector<fact> identity_check(const std::vector<fact>& facts,
                                 const std::map<std::string, std::string>& arch_of);

// The report of a run (`sysabi run`, `sysabi vm`): this sysabi's version,
// the host, the variants, and the facts sorted with the identity facts
// added; counted per variant and in total.
report assemble_report(host_info host, std::vector<variant_record> variants,
                       std::vector<fact> facts);

// Counts per variant and in total (assemble_report and read_report do this).
void count(report& r);

// The report as JSON text, one fact per line (diffable), ending in a
// newline.  Throws std::runtime_error rather than render more than
// max_report_bytes: sysabi never writes a report that read_report refuses.
std::string render_json(const report& r);
ordered_json to_json(const report& r);
ordered_json to_json(const host_info& h);  // the "host" object

// Reads and checks a report file (docs/report.md) - the one place a
// report's schema is checked: a one-line usage_error for a missing or
// unreadable file, one that is not JSON (with the byte offset), is
// truncated, nested deeper than a report can be, is larger than
// `max_report_bytes`, has another `schema` or `schema_version`, or has
// fields of the wrong type or an unknown status.  The counts are computed
// from the facts read.
inline constexpr std::size_t max_report_bytes = 64u << 20;
// What keeps a report under that (docs/reliability.md, "Bounds"): a probe
// runner's stdout is cut at max_variant_output_bytes (the run is then
// "killed: too much output"), and assemble_report cuts every reason longer
// than max_reason_bytes.
inline constexpr std::size_t max_variant_output_bytes = 2u << 20;
inline constexpr std::size_t max_reason_bytes = 2048;
report read_report(const std::string& path);
// The same on text already read; `name` is used in messages.
report parse_report(const std::string& text, const std::string& name);

// For the terminal: every failed fact, then a table per variant.
std::string render_failures(const report& r);
std::string render_summary(const report& r);

// 0 when nothing failed, 1 otherwise.
int exit_code(const report& r);

}  // namespace sysabi::host
