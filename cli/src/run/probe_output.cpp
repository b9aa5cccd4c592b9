// cli/src/run/probe_output.cpp - parsing sysabi-probe's JSON Lines.
#include "sysabi/host/probe_output.hpp"

#include <fmt/format.h>

namespace sysabi::host {

namespace {

bool is_scalar(const json& j) {
  return j.is_null() || j.is_boolean() || j.is_number() || j.is_string();
}

std::string clip(std::string_view s, std::size_t n = 60) {
  if (s.size() <= n) return std::string(s);
  return std::string(s.substr(0, n)) + "...";
}

}  // namespace

probe_output_parser::probe_output_parser(std::string variant) : variant_(std::move(variant)) {}

void probe_output_parser::problem(std::string what) { out_.problems.push_back(std::move(what)); }

void probe_output_parser::line(std::string_view text) {
  ++lineno_;
  if (text.empty()) return;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    problem(fmt::format("line {} is not a JSON object: {}", lineno_, clip(text)));
    return;
  }
  if (out_.trailer_seen) {
    problem(fmt::format("line {} comes after the trailer", lineno_));
    return;
  }
  if (j.contains("sysabi_probe")) {
    if (out_.header_seen || !out_.facts.empty()) {
      problem(fmt::format("line {}: a second header", lineno_));
      return;
    }
    out_.header_seen = true;
    if (!j["sysabi_probe"].is_number_integer() || j["sysabi_probe"].get<long>() != 1)
      problem(fmt::format("line {}: unknown output version {}", lineno_,
                          j["sysabi_probe"].dump()));
    if (j.contains("variant") && j["variant"].is_string()) out_.variant = j["variant"];
    if (j.contains("arch") && j["arch"].is_string()) out_.arch = j["arch"];
    if (out_.variant != variant_)
      problem(fmt::format("the header names variant '{}', expected '{}'", out_.variant,
                          variant_));
    return;
  }
  if (j.contains("done")) {
    out_.trailer_seen = true;
    if (j.contains("probes") && j["probes"].is_number_integer()) out_.probes = j["probes"];
    return;
  }
  if (!out_.header_seen) {
    problem(fmt::format("line {} comes before the header", lineno_));
    // keep the fact anyway: it is evidence.
  }
  fact f;
  f.variant = variant_;
  auto bad = [&](std::string_view what) {
    problem(fmt::format("line {}: {}: {}", lineno_, what, clip(text)));
  };
  if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
    return bad("a fact without an id");
  f.id = j["id"];
  if (!j.contains("status") || !j["status"].is_string())
    return bad("a fact without a status");
  auto st = parse_status(j["status"].get<std::string>());
  if (!st) return bad("unknown status");
  f.status = *st;
  f.value = j.contains("value") ? j["value"] : json(nullptr);
  f.expect = j.contains("expect") ? j["expect"] : json(nullptr);
  if (!is_scalar(f.value) || !is_scalar(f.expect)) return bad("a value that is not a scalar");
  if (j.contains("reason")) {
    if (!j["reason"].is_string()) return bad("a reason that is not a string");
    f.reason = j["reason"].get<std::string>();
  }
  if (j.contains("scope")) {
    auto sc = j["scope"].is_string() ? parse_scope(j["scope"].get<std::string>()) : std::nullopt;
    if (!sc) return bad("unknown scope");
    f.scope = *sc;
  }
  // A fact is known by its id within a variant (the report, the identity
  // checks and the diff pair facts by it): a repeat is a probe's bug, kept
  // out of the report and reported once per id.
  auto [first, fresh] = first_line_.try_emplace(f.id, lineno_);
  if (!fresh) {
    if (first->second != 0)
      problem(fmt::format("line {} repeats the fact {} of line {} (repeats are dropped)", lineno_,
                          f.id, first->second));
    first->second = 0;
    return;
  }
  if (f.id.ends_with(".outcome")) ++out_.outcomes;
  out_.facts.push_back(std::move(f));
}

void probe_output_parser::finish(std::string_view unterminated) {
  if (finished_) return;
  finished_ = true;
  if (!unterminated.empty()) {
    // A last line without its newline: fine if it is whole, a cut-off
    // line otherwise.
    if (json::accept(unterminated)) {
      line(unterminated);
    } else {
      ++lineno_;
      problem(fmt::format("the output ends in the middle of line {}: {}", lineno_,
                          clip(unterminated)));
    }
  }
  if (!out_.header_seen) problem("no header line");
  if (!out_.trailer_seen)
    problem(fmt::format("no trailer: the output stops after {} facts", out_.facts.size()));
}

probe_output parse_probe_output(std::string_view text, std::string variant) {
  probe_output_parser p(std::move(variant));
  while (!text.empty()) {
    auto nl = text.find('\n');
    if (nl == std::string_view::npos) break;
    p.line(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  p.finish(text);
  return p.take();
}

}  // namespace sysabi::host
