// tests/unit/report_builders.hpp - facts for the host-side unit tests
// (report, diff): one builder, so every test makes a fact the same way.
#pragma once

#include <string>
#include <utility>

#include "sysabi/host/report.hpp"

namespace sysabi::testing {

// A fact whose expectation is its value (none for an info fact): a pass, or
// whatever `status` says.
inline host::fact make_fact(std::string id, std::string variant, host::json value,
                            host::fact_status status = host::fact_status::pass,
                            host::fact_scope scope = host::fact_scope::portable) {
  host::fact f;
  f.id = std::move(id);
  f.variant = std::move(variant);
  f.value = value;
  f.expect = status == host::fact_status::info ? host::json(nullptr) : value;
  f.status = status;
  f.scope = scope;
  return f;
}

}  // namespace sysabi::testing
