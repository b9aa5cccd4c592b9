// sysabi/raw/result.hpp - the kernel's value-or-errno encoding, as a type.
//
// Every Linux arch returns errors from a system call as a negated errno in
// the return register: a value in [-4095, -1].  Everything else is a
// successful result (including "negative-looking" addresses from mmap on
// 32-bit arches, which is why the test is on the unsigned value).
// There is no global errno in the raw layer: the error travels in the result.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::raw {

namespace detail {
template <class T> inline constexpr bool is_pointer = false;
template <class T> inline constexpr bool is_pointer<T*> = true;
}  // namespace detail

// The largest errno the kernel may encode (include/linux/err.h MAX_ERRNO).
inline constexpr long max_errno = 4095;

// True when a raw return value (the whole register: 64 bits on x32) encodes an error.
constexpr bool is_error(reg raw) {
  return static_cast<ureg>(raw) > static_cast<ureg>(-max_errno - 1);
}

template <class T = long>
class result {
 public:
  constexpr explicit result(reg raw) : raw_(raw) {}

  // The register value exactly as the kernel left it.
  constexpr reg raw() const { return raw_; }
  constexpr bool ok() const { return !is_error(raw_); }
  constexpr explicit operator bool() const { return ok(); }
  // The positive errno, or 0 on success.
  constexpr int error() const { return ok() ? 0 : static_cast<int>(-raw_); }
  // The success value; only meaningful when ok().
  constexpr T value() const {
    if constexpr (detail::is_pointer<T>) {
      return reinterpret_cast<T>(static_cast<uptr>(raw_));
    } else {
      return static_cast<T>(raw_);
    }
  }

 private:
  reg raw_;
};

}  // namespace sysabi::raw
