// sysabi/host/abi.hpp - the system-call calling convention of each arch, as
// one table (cli/src/abi/table.cpp), and what is made of it: `sysabi abi`
// (text, JSON, Markdown for docs/abi/), the register roles `sysabi asm`
// annotates with, and `sysabi abi --check`.
//
// The table is typed once, here.  It is held to the two other places the
// convention lives:
//   * the raw layer's asm constraints (raw_syscalls/include/sysabi/raw/arch/):
//     `sysabi abi --check` disassembles call(nr, a1..aN) as compiled for
//     each arch (cli/targets/stubs.cpp, sysabi_check_args0..6) and follows
//     each marker value to the register it is in at the trap;
//   * the kernel's behaviour: the calling_convention probe states the
//     registers it observed (calling_convention.convention, .clobbered), and
//     tests/lit/asm/abi-vs-probe.test compares them with this table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sysabi::host {

// A register the trap overwrites besides the return register, and why.
struct clobber {
  std::string_view reg;
  std::string_view why;
};

// The ordinary function-call convention of the arch (the psABI's), which
// `sysabi asm` needs to read the code around the trap: where a stub's own
// arguments arrive, what a call destroys, what a prologue saves.
struct call_convention {
  std::vector<std::string_view> arguments;    // in registers, in order (none on i386)
  std::vector<std::string_view> callee_saved;
  std::vector<std::string_view> caller_saved;  // destroyed by a call
  std::string_view stack_pointer;
  std::string_view frame_pointer;
  std::string_view link_register;  // "" when the return address is on the stack
  std::string_view stack_arguments;  // how arguments beyond the registers travel
};

struct syscall_convention {
  std::string_view arch;   // sysabi's name: x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x
  std::string_view trap;   // as the disassembly spells it
  std::string_view trap_effect;  // what the instruction does, one line
  std::string_view number;       // the register holding the call number
  std::vector<std::string_view> arguments;  // argument 1, 2, ... registers
  std::string_view result;       // the return register
  std::vector<clobber> clobbered;  // besides the return register
  long error_min = -4095, error_max = -1;  // the result is -errno in this range
  // "" or the flag the kernel sets for an error (ppc64le: cr0.SO), the
  // result register then holding a positive errno (the raw layer negates it).
  std::string_view error_flag;
  // mips: the register the kernel sets non-zero on an error, when the result
  // register then holds a positive errno (1..4095); "" on every other arch.
  std::string_view error_flag_reg;
  int max_arguments = 6;
  std::string_view numbers;      // which table the numbers come from
  std::vector<std::string_view> notes;
  std::vector<std::string_view> sources;  // where the facts are documented
  call_convention calls;
  int word_bytes = 8;            // register width
};

// Every arch sysabi knows, in toolchains/arches.cmake's order.
const std::vector<syscall_convention>& syscall_conventions();
// nullptr if unknown.
const syscall_convention* find_convention(std::string_view arch);
// "x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x"
std::string known_arches();

struct abi_options {
  std::vector<std::string> arches;  // empty = all
  std::string format = "text";      // text | json | markdown
  bool check = false;               // compare with the compiled raw layer
};
int cmd_abi(const abi_options& o);

std::string render_abi_text(const std::vector<const syscall_convention*>& arches);
std::string render_abi_json(const std::vector<const syscall_convention*>& arches);
std::string render_abi_markdown(const syscall_convention& c);

}  // namespace sysabi::host
