// cli/src/report/diff_render.cpp - a diff as text, JSON and JUnit XML, and
// `sysabi diff` itself (cmd_diff): read, classify, render, write.
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <tinyxml2.h>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/commands.hpp"
#include "sysabi/host/diff.hpp"
#include "sysabi/host/escape.hpp"
#include "sysabi/host/html.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

namespace {

std::string short_value(const json& v) {
  if (v.is_null()) return "(none)";
  std::string s = v.dump();
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

// One side of a change on a text line: a fact's value and status, a host
// field's value.
std::string text_side(const change& c, const std::optional<fact>& f, const json& host_value) {
  if (c.host) return short_value(host_value);
  if (!f) return short_value(json());
  return fmt::format("{} {}", short_value(f->value), to_string(f->status));
}

constexpr change_kind shown_kinds[] = {change_kind::incompatible, change_kind::fixed,
                                       change_kind::added, change_kind::informational};

}  // namespace

std::string render_diff_text(const diff_result& d, const std::string& base_name,
                             const std::string& next_name) {
  std::string out = fmt::format("sysabi diff {} -> {}\n", base_name, next_name);
  for (auto kind : shown_kinds) {
    std::size_t n = d.count(kind);
    if (n == 0) continue;
    out += fmt::format("\n{} ({}):\n", to_string(kind), n);
    for (const auto& c : d.changes) {
      if (c.kind != kind) continue;
      out += fmt::format("  {}{}: {} -> {}  ({})\n", c.id,
                         c.variant.empty() ? "" : " [" + c.variant + "]",
                         text_side(c, c.base, c.host_base), text_side(c, c.next, c.host_next),
                         c.why);
    }
  }
  out += fmt::format("\n{} unchanged, {} added, {} fixed, {} informational, {} incompatible: {}\n",
                     d.unchanged, d.count(change_kind::added), d.count(change_kind::fixed),
                     d.count(change_kind::informational), d.count(change_kind::incompatible),
                     d.compatible() ? "compatible" : "INCOMPATIBLE");
  return escape_lines(out);  // ids, values and reasons come from the reports
}

std::string render_diff_json(const diff_result& d) {
  ordered_json j;
  j["compatible"] = d.compatible();
  ordered_json counts;
  for (auto kind : {change_kind::unchanged, change_kind::added, change_kind::fixed,
                    change_kind::informational, change_kind::incompatible})
    counts[std::string(to_string(kind))] = d.count(kind);
  j["counts"] = counts;
  j["changes"] = ordered_json::array();
  for (const auto& c : d.changes) {
    ordered_json e;
    e["kind"] = to_string(c.kind);
    e["id"] = c.id;
    e["variant"] = c.variant.empty() ? ordered_json() : ordered_json(c.variant);
    e["base"] = c.shown_base();
    e["new"] = c.shown_next();
    e["why"] = c.why;
    j["changes"].push_back(e);
  }
  return j.dump(1) + "\n";
}

std::string render_diff_junit(const diff_result& d) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  auto* suites = doc.NewElement("testsuites");
  doc.InsertEndChild(suites);
  auto* suite = doc.NewElement("testsuite");
  suites->InsertEndChild(suite);
  suite->SetAttribute("name", "sysabi diff");
  suite->SetAttribute("tests", static_cast<int64_t>(d.changes.size() + d.unchanged));
  suite->SetAttribute("failures", static_cast<int64_t>(d.count(change_kind::incompatible)));
  for (const auto& c : d.changes) {
    auto* tc = doc.NewElement("testcase");
    // xml_safe: controls other than \t\n\r are not allowed in XML 1.0.
    tc->SetAttribute("classname", c.variant.empty() ? "host" : xml_safe(c.variant).c_str());
    tc->SetAttribute("name", xml_safe(c.id).c_str());
    std::string detail = xml_safe(fmt::format("{}: {} -> {}", c.why, short_value(c.shown_base()),
                                              short_value(c.shown_next())));
    if (c.kind == change_kind::incompatible) {
      auto* fail = doc.NewElement("failure");
      fail->SetAttribute("message", xml_safe(c.why).c_str());
      fail->SetText(detail.c_str());
      tc->InsertEndChild(fail);
    } else {
      auto* out = doc.NewElement("system-out");
      out->SetText(fmt::format("{}: {}", to_string(c.kind), detail).c_str());
      tc->InsertEndChild(out);
    }
    suite->InsertEndChild(tc);
  }
  if (d.unchanged > 0) {
    auto* tc = doc.NewElement("testcase");
    tc->SetAttribute("classname", "sysabi");
    tc->SetAttribute("name", fmt::format("{} facts unchanged", d.unchanged).c_str());
    suite->InsertEndChild(tc);
  }
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

int cmd_diff(const diff_options& o) {
  if (o.format != "text" && o.format != "json" && o.format != "junit")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json, junit)", o.format));
  // Unwritable, or the same file as an input: exit 2 now, before any work.
  auto out = std::make_unique<atomic_file>(o.output.empty() ? std::string("-") : o.output);
  std::unique_ptr<atomic_file> html;
  if (!o.html.empty()) html = std::make_unique<atomic_file>(o.html);
  refuse_same_file({out.get(), html.get()}, {o.base, o.next});
  const report base = read_report(o.base);
  const report next = read_report(o.next);
  diff_result d = diff_reports(base, next);
  throw_if_interrupted();  // and in every commit (atomic_file): old outputs stay
  std::string text = o.format == "json"    ? render_diff_json(d)
                     : o.format == "junit" ? render_diff_junit(d)
                                           : render_diff_text(d, o.base, o.next);
  if (html) html->commit(render_diff_html(d, o.base, o.next));
  out->commit(text);
  return d.compatible() ? 0 : 1;
}

}  // namespace sysabi::host
