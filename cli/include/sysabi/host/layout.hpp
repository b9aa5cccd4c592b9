// sysabi/host/layout.hpp - struct layouts as each compiler computed them
// (struct_layout/), read out of the layout objects, and what is made of
// them: the side-by-side table, JSON, the SVG byte map, report facts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"

namespace sysabi::host {

struct layout_member {
  std::string name;
  std::uint64_t offset = 0, size = 0;
};

// A run of bytes inside a struct that no listed member covers: an implicit
// hole or a reserved member (__pad0, __glibc_reserved, __unused).
struct layout_gap {
  std::uint64_t offset = 0, size = 0;
};

struct layout_struct {
  std::string name;    // sysabi's name: "stat", "sigaction", ...
  std::string c_type;  // as the source spells it: "struct stat", "kernel_stat"
  std::uint64_t size = 0, align = 0;
  std::vector<layout_member> members;  // by offset

  std::vector<layout_gap> padding() const;
};

// One (arch, source): the structs its object describes, or why it was not built.
struct layout_set {
  std::string arch, source;
  std::filesystem::path object;
  std::string reason, package;  // when not built
  std::map<std::string, layout_struct> structs;

  bool built() const { return reason.empty(); }
  const layout_struct* find(const std::string& name) const;
};

// " (install Debian package P)", or "" when no package provides it (sparc64's
// musl: Debian has none).
inline std::string install_hint(const std::string& package) {
  return package.empty() ? "" : " (install Debian package " + package + ")";
}

// Reads <libexec>/layout/sources.json and every object it names.  A missing
// or unreadable object is a usage_error naming it.
std::vector<layout_set> load_layouts(const std::filesystem::path& libexec);

// The rows of one object file (exposed for the unit tests).
std::map<std::string, layout_struct> read_layout_object(const std::filesystem::path& object);

struct layout_query {
  std::string structure;
  std::vector<std::string> arches;   // empty = the host's
  std::vector<std::string> sources;  // empty = every source of each arch
  std::string format = "table";      // table | json | svg
};

// The selected sets, per arch in the order asked; usage_error for an unknown
// struct, arch or source (with the list of known ones).
struct layout_selection {
  std::string structure;
  std::vector<std::string> arches;
  std::vector<const layout_set*> sets;  // grouped by arch, sources in order
};
layout_selection select_layouts(const std::vector<layout_set>& all, const layout_query& q,
                                const std::string& host_arch);

std::string render_layout_table(const layout_selection& s);
std::string render_layout_json(const layout_selection& s);
std::string render_layout_svg(const layout_selection& s);

// layout.<arch>.<source>.<struct>.{size,align,padding} and
// .<member>.{offset,size}: every built set, for a whole run's report.
std::vector<fact> layout_facts(const std::vector<layout_set>& all);

}  // namespace sysabi::host
