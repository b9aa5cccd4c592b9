// cli/src/vm.cpp - `sysabi vm`: boot a kernel under qemu-system with the
// probes in an initramfs, read their output off the serial console, and
// make a report of it like `sysabi run` does.
//
//   initramfs   /init (sysabi-vm-init), /vm-variants, /variants/<v>/sysabi-probe
//               for every built variant of the arch (and i386's static ones
//               on x86_64), dynamic ones with their loader and libraries
//               copied from this machine to the same paths (newc_archive)
//   qemu        TCG, -nographic (the console is qemu's stdout), -no-reboot and
//               panic=-1 so that a power-off or a panic both end qemu
//   output      lines between "@@sysabi-vm begin V" and "... end V STATUS"
//               are V's probe output; everything else is the kernel's
#include "sysabi/host/vm.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/commands.hpp"
#include "sysabi/host/completion.hpp"
#include "sysabi/host/elf_facts.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/probe_output.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/report.hpp"
#include "sysabi/host/trace.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

std::string newc_archive(const std::vector<cpio_entry>& entries) {
  std::string out;
  auto pad4 = [&out] {
    while (out.size() % 4) out.push_back('\0');
  };
  auto add = [&](const cpio_entry& e, std::uint32_t ino) {
    const std::string& name = e.name;
    // magic, then 13 eight-digit hex fields: ino mode uid gid nlink mtime
    // filesize devmajor devminor rdevmajor rdevminor namesize check.
    out += fmt::format("070701{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
                       ino, e.mode, 0, 0, (e.mode & 0170000) == 040000 ? 2 : 1, 0, e.data.size(), 0,
                       0, e.rdev_major, e.rdev_minor, name.size() + 1, 0);
    out += name;
    out.push_back('\0');
    pad4();
    out += e.data;
    pad4();
  };
  std::uint32_t ino = 1;
  for (const auto& e : entries) add(e, ino++);
  add({"TRAILER!!!", 0, ""}, 0);
  return out;
}

namespace {

struct qemu_machine {
  std::string program, package, console;
  std::vector<std::string> args;
};

qemu_machine machine_for(const std::string& arch) {
  if (arch == "x86_64")
    return {"qemu-system-x86_64", "qemu-system-x86", "ttyS0", {"-accel", "tcg", "-cpu", "max"}};
  if (arch == "aarch64")
    return {"qemu-system-aarch64", "qemu-system-arm", "ttyAMA0",
            {"-accel", "tcg", "-M", "virt", "-cpu", "max"}};
  throw usage_error(fmt::format("unknown arch '{}' (known: x86_64, aarch64)", arch));
}

std::string read_whole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw usage_error(fmt::format("cannot read {}", p.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a command in `cwd`; usage_error with its last line when it fails.
std::string run_checked(std::vector<std::string> argv, const std::string& cwd, unsigned timeout_ms) {
  if (auto full = find_on_path(argv[0])) argv[0] = full->string();
  std::string out;
  process_end end;
  std::vector<job> jobs(1);
  jobs[0].argv = argv;
  jobs[0].cwd = cwd;
  jobs[0].timeout_ms = timeout_ms;
  jobs[0].on_line = [&](std::string_view l) {
    out.append(l);
    out.push_back('\n');
  };
  jobs[0].on_end = [&](std::string_view rest, const process_end& e) {
    out.append(rest);
    end = e;
  };
  run_jobs(jobs, 1);
  if (!end.ok())
    throw usage_error(fmt::format("{} {}: {}", argv[0], describe(end, timeout_ms),
                                  last_line(end.stderr_tail)));
  return out;
}

// Debian 12's current cloud kernel for `arch`, fetched with apt-get download
// (the only network sysabi uses) and unpacked into the cache once.
fs::path debian_kernel(const std::string& arch, const fs::path& cache) {
  const std::string debarch = arch == "x86_64" ? "amd64" : "arm64";
  const std::string meta = "linux-image-cloud-" + debarch + (arch == "x86_64" ? "" : ":arm64");
  if (!find_on_path("apt-cache") || !find_on_path("apt-get") || !find_on_path("dpkg"))
    throw usage_error("--debian needs apt-get and dpkg (a Debian system)");
  // The metapackage names the current ABI: never typed in here.
  std::string deps = run_checked({"apt-cache", "depends", meta}, "", 60000);
  std::string image;
  std::istringstream in(deps);
  for (std::string l; std::getline(in, l);) {
    auto at = l.find("Depends: linux-image-");
    if (at != std::string::npos) {
      image = l.substr(at + 9);
      break;
    }
  }
  if (image.empty())
    throw usage_error(fmt::format("apt-cache depends {} names no kernel image{}", meta,
                                  arch == "x86_64" ? "" : " (dpkg --add-architecture arm64?)"));
  if (auto colon = image.find(':'); colon != std::string::npos) image.resize(colon);
  auto vmlinuz_in = [](const fs::path& d) -> std::optional<fs::path> {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) return std::nullopt;
    for (const auto& e : fs::recursive_directory_iterator(d))
      if (e.path().filename().string().starts_with("vmlinuz-")) return e.path();
    return std::nullopt;
  };
  const fs::path dir = cache / image;
  if (auto found = vmlinuz_in(dir)) return *found;

  // Two runs may fetch at once (lit runs tests in parallel): one holds the
  // cache's lock while the other waits, and the package is unpacked into a
  // scratch directory renamed into place, so `dir` is whole or absent.
  fs::create_directories(cache);
  const fs::path lock_path = cache / (image + ".lock");
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX) != 0)
    throw usage_error(fmt::format("cannot lock {}: {}", lock_path.string(), std::strerror(errno)));
  if (auto found = vmlinuz_in(dir)) {
    ::close(lock_fd);
    return *found;
  }

  // Whatever happens below, the lock is let go and no scratch is left.
  const fs::path scratch = cache / fmt::format("{}.partial-{}", image, ::getpid());
  struct fetch_guard {
    int lock_fd;
    fs::path scratch;
    ~fetch_guard() {
      std::error_code ec;
      fs::remove_all(scratch, ec);
      ::close(lock_fd);
    }
  } guard{lock_fd, scratch};
  std::error_code ec;
  fs::remove_all(scratch, ec);
  fs::create_directories(scratch);
  // The unsigned build where there is one (amd64); the image itself otherwise.
  std::string pkg = image + "-unsigned";
  std::string qualifier = arch == "x86_64" ? "" : ":arm64";
  captured probe = run_capture({find_on_path("apt-cache")->string(), "show", pkg + qualifier}, 60000);
  if (!probe.end.ok() || probe.out.empty()) pkg = image;
  run_checked({"apt-get", "download", "-q", pkg + qualifier}, scratch.string(), 600000);
  for (const auto& e : fs::directory_iterator(scratch))
    if (e.path().extension() == ".deb")
      run_checked({"dpkg", "-x", e.path().string(), (scratch / "root").string()}, "", 120000);
  if (!vmlinuz_in(scratch)) throw usage_error(fmt::format("{} has no vmlinuz", pkg));
  fs::remove_all(dir, ec);  // an empty directory left by an older sysabi
  fs::rename(scratch, dir);
  return *vmlinuz_in(dir);
}

}  // namespace

int cmd_vm(const vm_options& o) {
  if (o.kernel.empty() == !o.debian)
    throw usage_error("name a kernel: --kernel VMLINUZ or --debian (one of them)");
  if (o.timeout_s == 0) throw usage_error("--timeout must be at least 1");
  struct utsname host_u {};
  ::uname(&host_u);
  const std::string arch = o.arch.empty() ? host_u.machine : o.arch;
  qemu_machine qm = machine_for(arch);
  auto qemu = find_on_path(qm.program);
  if (!qemu)
    throw usage_error(fmt::format("{} not found (install Debian package {})", qm.program, qm.package));

  const fs::path libexec = find_libexec_dir();
  manifest m = load_manifest(libexec);
  std::unique_ptr<atomic_file> out;
  if (!o.json_path.empty()) out = std::make_unique<atomic_file>(o.json_path);

  fs::path kernel = o.kernel;
  if (o.debian) {
    fs::path cache = o.cache_dir.empty() ? libexec / ".." / ".." / "vm-cache" : fs::path(o.cache_dir);
    kernel = debian_kernel(arch, cache.lexically_normal());
  }
  if (!fs::is_regular_file(kernel))
    throw usage_error(fmt::format("kernel {} is not a file", kernel.string()));

  // The initramfs: every built static variant of the arch.
  const fs::path init = libexec / (arch + "-nolibc-static") / "sysabi-vm-init";
  if (!fs::exists(init))
    throw usage_error(fmt::format("{} not found (build the {}-nolibc-static variant)", init.string(), arch));
  // /dev/console (character device 5:1) is in the image so that the kernel
  // opens it as /init's stdin, stdout and stderr before /init runs.
  std::vector<cpio_entry> files = {{"init", 0100755, read_whole(init)},
                                   {"dev", 040755, ""},
                                   {"dev/console", 020600, "", 5, 1},
                                   {"variants", 040755, ""}};
  std::set<std::string> in_image = {"init", "dev", "dev/console", "variants"};
  // A file at its absolute path, with its directories before it (the
  // kernel's unpacker does not make missing ones).
  auto add_at = [&](const fs::path& path, const fs::path& source, std::uint32_t mode) {
    fs::path rel = path.relative_path(), dir;
    for (auto it = rel.begin(); std::next(it) != rel.end(); ++it) {
      dir /= *it;
      if (in_image.insert(dir.string()).second) files.push_back({dir.string(), 040755, ""});
    }
    if (in_image.insert(rel.string()).second) files.push_back({rel.string(), mode, read_whole(source)});
  };
  std::vector<const variant_entry*> chosen;
  std::map<std::string, std::string> left_out;  // variant -> why
  std::string list;
  for (const auto& v : m.variants) {
    const bool is_static = v.linkage.find("static") != std::string::npos;
    // The arch's own variants, and i386's static ones on an x86_64 kernel
    // (IA-32 emulation).
    if (!(v.arch == arch || (arch == "x86_64" && v.arch == "i386" && is_static)) || !v.built) continue;
    fs::path probe = libexec / v.probe;
    if (!fs::exists(probe)) continue;
    if (!is_static) {
      // A dynamic variant brings its loader and libraries to the same paths
      // in the image: from this machine's file system for its own arch, from
      // the cross libc's directory (the variant's ld_prefix, which qemu-user
      // also runs it with) for a foreign one.
      std::string root;
      std::vector<std::string> run_loader;
      if (arch != host_u.machine) {
        auto emulator = v.ld_prefix.empty() ? std::nullopt : find_on_path(v.runner);
        if (!emulator) {
          left_out[v.name] = v.ld_prefix.empty()
                                 ? "dynamic, and this machine has no " + arch + " loader and libc to copy"
                                 : "dynamic, and " + v.runner + " is not here to ask its loader";
          continue;
        }
        root = v.ld_prefix;
        run_loader = {emulator->string(), "-L", root};
      }
      // Which files: what its own loader resolves (`LOADER --list PROBE`,
      // which glibc's and musl's loaders both answer), so no library path is
      // typed in here.
      std::string interp;
      for (const auto& f : elf_facts(probe, v.name))
        if (f.id == "elf.interp" && f.value.is_string()) interp = f.value.get<std::string>();
      if (interp.empty() || interp == "none" || !fs::exists(root + interp)) {
        left_out[v.name] = "dynamic, and its loader " + root + interp + " is not here";
        continue;
      }
      run_loader.insert(run_loader.end(), {root + interp, "--list", probe.string()});
      captured listed = run_capture(run_loader, 10000);
      if (!listed.end.ok()) {
        left_out[v.name] = "dynamic, and " + interp + " --list failed: " +
                           describe(listed.end, 10000);
        continue;
      }
      std::vector<std::string> libs;
      std::istringstream lines(listed.out);
      for (std::string l; std::getline(lines, l);) {
        auto arrow = l.find("=> ");
        if (arrow == std::string::npos) continue;  // the vDSO, the host's loader itself
        if (l.find(interp + " =>") != std::string::npos) continue;  // a foreign loader itself
        std::string path = l.substr(arrow + 3, l.find(" (", arrow) - arrow - 3);
        if (path != interp && fs::exists(root + path)) libs.push_back(path);
      }
      add_at(interp, fs::canonical(root + interp), 0100755);
      for (const auto& lib : libs) add_at(lib, fs::canonical(root + lib), 0100755);
    }
    chosen.push_back(&v);
    list += v.name + "\n";
    files.push_back({"variants/" + v.name, 040755, ""});
    files.push_back({"variants/" + v.name + "/sysabi-probe", 0100755, read_whole(probe)});
  }
  files.push_back({"vm-variants", 0100644, list});
  fs::path initrd = fs::temp_directory_path() / fmt::format("sysabi-vm-{}.cpio", ::getpid());
  {
    std::ofstream f(initrd, std::ios::binary);
    f << newc_archive(files);
  }

  std::vector<std::string> argv = {qemu->string()};
  argv.insert(argv.end(), qm.args.begin(), qm.args.end());
  for (const std::string& a : {std::string("-m"), std::string("1024"), std::string("-nographic"),
                               std::string("-no-reboot"), std::string("-kernel"), kernel.string(),
                               std::string("-initrd"), initrd.string(), std::string("-append"),
                               "console=" + qm.console + " quiet loglevel=1 panic=-1"})
    argv.push_back(a);
  std::fprintf(stderr, "sysabi: booting %s under %s (%zu variants)\n", kernel.c_str(),
               qm.program.c_str(), chosen.size());
  // A guest that resets before /init has said anything (qemu ends with
  // status 0 under -no-reboot, and the console holds only the firmware's
  // lines) is booted once more, within what is left of the time limit: TCG
  // has been seen to do that, rarely, on this kind of machine.
  const auto started = std::chrono::steady_clock::now();
  captured c = run_capture(argv, o.timeout_s * 1000);
  if (c.end.ok() && c.out.find("@@sysabi-vm ") == std::string::npos) {
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
    if (spent < static_cast<long long>(o.timeout_s) * 1000) {
      std::fprintf(stderr, "sysabi: the VM reset before /init printed anything; booting it again\n");
      c = run_capture(argv, o.timeout_s * 1000 - static_cast<unsigned>(spent));
    }
  }
  std::error_code ec;
  fs::remove(initrd, ec);
  if (!o.console_path.empty()) atomic_file(o.console_path).commit(c.out);

  // Read the console.
  host_info host;
  host.emulator = qm.program + " (TCG)";
  std::map<std::string, std::unique_ptr<probe_output_parser>> parsers;
  std::map<std::string, int> statuses;
  std::string current, panic_line, last_kernel_line, cpuinfo_line;
  bool done = false;
  std::istringstream in(c.out);
  for (std::string l; std::getline(in, l);) {
    while (!l.empty() && (l.back() == '\r' || l.back() == '\n')) l.pop_back();
    if (l.find("Kernel panic") != std::string::npos && panic_line.empty()) panic_line = l;
    // The firmware's terminal escapes can share the first line with ours.
    if (auto at = l.find("@@sysabi-vm "); at != std::string::npos) l.erase(0, at);
    if (l.starts_with("@@sysabi-vm ")) {
      std::istringstream w(l.substr(12));
      std::string what;
      w >> what;
      if (what == "uname") {
        std::string rest = l.substr(12 + 6);
        auto a = rest.find('|'), b = rest.rfind('|');
        host.kernel_release = rest.substr(0, a);
        host.kernel_version = rest.substr(a + 1, b - a - 1);
        host.machine = rest.substr(b + 1);
      } else if (what == "cpuinfo") {
        cpuinfo_line = l.substr(12 + 8);
      } else if (what == "begin") {
        w >> current;
        parsers[current] = std::make_unique<probe_output_parser>(current);
      } else if (what == "end") {
        std::string v;
        int status = 0;
        w >> v >> status;
        statuses[v] = status;
        if (parsers.count(v)) parsers[v]->finish();
        current.clear();
      } else if (what == "done") {
        done = true;
      }
      continue;
    }
    if (!current.empty() && l.starts_with("{"))
      parsers[current]->line(l);
    else if (!l.empty())
      last_kernel_line = l;
  }
  if (!panic_line.empty()) throw usage_error(fmt::format("the VM's kernel panicked: {}", panic_line));
  if (!done) {
    if (c.end.how == process_end::kind::timed_out)
      throw usage_error(fmt::format("the VM did not finish within {} s (last console line: {})",
                                    o.timeout_s, last_kernel_line));
    throw usage_error(fmt::format("the VM ended before sysabi-vm-init finished: qemu {} (last "
                                  "console line: {})",
                                  describe(c.end, o.timeout_s * 1000), last_kernel_line));
  }

  host.cpu_features = cpu_features_from_cpuinfo(cpuinfo_line, host.machine);

  // The report, as `sysabi run` makes it.
  std::vector<variant_record> records;
  std::vector<fact> facts;
  for (const auto& v : m.variants) {
    variant_record r;
    r.name = v.name;
    r.arch = v.arch;
    r.libc = v.libc;
    r.linkage = v.linkage;
    bool ran = false;
    for (const auto* ch : chosen) ran |= ch == &v;
    if (!ran) {
      r.status = variant_status::skipped;
      r.reason = left_out.count(v.name) ? left_out[v.name]
                 : v.arch != arch         ? fmt::format("not for this VM's {} kernel", arch)
                                          : "not built";
      records.push_back(r);
      continue;
    }
    r.status = variant_status::ran;
    r.runner = qm.program;
    process_end end;
    int st = statuses.count(v.name) ? statuses[v.name] : (127 << 8);
    if (WIFSIGNALED(st)) {
      end.how = process_end::kind::signaled;
      end.code = WTERMSIG(st);
    } else {
      end.code = WEXITSTATUS(st);
    }
    probe_output po = parsers.count(v.name) ? parsers[v.name]->take() : probe_output{};
    facts.push_back(judge_run(v.name, po, end, o.timeout_s * 1000, -1));
    if (facts.back().status == fact_status::fail) r.status = variant_status::failed;
    facts.insert(facts.end(), po.facts.begin(), po.facts.end());
    auto ef = elf_facts(libexec / v.probe, v.name);
    facts.insert(facts.end(), ef.begin(), ef.end());
    auto ts = trace_skips(v.name, "inside a VM: sysabi traces variants only on the host");
    facts.insert(facts.end(), ts.begin(), ts.end());
    records.push_back(r);
  }
  if (fs::exists(libexec / "layout" / "sources.json")) {
    auto lf = layout_facts(load_layouts(libexec));
    facts.insert(facts.end(), lf.begin(), lf.end());
  }
  report r = build_report(version(), std::move(host), std::move(records), std::move(facts));
  std::cout << render_failures(r) << render_summary(r);
  std::cout.flush();
  if (out) out->commit(render_json(r));
  return exit_code(r);
}

}  // namespace sysabi::host
