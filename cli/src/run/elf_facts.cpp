// cli/src/run/elf_facts.cpp - what a variant's probe binary is, as an ELF file:
// the facts behind "a static binary carries the syscall ABI inside it".
//
// Read with elfutils' libelf; the trap instructions found by disassembling
// every executable section with Capstone (linear sweep), and attributed to
// the function symbols that contain them.  Facts (scope "variant": linkage
// is what they are about):
//
//   elf.type                  "EXEC" or "DYN"
//   elf.interp                the PT_INTERP path, or "none"
//   elf.dynamic               a PT_DYNAMIC segment exists
//   elf.needed                DT_NEEDED entries, space-separated, or "none"
//   elf.static_pie            ET_DYN without an interpreter: relocates itself
//   elf.trap_instructions     how many syscall / int $0x80 / svc #0 the text holds
//   elf.trap_functions        the functions they are in (names, sorted)
//
// The id prefix `elf` is not a probe in abi_checks/: these facts come from
// here, computed by `sysabi run` for every variant that ran.
#include "sysabi/host/elf_facts.hpp"

#include <capstone/capstone.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace sysabi::host {

namespace {

struct elf_handle {
  int fd = -1;
  Elf* elf = nullptr;
  ~elf_handle() {
    if (elf) elf_end(elf);
    if (fd >= 0) ::close(fd);
  }
};

fact make(const std::string& variant, const char* id, json value,
          fact_status st = fact_status::info, std::optional<std::string> reason = std::nullopt) {
  fact f;
  f.id = std::string("elf.") + id;
  f.variant = variant;
  f.value = std::move(value);
  f.status = st;
  f.reason = std::move(reason);
  f.scope = fact_scope::variant;
  return f;
}

// Capstone's arch and mode for an ELF machine, and whether an instruction
// is the arch's trap.  nullopt: Capstone cannot (or we do not) decode it.
struct decoder {
  cs_arch arch;
  cs_mode mode;
  bool (*is_trap)(const cs_insn&);
};

bool x86_64_trap(const cs_insn& i) { return i.id == X86_INS_SYSCALL; }
bool i386_trap(const cs_insn& i) {
  return i.id == X86_INS_SYSENTER ||
         (i.id == X86_INS_INT && i.detail && i.detail->x86.op_count == 1 &&
          i.detail->x86.operands[0].imm == 0x80);
}
bool aarch64_trap(const cs_insn& i) { return i.id == ARM64_INS_SVC; }
bool ppc64_trap(const cs_insn& i) { return i.id == PPC_INS_SC; }


std::optional<decoder> decoder_for(int machine, std::string* why) {
  switch (machine) {
    case EM_X86_64:
      return decoder{CS_ARCH_X86, CS_MODE_64, x86_64_trap};
    case EM_386:
      return decoder{CS_ARCH_X86, CS_MODE_32, i386_trap};
    case EM_AARCH64:
      return decoder{CS_ARCH_ARM64, CS_MODE_ARM, aarch64_trap};
    case EM_ARM:
      *why = "arm text mixes ARM and Thumb code; a linear sweep cannot tell them apart";
      return std::nullopt;
    case EM_RISCV:
      *why = "Debian 12's Capstone 4 has no RISC-V decoder";
      return std::nullopt;
    case EM_PPC64:  // little-endian: the only ppc64 sysabi builds (ppc64le)
      return decoder{CS_ARCH_PPC, static_cast<cs_mode>(CS_MODE_64 | CS_MODE_LITTLE_ENDIAN),
                     ppc64_trap};
    default:
      *why = fmt::format("no decoder for ELF machine {}", machine);
      return std::nullopt;
  }
}

}  // namespace

bool has_elf_magic(const std::filesystem::path& path) {
  char magic[SELFMAG] = {};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool elf = ::pread(fd, magic, SELFMAG, 0) == SELFMAG && std::memcmp(magic, ELFMAG, SELFMAG) == 0;
  ::close(fd);
  return elf;
}

namespace {

// From the program headers: the interpreter ("none") and whether there is a
// dynamic segment.
std::pair<std::string, bool> interp_and_dynamic(Elf* elf) {
  std::size_t phnum = 0;
  elf_getphdrnum(elf, &phnum);
  std::string interp = "none";
  bool dynamic = false;
  std::size_t raw_size = 0;
  const char* raw = elf_rawfile(elf, &raw_size);
  for (std::size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, static_cast<int>(i), &ph)) continue;
    if (ph.p_type == PT_INTERP && raw && ph.p_offset + ph.p_filesz <= raw_size && ph.p_filesz > 0)
      interp.assign(raw + ph.p_offset, strnlen(raw + ph.p_offset, ph.p_filesz));
    if (ph.p_type == PT_DYNAMIC) dynamic = true;
  }
  return {interp, dynamic};
}

// From the sections: DT_NEEDED from .dynamic, function symbols, executable text.
struct elf_sections {
  std::vector<std::string> needed;
  std::map<GElf_Addr, std::pair<GElf_Addr, std::string>> functions;  // start -> (end, name)
  std::vector<Elf_Scn*> text;
};

elf_sections read_sections(Elf* elf) {
  elf_sections out;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) continue;
    if (sh.sh_type == SHT_DYNAMIC) {
      Elf_Data* d = elf_getdata(scn, nullptr);
      for (std::size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; ++i) {
        GElf_Dyn dyn;
        if (gelf_getdyn(d, static_cast<int>(i), &dyn) && dyn.d_tag == DT_NEEDED)
          if (const char* s = elf_strptr(elf, sh.sh_link, dyn.d_un.d_val)) out.needed.push_back(s);
      }
    } else if (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM) {
      Elf_Data* d = elf_getdata(scn, nullptr);
      for (std::size_t i = 0; d && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; ++i) {
        GElf_Sym sym;
        if (!gelf_getsym(d, static_cast<int>(i), &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
            sym.st_value == 0)
          continue;
        if (const char* s = elf_strptr(elf, sh.sh_link, sym.st_name))
          out.functions.emplace(sym.st_value, std::make_pair(sym.st_value + sym.st_size, s));
      }
    } else if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR)) {
      out.text.push_back(scn);
    }
  }
  return out;
}

// The function an address is in, or "(no symbol)".
std::string function_at(const elf_sections& secs, GElf_Addr a) {
  auto it = secs.functions.upper_bound(a);
  if (it != secs.functions.begin() && std::prev(it)->second.first > a) return std::prev(it)->second.second;
  return "(no symbol)";
}

// s390x: Capstone 4's SystemZ tables (LLVM's code-generation subset) have
// no svc, so the sweep is by instruction length, which the two high bits
// of the first byte give exactly (00: 2 bytes, 01 and 10: 4, 11: 6); svc
// is opcode 0x0a.
void s390x_traps(const elf_sections& secs, long& traps, std::set<std::string>& where) {
  static constexpr std::size_t by_bits[4] = {2, 4, 4, 6};
  for (Elf_Scn* scn : secs.text) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    Elf_Data* d = elf_getdata(scn, nullptr);
    if (!d || !d->d_buf) continue;
    const auto* code = static_cast<const uint8_t*>(d->d_buf);
    for (std::size_t pos = 0; pos + 2 <= d->d_size; pos += by_bits[code[pos] >> 6]) {
      if (code[pos] != 0x0a) continue;
      ++traps;
      where.insert(function_at(secs, sh.sh_addr + pos));
    }
  }
}

// The trap instructions in the executable text, and the functions they are in.
void add_trap_facts(const std::string& variant, const GElf_Ehdr& eh, const elf_sections& secs,
                    std::vector<fact>& out) {
  if (eh.e_machine == EM_S390) {
    long traps = 0;
    std::set<std::string> where;
    s390x_traps(secs, traps, where);
    std::string names;
    for (const auto& n : where) names += (names.empty() ? "" : " ") + n;
    out.push_back(make(variant, "trap_instructions", traps));
    out.push_back(make(variant, "trap_functions", names.empty() ? "none" : names));
    return;
  }
  std::string why;
  auto dec = decoder_for(eh.e_machine, &why);
  csh cs = 0;
  if (dec && cs_open(dec->arch, dec->mode, &cs) != CS_ERR_OK) {
    dec.reset();
    why = "Capstone could not be opened for this arch";
  }
  if (!dec) {
    out.push_back(make(variant, "trap_instructions", nullptr, fact_status::skip, why));
    out.push_back(make(variant, "trap_functions", nullptr, fact_status::skip, why));
    return;
  }
  cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
  cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);  // step over bytes that do not decode
  long traps = 0;
  std::set<std::string> where;
  cs_insn* insn = cs_malloc(cs);
  for (Elf_Scn* scn : secs.text) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    Elf_Data* d = elf_getdata(scn, nullptr);
    if (!d || !d->d_buf) continue;
    const uint8_t* code = static_cast<const uint8_t*>(d->d_buf);
    size_t size = d->d_size;
    uint64_t addr = sh.sh_addr;
    while (cs_disasm_iter(cs, &code, &size, &addr, insn)) {
      if (!dec->is_trap(*insn)) continue;
      ++traps;
      where.insert(function_at(secs, insn->address));
    }
  }
  cs_free(insn, 1);
  cs_close(&cs);
  std::string names;
  for (const auto& n : where) names += (names.empty() ? "" : " ") + n;
  out.push_back(make(variant, "trap_instructions", traps));
  out.push_back(make(variant, "trap_functions", names.empty() ? "none" : names));
}

}  // namespace

std::vector<fact> elf_facts(const std::filesystem::path& binary, const std::string& variant) {
  std::vector<fact> out;
  elf_version(EV_CURRENT);
  elf_handle h;
  h.fd = ::open(binary.c_str(), O_RDONLY | O_CLOEXEC);
  if (h.fd >= 0) h.elf = elf_begin(h.fd, ELF_C_READ, nullptr);
  GElf_Ehdr eh;
  if (!h.elf || elf_kind(h.elf) != ELF_K_ELF || !gelf_getehdr(h.elf, &eh)) {
    // A file without the ELF magic that nonetheless ran (a script standing in
    // for a probe, as in the CLI's own tests) has no ELF facts to give; a file
    // that claims to be ELF and cannot be read is a broken build.
    if (h.fd >= 0 && !has_elf_magic(binary)) {
      out.push_back(make(variant, "type", nullptr, fact_status::skip,
                         fmt::format("{} is not an ELF file (no ELF magic)", binary.string())));
      return out;
    }
    out.push_back(make(variant, "type", "unreadable", fact_status::fail,
                       fmt::format("{} is not a readable ELF file", binary.string())));
    return out;
  }
  out.push_back(make(variant, "type",
                     eh.e_type == ET_EXEC  ? "EXEC"
                     : eh.e_type == ET_DYN ? "DYN"
                                           : "other"));

  auto [interp, dynamic] = interp_and_dynamic(h.elf);
  out.push_back(make(variant, "interp", interp));
  out.push_back(make(variant, "dynamic", dynamic));

  const elf_sections secs = read_sections(h.elf);
  std::string needed_text;
  for (const auto& n : secs.needed) needed_text += (needed_text.empty() ? "" : " ") + n;
  out.push_back(make(variant, "needed", needed_text.empty() ? "none" : needed_text));
  out.push_back(make(variant, "static_pie", eh.e_type == ET_DYN && interp == "none"));

  add_trap_facts(variant, eh, secs, out);
  return out;
}

}  // namespace sysabi::host
