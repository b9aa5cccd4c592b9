// cli/src/report/report_json.cpp - the report as JSON (docs/report.md),
// both ways: written by render_json(), one fact per line; read back into the
// typed report by read_report(), the one place that checks a report's
// schema.  The syntax and depth are checked first without building
// anything, then the document is read field by field, each refusal one
// usage_error line.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "sysabi/host/report.hpp"

namespace sysabi::host {

namespace {

ordered_json counts_json(ordered_json j, const counts& c) {
  j["facts"] = c.facts;
  j["pass"] = c.pass;
  j["fail"] = c.fail;
  j["skip"] = c.skip;
  j["info"] = c.info;
  return j;
}

}  // namespace

ordered_json to_json(const host_info& h) {
  ordered_json j;
  j["kernel_release"] = h.kernel_release;
  j["kernel_version"] = h.kernel_version;
  j["machine"] = h.machine;
  ordered_json features = ordered_json::object();
  for (const auto& [name, has] : h.cpu_features) features[name] = has;
  j["cpu_features"] = features;
  j["emulator"] = h.emulator ? ordered_json(*h.emulator) : ordered_json(nullptr);
  j["kernel_cmdline"] = h.kernel_cmdline ? ordered_json(*h.kernel_cmdline) : ordered_json(nullptr);
  j["cpu_model"] = h.cpu_model ? ordered_json(*h.cpu_model) : ordered_json(nullptr);
  if (h.seccomp_enosys) j["seccomp_enosys"] = *h.seccomp_enosys;  // `sysabi run --enosys`
  if (h.qemu) {  // a `sysabi vm` guest's machine
    j["qemu_machine"] = h.qemu->machine;
    j["qemu_cpu"] = h.qemu->cpu;
    j["smp"] = h.qemu->smp;
    j["memory_mb"] = h.qemu->memory_mb;
  }
  return j;
}

namespace {

ordered_json variant_json(const variant_record& v) {
  ordered_json j;
  j["name"] = v.name;
  j["arch"] = v.arch;
  j["libc"] = v.libc;
  j["linkage"] = v.linkage;
  j["status"] = to_string(v.status);
  j["reason"] = v.reason.empty() ? ordered_json(nullptr) : ordered_json(v.reason);
  j["runner"] = v.runner.empty() ? ordered_json(nullptr) : ordered_json(v.runner);
  return counts_json(std::move(j), v.tally);
}

ordered_json summary_json(const summary& s) {
  ordered_json j = counts_json(ordered_json::object(), s.tally);
  j["variants_ran"] = s.variants_ran;
  j["variants_failed"] = s.variants_failed;
  j["variants_skipped"] = s.variants_skipped;
  return j;
}

std::string head_json(const report& r) {
  ordered_json j;
  j["schema"] = report_schema;
  j["schema_version"] = report_schema_version;
  j["sysabi_version"] = r.sysabi_version;
  return j.dump();
}

}  // namespace

ordered_json to_json(const report& r) {
  ordered_json j = ordered_json::parse(head_json(r));
  j["host"] = to_json(r.host);
  j["variants"] = ordered_json::array();
  for (const auto& v : r.variants) j["variants"].push_back(variant_json(v));
  j["facts"] = ordered_json::array();
  for (const auto& f : r.facts) j["facts"].push_back(to_json(f));
  j["summary"] = summary_json(r.totals);
  return j;
}

std::string render_json(const report& r) {
  // Pretty at the top, one line per variant and per fact: diffs of two
  // reports then show whole facts.
  auto dump = [](const ordered_json& j) {
    return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  };
  std::string out = "{\n";
  ordered_json head = ordered_json::parse(head_json(r));
  for (auto it = head.begin(); it != head.end(); ++it)
    out += fmt::format("  {}: {},\n", dump(it.key()), dump(it.value()));
  out += fmt::format("  \"host\": {},\n", dump(to_json(r.host)));
  auto list = [&](const char* name, const auto& items, auto to) {
    out += fmt::format("  \"{}\": [", name);
    for (std::size_t i = 0; i < items.size(); ++i)
      out += fmt::format("{}\n    {}", i ? "," : "", dump(to(items[i])));
    out += items.empty() ? "],\n" : "\n  ],\n";
  };
  list("variants", r.variants, variant_json);
  list("facts", r.facts, [](const fact& f) { return to_json(f); });
  out += fmt::format("  \"summary\": {}\n}}\n", dump(summary_json(r.totals)));
  if (out.size() > max_report_bytes)
    throw std::runtime_error(fmt::format("the report would be {} bytes, more than the {} a report "
                                         "may have (docs/report.md): not written",
                                         out.size(), max_report_bytes));
  return out;
}

// Reading.

namespace {

// A report is four levels deep (report / facts / fact / value); anything
// nested much deeper is not a report, and is refused before it is built.
constexpr int max_depth = 16;

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw usage_error(fmt::format("{}: {}", name, what));
}

using vt = ordered_json::value_t;

void expect_type(const std::string& name, const ordered_json& j, const char* key, vt type,
                 const char* type_name) {
  auto it = j.find(key);
  if (it == j.end()) bad(name, fmt::format("not a sysabi report: no \"{}\"", key));
  if (it->type() != type && !(type == vt::number_integer && it->type() == vt::number_unsigned))
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

// The text as a JSON document: size, emptiness, syntax and depth.
ordered_json parse_document(const std::string& text, const std::string& name) {
  if (text.size() > max_report_bytes)
    bad(name, fmt::format("too large for a report ({} bytes; the limit is {})", text.size(),
                          max_report_bytes));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) bad(name, "empty, not a report");
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
  return j;
}

// The top level: schema, version, and the three parts' types.
void check_top_level(const ordered_json& j, const std::string& name) {
  if (!j.is_object()) bad(name, "not a sysabi report: the top level is not an object");
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
}

// An optional string member: "" (or nullopt) when absent or null.
std::optional<std::string> optional_string(const ordered_json& j, const char* key,
                                           const std::string& name, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(name, fmt::format("{}.{} must be a string or null", where, key));
  return it->get<std::string>();
}

fact read_fact(const ordered_json& f, std::size_t i, const std::string& name) {
  if (!f.is_object()) bad(name, fmt::format("facts[{}] is not an object", i));
  for (const char* k : {"id", "variant", "status"})
    if (!f.contains(k) || !f[k].is_string())
      bad(name, fmt::format("facts[{}].{} must be a string", i, k));
  std::optional<fact_status> status = parse_status(f["status"].get<std::string>());
  if (!status)
    bad(name, fmt::format("facts[{}].status {} is not pass, fail, skip or info", i,
                          f["status"].dump()));
  for (const char* k : {"value", "expect"})
    if (f.contains(k) && (f[k].is_object() || f[k].is_array()))
      bad(name, fmt::format("facts[{}].{} must be null, a boolean, a number or a string", i, k));
  fact out;
  out.id = f["id"].get<std::string>();
  out.variant = f["variant"].get<std::string>();
  out.value = f.contains("value") ? json(f["value"]) : json();
  out.expect = f.contains("expect") ? json(f["expect"]) : json();
  out.status = *status;
  const std::string where = fmt::format("facts[{}]", i);
  out.reason = optional_string(f, "reason", name, where);
  if (auto scope = optional_string(f, "scope", name, where)) {
    auto parsed = parse_scope(*scope);
    if (!parsed) bad(name, fmt::format("{}.scope \"{}\" is not arch or variant", where, *scope));
    out.scope = *parsed;
  }
  return out;
}

std::optional<variant_status> parse_variant_status(std::string_view s) {
  for (auto v : {variant_status::ran, variant_status::skipped, variant_status::failed})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

variant_record read_variant(const ordered_json& v, std::size_t i, const std::string& name) {
  if (!v.is_object() || !v.contains("name") || !v["name"].is_string() || !v.contains("status") ||
      !v["status"].is_string())
    bad(name, "variants[] entries need a string name and status");
  const std::string where = fmt::format("variants[{}]", i);
  auto status = parse_variant_status(v["status"].get<std::string>());
  if (!status)
    bad(name, fmt::format("{}.status {} is not ran, skipped or failed", where, v["status"].dump()));
  variant_record r;
  r.name = v["name"].get<std::string>();
  r.status = *status;
  r.arch = optional_string(v, "arch", name, where).value_or("");
  r.libc = optional_string(v, "libc", name, where).value_or("");
  r.linkage = optional_string(v, "linkage", name, where).value_or("");
  r.reason = optional_string(v, "reason", name, where).value_or("");
  r.runner = optional_string(v, "runner", name, where).value_or("");
  return r;
}

host_info read_host(const ordered_json& h, const std::string& name) {
  host_info out;
  out.kernel_release = optional_string(h, "kernel_release", name, "host").value_or("");
  out.kernel_version = optional_string(h, "kernel_version", name, "host").value_or("");
  out.machine = optional_string(h, "machine", name, "host").value_or("");
  out.emulator = optional_string(h, "emulator", name, "host");
  out.kernel_cmdline = optional_string(h, "kernel_cmdline", name, "host");
  out.cpu_model = optional_string(h, "cpu_model", name, "host");
  out.seccomp_enosys = optional_string(h, "seccomp_enosys", name, "host");
  if (auto machine = optional_string(h, "qemu_machine", name, "host")) {
    qemu_guest q;
    q.machine = *machine;
    q.cpu = optional_string(h, "qemu_cpu", name, "host").value_or("");
    for (auto [key, field] : {std::pair{"smp", &q.smp}, std::pair{"memory_mb", &q.memory_mb}}) {
      auto it = h.find(key);
      if (it == h.end() || it->is_null()) continue;
      if (!it->is_number_unsigned()) bad(name, fmt::format("host.{} must be a whole number", key));
      *field = it->get<unsigned>();
    }
    out.qemu = q;
  }
  if (auto it = h.find("cpu_features"); it != h.end() && !it->is_null()) {
    if (!it->is_object()) bad(name, "host.cpu_features must be an object of booleans");
    for (auto f = it->begin(); f != it->end(); ++f) {
      if (!f->is_boolean()) bad(name, "host.cpu_features must be an object of booleans");
      out.cpu_features.emplace_back(f.key(), f->get<bool>());
    }
  }
  return out;
}

}  // namespace

report parse_report(const std::string& text, const std::string& name) {
  // First pass: syntax and depth, without building anything (so a deeply
  // nested document costs no memory); then the document, then its parts.
  ordered_json j = parse_document(text, name);
  check_top_level(j, name);
  report r;
  // A fact is known by its id and variant, a variant by its name: the diff
  // pairs them up by these keys, so a report naming one twice is refused.
  std::set<std::pair<std::string, std::string>> fact_keys;
  std::size_t i = 0;
  for (const auto& f : j["facts"]) {
    r.facts.push_back(read_fact(f, i, name));
    if (!fact_keys.emplace(r.facts.back().id, r.facts.back().variant).second)
      bad(name, fmt::format("facts[{}] repeats the fact {} of variant {}", i, r.facts.back().id,
                            r.facts.back().variant));
    ++i;
  }
  std::set<std::string> variant_names;
  i = 0;
  for (const auto& v : j["variants"]) {
    r.variants.push_back(read_variant(v, i, name));
    if (!variant_names.insert(r.variants.back().name).second)
      bad(name, fmt::format("variants[{}] repeats the variant {}", i, r.variants.back().name));
    ++i;
  }
  r.host = read_host(j["host"], name);
  r.sysabi_version = optional_string(j, "sysabi_version", name, "report").value_or("");
  count(r);
  return r;
}

report read_report(const std::string& path) {
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

}  // namespace sysabi::host
