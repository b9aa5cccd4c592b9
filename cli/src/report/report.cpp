// cli/src/report/report.cpp - the typed report: the identity check,
// assemble_report() (used by `sysabi run` and `sysabi vm`), counts, and the
// summary on the terminal.  JSON both ways: report_json.cpp.
#include "sysabi/host/report.hpp"

#include "sysabi/host/commands.hpp"  // version()

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sysabi/host/escape.hpp"

#ifndef SYSABI_VERSION
#define SYSABI_VERSION "0.0.0"
#endif

namespace sysabi::host {

// This sysabi's version, as `--version` and every report state it.
const char* version() { return SYSABI_VERSION; }

std::string_view to_string(variant_status s) {
  switch (s) {
    case variant_status::ran: return "ran";
    case variant_status::skipped: return "skipped";
    case variant_status::failed: return "failed";
  }
  return "?";
}

namespace {

// "the same value" groups: value text -> variants that reported it.
using value_groups = std::map<std::string, std::set<std::string>>;

std::string describe_groups(const value_groups& g) {
  std::string out;
  for (const auto& [value, variants] : g) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} in {}", value, fmt::join(variants, ", "));
  }
  return out;
}

fact divergence(const std::string& id, const std::string& who, const std::string& where,
                const value_groups& g, fact_scope scope) {
  fact f;
  f.id = "identity." + id;
  f.variant = who;
  f.value = describe_groups(g);
  f.expect = fmt::format("the same value in every {}", where);
  f.status = fact_status::fail;
  f.reason = fmt::format("{} values differ between variants that must agree", g.size());
  f.scope = scope;
  return f;
}

}  // namespace

std::vector<fact> identity_check(const std::vector<fact>& facts,
                                 const std::map<std::string, std::string>& arch_of) {
  auto arch = [&](const fact& f) {
    auto it = arch_of.find(f.variant);
    return it != arch_of.end() ? it->second : f.variant;
  };
  // id -> the facts with that id that take part.
  std::map<std::string, std::vector<const fact*>> by_id;
  for (const auto& f : facts) {
    if (f.status == fact_status::skip) continue;
    by_id[f.id].push_back(&f);
  }
  std::vector<fact> out;
  for (const auto& [id, group] : by_id) {
    // Each fact's own scope decides what it is compared with: a probe may
    // declare a fact arch-scoped on one arch only (where the kernel behaves
    // differently by design).  Within one arch, though, the scope must not
    // depend on the libc or the linkage.
    std::map<std::string, std::map<std::string, std::set<std::string>>> scopes_by_arch;
    for (const fact* f : group) {
      std::string_view s = to_string(f->scope);
      scopes_by_arch[arch(*f)][s.empty() ? "portable" : std::string(s)].insert(f->variant);
    }
    for (const auto& [a, scopes] : scopes_by_arch) {
      if (scopes.size() < 2) continue;
      value_groups g;
      for (const auto& [s, variants] : scopes) g["scope " + s] = variants;
      fact d = divergence(id, a + "-*", a + " variant", g, fact_scope::arch);
      d.value = fmt::format("the scope differs: {}", describe_groups(g));
      d.expect = fmt::format("the same scope in every {} variant", a);
      d.reason = "the scope of a fact must not depend on the libc or the linkage";
      out.push_back(std::move(d));
    }

    value_groups portable;                       // value -> variants
    std::map<std::string, value_groups> by_arch;  // arch -> value -> variants
    for (const fact* f : group) {
      if (f->scope == fact_scope::portable)
        portable[f->value.dump()].insert(f->variant);
      else if (f->scope == fact_scope::arch)
        by_arch[arch(*f)][f->value.dump()].insert(f->variant);
    }
    if (portable.size() > 1)
      out.push_back(divergence(id, "*", "variant", portable, fact_scope::portable));
    for (const auto& [a, g] : by_arch)
      if (g.size() > 1)
        out.push_back(divergence(id, a + "-*", a + " variant", g, fact_scope::arch));
  }
  return out;
}

void count(report& r) {
  r.totals = summary{};
  std::map<std::string, counts*> per;
  for (auto& v : r.variants) {
    v.tally = counts{};
    per[v.name] = &v.tally;
  }
  for (const auto& f : r.facts) {
    r.totals.tally.add(f.status);
    if (auto it = per.find(f.variant); it != per.end()) it->second->add(f.status);
  }
  for (const auto& v : r.variants) {
    switch (v.status) {
      case variant_status::ran: ++r.totals.variants_ran; break;
      case variant_status::failed: ++r.totals.variants_failed; break;
      case variant_status::skipped: ++r.totals.variants_skipped; break;
    }
  }
}

namespace {

// A reason cut to max_reason_bytes, at a UTF-8 character boundary, saying
// how much was cut.
void bound_reason(std::string& reason) {
  if (reason.size() <= max_reason_bytes) return;
  std::size_t keep = max_reason_bytes - 64;
  while (keep > 0 && (static_cast<unsigned char>(reason[keep]) & 0xC0) == 0x80) --keep;
  const std::size_t cut = reason.size() - keep;
  reason.resize(keep);
  reason += fmt::format(" ... ({} bytes cut)", cut);
}

}  // namespace

report assemble_report(host_info host, std::vector<variant_record> variants,
                       std::vector<fact> facts) {
  for (auto& f : facts)
    if (f.reason) bound_reason(*f.reason);
  for (auto& v : variants) bound_reason(v.reason);
  report r;
  r.sysabi_version = version();
  r.host = std::move(host);
  r.variants = std::move(variants);
  std::map<std::string, std::string> arch_of;
  for (const auto& v : r.variants) arch_of[v.name] = v.arch;
  auto identity = identity_check(facts, arch_of);
  r.facts = std::move(facts);
  r.facts.insert(r.facts.end(), std::make_move_iterator(identity.begin()),
                 std::make_move_iterator(identity.end()));
  std::stable_sort(r.facts.begin(), r.facts.end(), fact_less);
  count(r);
  return r;
}

namespace {

// A value as JSON text, on one line; bytes that are not UTF-8 replaced.
std::string json_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string render_failures(const report& r) {
  std::string out;
  for (const auto& f : r.facts) {
    if (f.status != fact_status::fail) continue;
    out += fmt::format("FAIL {} [{}]: got {}, expected {}", f.id, f.variant, json_text(f.value),
                       json_text(f.expect));
    if (f.reason) out += fmt::format(" ({})", *f.reason);
    out += '\n';
  }
  return escape_lines(out);  // ids, values and reasons come from probes
}

std::string render_summary(const report& r) {
  std::size_t w = std::string_view("(identity)").size();
  for (const auto& v : r.variants) w = std::max(w, v.name.size());
  std::string out;
  auto row = [&](std::string_view name, std::string_view status, const counts& c) {
    out += fmt::format("{:<{}}  {:<7}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}\n", name, w, status,
                       c.facts, c.pass, c.fail, c.skip, c.info);
  };
  out += fmt::format("{:<{}}  {:<7}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}\n", "variant", w, "status",
                     "facts", "pass", "fail", "skip", "info");
  counts identity, layouts;
  for (const auto& f : r.facts) {
    if (f.id.starts_with("identity.")) identity.add(f.status);
    if (f.id.starts_with("layout.")) layouts.add(f.status);
  }
  for (const auto& v : r.variants) {
    if (v.status == variant_status::skipped)
      out += fmt::format("{:<{}}  {:<7}  {}\n", v.name, w, "skipped", v.reason);
    else
      row(v.name, to_string(v.status), v.tally);
  }
  if (identity.facts) row("(identity)", "", identity);
  if (layouts.facts) row("(layouts)", "", layouts);
  row("total", "", r.totals.tally);
  out += fmt::format("variants: {} ran, {} failed to run, {} skipped; facts: {}\n",
                     r.totals.variants_ran, r.totals.variants_failed, r.totals.variants_skipped,
                     r.totals.tally.fail ? fmt::format("{} failed", r.totals.tally.fail)
                                         : std::string("nothing failed"));
  return escape_lines(out);
}

int exit_code(const report& r) { return r.totals.tally.fail ? 1 : 0; }

}  // namespace sysabi::host
