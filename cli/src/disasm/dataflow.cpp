// cli/src/disasm/dataflow.cpp - the data-flow pass: following values through
// a function's instructions (sysabi/host/dataflow.hpp).
#include "sysabi/host/dataflow.hpp"

#include <algorithm>

namespace sysabi::host {

std::int64_t as_signed(const syscall_convention& conv, std::int64_t v) {
  if (conv.word_bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return v;
}

traced_value machine_state::get(const std::string& reg) const {
  if (reg == "xzr" || reg == "zero") {
    traced_value z;
    z.what = traced_value::kind::constant;
    return z;
  }
  auto it = registers.find(reg);
  if (it != registers.end()) return it->second;
  traced_value v;  // never written: what the register held at entry
  if (entry_values) v.entry_register = reg;
  return v;
}

namespace {

// What a function finds at entry: the stack pointer, its own arguments.
machine_state entry_state(const syscall_convention& conv) {
  machine_state s;
  traced_value sp;
  sp.what = traced_value::kind::stack;
  sp.entry_register = std::string(conv.calls.stack_pointer);
  s.registers[std::string(conv.calls.stack_pointer)] = sp;
  int n = 0;
  for (auto r : conv.calls.arguments) {
    traced_value a;
    a.entry_argument = ++n;
    a.entry_register = std::string(r);
    s.registers[std::string(r)] = a;
  }
  if (conv.calls.link_register.empty()) {
    // x86: the return address is on the stack, the arguments (i386) above it.
    traced_value ra;
    ra.entry_register = "return address";
    s.stack[0] = ra;
  }
  // Arguments beyond the registers (all of them on i386) are on the stack,
  // above the return address where the call pushed one.
  const int base = conv.calls.link_register.empty() ? conv.word_bytes : 0;
  for (int k = 0; k < 6; ++k) {
    traced_value a;
    a.entry_argument = n + k + 1;
    s.stack[base + k * conv.word_bytes] = a;
  }
  return s;
}

traced_value merge(const traced_value& a, const traced_value& b, int at) {
  if (a.same(b)) return a;
  traced_value u;
  u.origin = u.writer = at;
  u.trap_result = a.trap_result || b.trap_result;
  return u;
}

machine_state merge(const machine_state& a, const machine_state& b, int at) {
  if (!a.reachable) return b;
  if (!b.reachable) return a;
  machine_state m;
  m.entry_values = a.entry_values && b.entry_values;
  for (const auto& [r, v] : a.registers) m.registers[r] = merge(v, b.get(r), at);
  for (const auto& [r, v] : b.registers)
    if (!a.registers.count(r)) m.registers[r] = merge(a.get(r), v, at);
  for (const auto& [off, v] : a.stack) {
    auto it = b.stack.find(off);
    if (it != b.stack.end() && v.same(it->second)) m.stack[off] = v;
  }
  return m;
}

// Writes a register (the zero registers stay zero).
void set_register(machine_state& s, const std::string& reg, traced_value v, int i) {
  if (reg == "xzr" || reg == "zero") return;
  v.writer = i;
  v.via.push_back(i);
  s.registers[reg] = v;
}

// A value instruction i made that is not followed further.
traced_value fresh(int i) {
  traced_value v;
  v.origin = i;
  return v;
}

// base + disp as an offset from the entry stack pointer, when base is one.
bool stack_address(const machine_state& s, const std::string& base, std::int64_t disp,
                   std::int64_t* offset) {
  traced_value b = s.get(base);
  if (b.what != traced_value::kind::stack) return false;
  *offset = b.value + disp;
  return true;
}

void apply_load(machine_state& s, const effect& e, int i) {
  std::int64_t off = 0;
  if (stack_address(s, e.src, e.value, &off)) {
    auto it = s.stack.find(off);
    set_register(s, e.dst, it != s.stack.end() ? it->second : fresh(i), i);
    return;
  }
  traced_value v = fresh(i), base = s.get(e.src);
  // Through a pointer the function was given (a jmp_buf, say).
  if (base.entry_argument && base.origin < 0) {
    v.loaded_from_argument = base.entry_argument;
    v.loaded_offset = e.value;
  }
  set_register(s, e.dst, v, i);
}

// Stores through anything but the stack are not followed (and assumed not
// to land on the stack slots being followed).
void apply_store(machine_state& s, const effect& e, int i) {
  std::int64_t off = 0;
  if (!stack_address(s, e.dst, e.value, &off)) return;
  traced_value v;
  if (e.what == effect::kind::store) {
    v = s.get(e.src);
  } else {
    v = fresh(i);
    v.what = traced_value::kind::constant;
    v.value = e.constant;
  }
  v.via.push_back(i);
  s.stack[off] = v;
}

// dst = src + value (address) or dst = dst + value (adjust).
void apply_offset(machine_state& s, const effect& e, int i) {
  const bool adjust = e.what == effect::kind::adjust;
  traced_value b = s.get(adjust ? e.dst : e.src), v = fresh(i);
  if (b.what != traced_value::kind::unknown) {
    v.what = b.what;
    v.value = b.value + e.value;
    if (adjust) v.origin = b.origin;
  }
  set_register(s, e.dst, v, i);
}

void apply_clobber(machine_state& s, const effect& e, int i, const std::string& sp) {
  if (e.dst == sp && s.get(sp).what == traced_value::kind::stack) {
    // The stack pointer realigned (and $-16): where it is now is not
    // known, but what is pushed relative to it still is - in a region
    // of its own, far from the entry stack pointer's.
    traced_value v = fresh(i);
    v.what = traced_value::kind::stack;
    v.value = s.get(sp).value - (std::int64_t(1) << 40);
    set_register(s, e.dst, v, i);
    return;
  }
  set_register(s, e.dst, fresh(i), i);
}

void apply(machine_state& s, const effect& e, int i, const std::string& sp) {
  using k = effect::kind;
  switch (e.what) {
    case k::set_const: {
      traced_value v = fresh(i);
      v.what = traced_value::kind::constant;
      v.value = e.constant;
      set_register(s, e.dst, v, i);
      break;
    }
    case k::copy:
      set_register(s, e.dst, s.get(e.src), i);
      break;
    case k::load:
      apply_load(s, e, i);
      break;
    case k::store:
    case k::store_const:
      apply_store(s, e, i);
      break;
    case k::address:
    case k::adjust:
      apply_offset(s, e, i);
      break;
    case k::swap: {
      traced_value a = s.get(e.dst), b = s.get(e.src);
      set_register(s, e.dst, b, i);
      set_register(s, e.src, a, i);
      break;
    }
    case k::clobber:
      apply_clobber(s, e, i, sp);
      break;
  }
}

}  // namespace

dataflow_states follow(const std::vector<instruction>& code, const syscall_convention& conv) {
  dataflow_states t;
  machine_state s = entry_state(conv);
  std::map<std::uint64_t, machine_state> pending;  // forward branch targets
  for (std::size_t idx = 0; idx < code.size(); ++idx) {
    const int i = static_cast<int>(idx);
    const auto& in = code[idx];
    if (auto it = pending.find(in.address); it != pending.end()) {
      s = merge(s, it->second, i);
      pending.erase(it);
    }
    if (!s.reachable) {
      // Reached only by a backward branch or from outside: nothing known but
      // the registers' roles.
      s = machine_state{};
      s.entry_values = false;
    }
    t.before.push_back(s);
    for (const auto& e : in.effects) apply(s, e, i, std::string(conv.calls.stack_pointer));

    using f = instruction::flow;
    switch (in.control) {
      case f::trap: {
        traced_value r;
        r.origin = r.writer = i;
        r.trap_result = true;
        s.registers[std::string(conv.result)] = r;
        for (const auto& c : conv.clobbered) {
          traced_value v;
          v.origin = v.writer = i;
          v.trap_clobbered = true;
          s.registers[std::string(c.reg)] = v;
        }
        break;
      }
      case f::call:
        for (auto reg : conv.calls.caller_saved) {
          traced_value v;
          v.origin = v.writer = i;
          v.call_clobbered = true;
          s.registers[std::string(reg)] = v;
        }
        break;
      case f::branch:
      case f::jump:
        if (in.target && *in.target > in.address) {
          auto it = pending.find(*in.target);
          pending[*in.target] = it == pending.end() ? s : merge(it->second, s, i);
        }
        if (in.control == f::jump) s.reachable = false;
        break;
      case f::ret:
      case f::stop:
        s.reachable = false;
        break;
      case f::next:
        break;
    }
  }
  return t;
}

}  // namespace sysabi::host
