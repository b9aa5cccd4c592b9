// cli/src/vm/initramfs.cpp - the initramfs `sysabi vm` boots: /init
// (sysabi-vm-init), /vm-variants, /variants/<v>/sysabi-probe for every built
// variant the guest's kernel can run, and each dynamic one's loader and
// libraries at the paths it names them by; and `sysabi initramfs`, that
// image written to a file for other runners (docs/kernel-ci.md).
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <algorithm>
#include <cstdio>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/commands.hpp"
#include "sysabi/host/elf_facts.hpp"
#include "vm_steps.hpp"

namespace sysabi::host {

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

namespace vm {

namespace {

std::string read_whole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw usage_error(fmt::format("cannot read {}", p.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The files of the image, each path once, directories before what is in
// them (the kernel's unpacker does not make missing ones).
class image_files {
 public:
  void add(const std::string& name, std::uint32_t mode, std::string data = {},
           std::uint32_t rdev_major = 0, std::uint32_t rdev_minor = 0) {
    if (names_.insert(name).second) files_.push_back({name, mode, std::move(data), rdev_major, rdev_minor});
  }
  // A file at its absolute path on the target.
  void add_at(const fs::path& path, const fs::path& source, std::uint32_t mode) {
    fs::path rel = path.relative_path(), dir;
    for (auto it = rel.begin(); std::next(it) != rel.end(); ++it) add((dir /= *it).string(), 040755);
    if (!names_.count(rel.string())) add(rel.string(), mode, read_whole(source));
  }
  const std::vector<cpio_entry>& entries() const { return files_; }

 private:
  std::vector<cpio_entry> files_;
  std::set<std::string> names_;
};

// The loader a dynamic probe names and the libraries that loader resolves
// for it (`LOADER --list PROBE`, which glibc's and musl's loaders both
// answer, so no library path is typed in here), copied from this machine
// for its own arch or from the cross libc's directory (the variant's
// ld_prefix, which qemu-user also runs it with) for a foreign one.  The
// reason it cannot be brought, or "".
std::string add_loader_and_libraries(image_files& files, const variant_entry& v,
                                     const fs::path& probe, const std::string& host_machine) {
  std::string root;
  std::vector<std::string> run_loader;
  if (v.arch != host_machine) {
    auto emulator = v.ld_prefix.empty() ? std::nullopt : find_on_path(v.runner);
    if (!emulator)
      return v.ld_prefix.empty()
                 ? "dynamic, and this machine has no " + v.arch + " loader and libc to copy"
                 : "dynamic, and " + v.runner + " is not here to ask its loader";
    root = v.ld_prefix;
    run_loader = {emulator->string(), "-L", root};
  }
  std::string interp;
  for (const auto& f : elf_facts(probe, v.name))
    if (f.id == "elf.interp" && f.value.is_string()) interp = f.value.get<std::string>();
  if (interp.empty() || interp == "none" || !fs::exists(root + interp))
    return "dynamic, and its loader " + root + interp + " is not here";
  run_loader.insert(run_loader.end(), {root + interp, "--list", probe.string()});
  captured listed = run_capture(run_loader, 10000);
  if (!listed.end.ok()) return "dynamic, and " + interp + " --list failed: " + describe(listed.end, 10000);
  std::vector<std::string> libs;
  std::istringstream lines(listed.out);
  for (std::string l; std::getline(lines, l);) {
    auto arrow = l.find("=> ");
    if (arrow == std::string::npos) continue;  // the vDSO, the host's loader itself
    if (l.find(interp + " =>") != std::string::npos) continue;  // a foreign loader itself
    std::string path = l.substr(arrow + 3, l.find(" (", arrow) - arrow - 3);
    if (path != interp && fs::exists(root + path)) libs.push_back(path);
  }
  files.add_at(interp, fs::canonical(root + interp), 0100755);
  for (const auto& lib : libs) files.add_at(lib, fs::canonical(root + lib), 0100755);
  return "";
}

// The arch's own variants, and the compatible arch's static ones (i386 on
// an x86_64 kernel, arm on an arm64 one) and its ILP32 ABI's (x32 on
// x86_64): the kernel may refuse them, which the guest reports.
bool for_this_guest(const variant_entry& v, const vm_arch& arch) {
  const bool is_static = v.linkage.find("static") != std::string::npos;
  const bool foreign_ok = v.arch == arch.compat_arch ||
                          (!arch.ilp32_arch.empty() && v.arch == arch.ilp32_arch);
  return v.built && (v.arch == arch.variant_arch || (foreign_ok && is_static));
}

}  // namespace

initramfs::initramfs(initramfs&& o) noexcept
    : path(std::move(o.path)), chosen(std::move(o.chosen)), left_out(std::move(o.left_out)) {
  o.path.clear();
}

initramfs::~initramfs() {
  std::error_code ec;
  if (!path.empty()) fs::remove(path, ec);
}

initramfs build_initramfs(const manifest& m, const fs::path& libexec, const vm_arch& arch,
                          const std::vector<std::string>& only, bool ktap_console) {
  for (const auto& name : only) {
    auto it = std::find_if(m.variants.begin(), m.variants.end(),
                           [&](const variant_entry& v) { return v.name == name; });
    if (it == m.variants.end())
      throw usage_error(fmt::format("unknown variant '{}' (see `sysabi variants`)", name));
    if (!for_this_guest(*it, arch))
      throw usage_error(fmt::format("variant '{}' is not built or cannot run on an {} kernel",
                                    name, arch.name));
  }
  const fs::path init = libexec / (std::string(arch.variant_arch) + "-nolibc-static") / "sysabi-vm-init";
  if (!fs::exists(init))
    throw usage_error(fmt::format("{} not found (build the {}-nolibc-static variant)", init.string(),
                                  arch.variant_arch));
  struct utsname host_u {};
  ::uname(&host_u);
  image_files files;
  files.add("init", 0100755, read_whole(init));
  // /dev/console (character device 5:1) is in the image so that the kernel
  // opens it as /init's stdin, stdout and stderr before /init runs.
  files.add("dev", 040755);
  files.add("dev/console", 020600, "", 5, 1);
  files.add("variants", 040755);
  initramfs image;
  std::string list;
  for (const auto& v : m.variants) {
    const fs::path probe = libexec / v.probe;
    if (!for_this_guest(v, arch) || !fs::exists(probe)) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), v.name) == only.end()) continue;
    if (v.linkage.find("static") == std::string::npos) {
      std::string why = add_loader_and_libraries(files, v, probe, host_u.machine);
      if (!why.empty()) {
        image.left_out[v.name] = why;
        continue;
      }
    }
    image.chosen.push_back(&v);
    list += v.name + "\n";
    files.add("variants/" + v.name, 040755);
    files.add("variants/" + v.name + "/sysabi-probe", 0100755, read_whole(probe));
  }
  files.add("vm-variants", 0100644, list);
  if (ktap_console) files.add("vm-format", 0100644, "ktap\n");
  std::string name = (fs::temp_directory_path() / "sysabi-vm-XXXXXX.cpio").string();
  int fd = ::mkstemps(name.data(), 5);
  if (fd < 0) throw usage_error(fmt::format("cannot make {}: {}", name, std::strerror(errno)));
  ::close(fd);
  image.path = name;
  std::ofstream(image.path, std::ios::binary) << newc_archive(files.entries());
  return image;
}

}  // namespace vm

int cmd_initramfs(const initramfs_options& o) {
  if (o.output.empty()) throw usage_error("name the file to write: -o FILE");
  const vm::vm_arch& arch = vm::arch_named(o.arch.empty() ? [] {
    struct utsname u {};
    ::uname(&u);
    return std::string(u.machine);
  }() : o.arch);
  atomic_file out(o.output);
  const std::filesystem::path libexec = find_libexec_dir();
  const manifest m = load_manifest(libexec);
  vm::initramfs image = vm::build_initramfs(m, libexec, arch, o.variants, o.ktap_console);
  if (image.chosen.empty()) throw usage_error(fmt::format("no variant to put in an {} initramfs", arch.name));
  out.commit(vm::read_whole(image.path));
  std::string names;
  for (const auto* v : image.chosen) names += (names.empty() ? "" : " ") + v->name;
  std::fprintf(stderr, "sysabi: wrote %s (%s console; /init runs %s)\n", o.output.c_str(),
               o.ktap_console ? "KTAP" : "sysabi vm", names.c_str());
  for (const auto& [name, why] : image.left_out)
    std::fprintf(stderr, "sysabi: left out %s: %s\n", name.c_str(), why.c_str());
  return 0;
}

}  // namespace sysabi::host
