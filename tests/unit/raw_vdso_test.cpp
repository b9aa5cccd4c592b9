// The raw layer's vDSO lookup (sysabi/raw/vdso.hpp), from a glibc process:
// it finds the same vDSO glibc uses, and the clock_gettime it finds tells
// the same time as the kernel.
#include <sys/auxv.h>
#include <time.h>

#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "sysabi/raw/vdso.hpp"

namespace raw = sysabi::raw;

namespace {

long long ns(const raw::kernel_timespec& t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

using clock_gettime_fn = int (*)(int, raw::kernel_timespec*);

TEST(RawVdso, NoAddressMeansNoVdso) {
  raw::vdso none(0);
  EXPECT_FALSE(none.present());
  EXPECT_EQ(none.symbols(), 0u);
  EXPECT_EQ(none.find(raw::vdso_clock_gettime_name), nullptr);
}

TEST(RawVdso, TheKernelsVdsoHasSymbols) {
  raw::vdso v(getauxval(AT_SYSINFO_EHDR));
  ASSERT_TRUE(v.present()) << "AT_SYSINFO_EHDR points at no readable vDSO";
  EXPECT_GT(v.symbols(), 1u);
}

TEST(RawVdso, UnknownNameIsNotFound) {
  raw::vdso v(getauxval(AT_SYSINFO_EHDR));
  EXPECT_EQ(v.find("__vdso_no_such_function"), nullptr);
  EXPECT_EQ(v.find(""), nullptr);
}

TEST(RawVdso, ClockGettimeIsInsideTheVdsoMapping) {
  unsigned long base = getauxval(AT_SYSINFO_EHDR);
  raw::vdso v(base);
  auto fn = reinterpret_cast<unsigned long>(v.find(raw::vdso_clock_gettime_name));
  ASSERT_NE(fn, 0u);
  EXPECT_GT(fn, base);
  EXPECT_LT(fn, base + 64 * 1024);  // the vDSO's text is a few pages
}

TEST(RawVdso, ClockGettimeBracketsTheSyscallsReading) {
  raw::vdso v(getauxval(AT_SYSINFO_EHDR));
  auto fn = v.lookup<clock_gettime_fn>(raw::vdso_clock_gettime_name);
  ASSERT_NE(fn, nullptr);
  raw::kernel_timespec before{}, during{}, after{};
  ASSERT_TRUE(raw::clock_gettime(CLOCK_MONOTONIC, &before).ok());
  ASSERT_EQ(fn(CLOCK_MONOTONIC, &during), 0);
  ASSERT_TRUE(raw::clock_gettime(CLOCK_MONOTONIC, &after).ok());
  EXPECT_LE(ns(before), ns(during));
  EXPECT_LE(ns(during), ns(after));
}

TEST(RawVdso, ClockGettimeRejectsAnUnknownClockLikeTheKernel) {
  raw::vdso v(getauxval(AT_SYSINFO_EHDR));
  auto fn = v.lookup<clock_gettime_fn>(raw::vdso_clock_gettime_name);
  ASSERT_NE(fn, nullptr);
  raw::kernel_timespec ts{};
  // An unknown clock falls back to the real syscall inside the vDSO: -EINVAL.
  EXPECT_EQ(fn(1000, &ts), -22);
}

}  // namespace
