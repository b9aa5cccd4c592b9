// sysabi/host/diff.hpp - comparing two reports: the kernel-upgrade question
// ("is NEW compatible with BASE?").  Both are typed reports (report.hpp,
// read_report()).
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

#include <optional>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/report.hpp"

namespace sysabi::host {

enum class change_kind { unchanged, added, fixed, informational, incompatible };
std::string_view to_string(change_kind k);

struct change {
  change_kind kind = change_kind::unchanged;
  std::string id;       // the fact id, or host.<field>
  std::string variant;  // "" for host fields
  std::optional<fact> base, next;  // a fact's two sides; nullopt when absent
  bool host = false;               // a host field: its values are below
  json host_base, host_next;
  std::string why;  // one phrase: "pass -> fail", "now ENOSYS", ...

  // As the renderings show a side: the whole fact (or host value), null
  // when absent.
  json shown_base() const { return shown(base, host_base); }
  json shown_next() const { return shown(next, host_next); }

 private:
  json shown(const std::optional<fact>& side, const json& host_value) const;
};

struct diff_result {
  std::vector<change> changes;  // everything but `unchanged`: host fields, then (id, variant) order
  std::size_t unchanged = 0;
  std::size_t count(change_kind k) const;
  bool compatible() const { return count(change_kind::incompatible) == 0; }
};

diff_result diff_reports(const report& base, const report& next);

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

}  // namespace sysabi::host
