// cli_diff_test.cpp - the diff classifier (one test per rule, diff.hpp),
// read_report's refusals and its round trip with the writer, and
// assemble_report's counting and identity check.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/diff.hpp"
#include "sysabi/host/report.hpp"
#include "report_builders.hpp"

namespace {

using namespace sysabi::host;

constexpr const char* glibc = "x86_64-glibc-static";
constexpr const char* musl = "x86_64-musl-static";

fact make(std::string id, json value, fact_status st = fact_status::pass,
          std::string variant = glibc) {
  return sysabi::testing::make_fact(std::move(id), std::move(variant), value, st);
}

variant_record ran(std::string name, variant_status s = variant_status::ran) {
  variant_record v;
  v.name = std::move(name);
  v.arch = "x86_64";
  v.status = s;
  return v;
}

report make_report(std::vector<fact> facts,
                   std::vector<variant_record> variants = {ran(glibc), ran(musl)}) {
  host_info h;
  h.kernel_release = "6.1.0";
  h.machine = "x86_64";
  return assemble_report(h, std::move(variants), std::move(facts));
}

// The one change between a base with `b` and a new report with `n`.
change only_change(std::vector<fact> b, std::vector<fact> n,
                   std::vector<variant_record> next_variants = {ran(glibc), ran(musl)}) {
  diff_result d = diff_reports(make_report(std::move(b)),
                               make_report(std::move(n), std::move(next_variants)));
  EXPECT_EQ(d.changes.size(), 1u);
  return d.changes.empty() ? change{} : d.changes.front();
}

TEST(DiffClassifier, SameFactsAreUnchanged) {
  diff_result d = diff_reports(make_report({make("p.a", 1)}), make_report({make("p.a", 1)}));
  EXPECT_TRUE(d.changes.empty());
  EXPECT_EQ(d.unchanged, 1u);
  EXPECT_TRUE(d.compatible());
}

TEST(DiffClassifier, PassToFailIsIncompatible) {
  change c = only_change({make("p.a", 1)}, {make("p.a", 2, fact_status::fail)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "an expectation that held now fails");
  EXPECT_EQ(c.id, "p.a");
  EXPECT_EQ(c.variant, glibc);
  ASSERT_TRUE(c.base && c.next);
  EXPECT_EQ(c.next->status, fact_status::fail);
}

TEST(DiffClassifier, NowEnosysIsIncompatibleEvenAsAnObservation) {
  change c = only_change({make("p.a", 0, fact_status::info)},
                         {make("p.a", "ENOSYS", fact_status::info)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "a call that worked now returns ENOSYS");
}

TEST(DiffClassifier, StillEnosysIsNotNewlyIncompatible) {
  fact b = make("p.a", "ENOSYS", fact_status::info);
  fact n = b;
  n.expect = "x";  // something else changed
  EXPECT_EQ(only_change({b}, {n}).kind, change_kind::informational);
}

TEST(DiffClassifier, LayoutMovedIsIncompatible) {
  change c = only_change({make("layout.x86_64.glibc.stat.st_size.offset", 48, fact_status::info)},
                         {make("layout.x86_64.glibc.stat.st_size.offset", 56, fact_status::info)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "a layout changed");
  // A probe's own layout facts (<probe>.layout.*) count too.
  EXPECT_EQ(only_change({make("stat.layout.size", 144, fact_status::info)},
                        {make("stat.layout.size", 128, fact_status::info)})
                .kind,
            change_kind::incompatible);
}

TEST(DiffClassifier, LayoutThatCouldNotBeMeasuredIsNotAMove) {
  change c = only_change({make("layout.a.size", 8, fact_status::info)},
                         {make("layout.a.size", nullptr, fact_status::skip)});
  EXPECT_EQ(c.kind, change_kind::informational);
  EXPECT_EQ(c.rule, "skip");
  EXPECT_EQ(c.why, "could not be checked now: no reason");
}

TEST(DiffClassifier, FactGoneFromAVariantThatRanIsIncompatible) {
  change c = only_change({make("p.a", 1), make("p.b", 1)}, {make("p.b", 1)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "no longer reported, though its variant ran");
  EXPECT_TRUE(c.base);
  EXPECT_FALSE(c.next);
}

TEST(DiffClassifier, FactOfEveryVariantGoneIsIncompatible) {
  change c = only_change({make("p.a", 1, fact_status::pass, "x86_64-*")}, {});
  EXPECT_EQ(c.kind, change_kind::incompatible);
}

TEST(DiffClassifier, FactGoneWithItsVariantIsInformational) {
  // The variant itself is the incompatible change (variant-gone); its facts
  // are informational.
  diff_result d = diff_reports(make_report({make("p.a", 1)}),
                               make_report({}, {ran(glibc, variant_status::skipped), ran(musl)}));
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].rule, "variant-gone");
  EXPECT_EQ(d.changes[1].kind, change_kind::informational);
  EXPECT_EQ(d.changes[1].rule, "variant-not-run");
  EXPECT_EQ(d.changes[1].why, "its variant did not run in the new report");
}

TEST(DiffClassifier, FailureGoneIsFixed) {
  change c = only_change({make("p.a", 1, fact_status::fail)}, {});
  EXPECT_EQ(c.kind, change_kind::fixed);
  EXPECT_EQ(c.why, "a failure that is gone");
}

TEST(DiffClassifier, FailToPassIsFixed) {
  change c = only_change({make("p.a", 1, fact_status::fail)}, {make("p.a", 2)});
  EXPECT_EQ(c.kind, change_kind::fixed);
  EXPECT_EQ(c.why, "a failing check now passes");
}

TEST(DiffClassifier, StillFailingIsInformational) {
  change c = only_change({make("p.a", 1, fact_status::fail)}, {make("p.a", 2, fact_status::fail)});
  EXPECT_EQ(c.kind, change_kind::informational);
  EXPECT_EQ(c.why, "still failing, with another value");
}

TEST(DiffClassifier, SkipOnEitherSideIsInformational) {
  // Skipped in one variant while another still passes: informational.
  fact still = make("p.a", 1, fact_status::pass, musl);
  fact skipped = make("p.a", nullptr, fact_status::skip);
  skipped.reason = "not here";
  EXPECT_EQ(only_change({make("p.a", 1), still}, {skipped, still}).why,
            "could not be checked now: not here");
  change c = only_change({make("p.a", nullptr, fact_status::skip)}, {make("p.a", 1)});
  EXPECT_EQ(c.kind, change_kind::informational);
  EXPECT_EQ(c.why, "could not be checked before");
}

TEST(DiffClassifier, ObservationChangedIsInformational) {
  change c = only_change({make("p.a", "x", fact_status::info)}, {make("p.a", "y", fact_status::info)});
  EXPECT_EQ(c.kind, change_kind::informational);
  EXPECT_EQ(c.why, "an observation changed");
}

TEST(DiffClassifier, ValueMovedWithItsExpectationIsInformational) {
  change c = only_change({make("p.a", 1)}, {make("p.a", 2)});
  EXPECT_EQ(c.kind, change_kind::informational);
  EXPECT_EQ(c.why, "the value moved with its expectation");
}

TEST(DiffClassifier, NewFactIsAddedUnlessItFails) {
  change c = only_change({}, {make("p.a", 1)});
  EXPECT_EQ(c.kind, change_kind::added);
  EXPECT_FALSE(c.base);
  c = only_change({}, {make("p.a", 1, fact_status::fail)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "a new fact that fails");
}

TEST(DiffClassifier, HostFieldsAreInformationalFieldByField) {
  report b = make_report({}), n = make_report({});
  n.host.kernel_release = "6.18.0";
  n.host.cpu_features = {{"pku", true}};
  diff_result d = diff_reports(b, n);
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].id, "host.kernel_release");
  EXPECT_EQ(d.changes[1].id, "host.cpu_features");
  for (const auto& c : d.changes) {
    EXPECT_EQ(c.kind, change_kind::informational);
    EXPECT_TRUE(c.host);
    EXPECT_EQ(c.variant, "");
  }
  EXPECT_EQ(d.changes[0].shown_base(), "6.1.0");
  EXPECT_EQ(d.changes[0].shown_next(), "6.18.0");
  EXPECT_TRUE(d.compatible());
}

TEST(DiffRender, TextShowsValuesStatusesAndVerdict) {
  diff_result d = diff_reports(make_report({make("p.a", 1)}),
                               make_report({make("p.a", 2, fact_status::fail)}));
  std::string t = render_diff_text(d, "B", "N");
  EXPECT_NE(t.find("  p.a [x86_64-glibc-static]: 1 pass -> 2 fail  (pass-fail: an expectation "
                   "that held now fails)\n      for users: "),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("0 unchanged, 0 added, 0 fixed, 0 informational, 0 not comparable, "
                   "1 incompatible: INCOMPATIBLE"),
            std::string::npos)
      << t;
}

// The census rules (docs/diff-rules.md): one test per rule id.
fact census(std::string id, json value) { return make(std::move(id), value, fact_status::info); }

TEST(DiffRules, EveryRuleHasAnIdVerdictAndImpactAndIdsAreUnique) {
  std::set<std::string_view> ids;
  for (const auto& r : diff_rules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.changed.empty()) << r.id;
    EXPECT_FALSE(r.impact.empty()) << r.id;
  }
  EXPECT_NE(render_rules_markdown().find("| `census-enosys` |"), std::string::npos);
}

TEST(DiffRules, CensusCallBecomingEnosysIsIncompatible) {
  change c = only_change({census("syscall_census.i386.oldolduname", "implemented")},
                         {census("syscall_census.i386.oldolduname", "ENOSYS")});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.rule, "census-enosys");
  EXPECT_EQ(c.why, "system call oldolduname of the i386 ABI: implemented -> ENOSYS");
  // Not probed any more, or gone though the variant ran: the same rule.
  EXPECT_EQ(only_change({census("syscall_census.x86_64.nr_500", "implemented")},
                        {census("syscall_census.x86_64.nr_500", "not probed: blocks")})
                .rule,
            "census-enosys");
  EXPECT_EQ(only_change({census("syscall_census.x86_64.getpid", "implemented"), make("p.b", 1)},
                        {make("p.b", 1)})
                .rule,
            "census-enosys");
  // The way back is no break; nor is the qemu-user note.
  EXPECT_NE(only_change({census("syscall_census.i386.uname", "ENOSYS")},
                        {census("syscall_census.i386.uname", "implemented")})
                .kind,
            change_kind::incompatible);
  EXPECT_NE(only_change({census("syscall_census.i386.census", "implemented")},
                        {census("syscall_census.i386.census", "qemu-user: x")})
                .rule,
            "census-enosys");
}

TEST(DiffRules, VdsoUnmappedIsIncompatible) {
  change c = only_change({census("vdso_census.x86_64.mapped", true)},
                         {census("vdso_census.x86_64.mapped", false)});
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.rule, "vdso-mapped");
  EXPECT_EQ(c.why, "the x86_64 vDSO is no longer mapped");
  EXPECT_EQ(only_change({census("vdso_census.x86_64.mapped", false)},
                        {census("vdso_census.x86_64.mapped", true)})
                .kind,
            change_kind::informational);
}

TEST(DiffRules, VdsoSymbolGoneOrReversionedIsIncompatible) {
  change c = only_change({census("vdso_census.i386.symbol.__vdso_time", "LINUX_2.6"), make("p.b", 1)},
                         {make("p.b", 1)});
  EXPECT_EQ(c.rule, "vdso-symbol");
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "i386 vDSO symbol __vdso_time (LINUX_2.6) is gone");
  c = only_change({census("vdso_census.i386.symbol.__vdso_time", "LINUX_2.6")},
                  {census("vdso_census.i386.symbol.__vdso_time", "LINUX_2.7")});
  EXPECT_EQ(c.rule, "vdso-symbol");
  EXPECT_EQ(c.why, "i386 vDSO symbol __vdso_time: version LINUX_2.6 -> LINUX_2.7");
}

TEST(DiffRules, VsyscallLosingAModeIsIncompatibleGainingIsNot) {
  change c = only_change({census("vsyscall.mode", "xonly")}, {census("vsyscall.mode", "none")});
  EXPECT_EQ(c.rule, "vsyscall-mode");
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "the vsyscall page's mode: xonly -> none");
  EXPECT_EQ(only_change({census("vsyscall.mode", "emulate")}, {census("vsyscall.mode", "xonly")}).rule,
            "vsyscall-mode");
  EXPECT_EQ(only_change({census("vsyscall.mode", "none")}, {census("vsyscall.mode", "emulate")}).kind,
            change_kind::informational);
}

TEST(DiffRules, VsyscallTimeKilledIsIncompatible) {
  change c = only_change({census("vsyscall.time", "works")},
                         {census("vsyscall.time", "killed by SIGSEGV")});
  EXPECT_EQ(c.rule, "vsyscall-time");
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "time() through the vsyscall page: works -> killed by SIGSEGV");
}

TEST(DiffRules, ExecFormatNoLongerAcceptedIsIncompatible) {
  change c = only_change({census("exec_format.i386-nolibc-static", "kernel")},
                         {census("exec_format.i386-nolibc-static", "ENOEXEC")});
  EXPECT_EQ(c.rule, "exec-format");
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why,
            "the kernel no longer executes i386-nolibc-static binaries: execve gives ENOEXEC");
}

TEST(DiffRules, RunnerNativeToEmulatorIsIncompatible) {
  change c = only_change({census("harness.i386-nolibc-static.runner", "native")},
                         {census("harness.i386-nolibc-static.runner", "qemu-i386")});
  EXPECT_EQ(c.rule, "runner-emulated");
  EXPECT_EQ(c.kind, change_kind::incompatible);
  EXPECT_EQ(c.why, "i386-nolibc-static ran natively, now under qemu-i386");
  // From the variant records when no harness fact says it.
  auto native = ran(glibc), emulated = ran(glibc);
  native.runner = "native";
  emulated.runner = "qemu-x86_64";
  diff_result d = diff_reports(make_report({}, {native}), make_report({}, {emulated}));
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].rule, "runner-emulated");
  EXPECT_EQ(d.changes[0].id, std::string("variant.") + glibc);
}

TEST(DiffRules, VariantThatRanAndDoesNotIsIncompatibleUnlessTheEnvironmentSaysWhy) {
  auto failed = ran(musl, variant_status::failed);
  failed.reason = "exited 1";
  diff_result d = diff_reports(make_report({}), make_report({}, {ran(glibc), failed}));
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].rule, "variant-gone");
  EXPECT_EQ(d.changes[0].kind, change_kind::incompatible);
  EXPECT_EQ(d.changes[0].why, "ran in BASE, failed in NEW: exited 1");
  EXPECT_EQ(d.exit_status(), 1);
  // Missing from NEW altogether: the same.
  d = diff_reports(make_report({}), make_report({}, {ran(glibc)}));
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].rule, "variant-gone");
  // Skipped because qemu-user is missing: not comparable (exit 3).
  auto skipped = ran(musl, variant_status::skipped);
  skipped.reason = "needs qemu-x86_64 (not installed)";
  d = diff_reports(make_report({}), make_report({}, {ran(glibc), skipped}));
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].rule, "variant-environment");
  EXPECT_EQ(d.changes[0].kind, change_kind::not_comparable);
  EXPECT_EQ(d.verdict(), "NOT COMPARABLE");
  EXPECT_EQ(d.exit_status(), 3);
}

// A check passing in both variants of BASE, skipped in both of NEW.
diff_result skipped_everywhere(const std::string& reason, host_info base_host = {},
                               host_info next_host = {}) {
  auto skip = [&](const char* v) {
    fact f = make("p.a", nullptr, fact_status::skip, v);
    f.reason = reason;
    return f;
  };
  report b = make_report({make("p.a", 1), make("p.a", 1, fact_status::pass, musl)});
  report n = make_report({skip(glibc), skip(musl)});
  base_host.machine = next_host.machine = "x86_64";
  b.host = base_host;
  n.host = next_host;
  return diff_reports(b, n);
}

std::set<std::string> rules_of(const diff_result& d) {
  std::set<std::string> out;
  for (const auto& c : d.changes) out.insert(c.rule);
  return out;
}

TEST(DiffRules, PassToSkipInEveryVariantIsIncompatible) {
  diff_result d = skipped_everywhere("the file is gone");
  EXPECT_EQ(rules_of(d), std::set<std::string>{"pass-to-skip"});
  EXPECT_EQ(d.changes[0].why, "passed, now skipped in every variant: the file is gone");
  EXPECT_EQ(d.exit_status(), 1);
}

TEST(DiffRules, PassToSkipBecauseOfTheCpuIsInformational) {
  host_info b, n;
  b.cpu_features = {{"pku", true}};
  n.cpu_features = {{"pku", false}};
  diff_result d = skipped_everywhere("the CPU has no pku", b, n);
  EXPECT_EQ(rules_of(d), (std::set<std::string>{"host", "skip-cpu"}));
  EXPECT_TRUE(d.compatible());
  EXPECT_TRUE(d.comparable());
  for (const auto& c : d.changes) {
    if (c.rule == "skip-cpu") {
      EXPECT_EQ(c.why, "the CPU differs: pku present -> absent (skip reason: the CPU has no pku)");
    }
  }
  // The same reason while the feature did not change: incompatible.
  EXPECT_EQ(rules_of(skipped_everywhere("the CPU has no pku", n, n)),
            std::set<std::string>{"pass-to-skip"});
}

TEST(DiffRules, PassToSkipBecauseOfTheEnvironmentIsNotComparable) {
  for (const char* reason : {"environment: /tmp is full", "mmap: ENOMEM", "pipe: EMFILE",
                             "fork: EAGAIN", "write: ENOSPC", "qemu-user does not emulate it"}) {
    diff_result d = skipped_everywhere(reason);
    EXPECT_EQ(rules_of(d), std::set<std::string>{"skip-environment"}) << reason;
    EXPECT_EQ(d.exit_status(), 3) << reason;
  }
  host_info b, n;
  n.emulator = "qemu-system-x86_64 (TCG)";
  EXPECT_EQ(rules_of(skipped_everywhere("no reason here", b, n)),
            (std::set<std::string>{"host", "skip-environment"}));
}

TEST(DiffRules, ReportsOfDifferentMachinesOrNoSharedVariantCannotBeCompared) {
  report b = make_report({}), n = make_report({});
  n.host.machine = "aarch64";
  try {
    diff_reports(b, n);
    FAIL() << "compared";
  } catch (const usage_error& e) {
    EXPECT_STREQ(e.what(),
                 "cannot compare reports of different machines: BASE is x86_64, NEW is aarch64");
  }
  EXPECT_THROW(diff_reports(make_report({}), make_report({}, {ran("other")})), usage_error);
}

TEST(DiffRender, JunitCountsItsTestCasesCarriesTheWholeReasonAndATime) {
  std::string long_value(400, 'x');
  diff_result d = diff_reports(make_report({make("p.a", 1), make("p.b", 1)}),
                               make_report({make("p.a", long_value, fact_status::fail),
                                            make("p.b", 1)}));
  std::string x = render_diff_junit(d);
  EXPECT_NE(x.find("tests=\"2\""), std::string::npos) << x;  // one change + the unchanged
  EXPECT_NE(x.find("time=\""), std::string::npos) << x;
  EXPECT_NE(x.find(long_value), std::string::npos) << x;
  EXPECT_NE(x.find("pass-fail"), std::string::npos) << x;
  std::string j = render_diff_json(d);
  EXPECT_NE(j.find("\"rule\": \"pass-fail\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"impact\""), std::string::npos) << j;
}

// read_report: the one schema check.
std::string refusal(const std::string& text) {
  try {
    parse_report(text, "r.json");
  } catch (const usage_error& e) {
    return e.what();
  }
  return "(read)";
}

std::string with_facts(const std::string& facts, const std::string& variants = "[]") {
  return R"({"schema":"sysabi-report","schema_version":1,"host":{},"variants":)" + variants +
         R"(,"facts":)" + facts + "}";
}

TEST(ReadReport, RefusesWhatIsNotAReport) {
  EXPECT_EQ(refusal(""), "r.json: empty, not a report");
  EXPECT_EQ(refusal("facts: 12"), "r.json: not JSON: syntax error at byte 3");
  EXPECT_EQ(refusal("{\"schema\":"), "r.json: truncated: the JSON ends early (byte 11)");
  EXPECT_EQ(refusal(std::string(100, '[')), "r.json: nested deeper than 16 levels: not a report");
  EXPECT_EQ(refusal("[]"), "r.json: not a sysabi report: the top level is not an object");
  EXPECT_EQ(refusal(R"({"schema":"x","schema_version":1})"),
            "r.json: not a sysabi report: schema is \"x\"");
  EXPECT_EQ(refusal(R"({"schema":"sysabi-report","schema_version":2})"),
            "r.json: schema_version 2 is not supported (this sysabi reads 1)");
  EXPECT_EQ(refusal(R"({"schema":"sysabi-report","schema_version":1,"host":[]})"),
            "r.json: \"host\" must be an object");
}

TEST(ReadReport, RefusesFactsOfTheWrongShape) {
  EXPECT_EQ(refusal(with_facts("[7]")), "r.json: facts[0] is not an object");
  EXPECT_EQ(refusal(with_facts(R"([{"id":7,"variant":"v","status":"pass"}])")),
            "r.json: facts[0].id must be a string");
  EXPECT_EQ(refusal(with_facts(R"([{"id":"a","variant":"v","status":"maybe"}])")),
            "r.json: facts[0].status \"maybe\" is not pass, fail, skip or info");
  EXPECT_EQ(refusal(with_facts(R"([{"id":"a","variant":"v","status":"pass","value":[1]}])")),
            "r.json: facts[0].value must be null, a boolean, a number or a string");
  EXPECT_EQ(refusal(with_facts(R"([{"id":"a","variant":"v","status":"pass","scope":"x"}])")),
            "r.json: facts[0].scope \"x\" is not arch or variant");
  EXPECT_EQ(refusal(with_facts("[]", R"([{"name":"v"}])")),
            "r.json: variants[] entries need a string name and status");
  EXPECT_EQ(refusal(with_facts("[]", R"([{"name":"v","status":"maybe"}])")),
            "r.json: variants[0].status \"maybe\" is not ran, skipped or failed");
}

// The diff pairs facts by (id, variant) and variants by name: a report that
// names one twice (found by fuzz/diff_fuzz.cpp: such a report diffed
// incompatible with itself) is refused.
TEST(ReadReport, RefusesARepeatedFactOrVariant) {
  const std::string fact = R"({"id":"a","variant":"v","status":"pass"})";
  EXPECT_EQ(refusal(with_facts("[" + fact + "," + fact + "]")),
            "r.json: facts[1] repeats the fact a of variant v");
  EXPECT_EQ(refusal(with_facts("[]", R"([{"name":"v","status":"ran","runner":"native"},)"
                                     R"({"name":"v","status":"ran","runner":"qemu-x86_64"}])")),
            "r.json: variants[1] repeats the variant v");
  EXPECT_EQ(refusal(with_facts(R"([{"id":"a","variant":"v","status":"pass"},)"
                               R"({"id":"a","variant":"w","status":"pass"}])")),
            "(read)");
}

TEST(ReadReport, RefusesMissingFilesAndDirectories) {
  auto dir = std::filesystem::temp_directory_path();
  try {
    read_report((dir / "sysabi-no-such-report.json").string());
    FAIL() << "read";
  } catch (const usage_error& e) {
    EXPECT_NE(std::string(e.what()).find(": no such file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_report(dir.string()), usage_error);
}

TEST(ReadReport, ReadsBackWhatTheWriterWrote) {
  fact arch_fact = make("p.b", 4096, fact_status::pass, musl);
  arch_fact.scope = fact_scope::arch;
  fact failed = make("p.c", false, fact_status::fail);
  failed.reason = "because";
  report r = make_report({make("p.a", "x", fact_status::info), arch_fact, failed},
                         {ran(glibc), ran(musl, variant_status::failed)});
  r.host.cpu_features = {{"pku", false}, {"nx", true}};
  r.host.emulator = "qemu";
  count(r);
  report back = parse_report(render_json(r), "r.json");
  EXPECT_EQ(back.facts, r.facts);
  EXPECT_EQ(back.totals, r.totals);
  EXPECT_EQ(back.sysabi_version, r.sysabi_version);
  EXPECT_EQ(back.host.cpu_features, r.host.cpu_features);
  EXPECT_EQ(back.host.emulator, r.host.emulator);
  ASSERT_EQ(back.variants.size(), 2u);
  EXPECT_EQ(back.variants[1].status, variant_status::failed);
  EXPECT_EQ(back.variants[1].tally, r.variants[1].tally);
  EXPECT_EQ(render_json(back), render_json(r));
  EXPECT_TRUE(diff_reports(r, back).changes.empty());
}

TEST(AssembleReport, CountsAddsIdentityFactsAndStampsTheVersion) {
  report r = make_report({make("p.a", 1), make("p.a", 2, fact_status::pass, musl),
                          make("p.b", nullptr, fact_status::skip, musl)},
                         {ran(glibc), ran(musl, variant_status::failed),
                          ran("i386-nolibc-static", variant_status::skipped)});
  EXPECT_EQ(r.sysabi_version, version());
  ASSERT_EQ(r.facts.size(), 4u);
  EXPECT_EQ(r.facts[0].id, "identity.p.a");  // sorted: identity.* before p.*
  EXPECT_EQ(r.facts[0].variant, "*");
  EXPECT_EQ(r.facts[0].status, fact_status::fail);
  EXPECT_EQ(r.totals.tally, (counts{4, 2, 1, 1, 0}));
  EXPECT_EQ(r.variants[0].tally, (counts{1, 1, 0, 0, 0}));
  EXPECT_EQ(r.variants[1].tally, (counts{2, 1, 0, 1, 0}));
  EXPECT_EQ(r.totals.variants_ran, 1u);
  EXPECT_EQ(r.totals.variants_failed, 1u);
  EXPECT_EQ(r.totals.variants_skipped, 1u);
  EXPECT_EQ(exit_code(r), 1);
}

}  // namespace
