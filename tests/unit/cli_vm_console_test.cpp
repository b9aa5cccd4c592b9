// cli_vm_console_test.cpp - reading sysabi-vm-init's lines back off a VM's
// serial console (cli/src/vm/console_protocol.cpp): a whole good run, lines
// cut short, garbage, a panic, a guest that reset before /init, a refused
// variant.
#include <gtest/gtest.h>

#include <string>

#include "sysabi/host/vm_console.hpp"

namespace {

using namespace sysabi::host;

// One probe's complete output (header, a fact, the outcome, the trailer).
std::string probe_lines(const std::string& variant) {
  return R"({"sysabi_probe":1,"variant":")" + variant + R"(","arch":"x86_64"})" "\n"
         R"({"id":"errno.read.bad_fd","value":"EBADF","expect":"EBADF","status":"pass"})" "\n"
         R"({"id":"errno.outcome","value":"exited 0","expect":"exited 0","status":"pass"})" "\n"
         R"({"done":true,"probes":1})" "\n";
}

const std::string good_run =
    "SeaBIOS (version 1.16)\r\n"
    "\x1b[2J\x1b[01;01H@@sysabi-vm uname 6.1.0-57-cloud-amd64|#1 SMP Debian 6.1.192-3|x86_64\r\n"
    "@@sysabi-vm cmdline console=ttyS0 quiet loglevel=1 panic=-1 vsyscall=none\r\n"
    "@@sysabi-vm cpuinfo flags\t\t: fpu vme pku ospke nx\r\n"
    "@@sysabi-vm cpumodel model name\t: QEMU TCG CPU version 2.5+\r\n"
    "@@sysabi-vm begin x86_64-nolibc-static\r\n" +
    probe_lines("x86_64-nolibc-static") +
    "@@sysabi-vm end x86_64-nolibc-static 0\r\n"
    "@@sysabi-vm done\r\n"
    "[    9.1] reboot: Power down\r\n";

TEST(VmConsole, GoodRunGivesEveryField) {
  auto t = vm_console::parse(good_run);
  EXPECT_TRUE(t.init_spoke);
  EXPECT_TRUE(t.done);
  EXPECT_EQ(t.kernel_release, "6.1.0-57-cloud-amd64");
  EXPECT_EQ(t.kernel_version, "#1 SMP Debian 6.1.192-3");
  EXPECT_EQ(t.machine, "x86_64");
  EXPECT_EQ(t.cmdline, "console=ttyS0 quiet loglevel=1 panic=-1 vsyscall=none");
  EXPECT_EQ(t.cpu_flags_line, "flags\t\t: fpu vme pku ospke nx");
  EXPECT_EQ(t.cpu_model_line, "model name\t: QEMU TCG CPU version 2.5+");
  ASSERT_EQ(t.wait_statuses.count("x86_64-nolibc-static"), 1u);
  EXPECT_EQ(t.wait_statuses.at("x86_64-nolibc-static"), 0);
  ASSERT_EQ(t.outputs.count("x86_64-nolibc-static"), 1u);
  const auto& po = t.outputs.at("x86_64-nolibc-static");
  EXPECT_TRUE(po.trailer_seen);
  EXPECT_EQ(po.facts.size(), 2u);
  EXPECT_TRUE(po.problems.empty()) << po.problems.front();
  EXPECT_TRUE(t.panic_line.empty());
  EXPECT_EQ(t.last_kernel_line, "[    9.1] reboot: Power down");
}

TEST(VmConsole, LineByLineEqualsWholeText) {
  vm_console::parser p;
  std::size_t at = 0;
  while (at < good_run.size()) {
    auto nl = good_run.find('\n', at);
    p.line(std::string_view(good_run).substr(at, nl - at));
    at = nl + 1;
  }
  auto t = p.finish();
  EXPECT_TRUE(t.done);
  EXPECT_EQ(t.outputs.at("x86_64-nolibc-static").facts.size(), 2u);
}

TEST(VmConsole, AResetBeforeInitLeavesNothingSaid) {
  auto t = vm_console::parse("SeaBIOS (stand-in)\r\nBooting from ROM...\r\n");
  EXPECT_FALSE(t.init_spoke);
  EXPECT_FALSE(t.done);
  EXPECT_EQ(t.last_kernel_line, "Booting from ROM...");
}

TEST(VmConsole, AnEndWithoutStatusIsNotAFinish) {
  auto t = vm_console::parse("@@sysabi-vm begin v\n" + probe_lines("v") + "@@sysabi-vm end v\n");
  EXPECT_EQ(t.wait_statuses.count("v"), 0u);  // never read as status 0
  EXPECT_FALSE(t.done);
  EXPECT_TRUE(t.outputs.at("v").trailer_seen);
}

TEST(VmConsole, AStatusThatIsNotANumberIsIgnored) {
  auto t = vm_console::parse("@@sysabi-vm end v 0x7f\n@@sysabi-vm end w 12ab\n");
  EXPECT_TRUE(t.wait_statuses.empty());
}

TEST(VmConsole, AProbeCutShortHasNoTrailer) {
  std::string lines = probe_lines("v");
  lines.resize(lines.find("{\"done\""));
  auto t = vm_console::parse("@@sysabi-vm begin v\n" + lines + "[   3.0] Kernel panic - not syncing: boom\n");
  EXPECT_FALSE(t.outputs.at("v").trailer_seen);
  EXPECT_EQ(t.panic_line, "[   3.0] Kernel panic - not syncing: boom");
  EXPECT_FALSE(t.done);
}

TEST(VmConsole, ATruncatedUnameIsNotGuessedAt) {
  auto t = vm_console::parse("@@sysabi-vm uname 6.1.0-57-cloud-amd64|#1 SMP\n");
  EXPECT_TRUE(t.init_spoke);
  EXPECT_FALSE(t.kernel_release.has_value());
  EXPECT_FALSE(t.machine.has_value());
}

TEST(VmConsole, GarbageAndUnknownWordsAreIgnored) {
  auto t = vm_console::parse(
      "\x01\x02\xff garbage\n@@sysabi-vm\n@@sysabi-vm frobnicate 1 2\n@@sysabi-vm begin\n"
      "{\"not\":\"in a variant\"}\n@@sysabi-vm done\n");
  EXPECT_TRUE(t.done);
  EXPECT_TRUE(t.outputs.empty());
  EXPECT_TRUE(t.wait_statuses.empty());
  EXPECT_EQ(t.last_kernel_line, "{\"not\":\"in a variant\"}");
}

TEST(VmConsole, KernelLinesBetweenProbeLinesStayTheKernels) {
  auto t = vm_console::parse("@@sysabi-vm begin v\n[  1.0] random: crng init done\n" +
                             probe_lines("v") + "@@sysabi-vm end v 0\n@@sysabi-vm done\n");
  EXPECT_TRUE(t.outputs.at("v").trailer_seen);
  EXPECT_TRUE(t.outputs.at("v").problems.empty());
}

TEST(VmConsole, ARefusedVariantNamesItsErrno) {
  auto t = vm_console::parse(
      "@@sysabi-vm begin arm-nolibc-static\n@@sysabi-vm refused arm-nolibc-static 8\n"
      "@@sysabi-vm end arm-nolibc-static 32512\n@@sysabi-vm done\n");
  ASSERT_EQ(t.refused.count("arm-nolibc-static"), 1u);
  EXPECT_EQ(t.refused.at("arm-nolibc-static"), 8);  // ENOEXEC
  EXPECT_EQ(t.wait_statuses.at("arm-nolibc-static"), 127 << 8);
}

TEST(VmConsole, ASignaledProbeKeepsItsWaitStatus) {
  auto t = vm_console::parse("@@sysabi-vm begin v\n@@sysabi-vm end v 11\n@@sysabi-vm done\n");
  EXPECT_EQ(t.wait_statuses.at("v"), 11);  // SIGSEGV
  EXPECT_FALSE(t.outputs.at("v").trailer_seen);
}

}  // namespace
