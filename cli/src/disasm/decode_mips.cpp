// cli/src/disasm/decode_mips.cpp - mips64 (n64) instructions from Capstone
// (the destination first) into effects and control flow
// (sysabi/host/disasm.hpp).
//
// Branch delay slots are not modelled: the instruction after a branch, jump
// or call is listed (and followed) after it, which is where the stubs and
// start-up code put nothing the trap depends on.
#include "decoders.hpp"

namespace sysabi::host {

namespace {

struct mips_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_mips_op* op;
  int n;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == MIPS_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == MIPS_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == MIPS_OP_MEM; }
};

void mips_operands(const mips_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == MIPS_OP_IMM) out.immediates.push_back(o.imm);
    if (o.type == MIPS_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == MIPS_OP_MEM) out.registers.push_back(d.reg(o.mem.base));
  }
}

transfer mips_control(const mips_insn& d, instruction& out) {
  using f = instruction::flow;
  switch (d.in.id) {
    case MIPS_INS_SYSCALL:
      out.control = f::trap;
      return transfer::without_target;
    case MIPS_INS_JAL:
    case MIPS_INS_BAL:
      out.control = f::call;
      return transfer::with_target;
    case MIPS_INS_JALR:
      out.control = f::call;
      return transfer::without_target;
    case MIPS_INS_J:
    case MIPS_INS_B:
      out.control = f::jump;
      return transfer::with_target;
    case MIPS_INS_JR:
    case MIPS_INS_JR_HB:
      // jr $ra returns; jr to another register is a jump (a tail call).
      out.control = d.is_reg(0) && d.reg(d.op[0].reg) == "ra" ? f::ret : f::jump;
      return transfer::without_target;
    case MIPS_INS_BEQ:
    case MIPS_INS_BNE:
    case MIPS_INS_BEQZ:
    case MIPS_INS_BNEZ:
    case MIPS_INS_BLTZ:
    case MIPS_INS_BGEZ:
    case MIPS_INS_BGTZ:
    case MIPS_INS_BLEZ:
      out.control = f::branch;
      return transfer::with_target;
    case MIPS_INS_BREAK:
    case MIPS_INS_TEQ:
      out.control = f::stop;
      return transfer::without_target;
    default:
      return transfer::none;
  }
}

// The target: the last immediate operand.
void mips_target(const mips_insn& d, instruction& out) {
  for (int i = d.n - 1; i >= 0 && !out.target; --i)
    if (d.is_imm(i)) out.target = static_cast<std::uint64_t>(d.op[i].imm);
}

bool mips_known_effects(const mips_insn& d, std::vector<effect>& e) {
  const auto* op = d.op;
  switch (d.in.id) {
    case MIPS_INS_NOP:
      return true;
    case MIPS_INS_LI:
      if (!(d.is_reg(0) && d.is_imm(1))) return false;
      e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, op[1].imm));
      return true;
    case MIPS_INS_MOVE:
      if (!(d.is_reg(0) && d.is_reg(1))) return false;
      if (d.reg(op[1].reg) == "zero")
        e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, 0));
      else
        e.push_back(eff(effect::kind::copy, d.reg(op[0].reg), d.reg(op[1].reg)));
      return true;
    case MIPS_INS_OR:
    case MIPS_INS_ADDU:
    case MIPS_INS_DADDU: {
      // or/addu/daddu rd, rs, $zero (either order) is a move.
      if (!(d.n == 3 && d.is_reg(0) && d.is_reg(1) && d.is_reg(2))) return false;
      std::string a = d.reg(op[1].reg), b = d.reg(op[2].reg);
      if (a != "zero" && b != "zero") return false;
      std::string src = a == "zero" ? b : a;
      if (src == "zero")
        e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, 0));
      else
        e.push_back(eff(effect::kind::copy, d.reg(op[0].reg), src));
      return true;
    }
    case MIPS_INS_ADDIU:
    case MIPS_INS_DADDIU: {
      if (!(d.n == 3 && d.is_reg(0) && d.is_reg(1) && d.is_imm(2))) return false;
      std::string dst = d.reg(op[0].reg), src = d.reg(op[1].reg);
      if (src == "zero")
        e.push_back(eff(effect::kind::set_const, dst, "", 0, op[2].imm));
      else
        e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", op[2].imm)
                               : eff(effect::kind::address, dst, src, op[2].imm));
      return true;
    }
    case MIPS_INS_SD:
    case MIPS_INS_SW:
    case MIPS_INS_LD:
    case MIPS_INS_LW: {
      if (!(d.is_reg(0) && d.is_mem(1))) return false;
      std::string r = d.reg(op[0].reg), base = d.reg(op[1].mem.base);
      const std::int64_t disp = op[1].mem.disp;
      if (d.in.id == MIPS_INS_SD || d.in.id == MIPS_INS_SW)
        e.push_back(r == "zero" ? eff(effect::kind::store_const, base, "", disp, 0)
                                : eff(effect::kind::store, base, r, disp));
      else
        e.push_back(eff(effect::kind::load, r, base, disp));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

void mips_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_mips& m = in.detail->mips;
  const mips_insn d{cs, in, conv, m.operands, m.op_count};
  mips_operands(d, out);
  switch (mips_control(d, out)) {
    case transfer::without_target:
      return;
    case transfer::with_target:
      mips_target(d, out);
      return;
    case transfer::none:
      break;
  }
  if (mips_known_effects(d, out.effects)) return;
  // Anything else writes its first operand (stores are handled above).
  if (d.is_reg(0)) out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
}

}  // namespace sysabi::host
