// cli/src/disasm/disasm.cpp - functions decoded into instructions with their
// effects (sysabi/host/disasm.hpp): register names, the Capstone driver and
// what every decoder's output gets afterwards (registers read, relocations,
// call targets' names).
//
// x86_64, i386, aarch64, arm, ppc64le and sparc64 are decoded in process by
// Capstone, whose operand details give the effects directly (decode_x86.cpp,
// decode_arm64.cpp, decode_arm.cpp, decode_ppc.cpp, decode_sparc.cpp).  riscv64 goes through llvm-objdump
// (decode_riscv.cpp): Debian 12's Capstone 4 has no RISC-V decoder.  The
// ELF side is elf_image.cpp.
#include "sysabi/host/disasm.hpp"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "decoders.hpp"
#include "sysabi/host/fact.hpp"

namespace sysabi::host {

// --- registers ---------------------------------------------------------------

std::string canonical_register(const syscall_convention& conv, std::string r) {
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (conv.arch == "x86_64" || conv.arch == "x32" || conv.arch == "i386") {
    const bool wide = conv.arch != "i386";  // x32's registers are x86_64's
    // r8d, r8w, r8b -> r8
    if (r.size() >= 2 && r[0] == 'r' && std::isdigit(static_cast<unsigned char>(r[1]))) {
      while (!r.empty() && !std::isdigit(static_cast<unsigned char>(r.back()))) r.pop_back();
      return r;
    }
    static const char* families[][5] = {
        {"rax", "eax", "ax", "al", "ah"}, {"rbx", "ebx", "bx", "bl", "bh"},
        {"rcx", "ecx", "cx", "cl", "ch"}, {"rdx", "edx", "dx", "dl", "dh"},
        {"rsi", "esi", "si", "sil", ""},  {"rdi", "edi", "di", "dil", ""},
        {"rbp", "ebp", "bp", "bpl", ""},  {"rsp", "esp", "sp", "spl", ""}};
    for (const auto& fam : families)
      for (const char* n : fam)
        if (*n && r == n) return wide ? fam[0] : fam[1];
    return r;
  }
  if (conv.arch == "aarch64") {
    if (r == "wzr" || r == "xzr") return "xzr";
    if (r == "wsp") return "sp";
    if (r == "fp") return "x29";
    if (r == "lr") return "x30";
    if (r.size() >= 2 && r[0] == 'w' && std::isdigit(static_cast<unsigned char>(r[1]))) r[0] = 'x';
    return r;
  }
  if (conv.arch == "arm") {
    if (r == "sb") return "r9";
    if (r == "sl") return "r10";
    if (r == "fp") return "r11";
    if (r == "ip") return "r12";
    if (r == "r13") return "sp";
    if (r == "r14") return "lr";
    if (r == "r15") return "pc";
    return r;
  }
  if (conv.arch == "mips64el") {
    // Capstone names registers as o32 does ($8-$15 t0-t7); n64 calls $8-$11
    // a4-a7 and $12-$15 t0-t3.  Numbers ($2, 2) are accepted too.
    static const char* o32[] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
                                "t3",   "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
                                "s6",   "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra"};
    static const char* n64[] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6",
                                "a7",   "t0", "t1", "t2", "t3", "s0", "s1", "s2", "s3", "s4", "s5",
                                "s6",   "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra"};
    if (!r.empty() && r[0] == '$') r.erase(0, 1);
    if (r == "s8") return "fp";
    if (!r.empty() && std::isdigit(static_cast<unsigned char>(r[0]))) {
      int n = std::stoi(r);
      return n >= 0 && n < 32 ? n64[n] : r;
    }
    for (int i = 0; i < 32; ++i)
      if (r == o32[i]) return n64[i];
    return r;
  }
  if (conv.arch == "sparc64") {
    if (r == "o6") return "sp";
    if (r == "i6") return "fp";
    return r;
  }
  if (conv.arch == "riscv64") {
    if (r == "fp") return "s0";
    static const char* abi[] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    if (r.size() >= 2 && r[0] == 'x' && std::isdigit(static_cast<unsigned char>(r[1]))) {
      int n = std::stoi(r.substr(1));
      if (n >= 0 && n < 32) return abi[n];
    }
    return r;
  }
  if (conv.arch == "s390x") {
    // Capstone's SystemZ names are "%r2", "r2" or "2" by version: r2; f0 stays f0.
    if (!r.empty() && r[0] == '%') r.erase(0, 1);
    if (!r.empty() && std::isdigit(static_cast<unsigned char>(r[0]))) r = "r" + r;
    return r;
  }
  return r;
}

namespace {

// --- Capstone driver -----------------------------------------------------------

struct capstone_handle {
  csh cs = 0;
  cs_arch arch = CS_ARCH_X86;
  capstone_handle(const syscall_convention& conv, bool thumb) {
    cs_mode mode;
    if (conv.arch == "x86_64" || conv.arch == "x32") {  // x32: 64-bit code, ILP32 data
      arch = CS_ARCH_X86;
      mode = CS_MODE_64;
    } else if (conv.arch == "i386") {
      arch = CS_ARCH_X86;
      mode = CS_MODE_32;
    } else if (conv.arch == "aarch64") {
      arch = CS_ARCH_ARM64;
      mode = CS_MODE_ARM;
    } else if (conv.arch == "sparc64") {
      arch = CS_ARCH_SPARC;
      mode = static_cast<cs_mode>(CS_MODE_V9 | CS_MODE_BIG_ENDIAN);
    } else if (conv.arch == "ppc64le") {
      arch = CS_ARCH_PPC;
      mode = static_cast<cs_mode>(CS_MODE_64 | CS_MODE_LITTLE_ENDIAN);
    } else if (conv.arch == "s390x") {
      arch = CS_ARCH_SYSZ;
      mode = CS_MODE_BIG_ENDIAN;
    } else if (conv.arch == "arm") {
      arch = CS_ARCH_ARM;
      mode = thumb ? CS_MODE_THUMB : CS_MODE_ARM;
    } else if (conv.arch == "mips64el") {
      arch = CS_ARCH_MIPS;
      mode = static_cast<cs_mode>(CS_MODE_MIPS64 | CS_MODE_LITTLE_ENDIAN);
    } else {
      throw usage_error(fmt::format("sysabi asm has no decoder for {} yet", conv.arch));
    }
    if (cs_open(arch, mode, &cs) != CS_ERR_OK)
      throw usage_error(fmt::format("Capstone cannot decode {} here", conv.arch));
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    if (arch == CS_ARCH_X86) cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
  }
  ~capstone_handle() { cs_close(&cs); }
  capstone_handle(const capstone_handle&) = delete;
  capstone_handle& operator=(const capstone_handle&) = delete;
};

// s390x: an instruction's length is in the two high bits of its first
// byte (00: 2 bytes, 01 and 10: 4, 11: 6), so bytes Capstone does not
// decode are still stepped over whole.
std::size_t s390x_length(std::uint8_t first) {
  static constexpr std::size_t by_bits[4] = {2, 4, 4, 6};
  return by_bits[first >> 6];
}

// What Capstone 4's SystemZ tables lack (they are LLVM's code-generation
// subset, which never emits a system call): svc, opcode 0x0a with the
// 8-bit code in the second byte.  false for anything else.
bool s390x_svc(const std::uint8_t* p, std::size_t left, instruction& ins) {
  if (left < 2 || p[0] != 0x0a) return false;
  ins.bytes.assign(p, p + 2);
  ins.mnemonic = "svc";
  ins.operands = std::to_string(p[1]);
  ins.immediates.push_back(p[1]);
  ins.control = instruction::flow::trap;
  return true;
}

// Data (a literal pool) or bytes Capstone does not decode: one word.
void undecoded_word(const std::vector<std::uint8_t>& code, std::size_t pos, std::size_t n,
                    bool data, cs_arch arch, instruction& ins) {
  ins.bytes.assign(code.begin() + static_cast<long>(pos),
                   code.begin() + static_cast<long>(pos + n));
  std::uint64_t v = 0;
  // The word as the target reads it: s390x is big-endian, the others little.
  const bool big = arch == CS_ARCH_SPARC;  // sparc64 is big-endian
  for (std::size_t i = 0; i < n; ++i)
   
    v |= std::uint64_t(ins.bytes[i]) << (8 * (arch == CS_ARCH_SYSZ ? n - 1 - i : (big ? n - 1 - i : i)));
  if (!data && arch == CS_ARCH_ARM64 && n == 4 && v < 0x10000) {
    // udf #imm (permanently undefined), which Capstone 4 predates.
    ins.mnemonic = "udf";
    ins.operands = fmt::format("#{}", v);
    ins.control = instruction::flow::stop;
  } else {
    ins.data = data;
    ins.mnemonic = arch == CS_ARCH_SYSZ ? ".insn"  // 2, 4 or 6 bytes: the value is all of them
                   : n == 4             ? ".word"
                   : n == 2             ? ".short"
                                        : ".byte";
    ins.operands = fmt::format("{:#x}", v);
  }
}

disassembly capstone_disassemble(const elf_image& image, const elf_function& f,
                                 const syscall_convention& conv) {
  capstone_handle h(conv, f.thumb);
  disassembly out;
  int major = 0, minor = 0;
  cs_version(&major, &minor);
  out.decoder = fmt::format("Capstone {}.{}", major, minor);
  auto code = image.bytes(f);
  auto maps = image.mapping_symbols(f);
  cs_insn* insn = cs_malloc(h.cs);
  std::uint64_t addr = f.address;
  std::size_t pos = 0;
  // The smallest instruction: x86 1 byte, Thumb and s390x 2, the others 4.
  const std::size_t step = h.arch == CS_ARCH_X86 ? 1 : (f.thumb || h.arch == CS_ARCH_SYSZ ? 2 : 4);
  auto in_data = [&](std::uint64_t a) {
    auto it = maps.upper_bound(a);
    return it != maps.begin() && std::prev(it)->second == 'd';
  };
  while (pos < code.size()) {
    instruction ins;
    ins.address = addr;
    const std::uint8_t* p = code.data() + pos;
    std::size_t left = code.size() - pos;
    std::uint64_t a = addr;
    if (!in_data(addr) && cs_disasm_iter(h.cs, &p, &left, &a, insn)) {
      ins.bytes.assign(code.begin() + static_cast<long>(pos),
                       code.begin() + static_cast<long>(pos + insn->size));
      ins.mnemonic = insn->mnemonic;
      ins.operands = insn->op_str;
      if (h.arch == CS_ARCH_X86)
        x86_decode(h.cs, *insn, conv, ins);
      else if (h.arch == CS_ARCH_ARM64)
        arm64_decode(h.cs, *insn, conv, ins);
      else if (h.arch == CS_ARCH_PPC)
        ppc_decode(h.cs, *insn, conv, ins);
      else if (h.arch == CS_ARCH_SYSZ)
        s390x_decode(h.cs, *insn, conv, ins);
      else if (h.arch == CS_ARCH_MIPS)
        mips_decode(h.cs, *insn, conv, ins);
      else if (h.arch == CS_ARCH_SPARC)
        sparc_decode(h.cs, *insn, conv, ins);
      else
        arm_decode(h.cs, *insn, conv, f.thumb, ins);
    } else if (h.arch == CS_ARCH_SYSZ && s390x_svc(code.data() + pos, left, ins)) {
      // decoded by hand (s390x_svc)
    } else {
      const bool data = in_data(addr);
      const std::size_t n = h.arch == CS_ARCH_SYSZ ? s390x_length(code[pos]) : data ? 4 : step;
      undecoded_word(code, pos, std::min<std::size_t>(left, n), data, h.arch, ins);
    }
    pos += ins.bytes.size();
    addr += ins.bytes.size();
    out.instructions.push_back(std::move(ins));
  }
  cs_free(insn, 1);
  return out;
}

// "_ZNK6sysabi3raw6resultIiE2okEv" -> "sysabi::raw::result<int>::ok() const".
std::string demangle(const std::string& name) {
  if (name.rfind("_Z", 0) != 0) return name;
  auto plus = name.find('+');
  std::string sym = name.substr(0, plus);
  int status = 0;
  char* d = abi::__cxa_demangle(sym.c_str(), nullptr, nullptr, &status);
  if (!d) return name;
  std::string out = d;
  std::free(d);
  return plus == std::string::npos ? out : out + name.substr(plus);
}

}  // namespace

disassembly disassemble(const elf_image& image, const elf_function& f,
                        const syscall_convention& conv) {
  disassembly d = conv.arch == "riscv64" ? objdump_disassemble(image, f, conv)
                                         : capstone_disassemble(image, f, conv);
  for (auto& ins : d.instructions) {
    if (conv.arch != "x86_64" && conv.arch != "x32" && conv.arch != "i386") {
      // Reads: every register operand but the ones only written.
      std::set<std::string> written, read;
      for (const auto& e : ins.effects) {
        using k = effect::kind;
        if (e.what == k::store || e.what == k::store_const || e.what == k::adjust ||
            e.what == k::swap)
          read.insert(e.dst);
        else
          written.insert(e.dst);
        if (!e.src.empty()) read.insert(e.src);
      }
      for (const auto& r : ins.registers)
        if (read.count(r) || !written.count(r)) ins.reads.push_back(r);
    }
    ins.relocation = image.relocation_in(f, ins.address, ins.bytes.size());
    if (ins.relocation.empty() && ins.literal)
      if (auto r = image.relocation_in(f, *ins.literal, 4); !r.empty())
        ins.relocation = "the literal " + r;
    if (ins.control == instruction::flow::call || ins.control == instruction::flow::jump ||
        ins.control == instruction::flow::branch) {
      if (!ins.relocation.empty() && ins.control != instruction::flow::branch)
        ins.target_name = ins.relocation;
      else if (ins.target)
        ins.target_name = image.symbol_at(*ins.target, f.section);
      ins.target_name = demangle(ins.target_name);
    }
    ins.relocation = demangle(ins.relocation);
  }
  return d;
}

}  // namespace sysabi::host
