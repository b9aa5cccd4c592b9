// cli/src/disasm/asm.cpp - `sysabi asm`: the raw layer's stubs and the nolibc
// probe's own assembly, disassembled (disasm.cpp), annotated line by line
// (annotate.cpp) and printed.
#include "sysabi/host/asm.hpp"

#include <fmt/format.h>
#include <sys/utsname.h>

#include <elf.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

std::string render_listing(const disassembly& d, const std::vector<std::vector<std::string>>& notes,
                           const syscall_convention& conv) {
  const char* comment = conv.arch == "aarch64" ? "//" : conv.arch == "arm" ? "@" : "#";
  std::size_t bytes_w = 0, text_w = 0;
  std::uint64_t last = 0;
  for (const auto& in : d.instructions) {
    bytes_w = std::max(bytes_w, std::min<std::size_t>(in.bytes.size(), 8) * 3);
    text_w = std::max(text_w, 8 + in.operands.size());
    last = in.address;
  }
  text_w = std::min<std::size_t>(std::max<std::size_t>(text_w, 24), 40);
  const std::size_t addr_w = fmt::format("{:x}", last).size();
  std::string out;
  for (std::size_t i = 0; i < d.instructions.size(); ++i) {
    const auto& in = d.instructions[i];
    std::string bytes;
    for (std::size_t b = 0; b < in.bytes.size() && b < 8; ++b)
      bytes += fmt::format("{:02x} ", in.bytes[b]);
    std::string text = fmt::format("{:<7} {}", in.mnemonic, in.operands);
    std::string line = fmt::format("  {:>{}x}:  {:<{}} {:<{}}", in.address, addr_w, bytes, bytes_w,
                                   text, text_w);
    const auto& ns = notes[i];
    if (ns.empty()) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
      continue;
    }
    out += fmt::format("{}  {} {}\n", line, comment, ns[0]);
    for (std::size_t k = 1; k < ns.size(); ++k)
      out += fmt::format("{:<{}}  {} {}\n", "", line.size(), comment, ns[k]);
  }
  return out;
}

namespace {

// The probe's functions worth asking for by name (any other symbol works too).
constexpr const char* probe_highlights[] = {
    "_start",          "sysabi_start_c",  "sysabi_setjmp",     "sysabi_longjmp",
    "sysabi_sigsetjmp", "sysabi_siglongjmp", "sysabi_restore_rt", "sysabi_cc_trap",
    "memcpy",          "memmove",         "memset",            "memcmp",
    "strlen"};

std::string stub_names(const elf_image& stubs) {
  std::vector<std::string> v;
  for (const auto& f : stubs.functions())
    if (f.name.rfind("sysabi_stub_", 0) == 0) v.push_back(f.name.substr(12));
  std::sort(v.begin(), v.end());
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string probe_names(const elf_image* probe) {
  std::string s;
  if (!probe) return s;
  for (const char* h : probe_highlights)
    if (probe->find(h)) s += fmt::format("{}{}", s.empty() ? "" : ", ", h);
  return s;
}

// The ELF machine (e_machine) of each arch's code: an object of another
// machine is refused before its bytes reach a decoder.
int machine_of(const std::string& arch) {
  static const std::map<std::string, int> machines = {
      {"x86_64", EM_X86_64}, {"x32", EM_X86_64},  {"i386", EM_386},      {"aarch64", EM_AARCH64},
      {"arm", EM_ARM},       {"riscv64", EM_RISCV}, {"ppc64le", EM_PPC64}, {"s390x", EM_S390},
      {"mips64el", EM_MIPS}, {"sparc64", EM_SPARCV9}};
  auto it = machines.find(arch);
  if (it == machines.end())
    throw usage_error(fmt::format("--object: no ELF machine is known for arch '{}'", arch));
  return it->second;
}

// --object FILE SYMBOL: any function of any ELF file of the arch.
int asm_of_object(const asm_options& o, const std::string& arch, const syscall_convention& conv) {
  if (o.what.empty()) throw usage_error("--object needs a SYMBOL to disassemble");
  elf_image image(o.object, machine_of(std::string(conv.arch)));
  const elf_function* f = image.find(o.what);
  if (!f) f = image.find("sysabi_stub_" + o.what);
  if (!f) {
    std::string known;
    for (const auto& fn : image.functions()) known += (known.empty() ? "" : ", ") + fn.name;
    throw usage_error(fmt::format("unknown symbol '{}' in {} (known: {})", o.what, o.object, known));
  }
  std::optional<syscall_table> table;
  try {
    auto targets = load_arch_targets(find_libexec_dir());
    table = read_syscall_table(arch, built_target(targets, arch).syscalls);
  } catch (const usage_error&) {
    // Numbers stay unnamed without the build's tables.
  }
  auto d = disassemble(image, *f, conv);
  auto notes = annotate(f->name, d.instructions, conv, table ? &*table : nullptr);
  std::printf("%s - %s, from %s, decoded by %s\n\n", f->name.c_str(), arch.c_str(),
              o.object.c_str(), d.decoder.c_str());
  std::fputs(render_listing(d, notes, conv).c_str(), stdout);
  return 0;
}

// `sysabi asm` without a name: what there is to ask for.
int list_asm_names(const std::string& arch, const arch_target& t, const elf_image& stubs,
                   const fs::path& probe_path, const elf_image* probe) {
  std::printf("sysabi asm --arch %s NAME, where NAME is\n", arch.c_str());
  std::printf("  a raw wrapper (cli/targets/stubs.cpp, %s -Os):\n    %s\n", t.compiler.c_str(),
              stub_names(stubs).c_str());
  if (probe)
    std::printf("  a function of the nolibc probe (%s):\n    %s\n    or any other of its symbols\n",
                probe_path.c_str(), probe_names(probe).c_str());
  else
    std::printf("  (the %s-nolibc-static probe is not built: no _start, setjmp, ... to show)\n",
                arch.c_str());
  return 0;
}

}  // namespace

int cmd_asm(const asm_options& o) {
  std::string arch = o.arch;
  if (arch.empty()) {
    struct utsname u {};
    ::uname(&u);
    arch = u.machine;
  }
  const syscall_convention* conv = find_convention(arch);
  if (!conv) throw usage_error(fmt::format("unknown arch '{}' (known: {})", arch, known_arches()));
  if (!o.object.empty()) return asm_of_object(o, arch, *conv);

  fs::path libexec = find_libexec_dir();
  auto targets = load_arch_targets(libexec);
  const arch_target& t = built_target(targets, arch);
  elf_image stubs(t.stubs);
  syscall_table table = read_syscall_table(arch, t.syscalls);
  fs::path probe_path = libexec / (arch + "-nolibc-static") / "sysabi-probe";
  std::optional<elf_image> probe;
  if (fs::exists(probe_path)) probe.emplace(probe_path);
  if (o.what.empty()) return list_asm_names(arch, t, stubs, probe_path, probe ? &*probe : nullptr);

  const elf_image* image = &stubs;
  const elf_function* f = stubs.find("sysabi_stub_" + o.what);
  std::string origin = fmt::format("cli/targets/stubs.cpp as {} -Os compiles it for the probes", t.compiler);
  if (!f && o.what.rfind("sysabi_", 0) == 0) f = stubs.find(o.what);
  if (!f && probe) {
    f = probe->find(o.what);
    image = &*probe;
    origin = fmt::format("the {}-nolibc-static probe", arch);
  }
  if (!f) {
    std::string known = stub_names(stubs);
    if (probe) known += ", " + probe_names(&*probe);
    if (auto nr = table.number(o.what))
      throw usage_error(fmt::format(
          "no stub for system call '{}' ({} on {}): the raw layer has no wrapper for it (known: {})",
          o.what, *nr, arch, known));
    throw usage_error(fmt::format("unknown symbol or syscall '{}' (known: {})", o.what, known));
  }
  auto d = disassemble(*image, *f, *conv);
  auto notes = annotate(f->name, d.instructions, *conv, &table);
  std::printf("%s - %s, %s\nfrom %s, decoded by %s\n\n", f->name.c_str(), arch.c_str(),
              origin.c_str(), image->path().c_str(), d.decoder.c_str());
  std::fputs(render_listing(d, notes, *conv).c_str(), stdout);
  return 0;
}

}  // namespace sysabi::host
