// sysabi/host/manifest.hpp - libexec/sysabi/variants.json, written by the
// build (toolchains/variants.cmake): every variant, built or not, and how to
// run it; and whether a variant can run on this machine right now.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sysabi::host {

struct variant_entry {
  std::string name;  // <arch>-<libc>-<linkage>
  std::string arch, libc, linkage;
  bool built = false;
  std::string probe;            // relative to the manifest's directory
  std::string runner;           // "native" or "qemu-<arch>"
  std::string fallback_runner;  // "" or "qemu-<arch>" (i386 on x86_64)
  std::string ld_prefix;        // a foreign dynamic variant's root for its loader and
                                // libraries (/usr/<triple>), given to qemu-user
  std::string reason;           // why it was not built
  std::string package;          // the Debian package that would provide it
};

struct manifest {
  std::filesystem::path dir;  // libexec/sysabi
  std::string sysabi_version;
  std::string host_arch;
  std::vector<variant_entry> variants;

  const variant_entry* find(std::string_view name) const;
  std::string names() const;  // "a, b, c"
};

// The directory holding variants.json: $SYSABI_LIBEXEC if set, otherwise
// relative to this executable (/proc/self/exe): <bindir>/../libexec/sysabi.
std::filesystem::path find_libexec_dir();

// Reads <dir>/variants.json; throws usage_error when it is missing or bad.
manifest load_manifest(const std::filesystem::path& dir);
// Parses a manifest's text (for tests); throws usage_error.
manifest parse_manifest(const std::string& text, const std::filesystem::path& dir);

// The Debian package that provides qemu-<arch>.
inline constexpr const char* qemu_package = "qemu-user";

// Whether a variant can run here and how.
struct availability {
  bool available = false;
  std::string runner;                // "native" or "qemu-<arch>"
  std::vector<std::string> command;  // runner argv prefix + probe path
  std::vector<std::string> env;      // NAME=value the runner needs (QEMU_LD_PREFIX)
  std::string reason;                // when not available
  std::string package;               // Debian package that would fix it
  // A foreign-but-compatible variant (i386 on x86_64, arm on aarch64) is
  // first tried on the kernel itself: "kernel" when its execve ran it, else
  // the errno name ("ENOEXEC"); "" when not tried.  `exec_tried` says what
  // was run.
  std::string exec_format;
  std::string exec_tried;
};

// A program's full path found on $PATH, or nullopt.
std::optional<std::filesystem::path> find_on_path(const std::string& program);

// Why this kernel would not run an x32 program, or nullopt if it takes x32
// system calls (asked with one, x32_kernel.cpp).
std::optional<std::string> x32_syscalls_refused();

// Built, probe present, runner found.  A "native" variant with a fallback
// runner (i386 on x86_64) is tried natively (`sysabi-probe --list`) and
// falls back to the emulator when the kernel will not execute it.  An x32
// variant (no emulator exists) runs only if the kernel takes x32 system
// calls and executes it; otherwise it is unavailable, the kernel's answers
// being the reason.
availability check_availability(const manifest& m, const variant_entry& v);

}  // namespace sysabi::host
