// cli/src/disasm/decode_arm64.cpp - aarch64 instructions from Capstone (the
// destination first) into effects and control flow (sysabi/host/disasm.hpp).
#include "decoders.hpp"

namespace sysabi::host {

namespace {

// One instruction's operands, with the questions the rules below ask.
struct arm64_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_arm64& a;
  const cs_arm64_op* op;
  int n;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == ARM64_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == ARM64_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == ARM64_OP_MEM; }
};

void arm64_operands(const arm64_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == ARM64_OP_IMM) out.immediates.push_back(o.imm << o.shift.value);
    if (o.type == ARM64_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == ARM64_OP_MEM) out.registers.push_back(d.reg(o.mem.base));
  }
}

// Traps, calls, jumps, branches, returns and stops.
transfer arm64_control(const arm64_insn& d, instruction& out) {
  using f = instruction::flow;
  switch (d.in.id) {
    case ARM64_INS_SVC: out.control = f::trap; return transfer::without_target;
    case ARM64_INS_BL:
    case ARM64_INS_BLR: out.control = f::call; return transfer::with_target;
    case ARM64_INS_B:
      out.control = d.a.cc == ARM64_CC_INVALID || d.a.cc == ARM64_CC_AL ? f::jump : f::branch;
      return transfer::with_target;
    case ARM64_INS_BR: out.control = f::jump; return transfer::without_target;
    case ARM64_INS_CBZ:
    case ARM64_INS_CBNZ:
    case ARM64_INS_TBZ:
    case ARM64_INS_TBNZ: out.control = f::branch; return transfer::with_target;
    case ARM64_INS_RET: out.control = f::ret; return transfer::without_target;
    case ARM64_INS_BRK:
    case ARM64_INS_HLT: out.control = f::stop; return transfer::without_target;
    default: return transfer::none;
  }
}

// The target: the first immediate, or (cbz/cbnz, or the last operand) a later one.
void arm64_target(const arm64_insn& d, instruction& out) {
  if (d.is_imm(0)) out.target = static_cast<std::uint64_t>(d.op[0].imm);
  for (int i = 1; i < d.n && !out.target; ++i)
    if (d.is_imm(i) && (d.in.id == ARM64_INS_CBZ || d.in.id == ARM64_INS_CBNZ || i == d.n - 1))
      out.target = static_cast<std::uint64_t>(d.op[i].imm);
}

// ldr/str/ldp/stp [base, #disp] with pre- or post-index writeback; false
// for an indexed address.
bool arm64_load_store(const arm64_insn& d, std::vector<effect>& e) {
  const auto id = d.in.id;
  const bool store = id == ARM64_INS_STR || id == ARM64_INS_STUR || id == ARM64_INS_STP;
  const int nregs = id == ARM64_INS_STP || id == ARM64_INS_LDP ? 2 : 1;
  if (!d.is_mem(nregs) || d.op[nregs].mem.index != ARM64_REG_INVALID) return false;
  std::string base = d.reg(d.op[nregs].mem.base);
  std::int64_t disp = d.op[nregs].mem.disp;
  const bool post = d.is_imm(nregs + 1);
  const bool pre = d.a.writeback && !post;
  if (pre) {
    e.push_back(eff(effect::kind::adjust, base, "", disp));
    disp = 0;
  }
  const std::int64_t size = d.is_reg(0) && cs_reg_name(d.cs, d.op[0].reg)[0] == 'w' ? 4 : 8;
  for (int r = 0; r < nregs; ++r) {
    std::string rr = d.reg(d.op[r].reg);
    if (store)
      e.push_back(rr == "xzr" ? eff(effect::kind::store_const, base, "", disp + r * size, 0)
                              : eff(effect::kind::store, base, rr, disp + r * size));
    else
      e.push_back(eff(effect::kind::load, rr, base, disp + r * size));
  }
  if (post) e.push_back(eff(effect::kind::adjust, base, "", d.op[nregs + 1].imm));
  return true;
}

// The effects of the instructions followed; false for any other.
bool arm64_known_effects(const arm64_insn& d, std::vector<effect>& e) {
  const auto* op = d.op;
  switch (d.in.id) {
    case ARM64_INS_CMP:
    case ARM64_INS_CMN:
    case ARM64_INS_TST:
      return true;
    case ARM64_INS_MOV:
    case ARM64_INS_MOVZ:
    case ARM64_INS_MOVN:
      if (d.is_reg(0) && d.is_imm(1)) {
        std::int64_t v = op[1].imm << op[1].shift.value;
        if (d.in.id == ARM64_INS_MOVN) v = ~v;
        e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, v));
        return true;
      }
      if (!(d.is_reg(0) && d.is_reg(1))) return false;
      e.push_back(eff(effect::kind::copy, d.reg(op[0].reg), d.reg(op[1].reg)));
      return true;
    case ARM64_INS_ADD:
    case ARM64_INS_SUB: {
      if (!(d.n == 3 && d.is_reg(0) && d.is_reg(1) && d.is_imm(2))) return false;
      std::int64_t v = op[2].imm << op[2].shift.value;
      if (d.in.id == ARM64_INS_SUB) v = -v;
      std::string dst = d.reg(op[0].reg), src = d.reg(op[1].reg);
      e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", v) : eff(effect::kind::address, dst, src, v));
      return true;
    }
    case ARM64_INS_STR:
    case ARM64_INS_STUR:
    case ARM64_INS_STP:
    case ARM64_INS_LDR:
    case ARM64_INS_LDUR:
    case ARM64_INS_LDP:
      return arm64_load_store(d, e);
    default:
      return false;
  }
}

}  // namespace

void arm64_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_arm64& a = in.detail->arm64;
  const arm64_insn d{cs, in, conv, a, a.operands, a.op_count};
  arm64_operands(d, out);
  switch (arm64_control(d, out)) {
    case transfer::without_target: return;
    case transfer::with_target: arm64_target(d, out); return;
    case transfer::none: break;
  }
  if (arm64_known_effects(d, out.effects)) return;
  // Anything else writes its first operand (stores and compares are handled above).
  if (d.is_reg(0)) out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
}

}  // namespace sysabi::host
