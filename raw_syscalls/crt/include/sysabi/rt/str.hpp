// sysabi/rt/str.hpp - the few string helpers probes need, without libc.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::rt {

constexpr usize str_len(const char* s) {
  usize n = 0;
  while (s[n]) ++n;
  return n;
}

constexpr bool str_eq(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

constexpr bool starts_with(const char* s, const char* prefix) {
  while (*prefix) {
    if (*s++ != *prefix++) return false;
  }
  return true;
}

// Parses a non-negative decimal; false on anything else.
constexpr bool parse_u64(const char* s, u64* out) {
  if (!*s) return false;
  u64 v = 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + static_cast<u64>(*s - '0');
  }
  *out = v;
  return true;
}

// A fixed-capacity string builder: ids, paths and messages built from parts.
// Silently truncates at N-1 characters; always NUL-terminated.
template <usize N>
class sbuf {
 public:
  sbuf() { buf_[0] = 0; }
  explicit sbuf(const char* s) : sbuf() { add(s); }

  sbuf& add(const char* s) {
    while (*s && len_ + 1 < N) buf_[len_++] = *s++;
    buf_[len_] = 0;
    return *this;
  }
  sbuf& add(char c) {
    if (len_ + 1 < N) buf_[len_++] = c;
    buf_[len_] = 0;
    return *this;
  }
  sbuf& add(long long v) {
    if (v < 0) {
      add('-');
      return add_unsigned(0 - static_cast<u64>(v));
    }
    return add_unsigned(static_cast<u64>(v));
  }
  sbuf& add(int v) { return add(static_cast<long long>(v)); }
  sbuf& add(long v) { return add(static_cast<long long>(v)); }
  sbuf& add_unsigned(u64 v) {
    char tmp[21];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (n) add(tmp[--n]);
    return *this;
  }
  sbuf& add_hex(u64 v) {
    add("0x");
    char tmp[17];
    int n = 0;
    do {
      tmp[n++] = "0123456789abcdef"[v & 15];
      v >>= 4;
    } while (v);
    while (n) add(tmp[--n]);
    return *this;
  }

  // Appends s as a JSON string literal (quotes and escapes included).
  sbuf& json_str(const char* s) {
    constexpr const char* hex = "0123456789abcdef";
    add('"');
    for (; *s; ++s) {
      auto c = static_cast<unsigned char>(*s);
      if (c == '"' || c == '\\') {
        add('\\').add(static_cast<char>(c));
      } else if (c == '\n') {
        add("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        // control bytes, and bytes beyond ASCII as code points: the line
        // stays valid UTF-8 whatever the kernel handed us
        add("\\u00").add(hex[c >> 4]).add(hex[c & 15]);
      } else {
        add(static_cast<char>(c));
      }
    }
    return add('"');
  }

  const char* c_str() const { return buf_; }
  usize size() const { return len_; }
  void clear() { len_ = 0, buf_[0] = 0; }

 private:
  char buf_[N];
  usize len_ = 0;
};

}  // namespace sysabi::rt
