// The system and time through the raw layer: uname(2), clock_gettime(2),
// nanosleep(2), getrusage(2), getrandom(2).  Where libc has the same call,
// the raw answer must agree with libc's.
#include <errno.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>

#include <cstring>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "syscall_matchers.hpp"
#include "test_support.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;

namespace {

long long ns(const raw::kernel_timespec& t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
long long ns(const struct timespec& t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

// --- uname(2) -----------------------------------------------------------------

TEST(RawUname, EveryFieldEqualsLibcUname) {
  raw::kernel_utsname mine{};
  struct utsname theirs {};
  ASSERT_THAT(raw::uname(&mine), SyscallSucceedsWithValue(0));
  ASSERT_EQ(::uname(&theirs), 0);
  EXPECT_STREQ(mine.sysname, theirs.sysname);
  EXPECT_STREQ(mine.nodename, theirs.nodename);
  EXPECT_STREQ(mine.release, theirs.release);
  EXPECT_STREQ(mine.version, theirs.version);
  EXPECT_STREQ(mine.machine, theirs.machine);
  EXPECT_STREQ(mine.domainname, theirs.domainname);
}

TEST(RawUname, SysnameIsLinux) {
  raw::kernel_utsname u{};
  ASSERT_THAT(raw::uname(&u), SyscallSucceeds());
  EXPECT_STREQ(u.sysname, "Linux");
}

TEST(RawUname, MachineIsTheArchTheLayerWasBuiltFor) {
  raw::kernel_utsname u{};
  ASSERT_THAT(raw::uname(&u), SyscallSucceeds());
  EXPECT_STREQ(u.machine, raw::arch_name);
}

TEST(RawUname, UnwritableBufferFailsWithEFAULT) {
  EXPECT_THAT(raw::uname(reinterpret_cast<raw::kernel_utsname*>(1)),
              SyscallFailsWithErrno(EFAULT));
}

// --- clock_gettime(2) ----------------------------------------------------------

// libc's clock_gettime goes through the vDSO; both read the same clock, so a
// libc reading taken between two raw readings lies between them.
TEST(RawClockGettime, MonotonicBracketsLibcsReading) {
  raw::kernel_timespec before{}, after{};
  struct timespec libc {};
  ASSERT_THAT(raw::clock_gettime(CLOCK_MONOTONIC, &before), SyscallSucceedsWithValue(0));
  ASSERT_EQ(::clock_gettime(CLOCK_MONOTONIC, &libc), 0);
  ASSERT_THAT(raw::clock_gettime(CLOCK_MONOTONIC, &after), SyscallSucceeds());
  EXPECT_LE(ns(before), ns(libc));
  EXPECT_LE(ns(libc), ns(after));
}

TEST(RawClockGettime, RealtimeAgreesWithLibcWithinASecond) {
  raw::kernel_timespec mine{};
  struct timespec libc {};
  ASSERT_THAT(raw::clock_gettime(CLOCK_REALTIME, &mine), SyscallSucceeds());
  ASSERT_EQ(::clock_gettime(CLOCK_REALTIME, &libc), 0);
  EXPECT_NEAR(static_cast<double>(ns(mine)), static_cast<double>(ns(libc)), 1e9);
}

TEST(RawClockGettime, NanosecondsAreBelowOneSecond) {
  raw::kernel_timespec t{};
  ASSERT_THAT(raw::clock_gettime(CLOCK_MONOTONIC, &t), SyscallSucceeds());
  EXPECT_GE(t.tv_nsec, 0);
  EXPECT_LT(t.tv_nsec, 1000000000);
}

TEST(RawClockGettime, UnknownClockFailsWithEINVAL) {
  raw::kernel_timespec t{};
  EXPECT_THAT(raw::clock_gettime(12345, &t), SyscallFailsWithErrno(EINVAL));
}

TEST(RawClockGettime, UnwritableBufferFailsWithEFAULT) {
  EXPECT_THAT(raw::clock_gettime(CLOCK_MONOTONIC, reinterpret_cast<raw::kernel_timespec*>(1)),
              SyscallFailsWithErrno(EFAULT));
}

// --- nanosleep(2) --------------------------------------------------------------

TEST(RawNanosleep, SleepsAtLeastTheRequestedTime) {
  raw::kernel_timespec before{}, after{};
  raw::clock_gettime(CLOCK_MONOTONIC, &before);
  raw::kernel_old_timespec req{0, 2000000};  // 2 ms
  ASSERT_THAT(raw::nanosleep(&req, nullptr), SyscallSucceedsWithValue(0));
  raw::clock_gettime(CLOCK_MONOTONIC, &after);
  EXPECT_GE(ns(after) - ns(before), 2000000);
}

TEST(RawNanosleep, ZeroDurationReturnsAtOnce) {
  raw::kernel_old_timespec req{0, 0};
  EXPECT_THAT(raw::nanosleep(&req, nullptr), SyscallSucceeds());
}

TEST(RawNanosleep, NanosecondsOfOneSecondOrMoreFailWithEINVAL) {
  raw::kernel_old_timespec req{0, 1000000000};
  EXPECT_THAT(raw::nanosleep(&req, nullptr), SyscallFailsWithErrno(EINVAL));
}

TEST(RawNanosleep, NegativeSecondsFailWithEINVAL) {
  raw::kernel_old_timespec req{-1, 0};
  EXPECT_THAT(raw::nanosleep(&req, nullptr), SyscallFailsWithErrno(EINVAL));
}

// --- getrusage(2) --------------------------------------------------------------

TEST(RawGetrusage, SelfAgreesWithLibc) {
  raw::kernel_rusage mine{};
  struct rusage libc {};
  ASSERT_THAT(raw::getrusage(RUSAGE_SELF, &mine), SyscallSucceedsWithValue(0));
  ASSERT_EQ(::getrusage(RUSAGE_SELF, &libc), 0);
  // Counters only grow: libc's later reading is at least ours.
  EXPECT_LE(mine.ru_maxrss, libc.ru_maxrss);
  EXPECT_LE(mine.ru_minflt, libc.ru_minflt);
  EXPECT_LE(mine.ru_nvcsw, libc.ru_nvcsw);
  EXPECT_LE(mine.ru_utime.tv_sec, libc.ru_utime.tv_sec);
  EXPECT_GT(mine.ru_maxrss, 0);
}

TEST(RawGetrusage, MinorFaultsCountFirstTouchOfNewPages) {
  raw::kernel_rusage before{}, after{};
  ASSERT_THAT(raw::getrusage(RUSAGE_SELF, &before), SyscallSucceeds());
  constexpr int pages = 64;
  auto m = raw::mmap(nullptr, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
  ASSERT_THAT(m, SyscallSucceeds());
  for (int i = 0; i < pages; ++i) static_cast<volatile char*>(m.value())[i * 4096] = 1;
  ASSERT_THAT(raw::getrusage(RUSAGE_SELF, &after), SyscallSucceeds());
  raw::munmap(m.value(), pages * 4096);
  // At least one fault per touched page, unless the kernel backed the range
  // with a huge page (then one fault covers it all).
  EXPECT_GE(after.ru_minflt - before.ru_minflt, 1);
}

TEST(RawGetrusage, UnknownWhoFailsWithEINVAL) {
  raw::kernel_rusage ru{};
  EXPECT_THAT(raw::getrusage(42, &ru), SyscallFailsWithErrno(EINVAL));
}

// --- getrandom(2) --------------------------------------------------------------

TEST(RawGetrandom, FillsTheWholeSmallBuffer) {
  unsigned char buf[32];
  EXPECT_THAT(raw::getrandom(buf, sizeof buf, 0), SyscallSucceedsWithValue(32));
}

TEST(RawGetrandom, TwoDrawsDiffer) {
  unsigned char a[32] = {}, b[32] = {};
  ASSERT_THAT(raw::getrandom(a, sizeof a, 0), SyscallSucceedsWithValue(32));
  ASSERT_THAT(raw::getrandom(b, sizeof b, 0), SyscallSucceedsWithValue(32));
  EXPECT_NE(std::memcmp(a, b, sizeof a), 0);  // equal with probability 2^-256
}

TEST(RawGetrandom, NonblockSucceedsOnceTheGeneratorIsReady) {
  unsigned char buf[16];
  EXPECT_THAT(raw::getrandom(buf, sizeof buf, GRND_NONBLOCK), SyscallSucceedsWithValue(16));
}

TEST(RawGetrandom, UnknownFlagFailsWithEINVAL) {
  unsigned char buf[16];
  EXPECT_THAT(raw::getrandom(buf, sizeof buf, 0x100), SyscallFailsWithErrno(EINVAL));
}

TEST(RawGetrandom, UnwritableBufferFailsWithEFAULT) {
  EXPECT_THAT(raw::getrandom(reinterpret_cast<void*>(1), 16, 0), SyscallFailsWithErrno(EFAULT));
}

}  // namespace
