// cli/src/report/diff.cpp - the diff classifier: two typed reports, their
// facts matched by (id, variant), their variants by name, every difference
// classified by the first rule that matches (the table: diff_rules.cpp;
// the predicates: diff_checks.cpp, one function per rule).
#include "sysabi/host/diff.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "diff_checks.hpp"

namespace sysabi::host {

std::string_view to_string(change_kind k) {
  switch (k) {
    case change_kind::unchanged: return "unchanged";
    case change_kind::added: return "added";
    case change_kind::fixed: return "fixed";
    case change_kind::informational: return "informational";
    case change_kind::not_comparable: return "not comparable";
    case change_kind::incompatible: return "incompatible";
  }
  return "?";
}

std::size_t diff_result::count(change_kind k) const {
  if (k == change_kind::unchanged) return unchanged;
  std::size_t n = 0;
  for (const auto& c : changes) n += c.kind == k;
  return n;
}

std::string_view diff_result::verdict() const {
  if (!compatible()) return "INCOMPATIBLE";
  if (!comparable()) return "NOT COMPARABLE";
  return "compatible";
}

int diff_result::exit_status() const { return !compatible() ? 1 : !comparable() ? 3 : 0; }

json change::shown(const std::optional<fact>& side, const json& host_value) const {
  if (host) return host_value;
  return side ? json(to_json(*side)) : json();
}

namespace {

// The host: informational, field by field, in the report's order.
void compare_hosts(const host_info& base, const host_info& next, diff_result& d) {
  const ordered_json b = to_json(base), n = to_json(next);
  std::set<std::string> keys;
  auto add = [&](const std::string& key) {
    if (!keys.insert(key).second) return;
    const json bv = b.contains(key) ? json(b[key]) : json();
    const json nv = n.contains(key) ? json(n[key]) : json();
    if (bv == nv) return;
    change c;
    c.kind = find_rule("host").verdict;
    c.rule = "host";
    c.id = "host." + key;
    c.host = true;
    c.host_base = bv;
    c.host_next = nv;
    c.why = "the machine or kernel differs";
    d.changes.push_back(std::move(c));
  };
  for (auto it = b.begin(); it != b.end(); ++it) add(it.key());
  for (auto it = n.begin(); it != n.end(); ++it) add(it.key());
}

// The variants: one that ran in BASE and not in NEW; a runner that changed
// from native when no harness.<variant>.runner fact says so.
void compare_variants(const report& base, const report& next, diff_result& d) {
  std::set<std::string> runner_facts;
  for (const auto& f : next.facts)
    if (f.id.starts_with("harness.") && f.id.ends_with(".runner")) runner_facts.insert(f.variant);
  for (const auto& bv : base.variants) {
    if (bv.status != variant_status::ran) continue;
    auto nv = std::find_if(next.variants.begin(), next.variants.end(),
                           [&](const variant_record& v) { return v.name == bv.name; });
    change c;
    c.id = "variant." + bv.name;
    c.variant = bv.name;
    c.host = true;  // its two sides are values, not facts
    c.host_base = fmt::format("ran ({})", bv.runner.empty() ? "?" : bv.runner);
    if (nv == next.variants.end()) {
      c.rule = "variant-gone";
      c.host_next = json();
      c.why = "ran in BASE, not in the new report";
    } else if (nv->status != variant_status::ran) {
      c.host_next = fmt::format("{}: {}", to_string(nv->status), nv->reason);
      auto env = environment_cause(nv->reason, base, next);
      c.rule = env ? "variant-environment" : "variant-gone";
      c.why = env ? *env : fmt::format("ran in BASE, {} in NEW: {}", to_string(nv->status),
                                       nv->reason.empty() ? "no reason" : nv->reason);
    } else if ((bv.runner == "native" || bv.runner.starts_with("qemu-system")) &&
               user_emulator(nv->runner) &&
               !runner_facts.count(bv.name)) {
      c.rule = "runner-emulated";
      c.host_next = fmt::format("ran ({})", nv->runner);
      c.why = fmt::format("{} ran natively, now under {}", bv.name, nv->runner);
    } else {
      continue;
    }
    c.kind = find_rule(c.rule).verdict;
    d.changes.push_back(std::move(c));
  }
}

using fact_key = std::pair<std::string, std::string>;  // (id, variant)

std::map<fact_key, const fact*> by_key(const report& r) {
  std::map<fact_key, const fact*> out;
  for (const auto& f : r.facts) out[{f.id, f.variant}] = &f;
  return out;
}

// Two reports that cannot be compared: a one-line usage_error.
void check_comparable(const report& base, const report& next) {
  if (!base.host.machine.empty() && !next.host.machine.empty() &&
      base.host.machine != next.host.machine)
    throw usage_error(fmt::format("cannot compare reports of different machines: BASE is {}, NEW is {}",
                                  base.host.machine, next.host.machine));
  std::set<std::string> ran_base;
  for (const auto& v : base.variants)
    if (v.status == variant_status::ran) ran_base.insert(v.name);
  if (ran_base.empty()) return;
  for (const auto& v : next.variants)
    if (v.status == variant_status::ran && ran_base.count(v.name)) return;
  throw usage_error("cannot compare: NEW ran none of the variants BASE ran");
}

}  // namespace

diff_result diff_reports(const report& base, const report& next) {
  const auto started = std::chrono::steady_clock::now();
  check_comparable(base, next);
  diff_result d;
  d.base_host = base.host;
  d.next_host = next.host;
  compare_hosts(base.host, next.host, d);
  compare_variants(base, next, d);
  const auto in_base = by_key(base), in_next = by_key(next);
  std::set<std::string> ran_in_next;
  for (const auto& v : next.variants)
    if (v.status == variant_status::ran) ran_in_next.insert(v.name);
  // Ids whose every fact in NEW is a skip.
  std::map<std::string, bool> all_skip;
  for (const auto& f : next.facts) {
    auto [it, fresh] = all_skip.emplace(f.id, true);
    it->second = it->second && f.status == fact_status::skip;
  }

  std::set<fact_key> keys;
  for (const auto& [k, _] : in_base) keys.insert(k);
  for (const auto& [k, _] : in_next) keys.insert(k);
  for (const auto& k : keys) {
    auto b = in_base.find(k);
    auto n = in_next.find(k);
    pair_view p;
    p.b = b != in_base.end() ? b->second : nullptr;
    p.n = n != in_next.end() ? n->second : nullptr;
    if (p.b && p.n && p.b->status == p.n->status && p.b->value == p.n->value &&
        p.b->expect == p.n->expect) {
      ++d.unchanged;
      continue;
    }
    const std::string& variant = k.second;
    // A fact of every variant ("*" or "<arch>-*") always ran.
    p.variant_ran = ran_in_next.count(variant) > 0 || variant == "*" ||
                    variant.find("-*") != std::string::npos;
    auto skip_it = all_skip.find(k.first);
    p.skipped_everywhere = skip_it != all_skip.end() && skip_it->second;
    p.base = &base;
    p.next = &next;
    d.changes.push_back(classify(p));
  }
  d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return d;
}

}  // namespace sysabi::host
