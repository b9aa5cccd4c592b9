// cli/src/run.cpp - `sysabi run`: every available variant's sysabi-probe on
// this kernel, in parallel, gathered into one report.
//
// Three steps, each a batch of child processes run by run_jobs():
//   1. `sysabi-probe --list` per variant: which probes it has (the count
//      drives the progress display);
//   2. only with --probe: `sysabi-probe NAME --list` for each requested name
//      a variant does not list (hidden probes, such as the harness's
//      self-tests, are runnable by name but not listed; an unknown name makes
//      sysabi-probe fail with exit 2 before it reads --list);
//   3. the runs themselves, each in a fresh private working directory (also
//      its TMPDIR) so probes of different variants running at the same time
//      never share scratch files.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/commands.hpp"
#include "sysabi/host/elf_facts.hpp"
#include "sysabi/host/html.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/trace.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/probe_output.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/report.hpp"
#include "sysabi/host/completion.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

constexpr unsigned list_timeout_ms = 30000;

std::string join(const std::vector<std::string>& v) { return fmt::format("{}", fmt::join(v, ", ")); }

// A variant as this run sees it.
struct planned {
  const variant_entry* entry;
  availability avail;
  variant_record record;
  std::vector<std::string> listed;    // from --list
  std::set<std::string> known;        // listed + hidden ones found by name
  std::vector<std::string> to_run;    // probe names passed on the command line ("" = all)
  std::size_t total = 0;              // probes expected to run
  std::vector<fact> facts;
  std::optional<fact> completed;      // harness.<variant>.completed
  bool running = false, finished = false;
  std::unique_ptr<probe_output_parser> parser;
  fs::path workdir;
};

class progress {
 public:
  explicit progress(std::vector<planned>& p) : plan_(p), tty_(::isatty(2) == 1) {}

  void update() {
    if (!tty_) return;
    std::size_t done = 0, to_do = 0;
    std::string running;
    for (const auto& p : plan_) {
      if (p.record.status == variant_status::skipped && !p.running && !p.finished) continue;
      ++to_do;
      if (p.finished) ++done;
      if (!p.running) continue;
      std::size_t outcomes = p.parser ? p.parser->result().outcomes : 0;
      running += fmt::format("{}{} {}/{}", running.empty() ? "" : ", ", p.entry->name, outcomes,
                             p.total);
    }
    // "running [4/15 variants done]: x86_64-musl-static 2/3 probes, ..."
    std::string line = fmt::format("running [{}/{} variants done]: {}", done, to_do, running);
    struct winsize ws {};
    std::size_t width = 80;
    if (::ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
    if (line.size() >= width) line = line.substr(0, width > 4 ? width - 4 : 0) + "...";
    if (shown_ && line == last_) return;
    last_ = line;
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  void finished(const planned& p) {
    if (tty_) return;
    const counts& c = p.record.tally;
    std::fprintf(stderr, "sysabi: %s: %s, %zu facts (%zu pass, %zu fail, %zu skip, %zu info)\n",
                 p.entry->name.c_str(), std::string(to_string(p.record.status)).c_str(), c.facts,
                 c.pass, c.fail, c.skip, c.info);
  }

  void clear() {
    if (tty_ && shown_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    }
    shown_ = false;
  }

 private:
  std::vector<planned>& plan_;
  bool tty_;
  bool shown_ = false;
  std::string last_;
};

void fail_variant(planned& p, std::string value, std::string reason) {
  p.record.status = variant_status::failed;
  p.completed = completion_fact(p.entry->name, std::move(value), std::move(reason));
}

}  // namespace

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
  if (value.empty()) return completion_fact(variant, "", "");
  std::string reason = fmt::format("{}", fmt::join(details, "; "));
  if (std::string err = last_line(end.stderr_tail); !err.empty())
    reason += fmt::format("; stderr: {}", err);
  return completion_fact(variant, value, reason);
}

int cmd_run(const run_options& o) {
  const auto libexec = find_libexec_dir();
  manifest m = load_manifest(libexec);

  // Which variants, in the manifest's order.
  std::set<std::string> wanted;
  for (const auto& name : o.variants) {
    if (!m.find(name))
      throw usage_error(fmt::format("unknown variant '{}' (known: {})", name, m.names()));
    wanted.insert(name);
  }
  if (o.timeout_ms == 0) throw usage_error("--timeout-ms must be at least 1");
  unsigned parallel = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());

  // Before anything runs: can the report be written?
  std::unique_ptr<atomic_file> out;
  if (!o.json_path.empty()) out = std::make_unique<atomic_file>(o.json_path);
  std::unique_ptr<atomic_file> html;
  if (!o.html_path.empty()) html = std::make_unique<atomic_file>(o.html_path);

  host_info host = current_host();

  std::vector<planned> plan;
  for (const auto& v : m.variants) {
    if (!wanted.empty() && !wanted.count(v.name)) continue;
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
    plan.push_back(std::move(p));
  }
  auto runnable = [](const planned& p) {
    return p.record.status == variant_status::ran && !p.completed;
  };

  install_interrupt_handlers();

  // 1. What each variant has.
  {
    std::vector<job> jobs;
    for (auto& p : plan) {
      if (!runnable(p)) continue;
      job j;
      j.argv = p.avail.command;
      j.argv.push_back("--list");
      j.extra_env = p.avail.env;
      j.timeout_ms = list_timeout_ms;
      j.on_line = [&p](std::string_view l) {
        if (!l.empty()) p.listed.emplace_back(l);
      };
      j.on_end = [&p](std::string_view rest, const process_end& e) {
        if (!rest.empty()) p.listed.emplace_back(rest);
        if (!e.ok())
          fail_variant(p, "could not list its probes: " + describe(e, list_timeout_ms),
                       last_line(e.stderr_tail));
        p.known.insert(p.listed.begin(), p.listed.end());
      };
      jobs.push_back(std::move(j));
    }
    run_jobs(jobs, parallel);
  }

  // 2. Requested probes: which variant has which.
  if (!o.probes.empty() && !interrupt_requested) {
    std::vector<job> jobs;
    for (auto& p : plan) {
      if (!runnable(p)) continue;
      for (const auto& name : o.probes) {
        if (p.known.count(name)) continue;
        job j;
        j.argv = p.avail.command;
        j.argv.push_back(name);
        j.argv.push_back("--list");
        j.extra_env = p.avail.env;
        j.timeout_ms = list_timeout_ms;
        j.on_end = [&p, name](std::string_view, const process_end& e) {
          if (e.ok()) p.known.insert(name);
        };
        jobs.push_back(std::move(j));
      }
    }
    run_jobs(jobs, parallel);
    std::set<std::string> everywhere;
    bool any_listed = false;
    for (const auto& p : plan) {
      if (!runnable(p)) continue;
      any_listed = true;
      everywhere.insert(p.known.begin(), p.known.end());
    }
    if (any_listed && !interrupt_requested) {
      for (const auto& name : o.probes) {
        if (!everywhere.count(name)) {
          std::set<std::string> listed;
          for (const auto& p : plan) listed.insert(p.listed.begin(), p.listed.end());
          throw usage_error(fmt::format("unknown probe '{}' (known: {})", name,
                                        fmt::join(listed, ", ")));
        }
      }
    }
    for (auto& p : plan) {
      if (!runnable(p)) continue;
      std::vector<std::string> missing;
      std::set<std::string> seen;
      for (const auto& name : o.probes) {
        if (!seen.insert(name).second) continue;
        (p.known.count(name) ? p.to_run : missing).push_back(name);
      }
      if (p.to_run.empty()) {
        p.record.status = variant_status::skipped;
        p.record.runner.clear();
        p.record.reason =
            fmt::format("none of the requested probes is built for this variant ({})", join(missing));
      } else if (!missing.empty()) {
        p.record.reason = fmt::format("probes not built for this variant: {}", join(missing));
      }
    }
  }
  for (auto& p : plan) p.total = o.probes.empty() ? p.listed.size() : p.to_run.size();

  // 3. The runs.
  progress show(plan);
  {
    std::vector<job> jobs;
    std::vector<planned*> owner;
    for (auto& p : plan) {
      if (!runnable(p)) continue;
      std::error_code ec;
      fs::path base = fs::temp_directory_path(ec);
      if (ec) base = "/tmp";
      std::string tmpl = (base / fmt::format("sysabi-{}.XXXXXX", p.entry->name)).string();
      if (::mkdtemp(tmpl.data()) == nullptr) {
        fail_variant(p, "could not start: no working directory",
                     fmt::format("mkdtemp {}: {}", tmpl, std::strerror(errno)));
        continue;
      }
      p.workdir = tmpl;
      job j;
      j.argv = p.avail.command;
      j.argv.push_back("--timeout-ms");
      j.argv.push_back(std::to_string(o.timeout_ms));
      j.argv.insert(j.argv.end(), p.to_run.begin(), p.to_run.end());
      j.cwd = p.workdir.string();
      j.extra_env = p.avail.env;
      j.extra_env.push_back("TMPDIR=" + p.workdir.string());
      // Under an emulator, probes that re-execute sysabi-probe must start
      // the emulator again: the kernel cannot run a foreign binary itself.
      if (p.avail.command.size() > 1) j.extra_env.push_back("SYSABI_EMULATOR=" + p.avail.command[0]);
      // Each probe has its own limit inside sysabi-probe; the whole run gets
      // one more probe's worth for start-up (an emulator) and the trailer.
      unsigned long overall = static_cast<unsigned long>(o.timeout_ms) * (p.total + 1);
      j.timeout_ms = static_cast<unsigned>(std::min<unsigned long>(overall, 0xffffffffUL));
      p.parser = std::make_unique<probe_output_parser>(p.entry->name);
      unsigned job_timeout = j.timeout_ms;
      long expected = static_cast<long>(p.total);
      j.on_line = [&p](std::string_view l) { p.parser->line(l); };
      j.on_end = [&p, &show, job_timeout, expected](std::string_view rest, const process_end& e) {
        p.parser->finish(rest);
        probe_output result = p.parser->result();
        p.facts = std::move(result.facts);
        p.completed = judge_run(p.entry->name, p.parser->result(), e, job_timeout, expected);
        if (p.completed->status == fact_status::fail) p.record.status = variant_status::failed;
        p.running = false;
        p.finished = true;
        for (const auto& f : p.facts) p.record.tally.add(f.status);
        p.record.tally.add(p.completed->status);
        show.clear();
        if (e.how != process_end::kind::interrupted) show.finished(p);
      };
      owner.push_back(&p);
      jobs.push_back(std::move(j));
    }
    run_jobs(
        jobs, parallel, [&](std::size_t i) { owner[i]->running = true; },
        [&] { show.update(); });
    show.clear();
  }
  for (auto& p : plan) {
    if (!p.workdir.empty()) {
      std::error_code ec;
      fs::remove_all(p.workdir, ec);
    }
  }
  if (interrupt_requested) {
    if (out) out->discard();
    if (html) html->discard();
    std::fprintf(stderr, "sysabi: interrupted\n");
    return 130;
  }

  std::vector<variant_record> records;
  std::vector<fact> facts;
  for (auto& p : plan) {
    if (p.completed) facts.push_back(*p.completed);
    facts.insert(facts.end(), std::make_move_iterator(p.facts.begin()),
                 std::make_move_iterator(p.facts.end()));
    // A whole run also describes each probe binary as an ELF file (elf.*).
    if (o.probes.empty() && p.finished && !p.avail.command.empty()) {
      auto ef = elf_facts(p.avail.command.back(), p.entry->name);
      facts.insert(facts.end(), ef.begin(), ef.end());
      // ... and the system calls it issues for a few operations (trace.*,
      // old_kernel.*), where it runs natively.
      std::optional<std::string> why = untraceable_reason(p.avail);
      if (!why && !has_elf_magic(p.avail.command.back()))
        why = "not an ELF file: it has no trace_op helper to run";
      if (why) {
        auto ts = trace_skips(p.entry->name, *why);
        facts.insert(facts.end(), ts.begin(), ts.end());
      } else {
        auto tf = trace_facts(p.entry->name, p.avail.command.back());
        facts.insert(facts.end(), tf.begin(), tf.end());
      }
    }
    records.push_back(p.record);
  }
  // ... and every struct layout the compilers computed (layout.*).
  if (o.probes.empty()) {
    if (fs::exists(libexec / "layout" / "sources.json")) {
      auto lf = layout_facts(load_layouts(libexec));
      facts.insert(facts.end(), lf.begin(), lf.end());
    } else {
      fact f;
      f.id = "layout.objects";
      f.variant = m.host_arch + "-*";
      f.status = fact_status::skip;
      f.reason = fmt::format("no struct layouts in {}", (libexec / "layout").string());
      f.scope = fact_scope::arch;
      facts.push_back(std::move(f));
    }
  }
  report r = build_report(version(), std::move(host), std::move(records), std::move(facts));

  std::cout << render_failures(r);
  std::cout << render_summary(r);
  std::cout.flush();
  if (html) {
    std::vector<layout_set> layouts;
    if (fs::exists(libexec / "layout" / "sources.json")) layouts = load_layouts(libexec);
    html->commit(render_report_html(r, layouts));
  }
  if (out) {
    try {
      out->commit(render_json(r));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sysabi: %s\n", e.what());
      return 2;
    }
  }
  return exit_code(r);
}

}  // namespace sysabi::host
