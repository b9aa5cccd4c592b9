// cli/src/report/diff.cpp - `sysabi diff BASE NEW`: read two reports, match their
// facts by (id, variant), classify every difference (diff.hpp).
#include "sysabi/host/diff.hpp"

#include "sysabi/host/html.hpp"

#include <fmt/format.h>
#include <tinyxml2.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/report.hpp"

namespace sysabi::host {

namespace {

// A report is four levels deep (report / facts / fact / value); anything
// nested much deeper is not a report, and is refused before it is built.
constexpr int max_depth = 16;

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw usage_error(fmt::format("{}: {}", name, what));
}

void expect_type(const std::string& name, const ordered_json& j, const char* key,
                 ordered_json::value_t type, const char* type_name) {
  auto it = j.find(key);
  if (it == j.end()) bad(name, fmt::format("not a sysabi report: no \"{}\"", key));
  if (it->type() != type && !(type == ordered_json::value_t::number_integer &&
                              it->type() == ordered_json::value_t::number_unsigned))
    bad(name, fmt::format("\"{}\" must be {}", key, type_name));
}

// A SAX handler that builds nothing: it notes the depth and where the
// syntax breaks.
struct syntax_check : nlohmann::json_sax<ordered_json> {
  int depth = 0;
  bool too_deep = false;
  std::optional<std::size_t> error_at;

  bool deeper() {
    if (++depth > max_depth) too_deep = true;
    return !too_deep;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return deeper(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return deeper(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    error_at = position;
    return false;
  }
};

std::string key_of(const std::string& id, const std::string& variant) {
  return id + '\x1f' + variant;
}

std::string short_value(const json& v) {
  if (v.is_null()) return "(none)";
  std::string s = v.dump();
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

}  // namespace

std::string_view to_string(change_kind k) {
  switch (k) {
    case change_kind::unchanged:
      return "unchanged";
    case change_kind::added:
      return "added";
    case change_kind::fixed:
      return "fixed";
    case change_kind::informational:
      return "informational";
    case change_kind::incompatible:
      return "incompatible";
  }
  return "?";
}

std::size_t diff_result::count(change_kind k) const {
  if (k == change_kind::unchanged) return unchanged;
  std::size_t n = 0;
  for (const auto& c : changes) n += c.kind == k;
  return n;
}

ordered_json parse_report(const std::string& text, const std::string& name) {
  if (text.size() > max_report_bytes)
    bad(name, fmt::format("too large for a report ({} bytes; the limit is {})", text.size(),
                          max_report_bytes));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) bad(name, "empty, not a report");
  // First pass: syntax and depth, without building anything (so a deeply
  // nested document costs no memory); then build the document.
  syntax_check check;
  ordered_json::sax_parse(text, &check, ordered_json::input_format_t::json, /*strict=*/true);
  if (check.too_deep)
    bad(name, fmt::format("nested deeper than {} levels: not a report", max_depth));
  if (check.error_at) {
    bool at_end = *check.error_at >= text.size();
    bad(name, at_end ? fmt::format("truncated: the JSON ends early (byte {})", *check.error_at)
                     : fmt::format("not JSON: syntax error at byte {}", *check.error_at));
  }
  ordered_json j = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) bad(name, "not JSON");
  if (!j.is_object()) bad(name, "not a sysabi report: the top level is not an object");
  using vt = ordered_json::value_t;
  expect_type(name, j, "schema", vt::string, "a string");
  if (j["schema"] != report_schema)
    bad(name, fmt::format("not a sysabi report: schema is {}", j["schema"].dump()));
  expect_type(name, j, "schema_version", vt::number_integer, "an integer");
  if (j["schema_version"] != report_schema_version)
    bad(name, fmt::format("schema_version {} is not supported (this sysabi reads {})",
                          j["schema_version"].dump(), report_schema_version));
  expect_type(name, j, "host", vt::object, "an object");
  expect_type(name, j, "variants", vt::array, "an array");
  expect_type(name, j, "facts", vt::array, "an array");
  std::size_t i = 0;
  for (const auto& f : j["facts"]) {
    if (!f.is_object()) bad(name, fmt::format("facts[{}] is not an object", i));
    for (const char* k : {"id", "variant", "status"})
      if (!f.contains(k) || !f[k].is_string())
        bad(name, fmt::format("facts[{}].{} must be a string", i, k));
    if (!parse_status(f["status"].get<std::string>()))
      bad(name, fmt::format("facts[{}].status {} is not pass, fail, skip or info", i,
                            f["status"].dump()));
    for (const char* k : {"value", "expect"})
      if (f.contains(k) && (f[k].is_object() || f[k].is_array()))
        bad(name, fmt::format("facts[{}].{} must be null, a boolean, a number or a string", i, k));
    ++i;
  }
  for (const auto& v : j["variants"])
    if (!v.is_object() || !v.contains("name") || !v["name"].is_string() || !v.contains("status") ||
        !v["status"].is_string())
      bad(name, "variants[] entries need a string name and status");
  return j;
}

ordered_json read_report(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) bad(path, ec == std::errc::no_such_file_or_directory ? "no such file" : ec.message());
  if (std::filesystem::is_directory(path)) bad(path, "is a directory, not a report");
  if (size > max_report_bytes)
    bad(path,
        fmt::format("too large for a report ({} bytes; the limit is {})", size, max_report_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) bad(path, std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_report(text.str(), path);
}

namespace {

// Classifies one fact present in both reports.
std::optional<change> compare(const json& b, const json& n) {
  const json null;
  auto field = [&](const json& f, const char* k) -> const json& {
    auto it = f.find(k);
    return it == f.end() ? null : *it;
  };
  const std::string bs = b["status"], ns = n["status"];
  const json &bv = field(b, "value"), &nv = field(n, "value");
  const json &be = field(b, "expect"), &ne = field(n, "expect");
  if (bs == ns && bv == nv && be == ne) return std::nullopt;

  change c;
  c.id = b["id"];
  c.variant = b["variant"];
  c.base = b;
  c.next = n;
  const bool layout = c.id.rfind("layout.", 0) == 0 || c.id.find(".layout.") != std::string::npos;
  if (bs == "pass" && ns == "fail") {
    c.kind = change_kind::incompatible;
    c.why = "an expectation that held now fails";
  } else if (nv == "ENOSYS" && bv != "ENOSYS") {
    c.kind = change_kind::incompatible;
    c.why = "a call that worked now returns ENOSYS";
  } else if (layout && bv != nv && !bv.is_null() && !nv.is_null()) {
    c.kind = change_kind::incompatible;
    c.why = "a layout changed";
  } else if (bs == "fail" && ns == "pass") {
    c.kind = change_kind::fixed;
    c.why = "a failing check now passes";
  } else if (bs == "fail" && ns == "fail") {
    c.kind = change_kind::informational;
    c.why = "still failing, with another value";
  } else if (bs == "skip" || ns == "skip") {
    c.kind = change_kind::informational;
    c.why = bs == "skip" ? "could not be checked before" : "could not be checked now";
  } else if (bs == "info" || ns == "info") {
    c.kind = change_kind::informational;
    c.why = "an observation changed";
  } else {
    c.kind = change_kind::informational;
    c.why = "the value moved with its expectation";
  }
  return c;
}

}  // namespace

diff_result diff_reports(const ordered_json& base, const ordered_json& next) {
  diff_result d;
  std::map<std::string, const ordered_json*> in_base, in_next;
  for (const auto& f : base["facts"]) in_base[key_of(f["id"], f["variant"])] = &f;
  for (const auto& f : next["facts"]) in_next[key_of(f["id"], f["variant"])] = &f;
  std::set<std::string> ran_in_next;
  for (const auto& v : next["variants"])
    if (v["status"] == "ran") ran_in_next.insert(v["name"].get<std::string>());

  // The host: informational, field by field.
  for (auto it = base["host"].begin(); it != base["host"].end(); ++it) {
    const json b = *it;
    const json n = next["host"].contains(it.key()) ? json(next["host"][it.key()]) : json();
    if (b != n)
      d.changes.push_back({change_kind::informational, "host." + it.key(), "", b, n,
                           "the machine or kernel differs"});
  }

  std::set<std::string> keys;
  for (const auto& [k, _] : in_base) keys.insert(k);
  for (const auto& [k, _] : in_next) keys.insert(k);
  for (const auto& k : keys) {
    auto b = in_base.find(k);
    auto n = in_next.find(k);
    if (b != in_base.end() && n != in_next.end()) {
      if (auto c = compare(json(*b->second), json(*n->second)))
        d.changes.push_back(std::move(*c));
      else
        ++d.unchanged;
      continue;
    }
    change c;
    if (n != in_next.end()) {
      const auto& f = *n->second;
      c = {change_kind::added, f["id"], f["variant"], json(), json(f), "only in the new report"};
      if (f["status"] == "fail") {
        c.kind = change_kind::incompatible;
        c.why = "a new fact that fails";
      }
    } else {
      const auto& f = *b->second;
      std::string variant = f["variant"];
      bool ran = ran_in_next.count(variant) > 0 || variant == "*" ||
                 variant.find("-*") != std::string::npos;
      c = {change_kind::incompatible,
           f["id"],
           variant,
           json(f),
           json(),
           "no longer reported, though its variant ran"};
      if (!ran) {
        c.kind = change_kind::informational;
        c.why = "its variant did not run in the new report";
      } else if (f["status"] == "fail" || f["id"].get<std::string>().rfind("identity.", 0) == 0) {
        c.kind = change_kind::fixed;
        c.why = "a failure that is gone";
      }
    }
    d.changes.push_back(std::move(c));
  }
  return d;
}

std::string render_diff_text(const diff_result& d, const std::string& base_name,
                             const std::string& next_name) {
  std::string out = fmt::format("sysabi diff {} -> {}\n", base_name, next_name);
  for (auto kind : {change_kind::incompatible, change_kind::fixed, change_kind::added,
                    change_kind::informational}) {
    std::size_t n = d.count(kind);
    if (n == 0) continue;
    out += fmt::format("\n{} ({}):\n", to_string(kind), n);
    for (const auto& c : d.changes) {
      if (c.kind != kind) continue;
      // A fact (an object with an id) shows its value; a host field is its value.
      auto is_fact = [](const json& f) { return f.is_object() && f.contains("id"); };
      auto val = [&](const json& f) -> json {
        if (!is_fact(f)) return f;
        return f.contains("value") ? f["value"] : json();
      };
      auto status = [&](const json& f) -> std::string {
        return is_fact(f) && f.contains("status") ? " " + f["status"].get<std::string>() : "";
      };
      out += fmt::format("  {}{}: {}{} -> {}{}  ({})\n", c.id,
                         c.variant.empty() ? "" : " [" + c.variant + "]", short_value(val(c.base)),
                         status(c.base), short_value(val(c.next)), status(c.next), c.why);
    }
  }
  out += fmt::format("\n{} unchanged, {} added, {} fixed, {} informational, {} incompatible: {}\n",
                     d.unchanged, d.count(change_kind::added), d.count(change_kind::fixed),
                     d.count(change_kind::informational), d.count(change_kind::incompatible),
                     d.compatible() ? "compatible" : "INCOMPATIBLE");
  return out;
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
    e["base"] = c.base;
    e["new"] = c.next;
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
    tc->SetAttribute("classname", c.variant.empty() ? "host" : c.variant.c_str());
    tc->SetAttribute("name", c.id.c_str());
    std::string detail =
        fmt::format("{}: {} -> {}", c.why, short_value(c.base), short_value(c.next));
    if (c.kind == change_kind::incompatible) {
      auto* fail = doc.NewElement("failure");
      fail->SetAttribute("message", c.why.c_str());
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
  std::unique_ptr<atomic_file> out;
  if (!o.output.empty()) out = std::make_unique<atomic_file>(o.output);  // unwritable: exit 2 now
  std::unique_ptr<atomic_file> html;
  if (!o.html.empty()) html = std::make_unique<atomic_file>(o.html);
  ordered_json base = read_report(o.base);
  ordered_json next = read_report(o.next);
  diff_result d = diff_reports(base, next);
  std::string text = o.format == "json"    ? render_diff_json(d)
                     : o.format == "junit" ? render_diff_junit(d)
                                           : render_diff_text(d, o.base, o.next);
  if (html) html->commit(render_diff_html(d, o.base, o.next));
  if (out)
    out->commit(text);
  else
    std::fwrite(text.data(), 1, text.size(), stdout);
  return d.compatible() ? 0 : 1;
}

}  // namespace sysabi::host
