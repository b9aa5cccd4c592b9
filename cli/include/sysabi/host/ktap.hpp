// sysabi/host/ktap.hpp - a report as KTAP version 1 (the kernel's test
// output format, Documentation/dev-tools/ktap.rst), for kernel-CI engines.
//
// The writer takes plain data (below), not the typed report model, so that
// `sysabi run`, `sysabi vm` and `sysabi diff` can all adapt to it
// (docs/kernel-ci.md, "From the host", shows the adapter).
//
// Nesting, three levels deep, every level with its own `KTAP version 1` and
// plan before its parent's result line:
//
//   <variant>            one entry per variant, in the order given
//     <probe>            the part of the fact id before the first dot
//       <fact id>        the whole id, probe prefix kept
//   <prefix>             facts whose variant is not one of the variants:
//     <group>            "*" and "<arch>-*" (layout.*, identity.*) under a
//       <fact id>        top-level entry named by their prefix, grouped by
//                        arch ("<arch>-*" -> "<arch>", "*" -> "all")
//
// Results: pass and info -> `ok` (info with a `# value:` diagnostic line),
// fail -> `not ok` after `# value:`, `# expect:` and `# reason:` lines,
// skip -> `ok N name # SKIP reason`.  A parent is `not ok` when a child is,
// `ok ... # SKIP` when every child is skipped, else `ok`.  A variant that
// was skipped as a whole is one `ok N variant # SKIP reason` line; one that
// failed (did not finish) is `not ok` with its reason, whatever its facts say.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sysabi::host::ktap {

enum class fact_status { pass, fail, skip, info };
enum class variant_status { ran, skipped, failed };

struct variant {
  std::string name;
  variant_status status = variant_status::ran;
  std::string reason;  // "" = none
};

struct fact {
  std::string id;       // "errno.read.bad_fd"
  std::string variant;  // a variant's name, or "*" / "<arch>-*"
  std::string value;    // the value as text (the adapter uses its JSON form)
  std::string expect;   // the expectation as text
  fact_status status = fact_status::info;
  std::string reason;  // "" = none
};

struct input {
  std::vector<variant> variants;
  std::vector<fact> facts;  // any order; written in the order given per level
};

// Results at the fact level (the leaves that are facts).
struct fact_counts {
  std::size_t ok = 0;      // pass + info
  std::size_t not_ok = 0;  // fail
  std::size_t skip = 0;
  bool operator==(const fact_counts&) const = default;
};

struct output {
  std::string text;        // the KTAP document, ending in a newline
  fact_counts facts;       // counted while writing
  int exit_status = 0;     // kselftest's: 0 pass, 1 a failure, 4 all skipped
};

// The test name for any string: unchanged when it holds only [A-Za-z0-9_.-]
// and no "_X"; otherwise each byte outside that set becomes "_X" and its two
// upper-case hex digits, and a '_' followed by 'X' becomes "_X5F".  Every
// "_X" in a result starts an escape, so the mapping is one-to-one (names
// that differ stay different) and stable (it depends on the string alone).
std::string test_name(std::string_view s);

// Text for a diagnostic or directive: printable ASCII kept, '\' -> "\\",
// newline -> "\n", tab -> "\t", any other byte -> "\xHH".  Never shortened.
std::string escape_text(std::string_view s);

// The KTAP document.  Throws std::invalid_argument if two facts share (id,
// variant), or a fact's id has no probe prefix (no '.').
output write(const input& in);

}  // namespace sysabi::host::ktap

namespace sysabi::host {

struct report;  // sysabi/host/report.hpp

// A `sysabi run` or `sysabi vm` report as KTAP (`--ktap FILE`): every
// variant and fact copied into ktap::input, values and expectations as
// their JSON text, then ktap::write.
ktap::output report_ktap(const report& r);

}  // namespace sysabi::host
