// sysabi/host/probe_output.hpp - reading what sysabi-probe prints.
//
// sysabi-probe writes JSON Lines: a header
//   {"sysabi_probe":1,"variant":"x86_64-nolibc-static","arch":"x86_64"}
// one line per fact
//   {"id":"errno.read.bad_fd","value":"EBADF","expect":"EBADF","status":"pass"}
// and a trailer
//   {"done":true,"probes":1}
// Anything else (bad JSON, a fact without an id, lines after the trailer, no
// trailer at all) is a problem, recorded in order; the facts that did parse
// are kept.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sysabi/host/fact.hpp"

namespace sysabi::host {

struct probe_output {
  bool header_seen = false;
  std::string variant;  // as the header says
  std::string arch;
  std::vector<fact> facts;  // in output order, variant set to the expected name
  bool trailer_seen = false;
  long probes = -1;  // from the trailer
  std::size_t outcomes = 0;  // "<probe>.outcome" facts: probes finished
  std::vector<std::string> problems;
};

// Parses incrementally, one line at a time (so progress can be shown while a
// probe runs).
class probe_output_parser {
 public:
  // `variant`: the name the header must carry and every fact is tagged with.
  explicit probe_output_parser(std::string variant);

  // One complete line, without its newline.
  void line(std::string_view text);
  // End of output; `unterminated` is text after the last newline (a line cut
  // short), if any.
  void finish(std::string_view unterminated = {});

  const probe_output& result() const { return out_; }
  probe_output take() { return std::move(out_); }

 private:
  void problem(std::string what);
  std::string variant_;
  std::size_t lineno_ = 0;
  bool finished_ = false;
  // Each fact id seen: the line it came on, or 0 once a repeat was reported.
  std::unordered_map<std::string, std::size_t> first_line_;
  probe_output out_;
};

// The whole of a probe's stdout at once.
probe_output parse_probe_output(std::string_view text, std::string variant);

}  // namespace sysabi::host
