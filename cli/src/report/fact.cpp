// cli/src/report/fact.cpp - fact status/scope names, JSON form, order, counts.
#include "sysabi/host/fact.hpp"

namespace sysabi::host {

std::string_view to_string(fact_status s) {
  switch (s) {
    case fact_status::pass: return "pass";
    case fact_status::fail: return "fail";
    case fact_status::skip: return "skip";
    case fact_status::info: return "info";
  }
  return "?";
}

std::string_view to_string(fact_scope s) {
  switch (s) {
    case fact_scope::portable: return "";
    case fact_scope::arch: return "arch";
    case fact_scope::variant: return "variant";
  }
  return "?";
}

std::optional<fact_status> parse_status(std::string_view s) {
  if (s == "pass") return fact_status::pass;
  if (s == "fail") return fact_status::fail;
  if (s == "skip") return fact_status::skip;
  if (s == "info") return fact_status::info;
  return std::nullopt;
}

std::optional<fact_scope> parse_scope(std::string_view s) {
  if (s == "arch") return fact_scope::arch;
  if (s == "variant") return fact_scope::variant;
  return std::nullopt;
}

ordered_json to_json(const fact& f) {
  ordered_json j;
  j["id"] = f.id;
  j["variant"] = f.variant;
  j["value"] = f.value;
  j["expect"] = f.expect;
  j["status"] = to_string(f.status);
  if (f.reason) j["reason"] = *f.reason;
  if (f.scope != fact_scope::portable) j["scope"] = to_string(f.scope);
  return j;
}

bool fact_less(const fact& a, const fact& b) {
  if (int c = a.id.compare(b.id); c != 0) return c < 0;
  return a.variant < b.variant;
}

void counts::add(fact_status s) {
  ++facts;
  switch (s) {
    case fact_status::pass: ++pass; break;
    case fact_status::fail: ++fail; break;
    case fact_status::skip: ++skip; break;
    case fact_status::info: ++info; break;
  }
}

void counts::add(const counts& o) {
  facts += o.facts;
  pass += o.pass;
  fail += o.fail;
  skip += o.skip;
  info += o.info;
}

}  // namespace sysabi::host
