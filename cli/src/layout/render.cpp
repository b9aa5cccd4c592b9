// cli/src/layout/render.cpp - `sysabi layout`: the selected layouts as the
// side-by-side table and as JSON (the SVG byte map is svg.cpp).
#include <fmt/format.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>

#include "spelling.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/manifest.hpp"

namespace sysabi::host {

namespace layout_text {

std::string meaning(std::string n) {
  while (!n.empty() && n.front() == '_') n.erase(0, 1);
  for (const char* suffix : {"_nsec", "_sec"})
    if (n.ends_with(suffix)) n.resize(n.size() - std::strlen(suffix));
  if (n.ends_with("tim")) n += "e";
  if (n == "sa_handler_fn") n = "sa_handler";
  return n;
}

std::string c_spelling(const std::string& name) {
  return name.ends_with("_t") || name.ends_with("jmp_buf") ? name : "struct " + name;
}

std::vector<const layout_set*> sets_of(const layout_selection& s, const std::string& arch) {
  std::vector<const layout_set*> v;
  for (const auto* set : s.sets)
    if (set->arch == arch) v.push_back(set);
  return v;
}

}  // namespace layout_text

namespace {

using namespace layout_text;

// One cell of the table: what starts at an offset in one source.
struct cell {
  enum kind_t { nothing, member, gap, inside } kind = nothing;
  std::string text;
  std::uint64_t size = 0;
  bool operator==(const cell& o) const { return kind == o.kind && size == o.size; }
};

cell cell_at(const layout_struct* l, std::uint64_t off) {
  cell c;
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
}

// What holds byte b: a member's meaning, "padding", or "" past the end.
std::string owner_of(const layout_struct& l, std::uint64_t b) {
  if (b >= l.size) return "";
  for (const auto& m : l.members)
    if (b >= m.offset && b < m.offset + m.size) return meaning(m.name);
  return "padding";
}

// One arch's sets and their struct (null where a source lacks it).
struct arch_columns {
  std::vector<const layout_set*> sets;
  std::vector<const layout_struct*> st;
  std::size_t width = 16;
};

// A row differs when the sources put different things in its bytes [off, end).
bool row_differs(const arch_columns& c, std::uint64_t off, std::uint64_t end) {
  std::optional<std::string> first_owners;
  for (std::size_t i = 0; i < c.st.size(); ++i) {
    if (!c.st[i]) continue;
    std::string owners;
    for (std::uint64_t b = off; b < end; ++b) owners += owner_of(*c.st[i], b) + ",";
    if (!first_owners) first_owners = owners;
    else if (owners != *first_owners) return true;
  }
  return false;
}

// sizeof or alignof in every source, starred where they differ.
void footer(std::ostringstream& out, const arch_columns& c, const char* what,
            std::uint64_t layout_struct::*field) {
  std::vector<std::string> vals;
  bool differs = false;
  std::string firstv;
  for (std::size_t i = 0; i < c.sets.size(); ++i) {
    std::string v;
    if (!c.sets[i]->built()) {
      v = "(not built)";
    } else if (!c.st[i]) {
      v = "(none)";
    } else {
      v = std::to_string(c.st[i]->*field);
      if (firstv.empty()) firstv = v;
      if (v != firstv) differs = true;
    }
    vals.push_back(v);
  }
  out << fmt::format("{:>7}{} ", what, differs ? " *" : "  ");
  for (const auto& v : vals) out << fmt::format("{:<{}}", v, c.width);
  out << "\n";
}

void render_arch_table(std::ostringstream& out, const layout_selection& sel, const std::string& arch) {
  arch_columns c;
  c.sets = sets_of(sel, arch);
  std::set<std::uint64_t> offsets;
  for (const auto* s : c.sets) {
    const layout_struct* l = s->find(sel.structure);
    c.st.push_back(l);
    if (!l) continue;
    for (const auto& m : l->members) offsets.insert(m.offset);
    for (const auto& g : l->padding()) offsets.insert(g.offset);
  }
  for (const auto* l : c.st)
    if (l)
      for (const auto& m : l->members) c.width = std::max(c.width, m.name.size() + 8);
  const std::size_t w = c.width;
  out << fmt::format("{} on {}\n", c_spelling(sel.structure), arch);
  out << fmt::format("{:>8}  ", "offset");
  for (const auto* s : c.sets) out << fmt::format("{:<{}}", s->source, w);
  out << "\n";
  for (auto it = offsets.begin(); it != offsets.end(); ++it) {
    const std::uint64_t off = *it;
    const std::uint64_t end = std::next(it) == offsets.end() ? off + 1 : *std::next(it);
    out << fmt::format("{:>7}{} ", off, row_differs(c, off, end) ? " *" : "  ");
    for (std::size_t i = 0; i < c.sets.size(); ++i) {
      cell x = cell_at(c.st[i], off);
      std::string t = !c.sets[i]->built() || !c.st[i] ? "" : x.kind == cell::inside ? "|" : x.text;
      out << fmt::format("{:<{}}", t, w);
    }
    out << "\n";
  }
  footer(out, c, "sizeof", &layout_struct::size);
  footer(out, c, "alignof", &layout_struct::align);
  for (const auto* s : c.sets)
    if (!s->built())
      out << (s->package.empty()  // nothing to install: Debian has none (x32's musl)
                  ? fmt::format("  {}: not built: {}\n", s->source, s->reason)
                  : fmt::format("  {}: not built: {} (install Debian package {})\n", s->source,
                                s->reason, s->package));
}

}  // namespace

std::string render_layout_table(const layout_selection& sel) {
  std::ostringstream out;
  bool first = true;
  for (const auto& arch : sel.arches) {
    if (!first) out << "\n";
    first = false;
    render_arch_table(out, sel, arch);
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
        o["missing"] = s->package.empty() ? fmt::format("not built: {}", s->reason)
                                         : fmt::format("not built: {} (install Debian package {})", s->reason, s->package);
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
