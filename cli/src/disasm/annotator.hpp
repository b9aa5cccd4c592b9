// cli/src/disasm/annotator.hpp - the passes annotate() runs (annotate.cpp:
// the trap, its number, arguments and errno decoding, calls and jumps;
// annotate_frame.cpp: the frame, the stack, a jmp_buf), sharing one state.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sysabi/host/asm.hpp"
#include "sysabi/host/dataflow.hpp"

namespace sysabi::host::annotation {

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
  void stack_alignment(int i, const instruction& in, const machine_state& st);

  const std::string& function_;
  const std::vector<instruction>& code_;
  const syscall_convention& conv_;
  const syscall_table* names_;
  const int n_;
  std::vector<std::vector<std::string>> notes_;
  const dataflow_states flow_;
  const std::string sp_, fp_, lr_, result_;
  const bool is_jmp_;
  const std::string buffer_;

  int since_ = -1;        // the last trap or call: values before it are spent
  int errno_test_ = -1;   // the compare that tells -errno from a result
  std::set<int> aligned_;  // instructions that rounded a value down to 16
};

}  // namespace sysabi::host::annotation
