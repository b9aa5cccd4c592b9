// cli/src/disasm/annotate_frame.cpp - annotate()'s passes over what a
// function does to its frame, the stack and a jmp_buf: callee-saved
// registers saved and restored, setjmp's buffer, _start's outermost frame
// and stack alignment (annotator.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "annotator.hpp"

namespace sysabi::host::annotation {

namespace {

bool contains(const std::vector<std::string_view>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}


std::string joined(const std::vector<std::string>& regs) {
  std::string s;
  for (const auto& r : regs) s += (s.empty() ? "" : " ") + r;
  return s;
}


}  // namespace

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
  } else if (e.dst == "r2" && start && conv_.arch == "ppc64le") {
    add(i, "r2 = the TOC pointer (.TOC.), which every ELFv2 function expects before it runs");
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
void annotator::stack_alignment(int i, const instruction& in, const machine_state& st) {
  const std::string& m = in.mnemonic;
  bool rounds = false;
  if (m.rfind("and", 0) == 0) {
    for (auto v : in.immediates) rounds |= as_signed(conv_, v) == -16;
    // mips: `and sp, sp, at` with -16 loaded into at before (no and-immediate
    // takes a negative mask).
    for (std::size_t k = 1; k < in.registers.size(); ++k) {
      auto v = st.get(in.registers[k]);
      rounds |= v.constant() && as_signed(conv_, v.value) == -16;
    }
  }
  if (m.rfind("bic", 0) == 0)
    for (auto v : in.immediates) rounds |= v == 15;
  // ppc64le's clrrdi rD, rS, 4, which Capstone shows as rldicr rD, rS, 0, 59.
  if (m == "rldicr" && in.immediates.size() == 2 && in.immediates[0] == 0 && in.immediates[1] == 59)
    rounds = true;
  if (!rounds) return;
  aligned_.insert(i);
  bool to_sp = !in.registers.empty() && in.registers.front() == sp_;
  if (conv_.arch == "x86_64" || conv_.arch == "x32" || conv_.arch == "i386") to_sp = !in.registers.empty() && in.registers.back() == sp_;
  add(i, fmt::format("round down to a multiple of 16{}",
                     to_sp ? ": the stack alignment the psABI requires at a call" : ""));
}


}  // namespace sysabi::host::annotation
