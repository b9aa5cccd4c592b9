// cli/src/run/run_list.cpp - the first steps of `sysabi run`: which variants
// run (plan_variants), what probes each has (list_probes: `sysabi-probe
// --list`), and with --probe which variant has which (choose_probes: hidden
// probes, such as the harness's self-tests, are runnable by name but not
// listed; an unknown name makes sysabi-probe fail with exit 2 before it
// reads --list).
#include <set>

#include <fmt/format.h>

#include "run_steps.hpp"
#include "sysabi/host/completion.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

namespace {

constexpr unsigned list_timeout_ms = 30000;

planned plan_one(const manifest& m, const variant_entry& v) {
  planned p;
  p.entry = &v;
  p.avail = check_availability(m, v);
  p.record.name = v.name;
  p.record.arch = v.arch;
  p.record.libc = v.libc;
  p.record.linkage = v.linkage;
  if (p.avail.available) {
    p.record.status = variant_status::ran;
    p.record.runner = p.avail.runner;
  } else {
    p.record.status = variant_status::skipped;
    p.record.reason = p.avail.package.empty()
                          ? p.avail.reason
                          : fmt::format("{} (install Debian package {})", p.avail.reason,
                                        p.avail.package);
  }
  return p;
}

// `sysabi-probe [ARGS] --list` for a variant.
job list_job(const planned& p, std::vector<std::string> args) {
  job j;
  j.argv = p.avail.command;
  j.argv.insert(j.argv.end(), args.begin(), args.end());
  j.argv.push_back("--list");
  j.extra_env = p.avail.env;
  j.timeout_ms = list_timeout_ms;
  return j;
}

// Asks each variant by name for the requested probes it did not list.
void find_hidden_probes(std::vector<planned>& plan, const std::vector<std::string>& probes,
                        unsigned parallel) {
  std::vector<job> jobs;
  for (auto& p : plan) {
    if (!p.runnable()) continue;
    for (const auto& name : probes) {
      if (p.known.count(name)) continue;
      job j = list_job(p, {name});
      j.on_end = [&p, name](std::string_view, const process_end& e) {
        if (e.ok()) p.known.insert(name);
      };
      jobs.push_back(std::move(j));
    }
  }
  run_jobs(jobs, parallel);
}

// usage_error for a requested probe that no variant has.
void check_probes_known(const std::vector<planned>& plan, const std::vector<std::string>& probes) {
  std::set<std::string> everywhere;
  bool any_listed = false;
  for (const auto& p : plan) {
    if (!p.runnable()) continue;
    any_listed = true;
    everywhere.insert(p.known.begin(), p.known.end());
  }
  if (!any_listed || interrupt_requested) return;
  for (const auto& name : probes) {
    if (everywhere.count(name)) continue;
    std::set<std::string> listed;
    for (const auto& p : plan) listed.insert(p.listed.begin(), p.listed.end());
    throw usage_error(
        fmt::format("unknown probe '{}' (known: {})", name, fmt::join(listed, ", ")));
  }
}

// Each variant runs the requested probes it has; one with none is skipped.
void assign_probes(std::vector<planned>& plan, const std::vector<std::string>& probes) {
  for (auto& p : plan) {
    if (!p.runnable()) continue;
    std::vector<std::string> missing;
    std::set<std::string> seen;
    for (const auto& name : probes) {
      if (!seen.insert(name).second) continue;
      (p.known.count(name) ? p.to_run : missing).push_back(name);
    }
    if (p.to_run.empty()) {
      p.record.status = variant_status::skipped;
      p.record.runner.clear();
      p.record.reason = fmt::format(
          "none of the requested probes is built for this variant ({})", fmt::join(missing, ", "));
    } else if (!missing.empty()) {
      p.record.reason = fmt::format("probes not built for this variant: {}", fmt::join(missing, ", "));
    }
  }
}

}  // namespace

void fail_variant(planned& p, std::string value, std::string reason) {
  p.record.status = variant_status::failed;
  p.completed = completion_fact(p.entry->name, std::move(value), std::move(reason));
}

std::set<std::string> chosen_variants(const manifest& m, const std::vector<std::string>& names) {
  std::set<std::string> wanted;
  for (const auto& name : names) {
    if (!m.find(name))
      throw usage_error(fmt::format("unknown variant '{}' (known: {})", name, m.names()));
    wanted.insert(name);
  }
  return wanted;
}

std::vector<planned> plan_variants(const manifest& m, const std::set<std::string>& wanted) {
  std::vector<planned> plan;
  for (const auto& v : m.variants)
    if (wanted.empty() || wanted.count(v.name)) plan.push_back(plan_one(m, v));
  return plan;
}

void list_probes(std::vector<planned>& plan, unsigned parallel) {
  std::vector<job> jobs;
  for (auto& p : plan) {
    if (!p.runnable()) continue;
    job j = list_job(p, {});
    j.on_line = [&p](std::string_view l) {
      if (!l.empty()) p.listed.emplace_back(l);
    };
    j.on_end = [&p](std::string_view rest, const process_end& e) {
      if (!rest.empty()) p.listed.emplace_back(rest);
      if (auto skip = environment_completion(p.entry->name, e,
                                             "could not list its probes: " +
                                                 describe(e, list_timeout_ms))) {
        p.record.status = variant_status::skipped;
        p.record.reason = skip->reason.value_or("");
        p.completed = std::move(skip);
      } else if (!e.ok()) {
        fail_variant(p, "could not list its probes: " + describe(e, list_timeout_ms),
                     last_line(e.stderr_tail));
      }
      p.known.insert(p.listed.begin(), p.listed.end());
    };
    jobs.push_back(std::move(j));
  }
  run_jobs(jobs, parallel);
}

void choose_probes(std::vector<planned>& plan, const std::vector<std::string>& probes,
                   unsigned parallel) {
  if (!probes.empty() && !interrupt_requested) {
    find_hidden_probes(plan, probes, parallel);
    check_probes_known(plan, probes);
    assign_probes(plan, probes);
  }
  for (auto& p : plan) p.total = probes.empty() ? p.listed.size() : p.to_run.size();
}

}  // namespace sysabi::host
