// sysabi/host/diff.hpp - comparing two reports: the kernel-upgrade question
// ("is NEW compatible with BASE?").  Both are typed reports (report.hpp,
// read_report()).
//
// Every fact is matched by (id, variant); every variant by name; every
// host field by name.  Each difference is classified by the first rule of
// diff_rules() that matches it (docs/diff-rules.md is that table, checked
// against `sysabi diff --rules` by tests/lit/diff/rules-doc.test).  A rule
// has an id, what changed, a verdict, and what it means for users.
//
// Verdicts: unchanged, added, fixed, informational (compatible);
// not_comparable (the difference comes from the environment, so the
// comparison says nothing: exit 3); incompatible (exit 1).
//
// Reports of different machines (host.machine), or a NEW report that ran
// none of BASE's variants, cannot be compared: diff_reports throws a
// one-line usage_error (exit 2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/report.hpp"

namespace sysabi::host {

enum class change_kind { unchanged, added, fixed, informational, not_comparable, incompatible };
std::string_view to_string(change_kind k);  // "not comparable" for not_comparable

// One row of the rule table: the rule's id, what changed, the verdict, and
// what that means for the programs users run.
struct diff_rule {
  std::string_view id;       // "census-enosys"
  std::string_view changed;  // "a system call the census found implemented is now ENOSYS"
  change_kind verdict;
  std::string_view impact;   // "programs that make the call get ENOSYS ..."
};

// Every rule, in the order they are tried.
const std::vector<diff_rule>& diff_rules();
// The rule with this id (std::out_of_range if none: a programming error).
const diff_rule& find_rule(std::string_view id);
// The table as Markdown (`sysabi diff --rules`, docs/diff-rules.md).
std::string render_rules_markdown();

struct change {
  change_kind kind = change_kind::unchanged;
  std::string id;       // the fact id, or host.<field>
  std::string variant;  // "" for host fields
  std::optional<fact> base, next;  // a fact's two sides; nullopt when absent
  bool host = false;               // a host field: its values are below
  json host_base, host_next;
  std::string rule;  // the id of the rule that classified it (diff_rules())
  std::string why;   // one phrase: what changed here, with its cause when known

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
  host_info base_host, next_host;  // both sides' hosts, for the headings
  double seconds = 0;              // the time the comparison took (JUnit's time)
  std::size_t count(change_kind k) const;
  bool compatible() const { return count(change_kind::incompatible) == 0; }
  bool comparable() const { return count(change_kind::not_comparable) == 0; }
  // "compatible", "INCOMPATIBLE" or "NOT COMPARABLE".
  std::string_view verdict() const;
  // 0 compatible, 1 incompatible, 3 not comparable.
  int exit_status() const;
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
  bool rules = false;           // print the rule table and exit
};

}  // namespace sysabi::host
