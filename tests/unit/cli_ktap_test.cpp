// cli_ktap_test.cpp - the host-side KTAP writer (sysabi/host/ktap.hpp): test
// names, escaping, the variant > probe > fact nesting, results of parents,
// skipped and failed variants, facts of no variant, exit statuses; and
// report_ktap, the adapter `sysabi run --ktap` and `sysabi vm --ktap` use.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sysabi/host/ktap.hpp"
#include "sysabi/host/report.hpp"

namespace {

using namespace sysabi::host::ktap;

fact make(std::string id, std::string variant, fact_status st, std::string value = "true",
          std::string expect = "true", std::string reason = "") {
  return fact{std::move(id), std::move(variant), std::move(value), std::move(expect), st,
              std::move(reason)};
}

TEST(KtapName, ValidNamesAreKept) {
  EXPECT_EQ(test_name("errno.read.bad_fd"), "errno.read.bad_fd");
  EXPECT_EQ(test_name("x86_64-glibc-static-pie"), "x86_64-glibc-static-pie");
}

TEST(KtapName, OtherBytesBecomeHexEscapes) {
  EXPECT_EQ(test_name("x86_64-*"), "x86_64-_X2A");
  EXPECT_EQ(test_name("a b#c"), "a_X20b_X23c");
  EXPECT_EQ(test_name("\xff"), "_XFF");
}

TEST(KtapName, IsOneToOne) {
  // A literal "_X" is escaped, so it cannot be mistaken for an escape.
  EXPECT_EQ(test_name("a_X2A"), "a_X5FX2A");
  EXPECT_NE(test_name("a_X2A"), test_name("a*"));
  EXPECT_NE(test_name("a_b"), test_name("a b"));
  EXPECT_NE(test_name("a/b"), test_name("a:b"));
}

TEST(KtapEscape, KeepsEverythingWithoutControlBytes) {
  EXPECT_EQ(escape_text("killed by SIGSEGV"), "killed by SIGSEGV");
  EXPECT_EQ(escape_text("a\nb\tc\\d\x01"), "a\\nb\\tc\\\\d\\x01");
  std::string longer(5000, 'x');
  EXPECT_EQ(escape_text(longer), longer);  // never shortened
}

TEST(KtapWrite, NestsVariantProbeFact) {
  input in{{{"x86_64-nolibc-static", variant_status::ran, ""}},
           {make("errno.read.bad_fd", "x86_64-nolibc-static", fact_status::pass, "\"EBADF\"",
                 "\"EBADF\""),
            make("errno.write.bad_fd", "x86_64-nolibc-static", fact_status::info, "\"EBADF\"",
                 "null"),
            make("pipes.eof", "x86_64-nolibc-static", fact_status::pass)}};
  output out = write(in);
  EXPECT_EQ(out.text,
            "KTAP version 1\n"
            "1..1\n"
            "  KTAP version 1\n"
            "  1..2\n"
            "    KTAP version 1\n"
            "    1..2\n"
            "    ok 1 errno.read.bad_fd\n"
            "    # value: \"EBADF\"\n"
            "    ok 2 errno.write.bad_fd\n"
            "  ok 1 errno\n"
            "    KTAP version 1\n"
            "    1..1\n"
            "    ok 1 pipes.eof\n"
            "  ok 2 pipes\n"
            "ok 1 x86_64-nolibc-static\n");
  EXPECT_EQ(out.facts, (fact_counts{3, 0, 0}));
  EXPECT_EQ(out.exit_status, 0);
}

TEST(KtapWrite, FailureNamesValueExpectationAndReasonBeforeItsLine) {
  input in{{{"v-a-b", variant_status::ran, ""}},
           {make("mmap.nx", "v-a-b", fact_status::fail, "\"readable\"", "\"fault\"",
                 "line one\nline two")}};
  output out = write(in);
  EXPECT_NE(out.text.find("    # value: \"readable\"\n"
                          "    # expect: \"fault\"\n"
                          "    # reason: line one\\nline two\n"
                          "    not ok 1 mmap.nx\n"
                          "  not ok 1 mmap\n"
                          "not ok 1 v-a-b\n"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.facts, (fact_counts{0, 1, 0}));
  EXPECT_EQ(out.exit_status, 1);
}

TEST(KtapWrite, SkipsCarryTheirReason) {
  input in{{{"v-a-b", variant_status::ran, ""}},
           {make("stat.a", "v-a-b", fact_status::skip, "null", "true", "needs root"),
            make("stat.b", "v-a-b", fact_status::pass)}};
  output out = write(in);
  EXPECT_NE(out.text.find("    ok 1 stat.a # SKIP needs root\n    ok 2 stat.b\n  ok 1 stat\n"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.facts, (fact_counts{1, 0, 1}));
  EXPECT_EQ(out.exit_status, 0);
}

TEST(KtapWrite, AllSkippedIsExitStatusFour) {
  input in{{{"v-a-b", variant_status::ran, ""}, {"w-a-b", variant_status::skipped, "not built"}},
           {make("stat.a", "v-a-b", fact_status::skip, "null", "true", "needs root")}};
  output out = write(in);
  EXPECT_NE(out.text.find("  ok 1 stat # SKIP all 1 subtests skipped\n"
                          "ok 1 v-a-b # SKIP all 1 subtests skipped\n"
                          "ok 2 w-a-b # SKIP not built\n"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.exit_status, 4);
}

TEST(KtapWrite, SkippedVariantIsPlannedAndPresent) {
  input in{{{"a-b-c", variant_status::skipped, "qemu-aarch64 not on PATH"},
            {"v-a-b", variant_status::ran, ""}},
           {make("errno.x", "v-a-b", fact_status::pass)}};
  output out = write(in);
  EXPECT_EQ(out.text.substr(0, 66),
            "KTAP version 1\n1..2\nok 1 a-b-c # SKIP qemu-aarch64 not on PATH\n  K");
  EXPECT_NE(out.text.find("ok 2 v-a-b\n"), std::string::npos);
  EXPECT_EQ(out.exit_status, 0);
}

TEST(KtapWrite, FailedVariantIsNotOkWithItsReason) {
  input in{{{"v-a-b", variant_status::failed, "killed by SIGKILL"}},
           {make("errno.x", "v-a-b", fact_status::pass)}};
  output out = write(in);
  EXPECT_NE(out.text.find("  ok 1 errno\n# reason: killed by SIGKILL\nnot ok 1 v-a-b\n"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.exit_status, 1);
}

TEST(KtapWrite, FactsOfNoVariantGoUnderTheirPrefix) {
  input in{{{"x86_64-glibc-static", variant_status::ran, ""}},
           {make("errno.x", "x86_64-glibc-static", fact_status::pass),
            make("layout.x86_64.glibc.stat.size", "x86_64-*", fact_status::info, "144", "null"),
            make("layout.aarch64.glibc.stat.size", "aarch64-*", fact_status::info, "128", "null"),
            make("identity.errno.x", "*", fact_status::fail, "\"1 in a; 2 in b\"",
                 "\"the same value in every variant\"", "2 values differ")}};
  output out = write(in);
  EXPECT_NE(out.text.find("  ok 1 x86_64\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("  ok 2 aarch64\nok 2 layout\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("    not ok 1 identity.errno.x\n  not ok 1 all\nnot ok 3 identity\n"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.text.substr(0, 20), "KTAP version 1\n1..3\n");
  EXPECT_EQ(out.facts, (fact_counts{3, 1, 0}));
  EXPECT_EQ(out.exit_status, 1);
}

TEST(KtapWrite, NoTestsAtAllIsExitStatusFour) {
  output out = write({});
  EXPECT_EQ(out.text, "KTAP version 1\n1..0\n");
  EXPECT_EQ(out.exit_status, 4);
}

TEST(KtapWrite, RejectsDuplicatesAndIdsWithoutProbe) {
  input twice{{{"v-a-b", variant_status::ran, ""}},
              {make("errno.x", "v-a-b", fact_status::pass),
               make("errno.x", "v-a-b", fact_status::pass)}};
  EXPECT_THROW(write(twice), std::invalid_argument);
  input no_probe{{{"v-a-b", variant_status::ran, ""}}, {make("errno", "v-a-b", fact_status::pass)}};
  EXPECT_THROW(write(no_probe), std::invalid_argument);
  input same_name{{{"layout", variant_status::ran, ""}},
                  {make("layout.x", "x86_64-*", fact_status::info)}};
  EXPECT_THROW(write(same_name), std::invalid_argument);
}

TEST(KtapWrite, OneFactInTwoVariantsIsTwoTests) {
  input in{{{"v-a-b", variant_status::ran, ""}, {"w-a-b", variant_status::ran, ""}},
           {make("errno.x", "v-a-b", fact_status::pass), make("errno.x", "w-a-b", fact_status::pass)}};
  EXPECT_EQ(write(in).facts, (fact_counts{2, 0, 0}));
}

// The adapter copies the typed report field by field: a failed fact's value
// and expectation as JSON text, a skipped variant's reason, the counts.
TEST(KtapReport, AdapterCopiesVariantsAndFacts) {
  namespace h = sysabi::host;
  h::report r;
  h::variant_record ran;
  ran.name = "x86_64-nolibc-static";
  ran.status = h::variant_status::ran;
  h::variant_record skipped;
  skipped.name = "aarch64-glibc-static";
  skipped.status = h::variant_status::skipped;
  skipped.reason = "qemu-aarch64 not on PATH";
  r.variants = {ran, skipped};
  h::fact pass{"errno.read.bad_fd", "x86_64-nolibc-static", "EBADF", "EBADF",
               h::fact_status::pass, std::nullopt};
  h::fact fail{"mmap.nx", "x86_64-nolibc-static", "no fault", "fault", h::fact_status::fail,
               std::string("the page ran")};
  h::fact info{"stat.size", "x86_64-nolibc-static", 144, nullptr, h::fact_status::info,
               std::nullopt};
  r.facts = {pass, fail, info};
  output out = h::report_ktap(r);
  EXPECT_EQ(out.facts, (fact_counts{2, 1, 0}));
  EXPECT_EQ(out.exit_status, 1);
  EXPECT_NE(out.text.find("    # value: \"no fault\"\n    # expect: \"fault\"\n"
                          "    # reason: the page ran\n    not ok 1 mmap.nx\n"),
            std::string::npos)
      << out.text;
  EXPECT_NE(out.text.find("    # value: 144\n    ok 1 stat.size\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("ok 2 aarch64-glibc-static # SKIP qemu-aarch64 not on PATH\n"),
            std::string::npos)
      << out.text;
}

}  // namespace
