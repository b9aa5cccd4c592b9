// sysabi/host/dataflow.hpp - the data-flow pass: following values through a
// function's instructions (their effects, disasm.hpp), so that the trap
// instruction can be read as "rax holds 39, put there by the mov at 0x0".
//
// One pass in address order.  A forward branch carries its state to its
// target, where it is merged with the fall-through state (a value both agree
// on stays known); backward branches (loops) are not followed again, so a
// value changed inside a loop is simply the last one written.  That is
// enough for stubs, _start and setjmp, which is what it is for; the
// annotations built on it (annotate.cpp) only ever state what it knows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sysabi/host/abi.hpp"
#include "sysabi/host/disasm.hpp"

namespace sysabi::host {

struct traced_value {
  enum class kind { unknown, constant, stack } what = kind::unknown;
  std::int64_t value = 0;  // the constant, or the offset from the stack pointer at entry
  int origin = -1;         // the instruction that made the value; -1: it was there at entry
  int writer = -1;         // the instruction that last put it where it is now
  std::vector<int> via;    // every instruction that moved it there, in order
  int entry_argument = 0;  // > 0: the function's argument n as it arrived
  std::string entry_register;  // the value this register (or "return address") had at entry
  int loaded_from_argument = 0;  // > 0: loaded from memory argument n points to ...
  std::int64_t loaded_offset = 0;  // ... at this offset
  bool trap_result = false;   // the kernel's return value (or a copy of it)
  bool trap_clobbered = false;  // a register the trap overwrote besides the result
  bool call_clobbered = false;  // destroyed by a call

  bool constant() const { return what == kind::constant; }
  bool same(const traced_value& o) const {
    return what == o.what && value == o.value && entry_argument == o.entry_argument &&
           entry_register == o.entry_register && trap_result == o.trap_result &&
           loaded_from_argument == o.loaded_from_argument && loaded_offset == o.loaded_offset &&
           (what != kind::unknown || origin == o.origin);
  }
};

struct machine_state {
  std::map<std::string, traced_value> registers;
  std::map<std::int64_t, traced_value> stack;  // by offset from the entry stack pointer
  bool reachable = true;
  // Registers not in the map still hold their entry values; false where
  // the pass lost track (code reached only by a backward branch).
  bool entry_values = true;

  traced_value get(const std::string& reg) const;
};

struct dataflow_states {
  std::vector<machine_state> before;  // the state before each instruction
};

dataflow_states follow(const std::vector<instruction>& code, const syscall_convention& conv);

// The constant (sign-extended to 64 bits from the register width).
std::int64_t as_signed(const syscall_convention& conv, std::int64_t v);

}  // namespace sysabi::host
