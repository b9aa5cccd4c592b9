// cli/src/disasm.cpp - functions decoded into instructions with their
// effects (sysabi/host/disasm.hpp).
//
// x86_64, i386, aarch64 and arm are decoded in process by Capstone, whose
// operand details give the effects directly.  riscv64 goes through
// llvm-objdump (disasm_riscv.cpp): Debian 12's Capstone 4 has no RISC-V
// decoder.  The ELF side is elf_image.cpp.
#include "sysabi/host/disasm.hpp"

#include <capstone/capstone.h>
#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "disasm_effects.hpp"
#include "sysabi/host/fact.hpp"

namespace sysabi::host {

// --- registers ---------------------------------------------------------------

std::string canonical_register(const syscall_convention& conv, std::string r) {
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (conv.arch == "x86_64" || conv.arch == "i386") {
    const bool wide = conv.arch == "x86_64";
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
    if (r.size() >= 2 && r[0] == 'w' && std::isdigit(static_cast<unsigned char>(r[1])))
      r[0] = 'x';
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
  return r;
}

namespace {

// --- x86 (Capstone, AT&T syntax: sources first, the destination last) --------

void x86_effects(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_x86& x = in.detail->x86;
  auto reg = [&](unsigned r) { return canonical_register(conv, cs_reg_name(cs, r)); };
  const std::string sp = std::string(conv.calls.stack_pointer);
  const std::int64_t w = conv.word_bytes;
  const std::string ip = conv.arch == "x86_64" ? "rip" : "eip";
  auto simple_mem = [&](const cs_x86_op& o) {
    return o.type == X86_OP_MEM && o.mem.base != X86_REG_INVALID && o.mem.index == X86_REG_INVALID &&
           o.mem.segment == X86_REG_INVALID && reg(o.mem.base) != ip;
  };
  for (int i = 0; i < x.op_count; ++i) {
    const auto& o = x.operands[i];
    if (o.type == X86_OP_IMM) out.immediates.push_back(o.imm);
    if (o.type == X86_OP_REG) out.registers.push_back(reg(o.reg));
    if (o.type == X86_OP_MEM && o.mem.base != X86_REG_INVALID) out.registers.push_back(reg(o.mem.base));
  }
  {
    cs_regs rd, wr;
    std::uint8_t nrd = 0, nwr = 0;
    if (cs_regs_access(cs, &in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
      for (int i = 0; i < nrd; ++i) {
        std::string r = reg(rd[i]);
        if (r.find("flags") == std::string::npos && r != ip) out.reads.push_back(r);
      }
  }
  const cs_x86_op* src = x.op_count >= 1 ? &x.operands[0] : nullptr;
  const cs_x86_op* dst = x.op_count >= 2 ? &x.operands[x.op_count - 1] : nullptr;
  auto& e = out.effects;
  switch (in.id) {
    case X86_INS_MOV:
    case X86_INS_MOVABS:
    case X86_INS_MOVSX:
    case X86_INS_MOVSXD:
    case X86_INS_MOVZX:
      if (!dst) break;
      if (dst->type == X86_OP_REG) {
        std::string d = reg(dst->reg);
        if (src->type == X86_OP_IMM)
          e.push_back(eff(effect::kind::set_const, d, "", 0, src->imm));
        else if (src->type == X86_OP_REG)
          e.push_back(eff(effect::kind::copy, d, reg(src->reg)));
        else if (simple_mem(*src))
          e.push_back(eff(effect::kind::load, d, reg(src->mem.base), src->mem.disp));
        else
          e.push_back(eff(effect::kind::clobber, d));
      } else if (simple_mem(*dst)) {
        if (src->type == X86_OP_REG)
          e.push_back(eff(effect::kind::store, reg(dst->mem.base), reg(src->reg), dst->mem.disp));
        else if (src->type == X86_OP_IMM)
          e.push_back(eff(effect::kind::store_const, reg(dst->mem.base), "", dst->mem.disp, src->imm));
      }
      return;
    case X86_INS_LEA:
      if (dst && dst->type == X86_OP_REG) {
        if (simple_mem(*src))
          e.push_back(eff(effect::kind::address, reg(dst->reg), reg(src->mem.base), src->mem.disp));
        else
          e.push_back(eff(effect::kind::clobber, reg(dst->reg)));
      }
      return;
    case X86_INS_PUSH:
      e.push_back(eff(effect::kind::adjust, sp, "", -w));
      if (src && src->type == X86_OP_REG)
        e.push_back(eff(effect::kind::store, sp, reg(src->reg), 0));
      else if (src && src->type == X86_OP_IMM)
        e.push_back(eff(effect::kind::store_const, sp, "", 0, src->imm));
      return;
    case X86_INS_POP:
      if (src && src->type == X86_OP_REG) e.push_back(eff(effect::kind::load, reg(src->reg), sp, 0));
      e.push_back(eff(effect::kind::adjust, sp, "", w));
      return;
    case X86_INS_LEAVE:
      e.push_back(eff(effect::kind::copy, sp, std::string(conv.calls.frame_pointer)));
      e.push_back(eff(effect::kind::load, std::string(conv.calls.frame_pointer), sp, 0));
      e.push_back(eff(effect::kind::adjust, sp, "", w));
      return;
    case X86_INS_ADD:
    case X86_INS_SUB:
      if (dst && dst->type == X86_OP_REG && reg(dst->reg) == sp && src->type == X86_OP_IMM) {
        e.push_back(eff(effect::kind::adjust, sp, "", in.id == X86_INS_ADD ? src->imm : -src->imm));
        return;
      }
      break;
    case X86_INS_XCHG:
      if (src && dst && src->type == X86_OP_REG && dst->type == X86_OP_REG) {
        e.push_back(eff(effect::kind::swap, reg(dst->reg), reg(src->reg)));
        return;
      }
      break;
    case X86_INS_XOR:
      if (src && dst && src->type == X86_OP_REG && dst->type == X86_OP_REG && src->reg == dst->reg) {
        e.push_back(eff(effect::kind::set_const, reg(dst->reg), "", 0, 0));
        return;
      }
      break;
    case X86_INS_OR:  // or $-1, reg: -1 in fewer bytes than a mov
      if (src && dst && src->type == X86_OP_IMM && dst->type == X86_OP_REG &&
          (src->imm == -1 || (conv.word_bytes == 4 && (src->imm & 0xffffffff) == 0xffffffff))) {
        e.push_back(eff(effect::kind::set_const, reg(dst->reg), "", 0, -1));
        return;
      }
      break;
    case X86_INS_CMP:
    case X86_INS_TEST:
      return;
    default:
      break;
  }
  // Anything else: every register it writes is now unknown.
  cs_regs rd, wr;
  std::uint8_t nrd = 0, nwr = 0;
  if (cs_regs_access(cs, &in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
    for (int i = 0; i < nwr; ++i) {
      std::string r = reg(wr[i]);
      if (r.find("flags") == std::string::npos && r != ip) e.push_back(eff(effect::kind::clobber, r));
    }
}

void x86_flow(const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_x86& x = in.detail->x86;
  bool is_trap = conv.arch == "x86_64"
                     ? in.id == X86_INS_SYSCALL
                     : in.id == X86_INS_SYSENTER ||
                           (in.id == X86_INS_INT && x.op_count == 1 && x.operands[0].imm == 0x80);
  if (is_trap) {
    out.control = instruction::flow::trap;
    return;
  }
  if (in.id == X86_INS_RET || in.id == X86_INS_RETF) {
    out.control = instruction::flow::ret;
  } else if (in.id == X86_INS_CALL) {
    out.control = instruction::flow::call;
  } else if (in.id == X86_INS_JMP) {
    out.control = instruction::flow::jump;
  } else if (in.id == X86_INS_HLT || in.id == X86_INS_UD2) {
    out.control = instruction::flow::stop;
  } else {
    for (int g = 0; g < in.detail->groups_count; ++g)
      if (in.detail->groups[g] == X86_GRP_JUMP) out.control = instruction::flow::branch;
  }
  if (out.control != instruction::flow::next && x.op_count == 1 && x.operands[0].type == X86_OP_IMM)
    out.target = static_cast<std::uint64_t>(x.operands[0].imm);
}

// --- aarch64 (Capstone: the destination first) --------------------------------

void arm64_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_arm64& a = in.detail->arm64;
  auto reg = [&](unsigned r) { return canonical_register(conv, cs_reg_name(cs, r)); };
  auto& e = out.effects;
  for (int i = 0; i < a.op_count; ++i) {
    const auto& o = a.operands[i];
    if (o.type == ARM64_OP_IMM) out.immediates.push_back(o.imm << o.shift.value);
    if (o.type == ARM64_OP_REG) out.registers.push_back(reg(o.reg));
    if (o.type == ARM64_OP_MEM) out.registers.push_back(reg(o.mem.base));
  }
  const auto* op = a.operands;
  const int n = a.op_count;
  auto is_reg = [&](int i) { return i < n && op[i].type == ARM64_OP_REG; };
  auto is_imm = [&](int i) { return i < n && op[i].type == ARM64_OP_IMM; };
  auto is_mem = [&](int i) { return i < n && op[i].type == ARM64_OP_MEM; };
  switch (in.id) {
    case ARM64_INS_SVC:
      out.control = instruction::flow::trap;
      return;
    case ARM64_INS_BL:
    case ARM64_INS_BLR:
      out.control = instruction::flow::call;
      break;
    case ARM64_INS_B:
      out.control = a.cc == ARM64_CC_INVALID || a.cc == ARM64_CC_AL ? instruction::flow::jump
                                                                   : instruction::flow::branch;
      break;
    case ARM64_INS_BR:
      out.control = instruction::flow::jump;
      return;
    case ARM64_INS_CBZ:
    case ARM64_INS_CBNZ:
    case ARM64_INS_TBZ:
    case ARM64_INS_TBNZ:
      out.control = instruction::flow::branch;
      break;
    case ARM64_INS_RET:
      out.control = instruction::flow::ret;
      return;
    case ARM64_INS_BRK:
    case ARM64_INS_HLT:
      out.control = instruction::flow::stop;
      return;
    case ARM64_INS_CMP:
    case ARM64_INS_CMN:
    case ARM64_INS_TST:
      return;
    case ARM64_INS_MOV:
    case ARM64_INS_MOVZ:
    case ARM64_INS_MOVN:
      if (is_reg(0) && is_imm(1)) {
        std::int64_t v = op[1].imm << op[1].shift.value;
        if (in.id == ARM64_INS_MOVN) v = ~v;
        e.push_back(eff(effect::kind::set_const, reg(op[0].reg), "", 0, v));
        return;
      }
      if (is_reg(0) && is_reg(1)) {
        e.push_back(eff(effect::kind::copy, reg(op[0].reg), reg(op[1].reg)));
        return;
      }
      break;
    case ARM64_INS_ADD:
    case ARM64_INS_SUB:
      if (n == 3 && is_reg(0) && is_reg(1) && is_imm(2)) {
        std::int64_t v = op[2].imm << op[2].shift.value;
        if (in.id == ARM64_INS_SUB) v = -v;
        std::string d = reg(op[0].reg), s = reg(op[1].reg);
        e.push_back(d == s ? eff(effect::kind::adjust, d, "", v) : eff(effect::kind::address, d, s, v));
        return;
      }
      break;
    case ARM64_INS_STR:
    case ARM64_INS_STUR:
    case ARM64_INS_STP:
    case ARM64_INS_LDR:
    case ARM64_INS_LDUR:
    case ARM64_INS_LDP: {
      const bool store = in.id == ARM64_INS_STR || in.id == ARM64_INS_STUR || in.id == ARM64_INS_STP;
      const int nregs = in.id == ARM64_INS_STP || in.id == ARM64_INS_LDP ? 2 : 1;
      if (!is_mem(nregs) || op[nregs].mem.index != ARM64_REG_INVALID) break;
      std::string base = reg(op[nregs].mem.base);
      std::int64_t disp = op[nregs].mem.disp;
      const bool post = is_imm(nregs + 1);
      const bool pre = a.writeback && !post;
      if (pre) {
        e.push_back(eff(effect::kind::adjust, base, "", disp));
        disp = 0;
      }
      const std::int64_t size = is_reg(0) && cs_reg_name(cs, op[0].reg)[0] == 'w' ? 4 : 8;
      for (int r = 0; r < nregs; ++r) {
        std::string rr = reg(op[r].reg);
        if (store)
          e.push_back(rr == "xzr" ? eff(effect::kind::store_const, base, "", disp + r * size, 0)
                                  : eff(effect::kind::store, base, rr, disp + r * size));
        else
          e.push_back(eff(effect::kind::load, rr, base, disp + r * size));
      }
      if (post) e.push_back(eff(effect::kind::adjust, base, "", op[nregs + 1].imm));
      return;
    }
    default:
      break;
  }
  if (out.control != instruction::flow::next) {
    if (is_imm(0)) out.target = static_cast<std::uint64_t>(op[0].imm);
    for (int i = 1; i < n && !out.target; ++i)
      if (is_imm(i) && (in.id == ARM64_INS_CBZ || in.id == ARM64_INS_CBNZ || i == n - 1))
        out.target = static_cast<std::uint64_t>(op[i].imm);
    return;
  }
  // Anything else writes its first operand (stores and compares are handled above).
  if (is_reg(0)) e.push_back(eff(effect::kind::clobber, reg(op[0].reg)));
}

// --- arm (Capstone, ARM or Thumb: the destination first) ----------------------

void arm_decode(csh cs, const cs_insn& in, const syscall_convention& conv, bool thumb,
                instruction& out) {
  const cs_arm& a = in.detail->arm;
  auto reg = [&](unsigned r) { return canonical_register(conv, cs_reg_name(cs, r)); };
  auto& e = out.effects;
  for (int i = 0; i < a.op_count; ++i) {
    const auto& o = a.operands[i];
    if (o.type == ARM_OP_IMM) out.immediates.push_back(static_cast<std::int64_t>(o.imm));
    if (o.type == ARM_OP_REG) out.registers.push_back(reg(o.reg));
    if (o.type == ARM_OP_MEM) out.registers.push_back(reg(o.mem.base));
  }
  const auto* op = a.operands;
  const int n = a.op_count;
  auto is_reg = [&](int i) { return i < n && op[i].type == ARM_OP_REG; };
  auto is_imm = [&](int i) { return i < n && op[i].type == ARM_OP_IMM; };
  auto is_mem = [&](int i) { return i < n && op[i].type == ARM_OP_MEM; };
  const bool conditional = a.cc != ARM_CC_AL && a.cc != ARM_CC_INVALID;
  // 32-bit constants, as the register holds them.
  auto u32 = [](std::int64_t v) { return static_cast<std::int64_t>(static_cast<std::int32_t>(v)); };
  switch (in.id) {
    case ARM_INS_SVC:
      out.control = instruction::flow::trap;
      return;
    case ARM_INS_BL:
    case ARM_INS_BLX:
      out.control = instruction::flow::call;
      if (is_imm(0)) out.target = static_cast<std::uint32_t>(op[0].imm);
      return;
    case ARM_INS_B:
      out.control = conditional ? instruction::flow::branch : instruction::flow::jump;
      if (is_imm(0)) out.target = static_cast<std::uint32_t>(op[0].imm);
      return;
    case ARM_INS_CBZ:
    case ARM_INS_CBNZ:
      out.control = instruction::flow::branch;
      if (is_imm(1)) out.target = static_cast<std::uint32_t>(op[1].imm);
      return;
    case ARM_INS_BX:
      out.control = is_reg(0) && reg(op[0].reg) == "lr" ? instruction::flow::ret
                                                       : instruction::flow::jump;
      return;
    case ARM_INS_UDF:
      out.control = instruction::flow::stop;
      return;
    case ARM_INS_CMP:
    case ARM_INS_CMN:
    case ARM_INS_TST:
      return;
    case ARM_INS_MOV:  // movs too: Capstone 4 reports the flag update separately
    case ARM_INS_MOVW:
    case ARM_INS_MVN:
      if (is_reg(0) && is_imm(1) && !conditional) {
        std::int64_t v = u32(op[1].imm);
        if (in.id == ARM_INS_MVN) v = u32(~v);
        e.push_back(eff(effect::kind::set_const, reg(op[0].reg), "", 0, v));
        return;
      }
      if (is_reg(0) && is_reg(1) && in.id != ARM_INS_MVN && !conditional &&
          op[1].shift.type == ARM_SFT_INVALID) {
        e.push_back(eff(effect::kind::copy, reg(op[0].reg), reg(op[1].reg)));
        if (reg(op[0].reg) == "pc") out.control = instruction::flow::ret;
        return;
      }
      break;
    case ARM_INS_PUSH:
    case ARM_INS_POP: {
      const std::string sp = "sp";
      if (conditional) {  // popls {r7, pc}: a conditional return
        for (int i = 0; i < n; ++i)
          if (is_reg(i) && reg(op[i].reg) == "pc") out.control = instruction::flow::branch;
        return;
      }
      const bool push = in.id == ARM_INS_PUSH;
      if (push) e.push_back(eff(effect::kind::adjust, sp, "", -4 * n));
      for (int i = 0; i < n; ++i) {
        if (!is_reg(i)) continue;
        std::string r = reg(op[i].reg);
        e.push_back(push ? eff(effect::kind::store, sp, r, 4 * i) : eff(effect::kind::load, r, sp, 4 * i));
        if (!push && r == "pc") out.control = instruction::flow::ret;
      }
      if (!push) e.push_back(eff(effect::kind::adjust, sp, "", 4 * n));
      return;
    }
    case ARM_INS_ADD:
    case ARM_INS_ADDW:
    case ARM_INS_SUB:
    case ARM_INS_SUBW:
      if (!conditional && is_reg(0)) {
        const bool sub = in.id == ARM_INS_SUB || in.id == ARM_INS_SUBW;
        // Thumb's two-operand form (`sub sp, #56`) means rd = rd - imm.
        int s = n == 2 ? 0 : 1;
        if (is_reg(s) && is_imm(s + 1)) {
          std::int64_t v = sub ? -std::int64_t(op[s + 1].imm) : std::int64_t(op[s + 1].imm);
          std::string d = reg(op[0].reg), src = reg(op[s].reg);
          e.push_back(d == src ? eff(effect::kind::adjust, d, "", v)
                               : eff(effect::kind::address, d, src, v));
          return;
        }
      }
      break;
    case ARM_INS_STM:
    case ARM_INS_LDM:
      // stm/ldm base, {list} (increment after): the list at base, base + 4, ...
      if (is_reg(0) && !a.writeback && !conditional) {
        std::string base = reg(op[0].reg);
        for (int i = 1; i < n; ++i)
          if (is_reg(i))
            e.push_back(in.id == ARM_INS_STM ? eff(effect::kind::store, base, reg(op[i].reg), 4 * (i - 1))
                                             : eff(effect::kind::load, reg(op[i].reg), base, 4 * (i - 1)));
        return;
      }
      break;
    case ARM_INS_STR:
    case ARM_INS_LDR: {
      const bool store = in.id == ARM_INS_STR;
      if (!is_reg(0) || !is_mem(1) || op[1].mem.index != ARM_REG_INVALID || conditional) break;
      std::string base = reg(op[1].mem.base), r = reg(op[0].reg);
      std::int64_t disp = op[1].mem.disp;
      const bool post = is_imm(2);
      if (a.writeback && !post) {
        e.push_back(eff(effect::kind::adjust, base, "", disp));
        disp = 0;
      }
      if (base == "pc") {  // a literal: its value is not followed, its address is kept
        if (!store) e.push_back(eff(effect::kind::clobber, r));
        // pc reads as the instruction's address + 4 in Thumb, + 8 in ARM
        // code; a literal load aligns it down to 4.
        std::uint64_t pc = in.address + (thumb ? 4 : 8);
        out.literal = (pc & ~std::uint64_t(3)) + static_cast<std::uint64_t>(disp);
        return;
      }
      e.push_back(store ? eff(effect::kind::store, base, r, disp) : eff(effect::kind::load, r, base, disp));
      if (post) {
        std::int64_t v = op[2].imm;
        if (op[2].subtracted) v = -v;
        e.push_back(eff(effect::kind::adjust, base, "", v));
      }
      if (!store && r == "pc") out.control = instruction::flow::ret;
      return;
    }
    default:
      break;
  }
  if (in.id == ARM_INS_MOVT && is_reg(0) && is_imm(1)) {
    // The upper half joins the lower one: followed as an unknown unless the
    // tracer knows the lower half (trace.cpp does not combine; rare in stubs).
    e.push_back(eff(effect::kind::clobber, reg(op[0].reg)));
    return;
  }
  // Anything else that names a destination writes it.
  cs_regs rd, wr;
  std::uint8_t nrd = 0, nwr = 0;
  if (cs_regs_access(cs, &in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
    for (int i = 0; i < nwr; ++i) {
      std::string r = reg(wr[i]);
      if (r != "cpsr" && r != "apsr" && r != "itstate" && r != "pc") e.push_back(eff(effect::kind::clobber, r));
    }
}

// --- Capstone driver -----------------------------------------------------------

disassembly capstone_disassemble(const elf_image& image, const elf_function& f,
                                 const syscall_convention& conv) {
  cs_arch arch;
  cs_mode mode;
  if (conv.arch == "x86_64") {
    arch = CS_ARCH_X86;
    mode = CS_MODE_64;
  } else if (conv.arch == "i386") {
    arch = CS_ARCH_X86;
    mode = CS_MODE_32;
  } else if (conv.arch == "aarch64") {
    arch = CS_ARCH_ARM64;
    mode = CS_MODE_ARM;
  } else {
    arch = CS_ARCH_ARM;
    mode = f.thumb ? CS_MODE_THUMB : CS_MODE_ARM;
  }
  csh cs = 0;
  if (cs_open(arch, mode, &cs) != CS_ERR_OK)
    throw usage_error(fmt::format("Capstone cannot decode {} here", conv.arch));
  cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
  if (arch == CS_ARCH_X86) cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);

  disassembly out;
  int major = 0, minor = 0;
  cs_version(&major, &minor);
  out.decoder = fmt::format("Capstone {}.{}", major, minor);
  auto code = image.bytes(f);
  auto maps = image.mapping_symbols(f);
  cs_insn* insn = cs_malloc(cs);
  std::uint64_t addr = f.address;
  std::size_t pos = 0;
  const std::size_t step = arch == CS_ARCH_X86 ? 1 : (f.thumb ? 2 : 4);
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
    if (!in_data(addr) && cs_disasm_iter(cs, &p, &left, &a, insn)) {
      ins.bytes.assign(code.begin() + static_cast<long>(pos),
                       code.begin() + static_cast<long>(pos + insn->size));
      ins.mnemonic = insn->mnemonic;
      ins.operands = insn->op_str;
      if (arch == CS_ARCH_X86) {
        x86_effects(cs, *insn, conv, ins);
        x86_flow(*insn, conv, ins);
      } else if (arch == CS_ARCH_ARM64) {
        arm64_decode(cs, *insn, conv, ins);
      } else {
        arm_decode(cs, *insn, conv, f.thumb, ins);
      }
    } else {
      // Data (a literal pool) or bytes Capstone does not decode: one word.
      const bool data = in_data(addr);
      std::size_t n = std::min<std::size_t>(left, data ? 4 : step);
      ins.bytes.assign(code.begin() + static_cast<long>(pos), code.begin() + static_cast<long>(pos + n));
      std::uint64_t v = 0;
      for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t(ins.bytes[i]) << (8 * i);
      if (!data && arch == CS_ARCH_ARM64 && n == 4 && v < 0x10000) {
        // udf #imm (permanently undefined), which Capstone 4 predates.
        ins.mnemonic = "udf";
        ins.operands = fmt::format("#{}", v);
        ins.control = instruction::flow::stop;
      } else {
        ins.data = data;
        ins.mnemonic = n == 4 ? ".word" : n == 2 ? ".short" : ".byte";
        ins.operands = fmt::format("{:#x}", v);
      }
    }
    pos += ins.bytes.size();
    addr += ins.bytes.size();
    out.instructions.push_back(std::move(ins));
  }
  cs_free(insn, 1);
  cs_close(&cs);
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
    if (conv.arch != "x86_64" && conv.arch != "i386") {
      // Reads: every register operand but the ones only written.
      std::set<std::string> written, read;
      for (const auto& e : ins.effects) {
        using k = effect::kind;
        if (e.what == k::store || e.what == k::store_const || e.what == k::adjust || e.what == k::swap)
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
      if (auto r = image.relocation_in(f, *ins.literal, 4); !r.empty()) ins.relocation = "the literal " + r;
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
