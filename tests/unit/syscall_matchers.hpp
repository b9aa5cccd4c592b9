// tests/unit/syscall_matchers.hpp - GoogleMock matchers over the raw layer's
// value-or-errno result, in the style of gVisor's test/util/test_util.h.
//
//   EXPECT_THAT(raw::close(fd), SyscallSucceeds());
//   EXPECT_THAT(raw::write(fd, "abc", 3), SyscallSucceedsWithValue(3));
//   EXPECT_THAT(raw::getpid(), SyscallSucceedsWithValue(Gt(0)));
//   EXPECT_THAT(raw::read(-1, buf, 1), SyscallFailsWithErrno(EBADF));
//   EXPECT_THAT(raw::mmap(...), SyscallFailsWithErrno(AnyOf(ErrnoIs(EINVAL), ErrnoIs(ENOMEM))));
//
// There is no global errno here: the matchers read the error out of the
// result itself, and every message names it ("EBADF (Bad file descriptor)"):
//
//   Value of: raw::read(fd, buf, 1)
//   Expected: fails with EBADF (Bad file descriptor)
//     Actual: 1 (ok)
//
//   Value of: raw::close(fd)
//   Expected: succeeds
//     Actual: -9 (EBADF: Bad file descriptor)
#pragma once

#include <gmock/gmock.h>

#include <cstring>
#include <ostream>
#include <string>
#include <type_traits>

#include "sysabi/raw/result.hpp"

namespace sysabi::testing {

// "EBADF (Bad file descriptor)"; "errno 4000" for a number glibc cannot name.
inline std::string errno_description(int err) {
  const char* name = ::strerrorname_np(err);
  if (!name) return "errno " + std::to_string(err);
  std::string s = name;
  if (const char* desc = ::strerrordesc_np(err)) s.append(" (").append(desc).append(")");
  return s;
}

}  // namespace sysabi::testing

namespace sysabi::raw {

// How gtest prints a result: the raw register value and what it means.
//   3 (ok)    -9 (EBADF: Bad file descriptor)    0x7f3a2c000000 (ok)
template <class T>
void PrintTo(const result<T>& r, std::ostream* os) {
  if (r.ok()) {
    if constexpr (std::is_pointer_v<T>) {
      *os << static_cast<const void*>(r.value()) << " (ok)";
    } else {
      *os << r.raw() << " (ok)";
    }
  } else {
    const char* name = ::strerrorname_np(r.error());
    const char* desc = ::strerrordesc_np(r.error());
    *os << r.raw() << " (" << (name ? name : "unknown errno");
    if (desc) *os << ": " << desc;
    *os << ")";
  }
}

}  // namespace sysabi::raw

namespace sysabi::testing {

namespace detail {

template <class R>
struct result_value;
template <class T>
struct result_value<raw::result<T>> {
  using type = T;
};
// result<T> (or a reference to one) -> T.
template <class R>
using result_value_t = typename result_value<std::remove_cvref_t<R>>::type;

// Matches an int errno; describes it by name.
class errno_is_matcher : public ::testing::MatcherInterface<int> {
 public:
  explicit errno_is_matcher(int err) : err_(err) {}
  bool MatchAndExplain(int err, ::testing::MatchResultListener*) const override {
    return err == err_;
  }
  void DescribeTo(std::ostream* os) const override { *os << "is " << errno_description(err_); }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "isn't " << errno_description(err_);
  }

 private:
  int err_;
};

template <class T>
class succeeds_impl : public ::testing::MatcherInterface<const raw::result<T>&> {
 public:
  // value == nullptr: any value will do.
  explicit succeeds_impl(const ::testing::Matcher<T>* value) : any_(value == nullptr) {
    if (value) value_ = *value;
  }

  // gtest prints the result itself (PrintTo above: value and errno name);
  // only the inner matcher's own explanation is added.
  bool MatchAndExplain(const raw::result<T>& r,
                       ::testing::MatchResultListener* listener) const override {
    if (!r.ok()) return false;
    if (any_) return true;
    return value_.MatchAndExplain(r.value(), listener);
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "succeeds";
    if (!any_) {
      *os << " with a value that ";
      value_.DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "fails";
    if (!any_) {
      *os << ", or succeeds with a value that ";
      value_.DescribeNegationTo(os);
    }
  }

 private:
  bool any_;
  ::testing::Matcher<T> value_ = ::testing::A<T>();
};

template <class T>
class fails_impl : public ::testing::MatcherInterface<const raw::result<T>&> {
 public:
  // err == nullptr: any errno will do.  exact: the one errno expected, if
  // that is what err matches (for the plainer description).
  fails_impl(const ::testing::Matcher<int>* err, int exact) : any_(err == nullptr), exact_(exact) {
    if (err) err_ = *err;
  }

  bool MatchAndExplain(const raw::result<T>& r, ::testing::MatchResultListener*) const override {
    if (r.ok()) return false;
    return any_ || err_.Matches(r.error());
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "fails";
    if (exact_) {
      *os << " with " << errno_description(exact_);
    } else if (!any_) {
      *os << " with an errno that ";
      err_.DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "succeeds";
    if (exact_) {
      *os << ", or fails with an errno other than " << errno_description(exact_);
    } else if (!any_) {
      *os << ", or fails with an errno that ";
      err_.DescribeNegationTo(os);
    }
  }

 private:
  bool any_;
  int exact_;
  ::testing::Matcher<int> err_ = ::testing::A<int>();
};

// The polymorphic front ends: each converts to a Matcher for whichever
// result<T> it is applied to, casting the inner matcher to T.
template <class M>
class succeeds_matcher {
 public:
  explicit succeeds_matcher(M value, bool any) : value_(value), any_(any) {}
  template <class R>
  operator ::testing::Matcher<R>() const {  // NOLINT: implicit by design
    using T = result_value_t<R>;
    ::testing::Matcher<T> value = ::testing::SafeMatcherCast<T>(value_);
    const ::testing::MatcherInterface<const raw::result<T>&>* impl =
        new succeeds_impl<T>(any_ ? nullptr : &value);
    return ::testing::Matcher<R>(impl);
  }

 private:
  M value_;
  bool any_;
};

template <class M>
class fails_matcher {
 public:
  fails_matcher(M err, bool any, int exact = 0) : err_(err), any_(any), exact_(exact) {}
  template <class R>
  operator ::testing::Matcher<R>() const {  // NOLINT: implicit by design
    using T = result_value_t<R>;
    ::testing::Matcher<int> err = ::testing::SafeMatcherCast<int>(err_);
    const ::testing::MatcherInterface<const raw::result<T>&>* impl =
        new fails_impl<T>(any_ ? nullptr : &err, exact_);
    return ::testing::Matcher<R>(impl);
  }

 private:
  M err_;
  bool any_;
  int exact_;
};

}  // namespace detail

// An errno, matched and described by name: "is EBADF (Bad file descriptor)".
inline ::testing::Matcher<int> ErrnoIs(int err) {
  return ::testing::MakeMatcher(new detail::errno_is_matcher(err));
}

// The call succeeded (its raw value is outside [-4095, -1]).
inline auto SyscallSucceeds() {
  return detail::succeeds_matcher<decltype(::testing::_)>(::testing::_, true);
}

// The call succeeded with this value, or with a value this matcher accepts.
template <class M>
auto SyscallSucceedsWithValue(M value) {
  return detail::succeeds_matcher<M>(value, false);
}

// The call failed, with any errno.
inline auto SyscallFails() {
  return detail::fails_matcher<decltype(::testing::_)>(::testing::_, true);
}

// The call failed with this errno.
inline auto SyscallFailsWithErrno(int err) {
  return detail::fails_matcher<::testing::Matcher<int>>(ErrnoIs(err), false, err);
}

// The call failed with an errno this matcher accepts (e.g. AnyOf(ErrnoIs(EINVAL), ...)).
template <class M>
auto SyscallFailsWithErrno(M err) {
  return detail::fails_matcher<M>(err, false);
}

}  // namespace sysabi::testing
