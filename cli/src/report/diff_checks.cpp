// cli/src/report/diff_checks.cpp - the diff's fact rules: one predicate per
// rule of the table (diff_rules.cpp), tried in the table's order by
// classify(); each says why a pair matches it, or nullopt.
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "diff_checks.hpp"

namespace sysabi::host {

namespace {

using rule_fn = std::function<std::optional<std::string>(const pair_view&)>;

bool is_string(const fact* f, std::string_view s) {
  return f && f->value.is_string() && f->value.get<std::string>() == s;
}
std::string str(const fact* f) {
  if (!f) return "(none)";
  return f->value.is_string() ? f->value.get<std::string>() : f->value.dump();
}
// The dot-separated parts of a fact id.
std::vector<std::string> parts(const std::string& id) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = id.find('.', start);
    out.push_back(id.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}
// Gone from NEW although its variant ran.
bool gone_while_ran(const pair_view& p) { return p.b && !p.n && p.variant_ran; }

bool is_layout(const std::string& id) {
  return id.starts_with("layout.") || id.find(".layout.") != std::string::npos;
}

std::optional<std::string> census_enosys(const pair_view& p) {
  const auto& id = p.any().id;
  if (!id.starts_with("syscall_census.") || !is_string(p.b, "implemented")) return std::nullopt;
  auto ps = parts(id);
  if (ps.size() < 3 || ps[2] == "census") return std::nullopt;
  std::string call = id.substr(ps[0].size() + ps[1].size() + 2);
  std::string now = str(p.n);
  if (is_string(p.n, "ENOSYS") || (p.n && now.starts_with("not probed")) || gone_while_ran(p))
    return fmt::format("system call {} of the {} ABI: implemented -> {}", call, ps[1], now);
  return std::nullopt;
}

std::optional<std::string> vdso_mapped(const pair_view& p) {
  auto ps = parts(p.any().id);
  if (ps.size() != 3 || ps[0] != "vdso_census" || ps[2] != "mapped") return std::nullopt;
  if (!p.b || p.b->value != json(true)) return std::nullopt;
  if ((p.n && p.n->value == json(false)) || gone_while_ran(p))
    return fmt::format("the {} vDSO is no longer mapped", ps[1]);
  return std::nullopt;
}

std::optional<std::string> vdso_symbol(const pair_view& p) {
  auto ps = parts(p.any().id);
  if (ps.size() < 4 || ps[0] != "vdso_census" || ps[2] != "symbol" || !p.b) return std::nullopt;
  std::string name = p.any().id.substr(ps[0].size() + ps[1].size() + ps[2].size() + 3);
  if (gone_while_ran(p))
    return fmt::format("{} vDSO symbol {} ({}) is gone", ps[1], name, str(p.b));
  if (p.n && p.n->value != p.b->value)
    return fmt::format("{} vDSO symbol {}: version {} -> {}", ps[1], name, str(p.b), str(p.n));
  return std::nullopt;
}

int vsyscall_rank(const fact* f) {
  for (auto [name, rank] : {std::pair{"emulate", 2}, {"xonly", 1}, {"none", 0}})
    if (is_string(f, name)) return rank;
  return -1;
}

std::optional<std::string> vsyscall_mode(const pair_view& p) {
  if (p.any().id != "vsyscall.mode" || !p.b) return std::nullopt;
  int before = vsyscall_rank(p.b);
  int after = p.n ? vsyscall_rank(p.n) : (p.variant_ran ? 0 : -1);
  if (before < 0 || after < 0 || after >= before) return std::nullopt;
  return fmt::format("the vsyscall page's mode: {} -> {}", str(p.b), p.n ? str(p.n) : "(none)");
}

std::optional<std::string> vsyscall_time(const pair_view& p) {
  if (p.any().id != "vsyscall.time" || !is_string(p.b, "works")) return std::nullopt;
  if ((p.n && !is_string(p.n, "works")) || gone_while_ran(p))
    return fmt::format("time() through the vsyscall page: works -> {}", str(p.n));
  return std::nullopt;
}

std::optional<std::string> exec_format(const pair_view& p) {
  auto ps = parts(p.any().id);
  if (ps.size() < 2 || ps[0] != "exec_format" || !is_string(p.b, "kernel")) return std::nullopt;
  if ((p.n && !is_string(p.n, "kernel")) || gone_while_ran(p))
    return fmt::format("the kernel no longer executes {} binaries: execve gives {}",
                       p.any().id.substr(ps[0].size() + 1), str(p.n));
  return std::nullopt;
}

std::optional<std::string> runner_emulated(const pair_view& p) {
  auto ps = parts(p.any().id);
  if (ps.size() != 3 || ps[0] != "harness" || ps[2] != "runner") return std::nullopt;
  if (!is_string(p.b, "native") || !p.n || !user_emulator(str(p.n))) return std::nullopt;
  return fmt::format("{} ran natively, now under {}", ps[1], str(p.n));
}

std::optional<std::string> pass_fail(const pair_view& p) {
  if (p.b && p.n && p.b->status == fact_status::pass && p.n->status == fact_status::fail)
    return "an expectation that held now fails";
  return std::nullopt;
}

std::optional<std::string> new_fail(const pair_view& p) {
  if (!p.b && p.n && p.n->status == fact_status::fail) return "a new fact that fails";
  return std::nullopt;
}

std::optional<std::string> enosys(const pair_view& p) {
  if (p.b && is_string(p.n, "ENOSYS") && !is_string(p.b, "ENOSYS"))
    return "a call that worked now returns ENOSYS";
  return std::nullopt;
}

std::optional<std::string> layout(const pair_view& p) {
  if (p.b && p.n && is_layout(p.b->id) && p.b->value != p.n->value && !p.b->value.is_null() &&
      !p.n->value.is_null())
    return "a layout changed";
  return std::nullopt;
}

// A check that passed and is skipped in every variant of NEW.
bool passed_then_skipped(const pair_view& p) {
  return p.b && p.n && p.b->status == fact_status::pass && p.n->status == fact_status::skip &&
         p.skipped_everywhere;
}

bool names_word(const std::string& text, const std::string& word) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string t = lower(text), w = lower(word);
  for (auto at = t.find(w); at != std::string::npos; at = t.find(w, at + 1)) {
    bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(t[at - 1]));
    std::size_t end = at + w.size();
    bool right = end == t.size() || !std::isalnum(static_cast<unsigned char>(t[end]));
    if (left && right) return true;
  }
  return false;
}

std::optional<bool> feature(const host_info& h, const std::string& name) {
  for (const auto& [n, has] : h.cpu_features)
    if (n == name) return has;
  return std::nullopt;
}

std::optional<std::string> skip_cpu(const pair_view& p) {
  if (!passed_then_skipped(p)) return std::nullopt;
  const std::string reason = p.n->reason.value_or("");
  for (const auto& [name, has] : p.next->host.cpu_features) {
    auto before = feature(p.base->host, name);
    if (before == has || !names_word(reason, name)) continue;
    return fmt::format("the CPU differs: {} {} -> {} (skip reason: {})", name,
                       before ? (*before ? "present" : "absent") : "unknown",
                       has ? "present" : "absent", reason);
  }
  return std::nullopt;
}

std::optional<std::string> skip_environment(const pair_view& p) {
  if (!passed_then_skipped(p)) return std::nullopt;
  return environment_cause(p.n->reason.value_or(""), *p.base, *p.next);
}

std::optional<std::string> pass_to_skip(const pair_view& p) {
  if (!passed_then_skipped(p)) return std::nullopt;
  return fmt::format("passed, now skipped in every variant: {}", p.n->reason.value_or("no reason"));
}

std::optional<std::string> gone(const pair_view& p) {
  if (gone_while_ran(p) && p.b->status != fact_status::fail && !p.b->id.starts_with("identity."))
    return "no longer reported, though its variant ran";
  return std::nullopt;
}

std::optional<std::string> fixed(const pair_view& p) {
  if (p.b && p.n && p.b->status == fact_status::fail && p.n->status == fact_status::pass)
    return "a failing check now passes";
  if (gone_while_ran(p)) return "a failure that is gone";  // what `gone` left
  return std::nullopt;
}

std::optional<std::string> added(const pair_view& p) {
  if (!p.b) return "only in the new report";
  return std::nullopt;
}

std::optional<std::string> still_failing(const pair_view& p) {
  if (p.b && p.n && p.b->status == fact_status::fail && p.n->status == fact_status::fail)
    return "still failing, with another value";
  return std::nullopt;
}

std::optional<std::string> skip(const pair_view& p) {
  if (!p.b || !p.n) return std::nullopt;
  if (p.b->status == fact_status::skip) return "could not be checked before";
  if (p.n->status == fact_status::skip)
    return fmt::format("could not be checked now: {}", p.n->reason.value_or("no reason"));
  return std::nullopt;
}

std::optional<std::string> observation(const pair_view& p) {
  if (p.b && p.n && (p.b->status == fact_status::info || p.n->status == fact_status::info))
    return "an observation changed";
  return std::nullopt;
}

std::optional<std::string> moved(const pair_view& p) {
  if (p.b && p.n) return "the value moved with its expectation";
  return std::nullopt;
}

std::optional<std::string> variant_not_run(const pair_view& p) {
  if (p.b && !p.n && !p.variant_ran) return "its variant did not run in the new report";
  return std::nullopt;
}

// The fact rules, by id; the table's order decides.
const std::map<std::string_view, rule_fn>& fact_rules() {
  static const std::map<std::string_view, rule_fn> m = {
      {"census-enosys", census_enosys}, {"vdso-mapped", vdso_mapped},
      {"vdso-symbol", vdso_symbol},     {"vsyscall-mode", vsyscall_mode},
      {"vsyscall-time", vsyscall_time}, {"exec-format", exec_format},
      {"runner-emulated", runner_emulated}, {"pass-fail", pass_fail},
      {"new-fail", new_fail},           {"enosys", enosys},
      {"layout", layout},               {"skip-cpu", skip_cpu},
      {"skip-environment", skip_environment}, {"pass-to-skip", pass_to_skip},
      {"gone", gone},                   {"fixed", fixed},
      {"added", added},                 {"still-failing", still_failing},
      {"skip", skip},                   {"observation", observation},
      {"moved", moved},                 {"variant-not-run", variant_not_run},
  };
  return m;
}

}  // namespace

bool user_emulator(const std::string& runner) {
  return !runner.empty() && runner != "native" && !runner.starts_with("qemu-system");
}

std::optional<std::string> environment_cause(const std::string& reason, const report& base,
                                             const report& next) {
  if (reason.starts_with("environment:")) return "the environment: " + reason;
  for (const char* e : {"EAGAIN", "ENOMEM", "EMFILE", "ENOSPC"})
    if (names_word(reason, e)) return fmt::format("the environment ({}): {}", e, reason);
  if (base.host.emulator != next.host.emulator)
    return fmt::format("the emulator differs ({} -> {}): {}", base.host.emulator.value_or("none"),
                       next.host.emulator.value_or("none"), reason);
  if (names_word(reason, "qemu") || reason.find("qemu-user") != std::string::npos)
    return "an emulator: " + reason;
  return std::nullopt;
}

change classify(const pair_view& p) {
  const auto& fns = fact_rules();
  for (const auto& r : diff_rules()) {
    auto fn = fns.find(r.id);
    if (fn == fns.end()) continue;  // a variant or host rule
    if (auto why = fn->second(p)) {
      change c;
      c.kind = r.verdict;
      c.rule = std::string(r.id);
      c.id = p.any().id;
      c.variant = p.any().variant;
      if (p.b) c.base = *p.b;
      if (p.n) c.next = *p.n;
      c.why = std::move(*why);
      return c;
    }
  }
  throw std::logic_error("no diff rule matched " + p.any().id);  // `moved`/`added` match all
}

}  // namespace sysabi::host
