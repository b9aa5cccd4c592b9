// cli_report_test.cpp - the identity check, counting, ordering and the
// report's JSON and terminal forms.
#include <gtest/gtest.h>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/report.hpp"
#include "report_builders.hpp"

namespace {

using namespace sysabi::host;

using sysabi::testing::make_fact;

const std::map<std::string, std::string> arches = {
    {"x86_64-glibc-static", "x86_64"},
    {"x86_64-musl-static", "x86_64"},
    {"x86_64-nolibc-static", "x86_64"},
    {"aarch64-nolibc-static", "aarch64"},
};

TEST(Identity, AgreeingVariantsGiveNothing) {
  std::vector<fact> facts = {make_fact("errno.read.bad_fd", "x86_64-glibc-static", "EBADF"),
                             make_fact("errno.read.bad_fd", "x86_64-musl-static", "EBADF"),
                             make_fact("errno.read.bad_fd", "aarch64-nolibc-static", "EBADF")};
  EXPECT_TRUE(identity_check(facts, arches).empty());
}

TEST(Identity, PortableDivergenceNamesEveryVariantAndValue) {
  std::vector<fact> facts = {make_fact("layout.stat.size", "x86_64-glibc-static", 144),
                             make_fact("layout.stat.size", "x86_64-musl-static", 144),
                             make_fact("layout.stat.size", "aarch64-nolibc-static", 128),
                             make_fact("other.fact", "x86_64-musl-static", 1)};
  auto out = identity_check(facts, arches);
  ASSERT_EQ(out.size(), 1u);
  const fact& f = out[0];
  EXPECT_EQ(f.id, "identity.layout.stat.size");
  EXPECT_EQ(f.variant, "*");
  EXPECT_EQ(f.status, fact_status::fail);
  EXPECT_EQ(f.value, "128 in aarch64-nolibc-static; 144 in x86_64-glibc-static, x86_64-musl-static");
  EXPECT_EQ(f.expect, "the same value in every variant");
  EXPECT_EQ(f.scope, fact_scope::portable);
}

TEST(Identity, ValuesOfDifferentTypesDiffer) {
  std::vector<fact> facts = {make_fact("p.x", "x86_64-glibc-static", 1),
                             make_fact("p.x", "x86_64-musl-static", "1")};
  auto out = identity_check(facts, arches);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, "\"1\" in x86_64-musl-static; 1 in x86_64-glibc-static");
}

TEST(Identity, ArchScopedFactsAgreeWithinOneArchOnly) {
  auto arch = fact_scope::arch;
  std::vector<fact> facts = {
      make_fact("cc.saved", "x86_64-glibc-static", "rbx rbp", fact_status::pass, arch),
      make_fact("cc.saved", "x86_64-musl-static", "rbx rbp", fact_status::pass, arch),
      make_fact("cc.saved", "aarch64-nolibc-static", "x19-x28", fact_status::pass, arch)};
  EXPECT_TRUE(identity_check(facts, arches).empty());

  facts.push_back(make_fact("cc.saved", "x86_64-nolibc-static", "rbx", fact_status::pass, arch));
  auto out = identity_check(facts, arches);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "identity.cc.saved");
  EXPECT_EQ(out[0].variant, "x86_64-*");
  EXPECT_EQ(out[0].scope, fact_scope::arch);
  EXPECT_EQ(out[0].value,
            "\"rbx rbp\" in x86_64-glibc-static, x86_64-musl-static; \"rbx\" in x86_64-nolibc-static");
  EXPECT_EQ(out[0].expect, "the same value in every x86_64 variant");
}

TEST(Identity, VariantScopedAndSkippedFactsTakeNoPart) {
  std::vector<fact> facts = {
      make_fact("elf.interp", "x86_64-glibc-static", "", fact_status::info, fact_scope::variant),
      make_fact("elf.interp", "x86_64-musl-static", "/lib/ld-musl", fact_status::info,
           fact_scope::variant),
      make_fact("mem.pku", "x86_64-glibc-static", nullptr, fact_status::skip),
      make_fact("mem.pku", "x86_64-musl-static", true, fact_status::pass)};
  EXPECT_TRUE(identity_check(facts, arches).empty());
}

TEST(Identity, ScopeMayDependOnTheArchButNotOnTheLibc) {
  // arm: the fact is arch-scoped (the kernel behaves differently there by
  // design); everywhere else portable, and agreeing.
  std::map<std::string, std::string> with_arm = arches;
  with_arm["arm-nolibc-static"] = "arm";
  with_arm["arm-glibc-static"] = "arm";
  std::vector<fact> facts = {
      make_fact("errno.negative", "x86_64-glibc-static", "ENOSYS"),
      make_fact("errno.negative", "aarch64-nolibc-static", "ENOSYS"),
      make_fact("errno.negative", "arm-nolibc-static", "killed by SIGILL", fact_status::info,
           fact_scope::arch),
      make_fact("errno.negative", "arm-glibc-static", "killed by SIGILL", fact_status::info,
           fact_scope::arch)};
  EXPECT_TRUE(identity_check(facts, with_arm).empty());

  // Within x86_64 the scope changes with the libc: that is a divergence.
  facts.push_back(make_fact("errno.negative", "x86_64-musl-static", "ENOSYS", fact_status::pass,
                       fact_scope::variant));
  auto out = identity_check(facts, with_arm);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "identity.errno.negative");
  EXPECT_EQ(out[0].variant, "x86_64-*");
  EXPECT_EQ(out[0].value,
            "the scope differs: scope portable in x86_64-glibc-static; scope variant in "
            "x86_64-musl-static");
  EXPECT_EQ(out[0].expect, "the same scope in every x86_64 variant");
}

variant_record variant(std::string name, variant_status st, std::string reason = "") {
  variant_record v;
  v.name = name;
  v.arch = name.substr(0, name.find('-'));
  v.libc = "libc";
  v.linkage = "static";
  v.status = st;
  v.reason = std::move(reason);
  v.runner = st == variant_status::skipped ? "" : "native";
  return v;
}

report sample() {
  std::vector<variant_record> vs = {
      variant("x86_64-glibc-static", variant_status::ran),
      variant("x86_64-musl-static", variant_status::failed),
      variant("aarch64-glibc-static", variant_status::skipped, "no compiler")};
  std::vector<fact> facts = {
      make_fact("p.b", "x86_64-musl-static", 2),
      make_fact("p.b", "x86_64-glibc-static", 1),
      make_fact("p.a", "x86_64-musl-static", nullptr, fact_status::skip),
      make_fact("p.a", "x86_64-glibc-static", "x", fact_status::info),
      make_fact("harness.x86_64-musl-static.completed", "x86_64-musl-static", "exited 1",
           fact_status::fail, fact_scope::variant),
      make_fact("p.c", "x86_64-glibc-static", false, fact_status::fail)};
  facts.back().expect = true;
  facts.back().reason = "it was false";
  host_info h;
  h.kernel_release = "6.1.0-test";
  h.kernel_version = "#1 SMP";
  h.machine = "x86_64";
  h.cpu_features = {{"pku", false}, {"nx", true}};
  return assemble_report(h, vs, facts);
}

TEST(Report, CountsPerVariantAndInTotal) {
  report r = sample();
  // 6 probe facts + 1 identity fact (p.b differs).
  EXPECT_EQ(r.totals.tally, (counts{7, 2, 3, 1, 1}));
  EXPECT_EQ(r.totals.variants_ran, 1u);
  EXPECT_EQ(r.totals.variants_failed, 1u);
  EXPECT_EQ(r.totals.variants_skipped, 1u);
  EXPECT_EQ(r.variants[0].tally, (counts{3, 1, 1, 0, 1}));  // glibc: p.a info, p.b pass, p.c fail
  EXPECT_EQ(r.variants[1].tally, (counts{3, 1, 1, 1, 0}));  // musl: p.a skip, p.b pass, harness
  EXPECT_EQ(r.variants[2].tally, (counts{}));
  EXPECT_EQ(exit_code(r), 1);
}

TEST(Report, NothingFailedMeansExitZero) {
  report r = assemble_report({}, {variant("x86_64-glibc-static", variant_status::ran)},
                             {make_fact("p.a", "x86_64-glibc-static", 1)});
  EXPECT_EQ(r.totals.tally, (counts{1, 1, 0, 0, 0}));
  EXPECT_EQ(exit_code(r), 0);
}

TEST(Report, FactsAreSortedByIdThenVariant) {
  report r = sample();
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& f : r.facts) order.emplace_back(f.id, f.variant);
  std::vector<std::pair<std::string, std::string>> want = {
      {"harness.x86_64-musl-static.completed", "x86_64-musl-static"},
      {"identity.p.b", "*"},
      {"p.a", "x86_64-glibc-static"},
      {"p.a", "x86_64-musl-static"},
      {"p.b", "x86_64-glibc-static"},
      {"p.b", "x86_64-musl-static"},
      {"p.c", "x86_64-glibc-static"}};
  EXPECT_EQ(order, want);
}

TEST(Report, JsonIsDeterministicAndRoundTrips) {
  std::string a = render_json(sample());
  std::string b = render_json(sample());
  EXPECT_EQ(a, b);
  ASSERT_TRUE(json::accept(a));
  json j = json::parse(a);
  EXPECT_EQ(json::parse(to_json(sample()).dump()), j);
  EXPECT_EQ(j["schema"], "sysabi-report");
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["sysabi_version"], version());
  EXPECT_EQ(j["host"]["kernel_release"], "6.1.0-test");
  EXPECT_EQ(j["host"]["cpu_features"]["nx"], true);
  EXPECT_TRUE(j["host"]["emulator"].is_null());
  EXPECT_EQ(j["variants"][2]["status"], "skipped");
  EXPECT_EQ(j["variants"][2]["reason"], "no compiler");
  EXPECT_TRUE(j["variants"][2]["runner"].is_null());
  EXPECT_TRUE(j["variants"][0]["reason"].is_null());
  EXPECT_EQ(j["summary"]["fail"], 3);
  EXPECT_EQ(j["summary"]["variants_skipped"], 1);
  // optional keys only where they mean something
  const json& c = j["facts"][6];
  EXPECT_EQ(c["id"], "p.c");
  EXPECT_EQ(c["reason"], "it was false");
  EXPECT_FALSE(c.contains("scope"));
  EXPECT_EQ(j["facts"][0]["scope"], "variant");
  EXPECT_FALSE(j["facts"][2].contains("reason"));
  // one fact per line, for diffs
  EXPECT_NE(a.find("\n    {\"id\":\"p.a\",\"variant\":\"x86_64-glibc-static\",\"value\":\"x\","
                   "\"expect\":null,\"status\":\"info\"},\n"),
            std::string::npos)
      << a;
  // nothing time-dependent
  EXPECT_EQ(a.find("time"), std::string::npos);
}

TEST(Report, TerminalFormListsFailuresAndATable) {
  report r = sample();
  std::string failures = render_failures(r);
  EXPECT_NE(failures.find("FAIL p.c [x86_64-glibc-static]: got false, expected true (it was false)"),
            std::string::npos)
      << failures;
  EXPECT_NE(failures.find("FAIL identity.p.b [*]: got \"1 in x86_64-glibc-static; 2 in "
                          "x86_64-musl-static\""),
            std::string::npos)
      << failures;
  EXPECT_EQ(failures.find("p.a"), std::string::npos);

  std::string table = render_summary(r);
  EXPECT_NE(table.find("x86_64-glibc-static   ran          3      1      1      0      1"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("aarch64-glibc-static  skipped  no compiler"), std::string::npos) << table;
  EXPECT_NE(table.find("(identity)"), std::string::npos) << table;
  EXPECT_NE(table.find("variants: 1 ran, 1 failed to run, 1 skipped; facts: 3 failed"),
            std::string::npos)
      << table;
}

TEST(HostInfo, CpuFeaturesComeFromTheFirstCpusFlags) {
  const char* cpuinfo =
      "processor\t: 0\n"
      "flags\t\t: fpu nx smep pku ospke user_shstk avx512f\n"
      "\n"
      "processor\t: 1\n"
      "flags\t\t: fpu la57\n";
  auto f = cpu_features_from_cpuinfo(cpuinfo, "x86_64");
  std::map<std::string, bool> m(f.begin(), f.end());
  EXPECT_TRUE(m.at("pku"));
  EXPECT_TRUE(m.at("ospke"));
  EXPECT_TRUE(m.at("nx"));
  EXPECT_TRUE(m.at("smep"));
  EXPECT_FALSE(m.at("smap"));
  EXPECT_FALSE(m.at("la57"));
  EXPECT_TRUE(m.at("shstk"));
  EXPECT_TRUE(m.at("avx512f"));
  EXPECT_EQ(f.front().first, "pku");

  auto arm = cpu_features_from_cpuinfo("Features\t: fp asimd bti paca\n", "aarch64");
  std::map<std::string, bool> a(arm.begin(), arm.end());
  EXPECT_TRUE(a.at("bti"));
  EXPECT_FALSE(a.at("mte"));
  EXPECT_TRUE(cpu_features_from_cpuinfo("", "riscv64").empty());
}

}  // namespace
