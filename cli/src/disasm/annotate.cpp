// cli/src/disasm/annotate.cpp - the notes `sysabi asm` prints beside each
// instruction (annotate() in sysabi/host/asm.hpp), made by named passes
// over the instructions and the data-flow pass's states (dataflow.hpp).
//
// A register is "argument 2" because the data-flow pass finds its value in
// the table's second argument register at the trap, the number is named
// from the arch's syscall table, the error test is the compare that reads
// the trap's result against -4096.  Nothing is keyed on a particular
// compiler's output.  Every pass adds to the notes of the instruction it
// looks at (or, telling a value's story, of the instructions that moved it).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sysabi/host/asm.hpp"
#include "sysabi/host/dataflow.hpp"

namespace sysabi::host {

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

std::string joined(const std::vector<std::string>& regs) {
  std::string s;
  for (const auto& r : regs) s += (s.empty() ? "" : " ") + r;
  return s;
}

constexpr const char* entry_stack =
    "the entry stack pointer: argc, then argv[], envp[], the auxiliary vector";

class annotator {
 public:
  annotator(const std::string& function, const std::vector<instruction>& code,
            const syscall_convention& conv, const syscall_table* names)
      : function_(function),
        code_(code),
        conv_(conv),
        names_(names),
        n_(static_cast<int>(code.size())),
        notes_(code.size()),
        flow_(follow(code, conv)),
        sp_(conv.calls.stack_pointer),
        fp_(conv.calls.frame_pointer),
        lr_(conv.calls.link_register),
        result_(conv.result),
        is_jmp_(function.find("jmp") != std::string::npos),
        buffer_(is_jmp_ ? "the jmp_buf" : "the memory argument 1 points to") {}

  std::vector<std::vector<std::string>> run();

 private:
  void add(int i, const std::string& s);
  void tell(const traced_value& v, const std::string& reg, const std::string& role, int at,
            const char* where);
  bool passed_to_trap(const std::string& reg, int writer, int trap) const;
  bool reads(int k, const std::string& reg) const;
  bool writes(int k, const std::string& reg) const;

  // The passes, in the order their notes appear on a line.
  void trap(int i, const machine_state& st);
  std::string syscall_name(const traced_value& nr) const;
  void trap_arguments(int i, const machine_state& st);
  void errno_decode(int i, const instruction& in, const machine_state& st);
  void failure_return(int i, const instruction& in, const machine_state& st);
  void call(int i, const instruction& in, const machine_state& st);
  void stack_argument(const machine_state& st, const std::string& name);
  void jump_return_stop(int i, const instruction& in, const machine_state& st);
  void frame_effects(int i, const instruction& in, const machine_state& st);
  void buffer_store(int i, const effect& e, const machine_state& st, std::vector<std::string>& saved);
  void buffer_load(int i, const effect& e, const machine_state& st, std::vector<std::string>& restored);
  bool entry_and_frame(int i, const effect& e, const machine_state& st);
  void stack_alignment(int i, const instruction& in);

  const std::string& function_;
  const std::vector<instruction>& code_;
  const syscall_convention& conv_;
  const syscall_table* names_;
  const int n_;
  std::vector<std::vector<std::string>> notes_;
  const function_trace flow_;
  const std::string sp_, fp_, lr_, result_;
  const bool is_jmp_;
  const std::string buffer_;

  int since_ = -1;        // the last trap or call: values before it are spent
  int errno_test_ = -1;   // the compare that tells -errno from a result
  std::set<int> aligned_;  // instructions that rounded a value down to 16
};

void annotator::add(int i, const std::string& s) {
  if (i < 0 || i >= n_) return;
  auto& v = notes_[static_cast<std::size_t>(i)];
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// A value's story up to a register at a trap or call: the last mover gets
// "reg = role", earlier movers (stack slots, an exchange) "role, on its way".
void annotator::tell(const traced_value& v, const std::string& reg, const std::string& role, int at,
                     const char* where) {
  if (v.call_clobbered || v.trap_clobbered || v.trap_result) return;
  std::vector<int> steps;
  for (int k : v.via)
    if (k > since_ && k < at) steps.push_back(k);
  if (v.origin > since_ && v.origin < at &&
      std::find(steps.begin(), steps.end(), v.origin) == steps.end())
    steps.insert(steps.begin(), v.origin);
  for (std::size_t s = 0; s < steps.size(); ++s) {
    if (s + 1 == steps.size())
      add(steps[s], fmt::format("{} = {}", reg, role));
    else
      add(steps[s], fmt::format("{}, on its way to {} at the {}", role, reg, where));
  }
}

bool annotator::reads(int k, const std::string& reg) const {
  const auto& r = code_[static_cast<std::size_t>(k)].reads;
  return std::find(r.begin(), r.end(), reg) != r.end();
}

bool annotator::writes(int k, const std::string& reg) const {
  for (const auto& e : code_[static_cast<std::size_t>(k)].effects)
    if (e.dst == reg && e.what != effect::kind::store && e.what != effect::kind::store_const)
      return true;
  return false;
}

// A value the trap consumes, not one the function keeps using: nothing
// reads the register between its last write and the trap, and nothing
// reads it after the trap before writing it (clang's riscv64 getpid
// computes -4095 into a1 before the ecall and tests the result with it).
bool annotator::passed_to_trap(const std::string& reg, int writer, int trap) const {
  for (int k = writer + 1; k < trap; ++k)
    if (reads(k, reg) && !writes(k, reg)) return false;
  if (reg == result_) return true;
  for (int k = trap + 1; k < n_; ++k) {
    // An exchange moves the value out of the way (i386 puts ebx back).
    for (const auto& e : code_[static_cast<std::size_t>(k)].effects)
      if (e.what == effect::kind::swap && (e.dst == reg || e.src == reg)) return true;
    if (reads(k, reg)) return false;
    if (writes(k, reg) || code_[static_cast<std::size_t>(k)].control != instruction::flow::next) break;
  }
  return true;
}

std::vector<std::vector<std::string>> annotator::run() {
  for (int i = 0; i < n_; ++i) {
    const auto& in = code_[static_cast<std::size_t>(i)];
    const auto& st = flow_.before[static_cast<std::size_t>(i)];
    if (in.data) {
      add(i, "data (a literal pool), not an instruction");
      continue;
    }
    if (in.control == instruction::flow::trap) {
      trap(i, st);
      continue;
    }
    errno_decode(i, in, st);
    failure_return(i, in, st);
    if (in.control == instruction::flow::call)
      call(i, in, st);
    else
      jump_return_stop(i, in, st);
    if (!in.relocation.empty() && in.control == instruction::flow::next)
      add(i, "refers to " + in.relocation);
    frame_effects(i, in, st);
    stack_alignment(i, in);
  }
  return std::move(notes_);
}

// --- the trap: its effect, the number named, the clobbers, the arguments -----

// "" or the number's name in the arch's table.
std::string annotator::syscall_name(const traced_value& nr) const {
  return names_ ? names_->name(static_cast<long>(as_signed(conv_, nr.value))) : "";
}

void annotator::trap(int i, const machine_state& st) {
  add(i, fmt::format("trap: {}", conv_.trap_effect));
  auto nr = st.get(std::string(conv_.number));
  const std::string name = nr.constant() ? syscall_name(nr) : "";
  const std::int64_t number = as_signed(conv_, nr.value);
  if (nr.constant()) add(i, fmt::format("system call {}{}", number, name.empty() ? "" : " = " + name));
  for (const auto& c : conv_.clobbered) add(i, fmt::format("clobbers {}: {}", c.reg, c.why));
  add(i, fmt::format("{} = the result, or -errno in [{}, {}]", result_, conv_.error_min, conv_.error_max));
  std::string role = "the number";
  if (nr.constant()) role += fmt::format(", {}{}", number, name.empty() ? "" : " (" + name + ")");
  tell(nr, std::string(conv_.number), role, i, "trap");
  trap_arguments(i, st);
  since_ = i;
  errno_test_ = -1;
}

// Argument k only while arguments 1..k are all in place: written here, or
// still the function's own argument.  The disassembly cannot tell how many
// the call takes; a register after a gap is something else (i386's ebp, the
// frame pointer, is not argument 6 of close).
void annotator::trap_arguments(int i, const machine_state& st) {
  for (std::size_t k = 0; k < conv_.arguments.size(); ++k) {
    std::string reg(conv_.arguments[k]);
    auto v = st.get(reg);
    bool written = v.writer > since_ && !v.call_clobbered && !v.trap_clobbered && !v.trap_result;
    if (!written && !(v.entry_argument && v.origin < 0)) break;
    if (written && !(passed_to_trap(reg, v.writer, i))) break;
    std::string r = fmt::format("argument {}", k + 1);
    if (v.constant()) r += fmt::format(", {}", show_constant(conv_, v.value));
    if (v.entry_argument) r += fmt::format(" (the function's argument {})", v.entry_argument);
    tell(v, reg, r, i, "trap");
  }
}

// --- after a trap: telling an error from a result ----------------------------

void annotator::errno_decode(int i, const instruction& in, const machine_state& st) {
  bool reads_result = false;
  for (const auto& r : in.registers) reads_result |= st.get(r).trap_result;
  if (reads_result) {
    bool boundary = false;
    for (auto v : in.immediates) boundary |= errno_boundary(conv_, v);
    for (const auto& r : in.registers) {
      auto v = st.get(r);
      boundary |= v.constant() && errno_boundary(conv_, v.value);
    }
    const std::string& m = in.mnemonic;
    if (boundary) {
      add(i, fmt::format("errno decode: {} in [-4095, -1] (unsigned: above -4096) is -errno", result_));
      errno_test_ = i;
      if (in.control == instruction::flow::branch) errno_test_ = -1;
    } else if (m.rfind("neg", 0) == 0 || m == "csneg" || m.rfind("rsb", 0) == 0) {
      add(i, fmt::format("errno = -{}", result_));
    }
  }
  if (errno_test_ >= 0 && i > errno_test_ && in.control == instruction::flow::branch) {
    add(i, "branch on the errno test above");
    errno_test_ = -1;
  }
}

void annotator::failure_return(int i, const instruction& in, const machine_state& st) {
  for (const auto& e : in.effects)
    if (e.what == effect::kind::set_const && e.dst == result_ && as_signed(conv_, e.constant) == -1 &&
        since_ >= 0 && st.get(result_).what != traced_value::kind::constant)
      add(i, fmt::format("{} = -1: the failure return; the error is in errno", result_));
}

// --- calls, jumps, returns -------------------------------------------------------

void annotator::call(int i, const instruction& in, const machine_state& st) {
  const std::string& name = in.target_name;
  add(i, name.empty() ? "call" : "call " + name);
  for (std::size_t k = 0; k < conv_.calls.arguments.size(); ++k) {
    std::string reg(conv_.calls.arguments[k]);
    auto v = st.get(reg);
    if (v.writer <= since_ || v.writer >= i || v.call_clobbered || v.trap_clobbered) break;
    // A value also in another register was a temporary on its way there
    // (arm _start's r1, bound for sp), not an argument.
    bool temporary = false;
    for (const auto& [r2, v2] : st.registers) temporary |= r2 != reg && v.origin >= 0 && v2.origin == v.origin;
    if (temporary) break;
    std::string role = fmt::format("argument {}{}", k + 1, name.empty() ? "" : " of " + name);
    if (function_ == "_start" && v.what == traced_value::kind::stack && v.value == 0)
      role += fmt::format(" ({})", entry_stack);
    tell(v, reg, role, i, "call");
  }
  if (conv_.calls.arguments.empty()) stack_argument(st, name);
  since_ = i;
}

// i386: argument 1 is the word at the stack pointer.
void annotator::stack_argument(const machine_state& st, const std::string& name) {
  auto spv = st.get(sp_);
  if (spv.what != traced_value::kind::stack) return;
  auto it = st.stack.find(spv.value);
  if (it == st.stack.end() || it->second.via.empty() || it->second.via.back() <= since_) return;
  std::string role = fmt::format("argument 1{} (on the stack: cdecl)", name.empty() ? "" : " of " + name);
  if (function_ == "_start" && it->second.what == traced_value::kind::stack && it->second.value == 0)
    role += fmt::format(", {}", entry_stack);
  add(it->second.via.back(), role);
}

void annotator::jump_return_stop(int i, const instruction& in, const machine_state& st) {
  if (in.control == instruction::flow::jump) {
    bool outside = !in.target_name.empty() && in.target_name.find('+') == std::string::npos &&
                   in.target_name != function_;
    bool via_buffer = false;
    for (const auto& r : in.registers) {
      auto v = st.get(r);
      via_buffer |= (v.entry_argument && v.origin < 0) || v.loaded_from_argument;
    }
    if (outside)
      add(i, "tail call " + in.target_name);
    else if (!in.target && via_buffer)
      add(i, fmt::format("jump to the address saved in {}: {}", buffer_,
                         is_jmp_ ? "setjmp returns a second time" : "an indirect jump"));
  } else if (in.control == instruction::flow::ret) {
    if (!lr_.empty() && st.get(lr_).loaded_from_argument)
      add(i, fmt::format("return to the address saved in {}{}", buffer_,
                         is_jmp_ ? ": setjmp returns a second time" : ""));
  } else if (in.control == instruction::flow::stop) {
    add(i, "traps if ever reached: the call before it never returns");
  }
}

// --- the frame, the stack, a jmp_buf -----------------------------------------------

void annotator::frame_effects(int i, const instruction& in, const machine_state& st) {
  std::vector<std::string> saved, restored;
  for (const auto& e : in.effects) {
    if (e.what == effect::kind::store)
      buffer_store(i, e, st, saved);
    else if (e.what == effect::kind::load)
      buffer_load(i, e, st, restored);
    else
      entry_and_frame(i, e, st);
  }
  if (!saved.empty())
    add(i, fmt::format("save {} (callee-saved: the caller expects {} back)", joined(saved),
                       saved.size() == 1 ? "it" : "them"));
  if (!restored.empty())
    add(i, fmt::format("restore {} as the caller had {}", joined(restored), restored.size() == 1 ? "it" : "them"));
}

// A callee-saved register pushed in the prologue, or a register saved into the jmp_buf.
void annotator::buffer_store(int i, const effect& e, const machine_state& st, std::vector<std::string>& saved) {
  auto base = st.get(e.dst), v = st.get(e.src);
  const auto& callee_saved = conv_.calls.callee_saved;
  if (base.what == traced_value::kind::stack && v.entry_register == e.src &&
      (contains(callee_saved, e.src) || e.src == lr_))
    saved.push_back(e.src);
  if (!(base.entry_argument && base.origin < 0)) return;
  std::string what = v.entry_register == "return address"         ? "the return address"
                     : v.entry_register == lr_ && !lr_.empty()   ? "the return address (" + lr_ + ")"
                     : v.what == traced_value::kind::stack
                         ? (v.value == 0 ? std::string("the caller's stack pointer (as at entry)")
                                         : fmt::format("the caller's stack pointer (entry {} + {}: "
                                                       "above the return address)",
                                                       sp_, v.value))
                     : contains(callee_saved, v.entry_register) ? "callee-saved " + v.entry_register
                                                                : "";
  if (!what.empty()) add(i, fmt::format("save {} at {} + {:#x}", what, buffer_, e.value));
}

// A register restored from the jmp_buf, or a callee-saved one popped in the epilogue.
void annotator::buffer_load(int i, const effect& e, const machine_state& st, std::vector<std::string>& restored) {
  auto base = st.get(e.src);
  const auto& callee_saved = conv_.calls.callee_saved;
  if (base.entry_argument && base.origin < 0) {
    std::string what = e.dst == sp_                    ? "the stack pointer"
                       : e.dst == lr_ && !lr_.empty()  ? "the return address (" + lr_ + ")"
                       : contains(callee_saved, e.dst) ? "callee-saved " + e.dst
                                                       : "";
    if (!what.empty()) add(i, fmt::format("restore {} from {} + {:#x}", what, buffer_, e.value));
  } else if (base.what == traced_value::kind::stack) {
    auto it = st.stack.find(base.value + e.value);
    if (it != st.stack.end() && it->second.entry_register == e.dst &&
        (contains(callee_saved, e.dst) || e.dst == lr_))
      restored.push_back(e.dst);
  }
}

// _start's outermost frame and gp, setjmp's direct return, a frame pointer
// set up, a register put back after the trap, the stack pointer realigned.
bool annotator::entry_and_frame(int i, const effect& e, const machine_state& st) {
  using k = effect::kind;
  const bool zero = e.what == k::set_const && e.constant == 0;
  const bool start = function_ == "_start";
  if (zero && (e.dst == fp_ || e.dst == lr_) && start) {
    add(i, e.dst == fp_ ? fmt::format("frame pointer ({}) = 0: the outermost frame, where backtraces stop", fp_)
                        : fmt::format("return address ({}) = 0: there is nowhere to return to", lr_));
  } else if (zero && start && conv_.arch == "arm" && e.dst == "r7") {
    add(i, "r7 = 0: the frame pointer of Thumb code, likewise");
  } else if (e.dst == "gp" && start && conv_.arch == "riscv64") {
    add(i, "gp = __global_pointer$ (psABI: before any gp-relative access the linker relaxed code into)");
  } else if (zero && e.dst == result_ && function_.ends_with("setjmp")) {
    add(i, fmt::format("{} = 0: the direct return (a longjmp returns here again, nonzero)", result_));
  } else if ((e.what == k::copy || e.what == k::address) && e.dst == fp_ &&
             st.get(e.src).what == traced_value::kind::stack && !start) {
    add(i, fmt::format("frame pointer ({}) = the stack pointer: this function's frame", fp_));
  } else if ((e.what == k::copy || e.what == k::swap) && since_ >= 0 &&
             st.get(e.src).entry_register == e.dst && e.dst != sp_) {
    add(i, fmt::format("{} back to its value before the trap{}", e.dst,
                       e.dst == "ebx"                        ? " (the GOT pointer in PIC code)"
                       : e.dst == "r7" && conv_.arch == "arm" ? " (the frame pointer in Thumb code)"
                                                              : ""));
  } else if (e.what == k::copy && e.dst == sp_) {
    for (int k2 : st.get(e.src).via)
      if (aligned_.count(k2)) add(i, "stack pointer = the aligned value");
  } else {
    return false;
  }
  return true;
}

// Rounding down to 16: _start's stack alignment.
void annotator::stack_alignment(int i, const instruction& in) {
  const std::string& m = in.mnemonic;
  bool rounds = false;
  if (m.rfind("and", 0) == 0)
    for (auto v : in.immediates) rounds |= as_signed(conv_, v) == -16;
  if (m.rfind("bic", 0) == 0)
    for (auto v : in.immediates) rounds |= v == 15;
  if (!rounds) return;
  aligned_.insert(i);
  bool to_sp = !in.registers.empty() && in.registers.front() == sp_;
  if (conv_.arch == "x86_64" || conv_.arch == "i386") to_sp = !in.registers.empty() && in.registers.back() == sp_;
  add(i, fmt::format("round down to a multiple of 16{}",
                     to_sp ? ": the stack alignment the psABI requires at a call" : ""));
}

}  // namespace

std::vector<std::vector<std::string>> annotate(const std::string& function,
                                               const std::vector<instruction>& code,
                                               const syscall_convention& conv,
                                               const syscall_table* names) {
  return annotator(function, code, conv, names).run();
}

}  // namespace sysabi::host
