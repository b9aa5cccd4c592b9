// cli_schema_test.cpp - reports validate against docs/report.schema.json.
//
// There is no JSON Schema validator among Debian's C++ packages, so this file
// has a small one for exactly the keywords the schema uses (and fails on any
// other keyword, so the schema cannot outgrow it unnoticed).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/report.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sysabi::host;

json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

class validator {
 public:
  explicit validator(json schema) : root_(std::move(schema)) {}

  // Every violation, as "<json pointer>: what".
  std::vector<std::string> check(const json& doc) {
    errors_.clear();
    visit(root_, doc, "");
    return errors_;
  }

 private:
  static bool is_type(const json& v, const std::string& t) {
    if (t == "null") return v.is_null();
    if (t == "boolean") return v.is_boolean();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "string") return v.is_string();
    if (t == "array") return v.is_array();
    if (t == "object") return v.is_object();
    ADD_FAILURE() << "schema uses unknown type " << t;
    return false;
  }

  void error(const std::string& at, const std::string& what) {
    errors_.push_back((at.empty() ? "/" : at) + ": " + what);
  }

  void visit(const json& s, const json& v, const std::string& at) {
    static const std::set<std::string> known = {
        "$schema", "$defs",    "title",      "description", "$ref",
        "type",    "const",    "enum",       "required",    "properties",
        "additionalProperties", "items",     "minimum",     "pattern"};
    for (auto it = s.begin(); it != s.end(); ++it)
      if (!known.count(it.key())) ADD_FAILURE() << "validator does not know keyword " << it.key();

    if (s.contains("$ref")) {
      std::string ref = s["$ref"];
      ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
      visit(root_.at(json::json_pointer(ref.substr(1))), v, at);
    }
    if (s.contains("type")) {
      bool ok = false;
      if (s["type"].is_array()) {
        for (const auto& t : s["type"]) ok = ok || is_type(v, t);
      } else {
        ok = is_type(v, s["type"]);
      }
      if (!ok) return error(at, "type is not " + s["type"].dump() + ": " + v.dump());
    }
    if (s.contains("const") && v != s["const"]) error(at, "not " + s["const"].dump());
    if (s.contains("enum") &&
        std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      error(at, v.dump() + " not in " + s["enum"].dump());
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
      error(at, "below minimum");
    if (s.contains("pattern") && v.is_string() &&
        !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
      error(at, v.dump() + " does not match " + s["pattern"].get<std::string>());
    if (v.is_object()) {
      if (s.contains("required"))
        for (const auto& k : s["required"])
          if (!v.contains(k)) error(at, "missing " + k.get<std::string>());
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string sub = at + "/" + it.key();
        if (s.contains("properties") && s["properties"].contains(it.key())) {
          visit(s["properties"][it.key()], it.value(), sub);
        } else if (s.contains("additionalProperties")) {
          const json& ap = s["additionalProperties"];
          if (ap.is_boolean()) {
            if (!ap.get<bool>()) error(sub, "not allowed");
          } else {
            visit(ap, it.value(), sub);
          }
        }
      }
    }
    if (v.is_array() && s.contains("items"))
      for (std::size_t i = 0; i < v.size(); ++i)
        visit(s["items"], v[i], at + "/" + std::to_string(i));
  }

  json root_;
  std::vector<std::string> errors_;
};

json schema() { return read_json(fs::path(SYSABI_TEST_SOURCE_DIR) / "docs/report.schema.json"); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// A report with a bit of everything: every status, both scopes, reasons,
// a skipped and a failed variant, an identity fact.
report synthetic() {
  auto make = [](std::string id, std::string variant, json value, fact_status st,
                 fact_scope sc = fact_scope::portable) {
    fact f;
    f.id = std::move(id);
    f.variant = std::move(variant);
    f.value = value;
    f.expect = value;
    f.status = st;
    f.scope = sc;
    if (st == fact_status::skip) f.reason = "needs root";
    return f;
  };
  std::vector<variant_record> vs(3);
  vs[0] = {"x86_64-glibc-static-pie", "x86_64", "glibc", "static-pie", variant_status::ran, "", "native", {}};
  vs[1] = {"aarch64-nolibc-static", "aarch64", "nolibc", "static", variant_status::failed, "",
           "qemu-aarch64", {}};
  vs[2] = {"riscv64-glibc-static", "riscv64", "glibc", "static", variant_status::skipped,
           "compiler riscv64-linux-gnu-g++ not found (install Debian package g++-riscv64-linux-gnu)",
           "", {}};
  std::vector<fact> facts = {
      make("errno.read.bad_fd", "x86_64-glibc-static-pie", "EBADF", fact_status::pass),
      make("errno.read.bad_fd", "aarch64-nolibc-static", "EFAULT", fact_status::pass),
      make("mmap.pku", "x86_64-glibc-static-pie", nullptr, fact_status::skip),
      make("elf.interp", "x86_64-glibc-static-pie", false, fact_status::info, fact_scope::variant),
      make("cc.page_size", "aarch64-nolibc-static", 4096, fact_status::fail, fact_scope::arch),
      make("harness.aarch64-nolibc-static.completed", "aarch64-nolibc-static", "exited 1",
           fact_status::fail, fact_scope::variant)};
  host_info h = current_host();
  h.emulator = "qemu-system-x86_64";
  return assemble_report(h, vs, facts);
}

TEST(ReportSchema, IsDraft202012) {
  json s = schema();
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

TEST(ReportSchema, SyntheticReportValidates) {
  json doc = json::parse(render_json(synthetic()));
  auto errors = validator(schema()).check(doc);
  EXPECT_TRUE(errors.empty()) << joined(errors);
  EXPECT_EQ(doc["facts"].size(), 7u);  // 6 + identity.errno.read.bad_fd
}

TEST(ReportSchema, ValidatorRejectsBrokenReports) {
  json good = json::parse(render_json(synthetic()));
  validator v(schema());
  auto broken = [&](auto mutate) {
    json d = good;
    mutate(d);
    return v.check(d);
  };
  EXPECT_FALSE(broken([](json& d) { d.erase("summary"); }).empty());
  EXPECT_FALSE(broken([](json& d) { d["schema_version"] = 2; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["facts"][0]["status"] = "maybe"; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["facts"][0]["value"] = json::array({1}); }).empty());
  EXPECT_FALSE(broken([](json& d) { d["facts"][0]["scope"] = "galaxy"; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["facts"][0]["generated_at"] = "now"; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["variants"][0]["status"] = "ok"; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["variants"][0]["facts"] = -1; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["host"]["cpu_features"]["pku"] = "yes"; }).empty());
  EXPECT_FALSE(broken([](json& d) { d["facts"][0]["id"] = "noprobe"; }).empty());
}

// The real thing: `sysabi run --json` over the probes this build made.
TEST(ReportSchema, RealReportValidates) {
  fs::path libexec = SYSABI_TEST_LIBEXEC_DIR;
  if (!fs::exists(libexec / "variants.json")) GTEST_SKIP() << "no probes built in " << libexec;
  std::string tmpl = (fs::temp_directory_path() / "cli_schema_test.XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  fs::path out = fs::path(tmpl) / "r.json";
  ::setenv("SYSABI_LIBEXEC", libexec.c_str(), 1);
  run_options o;
  o.json_path = out.string();
  int rc = cmd_run(o);
  ::unsetenv("SYSABI_LIBEXEC");
  EXPECT_TRUE(rc == 0 || rc == 1) << rc;
  json doc = read_json(out);
  fs::remove_all(tmpl);
  auto errors = validator(schema()).check(doc);
  EXPECT_TRUE(errors.empty()) << joined(errors);
  EXPECT_EQ(doc["summary"]["fail"] == 0, rc == 0);
  EXPECT_GT(doc["variants"].size(), 0u);
}

}  // namespace
