// cli/src/asm.cpp - `sysabi asm`: the raw layer's stubs and the nolibc
// probe's own assembly, disassembled and annotated line by line.
//
// The annotations come from following values through the function
// (trace.hpp) and reading them against the convention table (abi.hpp): a
// register is "argument 2" because the trace finds its value in the table's
// second argument register at the trap, the number is named from the arch's
// syscall table, the error test is the compare that reads the trap's result
// against -4096.  Nothing is keyed on a particular compiler's output.
#include "sysabi/host/asm.hpp"

#include <fmt/format.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/value_trace.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

bool contains(const std::vector<std::string_view>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string show_constant(const syscall_convention& conv, std::int64_t v) {
  v = as_signed(conv, v);
  return v >= -4096 && v <= 4096 ? std::to_string(v) : fmt::format("{:#x}", v);
}

// The values an errno test compares the result with: "above -4096 unsigned"
// is spelled with any of these, depending on the compiler and the arch.
bool errno_boundary(const syscall_convention& conv, std::int64_t v) {
  v = as_signed(conv, v);
  return v == -4096 || v == -4095 || v == 4095 || v == 4096;
}

}  // namespace

std::vector<std::vector<std::string>> annotate(const std::string& function,
                                               const std::vector<instruction>& code,
                                               const syscall_convention& conv,
                                               const syscall_table* names) {
  using flow = instruction::flow;
  const int n = static_cast<int>(code.size());
  std::vector<std::vector<std::string>> notes(code.size());
  auto add = [&](int i, const std::string& s) {
    if (i < 0 || i >= n) return;
    auto& v = notes[static_cast<std::size_t>(i)];
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  const auto tr = follow(code, conv);
  const std::string sp(conv.calls.stack_pointer), fp(conv.calls.frame_pointer),
      lr(conv.calls.link_register), result(conv.result);
  const bool is_jmp = function.find("jmp") != std::string::npos;
  const std::string buffer = is_jmp ? "the jmp_buf" : "the memory argument 1 points to";

  // A value's story up to a register at a trap or call: the last mover gets
  // "reg = role", earlier movers (stack slots, an exchange) "role, on its way".
  auto tell = [&](const traced_value& v, const std::string& reg, const std::string& role, int since,
                  int at, const char* where) {
    if (v.call_clobbered || v.trap_clobbered || v.trap_result) return;
    std::vector<int> steps;
    for (int k : v.via)
      if (k > since && k < at) steps.push_back(k);
    if (v.origin > since && v.origin < at &&
        std::find(steps.begin(), steps.end(), v.origin) == steps.end())
      steps.insert(steps.begin(), v.origin);
    for (std::size_t s = 0; s < steps.size(); ++s) {
      if (s + 1 == steps.size())
        add(steps[s], fmt::format("{} = {}", reg, role));
      else
        add(steps[s], fmt::format("{}, on its way to {} at the {}", role, reg, where));
    }
  };

  // A value the trap consumes, not one the function keeps using: nothing
  // reads the register between its last write and the trap, and nothing
  // reads it after the trap before writing it (clang's riscv64 getpid
  // computes -4095 into a1 before the ecall and tests the result with it).
  auto passed_to_trap = [&](const std::string& reg, int writer, int trap) {
    auto reads = [&](int k) {
      const auto& r = code[static_cast<std::size_t>(k)].reads;
      return std::find(r.begin(), r.end(), reg) != r.end();
    };
    auto writes = [&](int k) {
      for (const auto& e : code[static_cast<std::size_t>(k)].effects)
        if (e.dst == reg && e.what != effect::kind::store && e.what != effect::kind::store_const)
          return true;
      return false;
    };
    for (int k = writer + 1; k < trap; ++k)
      if (reads(k) && !writes(k)) return false;
    if (reg == result) return true;
    for (int k = trap + 1; k < n; ++k) {
      // An exchange moves the value out of the way (i386 puts ebx back).
      for (const auto& e : code[static_cast<std::size_t>(k)].effects)
        if (e.what == effect::kind::swap && (e.dst == reg || e.src == reg)) return true;
      if (reads(k)) return false;
      if (writes(k) || code[static_cast<std::size_t>(k)].control != instruction::flow::next) break;
    }
    return true;
  };
  int since = -1;             // the last trap or call: values before it are spent
  int errno_test = -1;        // the compare that tells -errno from a result
  std::set<int> aligned;      // instructions that rounded a value down to 16
  for (int i = 0; i < n; ++i) {
    const auto& in = code[static_cast<std::size_t>(i)];
    const auto& st = tr.before[static_cast<std::size_t>(i)];
    if (in.data) {
      add(i, "data (a literal pool), not an instruction");
      continue;
    }
    auto reads_result = [&] {
      for (const auto& r : in.registers)
        if (st.get(r).trap_result) return true;
      return false;
    };

    // --- the trap ---
    if (in.control == flow::trap) {
      add(i, fmt::format("trap: {}", conv.trap_effect));
      auto nr = st.get(std::string(conv.number));
      if (nr.constant()) {
        std::int64_t v = as_signed(conv, nr.value);
        std::string name = names ? names->name(static_cast<long>(v)) : "";
        add(i, fmt::format("system call {}{}", v, name.empty() ? "" : " = " + name));
      }
      for (const auto& c : conv.clobbered)
        add(i, fmt::format("clobbers {}: {}", c.reg, c.why));
      add(i, fmt::format("{} = the result, or -errno in [{}, {}]", result, conv.error_min,
                         conv.error_max));
      std::string role = "the number";
      if (nr.constant()) {
        std::int64_t v = as_signed(conv, nr.value);
        std::string name = names ? names->name(static_cast<long>(v)) : "";
        role += fmt::format(", {}{}", v, name.empty() ? "" : " (" + name + ")");
      }
      tell(nr, std::string(conv.number), role, since, i, "trap");
      // Argument k only while arguments 1..k are all in place: written here,
      // or still the function's own argument.  The disassembly cannot tell
      // how many the call takes; a register after a gap is something else
      // (i386's ebp, the frame pointer, is not argument 6 of close).
      for (std::size_t k = 0; k < conv.arguments.size(); ++k) {
        std::string reg(conv.arguments[k]);
        auto v = st.get(reg);
        bool written = v.writer > since && !v.call_clobbered && !v.trap_clobbered && !v.trap_result;
        if (!written && !(v.entry_argument && v.origin < 0)) break;
        if (written && !(passed_to_trap(reg, v.writer, i))) break;
        std::string r = fmt::format("argument {}", k + 1);
        if (v.constant()) r += fmt::format(", {}", show_constant(conv, v.value));
        if (v.entry_argument) r += fmt::format(" (the function's argument {})", v.entry_argument);
        tell(v, reg, r, since, i, "trap");
      }
      since = i;
      errno_test = -1;
      continue;
    }

    // --- after a trap: telling an error from a result ---
    if (reads_result()) {
      bool boundary = false;
      for (auto v : in.immediates) boundary |= errno_boundary(conv, v);
      for (const auto& r : in.registers) {
        auto v = st.get(r);
        boundary |= v.constant() && errno_boundary(conv, v.value);
      }
      const std::string& m = in.mnemonic;
      if (boundary) {
        add(i, fmt::format("errno decode: {} in [-4095, -1] (unsigned: above -4096) is -errno", result));
        errno_test = i;
        if (in.control == flow::branch) errno_test = -1;
      } else if (m.rfind("neg", 0) == 0 || m == "csneg" || m.rfind("rsb", 0) == 0) {
        add(i, fmt::format("errno = -{}", result));
      }
    }
    if (errno_test >= 0 && i > errno_test && in.control == flow::branch) {
      add(i, "branch on the errno test above");
      errno_test = -1;
    }
    for (const auto& e : in.effects)
      if (e.what == effect::kind::set_const && e.dst == result && as_signed(conv, e.constant) == -1 &&
          since >= 0 && st.get(result).what != traced_value::kind::constant)
        add(i, fmt::format("{} = -1: the failure return; the error is in errno", result));

    // --- calls and jumps ---
    if (in.control == flow::call) {
      std::string name = in.target_name.empty() ? "" : in.target_name;
      add(i, name.empty() ? "call" : "call " + name);
      for (std::size_t k = 0; k < conv.calls.arguments.size(); ++k) {
        std::string reg(conv.calls.arguments[k]);
        auto v = st.get(reg);
        if (v.writer <= since || v.writer >= i || v.call_clobbered || v.trap_clobbered) break;
        // A value also in another register was a temporary on its way
        // there (arm _start's r1, bound for sp), not an argument.
        bool temporary = false;
        for (const auto& [r2, v2] : st.registers)
          temporary |= r2 != reg && v.origin >= 0 && v2.origin == v.origin;
        if (temporary) break;
        std::string role = fmt::format("argument {}{}", k + 1, name.empty() ? "" : " of " + name);
        if (function == "_start" && v.what == traced_value::kind::stack && v.value == 0)
          role += " (the entry stack pointer: argc, then argv[], envp[], the auxiliary vector)";
        tell(v, reg, role, since, i, "call");
      }
      if (conv.calls.arguments.empty()) {
        // i386: argument 1 is the word at the stack pointer.
        auto spv = st.get(sp);
        if (spv.what == traced_value::kind::stack)
          if (auto it = st.stack.find(spv.value); it != st.stack.end() && !it->second.via.empty() &&
                                                  it->second.via.back() > since) {
            std::string role = fmt::format("argument 1{} (on the stack: cdecl)", name.empty() ? "" : " of " + name);
            if (function == "_start" && it->second.what == traced_value::kind::stack &&
                it->second.value == 0)
              role += ", the entry stack pointer: argc, then argv[], envp[], the auxiliary vector";
            add(it->second.via.back(), role);
          }
      }
      since = i;
    } else if (in.control == flow::jump) {
      bool outside = !in.target_name.empty() && in.target_name.find('+') == std::string::npos &&
                     in.target_name != function;
      bool via_buffer = false;
      for (const auto& r : in.registers) {
        auto v = st.get(r);
        via_buffer |= (v.entry_argument && v.origin < 0) || v.loaded_from_argument;
      }
      if (outside)
        add(i, "tail call " + in.target_name);
      else if (!in.target && via_buffer)
        add(i, fmt::format("jump to the address saved in {}: {}", buffer,
                           is_jmp ? "setjmp returns a second time" : "an indirect jump"));
    } else if (in.control == flow::ret) {
      if (!lr.empty() && st.get(lr).loaded_from_argument)
        add(i, fmt::format("return to the address saved in {}{}", buffer,
                           is_jmp ? ": setjmp returns a second time" : ""));
    } else if (in.control == flow::stop) {
      add(i, "traps if ever reached: the call before it never returns");
    }
    if (!in.relocation.empty() && in.control == flow::next)
      add(i, "refers to " + in.relocation);

    // --- what the effects do to the frame, the stack, a jmp_buf ---
    std::vector<std::string> saved, restored;
    for (const auto& e : in.effects) {
      using k = effect::kind;
      if (e.what == k::store) {
        auto base = st.get(e.dst), v = st.get(e.src);
        bool to_buffer = base.entry_argument && base.origin < 0;
        if (base.what == traced_value::kind::stack && v.entry_register == e.src &&
            (contains(conv.calls.callee_saved, e.src) || e.src == lr))
          saved.push_back(e.src);
        if (to_buffer) {
          std::string what = v.entry_register == "return address" ? "the return address"
                             : v.entry_register == lr && !lr.empty()
                                 ? "the return address (" + lr + ")"
                             : v.what == traced_value::kind::stack
                                 ? (v.value == 0 ? std::string("the caller's stack pointer (as at entry)")
                                                 : fmt::format("the caller's stack pointer (entry {} + {}: "
                                                               "above the return address)",
                                                               sp, v.value))
                             : contains(conv.calls.callee_saved, v.entry_register)
                                 ? "callee-saved " + v.entry_register
                                 : "";
          if (!what.empty()) add(i, fmt::format("save {} at {} + {:#x}", what, buffer, e.value));
        }
      } else if (e.what == k::load) {
        auto base = st.get(e.src);
        bool from_buffer = base.entry_argument && base.origin < 0;
        if (from_buffer) {
          std::string what = e.dst == sp ? "the stack pointer"
                             : e.dst == lr && !lr.empty() ? "the return address (" + lr + ")"
                             : contains(conv.calls.callee_saved, e.dst) ? "callee-saved " + e.dst
                                                                       : "";
          if (!what.empty()) add(i, fmt::format("restore {} from {} + {:#x}", what, buffer, e.value));
        } else if (base.what == traced_value::kind::stack) {
          auto it = st.stack.find(base.value + e.value);
          if (it != st.stack.end() && it->second.entry_register == e.dst &&
              (contains(conv.calls.callee_saved, e.dst) || e.dst == lr))
            restored.push_back(e.dst);
        }
      } else if (e.what == k::set_const && e.constant == 0 && (e.dst == fp || e.dst == lr) &&
                 function == "_start") {
        add(i, e.dst == fp ? fmt::format("frame pointer ({}) = 0: the outermost frame, where "
                                         "backtraces stop",
                                         fp)
                           : fmt::format("return address ({}) = 0: there is nowhere to return to",
                                         lr));
      } else if (e.what == k::set_const && e.constant == 0 && function == "_start" &&
                 conv.arch == "arm" && e.dst == "r7") {
        add(i, "r7 = 0: the frame pointer of Thumb code, likewise");
      } else if (e.dst == "gp" && function == "_start" && conv.arch == "riscv64") {
        add(i, "gp = __global_pointer$ (psABI: before any gp-relative access the linker relaxed code into)");
      } else if (e.what == k::set_const && e.constant == 0 && e.dst == result &&
                 function.ends_with("setjmp")) {
        add(i, fmt::format("{} = 0: the direct return (a longjmp returns here again, nonzero)", result));
      } else if ((e.what == k::copy || e.what == k::address) && e.dst == fp &&
                 st.get(e.src).what == traced_value::kind::stack && function != "_start") {
        add(i, fmt::format("frame pointer ({}) = the stack pointer: this function's frame", fp));
      } else if ((e.what == k::copy || e.what == k::swap) && since >= 0 &&
                 st.get(e.src).entry_register == e.dst && e.dst != sp) {
        add(i, fmt::format("{} back to its value before the trap{}", e.dst,
                           e.dst == "ebx"                       ? " (the GOT pointer in PIC code)"
                           : e.dst == "r7" && conv.arch == "arm" ? " (the frame pointer in Thumb code)"
                                                                 : ""));
      } else if (e.what == k::copy && e.dst == sp) {
        auto v = st.get(e.src);
        for (int k2 : v.via)
          if (aligned.count(k2)) add(i, "stack pointer = the aligned value");
      }
    }
    if (!saved.empty()) {
      std::string s;
      for (const auto& r : saved) s += (s.empty() ? "" : " ") + r;
      add(i, fmt::format("save {} (callee-saved: the caller expects {} back)", s,
                         saved.size() == 1 ? "it" : "them"));
    }
    if (!restored.empty()) {
      std::string s;
      for (const auto& r : restored) s += (s.empty() ? "" : " ") + r;
      add(i, fmt::format("restore {} as the caller had {}", s, restored.size() == 1 ? "it" : "them"));
    }

    // Rounding down to 16: _start's stack alignment.
    const std::string& m = in.mnemonic;
    bool rounds = false;
    if (m.rfind("and", 0) == 0)
      for (auto v : in.immediates) rounds |= as_signed(conv, v) == -16;
    if (m.rfind("bic", 0) == 0)
      for (auto v : in.immediates) rounds |= v == 15;
    if (rounds) {
      aligned.insert(i);
      bool to_sp = !in.registers.empty() && in.registers.front() == sp;
      if (conv.arch == "x86_64" || conv.arch == "i386") to_sp = !in.registers.empty() && in.registers.back() == sp;
      add(i, fmt::format("round down to a multiple of 16{}",
                         to_sp ? ": the stack alignment the psABI requires at a call" : ""));
    }
  }
  return notes;
}

std::string render_listing(const disassembly& d, const std::vector<std::vector<std::string>>& notes,
                           const syscall_convention& conv) {
  const char* comment = conv.arch == "aarch64" ? "//" : conv.arch == "arm" ? "@" : "#";
  std::size_t bytes_w = 0, text_w = 0;
  std::uint64_t last = 0;
  for (const auto& in : d.instructions) {
    bytes_w = std::max(bytes_w, std::min<std::size_t>(in.bytes.size(), 8) * 3);
    text_w = std::max(text_w, 8 + in.operands.size());
    last = in.address;
  }
  text_w = std::min<std::size_t>(std::max<std::size_t>(text_w, 24), 40);
  const std::size_t addr_w = fmt::format("{:x}", last).size();
  std::string out;
  for (std::size_t i = 0; i < d.instructions.size(); ++i) {
    const auto& in = d.instructions[i];
    std::string bytes;
    for (std::size_t b = 0; b < in.bytes.size() && b < 8; ++b)
      bytes += fmt::format("{:02x} ", in.bytes[b]);
    std::string text = fmt::format("{:<7} {}", in.mnemonic, in.operands);
    std::string line = fmt::format("  {:>{}x}:  {:<{}} {:<{}}", in.address, addr_w, bytes, bytes_w,
                                   text, text_w);
    const auto& ns = notes[i];
    if (ns.empty()) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
      continue;
    }
    out += fmt::format("{}  {} {}\n", line, comment, ns[0]);
    for (std::size_t k = 1; k < ns.size(); ++k)
      out += fmt::format("{:<{}}  {} {}\n", "", line.size(), comment, ns[k]);
  }
  return out;
}

namespace {

// The probe's functions worth asking for by name (any other symbol works too).
constexpr const char* probe_highlights[] = {
    "_start",          "sysabi_start_c",  "sysabi_setjmp",     "sysabi_longjmp",
    "sysabi_sigsetjmp", "sysabi_siglongjmp", "sysabi_restore_rt", "sysabi_cc_trap",
    "memcpy",          "memmove",         "memset",            "memcmp",
    "strlen"};

std::string stub_names(const elf_image& stubs) {
  std::vector<std::string> v;
  for (const auto& f : stubs.functions())
    if (f.name.rfind("sysabi_stub_", 0) == 0) v.push_back(f.name.substr(12));
  std::sort(v.begin(), v.end());
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string probe_names(const elf_image* probe) {
  std::string s;
  if (!probe) return s;
  for (const char* h : probe_highlights)
    if (probe->find(h)) s += fmt::format("{}{}", s.empty() ? "" : ", ", h);
  return s;
}

}  // namespace

int cmd_asm(const asm_options& o) {
  std::string arch = o.arch;
  if (arch.empty()) {
    struct utsname u {};
    ::uname(&u);
    arch = u.machine;
  }
  const syscall_convention* conv = find_convention(arch);
  if (!conv) throw usage_error(fmt::format("unknown arch '{}' (known: {})", arch, known_arches()));

  if (!o.object.empty()) {
    if (o.what.empty()) throw usage_error("--object needs a SYMBOL to disassemble");
    elf_image image(o.object);
    const elf_function* f = image.find(o.what);
    if (!f) f = image.find("sysabi_stub_" + o.what);
    if (!f) {
      std::string known;
      for (const auto& fn : image.functions()) known += (known.empty() ? "" : ", ") + fn.name;
      throw usage_error(fmt::format("unknown symbol '{}' in {} (known: {})", o.what, o.object, known));
    }
    std::optional<syscall_table> table;
    try {
      auto targets = load_arch_targets(find_libexec_dir());
      table = read_syscall_table(arch, built_target(targets, arch).syscalls);
    } catch (const usage_error&) {
      // Numbers stay unnamed without the build's tables.
    }
    auto d = disassemble(image, *f, *conv);
    auto notes = annotate(f->name, d.instructions, *conv, table ? &*table : nullptr);
    std::printf("%s - %s, from %s, decoded by %s\n\n", f->name.c_str(), arch.c_str(),
                o.object.c_str(), d.decoder.c_str());
    std::fputs(render_listing(d, notes, *conv).c_str(), stdout);
    return 0;
  }

  fs::path libexec = find_libexec_dir();
  auto targets = load_arch_targets(libexec);
  const arch_target& t = built_target(targets, arch);
  elf_image stubs(t.stubs);
  syscall_table table = read_syscall_table(arch, t.syscalls);
  fs::path probe_path = libexec / (arch + "-nolibc-static") / "sysabi-probe";
  std::optional<elf_image> probe;
  if (fs::exists(probe_path)) probe.emplace(probe_path);

  if (o.what.empty()) {
    std::printf("sysabi asm --arch %s NAME, where NAME is\n", arch.c_str());
    std::printf("  a raw wrapper (cli/targets/stubs.cpp, %s -Os):\n    %s\n", t.compiler.c_str(),
                stub_names(stubs).c_str());
    if (probe)
      std::printf("  a function of the nolibc probe (%s):\n    %s\n    or any other of its symbols\n",
                  probe_path.c_str(), probe_names(&*probe).c_str());
    else
      std::printf("  (the %s-nolibc-static probe is not built: no _start, setjmp, ... to show)\n",
                  arch.c_str());
    return 0;
  }

  const elf_image* image = &stubs;
  const elf_function* f = stubs.find("sysabi_stub_" + o.what);
  std::string origin = fmt::format("cli/targets/stubs.cpp as {} -Os compiles it for the probes", t.compiler);
  if (!f && o.what.rfind("sysabi_", 0) == 0) f = stubs.find(o.what);
  if (!f && probe) {
    f = probe->find(o.what);
    image = &*probe;
    origin = fmt::format("the {}-nolibc-static probe", arch);
  }
  if (!f) {
    std::string known = stub_names(stubs);
    if (probe) known += ", " + probe_names(&*probe);
    if (auto nr = table.number(o.what))
      throw usage_error(fmt::format(
          "no stub for system call '{}' ({} on {}): the raw layer has no wrapper for it (known: {})",
          o.what, *nr, arch, known));
    throw usage_error(fmt::format("unknown symbol or syscall '{}' (known: {})", o.what, known));
  }
  auto d = disassemble(*image, *f, *conv);
  auto notes = annotate(f->name, d.instructions, *conv, &table);
  std::printf("%s - %s, %s\nfrom %s, decoded by %s\n\n", f->name.c_str(), arch.c_str(),
              origin.c_str(), image->path().c_str(), d.decoder.c_str());
  std::fputs(render_listing(d, notes, *conv).c_str(), stdout);
  return 0;
}

}  // namespace sysabi::host
