// result<T>: the kernel's value-or-errno encoding as a type.
//
// Every Linux arch returns a failed system call's error as -errno in the
// return register.  include/linux/err.h: MAX_ERRNO is 4095, so exactly the
// values [-4095, -1] are errors; everything else, including "negative"
// addresses at the top of the address space, is a successful value.
#include <errno.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/result.hpp"
#include "syscall_matchers.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

// The boundary, at compile time: the raw layer's is_error is constexpr.
static_assert(raw::max_errno == 4095);
static_assert(raw::is_error(-1));
static_assert(raw::is_error(-4095));
static_assert(!raw::is_error(-4096));
static_assert(!raw::is_error(0));
static_assert(!raw::is_error(1));
static_assert(!raw::is_error(-4097));
static_assert(raw::result<int>(-9).error() == 9);

TEST(RawResult, MinusOneIsAnErrorWithErrnoOne) {
  raw::result<long> r(-1);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error(), EPERM);
}

TEST(RawResult, MinusMaxErrnoIsTheLastError) {
  raw::result<long> r(-4095);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error(), 4095);
}

TEST(RawResult, MinusFourThousandNinetySixIsASuccessfulValue) {
  raw::result<long> r(-4096);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.error(), 0);
  EXPECT_EQ(r.value(), -4096);
}

TEST(RawResult, ZeroIsSuccess) {
  raw::result<int> r(0);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.error(), 0);
  EXPECT_EQ(r.value(), 0);
}

TEST(RawResult, LargestPositiveValueIsSuccess) {
  raw::result<long> r(__LONG_MAX__);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value(), __LONG_MAX__);
}

TEST(RawResult, MostNegativeValueIsSuccess) {
  raw::result<long> r(-__LONG_MAX__ - 1);
  EXPECT_TRUE(r.ok());
}

TEST(RawResult, RawIsTheRegisterValueUnchanged) {
  EXPECT_EQ(raw::result<int>(-9).raw(), -9);
  EXPECT_EQ(raw::result<int>(42).raw(), 42);
  EXPECT_EQ(raw::result<long>(-4096).raw(), -4096);
}

// mmap can return an address in the top page but one (-4096 as a register
// value): that is a mapping, not an error.
TEST(RawResult, PointerInTheTopPagesIsSuccess) {
  raw::result<void*> r(-4096);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value(), reinterpret_cast<void*>(~0UL - 4095));
}

TEST(RawResult, PointerResultCarriesItsErrno) {
  raw::result<void*> r(-ENOMEM);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error(), ENOMEM);
}

TEST(RawResult, ValueConvertsToTheWrapperType) {
  raw::result<int> r(7);
  static_assert(std::is_same_v<decltype(r.value()), int>);
  EXPECT_EQ(r.value(), 7);
}

// The matchers name the errno they expected and the one they saw.
TEST(SyscallMatchers, SucceedsMatchesOnlyNonErrors) {
  EXPECT_THAT(raw::result<long>(0), SyscallSucceeds());
  EXPECT_THAT(raw::result<long>(-4096), SyscallSucceeds());
  EXPECT_THAT(raw::result<long>(-1), Not(SyscallSucceeds()));
}

TEST(SyscallMatchers, SucceedsWithValueTakesAValueOrAMatcher) {
  EXPECT_THAT(raw::result<long>(3), SyscallSucceedsWithValue(3));
  EXPECT_THAT(raw::result<long>(3), SyscallSucceedsWithValue(::testing::Gt(2)));
  EXPECT_THAT(raw::result<long>(3), Not(SyscallSucceedsWithValue(4)));
  EXPECT_THAT(raw::result<long>(-3), Not(SyscallSucceedsWithValue(-3)));
}

TEST(SyscallMatchers, FailsWithErrnoComparesTheErrno) {
  EXPECT_THAT(raw::result<int>(-EBADF), SyscallFailsWithErrno(EBADF));
  EXPECT_THAT(raw::result<int>(-EBADF), Not(SyscallFailsWithErrno(EFAULT)));
  EXPECT_THAT(raw::result<int>(0), Not(SyscallFailsWithErrno(EBADF)));
  EXPECT_THAT(raw::result<int>(-EINVAL),
              SyscallFailsWithErrno(::testing::AnyOf(ErrnoIs(EINVAL), ErrnoIs(ENOSYS))));
  EXPECT_THAT(raw::result<int>(-EINVAL), SyscallFails());
}

TEST(SyscallMatchers, DescriptionNamesTheErrno) {
  ::testing::Matcher<raw::result<int>> m = SyscallFailsWithErrno(EBADF);
  EXPECT_EQ(::testing::DescribeMatcher<raw::result<int>>(m),
            "fails with EBADF (Bad file descriptor)");
}

TEST(SyscallMatchers, DescriptionOfAnErrnoMatcherNamesEachErrno) {
  ::testing::Matcher<raw::result<int>> m =
      SyscallFailsWithErrno(::testing::AnyOf(ErrnoIs(EINVAL), ErrnoIs(ENOSYS)));
  EXPECT_THAT(::testing::DescribeMatcher<raw::result<int>>(m),
              HasSubstr("EINVAL (Invalid argument)) or (is ENOSYS"));
}

TEST(SyscallMatchers, PrintedResultShowsRawValueAndErrnoName) {
  EXPECT_EQ(::testing::PrintToString(raw::result<long>(-ENOENT)),
            "-2 (ENOENT: No such file or directory)");
  EXPECT_EQ(::testing::PrintToString(raw::result<long>(5)), "5 (ok)");
}

}  // namespace
