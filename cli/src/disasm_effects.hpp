// cli/src/disasm_effects.hpp - shorthand the decoders (disasm.cpp,
// disasm_riscv.cpp) share for building an instruction's effects.
#pragma once

#include <string>

#include "sysabi/host/disasm.hpp"

namespace sysabi::host {

inline effect eff(effect::kind k, std::string dst, std::string src = "", std::int64_t value = 0,
                  std::int64_t constant = 0) {
  return effect{k, std::move(dst), std::move(src), value, constant};
}

// riscv64, decoded by llvm-objdump (disasm_riscv.cpp).
disassembly objdump_disassemble(const elf_image& image, const elf_function& f,
                                const syscall_convention& conv);

}  // namespace sysabi::host
