// cli/src/vm/console_protocol.cpp - reads the VM's serial console back into
// what sysabi-vm-init said (sysabi/host/vm_console.hpp has the protocol).
#include <charconv>

#include "sysabi/host/vm_console.hpp"

namespace sysabi::host::vm_console {

namespace {

// The next space-separated word of `s`, removed from it.
std::string_view take_word(std::string_view& s) {
  auto space = s.find(' ');
  std::string_view w = s.substr(0, space);
  s = space == std::string_view::npos ? std::string_view{} : s.substr(space + 1);
  return w;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

void parser::open(std::string_view variant) {
  close_current();
  current_ = std::string(variant);
  parsers_[current_] = std::make_unique<probe_output_parser>(current_);
}

void parser::close_current() {
  if (current_.empty()) return;
  parsers_[current_]->finish();
  current_.clear();
}

void parser::marked(std::string_view rest) {
  t_.init_spoke = true;
  const std::string_view what = take_word(rest);
  if (what == word_uname) {
    auto a = rest.find(uname_separator), b = rest.rfind(uname_separator);
    if (a == std::string_view::npos || a == b) return;  // cut short: not a uname
    t_.kernel_release = std::string(rest.substr(0, a));
    t_.kernel_version = std::string(rest.substr(a + 1, b - a - 1));
    t_.machine = std::string(rest.substr(b + 1));
  } else if (what == word_cpuinfo) {
    t_.cpu_flags_line = std::string(rest);
  } else if (what == word_cpumodel) {
    t_.cpu_model_line = std::string(rest);
  } else if (what == word_cmdline) {
    t_.cmdline = std::string(rest);
  } else if (what == word_begin) {
    if (!rest.empty()) open(take_word(rest));
  } else if (what == word_refused) {
    std::string variant(take_word(rest));
    if (auto err = to_int(take_word(rest)); err && !variant.empty()) t_.refused[variant] = *err;
  } else if (what == word_end) {
    std::string variant(take_word(rest));
    auto status = to_int(take_word(rest));
    if (variant.empty() || !status) return;  // no status: the variant did not finish
    if (variant == current_) close_current();
    t_.wait_statuses[variant] = *status;
  } else if (what == word_done) {
    close_current();
    t_.done = true;
  }
}

void parser::line(std::string_view l) {
  while (!l.empty() && (l.back() == '\r' || l.back() == '\n')) l.remove_suffix(1);
  if (t_.panic_line.empty() && l.find(kernel_panic) != std::string_view::npos)
    t_.panic_line = std::string(l);
  // The firmware's terminal escapes can share the first line with ours.
  if (auto at = l.find(marker); at != std::string_view::npos) {
    marked(l.substr(at + marker.size()));
    return;
  }
  if (!current_.empty() && l.starts_with("{"))
    parsers_[current_]->line(l);
  else if (!l.empty())
    t_.last_kernel_line = std::string(l);
}

transcript parser::finish() {
  close_current();
  for (auto& [variant, p] : parsers_) t_.outputs[variant] = p->take();
  parsers_.clear();
  return std::move(t_);
}

transcript parse(std::string_view text) {
  parser p;
  while (!text.empty()) {
    auto nl = text.find('\n');
    p.line(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return p.finish();
}

}  // namespace sysabi::host::vm_console
