// cli/src/run/run.cpp - `sysabi run`: every available variant's sysabi-probe on
// this kernel, in parallel, gathered into one report.
//
// cmd_run is the composition of named steps (run_steps.hpp):
//   enosys  with --enosys, the seccomp filters every child inherits
//           (run_enosys.cpp);
//   plan    which variants, and whether each can run here (run_list.cpp);
//   list    `sysabi-probe --list` per variant: which probes it has (the
//           count drives the progress display); with --probe, which
//           variant has which requested probe (run_list.cpp);
//   run     the runs themselves, each in a fresh private working directory
//           (run_probes.cpp);
//   gather  the facts: the probes' and the host-side ones (run_gather.cpp);
//   assemble the report (assemble_report, cli/src/report/report.cpp);
//   print   the failures and the summary; write the JSON, HTML and KTAP files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "run_steps.hpp"
#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/html.hpp"
#include "sysabi/host/ktap.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/test_hold.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

// The files a run writes, opened before anything runs (so that an
// unwritable path is refused at once).
struct run_outputs {
  std::unique_ptr<atomic_file> json, html, ktap;

  explicit run_outputs(const run_options& o) {
    if (!o.json_path.empty()) json = std::make_unique<atomic_file>(o.json_path);
    if (!o.html_path.empty()) html = std::make_unique<atomic_file>(o.html_path);
    if (!o.ktap_path.empty()) ktap = std::make_unique<atomic_file>(o.ktap_path);
    refuse_same_file({json.get(), html.get(), ktap.get()});
    check_temp_dir();
  }
  // With a report on stdout (`--json -`), the summary goes to stderr.
  bool stdout_taken() const {
    return (json && json->is_stdout()) || (html && html->is_stdout()) || (ktap && ktap->is_stdout());
  }
  int interrupted() {
    if (json) json->discard();
    if (html) html->discard();
    if (ktap) ktap->discard();
    std::fprintf(stderr, "sysabi: interrupted\n");
    return interrupted_status();
  }
};

// The struct layouts the build computed, or nullopt when it made none.
std::optional<std::vector<layout_set>> built_layouts(const fs::path& libexec) {
  if (!fs::exists(libexec / "layout" / "sources.json")) return std::nullopt;
  return load_layouts(libexec);
}

void print_report(const report& r, std::ostream& out) {
  out << render_failures(r);
  out << render_summary(r);
  out.flush();
}

// Every output is rendered first, then committed: a signal while rendering
// leaves every old output as it was.
int write_report(run_outputs& files, const report& r,
                 const std::optional<std::vector<layout_set>>& layouts) {
  std::string html, ktap, json;
  if (files.html) html = render_report_html(r, layouts ? *layouts : std::vector<layout_set>{});
  throw_if_interrupted();
  if (files.ktap) ktap = report_ktap(r).text;
  if (files.json) json = render_json(r);
  test_hold("run:rendering");
  throw_if_interrupted();
  if (files.html) files.html->commit(html);
  if (files.ktap) files.ktap->commit(ktap);
  if (files.json) files.json->commit(json);
  return exit_code(r);
}

}  // namespace

int cmd_run(const run_options& o) {
  const auto libexec = find_libexec_dir();
  const manifest m = load_manifest(libexec);
  const auto wanted = chosen_variants(m, o.variants);
  if (o.timeout_ms == 0) throw usage_error("--timeout-ms must be at least 1");
  const unsigned parallel = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  const auto enosys = parse_enosys(o.enosys);
  run_outputs files(o);
  test_hold("run:outputs");
  host_info host = current_host();
  if (!enosys.empty()) {
    // From here on, sysabi and every probe runner it starts see ENOSYS for
    // these calls; the report says so.
    install_enosys(enosys);
    host.seccomp_enosys = describe_enosys(enosys);
  }

  std::vector<planned> plan = plan_variants(m, wanted);
  if (interrupt_requested) return files.interrupted();
  list_probes(plan, parallel);
  choose_probes(plan, o.probes, parallel);
  run_probes(plan, o.timeout_ms, parallel);
  if (interrupt_requested) return files.interrupted();

  const bool whole_run = o.probes.empty();
  const auto layouts = whole_run || files.html ? built_layouts(libexec) : std::nullopt;
  std::vector<fact> facts = gather_facts(plan, whole_run, layouts, m);
  throw_if_interrupted();  // and in every commit (atomic_file): old outputs stay
  report r = assemble_report(std::move(host), variant_records(plan), std::move(facts));
  throw_if_interrupted();
  print_report(r, files.stdout_taken() ? std::cerr : std::cout);
  return write_report(files, r, layouts);
}

}  // namespace sysabi::host
