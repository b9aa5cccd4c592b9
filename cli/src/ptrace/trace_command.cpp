// cli/src/ptrace/trace_command.cpp - `sysabi trace OP`: the system calls each
// variant issues for one operation, side by side (text), as JSON, or as
// one variant's bare names.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/trace.hpp"
#include "trace_files.hpp"

namespace sysabi::host {

namespace {

// One variant's calls, or why there are none.
struct column {
  std::string variant, note;
  std::vector<traced_call> calls;
  int exit_status = 0;
};

// The manifest, once the query is known to make sense.
manifest checked_manifest(const trace_query& q) {
  const auto& ops = trace_operations();
  if (std::find(ops.begin(), ops.end(), q.op) == ops.end()) {
    std::string known;
    for (const auto& o : ops) known += (known.empty() ? "" : ", ") + o;
    throw usage_error(fmt::format("unknown operation '{}' (known: {})", q.op, known));
  }
  if (q.format != "text" && q.format != "json" && q.format != "names")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json, names)", q.format));
  manifest m = load_manifest(find_libexec_dir());
  for (const auto& v : q.variants)
    if (!m.find(v)) throw usage_error(fmt::format("unknown variant '{}' (known: {})", v, m.names()));
  if (q.format == "names" && q.variants.size() != 1)
    throw usage_error("--format names shows one variant: name it with --variant");
  check_enosys_names(q.enosys);  // unknown names are usage errors before anything runs
  return m;
}

// Traces every asked-for variant (default: every one that runs natively).
std::vector<column> trace_columns(const trace_query& q, const manifest& m) {
  std::vector<column> cols;
  trace_files files;
  for (const auto& v : m.variants) {
    bool asked = std::find(q.variants.begin(), q.variants.end(), v.name) != q.variants.end();
    if (!q.variants.empty() && !asked) continue;
    auto a = check_availability(m, v);
    column c{v.name, "", {}, 0};
    if (!a.available) {
      if (!asked) continue;
      c.note = "not available: " + a.reason;
    } else if (auto why = untraceable_reason(a)) {
      if (!asked) continue;
      c.note = "not traced: " + *why;
    } else {
      trace_options o;
      o.enosys = q.enosys;
      auto r = trace_program({a.command[0], "--helper", "trace_op", q.op, files.path_for(q.op)}, o);
      c.calls = q.whole ? r.calls : operation_window(r.calls, q.op);
      c.exit_status = r.exit_status;
    }
    cols.push_back(std::move(c));
  }
  return cols;
}

std::string cell(const traced_call& c) {
  return c.returned && c.ret == -ENOSYS ? c.name + "=ENOSYS" : c.name;
}

void print_json(const trace_query& q, const std::vector<column>& cols) {
  ordered_json j;
  j["operation"] = q.op;
  j["whole"] = q.whole;
  j["enosys"] = q.enosys;
  j["variants"] = ordered_json::array();
  for (const auto& c : cols) {
    ordered_json v;
    v["variant"] = c.variant;
    if (!c.note.empty()) {
      v["note"] = c.note;
    } else {
      v["exit_status"] = c.exit_status;
      v["syscalls"] = ordered_json::array();
      for (const auto& call : c.calls) v["syscalls"].push_back(cell(call));
    }
    j["variants"].push_back(std::move(v));
  }
  fmt::print("{}\n", j.dump(2));
}

// Side by side: one column per variant, one row per call.
void print_table(const trace_query& q, const std::vector<column>& cols) {
  std::size_t w = 12, rows = 0;
  for (const auto& c : cols) {
    w = std::max(w, c.variant.size() + 2);
    rows = std::max(rows, c.calls.size());
    for (const auto& call : c.calls) w = std::max(w, cell(call).size() + 2);
  }
  fmt::print("{} ({}){}\n", q.op, q.whole ? "the whole run" : "the operation alone",
             q.enosys.empty() ? "" : ", ENOSYS for " + fmt::format("{}", fmt::join(q.enosys, ", ")));
  fmt::print("{:>4}  ", "#");
  for (const auto& c : cols) fmt::print("{:<{}}", c.variant, w);
  fmt::print("\n");
  for (std::size_t i = 0; i < rows; ++i) {
    fmt::print("{:>4}  ", i + 1);
    for (const auto& c : cols) fmt::print("{:<{}}", i < c.calls.size() ? cell(c.calls[i]) : "", w);
    fmt::print("\n");
  }
  for (const auto& c : cols)
    if (!c.note.empty()) fmt::print("{}: {}\n", c.variant, c.note);
    else if (c.exit_status != 0) fmt::print("{}: exited {}\n", c.variant, c.exit_status);
}

}  // namespace

int cmd_trace(const trace_query& q) {
  const manifest m = checked_manifest(q);
  std::vector<column> cols = trace_columns(q, m);
  if (q.format == "names")
    for (const auto& c : cols.front().calls) fmt::print("{}\n", c.name);
  else if (q.format == "json")
    print_json(q, cols);
  else
    print_table(q, cols);
  return 0;
}

}  // namespace sysabi::host
