// cli_run_test.cpp - `sysabi run` and `sysabi variants` end to end, over a
// manifest of small shell-script "probes" made for each test.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sysabi::host;

// Prints a header, the facts given, an outcome and the trailer; `--list`
// prints "alpha"; "alpha --list" and "hidden --list" succeed, other names fail
// like sysabi-probe's "unknown probe".
std::string script_probe(const std::string& variant, const std::string& facts) {
  return "#!/bin/sh\n"
         "case \"$1\" in --list) echo alpha; exit 0;; esac\n"
         "case \" $* \" in *\" --list \"*)\n"
         "  case \"$1\" in alpha|hidden) exit 0;; esac\n"
         "  echo \"sysabi-probe: unknown probe: $1\" >&2; exit 2;;\n"
         "esac\n"
         "[ -n \"$SYSABI_MARK\" ] && touch \"$SYSABI_MARK\"\n"
         "echo '{\"sysabi_probe\":1,\"variant\":\"" + variant + "\",\"arch\":\"x\"}'\n" + facts +
         "echo '{\"id\":\"alpha.outcome\",\"value\":\"exited 0\",\"expect\":\"exited 0\",\"status\":\"pass\"}'\n"
         "n=0; for a in \"$@\"; do case \"$a\" in alpha|hidden) n=$((n+1));; esac; done\n"
         "[ $n = 0 ] && n=1\n"
         "echo \"{\\\"done\\\":true,\\\"probes\\\":$n}\"\n";
}

std::string fact_line(const std::string& id, const std::string& value) {
  return "echo '{\"id\":\"" + id + "\",\"value\":" + value + ",\"expect\":" + value +
         ",\"status\":\"pass\"}'\n";
}

class Run : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "cli_run_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directory(dir_ / "bin");
    old_path_ = std::getenv("PATH") ? std::getenv("PATH") : "";
    ::setenv("PATH", ((dir_ / "bin").string() + ":" + old_path_).c_str(), 1);
    ::setenv("SYSABI_LIBEXEC", dir_.c_str(), 1);
    ::unsetenv("SYSABI_MARK");
  }
  void TearDown() override {
    ::setenv("PATH", old_path_.c_str(), 1);
    ::unsetenv("SYSABI_LIBEXEC");
    ::unsetenv("SYSABI_MARK");
    fs::remove_all(dir_);
  }

  void write(const fs::path& rel, const std::string& text, bool exec = true) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    if (exec) fs::permissions(p, fs::perms::owner_all);
  }

  // A variant entry for the manifest.
  static std::string entry(const std::string& name, const std::string& runner,
                           const std::string& extra = "", bool built = true) {
    std::string arch = name.substr(0, name.find('-'));
    std::string s = "{\"name\":\"" + name + "\",\"arch\":\"" + arch +
                    "\",\"libc\":\"fake\",\"linkage\":\"static\",\"runner\":\"" + runner + "\"";
    if (built)
      s += ",\"built\":true,\"probe\":\"" + name + "/sysabi-probe\"";
    else
      s += ",\"built\":false,\"reason\":\"compiler x-g++ not found\",\"package\":\"g++-x\"";
    return s + extra + "}";
  }
  void manifest(const std::vector<std::string>& entries) {
    std::string s = "{\"sysabi_version\":\"0.1.0\",\"host_arch\":\"x86_64\",\"variants\":[";
    for (std::size_t i = 0; i < entries.size(); ++i) s += (i ? "," : "") + entries[i];
    write("variants.json", s + "]}\n", false);
  }

  json run(run_options o, int want_rc) {
    o.json_path = (dir_ / "report.json").string();
    int rc = cmd_run(o);
    EXPECT_EQ(rc, want_rc);
    std::ifstream in(dir_ / "report.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
  }

  static const json* find_fact(const json& report, const std::string& id,
                               const std::string& variant) {
    for (const auto& f : report["facts"])
      if (f["id"] == id && f["variant"] == variant) return &f;
    return nullptr;
  }

  fs::path dir_;
  std::string old_path_;
};

TEST_F(Run, AgreeingVariantsPassAndUnavailableOnesAreSkippedWithAReason) {
  write("x86_64-a-static/sysabi-probe", script_probe("x86_64-a-static", fact_line("alpha.one", "1")));
  write("x86_64-b-static/sysabi-probe", script_probe("x86_64-b-static", fact_line("alpha.one", "1")));
  write("zzz-c-static/sysabi-probe", script_probe("zzz-c-static", ""));
  manifest({entry("x86_64-a-static", "native"), entry("x86_64-b-static", "native"),
            entry("zzz-c-static", "qemu-zzz-sysabi-test"),
            entry("yyy-d-static", "qemu-yyy", "", false)});
  json r = run({}, 0);
  ASSERT_EQ(r["variants"].size(), 4u);
  EXPECT_EQ(r["variants"][0]["status"], "ran");
  // alpha.one, alpha.outcome, harness.<v>.completed and .runner; elf.type
  // and the trace facts skipped (a script is no ELF file)
  const json* trace = find_fact(r, "trace.stat.syscalls", "x86_64-a-static");
  ASSERT_TRUE(trace);
  EXPECT_EQ((*trace)["status"], "skip");
  EXPECT_EQ(r["variants"][0]["facts"], 5 + 14);
  EXPECT_EQ(r["variants"][2]["status"], "skipped");
  EXPECT_EQ(r["variants"][2]["reason"],
            "qemu-zzz-sysabi-test not found on PATH (install Debian package qemu-user)");
  EXPECT_EQ(r["variants"][3]["status"], "skipped");
  EXPECT_EQ(r["variants"][3]["reason"], "compiler x-g++ not found (install Debian package g++-x)");
  EXPECT_EQ(r["summary"]["variants_ran"], 2);
  EXPECT_EQ(r["summary"]["variants_skipped"], 2);
  const json* done = find_fact(r, "harness.x86_64-a-static.completed", "x86_64-a-static");
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["value"], "completed");
}

TEST_F(Run, DivergenceFailsTheRunNamingTheVariants) {
  write("x86_64-a-static/sysabi-probe", script_probe("x86_64-a-static", fact_line("alpha.one", "1")));
  write("x86_64-b-static/sysabi-probe", script_probe("x86_64-b-static", fact_line("alpha.one", "2")));
  manifest({entry("x86_64-a-static", "native"), entry("x86_64-b-static", "native")});
  json r = run({}, 1);
  const json* f = find_fact(r, "identity.alpha.one", "*");
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)["status"], "fail");
  EXPECT_EQ((*f)["value"], "1 in x86_64-a-static; 2 in x86_64-b-static");
}

TEST_F(Run, ForeignVariantsRunUnderTheirEmulatorAndNativeFallsBack) {
  // "qemu-zzz": runs the probe with sh, as an emulator would run a foreign binary.
  write("bin/qemu-zzz", "#!/bin/sh\nexport VIA_QEMU=yes\nexec /bin/sh \"$@\"\n");
  std::string facts = "echo \"{\\\"id\\\":\\\"alpha.via\\\",\\\"value\\\":\\\"${VIA_QEMU:-no}\\\","
                      "\\\"expect\\\":null,\\\"status\\\":\\\"info\\\",\\\"scope\\\":\\\"variant\\\"}\"\n";
  write("zzz-a-static/sysabi-probe", script_probe("zzz-a-static", facts));
  // No #! line: the kernel will not exec it (ENOEXEC), like an i386 binary on
  // a kernel without IA32 emulation; the fallback runner can.
  std::string body = script_probe("zzz-b-static", facts);
  write("zzz-b-static/sysabi-probe", body.substr(body.find('\n') + 1));
  manifest({entry("zzz-a-static", "qemu-zzz"),
            entry("zzz-b-static", "native", ",\"fallback_runner\":\"qemu-zzz\"")});
  json r = run({}, 0);
  EXPECT_EQ(r["variants"][0]["runner"], "qemu-zzz");
  EXPECT_EQ(r["variants"][1]["runner"], "qemu-zzz");
  EXPECT_EQ((*find_fact(r, "alpha.via", "zzz-a-static"))["value"], "yes");
  EXPECT_EQ((*find_fact(r, "alpha.via", "zzz-b-static"))["value"], "yes");
}

TEST_F(Run, BrokenProbesBecomeFailedCompletionFacts) {
  write("x86_64-a-static/sysabi-probe",
        "#!/bin/sh\n[ \"$1\" = --list ] && { echo alpha; exit 0; }\n"
        "echo '{\"sysabi_probe\":1,\"variant\":\"x86_64-a-static\",\"arch\":\"x\"}'\n"
        "echo 'not json'\necho oops >&2\nexit 1\n");
  write("x86_64-b-static/sysabi-probe",
        "#!/bin/sh\n[ \"$1\" = --list ] && { echo alpha; exit 0; }\nsleep 30\n");
  manifest({entry("x86_64-a-static", "native"), entry("x86_64-b-static", "native")});
  run_options o;
  o.timeout_ms = 200;
  json r = run(o, 1);
  EXPECT_EQ(r["variants"][0]["status"], "failed");
  const json* a = find_fact(r, "harness.x86_64-a-static.completed", "x86_64-a-static");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["value"], "exited 1");
  EXPECT_NE((*a)["reason"].get<std::string>().find("line 2 is not a JSON object"),
            std::string::npos);
  EXPECT_NE((*a)["reason"].get<std::string>().find("stderr: oops"), std::string::npos);
  const json* b = find_fact(r, "harness.x86_64-b-static.completed", "x86_64-b-static");
  ASSERT_TRUE(b);
  EXPECT_EQ((*b)["value"], "timed out after 400 ms");  // (1 probe + 1) x 200 ms
}

TEST_F(Run, ChoosingVariantsAndProbes) {
  write("x86_64-a-static/sysabi-probe", script_probe("x86_64-a-static", ""));
  write("x86_64-b-static/sysabi-probe", script_probe("x86_64-b-static", ""));
  manifest({entry("x86_64-a-static", "native"), entry("x86_64-b-static", "native")});
  run_options o;
  o.variants = {"x86_64-b-static"};
  o.probes = {"hidden"};  // not listed, but known by name
  json r = run(o, 0);
  ASSERT_EQ(r["variants"].size(), 1u);
  EXPECT_EQ(r["variants"][0]["name"], "x86_64-b-static");
  EXPECT_EQ((*find_fact(r, "harness.x86_64-b-static.completed", "x86_64-b-static"))["value"],
            "completed");

  o.probes = {"nosuch"};
  try {
    cmd_run(o);
    FAIL() << "no usage_error";
  } catch (const usage_error& e) {
    EXPECT_STREQ(e.what(), "unknown probe 'nosuch' (known: alpha)");
  }
}

TEST_F(Run, BadUsageIsFoundBeforeAnythingRuns) {
  write("x86_64-a-static/sysabi-probe", script_probe("x86_64-a-static", ""));
  manifest({entry("x86_64-a-static", "native")});
  fs::path mark = dir_ / "ran";
  ::setenv("SYSABI_MARK", mark.c_str(), 1);

  run_options o;
  o.variants = {"x86_64-nope-static"};
  try {
    cmd_run(o);
    FAIL() << "no usage_error";
  } catch (const usage_error& e) {
    EXPECT_STREQ(e.what(), "unknown variant 'x86_64-nope-static' (known: x86_64-a-static)");
  }
  o = {};
  o.json_path = (dir_ / "no/such/dir/r.json").string();
  EXPECT_THROW(cmd_run(o), usage_error);
  EXPECT_FALSE(fs::exists(mark));

  o = {};
  EXPECT_EQ(cmd_run(o), 0);  // the probe does run when asked properly
  EXPECT_TRUE(fs::exists(mark));
}

TEST_F(Run, MissingOrBadManifestIsBadInput) {
  EXPECT_THROW(cmd_run({}), usage_error);
  write("variants.json", "{\"variants\": 3}", false);
  EXPECT_THROW(cmd_run({}), usage_error);
  EXPECT_THROW(cmd_variants({}), usage_error);
}

TEST_F(Run, VariantsListsAvailability) {
  write("x86_64-a-static/sysabi-probe", script_probe("x86_64-a-static", ""));
  manifest({entry("x86_64-a-static", "native"), entry("yyy-d-static", "qemu-yyy", "", false)});
  testing::internal::CaptureStdout();
  EXPECT_EQ(cmd_variants({"json"}), 0);
  json v = json::parse(testing::internal::GetCapturedStdout());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0]["available"], true);
  EXPECT_EQ(v[0]["runner"], "native");
  EXPECT_EQ(v[1]["available"], false);
  EXPECT_EQ(v[1]["package"], "g++-x");

  testing::internal::CaptureStdout();
  EXPECT_EQ(cmd_variants({"text"}), 0);
  std::string text = testing::internal::GetCapturedStdout();
  EXPECT_NE(text.find("compiler x-g++ not found (install Debian package g++-x)"), std::string::npos)
      << text;
  EXPECT_THROW(cmd_variants({"xml"}), usage_error);
}

}  // namespace
