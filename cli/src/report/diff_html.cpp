// cli/src/report/diff_html.cpp - `sysabi diff --html`: one self-contained page
// (sysabi/host/html.hpp): the verdict, both kernels (release, command line),
// then the changes that decide it with their rule, cause and meaning for users.
#include <utility>

#include "html_page.hpp"
#include "sysabi/host/html.hpp"

namespace sysabi::host {

using html::esc;
using html::page;
using html::show;

std::string render_diff_html(const diff_result& d, const std::string& base_name,
                             const std::string& next_name) {
  std::string b;
  b += fmt::format("<h1>sysabi diff</h1>\n<p><code>{}</code> &rarr; <code>{}</code></p>\n",
                   esc(base_name), esc(next_name));
  b += fmt::format("<p class=\"verdict {}\">{}</p>\n",
                   d.compatible() ? (d.comparable() ? "pass" : "skip") : "incompatible",
                   d.verdict());
  // Both kernels, in the open: release, machine, command line, CPU, emulator.
  b += "<table>\n<thead><tr><th></th><th>kernel release</th><th>machine</th>"
       "<th>command line</th><th>CPU</th><th>emulator</th></tr></thead>\n<tbody>\n";
  for (auto [name, h] : {std::pair{"BASE", &d.base_host}, std::pair{"NEW", &d.next_host}})
    b += fmt::format(
        "<tr><th>{}</th><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td>"
        "<td>{}</td></tr>\n",
        name, esc(h->kernel_release), esc(h->machine),
        esc(h->kernel_cmdline.value_or("(not recorded)")), esc(h->cpu_model.value_or("")),
        esc(h->emulator.value_or("none")));
  b += "</tbody>\n</table>\n";
  b += fmt::format(
      "<table>\n<thead><tr><th>unchanged</th><th>added</th><th>fixed</th><th>informational</th>"
      "<th>not comparable</th><th>incompatible</th></tr></thead>\n<tbody><tr>"
      "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tbody>\n"
      "</table>\n",
      d.unchanged, d.count(change_kind::added), d.count(change_kind::fixed),
      d.count(change_kind::informational), d.count(change_kind::not_comparable),
      d.count(change_kind::incompatible));
  b += "<p><input id=\"filter\" type=\"search\" placeholder=\"filter: fact, variant, value...\"></p>\n";
  // A fact's side: its value and status; a host field's: its value.
  auto value_of = [](const change& c, const std::optional<fact>& f, const json& host_value) {
    if (c.host) return show(host_value);
    if (!f) return show(json());
    return fmt::format("{} ({})", show(f->value), to_string(f->status));
  };
  for (auto kind : {change_kind::incompatible, change_kind::not_comparable, change_kind::fixed,
                    change_kind::added, change_kind::informational}) {
    std::size_t n = d.count(kind);
    if (!n) continue;
    // Incompatible and fixed changes are open; the long informational list is not.
    b += fmt::format("<details{}><summary>{} ({})</summary>\n<table class=\"filterable\">\n"
                     "<thead><tr><th>fact</th><th>variant</th><th>before</th><th>after</th>"
                     "<th>rule</th><th>why</th><th>for users</th></tr></thead>\n<tbody>\n",
                     kind == change_kind::informational || kind == change_kind::added ? "" : " open",
                     to_string(kind), n);
    for (const auto& c : d.changes) {
      if (c.kind != kind) continue;
      b += fmt::format(
          "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td><code>{}</code></td>"
          "<td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
          kind == change_kind::not_comparable ? "skip" : to_string(kind), esc(c.id),
          esc(c.variant), esc(value_of(c, c.base, c.host_base)),
          esc(value_of(c, c.next, c.host_next)), esc(c.rule), esc(c.why),
          esc(find_rule(c.rule).impact));
    }
    b += "</tbody>\n</table>\n</details>\n";
  }
  return page("sysabi diff " + base_name + " -> " + next_name, b);
}

}  // namespace sysabi::host
