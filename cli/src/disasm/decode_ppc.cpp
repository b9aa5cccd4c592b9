// cli/src/disasm/decode_ppc.cpp - ppc64le instructions from Capstone (the
// destination first, as the assembly reads) into effects and control flow
// (sysabi/host/disasm.hpp).
//
// Capstone 4 hands the 16-bit immediates of li, addi and addis over without
// their sign (li r9, -4096 comes as 0xf000): they are sign-extended here,
// as the CPU does.
#include "decoders.hpp"

namespace sysabi::host {

namespace {

struct ppc_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_ppc& p;
  const cs_ppc_op* op;
  int n;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == PPC_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == PPC_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == PPC_OP_MEM; }
};

std::int64_t sign16(std::int64_t v) { return static_cast<std::int16_t>(static_cast<std::uint16_t>(v)); }

// The immediate as the instruction uses it: li/addi sign-extend 16 bits,
// lis/addis shift them into the upper half of a sign-extended word.
std::int64_t ppc_immediate(unsigned id, std::int64_t v) {
  switch (id) {
    case PPC_INS_LI:
    case PPC_INS_ADDI:
      return sign16(v);
    case PPC_INS_LIS:
    case PPC_INS_ADDIS:
      return sign16(v) * 65536;
    default:
      return v;
  }
}

void ppc_operands(const ppc_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == PPC_OP_IMM) out.immediates.push_back(ppc_immediate(d.in.id, o.imm));
    if (o.type == PPC_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == PPC_OP_MEM) out.registers.push_back(d.reg(o.mem.base));
  }
}

// Traps, calls, jumps, branches, returns and stops.  A conditional branch
// (bc != 0: bns, beq, bdnz, ...) is a branch, with its target when it has one.
transfer ppc_control(const ppc_insn& d, instruction& out) {
  using f = instruction::flow;
  const bool conditional = d.p.bc != PPC_BC_INVALID;
  switch (d.in.id) {
    case PPC_INS_SC: out.control = f::trap; return transfer::without_target;
    case PPC_INS_BL:
    case PPC_INS_BLA: out.control = f::call; return transfer::with_target;
    case PPC_INS_BCTRL:
    case PPC_INS_BLRL: out.control = f::call; return transfer::without_target;
    case PPC_INS_B:
    case PPC_INS_BA: out.control = f::jump; return transfer::with_target;
    case PPC_INS_BCTR: out.control = f::jump; return transfer::without_target;
    case PPC_INS_BLR: out.control = f::ret; return transfer::without_target;
    case PPC_INS_BCLR:  // conditional return (blelr): the fall-through goes on
      out.control = conditional ? f::branch : f::ret;
      return transfer::without_target;
    case PPC_INS_BC:
    case PPC_INS_BCL:
    case PPC_INS_BT:
    case PPC_INS_BF:
    case PPC_INS_BDNZ:
    case PPC_INS_BDZ: out.control = f::branch; return transfer::with_target;
    case PPC_INS_TRAP: out.control = f::stop; return transfer::without_target;
    default: return transfer::none;
  }
}

// The effects of the instructions followed; false for any other.
bool ppc_known_effects(const ppc_insn& d, std::vector<effect>& e) {
  const auto* op = d.op;
  const unsigned id = d.in.id;
  switch (id) {
    case PPC_INS_CMPD:
    case PPC_INS_CMPDI:
    case PPC_INS_CMPW:
    case PPC_INS_CMPWI:
    case PPC_INS_CMPLD:
    case PPC_INS_CMPLDI:
    case PPC_INS_CMPLW:
    case PPC_INS_CMPLWI:
    case PPC_INS_NOP:
      return true;  // only cr (or nothing) changes
    case PPC_INS_LI:
    case PPC_INS_LIS:
      if (!(d.is_reg(0) && d.is_imm(1))) return false;
      e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, ppc_immediate(id, op[1].imm)));
      return true;
    case PPC_INS_MR:
      if (!(d.is_reg(0) && d.is_reg(1))) return false;
      e.push_back(eff(effect::kind::copy, d.reg(op[0].reg), d.reg(op[1].reg)));
      return true;
    case PPC_INS_ADDI:
    case PPC_INS_ADDIS: {
      if (!(d.n == 3 && d.is_reg(0) && d.is_reg(1) && d.is_imm(2))) return false;
      std::int64_t v = ppc_immediate(id, op[2].imm);
      std::string dst = d.reg(op[0].reg), src = d.reg(op[1].reg);
      e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", v)
                             : eff(effect::kind::address, dst, src, v));
      return true;
    }
    case PPC_INS_LD:
    case PPC_INS_LWZ:
    case PPC_INS_LWA:
      if (!(d.is_reg(0) && d.is_mem(1))) return false;
      e.push_back(eff(effect::kind::load, d.reg(op[0].reg), d.reg(op[1].mem.base), op[1].mem.disp));
      return true;
    case PPC_INS_STD:
    case PPC_INS_STW:
    case PPC_INS_STDU: {
      if (!(d.is_reg(0) && d.is_mem(1))) return false;
      std::string base = d.reg(op[1].mem.base);
      e.push_back(eff(effect::kind::store, base, d.reg(op[0].reg), op[1].mem.disp));
      // stdu: the address is written back to the base (a new stack frame).
      if (id == PPC_INS_STDU) e.push_back(eff(effect::kind::adjust, base, "", op[1].mem.disp));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

void ppc_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_ppc& p = in.detail->ppc;
  const ppc_insn d{cs, in, conv, p, p.operands, p.op_count};
  ppc_operands(d, out);
  switch (ppc_control(d, out)) {
    case transfer::without_target: return;
    case transfer::with_target:
      for (int i = d.n - 1; i >= 0 && !out.target; --i)
        if (d.is_imm(i)) out.target = static_cast<std::uint64_t>(d.op[i].imm);
      return;
    case transfer::none: break;
  }
  if (ppc_known_effects(d, out.effects)) return;
  // Anything else: every register Capstone says it writes becomes unknown.
  cs_regs read, written;
  std::uint8_t nread = 0, nwritten = 0;
  if (cs_regs_access(cs, &in, read, &nread, written, &nwritten) == CS_ERR_OK) {
    for (int i = 0; i < nwritten; ++i)
      out.effects.push_back(eff(effect::kind::clobber, d.reg(written[i])));
  } else if (d.is_reg(0)) {
    out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
  }
}

}  // namespace sysabi::host
