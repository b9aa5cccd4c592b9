// cli/src/report/report_html.cpp - `sysabi run --html`: one self-contained page
// (sysabi/host/html.hpp).
#include <map>
#include <set>

#include "html_page.hpp"
#include "sysabi/host/html.hpp"

namespace sysabi::host {

using html::esc;
using html::page;
using html::show;

namespace {

std::string fact_row(const fact& f) {
  return fmt::format(
      "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td><code>{}</code></td>"
      "<td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
      to_string(f.status), esc(f.id), esc(f.variant), esc(show(f.value)), esc(show(f.expect)),
      to_string(f.status), esc(f.reason.value_or("")));
}

const char* fact_head =
    "<thead><tr><th>fact</th><th>variant</th><th>value</th><th>expected</th><th>status</th>"
    "<th>reason</th></tr></thead>\n";

// Every struct's byte map on this machine's arch, where the layouts are
// known: struct stat open, the others folded, each summary giving the sizes
// per source so that a disagreement shows without opening it.
std::string layouts_section(const report& r, const std::vector<layout_set>& layouts) {
  std::string b;
  std::set<std::string> structs;
  for (const auto& s : layouts)
    if (s.arch == r.host.machine)
      for (const auto& [name, _] : s.structs) structs.insert(name);
  if (!structs.empty()) {
    b += "<h2>Struct layouts, byte by byte</h2>\n";
    std::vector<std::string> order;
    if (structs.count("stat")) order.push_back("stat");
    for (const auto& name : structs)
      if (name != "stat") order.push_back(name);
    for (const auto& name : order) {
      layout_query q;
      q.structure = name;
      q.arches = {r.host.machine};
      const layout_selection sel = select_layouts(layouts, q, r.host.machine);
      std::string sizes;
      std::set<std::uint64_t> distinct;
      for (const auto* set : sel.sets)
        if (const auto* st = set->find(name)) {
          sizes += fmt::format("{}{} {}", sizes.empty() ? "" : ", ", set->source, st->size);
          distinct.insert(st->size);
        }
      b += fmt::format("<details{}><summary><code>{}</code>: {}{}</summary>\n",
                       name == "stat" ? " open" : "", esc(name), esc(sizes),
                       distinct.size() > 1 ? " <strong>(sizes differ)</strong>" : "");
      b += render_layout_svg(sel);
      b += "</details>\n";
    }
  }
  return b;
}

}  // namespace

std::string render_report_html(const report& r, const std::vector<layout_set>& layouts) {
  std::string b;
  b += fmt::format("<h1>sysabi report: {} {}</h1>\n", esc(r.host.kernel_release),
                   esc(r.host.machine));
  b += fmt::format("<p>sysabi {} &middot; kernel <code>{}</code>{}</p>\n", esc(r.sysabi_version),
                   esc(r.host.kernel_version),
                   r.host.emulator ? " &middot; under " + esc(*r.host.emulator) : "");
  const auto& t = r.totals;
  bool failed = t.tally.fail > 0;
  b += fmt::format("<p class=\"verdict {}\">{}</p>\n", failed ? "fail" : "pass",
                   failed ? fmt::format("{} facts failed", t.tally.fail) : "nothing failed");

  b += "<h2>Variants</h2>\n<table>\n<thead><tr><th>variant</th><th>status</th><th>runner</th>"
       "<th>facts</th><th>pass</th><th>fail</th><th>skip</th><th>info</th><th>reason</th></tr>"
       "</thead>\n<tbody>\n";
  for (const auto& v : r.variants)
    b += fmt::format(
        "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        v.tally.fail ? "fail" : v.status == variant_status::ran ? "pass" : "skip", esc(v.name),
        to_string(v.status), esc(v.runner), v.tally.facts, v.tally.pass, v.tally.fail,
        v.tally.skip, v.tally.info, esc(v.reason));
  b += "</tbody>\n</table>\n";

  b += "<h2>Failures</h2>\n";
  std::string failures;
  for (const auto& f : r.facts)
    if (f.status == fact_status::fail) failures += fact_row(f);
  b += failures.empty() ? "<p>None.</p>\n"
                        : "<table>\n" + std::string(fact_head) + "<tbody>\n" + failures +
                              "</tbody>\n</table>\n";

  b += layouts_section(r, layouts);

  // Every fact, by probe (the id's first part).
  std::map<std::string, std::vector<const fact*>> by_probe;
  for (const auto& f : r.facts) by_probe[f.id.substr(0, f.id.find('.'))].push_back(&f);
  b += "<h2>All facts</h2>\n<p><input id=\"filter\" type=\"search\" "
       "placeholder=\"filter: fact, variant, value...\"></p>\n";
  for (const auto& [probe, facts] : by_probe) {
    counts c;
    for (const auto* f : facts) c.add(f->status);
    b += fmt::format(
        "<details><summary><code>{}</code>: {} facts, {} pass, {} fail, {} skip, {} info</summary>\n"
        "<table class=\"filterable\">\n{}<tbody>\n",
        esc(probe), c.facts, c.pass, c.fail, c.skip, c.info, fact_head);
    for (const auto* f : facts) b += fact_row(*f);
    b += "</tbody>\n</table>\n</details>\n";
  }
  return page("sysabi report " + r.host.kernel_release, b);
}

}  // namespace sysabi::host
