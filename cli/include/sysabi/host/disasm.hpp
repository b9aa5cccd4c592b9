// sysabi/host/disasm.hpp - functions read out of ELF files (libelf) and
// decoded into instructions (Capstone, in process; llvm-objdump for riscv64,
// which Debian 12's Capstone 4 cannot decode).
//
// Each instruction carries, besides its text, what it does to registers and
// the stack as a short list of effects (effect below), in terms every arch
// shares; sysabi/host/dataflow.hpp follows values through them.  Only what the
// stubs, _start and setjmp need is modelled: moves, loads and stores at a
// register plus displacement, stack-pointer arithmetic, push/pop, exchanges.
// Anything else that writes a register makes its value unknown.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sysabi/host/abi.hpp"

namespace sysabi::host {

// The largest file elf_image reads (`asm --object` included): a bounded
// read of a regular file, never a device or a FIFO.
inline constexpr std::uintmax_t max_object_bytes = std::uintmax_t(512) << 20;

struct elf_function {
  std::string name;
  std::uint64_t address = 0;  // st_value, Thumb bit cleared
  std::uint64_t size = 0;
  std::size_t section = 0;    // section index
  bool thumb = false;         // arm: the function is Thumb code
};

// An ELF file held in memory: sections, function symbols, relocations.
class elf_image {
 public:
  // usage_error if unreadable, or if `machine` is not 0 and the file's
  // e_machine differs (checked before anything else is read from it).
  explicit elf_image(const std::filesystem::path& path, int machine = 0);

  const std::filesystem::path& path() const { return path_; }
  int machine() const { return machine_; }
  bool relocatable() const { return relocatable_; }
  const std::vector<elf_function>& functions() const { return functions_; }
  const elf_function* find(const std::string& name) const;

  // The function's bytes.
  std::vector<std::uint8_t> bytes(const elf_function& f) const;
  // A relocation's symbol (+ addend) inside [address, address + size) of the
  // function's section, or "".
  std::string relocation_in(const elf_function& f, std::uint64_t address, std::uint64_t size) const;
  // The function containing an address ("name" or "name+0x10"), or "".
  std::string symbol_at(std::uint64_t address, std::size_t section) const;
  // Arm/AArch64 mapping symbols inside a function: address -> 'a', 't', 'x' or 'd'.
  std::map<std::uint64_t, char> mapping_symbols(const elf_function& f) const;

 private:
  struct section {
    std::string name;
    std::uint64_t address = 0;
    std::vector<std::uint8_t> data;
    std::map<std::uint64_t, std::string> relocations;  // offset -> symbol(+addend)
  };
  std::filesystem::path path_;
  int machine_ = 0;
  bool relocatable_ = false;
  std::vector<section> sections_;
  std::vector<elf_function> functions_;
  std::vector<std::pair<elf_function, char>> mapping_;  // address, section; kind
};

// What an instruction does, in terms the data-flow pass follows (dataflow.hpp).
struct effect {
  enum class kind {
    set_const,    // dst = value
    copy,         // dst = src
    load,         // dst = [src + value]
    store,        // [dst + value] = src
    store_const,  // [dst + value] = constant
    address,      // dst = src + value
    adjust,       // dst = dst + value
    swap,         // dst <-> src
    clobber,      // dst = something unknown
  } what;
  std::string dst, src;  // canonical register names
  std::int64_t value = 0;
  std::int64_t constant = 0;  // store_const
};

struct instruction {
  std::uint64_t address = 0;
  std::vector<std::uint8_t> bytes;
  std::string mnemonic, operands;  // as the decoder prints them
  enum class flow { next, call, jump, branch, ret, trap, stop } control = flow::next;
  std::optional<std::uint64_t> target;  // call/jump/branch target, when direct
  std::string target_name;              // its symbol, from the image or a relocation
  std::string relocation;               // a relocation applied inside the instruction
  std::optional<std::uint64_t> literal;  // arm: the literal-pool word a pc-relative load reads
  std::vector<effect> effects;
  // Operands worth a rule of their own (annotate.cpp): immediates
  // in order (shifted where the arch shifts them), registers read.
  std::vector<std::int64_t> immediates;
  std::vector<std::string> registers;  // every register operand, in printed order
  std::vector<std::string> reads;      // the registers it reads (as far as the decoder tells)
  bool data = false;  // a literal pool word, not an instruction
};

struct disassembly {
  std::vector<instruction> instructions;
  std::string decoder;  // "Capstone 4.0" or "llvm-objdump-14 (...why)"
};

// Decodes one function.  usage_error when the arch cannot be decoded here.
disassembly disassemble(const elf_image& image, const elf_function& f,
                        const syscall_convention& conv);

// The register's canonical name on this arch: eax -> rax on x86_64, w0 -> x0,
// ip -> r12, fp -> s0 (riscv64).  Names the table uses are canonical.
std::string canonical_register(const syscall_convention& conv, std::string name);

}  // namespace sysabi::host
