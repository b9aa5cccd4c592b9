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

// A value on a text line; long ones are cut (the JSON and JUnit renderings
// carry them whole).
std::string short_value(const json& v) {
  if (v.is_null()) return "(none)";
  std::string s = v.dump();
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}
std::string whole_value(const json& v) { return v.is_null() ? "(none)" : v.dump(); }

// One side of a change on a text line: a fact's value and status, a host
// field's value.
std::string text_side(const change& c, const std::optional<fact>& f, const json& host_value) {
  if (c.host) return short_value(host_value);
  if (!f) return short_value(json());
  return fmt::format("{} {}", short_value(f->value), to_string(f->status));
}

// Verdicts in the order the renderings show them: the ones that decide first.
constexpr change_kind shown_kinds[] = {change_kind::incompatible, change_kind::not_comparable,
                                       change_kind::fixed, change_kind::added,
                                       change_kind::informational};

bool decides(change_kind k) {
  return k == change_kind::incompatible || k == change_kind::not_comparable;
}

std::string counts_line(const diff_result& d) {
  return fmt::format("{} unchanged, {} added, {} fixed, {} informational, {} not comparable, "
                     "{} incompatible: {}",
                     d.unchanged, d.count(change_kind::added), d.count(change_kind::fixed),
                     d.count(change_kind::informational), d.count(change_kind::not_comparable),
                     d.count(change_kind::incompatible), d.verdict());
}

}  // namespace

std::string render_diff_text(const diff_result& d, const std::string& base_name,
                             const std::string& next_name) {
  std::string out = fmt::format("sysabi diff {} -> {}\n", base_name, next_name);
  auto side = [](const host_info& h) {
    return fmt::format("{} {}, command line: {}", h.machine, h.kernel_release,
                       h.kernel_cmdline.value_or("(not recorded)"));
  };
  out += fmt::format("  BASE: {}\n  NEW:  {}\n", side(d.base_host), side(d.next_host));
  for (auto kind : shown_kinds) {
    std::size_t n = d.count(kind);
    if (n == 0) continue;
    out += fmt::format("\n{} ({}):\n", to_string(kind), n);
    for (const auto& c : d.changes) {
      if (c.kind != kind) continue;
      out += fmt::format("  {}{}: {} -> {}  ({}: {})\n", c.id,
                         c.variant.empty() || c.id == "variant." + c.variant ? ""
                                                                             : " [" + c.variant + "]",
                         text_side(c, c.base, c.host_base), text_side(c, c.next, c.host_next),
                         c.rule, c.why);
      if (decides(kind)) out += fmt::format("      for users: {}\n", find_rule(c.rule).impact);
    }
  }
  out += "\n" + counts_line(d) + "\n";
  return escape_lines(out);  // ids, values and reasons come from the reports
}

std::string render_diff_json(const diff_result& d) {
  ordered_json j;
  j["compatible"] = d.compatible();
  j["comparable"] = d.comparable();
  j["verdict"] = d.verdict();
  ordered_json counts;
  for (auto kind : {change_kind::unchanged, change_kind::added, change_kind::fixed,
                    change_kind::informational, change_kind::not_comparable,
                    change_kind::incompatible})
    counts[std::string(to_string(kind))] = d.count(kind);
  j["counts"] = counts;
  j["hosts"] = {{"base", to_json(d.base_host)}, {"new", to_json(d.next_host)}};
  j["changes"] = ordered_json::array();
  for (const auto& c : d.changes) {
    ordered_json e;
    e["kind"] = to_string(c.kind);
    e["rule"] = c.rule;
    e["id"] = c.id;
    e["variant"] = c.variant.empty() ? ordered_json() : ordered_json(c.variant);
    e["base"] = c.shown_base();
    e["new"] = c.shown_next();
    e["why"] = c.why;
    e["impact"] = find_rule(c.rule).impact;
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
  const std::size_t cases = d.changes.size() + (d.unchanged > 0 ? 1 : 0);
  const std::string time = fmt::format("{:.6f}", d.seconds);
  suite->SetAttribute("name", "sysabi diff");
  suite->SetAttribute("tests", static_cast<int64_t>(cases));
  suite->SetAttribute("failures", static_cast<int64_t>(d.count(change_kind::incompatible)));
  suite->SetAttribute("errors", static_cast<int64_t>(d.count(change_kind::not_comparable)));
  suite->SetAttribute("time", time.c_str());
  for (const auto& c : d.changes) {
    auto* tc = doc.NewElement("testcase");
    tc->SetAttribute("classname", c.variant.empty() ? "host" : xml_safe(c.variant).c_str());
    tc->SetAttribute("name", xml_safe(c.id).c_str());
    tc->SetAttribute("time", "0");
    std::string message = xml_safe(fmt::format("{}: {}", c.rule, c.why));
    std::string detail = xml_safe(fmt::format("rule {} ({}): {}\nbase: {}\nnew: {}\nfor users: {}", c.rule,
                                     to_string(c.kind), c.why, whole_value(c.shown_base()),
                                     whole_value(c.shown_next()), find_rule(c.rule).impact));
    // xml_safe: controls other than \t\n\r are not allowed in XML 1.0.
    if (decides(c.kind)) {
      // A not-comparable change is an error: the check could not be judged.
      auto* fail = doc.NewElement(c.kind == change_kind::incompatible ? "failure" : "error");
      fail->SetAttribute("message", message.c_str());
      fail->SetAttribute("type", c.rule.c_str());
      fail->SetText(detail.c_str());
      tc->InsertEndChild(fail);
    } else {
      auto* out = doc.NewElement("system-out");
      out->SetText(detail.c_str());
      tc->InsertEndChild(out);
    }
    suite->InsertEndChild(tc);
  }
  if (d.unchanged > 0) {
    auto* tc = doc.NewElement("testcase");
    tc->SetAttribute("classname", "sysabi");
    tc->SetAttribute("name", fmt::format("{} facts unchanged", d.unchanged).c_str());
    tc->SetAttribute("time", "0");
    suite->InsertEndChild(tc);
  }
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

int cmd_diff(const diff_options& o) {
  if (o.rules) {
    std::string table = render_rules_markdown();
    std::fwrite(table.data(), 1, table.size(), stdout);
    return 0;
  }
  if (o.base.empty() || o.next.empty()) throw usage_error("diff needs BASE and NEW (or --rules)");
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
  return d.exit_status();
}

}  // namespace sysabi::host
