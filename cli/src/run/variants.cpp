// cli/src/run/variants.cpp - `sysabi variants`: every variant the build knows,
// and whether it can run here (or why not, and which package would help).
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"

namespace sysabi::host {

int cmd_variants(const variants_options& o) {
  if (o.format != "text" && o.format != "json")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json)", o.format));
  manifest m = load_manifest(find_libexec_dir());
  ordered_json all = ordered_json::array();
  std::size_t width = std::string_view("variant").size();
  for (const auto& v : m.variants) width = std::max(width, v.name.size());
  std::string text = fmt::format("{:<{}}  {:<9}  {:<13}  {}\n", "variant", width, "available",
                                 "runner", "note");
  for (const auto& v : m.variants) {
    availability a = check_availability(m, v);
    ordered_json j;
    j["name"] = v.name;
    j["arch"] = v.arch;
    j["libc"] = v.libc;
    j["linkage"] = v.linkage;
    j["built"] = v.built;
    j["available"] = a.available;
    j["runner"] = a.available ? ordered_json(a.runner) : ordered_json(nullptr);
    j["probe"] = v.built ? ordered_json((m.dir / v.probe).string()) : ordered_json(nullptr);
    j["reason"] = a.available ? ordered_json(nullptr) : ordered_json(a.reason);
    j["package"] = a.package.empty() ? ordered_json(nullptr) : ordered_json(a.package);
    all.push_back(std::move(j));

    std::string note;
    if (!a.available) {
      note = a.reason;
      if (!a.package.empty()) note += fmt::format(" (install Debian package {})", a.package);
    } else if (a.runner != v.runner) {
      note = fmt::format("{} could not run it; using {}", v.runner, a.runner);
    }
    text += fmt::format("{:<{}}  {:<9}  {:<13}  {}\n", v.name, width, a.available ? "yes" : "no",
                        a.available ? a.runner : "-", note);
  }
  if (o.format == "json")
    std::cout << all.dump(2) << '\n';
  else
    std::cout << text;
  return 0;
}

}  // namespace sysabi::host
