// sysabi/host/asm.hpp - `sysabi asm`: annotated disassembly of the raw
// layer's stubs (cli/targets/stubs.cpp as built for each arch) and of the
// functions in a nolibc probe (_start, sysabi_setjmp, memset, ...).
#pragma once

#include <string>
#include <vector>

#include "sysabi/host/abi.hpp"
#include "sysabi/host/disasm.hpp"
#include "sysabi/host/syscalls.hpp"

namespace sysabi::host {

struct asm_options {
  std::string arch;    // "" = this machine's
  std::string what;    // a syscall with a stub, or a function symbol; "" = list them
  std::string object;  // disassemble this ELF file instead of the build's
};
int cmd_asm(const asm_options& o);

// One note list per instruction: what each line does for the system call
// (which argument a register carries, the number, the trap's clobbers,
// where the error is decoded) or for the function (prologue, the jmp_buf,
// _start's frame pointer and stack alignment).  `names` may be null.
std::vector<std::vector<std::string>> annotate(const std::string& function,
                                               const std::vector<instruction>& code,
                                               const syscall_convention& conv,
                                               const syscall_table* names);

// The listing as `sysabi asm` prints it (without its heading).
std::string render_listing(const disassembly& d, const std::vector<std::vector<std::string>>& notes,
                           const syscall_convention& conv);

}  // namespace sysabi::host
