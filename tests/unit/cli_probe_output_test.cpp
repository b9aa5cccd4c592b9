// cli_probe_output_test.cpp - reading sysabi-probe's JSON Lines and judging a
// run: good output, truncated output, bad JSON, bad exits; the runner and
// exec_format facts.
#include <gtest/gtest.h>

#include <signal.h>

#include <cerrno>

#include <string>

#include "sysabi/host/completion.hpp"
#include "sysabi/host/probe_output.hpp"

namespace {

using namespace sysabi::host;

constexpr const char* good =
    R"({"sysabi_probe":1,"variant":"x86_64-musl-static","arch":"x86_64"})"
    "\n"
    R"({"id":"errno.read.bad_fd","value":"EBADF","expect":"EBADF","status":"pass"})"
    "\n"
    R"({"id":"errno.pku","value":null,"expect":true,"status":"skip","reason":"no pku"})"
    "\n"
    R"({"id":"errno.page_size","value":4096,"expect":null,"status":"info","scope":"arch"})"
    "\n"
    R"({"id":"errno.outcome","value":"exited 0","expect":"exited 0","status":"pass"})"
    "\n"
    R"({"done":true,"probes":1})"
    "\n";

process_end exited(int code) {
  process_end e;
  e.how = process_end::kind::exited;
  e.code = code;
  return e;
}

TEST(ProbeOutput, GoodOutputGivesEveryFactTaggedWithTheVariant) {
  probe_output out = parse_probe_output(good, "x86_64-musl-static");
  EXPECT_TRUE(out.problems.empty()) << out.problems.front();
  EXPECT_TRUE(out.header_seen);
  EXPECT_TRUE(out.trailer_seen);
  EXPECT_EQ(out.arch, "x86_64");
  EXPECT_EQ(out.probes, 1);
  EXPECT_EQ(out.outcomes, 1u);
  ASSERT_EQ(out.facts.size(), 4u);

  const fact& f = out.facts[0];
  EXPECT_EQ(f.id, "errno.read.bad_fd");
  EXPECT_EQ(f.variant, "x86_64-musl-static");
  EXPECT_EQ(f.value, "EBADF");
  EXPECT_EQ(f.expect, "EBADF");
  EXPECT_EQ(f.status, fact_status::pass);
  EXPECT_FALSE(f.reason);
  EXPECT_EQ(f.scope, fact_scope::portable);

  EXPECT_EQ(out.facts[1].status, fact_status::skip);
  EXPECT_TRUE(out.facts[1].value.is_null());
  EXPECT_EQ(out.facts[1].reason, "no pku");
  EXPECT_EQ(out.facts[2].scope, fact_scope::arch);
  EXPECT_EQ(out.facts[2].value, 4096);

  fact done = judge_run("x86_64-musl-static", out, exited(0), 20000, 1);
  EXPECT_EQ(done.id, "harness.x86_64-musl-static.completed");
  EXPECT_EQ(done.status, fact_status::pass);
  EXPECT_EQ(done.value, "completed");
  EXPECT_EQ(done.scope, fact_scope::variant);
}

TEST(ProbeOutput, IncrementalParsingMatchesWholeParsing) {
  probe_output_parser p("x86_64-musl-static");
  std::string_view text = good;
  std::size_t outcomes_before_trailer = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    p.line(text.substr(0, nl));
    text.remove_prefix(nl + 1);
    if (!p.result().trailer_seen) outcomes_before_trailer = p.result().outcomes;
  }
  p.finish();
  EXPECT_EQ(outcomes_before_trailer, 1u);
  EXPECT_EQ(p.result().facts, parse_probe_output(good, "x86_64-musl-static").facts);
}

TEST(ProbeOutput, TruncatedOutputIsAProblemAndKeepsWhatParsed) {
  std::string text = good;
  text.resize(text.find(R"({"id":"errno.outcome")") + 20);  // cut inside a line
  probe_output out = parse_probe_output(text, "x86_64-musl-static");
  EXPECT_FALSE(out.trailer_seen);
  EXPECT_EQ(out.facts.size(), 3u);
  ASSERT_EQ(out.problems.size(), 2u);
  EXPECT_NE(out.problems[0].find("ends in the middle of line 5"), std::string::npos)
      << out.problems[0];
  EXPECT_NE(out.problems[1].find("no trailer"), std::string::npos) << out.problems[1];

  fact done = judge_run("x86_64-musl-static", out, exited(0), 20000, 1);
  EXPECT_EQ(done.status, fact_status::fail);
  EXPECT_EQ(done.value, "bad output");
  ASSERT_TRUE(done.reason);
  EXPECT_NE(done.reason->find("middle of line 5"), std::string::npos) << *done.reason;
}

TEST(ProbeOutput, MissingTrailerAfterWholeLinesIsNoTrailer) {
  std::string text = good;
  text.resize(text.find(R"({"done")"));
  probe_output out = parse_probe_output(text, "x86_64-musl-static");
  EXPECT_EQ(out.facts.size(), 4u);
  ASSERT_EQ(out.problems.size(), 1u);
  fact done = judge_run("x86_64-musl-static", out, exited(0), 20000, 1);
  EXPECT_EQ(done.value, "no trailer");
  EXPECT_EQ(done.status, fact_status::fail);
}

TEST(ProbeOutput, BadJsonLineIsReportedWithItsLineNumber) {
  std::string text = good;
  text.insert(text.find(R"({"id":"errno.pku")"), "{\"id\": oops\n");
  probe_output out = parse_probe_output(text, "x86_64-musl-static");
  EXPECT_TRUE(out.trailer_seen);
  EXPECT_EQ(out.facts.size(), 4u);  // the good lines still count
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_NE(out.problems[0].find("line 3 is not a JSON object"), std::string::npos)
      << out.problems[0];
  fact done = judge_run("x86_64-musl-static", out, exited(0), 20000, 1);
  EXPECT_EQ(done.value, "bad output");
}

TEST(ProbeOutput, MalformedFactsAreProblems) {
  const char* text =
      R"({"sysabi_probe":1,"variant":"v-a-b","arch":"x"})"
      "\n"
      R"({"value":1,"expect":1,"status":"pass"})"
      "\n"
      R"({"id":"p.x","value":1,"expect":1,"status":"great"})"
      "\n"
      R"({"id":"p.y","value":[1],"expect":1,"status":"pass"})"
      "\n"
      R"({"id":"p.z","value":1,"expect":1,"status":"pass","scope":"planet"})"
      "\n"
      R"({"done":true,"probes":1})"
      "\n"
      R"({"id":"p.late","value":1,"expect":1,"status":"pass"})"
      "\n";
  probe_output out = parse_probe_output(text, "v-a-b");
  EXPECT_TRUE(out.facts.empty());
  ASSERT_EQ(out.problems.size(), 5u);
  EXPECT_NE(out.problems[0].find("without an id"), std::string::npos);
  EXPECT_NE(out.problems[1].find("unknown status"), std::string::npos);
  EXPECT_NE(out.problems[2].find("not a scalar"), std::string::npos);
  EXPECT_NE(out.problems[3].find("unknown scope"), std::string::npos);
  EXPECT_NE(out.problems[4].find("after the trailer"), std::string::npos);
}

TEST(ProbeOutput, ARepeatedFactIsDroppedAndReportedOncePerId) {
  std::string text = good;
  const std::string repeat =
      R"({"id":"errno.read.bad_fd","value":"EPERM","expect":"EBADF","status":"fail"})"
      "\n";
  text.insert(text.find(R"({"id":"errno.pku")"), repeat + repeat);
  probe_output out = parse_probe_output(text, "x86_64-musl-static");
  ASSERT_EQ(out.facts.size(), 4u);
  EXPECT_EQ(out.facts[0].value, "EBADF");  // the first one stays
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_EQ(out.problems[0], "line 3 repeats the fact errno.read.bad_fd of line 2 (repeats are dropped)");
  fact done = judge_run("x86_64-musl-static", out, exited(0), 20000, 1);
  EXPECT_EQ(done.value, "bad output");
}

TEST(ProbeOutput, HeaderMustNameTheVariantThatWasRun) {
  probe_output out = parse_probe_output(good, "x86_64-glibc-static");
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_NE(out.problems[0].find("'x86_64-musl-static', expected 'x86_64-glibc-static'"),
            std::string::npos)
      << out.problems[0];
  EXPECT_EQ(out.facts[0].variant, "x86_64-glibc-static");
}

TEST(ProbeOutput, EmptyOutputHasNeitherHeaderNorTrailer) {
  probe_output out = parse_probe_output("", "v-a-b");
  EXPECT_EQ(out.problems.size(), 2u);
  fact done = judge_run("v-a-b", out, exited(0), 1000, -1);
  EXPECT_EQ(done.value, "no header");
}

TEST(JudgeRun, HowTheProcessEndedComesFirst) {
  probe_output out = parse_probe_output(good, "x86_64-musl-static");

  process_end e = exited(3);
  e.stderr_tail = "warming up\nsysabi-probe: out of cheese\n\n";
  fact f = judge_run("x86_64-musl-static", out, e, 20000, 1);
  EXPECT_EQ(f.value, "exited 3");
  EXPECT_EQ(f.status, fact_status::fail);
  EXPECT_NE(f.reason->find("stderr: sysabi-probe: out of cheese"), std::string::npos) << *f.reason;

  e = {};
  e.how = process_end::kind::signaled;
  e.code = SIGSEGV;
  EXPECT_EQ(judge_run("x86_64-musl-static", out, e, 20000, 1).value, "killed by SIGSEGV");

  e = {};
  e.how = process_end::kind::timed_out;
  EXPECT_EQ(judge_run("x86_64-musl-static", out, e, 20000, 1).value, "timed out after 20000 ms");

  e = {};
  e.how = process_end::kind::spawn_failed;
  e.code = ENOEXEC;
  EXPECT_EQ(judge_run("x86_64-musl-static", out, e, 20000, 1).value,
            "could not start: Exec format error");
}

TEST(JudgeRun, TrailerMustCountTheProbesAskedFor) {
  probe_output out = parse_probe_output(good, "x86_64-musl-static");
  fact f = judge_run("x86_64-musl-static", out, exited(0), 20000, 2);
  EXPECT_EQ(f.value, "wrong probe count");
  EXPECT_EQ(judge_run("x86_64-musl-static", out, exited(0), 20000, -1).status, fact_status::pass);
}

// sysabi-probe exits 1 when one of its facts failed: with a failed fact in
// the output that is a completed run; without one, exit 1 is what went wrong.
TEST(JudgeRun, ExitOneIsCompletedOnlyWithAFailedFact) {
  probe_output passing = parse_probe_output(good, "x86_64-musl-static");
  EXPECT_EQ(judge_run("x86_64-musl-static", passing, exited(1), 20000, 1).value, "exited 1");
  std::string failing_text = good;
  auto at = failing_text.find(R"("status":"pass")");
  ASSERT_NE(at, std::string::npos);
  failing_text.replace(at, 15, R"("status":"fail")");
  probe_output failing = parse_probe_output(failing_text, "x86_64-musl-static");
  fact f = judge_run("x86_64-musl-static", failing, exited(1), 20000, 1);
  EXPECT_EQ(f.status, fact_status::pass) << f.value;
  EXPECT_EQ(f.value, "completed");
  EXPECT_EQ(judge_run("x86_64-musl-static", failing, exited(2), 20000, 1).value, "exited 2");
}

// How a variant was run: the runner and, for i386 on x86_64, the kernel's
// own answer, as facts of the variant that the diff can compare.
TEST(RunnerFacts, RunnerAndExecFormatAreVariantScopedInfoNamingTheirVariant) {
  fact r = runner_fact("i386-nolibc-static", "qemu-i386", "the kernel refused it: ENOEXEC");
  EXPECT_EQ(r.id, "harness.i386-nolibc-static.runner");
  EXPECT_EQ(r.variant, "i386-nolibc-static");
  EXPECT_EQ(r.value, "qemu-i386");
  EXPECT_EQ(r.status, fact_status::info);
  EXPECT_EQ(r.scope, fact_scope::variant);
  fact e = exec_format_fact("i386-nolibc-static", errno_name(ENOEXEC), "execve(x --list)");
  EXPECT_EQ(e.id, "exec_format.i386-nolibc-static");
  EXPECT_EQ(e.value, "ENOEXEC");
  EXPECT_EQ(e.status, fact_status::info);
  EXPECT_EQ(e.scope, fact_scope::variant);
  EXPECT_EQ(e.reason, "execve(x --list)");
  EXPECT_EQ(errno_name(99999), "errno 99999");
}

}  // namespace
