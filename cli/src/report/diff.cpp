// cli/src/report/diff.cpp - the diff classifier: two typed reports, their
// facts matched by (id, variant), every difference classified (diff.hpp).
#include "sysabi/host/diff.hpp"

#include <map>
#include <optional>
#include <set>
#include <utility>

namespace sysabi::host {

std::string_view to_string(change_kind k) {
  switch (k) {
    case change_kind::unchanged: return "unchanged";
    case change_kind::added: return "added";
    case change_kind::fixed: return "fixed";
    case change_kind::informational: return "informational";
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

json change::shown(const std::optional<fact>& side, const json& host_value) const {
  if (host) return host_value;
  return side ? json(to_json(*side)) : json();
}

namespace {

bool is_layout(const std::string& id) {
  return id.starts_with("layout.") || id.find(".layout.") != std::string::npos;
}

change fact_change(change_kind kind, const std::optional<fact>& b, const std::optional<fact>& n,
                   std::string why) {
  const fact& f = b ? *b : *n;
  change c;
  c.kind = kind;
  c.id = f.id;
  c.variant = f.variant;
  c.base = b;
  c.next = n;
  c.why = std::move(why);
  return c;
}

// Classifies one fact present in both reports.
std::optional<change> compare(const fact& b, const fact& n) {
  using enum fact_status;
  if (b.status == n.status && b.value == n.value && b.expect == n.expect) return std::nullopt;
  auto make = [&](change_kind k, std::string why) { return fact_change(k, b, n, std::move(why)); };
  if (b.status == pass && n.status == fail)
    return make(change_kind::incompatible, "an expectation that held now fails");
  if (n.value == "ENOSYS" && b.value != "ENOSYS")
    return make(change_kind::incompatible, "a call that worked now returns ENOSYS");
  if (is_layout(b.id) && b.value != n.value && !b.value.is_null() && !n.value.is_null())
    return make(change_kind::incompatible, "a layout changed");
  if (b.status == fail && n.status == pass)
    return make(change_kind::fixed, "a failing check now passes");
  if (b.status == fail && n.status == fail)
    return make(change_kind::informational, "still failing, with another value");
  if (b.status == skip || n.status == skip)
    return make(change_kind::informational,
                b.status == skip ? "could not be checked before" : "could not be checked now");
  if (b.status == info || n.status == info)
    return make(change_kind::informational, "an observation changed");
  return make(change_kind::informational, "the value moved with its expectation");
}

// A fact only in NEW: more coverage, unless it fails.
change added(const fact& f) {
  if (f.status == fact_status::fail)
    return fact_change(change_kind::incompatible, std::nullopt, f, "a new fact that fails");
  return fact_change(change_kind::added, std::nullopt, f, "only in the new report");
}

// A fact only in BASE: incompatible when its variant still ran (a fact of
// every variant, "*" or "<arch>-*", always ran), unless it was a failure.
change gone(const fact& f, const std::set<std::string>& ran_in_next) {
  bool ran = ran_in_next.count(f.variant) > 0 || f.variant == "*" ||
             f.variant.find("-*") != std::string::npos;
  if (!ran)
    return fact_change(change_kind::informational, f, std::nullopt,
                       "its variant did not run in the new report");
  if (f.status == fact_status::fail || f.id.starts_with("identity."))
    return fact_change(change_kind::fixed, f, std::nullopt, "a failure that is gone");
  return fact_change(change_kind::incompatible, f, std::nullopt,
                     "no longer reported, though its variant ran");
}

// The host: informational, field by field, in the report's order.
void compare_hosts(const host_info& base, const host_info& next, diff_result& d) {
  const ordered_json b = to_json(base), n = to_json(next);
  for (auto it = b.begin(); it != b.end(); ++it) {
    const json bv = *it;
    const json nv = n.contains(it.key()) ? json(n[it.key()]) : json();
    if (bv == nv) continue;
    change c;
    c.kind = change_kind::informational;
    c.id = "host." + it.key();
    c.host = true;
    c.host_base = bv;
    c.host_next = nv;
    c.why = "the machine or kernel differs";
    d.changes.push_back(std::move(c));
  }
}

using fact_key = std::pair<std::string, std::string>;  // (id, variant)

std::map<fact_key, const fact*> by_key(const report& r) {
  std::map<fact_key, const fact*> out;
  for (const auto& f : r.facts) out[{f.id, f.variant}] = &f;
  return out;
}

}  // namespace

diff_result diff_reports(const report& base, const report& next) {
  diff_result d;
  compare_hosts(base.host, next.host, d);
  const auto in_base = by_key(base), in_next = by_key(next);
  std::set<std::string> ran_in_next;
  for (const auto& v : next.variants)
    if (v.status == variant_status::ran) ran_in_next.insert(v.name);

  std::set<fact_key> keys;
  for (const auto& [k, _] : in_base) keys.insert(k);
  for (const auto& [k, _] : in_next) keys.insert(k);
  for (const auto& k : keys) {
    auto b = in_base.find(k);
    auto n = in_next.find(k);
    if (b != in_base.end() && n != in_next.end()) {
      if (auto c = compare(*b->second, *n->second))
        d.changes.push_back(std::move(*c));
      else
        ++d.unchanged;
    } else if (n != in_next.end()) {
      d.changes.push_back(added(*n->second));
    } else {
      d.changes.push_back(gone(*b->second, ran_in_next));
    }
  }
  return d;
}

}  // namespace sysabi::host
