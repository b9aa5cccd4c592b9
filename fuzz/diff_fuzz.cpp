// fuzz/diff_fuzz.cpp - libFuzzer target: `sysabi diff` on a pair of reports.
//
// The input is two reports separated by the first NUL byte (the second half
// empty if there is none).  Both must be read or refused with a
// usage_error; when both are read, the diff and all three renderings must
// complete, and a report diffed with itself must be compatible.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sysabi/host/diff.hpp"

using namespace sysabi::host;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string all(reinterpret_cast<const char*>(data), size);
  auto nul = all.find('\0');
  std::string a = all.substr(0, nul);
  std::string b = nul == std::string::npos ? std::string() : all.substr(nul + 1);
  try {
    report base = parse_report(a, "base");
    diff_result self = diff_reports(base, base);
    if (!self.compatible() || !self.changes.empty()) std::abort();  // a report equals itself
    report next = parse_report(b, "new");
    diff_result d = diff_reports(base, next);
    (void)render_diff_text(d, "base", "new");
    (void)render_diff_json(d);
    (void)render_diff_junit(d);
  } catch (const usage_error&) {
  }
  return 0;
}
