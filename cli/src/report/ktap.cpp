// cli/src/report/ktap.cpp - a report as KTAP version 1 (sysabi/host/ktap.hpp):
// the facts arranged into a tree (variant > probe > fact, and the facts of no
// variant under their prefix), each parent's result from its children, the
// tree written depth first with two spaces of indentation per level.
#include "sysabi/host/ktap.hpp"

#include "sysabi/host/report.hpp"

#include <map>
#include <stdexcept>
#include <utility>

namespace sysabi::host::ktap {

namespace {

bool name_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

constexpr const char* upper_hex = "0123456789ABCDEF";

enum class result { ok, not_ok, skip };

struct node {
  std::string name;  // already a test name
  bool is_fact = false;
  result res = result::ok;
  std::string skip_reason;
  std::vector<std::string> diagnostics;  // written before the result line
  std::vector<node> children;
};

node named(std::string name) {
  node n;
  n.name = std::move(name);
  return n;
}

// A level whose children are looked up by name as they are added.
struct level {
  node* parent;
  std::map<std::string, std::size_t> index;

  node& child(const std::string& name) {
    auto [it, added] = index.try_emplace(name, parent->children.size());
    if (added) parent->children.push_back(named(name));
    return parent->children[it->second];
  }
};

// The second-level group of a fact that belongs to no variant.
std::string group_of(const std::string& variant) {
  if (variant == "*") return "all";
  if (variant.size() > 2 && variant.ends_with("-*")) return variant.substr(0, variant.size() - 2);
  return variant;
}

node fact_node(const fact& f) {
  node n = named(test_name(f.id));
  n.is_fact = true;
  switch (f.status) {
    case fact_status::pass:
      n.res = result::ok;
      break;
    case fact_status::info:
      n.res = result::ok;
      n.diagnostics.push_back("value: " + escape_text(f.value));
      break;
    case fact_status::skip:
      n.res = result::skip;
      n.skip_reason = escape_text(f.reason);
      break;
    case fact_status::fail:
      n.res = result::not_ok;
      n.diagnostics.push_back("value: " + escape_text(f.value));
      n.diagnostics.push_back("expect: " + escape_text(f.expect));
      if (!f.reason.empty()) n.diagnostics.push_back("reason: " + escape_text(f.reason));
      break;
  }
  return n;
}

// A parent's result from its children: not ok if one is, skipped if all are.
void settle(node& n) {
  if (n.is_fact || n.children.empty()) return;
  bool all_skipped = true;
  n.res = result::ok;
  for (node& c : n.children) {
    settle(c);
    if (c.res == result::not_ok) n.res = result::not_ok;
    if (c.res != result::skip) all_skipped = false;
  }
  if (n.res == result::ok && all_skipped) {
    n.res = result::skip;
    n.skip_reason = "all " + std::to_string(n.children.size()) + " subtests skipped";
  }
}

void write_node(const node& n, std::size_t number, const std::string& indent, output& out) {
  if (!n.children.empty()) {
    std::string inner = indent + "  ";
    out.text += inner + "KTAP version 1\n";
    out.text += inner + "1.." + std::to_string(n.children.size()) + "\n";
    for (std::size_t i = 0; i < n.children.size(); ++i) write_node(n.children[i], i + 1, inner, out);
  }
  for (const std::string& d : n.diagnostics) out.text += indent + "# " + d + "\n";
  out.text += indent + (n.res == result::not_ok ? "not ok " : "ok ") + std::to_string(number) +
              " " + n.name;
  if (n.res == result::skip) {
    out.text += " # SKIP";
    if (!n.skip_reason.empty()) out.text += " " + n.skip_reason;
  }
  out.text += "\n";
  if (n.is_fact) {
    if (n.res == result::ok) ++out.facts.ok;
    if (n.res == result::not_ok) ++out.facts.not_ok;
    if (n.res == result::skip) ++out.facts.skip;
  }
}

}  // namespace

std::string test_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool escape = !name_char(c) || (c == '_' && i + 1 < s.size() && s[i + 1] == 'X');
    if (escape) {
      out += "_X";
      out += upper_hex[c >> 4];
      out += upper_hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += upper_hex[c >> 4];
      out += upper_hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

output write(const input& in) {
  node root;
  level top{&root, {}};
  std::map<std::string, const variant*> variants;  // by name
  std::map<std::string, const variant*> by_test_name;
  for (const variant& v : in.variants) {
    if (!variants.emplace(v.name, &v).second)
      throw std::invalid_argument("variant listed twice: " + v.name);
    by_test_name.emplace(test_name(v.name), &v);
    top.child(test_name(v.name));
  }

  // Children of each top-level entry, then of each probe/group, by name.
  std::map<std::string, level> second;
  std::map<std::pair<std::string, std::string>, level> third;
  for (const fact& f : in.facts) {
    auto dot = f.id.find('.');
    if (dot == std::string::npos || dot == 0)
      throw std::invalid_argument("fact id without a probe prefix: " + f.id);
    bool of_variant = variants.count(f.variant) != 0;
    std::string first = test_name(of_variant ? f.variant : f.id.substr(0, dot));
    std::string middle = test_name(of_variant ? f.id.substr(0, dot) : group_of(f.variant));
    if (!of_variant && by_test_name.count(first))
      throw std::invalid_argument("a fact prefix and a variant share a name: " + first);
    // The parent pointers are set again before each use: a vector of
    // children may have moved its nodes since.
    node& a = top.child(first);
    auto& l2 = second.try_emplace(first, level{&a, {}}).first->second;
    l2.parent = &a;
    node& b = l2.child(middle);
    auto& l3 = third.try_emplace({first, middle}, level{&b, {}}).first->second;
    l3.parent = &b;
    std::size_t before = b.children.size();
    node& leaf = l3.child(test_name(f.id));
    if (b.children.size() == before)
      throw std::invalid_argument("fact listed twice: " + f.id + " in " + f.variant);
    leaf = fact_node(f);
  }

  for (node& n : root.children) {
    settle(n);
    auto found = by_test_name.find(n.name);
    if (found == by_test_name.end()) continue;  // a prefix's entry
    const variant* var = found->second;
    if (var->status == variant_status::failed) {
      n.res = result::not_ok;
      n.diagnostics.push_back("reason: " + escape_text(var->reason.empty() ? "the variant did not finish"
                                                                          : var->reason));
    } else if (var->status == variant_status::skipped && n.res != result::not_ok) {
      n.res = result::skip;
      n.skip_reason = escape_text(var->reason);
    } else if (!var->reason.empty()) {
      n.diagnostics.push_back("reason: " + escape_text(var->reason));
    }
  }

  output out;
  out.text = "KTAP version 1\n1.." + std::to_string(root.children.size()) + "\n";
  for (std::size_t i = 0; i < root.children.size(); ++i) write_node(root.children[i], i + 1, "", out);
  bool failed = false, all_skipped = true;
  for (const node& n : root.children) {
    if (n.res == result::not_ok) failed = true;
    if (n.res != result::skip) all_skipped = false;
  }
  out.exit_status = failed ? 1 : all_skipped ? 4 : 0;
  return out;
}

}  // namespace sysabi::host::ktap

namespace sysabi::host {

// The adapter of docs/kernel-ci.md ("From the host"): the typed report
// copied field by field into the writer's plain input, values and
// expectations as their JSON text.
ktap::output report_ktap(const report& r) {
  ktap::input in;
  for (const variant_record& v : r.variants) {
    in.variants.push_back({v.name,
                           v.status == variant_status::ran       ? ktap::variant_status::ran
                           : v.status == variant_status::skipped ? ktap::variant_status::skipped
                                                                 : ktap::variant_status::failed,
                           v.reason});
  }
  for (const fact& f : r.facts) {
    in.facts.push_back({f.id, f.variant, f.value.dump(), f.expect.dump(),
                        f.status == fact_status::pass   ? ktap::fact_status::pass
                        : f.status == fact_status::fail ? ktap::fact_status::fail
                        : f.status == fact_status::skip ? ktap::fact_status::skip
                                                        : ktap::fact_status::info,
                        f.reason.value_or("")});
  }
  return ktap::write(in);
}

}  // namespace sysabi::host
