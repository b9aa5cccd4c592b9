// cli/src/disasm/elf_image.cpp - an ELF file held in memory for disassembly
// (sysabi/host/disasm.hpp): executable sections, function symbols, arm's
// mapping symbols, relocations by offset.  Read with elfutils' libelf.
#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "sysabi/host/disasm.hpp"
#include "sysabi/host/fact.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

struct elf_handle {
  Elf* elf = nullptr;
  ~elf_handle() {
    if (elf) elf_end(elf);
  }
};

// Whether an s390x relocation is relative to the instruction's address
// through a field 2 bytes into it (larl, brasl, strl, ...): its addend then
// carries +2 for that offset, which says nothing about the target.
bool s390x_halfword_relative(unsigned type) {
  switch (type) {
    case R_390_PC16DBL:
    case R_390_PLT16DBL:
    case R_390_PC32DBL:
    case R_390_PLT32DBL:
    case R_390_GOTPCDBL:
    case R_390_GOTENT:
      return true;
    default:
      return false;
  }
}

// A relocation section's entries as (offset, "symbol+addend"); the -4 a
// pc-relative x86 reference carries is left out, and so is the +2 of an
// s390x one.
std::vector<std::pair<std::uint64_t, std::string>> relocations_of(Elf_Scn* scn, bool is_rela,
                                                                  const std::vector<std::string>& sym_names,
                                                                  int machine) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  Elf_Data* d = elf_getdata(scn, nullptr);
  GElf_Shdr sh;
  gelf_getshdr(scn, &sh);
  std::size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (std::size_t i = 0; d && i < n; ++i) {
    GElf_Rela rela{};
    if (is_rela) {
      if (!gelf_getrela(d, static_cast<int>(i), &rela)) continue;
    } else {
      GElf_Rel rel;
      if (!gelf_getrel(d, static_cast<int>(i), &rel)) continue;
      rela.r_offset = rel.r_offset;
      rela.r_info = rel.r_info;
    }
    std::size_t sym = GELF_R_SYM(rela.r_info);
    if (sym == 0 || sym >= sym_names.size() || sym_names[sym].empty()) continue;
    std::string text = sym_names[sym];
    if (machine == EM_S390 && s390x_halfword_relative(GELF_R_TYPE(rela.r_info))) rela.r_addend -= 2;
    if (rela.r_addend > 0) text += fmt::format("+{:#x}", rela.r_addend);
    if (rela.r_addend < 0 && rela.r_addend != -4) text += fmt::format("-{:#x}", -rela.r_addend);
    out.emplace_back(rela.r_offset, std::move(text));
  }
  return out;
}

// Arm's $a, $t, $x, $d (and $d.<anything>): what follows is code of that kind, or data.
bool is_mapping_symbol(const char* name) {
  return name[0] == '$' && std::strchr("atxd", name[1]) && (name[2] == 0 || name[2] == '.');
}

}  // namespace

elf_image::elf_image(const fs::path& path, int machine) : path_(path) {
  // A regular file of bounded size, checked on the opened file: a FIFO,
  // a device (/dev/zero) or a directory is refused before anything is read.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    throw usage_error(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw usage_error(fmt::format("{} is not a regular file", path.string()));
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_object_bytes) {
    ::close(fd);
    throw usage_error(fmt::format("{} is too large ({} bytes; the limit is {})", path.string(),
                                  st.st_size, max_object_bytes));
  }
  std::vector<char> file(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < file.size()) {
    ssize_t n = ::read(fd, file.data() + got, file.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // an error, or the file shrank: what was read is all there is
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  file.resize(got);
  elf_version(EV_CURRENT);
  elf_handle h;
  h.elf = elf_memory(file.data(), file.size());
  GElf_Ehdr eh;
  if (!h.elf || elf_kind(h.elf) != ELF_K_ELF || !gelf_getehdr(h.elf, &eh))
    throw usage_error(fmt::format("{} is not an ELF file", path.string()));
  machine_ = eh.e_machine;
  if (machine != 0 && machine_ != machine)
    throw usage_error(fmt::format("{} is code for ELF machine {}, not {}: use --arch",
                                  path.string(), machine_, machine));
  relocatable_ = eh.e_type == ET_REL;

  std::size_t nsections = 0, shstrndx = 0;
  elf_getshdrnum(h.elf, &nsections);
  elf_getshdrstrndx(h.elf, &shstrndx);
  sections_.resize(nsections);
  struct reloc_section {
    std::size_t target, symtab;
    Elf_Scn* scn;
    bool rela;
  };
  std::vector<reloc_section> relocs;
  Elf_Scn* symtab = nullptr;
  GElf_Shdr symtab_hdr{};
  for (Elf_Scn* scn = elf_nextscn(h.elf, nullptr); scn; scn = elf_nextscn(h.elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) continue;
    std::size_t index = elf_ndxscn(scn);
    auto& s = sections_[index];
    if (const char* n = elf_strptr(h.elf, shstrndx, sh.sh_name)) s.name = n;
    s.address = sh.sh_addr;
    if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR)) {
      if (Elf_Data* d = elf_getdata(scn, nullptr); d && d->d_buf)
        s.data.assign(static_cast<const std::uint8_t*>(d->d_buf),
                      static_cast<const std::uint8_t*>(d->d_buf) + d->d_size);
    } else if (sh.sh_type == SHT_SYMTAB) {
      symtab = scn;
      symtab_hdr = sh;
    } else if (sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) {
      relocs.push_back({sh.sh_info, sh.sh_link, scn, sh.sh_type == SHT_RELA});
    }
  }
  if (!symtab) throw usage_error(fmt::format("{} has no symbol table (stripped?)", path.string()));

  Elf_Data* syms = elf_getdata(symtab, nullptr);
  std::size_t nsyms = symtab_hdr.sh_entsize ? symtab_hdr.sh_size / symtab_hdr.sh_entsize : 0;
  std::vector<std::string> sym_names(nsyms);
  for (std::size_t i = 0; i < nsyms; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(syms, static_cast<int>(i), &sym)) continue;
    const char* name = elf_strptr(h.elf, symtab_hdr.sh_link, sym.st_name);
    if (name) sym_names[i] = name;
    if (GELF_ST_TYPE(sym.st_info) == STT_SECTION && sym.st_shndx < sections_.size())
      sym_names[i] = sections_[sym.st_shndx].name;
    if (!name || sym.st_shndx == SHN_UNDEF || sym.st_shndx >= sections_.size()) continue;
    const bool arm = machine_ == EM_ARM || machine_ == EM_AARCH64;
    if (GELF_ST_TYPE(sym.st_info) == STT_FUNC) {
      elf_function f;
      f.name = name;
      f.thumb = machine_ == EM_ARM && (sym.st_value & 1);
      f.address = machine_ == EM_ARM ? sym.st_value & ~GElf_Addr(1) : sym.st_value;
      f.size = sym.st_size;
      f.section = sym.st_shndx;
      functions_.push_back(std::move(f));
    } else if (arm && is_mapping_symbol(name)) {
      elf_function m;
      m.address = sym.st_value;
      m.section = sym.st_shndx;
      mapping_.push_back({m, name[1]});
    }
  }
  for (const auto& r : relocs)
    if (r.target < sections_.size())
      for (auto& [offset, text] : relocations_of(r.scn, r.rela, sym_names, machine_))
        sections_[r.target].relocations.emplace(offset, std::move(text));
}

const elf_function* elf_image::find(const std::string& name) const {
  for (const auto& f : functions_)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::uint8_t> elf_image::bytes(const elf_function& f) const {
  const auto& s = sections_.at(f.section);
  std::uint64_t off = relocatable_ ? f.address : f.address - s.address;
  if (off > s.data.size() || f.size > s.data.size() - off)
    throw usage_error(fmt::format("{}: {} lies outside its section", path_.string(), f.name));
  return {s.data.begin() + static_cast<long>(off), s.data.begin() + static_cast<long>(off + f.size)};
}

std::string elf_image::relocation_in(const elf_function& f, std::uint64_t address,
                                     std::uint64_t size) const {
  const auto& s = sections_.at(f.section);
  std::uint64_t off = relocatable_ ? address : address - s.address;
  // Several relocations may apply at one place (riscv pairs each with
  // R_RISCV_RELAX, against no symbol): the first named one.
  for (auto it = s.relocations.lower_bound(off); it != s.relocations.end() && it->first < off + size;
       ++it)
    if (!it->second.empty()) return it->second;
  return "";
}

std::string elf_image::symbol_at(std::uint64_t address, std::size_t section) const {
  for (const auto& f : functions_) {
    if (relocatable_ && f.section != section) continue;
    if (address >= f.address && address < f.address + std::max<std::uint64_t>(f.size, 1))
      return address == f.address ? f.name : fmt::format("{}+{:#x}", f.name, address - f.address);
  }
  return "";
}

std::map<std::uint64_t, char> elf_image::mapping_symbols(const elf_function& f) const {
  std::map<std::uint64_t, char> out;
  for (const auto& [m, kind] : mapping_)
    if (m.section == f.section && m.address >= f.address && m.address < f.address + f.size)
      out[m.address] = kind;
  return out;
}

}  // namespace sysabi::host
