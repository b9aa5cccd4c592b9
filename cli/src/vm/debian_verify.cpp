// cli/src/vm/debian_verify.cpp - a cached Debian kernel is booted only when
// its package matches apt's index and the unpacked vmlinuz matches the
// package's md5sums (debian_verify.hpp).  The digests are computed by
// coreutils' sha256sum and md5sum, the package's fields and md5sums read by
// dpkg-deb: nothing here parses a .deb.
#include "debian_verify.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "sysabi/host/manifest.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/usage_error.hpp"

namespace sysabi::host::vm {

namespace fs = std::filesystem;

namespace {

constexpr unsigned tool_timeout_ms = 120000;

[[noreturn]] void mismatch(const fs::path& dir, const std::string& what) {
  throw usage_error(fmt::format("the cached kernel {} does not match Debian's metadata: {}; "
                                "not booting it (remove {} to fetch it again)",
                                dir.string(), what, dir.string()));
}

// Runs a tool found on PATH; its stdout, or mismatch() with its last line.
std::string tool_output(const fs::path& dir, std::vector<std::string> argv) {
  auto full = find_on_path(argv[0]);
  if (!full) mismatch(dir, fmt::format("{} is not installed", argv[0]));
  argv[0] = full->string();
  captured c = run_capture(argv, tool_timeout_ms);
  throw_if_interrupted();
  if (!c.end.ok())
    mismatch(dir, fmt::format("{} {}: {}", fs::path(argv[0]).filename().string(),
                              describe(c.end, tool_timeout_ms), last_line(c.end.stderr_tail)));
  return c.out;
}

// The first word of `sha256sum FILE` / `md5sum FILE`.
std::string digest(const fs::path& dir, const char* tool, const fs::path& file) {
  std::istringstream in(tool_output(dir, {tool, "--", file.string()}));
  std::string hex;
  in >> hex;
  return hex;
}

// "Name: value" lines of a control stanza.
std::string field(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l.starts_with(name + ": ")) return l.substr(name.size() + 2);
  return {};
}

// The entry's one .deb, a regular file.
fs::path the_deb(const fs::path& dir) {
  std::optional<fs::path> deb;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".deb") continue;
    if (!e.is_regular_file() || e.is_symlink())
      mismatch(dir, fmt::format("{} is not a regular file", e.path().filename().string()));
    if (deb) mismatch(dir, "it holds more than one .deb");
    deb = e.path();
  }
  if (!deb) mismatch(dir, "it holds no .deb to check the kernel against");
  return *deb;
}

// The .deb's SHA256 must be one apt's index gives for its package and version.
void check_package(const fs::path& dir, const fs::path& deb, const std::vector<std::string>& apt_cache) {
  std::string fields = tool_output(dir, {"dpkg-deb", "--field", deb.string(), "Package", "Version",
                                         "Architecture"});
  const std::string pkg = field(fields, "Package"), version = field(fields, "Version"),
                    arch = field(fields, "Architecture");
  if (pkg.empty() || version.empty() || arch.empty())
    mismatch(dir, fmt::format("{} names no package, version or architecture",
                              deb.filename().string()));
  std::vector<std::string> show = apt_cache;
  show.insert(show.end(), {"show", fmt::format("{}:{}={}", pkg, arch, version)});
  std::string index = tool_output(dir, show);
  const std::string sha = digest(dir, "sha256sum", deb);
  std::istringstream in(index);
  for (std::string l; std::getline(in, l);)
    if (l == "SHA256: " + sha) return;
  mismatch(dir, fmt::format("{}'s SHA256 {} is not the one apt's index gives for {} {} ({})",
                            deb.filename().string(), sha, pkg, version, arch));
}

// root/<rel> is a regular file reached through real directories only, ours
// and writable by nobody else.
fs::path private_file(const fs::path& dir, const fs::path& rel) {
  fs::path at = dir;
  const fs::path full = dir / "root" / rel;
  for (const auto& part : fs::path("root") / rel) {
    at /= part;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) mismatch(dir, fmt::format("{} is missing", at.string()));
    const bool last = at == full;
    if (S_ISLNK(st.st_mode)) mismatch(dir, fmt::format("{} is a symbolic link", at.string()));
    if (last ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode))
      mismatch(dir, fmt::format("{} is not a {}", at.string(), last ? "regular file" : "directory"));
    if (st.st_uid != ::geteuid() || (st.st_mode & 022))
      mismatch(dir, fmt::format("{} may be changed by another user (uid {}, mode {:04o})",
                                at.string(), st.st_uid, st.st_mode & 07777));
  }
  return full;
}

}  // namespace

std::optional<fs::path> verified_kernel(const fs::path& dir, const std::vector<std::string>& apt_cache) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return std::nullopt;
  if (fs::is_symlink(fs::symlink_status(dir, ec)) || !fs::is_directory(dir, ec))
    mismatch(dir, "it is not a directory");
  if (fs::is_empty(dir, ec)) return std::nullopt;  // an empty directory left by an older sysabi
  const fs::path deb = the_deb(dir);
  check_package(dir, deb, apt_cache);

  std::istringstream sums(tool_output(dir, {"dpkg-deb", "--info", deb.string(), "md5sums"}));
  for (std::string l; std::getline(sums, l);) {
    auto sep = l.find("  ");
    // The image: boot/vmlinuz-* (compressed, most arches) or boot/vmlinux-*
    // (the plain ELF image ppc64el and mips64el ship).
    if (sep == std::string::npos) continue;
    const std::string file = l.substr(sep + 2);
    if (!file.starts_with("boot/vmlinuz-") && !file.starts_with("boot/vmlinux-")) continue;
    const std::string want = l.substr(0, sep);
    const fs::path rel = l.substr(sep + 2);
    const fs::path vmlinuz = private_file(dir, rel);
    if (std::string got = digest(dir, "md5sum", vmlinuz); got != want)
      mismatch(dir, fmt::format("{} has MD5 {}, the package's md5sums say {}", vmlinuz.string(),
                                got, want));
    return vmlinuz;
  }
  mismatch(dir, fmt::format("{}'s md5sums list no boot/vmlinuz-* or boot/vmlinux-*",
                            deb.filename().string()));
}

}  // namespace sysabi::host::vm
