// cli/src/abi/abi.cpp - `sysabi abi`: the convention table as text, JSON or
// Markdown, and --check, which holds it to the raw layer as compiled.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/utsname.h>

#include <cstdio>

#include "sysabi/host/abi.hpp"
#include "sysabi/host/disasm.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/syscalls.hpp"
#include "sysabi/host/dataflow.hpp"

namespace sysabi::host {

namespace {

std::string clobber_text(const syscall_convention& c) {
  if (c.clobbered.empty()) return fmt::format("none besides {}, which carries the result", c.result);
  std::string s;
  for (const auto& k : c.clobbered) s += fmt::format("{}{} ({})", s.empty() ? "" : "; ", k.reg, k.why);
  return s;
}

std::string function_call_text(const syscall_convention& c) {
  std::string args = c.calls.arguments.empty() ? std::string(c.calls.stack_arguments)
                                               : fmt::format("{}", fmt::join(c.calls.arguments, " "));
  return fmt::format("arguments {}; callee-saved {}", args, fmt::join(c.calls.callee_saved, " "));
}

// Text wrapped at `width` columns, continuation lines indented by `indent`.
std::string wrap(std::string_view text, std::size_t first, std::size_t indent,
                 std::size_t width = 100) {
  std::string out, line;
  std::size_t limit = width - first;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > limit) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
      limit = width - indent;
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  return out + line;
}

// How the kernel says "failed": a flag beside the result (ppc64le's
// cr0.SO), a register (mips' a3), or -errno in the result itself.
std::string errors_text(const syscall_convention& c) {
  if (!c.error_flag_reg.empty())
    return fmt::format("{} != 0: {} holds the errno, {}..{}", c.error_flag_reg, c.result,
                       c.error_min, c.error_max);
  if (!c.error_flag.empty())
    return fmt::format("{} set: {} is a positive errno (the raw layer returns -errno, {}..{})",
                       c.error_flag, c.result, c.error_min, c.error_max);
  return fmt::format("{}..{} in {} is -errno", c.error_min, c.error_max, c.result);
}

// The rows every format shows, in order.
std::vector<std::pair<std::string, std::string>> rows(const syscall_convention& c) {
  return {
      {"trap instruction", std::string(c.trap)},
      {"number", std::string(c.number)},
      {"arguments", fmt::format("{}", fmt::join(c.arguments, " "))},
      {"return", std::string(c.result)},
      {"errors", errors_text(c)},
      {"clobbered", clobber_text(c)},
      {"max arguments", std::to_string(c.max_arguments)},
      {"numbers", std::string(c.numbers)},
      {"function calls", function_call_text(c)},
  };
}

}  // namespace

std::string render_abi_text(const std::vector<const syscall_convention*>& arches) {
  std::string out;
  for (const auto* c : arches) {
    if (!out.empty()) out += "\n";
    out += fmt::format("{}: the system-call convention\n", c->arch);
    for (const auto& [k, v] : rows(*c)) out += fmt::format("  {:<17} {}\n", k, wrap(v, 20, 20));
    out += "  notes\n";
    for (auto n : c->notes) out += fmt::format("    - {}\n", wrap(n, 6, 6));
    out += fmt::format("  sources           {}\n", wrap(fmt::format("{}", fmt::join(c->sources, "; ")), 20, 20));
  }
  return out;
}

std::string render_abi_json(const std::vector<const syscall_convention*>& arches) {
  ordered_json j;
  j["arches"] = ordered_json::array();
  auto list = [](const std::vector<std::string_view>& v) {
    ordered_json a = ordered_json::array();
    for (auto x : v) a.push_back(std::string(x));
    return a;
  };
  for (const auto* c : arches) {
    ordered_json a;
    a["arch"] = c->arch;
    a["trap"] = c->trap;
    a["trap_effect"] = c->trap_effect;
    a["number"] = c->number;
    a["arguments"] = list(c->arguments);
    a["result"] = c->result;
    a["clobbered"] = ordered_json::array();
    for (const auto& k : c->clobbered) a["clobbered"].push_back({{"register", k.reg}, {"why", k.why}});
    a["error_range"] = {c->error_min, c->error_max};
    if (!c->error_flag.empty()) a["error_flag"] = c->error_flag;
    if (!c->error_flag_reg.empty()) a["error_flag"] = c->error_flag_reg;
    a["max_arguments"] = c->max_arguments;
    a["numbers"] = c->numbers;
    a["notes"] = list(c->notes);
    a["sources"] = list(c->sources);
    a["function_calls"] = {{"arguments", list(c->calls.arguments)},
                           {"stack_arguments", c->calls.stack_arguments},
                           {"callee_saved", list(c->calls.callee_saved)},
                           {"caller_saved", list(c->calls.caller_saved)},
                           {"stack_pointer", c->calls.stack_pointer},
                           {"frame_pointer", c->calls.frame_pointer},
                           {"link_register", c->calls.link_register}};
    a["register_bytes"] = c->word_bytes;
    j["arches"].push_back(std::move(a));
  }
  return j.dump(2) + "\n";
}

std::string render_abi_markdown(const syscall_convention& c) {
  std::string out = fmt::format("## {}: the system-call convention\n\n| | |\n|---|---|\n", c.arch);
  for (const auto& [k, v] : rows(c)) {
    bool code = k == "trap instruction" || k == "number" || k == "arguments" || k == "return";
    out += fmt::format("| {} | {} |\n", k, code ? "`" + v + "`" : v);
  }
  out += "\n";
  for (auto n : c.notes) out += fmt::format("- {}\n", n);
  out += fmt::format("\nSources: {}.\n", fmt::join(c.sources, "; "));
  return out;
}

namespace {

// 0x111, 0x122, ... : the marker call(nr, ...) passes as argument k (1-based).
constexpr std::int64_t check_number = 0x7ab;
std::int64_t marker(int k) { return 0x100 + 0x11 * k; }

// Where each marker of sysabi_check_args0..6 is at the trap, against the table.
// Returns the problems (empty: the raw layer agrees).
std::vector<std::string> check_arch(const syscall_convention& c, const arch_target& t,
                                    std::string* decoder) {
  std::vector<std::string> problems;
  elf_image image(t.stubs);
  for (int n = 0; n <= c.max_arguments; ++n) {
    std::string fn = fmt::format("sysabi_check_args{}", n);
    const elf_function* f = image.find(fn);
    if (!f) {
      problems.push_back(fmt::format("{} is missing from {}", fn, t.stubs.string()));
      continue;
    }
    auto d = disassemble(image, *f, c);
    *decoder = d.decoder;
    auto tr = follow(d.instructions, c);
    int trap = -1;
    for (std::size_t i = 0; i < d.instructions.size(); ++i)
      if (d.instructions[i].control == instruction::flow::trap) {
        trap = static_cast<int>(i);
        break;
      }
    if (trap < 0) {
      problems.push_back(fmt::format("{}: no `{}` in it", fn, c.trap));
      continue;
    }
    const auto& st = tr.before[trap];
    auto where = [&](std::int64_t value) {
      std::string regs;
      for (const auto& [r, v] : st.registers)
        if (v.constant() && as_signed(c, v.value) == value) regs += (regs.empty() ? "" : " ") + r;
      return regs.empty() ? std::string("in no register the disassembly shows") : "in " + regs;
    };
    auto expect = [&](std::string_view reg, std::int64_t value, const std::string& what) {
      auto v = st.get(std::string(reg));
      if (!v.constant() || as_signed(c, v.value) != value)
        problems.push_back(fmt::format("{}: {} ({:#x}) is {} at the trap; the table says {}", fn,
                                       what, value, where(value), reg));
    };
    expect(c.number, check_number, "the number");
    for (int k = 1; k <= n; ++k)
      expect(c.arguments[static_cast<std::size_t>(k - 1)], marker(k), fmt::format("argument {}", k));
  }
  return problems;
}

}  // namespace

int cmd_abi(const abi_options& o) {
  if (o.format != "text" && o.format != "json" && o.format != "markdown")
    throw usage_error(fmt::format("unknown format '{}' (known: text, json, markdown)", o.format));
  std::vector<const syscall_convention*> arches;
  for (const auto& a : o.arches) {
    const auto* c = find_convention(a);
    if (!c) throw usage_error(fmt::format("unknown arch '{}' (known: {})", a, known_arches()));
    arches.push_back(c);
  }
  if (arches.empty())
    for (const auto& c : syscall_conventions()) arches.push_back(&c);

  if (o.check) {
    auto targets = load_arch_targets(find_libexec_dir());
    bool failed = false;
    for (const auto* c : arches) {
      const arch_target* t = nullptr;
      for (const auto& x : targets)
        if (x.arch == c->arch) t = &x;
      if (!t || !t->built()) {
        std::printf("%-8s skipped: not built: %s (install Debian package %s)\n",
                    std::string(c->arch).c_str(), t ? t->reason.c_str() : "no entry",
                    t ? t->package.c_str() : "?");
        continue;
      }
      std::string decoder;
      std::vector<std::string> problems;
      try {
        problems = check_arch(*c, *t, &decoder);
      } catch (const usage_error& e) {
        // A decoder missing here (riscv64 without llvm-objdump) is not a
        // disagreement.
        std::printf("%-8s skipped: %s\n", std::string(c->arch).c_str(), e.what());
        continue;
      }
      if (problems.empty()) {
        std::printf("%-8s agrees: number in %s, arguments in %s (sysabi_check_args0..%d, %s -Os, "
                    "read by %s)\n",
                    std::string(c->arch).c_str(), std::string(c->number).c_str(),
                    fmt::format("{}", fmt::join(c->arguments, " ")).c_str(), c->max_arguments, t->compiler.c_str(),
                    decoder.c_str());
      } else {
        failed = true;
        for (const auto& p : problems)
          std::printf("%-8s DISAGREES: %s\n", std::string(c->arch).c_str(), p.c_str());
      }
    }
    return failed ? 1 : 0;
  }

  if (o.format == "json") {
    std::fputs(render_abi_json(arches).c_str(), stdout);
  } else if (o.format == "markdown") {
    std::string out;
    for (const auto* c : arches) {
      if (!out.empty()) out += "\n";
      out += render_abi_markdown(*c);
    }
    std::fputs(out.c_str(), stdout);
  } else {
    std::fputs(render_abi_text(arches).c_str(), stdout);
  }
  return 0;
}

}  // namespace sysabi::host
