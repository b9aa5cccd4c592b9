// cli/src/layout.cpp - reading struct_layout's objects and showing them.
//
// Each layout object (struct_layout/record.h) holds arrays of 88-byte rows
// in section .sysabi_layout, one array per struct, each named by a symbol
// `sysabi_layout_<struct>`: the symbol's value and size say where the
// array is, so alignment the compiler put between arrays does not matter.
#include "sysabi/host/layout.hpp"

#include "report/html_page.hpp"
#include "sysabi/host/manifest.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t row_size = 88;  // sizeof(sysabi_layout_row)
constexpr std::size_t type_len = 24, member_len = 40;

std::uint64_t le64(const unsigned char* p) {
  std::uint64_t v = 0;
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

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

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
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
    throw usage_error(fmt::format("{}: big-endian layout objects are not supported", object.string()));

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
        s.size = le64(r + 72);
        s.align = le64(r + 80);
      } else {
        s.members.push_back({fixed_string(r + type_len, member_len), le64(r + 64), le64(r + 72)});
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
    throw usage_error(fmt::format("unknown struct '{}' (known: {})", q.structure, join(structs)));
  sel.arches = q.arches.empty() ? std::vector<std::string>{host_arch} : q.arches;
  for (const auto& a : sel.arches)
    if (std::find(arches.begin(), arches.end(), a) == arches.end())
      throw usage_error(fmt::format("unknown arch '{}' (known: {})", a, join(arches)));
  for (const auto& src : q.sources)
    if (std::find(sources.begin(), sources.end(), src) == sources.end())
      throw usage_error(fmt::format("unknown source '{}' (known: {})", src, join(sources)));

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
      throw usage_error(fmt::format("no source of {} is known for {}", join(q.sources), a));
  }
  return sel;
}

namespace {

// One cell of the table: what starts at an offset in one source.
struct cell {
  enum kind_t { nothing, member, gap, inside } kind = nothing;
  std::string text;
  std::uint64_t size = 0;
  bool operator==(const cell& o) const { return kind == o.kind && size == o.size; }
};

// Members that mean the same thing compare (and colour) alike in every
// source: st_atim, st_atime, st_atime_sec and st_atime_nsec all hold the
// access time; sa_handler_fn is sysabi's spelling of sa_handler.
std::string meaning(std::string n) {
  while (!n.empty() && n.front() == '_') n.erase(0, 1);
  for (const char* suffix : {"_nsec", "_sec"})
    if (n.ends_with(suffix)) n.resize(n.size() - std::strlen(suffix));
  if (n.ends_with("tim")) n += "e";
  if (n == "sa_handler_fn") n = "sa_handler";
  return n;
}

// "struct stat", but "sigset_t" and "jmp_buf": typedefs are not structs.
std::string c_spelling(const std::string& name) {
  return name.ends_with("_t") || name.ends_with("jmp_buf") ? name : "struct " + name;
}

// What holds byte b: a member's meaning, "padding", or "" past the end.
std::string owner_of(const layout_struct& l, std::uint64_t b) {
  if (b >= l.size) return "";
  for (const auto& m : l.members)
    if (b >= m.offset && b < m.offset + m.size) return meaning(m.name);
  return "padding";
}

std::vector<const layout_set*> sets_of(const layout_selection& s, const std::string& arch) {
  std::vector<const layout_set*> v;
  for (const auto* set : s.sets)
    if (set->arch == arch) v.push_back(set);
  return v;
}

}  // namespace

std::string render_layout_table(const layout_selection& sel) {
  std::ostringstream out;
  bool first = true;
  for (const auto& arch : sel.arches) {
    auto sets = sets_of(sel, arch);
    std::vector<const layout_struct*> st;
    std::set<std::uint64_t> offsets;
    for (const auto* s : sets) {
      const layout_struct* l = s->find(sel.structure);
      st.push_back(l);
      if (!l) continue;
      for (const auto& m : l->members) offsets.insert(m.offset);
      for (const auto& g : l->padding()) offsets.insert(g.offset);
    }
    auto cell_at = [&](std::size_t i, std::uint64_t off) {
      cell c;
      const layout_struct* l = st[i];
      if (!l) return c;
      for (const auto& m : l->members)
        if (m.offset == off) {
          c = {cell::member, fmt::format("{} ({})", m.name, m.size), m.size};
          return c;
        }
      for (const auto& g : l->padding())
        if (g.offset == off) return cell{cell::gap, fmt::format("padding ({})", g.size), g.size};
      if (off < l->size) c.kind = cell::inside;
      return c;
    };
    std::size_t w = 16;
    for (const auto* l : st)
      if (l)
        for (const auto& m : l->members) w = std::max(w, m.name.size() + 8);
    if (!first) out << "\n";
    first = false;
    out << fmt::format("{} on {}\n", c_spelling(sel.structure), arch);
    out << fmt::format("{:>8}  ", "offset");
    for (const auto* s : sets) out << fmt::format("{:<{}}", s->source, w);
    out << "\n";
    for (auto it = offsets.begin(); it != offsets.end(); ++it) {
      const std::uint64_t off = *it;
      const std::uint64_t end = std::next(it) == offsets.end() ? off + 1 : *std::next(it);
      std::vector<cell> row;
      for (std::size_t i = 0; i < sets.size(); ++i) row.push_back(cell_at(i, off));
      // The row differs when the sources put different things in its bytes.
      bool differs = false;
      std::optional<std::string> first_owners;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (!st[i]) continue;
        std::string owners;
        for (std::uint64_t b = off; b < end; ++b) owners += owner_of(*st[i], b) + ",";
        if (!first_owners) first_owners = owners;
        else if (owners != *first_owners) differs = true;
      }
      out << fmt::format("{:>7}{} ", off, differs ? " *" : "  ");
      for (std::size_t i = 0; i < row.size(); ++i) {
        std::string t = !sets[i]->built() || !st[i] ? ""
                        : row[i].kind == cell::inside ? "|"
                                                       : row[i].text;
        out << fmt::format("{:<{}}", t, w);
      }
      out << "\n";
    }
    auto footer = [&](const char* what, auto get) {
      std::vector<std::string> vals;
      bool differs = false;
      std::string firstv;
      for (std::size_t i = 0; i < sets.size(); ++i) {
        std::string v;
        if (!sets[i]->built())
          v = "(not built)";
        else if (!st[i])
          v = "(none)";
        else {
          v = std::to_string(get(*st[i]));
          if (firstv.empty()) firstv = v;
          if (v != firstv) differs = true;
        }
        vals.push_back(v);
      }
      out << fmt::format("{:>7}{} ", what, differs ? " *" : "  ");
      for (const auto& v : vals) out << fmt::format("{:<{}}", v, w);
      out << "\n";
    };
    footer("sizeof", [](const layout_struct& l) { return l.size; });
    footer("alignof", [](const layout_struct& l) { return l.align; });
    for (const auto* s : sets)
      if (!s->built())
        out << fmt::format("  {}: not built: {} (install Debian package {})\n", s->source,
                           s->reason, s->package);
  }
  out << "\n* marks bytes the sources use differently (st_atim, st_atime and st_atime_sec are one\n"
         "  thing spelled three ways); | continues the member above.\n";
  return out.str();
}

std::string render_layout_json(const layout_selection& sel) {
  ordered_json j;
  j["struct"] = sel.structure;
  j["arches"] = ordered_json::array();
  for (const auto& arch : sel.arches) {
    ordered_json a;
    a["arch"] = arch;
    a["sources"] = ordered_json::array();
    for (const auto* s : sets_of(sel, arch)) {
      ordered_json o;
      o["source"] = s->source;
      const layout_struct* l = s->find(sel.structure);
      if (!s->built()) {
        o["missing"] = fmt::format("not built: {} (install Debian package {})", s->reason, s->package);
      } else if (!l) {
        o["missing"] = fmt::format("{} does not declare it", s->source);
      } else {
        o["type"] = l->c_type;
        o["size"] = l->size;
        o["align"] = l->align;
        o["members"] = ordered_json::array();
        for (const auto& m : l->members)
          o["members"].push_back({{"name", m.name}, {"offset", m.offset}, {"size", m.size}});
        o["padding"] = ordered_json::array();
        for (const auto& g : l->padding())
          o["padding"].push_back({{"offset", g.offset}, {"size", g.size}});
      }
      a["sources"].push_back(std::move(o));
    }
    j["arches"].push_back(std::move(a));
  }
  return j.dump(2) + "\n";
}


std::string render_layout_svg(const layout_selection& sel) {
  // One block per arch, one row per source, one cell per byte.
  std::uint64_t widest = 1;
  for (const auto* s : sel.sets)
    if (const auto* l = s->find(sel.structure)) widest = std::max(widest, l->size);
  const double label_w = 110, byte_w = std::clamp(960.0 / static_cast<double>(widest), 3.0, 16.0);
  const double row_h = 26, row_gap = 6, block_gap = 34, top = 30;
  const char* palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                           "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8",
                           "#ffbe7d", "#8cd17d", "#f1ce63", "#b6992d", "#499894", "#d4a6c8"};
  std::map<std::string, std::string> colours;
  auto colour = [&](const std::string& name) {
    auto key = meaning(name);
    auto it = colours.find(key);
    if (it != colours.end()) return it->second;
    std::string c = palette[colours.size() % std::size(palette)];
    colours[key] = c;
    return c;
  };

  std::ostringstream body;
  double y = top;
  for (const auto& arch : sel.arches) {
    body << fmt::format("<text x=\"0\" y=\"{:.0f}\" class=\"title\">{} on {}</text>\n", y,
                        html::esc(c_spelling(sel.structure)), arch);
    y += 10;
    // Offset ticks every 8 bytes.
    for (std::uint64_t b = 0; b <= widest; b += 8)
      body << fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"tick\">{}</text>\n",
                          label_w + static_cast<double>(b) * byte_w, y + 8, b);
    y += 12;
    for (const auto* s : sets_of(sel, arch)) {
      const layout_struct* l = s->find(sel.structure);
      body << fmt::format("<text x=\"0\" y=\"{:.0f}\" class=\"source\">{}</text>\n",
                          y + row_h / 2 + 4, html::esc(s->source));
      if (!l) {
        body << fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" class=\"note\">{}</text>\n", label_w,
                            y + row_h / 2 + 4,
                            s->built() ? "does not declare it" : html::esc("not built: " + s->reason));
        y += row_h + row_gap;
        continue;
      }
      for (const auto& g : l->padding())
        body << fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\" class=\"pad\">"
            "<title>{}: padding, offset {}, {} bytes</title></rect>\n",
            label_w + static_cast<double>(g.offset) * byte_w, y, static_cast<double>(g.size) * byte_w,
            row_h, html::esc(s->source), g.offset, g.size);
      for (const auto& m : l->members) {
        double x = label_w + static_cast<double>(m.offset) * byte_w;
        double w = static_cast<double>(m.size) * byte_w;
        body << fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\" "
            "class=\"member\"><title>{}: {}, offset {}, {} bytes</title></rect>\n",
            x, y, w, row_h, colour(m.name), html::esc(s->source), html::esc(m.name), m.offset,
            m.size);
        if (w >= 7.2 * static_cast<double>(m.name.size()) + 4)
          body << fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"name\">{}</text>\n", x + 2,
                              y + row_h / 2 + 4, html::esc(m.name));
      }
      body << fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"note\">{} bytes</text>\n",
          label_w + static_cast<double>(l->size) * byte_w + 6, y + row_h / 2 + 4, l->size);
      y += row_h + row_gap;
    }
    y += block_gap;
  }
  double width = label_w + static_cast<double>(widest) * byte_w + 90;
  std::ostringstream out;
  out << fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" font-family=\"monospace\" font-size=\"11\">\n"
      "<title>{}: byte map (sysabi layout)</title>\n"
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#888888\" stroke-width=\"3\"/>"
      "</pattern></defs>\n"
      "<style>.title{{font-weight:bold;font-size:13px}} .tick{{fill:#666}} "
      ".member{{stroke:#ffffff;stroke-width:1}} .pad{{fill:url(#hatch);stroke:#888888}} "
      ".name{{fill:#ffffff}} .note{{fill:#444}}</style>\n",
      width, y, width, y, html::esc(c_spelling(sel.structure)));
  out << body.str();
  out << fmt::format(
      "<text x=\"0\" y=\"{:.0f}\" class=\"note\">hatched: padding (holes and reserved members); "
      "hover a cell for its name, offset and size</text>\n",
      y - block_gap + 16);
  out << "</svg>\n";
  return out.str();
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
      f.reason = fmt::format("not built: {} (install Debian package {})", s.reason, s.package);
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

namespace sysabi::host {

int cmd_layout(const layout_query& q) {
  if (q.format != "table" && q.format != "json" && q.format != "svg")
    throw usage_error(fmt::format("unknown format '{}' (known: table, json, svg)", q.format));
  auto all = load_layouts(find_libexec_dir());
  struct utsname u {};
  ::uname(&u);
  auto sel = select_layouts(all, q, u.machine);
  if (q.format == "json")
    std::fputs(render_layout_json(sel).c_str(), stdout);
  else if (q.format == "svg")
    std::fputs(render_layout_svg(sel).c_str(), stdout);
  else
    std::fputs(render_layout_table(sel).c_str(), stdout);
  return 0;
}

}  // namespace sysabi::host
