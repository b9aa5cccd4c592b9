// sysabi/host/diff.hpp - reading reports back, and comparing two of them:
// the kernel-upgrade question ("is NEW compatible with BASE?").
//
// Every fact is matched by (id, variant) and classified:
//
//   unchanged      same value, expectation and status
//   added          only in NEW: more coverage (compatible)
//   fixed          failed in BASE, passes in NEW (compatible)
//   informational  a difference that does not break a binary: an observation
//                  (status info) or a passing check's value moved with its
//                  expectation, a check that could not run on one side
//                  (skip), a fact whose variant did not run in NEW, the host
//                  (kernel release, CPU features)
//   incompatible   an expectation that held now fails; a call that worked
//                  now returns ENOSYS; a layout (layout.*) value changed; a
//                  fact its variant still runs no longer reported
//
// NEW is compatible with BASE when nothing is incompatible.
#pragma once

#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"

namespace sysabi::host {

// Reads and checks a report file (docs/report.md): a one-line usage_error
// for a missing or unreadable file, one that is not JSON (with the byte
// offset), is truncated, nested deeper than a report can be, is larger than
// `max_report_bytes`, has another `schema` or `schema_version`, or has
// fields of the wrong type.
inline constexpr std::size_t max_report_bytes = 64u << 20;
ordered_json read_report(const std::string& path);
// The same checks on text already read; `name` is used in messages.
ordered_json parse_report(const std::string& text, const std::string& name);

enum class change_kind { unchanged, added, fixed, informational, incompatible };
std::string_view to_string(change_kind k);

struct change {
  change_kind kind = change_kind::unchanged;
  std::string id;       // the fact id, or host.<field>
  std::string variant;  // "" for host fields
  json base;            // the whole fact (or host value); null when absent
  json next;
  std::string why;  // one phrase: "pass -> fail", "now ENOSYS", ...
};

struct diff_result {
  std::vector<change> changes;  // everything but `unchanged`, in (id, variant) order
  std::size_t unchanged = 0;
  std::size_t count(change_kind k) const;
  bool compatible() const { return count(change_kind::incompatible) == 0; }
};

diff_result diff_reports(const ordered_json& base, const ordered_json& next);

// Renderings.  text: one line per change, grouped by kind, both values shown;
// json: {"compatible":..,"counts":{..},"changes":[..]}; junit: a testsuite
// with one testcase per change (incompatible ones failing).
std::string render_diff_text(const diff_result& d, const std::string& base_name,
                             const std::string& next_name);
std::string render_diff_json(const diff_result& d);
std::string render_diff_junit(const diff_result& d);

struct diff_options {
  std::string base, next;
  std::string format = "text";  // text | json | junit
  std::string output;           // "" = stdout
  std::string html;             // also write an HTML page here ("" = none)
};
// 0 compatible, 1 incompatible, 2 (usage_error) unusable input.
int cmd_diff(const diff_options& o);

}  // namespace sysabi::host
