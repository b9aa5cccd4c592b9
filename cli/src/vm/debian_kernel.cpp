// cli/src/vm/debian_kernel.cpp - `sysabi vm --debian`: Debian 12's current
// kernel image for an arch, fetched with apt-get download and unpacked into
// a cache that several runs may fill at once.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/private_dir.hpp"
#include "vm_steps.hpp"

namespace sysabi::host::vm {

namespace {

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

std::optional<fs::path> vmlinuz_in(const fs::path& d) {
  std::error_code ec;
  if (!fs::is_directory(d, ec)) return std::nullopt;
  for (const auto& e : fs::recursive_directory_iterator(d))
    if (e.path().filename().string().starts_with("vmlinuz-")) return e.path();
  return std::nullopt;
}

// The versioned image package the metapackage linux-image-<flavour> depends
// on today (so the kernel ABI is never typed in here), e.g.
// linux-image-6.1.0-41-cloud-amd64.
std::string current_image(const std::string& flavour, const std::string& qualifier) {
  const std::string meta = "linux-image-" + flavour + qualifier;
  std::string deps = run_checked({"apt-cache", "depends", meta}, "", 60000);
  std::istringstream in(deps);
  for (std::string l; std::getline(in, l);) {
    auto at = l.find("Depends: linux-image-");
    if (at == std::string::npos) continue;
    std::string image = l.substr(at + 9);
    if (auto colon = image.find(':'); colon != std::string::npos) image.resize(colon);
    return image;
  }
  throw usage_error(fmt::format("apt-cache depends {} names no kernel image{}", meta,
                                qualifier.empty() ? "" : fmt::format(" (dpkg --add-architecture {}?)",
                                                                     qualifier.substr(1))));
}

// Holds the cache's lock for one image; whatever happens, the lock is let go
// and the scratch directory removed.
struct fetch_guard {
  int lock_fd;
  fs::path scratch;
  ~fetch_guard() {
    std::error_code ec;
    fs::remove_all(scratch, ec);
    ::close(lock_fd);
  }
};

// Downloads the package (its unsigned build where there is one, as for
// amd64) into `scratch` and unpacks it there.
void fetch_into(const fs::path& scratch, const std::string& image, const std::string& qualifier) {
  std::string pkg = image + "-unsigned";
  captured probe = run_capture({find_on_path("apt-cache")->string(), "show", pkg + qualifier}, 60000);
  if (!probe.end.ok() || probe.out.empty()) pkg = image;
  run_checked({"apt-get", "download", "-q", pkg + qualifier}, scratch.string(), 600000);
  for (const auto& e : fs::directory_iterator(scratch))
    if (e.path().extension() == ".deb")
      run_checked({"dpkg", "-x", e.path().string(), (scratch / "root").string()}, "", 120000);
  if (!vmlinuz_in(scratch)) throw usage_error(fmt::format("{} has no vmlinuz", pkg));
}

}  // namespace

fs::path debian_kernel(const vm_arch& arch, const std::string& flavour, const fs::path& cache) {
  if (!find_on_path("apt-cache") || !find_on_path("apt-get") || !find_on_path("dpkg"))
    throw usage_error("--debian needs apt-get and dpkg (a Debian system)");
  open_private_dir(cache);  // 0700, ours, no symbolic link: else refused before any use
  // The host's own arch needs no qualifier (and the cache's names stay as
  // they were for amd64).
  const std::string qualifier = arch.debian_arch == "amd64" ? "" : ":" + std::string(arch.debian_arch);
  const std::string image = current_image(flavour, qualifier);
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
  fetch_guard guard{lock_fd, cache / fmt::format("{}.partial-{}", image, ::getpid())};
  if (auto found = vmlinuz_in(dir)) return *found;
  std::error_code ec;
  fs::remove_all(guard.scratch, ec);
  fs::create_directories(guard.scratch);
  fetch_into(guard.scratch, image, qualifier);
  fs::remove_all(dir, ec);  // an empty directory left by an older sysabi
  fs::rename(guard.scratch, dir);
  return *vmlinuz_in(dir);
}

}  // namespace sysabi::host::vm
