// cli/src/disasm/annotate.cpp - the notes `sysabi asm` prints beside each
// instruction (annotate() in sysabi/host/asm.hpp), made by named passes
// over the instructions and the data-flow pass's states (dataflow.hpp).
//
// A register is "argument 2" because the data-flow pass finds its value in
// the table's second argument register at the trap, the number is named
// from the arch's syscall table, the error test is the compare that reads
// the trap's result against -4096.  Nothing is keyed on a particular
// compiler's output.  Every pass (annotator.hpp; the frame's are in
// annotate_frame.cpp) adds to the notes of the instruction it
// looks at (or, telling a value's story, of the instructions that moved it).
#include <fmt/format.h>

#include <algorithm>

#include "annotator.hpp"

namespace sysabi::host {

namespace annotation {

namespace {

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

constexpr const char* entry_stack =
    "the entry stack pointer: argc, then argv[], envp[], the auxiliary vector";

}  // namespace


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
    stack_alignment(i, in, st);
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
  if (!conv_.error_flag_reg.empty())
    add(i, fmt::format("{} = the result; or, when {} != 0, the errno ({}..{}, positive)", result_,
                       conv_.error_flag_reg, conv_.error_min, conv_.error_max));
  else if (!conv_.error_flag.empty())
    add(i, fmt::format("{} = the result; with {} set, a positive errno", result_, conv_.error_flag));
  else if (conv_.arch == "sparc64")  // the error is a flag (table.cpp's notes)
    add(i, fmt::format("{} = the result; on failure the carry of %xcc is set and {} is +errno",
                       result_, result_));
  else
    add(i, fmt::format("{} = the result, or -errno in [{}, {}]", result_, conv_.error_min,
                       conv_.error_max));
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
  // An arch whose kernel flags the error (ppc64le's cr0.SO): the branch
  // right after the trap tests the flag.
  if (!conv_.error_flag.empty() && since_ >= 0 && i == since_ + 1 &&
      in.control == instruction::flow::branch) {
    add(i, fmt::format("errno decode: {} clear, {} is the result; set, a positive errno",
                       conv_.error_flag, result_));
    return;
  }
  if (!conv_.error_flag_reg.empty()) {
    // mips: a branch on the flag register right after the trap, then v0
    // negated into the -errno the rest of the code expects.
    const std::string flag(conv_.error_flag_reg);
    bool reads_flag = false;
    for (const auto& r : in.registers) reads_flag |= r == flag && st.get(r).trap_clobbered;
    if (reads_flag && in.control == instruction::flow::branch)
      add(i, fmt::format("branch on the error flag: {} == 0 after a call that succeeded", flag));
    bool reads_result = false;
    for (const auto& r : in.registers) reads_result |= st.get(r).trap_result;
    if (reads_result && (in.mnemonic.rfind("neg", 0) == 0 || in.mnemonic.rfind("dneg", 0) == 0 ||
                         in.mnemonic == "dsubu" || in.mnemonic == "subu"))
      add(i, fmt::format("{} = -{}: the errno as -errno", result_, result_));
    return;
  }
  bool reads_result = false;
  for (const auto& r : in.registers) reads_result |= st.get(r).trap_result;
  if (conv_.arch == "sparc64" && since_ >= 0 && i == since_ + 1 &&
      in.mnemonic.rfind("bcs", 0) == 0)
    add(i, "carry set: the call failed; the annulled delay slot runs only then");
  if (conv_.arch == "sparc64" && since_ >= 0 && i == since_ + 2 && reads_result &&
      in.mnemonic == "sub" && !in.registers.empty() && in.registers[0] == "g0")
    add(i, fmt::format("{} = -errno: the raw layer's result, as on every arch", result_));
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
      // Right behind the flag test (ppc64le's bns+; neg), the kernel's
      // positive errno becomes -errno; anywhere else, -errno becomes errno.
      if (!conv_.error_flag.empty() && i == since_ + 2)
        add(i, fmt::format("{} = -{}: the positive errno made -errno", result_, result_));
      else
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

}  // namespace annotation

std::vector<std::vector<std::string>> annotate(const std::string& function,
                                               const std::vector<instruction>& code,
                                               const syscall_convention& conv,
                                               const syscall_table* names) {
  return annotation::annotator(function, code, conv, names).run();
}

}  // namespace sysabi::host
