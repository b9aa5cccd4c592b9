// The freestanding runtime's string helpers (raw_syscalls/crt/include/
// sysabi/rt/str.hpp): what probes use to parse arguments and to build their
// JSON lines without libc.
#include <gtest/gtest.h>

#include <string>

#include "sysabi/rt/str.hpp"

namespace rt = sysabi::rt;

namespace {

static_assert(rt::str_len("") == 0);
static_assert(rt::str_len("sysabi") == 6);
static_assert(rt::str_eq("a", "a") && !rt::str_eq("a", "ab") && !rt::str_eq("ab", "a"));
static_assert(rt::starts_with("--timeout-ms", "--") && !rt::starts_with("-", "--"));

TEST(RtParseU64, AcceptsDecimalDigitsOnly) {
  sysabi::u64 v = 0;
  EXPECT_TRUE(rt::parse_u64("300", &v));
  EXPECT_EQ(v, 300u);
  EXPECT_TRUE(rt::parse_u64("0", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_FALSE(rt::parse_u64("", &v));
  EXPECT_FALSE(rt::parse_u64("bad", &v));
  EXPECT_FALSE(rt::parse_u64("-1", &v));
  EXPECT_FALSE(rt::parse_u64("12x", &v));
}

TEST(RtParseU64, LeavesTheOutputAloneOnFailure) {
  sysabi::u64 v = 7;
  EXPECT_FALSE(rt::parse_u64("1a", &v));
  EXPECT_EQ(v, 7u);
}

TEST(RtSbuf, AddsNumbersInDecimalAndHex) {
  rt::sbuf<64> b;
  b.add(-42).add(' ').add(0L).add(' ').add_unsigned(18446744073709551615ULL).add(' ').add_hex(255);
  EXPECT_STREQ(b.c_str(), "-42 0 18446744073709551615 0xff");
}

TEST(RtSbuf, MostNegativeNumberIsPrintedExactly) {
  rt::sbuf<32> b;
  b.add(static_cast<long long>(-9223372036854775807LL - 1));
  EXPECT_STREQ(b.c_str(), "-9223372036854775808");
}

TEST(RtSbuf, TruncatesAtCapacityAndStaysTerminated) {
  rt::sbuf<5> b;
  b.add("abcdefgh");
  EXPECT_STREQ(b.c_str(), "abcd");
  EXPECT_EQ(b.size(), 4u);
}

TEST(RtSbuf, JsonStrEscapesQuotesBackslashesAndControlBytes) {
  rt::sbuf<128> b;
  b.json_str("a\"b\\c\nd\te");
  EXPECT_STREQ(b.c_str(), R"("a\"b\\c\nd\u0009e")");
}

// Bytes beyond ASCII become \u00XX escapes, so a line stays valid UTF-8
// whatever bytes the kernel handed over (a hostname, a path).
TEST(RtSbuf, JsonStrEscapesNonAsciiBytes) {
  rt::sbuf<64> b;
  b.json_str("\xff\x7f");
  EXPECT_STREQ(b.c_str(), R"("\u00ff\u007f")");
}

}  // namespace
