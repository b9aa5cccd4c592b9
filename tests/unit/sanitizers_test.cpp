// The unit tests' sanitizers are really on (tests/unit/CMakeLists.txt,
// SYSABI_UNIT_SANITIZERS): a read past a heap block and a signed overflow
// each end the process with the sanitizer's report.  That is what makes
// every other unit test a memory-safety and undefined-behaviour check too.
#include <gtest/gtest.h>

#include <climits>
#include <string>

namespace {

// Whether the build named this sanitizer in -fsanitize=.
bool built_with(const std::string& sanitizer) {
  std::string list = "," + std::string(SYSABI_UNIT_SANITIZERS) + ",";
  return list.find("," + sanitizer + ",") != std::string::npos;
}

// volatile: the index, the operand and where the sum goes are out of the
// compiler's sight, so neither access nor addition can be folded away.
// UBSan's object-size check would stop the read first: this one is ASan's.
__attribute__((noinline, no_sanitize("undefined"))) int read_past_end() {
  int* block = new int[4]{};
  volatile int index = 4;
  int value = block[index];
  delete[] block;
  return value;
}

volatile int operand;
volatile int sum;
__attribute__((noinline)) void add_one() { sum = operand + 1; }

TEST(Sanitizers, AddressSanitizerStopsAReadPastAHeapBlock) {
  if (!built_with("address"))
    GTEST_SKIP() << "built without AddressSanitizer (SYSABI_UNIT_SANITIZERS='"
                 << SYSABI_UNIT_SANITIZERS << "')";
  EXPECT_DEATH(read_past_end(), "AddressSanitizer: heap-buffer-overflow");
}

TEST(Sanitizers, UndefinedBehaviourSanitizerStopsASignedOverflow) {
  if (!built_with("undefined"))
    GTEST_SKIP() << "built without UBSan (SYSABI_UNIT_SANITIZERS='" << SYSABI_UNIT_SANITIZERS
                 << "')";
  operand = INT_MAX;
  EXPECT_DEATH(add_one(), "runtime error: signed integer overflow");
}

}  // namespace
