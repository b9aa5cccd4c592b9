// cli/src/disasm/decode_arm.cpp - arm instructions (ARM or Thumb) from
// Capstone (the destination first) into effects and control flow
// (sysabi/host/disasm.hpp).
#include "decoders.hpp"

namespace sysabi::host {

namespace {

// One instruction's operands, with the questions the rules below ask.
struct arm_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_arm& a;
  const cs_arm_op* op;
  int n;
  bool thumb;
  bool conditional;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == ARM_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == ARM_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == ARM_OP_MEM; }
};

// 32-bit constants, as the register holds them.
std::int64_t u32(std::int64_t v) { return static_cast<std::int64_t>(static_cast<std::int32_t>(v)); }

void arm_operands(const arm_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == ARM_OP_IMM) out.immediates.push_back(static_cast<std::int64_t>(o.imm));
    if (o.type == ARM_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == ARM_OP_MEM) out.registers.push_back(d.reg(o.mem.base));
  }
}

// Traps, calls, jumps, branches, returns and stops; false for anything else.
bool arm_control(const arm_insn& d, instruction& out) {
  using f = instruction::flow;
  const auto* op = d.op;
  switch (d.in.id) {
    case ARM_INS_SVC:
      out.control = f::trap;
      return true;
    case ARM_INS_BL:
    case ARM_INS_BLX:
    case ARM_INS_B:
      out.control = d.in.id != ARM_INS_B ? f::call : d.conditional ? f::branch : f::jump;
      if (d.is_imm(0)) out.target = static_cast<std::uint32_t>(op[0].imm);
      return true;
    case ARM_INS_CBZ:
    case ARM_INS_CBNZ:
      out.control = f::branch;
      if (d.is_imm(1)) out.target = static_cast<std::uint32_t>(op[1].imm);
      return true;
    case ARM_INS_BX:
      out.control = d.is_reg(0) && d.reg(op[0].reg) == "lr" ? f::ret : f::jump;
      return true;
    case ARM_INS_UDF:
      out.control = f::stop;
      return true;
    default:
      return false;
  }
}

void arm_push_pop(const arm_insn& d, instruction& out) {
  const std::string sp = "sp";
  auto& e = out.effects;
  if (d.conditional) {  // popls {r7, pc}: a conditional return
    for (int i = 0; i < d.n; ++i)
      if (d.is_reg(i) && d.reg(d.op[i].reg) == "pc") out.control = instruction::flow::branch;
    return;
  }
  const bool push = d.in.id == ARM_INS_PUSH;
  if (push) e.push_back(eff(effect::kind::adjust, sp, "", -4 * d.n));
  for (int i = 0; i < d.n; ++i) {
    if (!d.is_reg(i)) continue;
    std::string r = d.reg(d.op[i].reg);
    e.push_back(push ? eff(effect::kind::store, sp, r, 4 * i) : eff(effect::kind::load, r, sp, 4 * i));
    if (!push && r == "pc") out.control = instruction::flow::ret;
  }
  if (!push) e.push_back(eff(effect::kind::adjust, sp, "", 4 * d.n));
}

// ldr/str [base, #disp] with writeback, and pc-relative literals; false for
// an indexed or conditional one.
bool arm_load_store(const arm_insn& d, instruction& out) {
  const auto* op = d.op;
  auto& e = out.effects;
  const bool store = d.in.id == ARM_INS_STR;
  if (!d.is_reg(0) || !d.is_mem(1) || op[1].mem.index != ARM_REG_INVALID || d.conditional) return false;
  std::string base = d.reg(op[1].mem.base), r = d.reg(op[0].reg);
  std::int64_t disp = op[1].mem.disp;
  const bool post = d.is_imm(2);
  if (d.a.writeback && !post) {
    e.push_back(eff(effect::kind::adjust, base, "", disp));
    disp = 0;
  }
  if (base == "pc") {  // a literal: its value is not followed, its address is kept
    if (!store) e.push_back(eff(effect::kind::clobber, r));
    // pc reads as the instruction's address + 4 in Thumb, + 8 in ARM
    // code; a literal load aligns it down to 4.
    std::uint64_t pc = d.in.address + (d.thumb ? 4 : 8);
    out.literal = (pc & ~std::uint64_t(3)) + static_cast<std::uint64_t>(disp);
    return true;
  }
  e.push_back(store ? eff(effect::kind::store, base, r, disp) : eff(effect::kind::load, r, base, disp));
  if (post) {
    std::int64_t v = op[2].imm;
    if (op[2].subtracted) v = -v;
    e.push_back(eff(effect::kind::adjust, base, "", v));
  }
  if (!store && r == "pc") out.control = instruction::flow::ret;
  return true;
}

// mov/movw/mvn: a constant or a copy (mov pc, ... returns).
bool arm_move(const arm_insn& d, instruction& out) {
  const auto* op = d.op;
  if (d.is_reg(0) && d.is_imm(1) && !d.conditional) {
    std::int64_t v = u32(op[1].imm);
    if (d.in.id == ARM_INS_MVN) v = u32(~v);
    out.effects.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, v));
    return true;
  }
  if (d.is_reg(0) && d.is_reg(1) && d.in.id != ARM_INS_MVN && !d.conditional &&
      op[1].shift.type == ARM_SFT_INVALID) {
    out.effects.push_back(eff(effect::kind::copy, d.reg(op[0].reg), d.reg(op[1].reg)));
    if (d.reg(op[0].reg) == "pc") out.control = instruction::flow::ret;
    return true;
  }
  return false;
}

// add/sub rd, rn, #imm (Thumb's two-operand form `sub sp, #56` is rd = rd - imm).
bool arm_add_sub(const arm_insn& d, std::vector<effect>& e) {
  if (d.conditional || !d.is_reg(0)) return false;
  const bool sub = d.in.id == ARM_INS_SUB || d.in.id == ARM_INS_SUBW;
  int s = d.n == 2 ? 0 : 1;
  if (!(d.is_reg(s) && d.is_imm(s + 1))) return false;
  std::int64_t v = sub ? -std::int64_t(d.op[s + 1].imm) : std::int64_t(d.op[s + 1].imm);
  std::string dst = d.reg(d.op[0].reg), src = d.reg(d.op[s].reg);
  e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", v) : eff(effect::kind::address, dst, src, v));
  return true;
}

// stm/ldm base, {list} (increment after): the list at base, base + 4, ...
bool arm_multiple(const arm_insn& d, std::vector<effect>& e) {
  if (!d.is_reg(0) || d.a.writeback || d.conditional) return false;
  std::string base = d.reg(d.op[0].reg);
  for (int i = 1; i < d.n; ++i)
    if (d.is_reg(i))
      e.push_back(d.in.id == ARM_INS_STM ? eff(effect::kind::store, base, d.reg(d.op[i].reg), 4 * (i - 1))
                                         : eff(effect::kind::load, d.reg(d.op[i].reg), base, 4 * (i - 1)));
  return true;
}

// The effects of the instructions followed; false for any other.
bool arm_known_effects(const arm_insn& d, instruction& out) {
  switch (d.in.id) {
    case ARM_INS_CMP:
    case ARM_INS_CMN:
    case ARM_INS_TST:
      return true;
    case ARM_INS_MOV:  // movs too: Capstone 4 reports the flag update separately
    case ARM_INS_MOVW:
    case ARM_INS_MVN:
      return arm_move(d, out);
    case ARM_INS_PUSH:
    case ARM_INS_POP:
      arm_push_pop(d, out);
      return true;
    case ARM_INS_ADD:
    case ARM_INS_ADDW:
    case ARM_INS_SUB:
    case ARM_INS_SUBW:
      return arm_add_sub(d, out.effects);
    case ARM_INS_STM:
    case ARM_INS_LDM:
      return arm_multiple(d, out.effects);
    case ARM_INS_STR:
    case ARM_INS_LDR:
      return arm_load_store(d, out);
    default:
      return false;
  }
}

}  // namespace

void arm_decode(csh cs, const cs_insn& in, const syscall_convention& conv, bool thumb,
                instruction& out) {
  const cs_arm& a = in.detail->arm;
  const arm_insn d{cs, in, conv, a, a.operands, a.op_count, thumb,
                   a.cc != ARM_CC_AL && a.cc != ARM_CC_INVALID};
  arm_operands(d, out);
  if (arm_control(d, out) || arm_known_effects(d, out)) return;
  if (in.id == ARM_INS_MOVT && d.is_reg(0) && d.is_imm(1)) {
    // The upper half joins the lower one: followed as an unknown unless the
    // data-flow pass knows the lower half (dataflow.cpp does not combine; rare in stubs).
    out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
    return;
  }
  // Anything else that names a destination writes it.
  cs_regs rd, wr;
  std::uint8_t nrd = 0, nwr = 0;
  if (cs_regs_access(cs, &in, rd, &nrd, wr, &nwr) == CS_ERR_OK)
    for (int i = 0; i < nwr; ++i) {
      std::string r = d.reg(wr[i]);
      if (r != "cpsr" && r != "apsr" && r != "itstate" && r != "pc")
        out.effects.push_back(eff(effect::kind::clobber, r));
    }
}

}  // namespace sysabi::host
