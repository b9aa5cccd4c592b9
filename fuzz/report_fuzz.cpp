// fuzz/report_fuzz.cpp - libFuzzer target: sysabi's report reader.
//
// Any bytes at all must end in a report or in a one-line usage_error -
// never a crash, a hang, a sanitizer report or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sysabi/host/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto report = sysabi::host::parse_report(text, "input");
    (void)report;
  } catch (const sysabi::host::usage_error&) {
  }
  return 0;
}
