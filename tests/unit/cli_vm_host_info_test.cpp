// cli_vm_host_info_test.cpp - the host section's CPU model from
// /proc/cpuinfo text (cli/src/host_info.cpp), as read on the host and as a
// VM's /init passes one line of it.
#include <gtest/gtest.h>

#include "sysabi/host/host_info.hpp"

namespace {

using namespace sysabi::host;

TEST(CpuModel, TheFirstModelNameOfAWholeFile) {
  const char* cpuinfo =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\n"
      "model name\t: Intel(R) Xeon(R) CPU @ 2.00GHz\nflags\t\t: fpu vme\n\n"
      "processor\t: 1\nmodel name\t: another\n";
  EXPECT_EQ(cpu_model_from_cpuinfo(cpuinfo), "Intel(R) Xeon(R) CPU @ 2.00GHz");
}

TEST(CpuModel, OneLineWithACarriageReturn) {
  EXPECT_EQ(cpu_model_from_cpuinfo("model name\t: ARMv7 Processor rev 5 (v7l)\r"),
            "ARMv7 Processor rev 5 (v7l)");
}

TEST(CpuModel, Arm64HasNone) {
  EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\nBogoMIPS\t: 125.00\nFeatures\t: fp asimd\n"
                                   "CPU implementer\t: 0x00\nmodel\t: 1\n"),
            std::nullopt);
}

TEST(CpuModel, TheHostHasACommandLine) {
  host_info h = current_host();
  ASSERT_TRUE(h.kernel_cmdline.has_value()) << "/proc/cmdline unreadable";
  EXPECT_EQ(h.kernel_cmdline->find('\n'), std::string::npos);
}

}  // namespace
