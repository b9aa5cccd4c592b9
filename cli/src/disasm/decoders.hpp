// cli/src/disasm/decoders.hpp - what the per-arch decoders (decode_*.cpp)
// share with their driver (disasm.cpp): the shorthand for an effect, and one
// entry point per arch.
#pragma once

#include <capstone/capstone.h>

#include <string>

#include "sysabi/host/disasm.hpp"

namespace sysabi::host {

inline effect eff(effect::kind k, std::string dst, std::string src = "", std::int64_t value = 0,
                  std::int64_t constant = 0) {
  return effect{k, std::move(dst), std::move(src), value, constant};
}

// What a decoder's control-flow step found: no transfer of control, one
// whose target is not a constant (a trap, a return, a jump through a
// register), or one with an immediate target (decoders that read the
// target from the last immediate operand).
enum class transfer { none, without_target, with_target };

// One Capstone instruction (with its details) into `out`: operands, the
// registers it reads, its effects and its control flow.
void x86_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out);  // decode_x86.cpp
void arm64_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out);  // decode_arm64.cpp
void arm_decode(csh cs, const cs_insn& in, const syscall_convention& conv, bool thumb,
                instruction& out);  // decode_arm.cpp
void ppc_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out);  // decode_ppc.cpp
void s390x_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out);  // decode_s390x.cpp
void mips_decode(csh cs, const cs_insn& in, const syscall_convention& conv,
                 instruction& out);  // decode_mips.cpp
void sparc_decode(csh cs, const cs_insn& in, const syscall_convention& conv,
                  instruction& out);  // decode_sparc.cpp

// riscv64, decoded by llvm-objdump (decode_riscv.cpp).
disassembly objdump_disassemble(const elf_image& image, const elf_function& f,
                                const syscall_convention& conv);

}  // namespace sysabi::host
