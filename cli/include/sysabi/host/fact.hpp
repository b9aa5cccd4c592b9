// sysabi/host/fact.hpp - a fact as the host side sees it: what a probe
// printed on one JSON line, plus the variant that printed it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// Most host code that reads facts also throws usage_error.
#include "sysabi/host/usage_error.hpp"

namespace sysabi::host {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

enum class fact_status { pass, fail, skip, info };
// portable: the value must be the same in every variant; arch: the same in
// every variant of one arch; variant: may differ between any two variants.
enum class fact_scope { portable, arch, variant };

std::string_view to_string(fact_status s);
std::string_view to_string(fact_scope s);  // "" for portable
std::optional<fact_status> parse_status(std::string_view s);
std::optional<fact_scope> parse_scope(std::string_view s);  // "arch", "variant"

struct fact {
  std::string id;
  std::string variant;
  json value;   // null, boolean, integer or string as the probe printed it
  json expect;  // null when there is no expectation
  fact_status status = fact_status::info;
  std::optional<std::string> reason;
  fact_scope scope = fact_scope::portable;

  bool operator==(const fact&) const = default;
};

// {"id","variant","value","expect","status","reason"?,"scope"?} in that order.
ordered_json to_json(const fact& f);

// Reports order facts by id, then variant (plain byte order).
bool fact_less(const fact& a, const fact& b);

// How many facts of each status.
struct counts {
  std::size_t facts = 0, pass = 0, fail = 0, skip = 0, info = 0;
  void add(fact_status s);
  void add(const counts& o);
  bool operator==(const counts&) const = default;
};

}  // namespace sysabi::host
