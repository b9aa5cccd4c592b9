// cli/src/disasm/decode_sparc.cpp - sparc64 instructions from Capstone (the
// destination last: `mov 0x14, %g1`, `stx %o0, [%fp + 0x7f7]`) into effects
// and control flow (sysabi/host/disasm.hpp).
//
// Delay slots: a branch, call or return on SPARC executes the instruction
// after it before control moves.  The listing keeps Capstone's order (the
// delay-slot instruction after its branch), which is the order the dataflow
// pass reads; the raw layer's trap (`ta 0x6d`) has no delay slot, so what
// reaches the trap is exact.
#include "decoders.hpp"

namespace sysabi::host {

namespace {

struct sparc_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_sparc& s;
  const cs_sparc_op* op;
  int n;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == SPARC_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == SPARC_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == SPARC_OP_MEM; }
  // The last operand: the destination of every ALU instruction.
  std::string dst() const { return is_reg(n - 1) ? reg(op[n - 1].reg) : ""; }
};

void sparc_operands(const sparc_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == SPARC_OP_IMM) out.immediates.push_back(o.imm);
    if (o.type == SPARC_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == SPARC_OP_MEM) out.registers.push_back(d.reg(o.mem.base));
  }
}

// Traps, calls, jumps, branches, returns and stops; true when it is one.
bool sparc_control(const sparc_insn& d, instruction& out) {
  using f = instruction::flow;
  switch (d.in.id) {
    case SPARC_INS_T:
      out.control = f::trap;
      return true;  // ta N: the software trap
    case SPARC_INS_CALL:
      out.control = f::call;
      if (d.is_imm(0)) out.target = static_cast<std::uint64_t>(d.op[0].imm);
      return true;
    case SPARC_INS_B:
    case SPARC_INS_FB:
    case SPARC_INS_BRGEZ:
    case SPARC_INS_BRGZ:
    case SPARC_INS_BRLEZ:
    case SPARC_INS_BRLZ:
    case SPARC_INS_BRNZ:
    case SPARC_INS_BRZ:
      out.control = d.s.cc == SPARC_CC_ICC_A || d.s.cc == SPARC_CC_INVALID ? f::jump : f::branch;
      for (int i = d.n - 1; i >= 0 && !out.target; --i)
        if (d.is_imm(i)) out.target = static_cast<std::uint64_t>(d.op[i].imm);
      return true;
    case SPARC_INS_RET:
    case SPARC_INS_RETL:
    case SPARC_INS_RETT:  // Capstone 4 prints V9's `return` as rett
      out.control = f::ret;
      return true;
    case SPARC_INS_JMP:
    case SPARC_INS_JMPL:
      out.control = f::jump;
      return true;
    case SPARC_INS_UNIMP:
      out.control = f::stop;
      return true;
    default:
      return false;
  }
}

// ld*/st* [base + disp]: false for an indexed address.
bool sparc_load_store(const sparc_insn& d, std::vector<effect>& e, bool store) {
  const int m = store ? 1 : 0;  // st src, [mem]; ld [mem], dst
  if (!d.is_mem(m) || d.op[m].mem.index != SPARC_REG_INVALID) return false;
  std::string base = d.reg(d.op[m].mem.base);
  std::int64_t disp = d.op[m].mem.disp;
  if (store) {
    if (!d.is_reg(0)) return false;
    std::string src = d.reg(d.op[0].reg);
    e.push_back(src == "g0" ? eff(effect::kind::store_const, base, "", disp, 0)
                            : eff(effect::kind::store, base, src, disp));
  } else {
    if (!d.is_reg(1)) return false;
    e.push_back(eff(effect::kind::load, d.reg(d.op[1].reg), base, disp));
  }
  return true;
}

// dst = src OP imm, for the operations a constant or an address is built with.
bool sparc_alu(const sparc_insn& d, std::vector<effect>& e, int sign) {
  if (!(d.n == 3 && d.is_reg(0) && d.is_imm(1) && d.is_reg(2))) return false;
  std::string src = d.reg(d.op[0].reg), dst = d.dst();
  std::int64_t v = sign * d.op[1].imm;
  if (src == "g0")
    e.push_back(eff(effect::kind::set_const, dst, "", 0, v));
  else
    e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", v)
                           : eff(effect::kind::address, dst, src, v));
  return true;
}

// The effects of the instructions followed; false for any other.
bool sparc_known_effects(const sparc_insn& d, std::vector<effect>& e) {
  switch (d.in.id) {
    case SPARC_INS_CMP:
    case SPARC_INS_NOP:
      return true;
    case SPARC_INS_MOV:
      if (d.n == 2 && d.is_imm(0) && d.is_reg(1)) {
        e.push_back(eff(effect::kind::set_const, d.dst(), "", 0, d.op[0].imm));
        return true;
      }
      if (!(d.n == 2 && d.is_reg(0) && d.is_reg(1))) return false;
      e.push_back(d.reg(d.op[0].reg) == "g0"
                      ? eff(effect::kind::set_const, d.dst(), "", 0, 0)
                      : eff(effect::kind::copy, d.dst(), d.reg(d.op[0].reg)));
      return true;
    case SPARC_INS_SETHI:  // the immediate's bits 31:10
      if (!(d.is_imm(0) && d.is_reg(1))) return false;
      e.push_back(eff(effect::kind::set_const, d.dst(), "", 0, d.op[0].imm << 10));
      return true;
    case SPARC_INS_OR:  // or into sethi's zero low bits: an add
    case SPARC_INS_ADD:
      return sparc_alu(d, e, 1);
    case SPARC_INS_SUB:
      return sparc_alu(d, e, -1);
    case SPARC_INS_SAVE:  // a new window: its %fp is the old %sp, its %sp that + imm
      if (d.n == 3 && d.is_imm(1)) {
        e.push_back(eff(effect::kind::copy, "fp", "sp"));
        e.push_back(eff(effect::kind::adjust, "sp", "", d.op[1].imm));
        return true;
      }
      return false;
    case SPARC_INS_ST:
    case SPARC_INS_STX:
      return sparc_load_store(d, e, true);
    case SPARC_INS_LD:
    case SPARC_INS_LDX:
      return sparc_load_store(d, e, false);
    default:
      return false;
  }
}

}  // namespace

void sparc_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_sparc& s = in.detail->sparc;
  const sparc_insn d{cs, in, conv, s, s.operands, s.op_count};
  sparc_operands(d, out);
  if (sparc_control(d, out)) return;
  if (sparc_known_effects(d, out.effects)) return;
  // Anything else writes its last register operand (stores are handled above).
  if (d.n > 0 && d.is_reg(d.n - 1)) out.effects.push_back(eff(effect::kind::clobber, d.dst()));
}

}  // namespace sysabi::host
