// cli/src/layout/read.cpp - reading struct_layout's objects: the rows, the
// sets sources.json names, the selection `sysabi layout` shows, report facts.
//
// Each layout object (struct_layout/record.h) holds arrays of 88-byte rows
// in section .sysabi_layout, one array per struct, each named by a symbol
// `sysabi_layout_<struct>`: the symbol's value and size say where the
// array is, so alignment the compiler put between arrays does not matter.
#include "sysabi/host/layout.hpp"

#include "sysabi/host/manifest.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t row_size = 88;  // sizeof(sysabi_layout_row)
constexpr std::size_t type_len = 24, member_len = 40;

// A row's 64-bit number, stored in the target's byte order (s390x: most
// significant byte first; every other arch sysabi knows: least).
std::uint64_t read64(const unsigned char* p, bool big_endian) {
  std::uint64_t v = 0;
  if (big_endian)
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  else
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string fixed_string(const unsigned char* p, std::size_t n) {
  const void* nul = std::memchr(p, 0, n);
  return std::string(reinterpret_cast<const char*>(p),
                     nul ? static_cast<const unsigned char*>(nul) - p : n);
}

struct elf_file {
  int fd = -1;
  Elf* elf = nullptr;
  ~elf_file() {
    if (elf) elf_end(elf);
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::vector<layout_gap> layout_struct::padding() const {
  std::vector<bool> covered(size, false);
  for (const auto& m : members)
    for (std::uint64_t b = m.offset; b < m.offset + m.size && b < size; ++b) covered[b] = true;
  std::vector<layout_gap> gaps;
  for (std::uint64_t b = 0; b < size; ++b) {
    if (covered[b]) continue;
    if (!gaps.empty() && gaps.back().offset + gaps.back().size == b)
      ++gaps.back().size;
    else
      gaps.push_back({b, 1});
  }
  return gaps;
}

const layout_struct* layout_set::find(const std::string& name) const {
  auto it = structs.find(name);
  return it == structs.end() ? nullptr : &it->second;
}

std::map<std::string, layout_struct> read_layout_object(const fs::path& object) {
  elf_version(EV_CURRENT);
  elf_file f;
  f.fd = ::open(object.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) throw usage_error(fmt::format("cannot open layout object {}", object.string()));
  f.elf = elf_begin(f.fd, ELF_C_READ, nullptr);
  GElf_Ehdr eh;
  if (!f.elf || elf_kind(f.elf) != ELF_K_ELF || !gelf_getehdr(f.elf, &eh))
    throw usage_error(fmt::format("{} is not an ELF object", object.string()));
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB && eh.e_ident[EI_DATA] != ELFDATA2MSB)
    throw usage_error(fmt::format("{}: unknown ELF byte order {}", object.string(),
                                  static_cast<int>(eh.e_ident[EI_DATA])));
  const bool big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;

  std::size_t shstrndx = 0;
  elf_getshdrstrndx(f.elf, &shstrndx);
  Elf_Data* rows = nullptr;
  std::size_t rows_index = 0;
  Elf_Scn* symtab = nullptr;
  GElf_Shdr symtab_hdr{};
  for (Elf_Scn* scn = elf_nextscn(f.elf, nullptr); scn; scn = elf_nextscn(f.elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) continue;
    const char* name = elf_strptr(f.elf, shstrndx, sh.sh_name);
    if (name && std::strcmp(name, ".sysabi_layout") == 0) {
      rows = elf_rawdata(scn, nullptr);
      rows_index = elf_ndxscn(scn);
    } else if (sh.sh_type == SHT_SYMTAB) {
      symtab = scn;
      symtab_hdr = sh;
    }
  }
  if (!rows || !symtab)
    throw usage_error(fmt::format("{} has no .sysabi_layout rows", object.string()));

  std::map<std::string, layout_struct> out;
  Elf_Data* syms = elf_getdata(symtab, nullptr);
  std::size_t nsyms = symtab_hdr.sh_entsize ? symtab_hdr.sh_size / symtab_hdr.sh_entsize : 0;
  const auto* base = static_cast<const unsigned char*>(rows->d_buf);
  for (std::size_t i = 0; i < nsyms; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(syms, static_cast<int>(i), &sym) || sym.st_shndx != rows_index) continue;
    const char* name = elf_strptr(f.elf, symtab_hdr.sh_link, sym.st_name);
    if (!name || std::strncmp(name, "sysabi_layout_", 14) != 0) continue;
    if (sym.st_size % row_size != 0 || sym.st_value + sym.st_size > rows->d_size || sym.st_size == 0)
      throw usage_error(fmt::format("{}: {} is not a whole number of rows", object.string(), name));
    layout_struct s;
    for (std::uint64_t off = 0; off < sym.st_size; off += row_size) {
      const unsigned char* r = base + sym.st_value + off;
      if (off == 0) {
        s.name = fixed_string(r, type_len);
        s.c_type = fixed_string(r + type_len, member_len);
        s.size = read64(r + 72, big_endian);
        s.align = read64(r + 80, big_endian);
      } else {
        s.members.push_back({fixed_string(r + type_len, member_len), read64(r + 64, big_endian),
                             read64(r + 72, big_endian)});
      }
    }
    std::stable_sort(s.members.begin(), s.members.end(),
                     [](const auto& a, const auto& b) { return a.offset < b.offset; });
    out[s.name] = std::move(s);
  }
  return out;
}

std::vector<layout_set> load_layouts(const fs::path& libexec) {
  fs::path dir = libexec / "layout";
  std::ifstream in(dir / "sources.json");
  if (!in) throw usage_error(fmt::format("no struct layouts in {} (build the project first)", dir.string()));
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw usage_error(fmt::format("{}: {}", (dir / "sources.json").string(), e.what()));
  }
  std::vector<layout_set> out;
  for (const auto& e : j.at("sources")) {
    layout_set s;
    s.arch = e.at("arch").get<std::string>();
    s.source = e.at("source").get<std::string>();
    if (e.contains("object")) {
      s.object = dir / e["object"].get<std::string>();
      s.structs = read_layout_object(s.object);
    } else {
      s.reason = e.value("reason", "not built");
      s.package = e.value("package", "");
    }
    out.push_back(std::move(s));
  }
  return out;
}

layout_selection select_layouts(const std::vector<layout_set>& all, const layout_query& q,
                                const std::string& host_arch) {
  std::vector<std::string> arches, sources, structs;
  auto add_unique = [](std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (const auto& s : all) {
    add_unique(arches, s.arch);
    add_unique(sources, s.source);
    for (const auto& [name, _] : s.structs) add_unique(structs, name);
  }
  std::sort(structs.begin(), structs.end());

  layout_selection sel;
  sel.structure = q.structure;
  if (std::find(structs.begin(), structs.end(), q.structure) == structs.end())
    throw usage_error(fmt::format("unknown struct '{}' (known: {})", q.structure, fmt::join(structs, ", ")));
  sel.arches = q.arches.empty() ? std::vector<std::string>{host_arch} : q.arches;
  for (const auto& a : sel.arches)
    if (std::find(arches.begin(), arches.end(), a) == arches.end())
      throw usage_error(fmt::format("unknown arch '{}' (known: {})", a, fmt::join(arches, ", ")));
  for (const auto& src : q.sources)
    if (std::find(sources.begin(), sources.end(), src) == sources.end())
      throw usage_error(fmt::format("unknown source '{}' (known: {})", src, fmt::join(sources, ", ")));

  for (const auto& a : sel.arches) {
    // In the order asked for, or struct_layout's order (glibc and its
    // 32-bit variants, musl, kernel, raw).
    bool any = false;
    if (q.sources.empty()) {
      for (const auto& s : all)
        if (s.arch == a) {
          sel.sets.push_back(&s);
          any = true;
        }
    } else {
      for (const auto& want : q.sources)
        for (const auto& s : all)
          if (s.arch == a && s.source == want) {
            sel.sets.push_back(&s);
            any = true;
          }
    }
    if (!any)
      throw usage_error(fmt::format("no source of {} is known for {}", fmt::join(q.sources, ", "), a));
  }
  return sel;
}

std::vector<fact> layout_facts(const std::vector<layout_set>& all) {
  std::vector<fact> out;
  auto add = [&](const layout_set& s, const std::string& rest, json value) {
    fact f;
    f.id = fmt::format("layout.{}.{}.{}", s.arch, s.source, rest);
    f.variant = s.arch + "-*";
    f.value = std::move(value);
    f.status = fact_status::info;
    f.scope = fact_scope::arch;
    out.push_back(std::move(f));
  };
  for (const auto& s : all) {
    if (!s.built()) {
      fact f;
      f.id = fmt::format("layout.{}.{}", s.arch, s.source);
      f.variant = s.arch + "-*";
      f.status = fact_status::skip;
      f.reason = fmt::format("not built: {}{}", s.reason, install_hint(s.package));
      f.scope = fact_scope::arch;
      out.push_back(std::move(f));
      continue;
    }
    for (const auto& [name, l] : s.structs) {
      add(s, name + ".size", l.size);
      add(s, name + ".align", l.align);
      std::string pad;
      for (const auto& g : l.padding()) pad += fmt::format("{}{}+{}", pad.empty() ? "" : " ", g.offset, g.size);
      add(s, name + ".padding", pad.empty() ? "none" : pad);
      for (const auto& m : l.members) {
        add(s, name + "." + m.name + ".offset", m.offset);
        add(s, name + "." + m.name + ".size", m.size);
      }
    }
  }
  return out;
}

}  // namespace sysabi::host
