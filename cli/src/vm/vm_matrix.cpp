// cli/src/vm/vm_matrix.cpp - `sysabi vm` over several kernels: every kernel
// is one `sysabi vm --kernel K` of its own, a child process of this one (so
// each has its own initramfs, qemu and console, and nothing is shared
// between threads), run at most -j at a time by run_jobs (process.hpp).
// Their reports are read back for one summary table; the exit status is the
// worst of theirs.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/report.hpp"
#include "vm_steps.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

std::vector<vm_kernel> read_kernel_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw usage_error(fmt::format("cannot read the kernel list {}", path));
  std::vector<vm_kernel> out;
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    vm_kernel k;
    if (!(words >> k.kernel) || k.kernel[0] == '#') continue;
    std::string arch;
    if (words >> arch && arch != "-") k.arch = arch;
    std::string rest;
    std::getline(words >> std::ws, rest);
    if (!rest.empty()) k.append = rest;
    k.name = fmt::format("{}-{}", fs::path(k.kernel).filename().string(), number);
    out.push_back(std::move(k));
  }
  if (out.empty()) throw usage_error(fmt::format("the kernel list {} names no kernel", path));
  return out;
}

namespace {

struct kernel_run {
  const vm_kernel* k = nullptr;
  fs::path json, ktap, console;
  process_end end;
  bool ended = false;
};

// The child's command line: this sysabi's `vm` with one kernel.
std::vector<std::string> child_argv(const fs::path& self, const vm_matrix_options& o,
                                    const kernel_run& run) {
  const vm_options& b = o.base;
  std::vector<std::string> argv = {self.string(), "vm", "--kernel", run.k->kernel};
  const std::string& arch = run.k->arch.empty() ? b.arch : run.k->arch;
  if (!arch.empty()) argv.insert(argv.end(), {"--arch", arch});
  const auto& append = run.k->append ? run.k->append : b.append;
  if (append) argv.insert(argv.end(), {"--append", *append});
  if (!b.cpu.empty()) argv.insert(argv.end(), {"--cpu", b.cpu});
  argv.insert(argv.end(), {"--smp", std::to_string(b.smp), "--memory", std::to_string(b.memory_mb),
                           "--timeout", std::to_string(b.timeout_s), "--json", run.json.string(),
                           "--ktap", run.ktap.string(), "--console", run.console.string()});
  return argv;
}

// Worse first: 2 (no report), 1 (a failure), 0.
int worse(int a, int b) { return std::max(a, b); }

// Usage errors before anything starts: every kernel a file with a known arch
// and a report name of its own, and the options each child would check.
void validate_matrix(const vm_matrix_options& o) {
  if (o.jobs == 0) throw usage_error("-j must be at least 1");
  if (o.kernels.empty()) throw usage_error("name a kernel: --kernel VMLINUZ or --kernels FILE");
  std::set<std::string> names;
  for (const auto& k : o.kernels) {
    if (!fs::is_regular_file(k.kernel))
      throw usage_error(fmt::format("kernel {} is not a file", k.kernel));
    if (!k.arch.empty()) vm::arch_named(k.arch);  // usage_error if unknown
    if (!names.insert(k.name).second)
      throw usage_error(fmt::format("two kernels would write reports named {}", k.name));
  }
  vm::validate_options([&] {
    vm_options v = o.base;
    v.kernel = o.kernels.front().kernel;
    return v;
  }());
}

// The reports go to --json-dir, or to a scratch directory (set in `scratch`)
// removed after.
fs::path report_dir(const vm_matrix_options& o, fs::path& scratch) {
  fs::path dir = o.json_dir;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "sysabi-vm-matrix-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw usage_error("cannot make a scratch directory");
    dir = scratch = tmpl;
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
      throw usage_error(fmt::format("--json-dir {}: cannot make it a directory", dir.string()));
  }
  return dir;
}

// One child job per kernel, writing its reports into `dir`; each records its
// end in its kernel_run.
std::vector<job> kernel_jobs(const vm_matrix_options& o, const fs::path& dir,
                             std::vector<kernel_run>& runs) {
  const fs::path self = fs::read_symlink("/proc/self/exe");
  std::vector<job> jobs(o.kernels.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    kernel_run& r = runs[i];
    r.k = &o.kernels[i];
    r.json = dir / (r.k->name + ".json");
    r.ktap = dir / (r.k->name + ".ktap");
    r.console = dir / (r.k->name + ".console");
    jobs[i].argv = child_argv(self, o, r);
    // The child's own limit ends qemu; this one only guards against a hang
    // (a boot may be tried twice after an early reset).
    jobs[i].timeout_ms = (2 * o.base.timeout_s + 120) * 1000;
    jobs[i].on_end = [&r](std::string_view, const process_end& e) {
      r.end = e;
      r.ended = true;
    };
  }
  return jobs;
}

// The summary table, one row per kernel read back from its report (or the
// reason it has none); `status` becomes the worst of the kernels' statuses.
std::string summary_table(const vm_matrix_options& o, const std::vector<kernel_run>& runs,
                          unsigned timeout_ms, int& status) {
  std::string table = fmt::format("{:<28} {:<8} {:<26} {:>9} {:>6} {:>6} {:>6}  {}\n", "kernel",
                                  "arch", "release", "variants", "ok", "fail", "skip", "result");
  for (const auto& r : runs) {
    const std::string arch = r.k->arch.empty() ? (o.base.arch.empty() ? "-" : o.base.arch) : r.k->arch;
    int code = r.ended && r.end.how == process_end::kind::exited ? r.end.code : 2;
    std::string result = code == 0 ? "ok" : code == 1 ? "FAIL" : "ERROR";
    std::string row;
    if (code <= 1 && fs::exists(r.json)) {
      report rep = read_report(r.json.string());
      counts c = rep.totals.tally;
      row = fmt::format("{:<28} {:<8} {:<26} {:>9} {:>6} {:>6} {:>6}  {}\n", r.k->name, arch,
                        rep.host.kernel_release,
                        fmt::format("{}/{}", rep.totals.variants_ran, rep.variants.size()),
                        c.pass + c.info, c.fail, c.skip, result);
    } else {
      code = 2;
      std::string why = last_line(r.end.stderr_tail);
      if (why.empty()) why = describe(r.end, timeout_ms);
      row = fmt::format("{:<28} {:<8} {:<26} {:>9} {:>6} {:>6} {:>6}  ERROR: {}\n", r.k->name, arch,
                        "-", "-", "-", "-", "-", why);
    }
    table += row;
    status = worse(status, code);
  }
  return table;
}

}  // namespace

int cmd_vm_matrix(const vm_matrix_options& o) {
  validate_matrix(o);
  fs::path scratch;
  const fs::path dir = report_dir(o, scratch);
  std::vector<kernel_run> runs(o.kernels.size());
  std::vector<job> jobs = kernel_jobs(o, dir, runs);
  std::fprintf(stderr, "sysabi: booting %zu kernels, %u at a time\n", runs.size(), o.jobs);
  install_interrupt_handlers();
  run_jobs(jobs, o.jobs, [&](std::size_t i) {
    std::fprintf(stderr, "sysabi: [%zu/%zu] %s\n", i + 1, runs.size(), runs[i].k->kernel.c_str());
  });

  int status = 0;
  std::cout << summary_table(o, runs, jobs.front().timeout_ms, status);
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  } else {
    std::cout << fmt::format("reports: {}/<kernel>.json, .ktap and .console\n", dir.string());
  }
  std::cout.flush();
  if (interrupt_requested) return 130;
  return status;
}

}  // namespace sysabi::host
