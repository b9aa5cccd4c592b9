// cli/src/disasm/decode_x86.cpp - x86_64 and i386 instructions from
// Capstone (AT&T syntax: sources first, the destination last) into effects
// and control flow (sysabi/host/disasm.hpp).
#include <fmt/format.h>

#include "decoders.hpp"

namespace sysabi::host {

namespace {

// What the effect rules below need from one instruction.
struct x86_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_x86& x;
  std::string sp, ip;
  std::int64_t word;
  const cs_x86_op* src;
  const cs_x86_op* dst;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  // [base + disp]: no index, no segment, not rip-relative.
  bool simple_mem(const cs_x86_op& o) const {
    return o.type == X86_OP_MEM && o.mem.base != X86_REG_INVALID && o.mem.index == X86_REG_INVALID &&
           o.mem.segment == X86_REG_INVALID && reg(o.mem.base) != ip;
  }
};

// Immediates and register operands in printed order, and the registers read.
void x86_operands(const x86_insn& d, instruction& out) {
  for (int i = 0; i < d.x.op_count; ++i) {
    const auto& o = d.x.operands[i];
    if (o.type == X86_OP_IMM) out.immediates.push_back(o.imm);
    if (o.type == X86_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == X86_OP_MEM && o.mem.base != X86_REG_INVALID) out.registers.push_back(d.reg(o.mem.base));
  }
  cs_regs rd, wr;
  std::uint8_t nrd = 0, nwr = 0;
  if (cs_regs_access(d.cs, &d.in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
    for (int i = 0; i < nrd; ++i) {
      std::string r = d.reg(rd[i]);
      if (r.find("flags") == std::string::npos && r != d.ip) out.reads.push_back(r);
    }
}

// mov and its widening forms: a constant, a copy, a load or a store.
void x86_move(const x86_insn& d, std::vector<effect>& e) {
  const auto& src = *d.src;
  const auto& dst = *d.dst;
  if (dst.type == X86_OP_REG) {
    std::string r = d.reg(dst.reg);
    if (src.type == X86_OP_IMM)
      e.push_back(eff(effect::kind::set_const, r, "", 0, src.imm));
    else if (src.type == X86_OP_REG)
      e.push_back(eff(effect::kind::copy, r, d.reg(src.reg)));
    else if (d.simple_mem(src))
      e.push_back(eff(effect::kind::load, r, d.reg(src.mem.base), src.mem.disp));
    else
      e.push_back(eff(effect::kind::clobber, r));
  } else if (d.simple_mem(dst)) {
    if (src.type == X86_OP_REG)
      e.push_back(eff(effect::kind::store, d.reg(dst.mem.base), d.reg(src.reg), dst.mem.disp));
    else if (src.type == X86_OP_IMM)
      e.push_back(eff(effect::kind::store_const, d.reg(dst.mem.base), "", dst.mem.disp, src.imm));
  }
}

// The stack: push, pop, leave.
void x86_stack(const x86_insn& d, std::vector<effect>& e) {
  const std::string fp(d.conv.calls.frame_pointer);
  switch (d.in.id) {
    case X86_INS_PUSH:
      e.push_back(eff(effect::kind::adjust, d.sp, "", -d.word));
      if (d.src && d.src->type == X86_OP_REG)
        e.push_back(eff(effect::kind::store, d.sp, d.reg(d.src->reg), 0));
      else if (d.src && d.src->type == X86_OP_IMM)
        e.push_back(eff(effect::kind::store_const, d.sp, "", 0, d.src->imm));
      return;
    case X86_INS_POP:
      if (d.src && d.src->type == X86_OP_REG) e.push_back(eff(effect::kind::load, d.reg(d.src->reg), d.sp, 0));
      e.push_back(eff(effect::kind::adjust, d.sp, "", d.word));
      return;
    default:  // leave
      e.push_back(eff(effect::kind::copy, d.sp, fp));
      e.push_back(eff(effect::kind::load, fp, d.sp, 0));
      e.push_back(eff(effect::kind::adjust, d.sp, "", d.word));
      return;
  }
}

// The effects of the instructions followed; false for any other (whose
// written registers are then unknown).
bool x86_known_effects(const x86_insn& d, std::vector<effect>& e) {
  const cs_x86_op* src = d.src;
  const cs_x86_op* dst = d.dst;
  const bool reg_reg = src && dst && src->type == X86_OP_REG && dst->type == X86_OP_REG;
  switch (d.in.id) {
    case X86_INS_MOV:
    case X86_INS_MOVABS:
    case X86_INS_MOVSX:
    case X86_INS_MOVSXD:
    case X86_INS_MOVZX:
      if (!dst) return false;
      x86_move(d, e);
      return true;
    case X86_INS_LEA:
      if (dst && dst->type == X86_OP_REG) {
        if (d.simple_mem(*src))
          e.push_back(eff(effect::kind::address, d.reg(dst->reg), d.reg(src->mem.base), src->mem.disp));
        else
          e.push_back(eff(effect::kind::clobber, d.reg(dst->reg)));
      }
      return true;
    case X86_INS_PUSH:
    case X86_INS_POP:
    case X86_INS_LEAVE:
      x86_stack(d, e);
      return true;
    case X86_INS_ADD:
    case X86_INS_SUB:
      if (!(dst && dst->type == X86_OP_REG && d.reg(dst->reg) == d.sp && src->type == X86_OP_IMM)) return false;
      e.push_back(eff(effect::kind::adjust, d.sp, "", d.in.id == X86_INS_ADD ? src->imm : -src->imm));
      return true;
    case X86_INS_XCHG:
      if (!reg_reg) return false;
      e.push_back(eff(effect::kind::swap, d.reg(dst->reg), d.reg(src->reg)));
      return true;
    case X86_INS_XOR:
      if (!reg_reg || src->reg != dst->reg) return false;
      e.push_back(eff(effect::kind::set_const, d.reg(dst->reg), "", 0, 0));
      return true;
    case X86_INS_OR:  // or $-1, reg: -1 in fewer bytes than a mov
      if (!(src && dst && src->type == X86_OP_IMM && dst->type == X86_OP_REG &&
            (src->imm == -1 || (d.conv.word_bytes == 4 && (src->imm & 0xffffffff) == 0xffffffff))))
        return false;
      e.push_back(eff(effect::kind::set_const, d.reg(dst->reg), "", 0, -1));
      return true;
    case X86_INS_CMP:
    case X86_INS_TEST:
      return true;
    default:
      return false;
  }
}

void x86_flow(const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_x86& x = in.detail->x86;
  bool is_trap = conv.arch != "i386"  // x86_64, x32
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

}  // namespace

void x86_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_x86& x = in.detail->x86;
  const x86_insn d{cs,
                   in,
                   conv,
                   x,
                   std::string(conv.calls.stack_pointer),
                   conv.arch != "i386" ? "rip" : "eip",
                   conv.word_bytes,
                   x.op_count >= 1 ? &x.operands[0] : nullptr,
                   x.op_count >= 2 ? &x.operands[x.op_count - 1] : nullptr};
  x86_operands(d, out);
  if (!x86_known_effects(d, out.effects)) {
    // Anything else: every register it writes is now unknown.
    cs_regs rd, wr;
    std::uint8_t nrd = 0, nwr = 0;
    if (cs_regs_access(cs, &in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
      for (int i = 0; i < nwr; ++i) {
        std::string r = d.reg(wr[i]);
        if (r.find("flags") == std::string::npos && r != d.ip)
          out.effects.push_back(eff(effect::kind::clobber, r));
      }
  }
  x86_flow(in, conv, out);
}

}  // namespace sysabi::host
