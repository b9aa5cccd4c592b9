// cli/src/run/completion.cpp - judging one variant's run: the fact
// harness.<variant>.completed, and how it was run: harness.<variant>.runner
// and exec_format.<variant> (completion.hpp).
#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sysabi/host/completion.hpp"

namespace sysabi::host {

fact completion_fact(const std::string& variant, std::string value, std::string reason) {
  fact f;
  f.id = fmt::format("harness.{}.completed", variant);
  f.variant = variant;
  f.expect = "completed";
  f.scope = fact_scope::variant;
  if (value.empty()) {
    f.value = "completed";
    f.status = fact_status::pass;
  } else {
    f.value = std::move(value);
    f.status = fact_status::fail;
    if (!reason.empty()) f.reason = std::move(reason);
  }
  return f;
}

std::optional<fact> environment_completion(const std::string& variant, const process_end& end,
                                           const std::string& what) {
  if (end.how != process_end::kind::spawn_failed) return std::nullopt;
  const char* why = end.code == EAGAIN ? "too many processes for this user: RLIMIT_NPROC"
                    : end.code == ENOMEM ? "out of memory"
                    : end.code == EMFILE ? "too many open files: RLIMIT_NOFILE"
                    : end.code == ENFILE ? "the system's file table is full"
                                         : nullptr;
  if (!why) return std::nullopt;
  fact f = completion_fact(variant, "", "");
  f.value = nullptr;
  f.status = fact_status::skip;
  f.reason = fmt::format("the environment: sysabi {} ({})", what, why);
  return f;
}

fact runner_fact(const std::string& variant, const std::string& runner, std::string how) {
  fact f;
  f.id = fmt::format("harness.{}.runner", variant);
  f.variant = variant;
  f.value = runner;
  f.status = fact_status::info;
  f.scope = fact_scope::variant;
  if (!how.empty()) f.reason = std::move(how);
  return f;
}

fact exec_format_fact(const std::string& variant, const std::string& value, std::string tried) {
  fact f;
  f.id = fmt::format("exec_format.{}", variant);
  f.variant = variant;
  f.value = value;
  f.status = fact_status::info;
  f.scope = fact_scope::variant;
  f.reason = std::move(tried);
  return f;
}

std::string errno_name(int e) {
  const char* n = ::strerrorname_np(e);
  return n ? std::string(n) : fmt::format("errno {}", e);
}

fact judge_run(const std::string& variant, const probe_output& out, const process_end& end,
               unsigned timeout_ms, long expected_probes) {
  // The value is short and stable (what happened); the reason has the details.
  std::string value;
  std::vector<std::string> details;
  // sysabi-probe exits 1 when one of its facts failed: that is a completed
  // run (the failing facts say what failed), as long as one really failed.
  bool facts_failed = std::any_of(out.facts.begin(), out.facts.end(),
                                  [](const fact& f) { return f.status == fact_status::fail; });
  bool exited_as_facts_say = end.how == process_end::kind::exited && end.code == 1 && facts_failed;
  if (!end.ok() && !exited_as_facts_say) {
    value = describe(end, timeout_ms);
    details.push_back(value);
  }
  details.insert(details.end(), out.problems.begin(), out.problems.end());
  bool count_wrong = out.trailer_seen && expected_probes >= 0 && out.probes != expected_probes;
  if (count_wrong)
    details.push_back(fmt::format("the trailer counts {} probes, {} were asked for", out.probes,
                                  expected_probes));
  if (value.empty()) {
    bool other_problem = out.problems.size() > (out.trailer_seen ? 0u : 1u);
    if (!out.header_seen) value = "no header";
    else if (other_problem) value = "bad output";
    else if (!out.trailer_seen) value = "no trailer";
    else if (count_wrong) value = "wrong probe count";
  }
  if (auto skip = environment_completion(variant, end, value)) return *skip;
  if (value.empty()) return completion_fact(variant, "", "");
  std::string reason = fmt::format("{}", fmt::join(details, "; "));
  if (std::string err = last_line(end.stderr_tail); !err.empty())
    reason += fmt::format("; stderr: {}", err);
  return completion_fact(variant, value, reason);
}

}  // namespace sysabi::host
