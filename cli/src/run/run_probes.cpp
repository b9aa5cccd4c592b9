// cli/src/run/run_probes.cpp - the runs of `sysabi run` (step 3): each
// variant's sysabi-probe in a fresh private working directory (also its
// TMPDIR), so probes of different variants running at the same time never
// share scratch files; the progress on stderr while they run.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "run_steps.hpp"
#include "sysabi/host/completion.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

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

// A fresh private working directory for `p`; false (and the variant
// failed) when none can be made.
bool make_workdir(planned& p) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string tmpl = (base / fmt::format("sysabi-{}.XXXXXX", p.entry->name)).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    fail_variant(p, "could not start: no working directory",
                 fmt::format("mkdtemp {}: {}", tmpl, std::strerror(errno)));
    return false;
  }
  p.workdir = tmpl;
  return true;
}

// The job that runs `p`'s probes; its end judges the run.
job run_job(planned& p, unsigned timeout_ms, progress& show) {
  job j;
  j.argv = p.avail.command;
  j.argv.push_back("--timeout-ms");
  j.argv.push_back(std::to_string(timeout_ms));
  j.argv.insert(j.argv.end(), p.to_run.begin(), p.to_run.end());
  j.cwd = p.workdir.string();
  j.extra_env = p.avail.env;
  j.extra_env.push_back("TMPDIR=" + p.workdir.string());
  j.output_limit = max_variant_output_bytes;  // beyond it: "killed: too much output"
  // Under an emulator, probes that re-execute sysabi-probe must start
  // the emulator again: the kernel cannot run a foreign binary itself.
  if (p.avail.command.size() > 1) j.extra_env.push_back("SYSABI_EMULATOR=" + p.avail.command[0]);
  // Each probe has its own limit inside sysabi-probe; the whole run gets
  // one more probe's worth for start-up (an emulator) and the trailer.
  unsigned long overall = static_cast<unsigned long>(timeout_ms) * (p.total + 1);
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
  return j;
}

}  // namespace

void run_probes(std::vector<planned>& plan, unsigned timeout_ms, unsigned parallel) {
  progress show(plan);
  std::vector<job> jobs;
  std::vector<planned*> owner;
  for (auto& p : plan) {
    if (!p.runnable() || !make_workdir(p)) continue;
    jobs.push_back(run_job(p, timeout_ms, show));
    owner.push_back(&p);
  }
  run_jobs(
      jobs, parallel, [&](std::size_t i) { owner[i]->running = true; }, [&] { show.update(); });
  show.clear();
  for (auto& p : plan) {
    if (!p.workdir.empty()) {
      std::error_code ec;
      fs::remove_all(p.workdir, ec);
    }
  }
}

}  // namespace sysabi::host
