// cli/src/vm/debian_kernel.cpp - `sysabi vm --debian`: Debian 12's current
// kernel image for an arch, fetched with apt-get download and unpacked into
// a cache that several runs may fill at once.  With --debian-release (e.g.
// bookworm-backports) apt-get works from a private configuration inside the
// cache: its own sources.list naming only that release on the mirror the
// system's apt already uses, its own package lists and download cache;
// nothing is installed and the system's apt state is never touched.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <fstream>
#include <sstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/private_dir.hpp"
#include "debian_verify.hpp"
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

// The kernel image under d: /boot/vmlinuz-* (compressed, most arches) or
// /boot/vmlinux-* (the plain ELF image that ppc64el ships).
std::optional<fs::path> vmlinuz_in(const fs::path& d) {
  std::error_code ec;
  if (!fs::is_directory(d, ec)) return std::nullopt;
  for (const auto& e : fs::recursive_directory_iterator(d)) {
    const std::string name = e.path().filename().string();
    if (e.path().parent_path().filename() == "boot" &&
        (name.starts_with("vmlinuz-") || name.starts_with("vmlinux-")))
      return e.path();
  }
  return std::nullopt;
}

// How apt-get and apt-cache are run: the system's configuration, or a
// private one for another release (`options`, each "-o" "Name=value").
struct apt_setup {
  std::vector<std::string> options;
  std::string qualifier;  // ":i386" for a foreign arch of the system's apt

  std::vector<std::string> command(std::string program, std::vector<std::string> args) const {
    std::vector<std::string> argv{std::move(program)};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

// The Debian archive the system's apt sources use (their entry labelled
// "Debian", not Debian-Security), as apt itself reads them.
std::string system_debian_mirror() {
  std::string targets = run_checked(
      {"apt-get", "indextargets", "--format", "$(LABEL) $(REPO_URI)"}, "", 60000);
  std::istringstream in(targets);
  for (std::string l; std::getline(in, l);)
    if (l.starts_with("Debian ")) return l.substr(7);
  throw usage_error("--debian-release: the system's apt sources name no Debian archive "
                    "(apt-get indextargets shows no entry labelled Debian)");
}

// A private apt configuration under `cache`/apt-<release>-<arch>/ listing
// only `release`, its package lists refreshed when missing or a day old.
apt_setup private_apt(const std::string& release, const vm_arch& arch, const fs::path& cache) {
  const std::string keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
  if (!fs::exists(keyring))
    throw usage_error(fmt::format("--debian-release needs {} (Debian package "
                                  "debian-archive-keyring)", keyring));
  const fs::path dir = cache / fmt::format("apt-{}-{}", release, arch.debian_arch);
  for (const char* sub : {"lists/partial", "cache/archives/partial", "etc"})
    fs::create_directories(dir / sub);
  const std::string line = fmt::format("deb [arch={} signed-by={}] {} {} main\n", arch.debian_arch,
                                       keyring, system_debian_mirror(), release);
  {
    std::ofstream out(dir / "etc/sources.list", std::ios::trunc);
    out << "# written by sysabi vm --debian-release: only this release, for " << arch.debian_arch
        << "\n" << line;
  }
  apt_setup apt;
  const std::string arch_name(arch.debian_arch);
  apt.options = {"-o", "Dir::Etc::SourceList=" + (dir / "etc/sources.list").string(),
                 "-o", "Dir::Etc::SourceParts=/dev/null",
                 "-o", "Dir::State::Lists=" + (dir / "lists").string(),
                 "-o", "Dir::Cache=" + (dir / "cache").string(),
                 "-o", "APT::Architecture=" + arch_name,
                 "-o", "APT::Architectures=" + arch_name};
  // Refreshed when there is no list yet, or the newest is a day old.
  std::error_code ec;
  auto newest = fs::file_time_type::min();
  for (const auto& e : fs::directory_iterator(dir / "lists", ec))
    if (e.path().filename().string().ends_with("Release"))
      newest = std::max(newest, fs::last_write_time(e.path(), ec));
  if (newest == fs::file_time_type::min() ||
      fs::file_time_type::clock::now() - newest > std::chrono::hours(24))
    run_checked(apt.command("apt-get", {"-q", "update"}), "", 600000);
  return apt;
}

// The versioned image package the metapackage linux-image-<flavour> depends
// on today (so the kernel ABI is never typed in here), e.g.
// linux-image-6.1.0-41-cloud-amd64.
std::string current_image(const std::string& flavour, const apt_setup& apt) {
  const std::string& qualifier = apt.qualifier;
  const std::string meta = "linux-image-" + flavour + qualifier;
  std::string deps = run_checked(apt.command("apt-cache", {"depends", meta}), "", 60000);
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
void fetch_into(const fs::path& scratch, const std::string& image, const apt_setup& apt) {
  const std::string& qualifier = apt.qualifier;
  std::string pkg = image + "-unsigned";
  captured probe = run_capture(
      apt.command(find_on_path("apt-cache")->string(), {"show", pkg + qualifier}), 60000);
  if (!probe.end.ok() || probe.out.empty()) pkg = image;
  run_checked(apt.command("apt-get", {"download", "-q", pkg + qualifier}), scratch.string(), 600000);
  for (const auto& e : fs::directory_iterator(scratch))
    if (e.path().extension() == ".deb")
      run_checked({"dpkg", "-x", e.path().string(), (scratch / "root").string()}, "", 120000);
  if (!vmlinuz_in(scratch))
    throw usage_error(fmt::format("{} has no /boot/vmlinuz-* or /boot/vmlinux-*", pkg));
}

}  // namespace

fs::path debian_kernel(const vm_arch& arch, const std::string& flavour,
                       const std::string& release, const fs::path& cache) {
  if (!find_on_path("apt-cache") || !find_on_path("apt-get") || !find_on_path("dpkg"))
    throw usage_error("--debian needs apt-get and dpkg (a Debian system)");
  open_private_dir(cache);  // 0700, ours, no symbolic link: else refused before any use
  apt_setup apt;
  if (!release.empty()) {
    // The lists are shared by runs: one at a time refreshes them.
    fs::create_directories(cache);
    const fs::path lock_path = cache / fmt::format("apt-{}-{}.lock", release, arch.debian_arch);
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0)
      throw usage_error(fmt::format("cannot lock {}: {}", lock_path.string(), std::strerror(errno)));
    fetch_guard unlock{fd, {}};
    apt = private_apt(release, arch, cache);
  } else if (arch.debian_arch != "amd64") {
    // The host's own arch needs no qualifier (and the cache's names stay as
    // they were for amd64).
    apt.qualifier = ":" + std::string(arch.debian_arch);
  }
  // apt-cache parses every package list of every architecture when it has
  // no binary cache (Debian's container images turn it off:
  // Dir::Cache::pkgcache ""), about 4 s a call here with eight
  // architectures, and a boot makes three calls.  One kept in the private
  // cache makes a call 0.03 s; apt rebuilds it when the lists change and
  // writes it atomically, so parallel runs share it.
  apt.options.insert(apt.options.end(),
                     {"-o", "Dir::Cache::pkgcache=" +
                                (cache / (release.empty() ? std::string("apt-pkgcache.bin")
                                                          : fmt::format("apt-{}-{}/pkgcache.bin",
                                                                        release, arch.debian_arch)))
                                    .string()});
  const std::string image = current_image(flavour, apt);
  const fs::path dir = cache / image;
  // Booted only once checked against Debian's metadata (debian_verify.cpp).
  const std::vector<std::string> apt_cache = apt.command("apt-cache", {});
  if (auto found = verified_kernel(dir, apt_cache)) return *found;

  // Two runs may fetch at once (lit runs tests in parallel): one holds the
  // cache's lock while the other waits, and the package is unpacked into a
  // scratch directory renamed into place, so `dir` is whole or absent.
  fs::create_directories(cache);
  const fs::path lock_path = cache / (image + ".lock");
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX) != 0)
    throw usage_error(fmt::format("cannot lock {}: {}", lock_path.string(), std::strerror(errno)));
  fetch_guard guard{lock_fd, cache / fmt::format("{}.partial-{}", image, ::getpid())};
  if (auto found = verified_kernel(dir, apt_cache)) return *found;
  std::error_code ec;
  fs::remove_all(guard.scratch, ec);
  fs::create_directories(guard.scratch);
  fetch_into(guard.scratch, image, apt);
  fs::remove_all(dir, ec);  // an empty directory left by an older sysabi
  fs::rename(guard.scratch, dir);
  if (auto found = verified_kernel(dir, apt_cache)) return *found;
  throw usage_error(fmt::format("{} vanished after it was unpacked", dir.string()));
}

}  // namespace sysabi::host::vm
