// cli/src/disasm/decode_s390x.cpp - s390x instructions from Capstone's
// SystemZ decoder (the destination first) into effects and control flow
// (sysabi/host/disasm.hpp).
//
// Branches are told apart by mnemonic, the way the assembler spells the
// extended mnemonics: j/jg jump, j<cond>/jg<cond> and brc/brcl branch, br
// to r14 returns, b<cond>r (bler %r14: return if low or equal) is a
// conditional transfer whose target is a register, basr/bras/brasl call.
#include "decoders.hpp"

namespace sysabi::host {

namespace {

struct s390x_insn {
  csh cs;
  const cs_insn& in;
  const syscall_convention& conv;
  const cs_sysz_op* op;
  int n;

  std::string reg(unsigned r) const { return canonical_register(conv, cs_reg_name(cs, r)); }
  bool is_reg(int i) const { return i < n && op[i].type == SYSZ_OP_REG; }
  bool is_imm(int i) const { return i < n && op[i].type == SYSZ_OP_IMM; }
  bool is_mem(int i) const { return i < n && op[i].type == SYSZ_OP_MEM; }
  // A base + displacement address with no index register.
  bool is_plain_mem(int i) const {
    return is_mem(i) && op[i].mem.index == SYSZ_REG_INVALID && op[i].mem.base != SYSZ_REG_INVALID;
  }
  std::string mnemonic() const { return in.mnemonic; }
};

void s390x_operands(const s390x_insn& d, instruction& out) {
  for (int i = 0; i < d.n; ++i) {
    const auto& o = d.op[i];
    if (o.type == SYSZ_OP_IMM) out.immediates.push_back(o.imm);
    if (o.type == SYSZ_OP_REG) out.registers.push_back(d.reg(o.reg));
    if (o.type == SYSZ_OP_MEM && o.mem.base != SYSZ_REG_INVALID)
      out.registers.push_back(d.reg(o.mem.base));
  }
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Traps, calls, jumps, branches and returns; false for anything else.
bool s390x_control(const s390x_insn& d, instruction& out) {
  using f = instruction::flow;
  const std::string m = d.mnemonic();
  auto target_from_imm = [&] {
    for (int i = d.n - 1; i >= 0; --i)
      if (d.is_imm(i)) {
        out.target = static_cast<std::uint64_t>(d.op[i].imm);
        return;
      }
  };
  if (m == "svc") {
    out.control = f::trap;
    return true;
  }
  if (m == "basr" || m == "bras" || m == "brasl") {
    out.control = f::call;
    target_from_imm();
    // The link register is written: the return address.
    if (d.is_reg(0)) out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
    return true;
  }
  if (m == "br") {
    out.control = d.is_reg(0) && d.reg(d.op[0].reg) == "r14" ? f::ret : f::jump;
    return true;
  }
  if (m == "j" || m == "jg") {
    out.control = f::jump;
    target_from_imm();
    return true;
  }
  if (starts_with(m, "j") || m == "brc" || m == "brcl") {
    out.control = f::branch;
    target_from_imm();
    return true;
  }
  // b<cond>r and bcr: a conditional branch to a register (nopr: bcr 0, never taken).
  if (m == "nopr" || m == "nop") return true;
  if (m == "bcr" || (starts_with(m, "b") && m.size() >= 3 && m.back() == 'r' && m != "basr")) {
    out.control = f::branch;
    return true;
  }
  return false;
}

// The effects of the instructions followed; false for any other.
bool s390x_known_effects(const s390x_insn& d, std::vector<effect>& e) {
  const auto* op = d.op;
  const std::string m = d.mnemonic();
  // Loads of a constant.
  if ((m == "lghi" || m == "lhi" || m == "lgfi" || m == "llilf" || m == "llill" || m == "iilf") &&
      d.is_reg(0) && d.is_imm(1)) {
    std::int64_t v = op[1].imm;
    if (m == "lhi" || m == "iilf") v = static_cast<std::int32_t>(v);
    if (m == "llilf") v = static_cast<std::uint32_t>(v);
    e.push_back(eff(effect::kind::set_const, d.reg(op[0].reg), "", 0, v));
    return true;
  }
  // Register to register, general or floating-point (ldgr/lgdr: the bits moved as they are).
  if ((m == "lgr" || m == "lr" || m == "ldgr" || m == "lgdr" || m == "ldr") && d.is_reg(0) &&
      d.is_reg(1)) {
    e.push_back(eff(effect::kind::copy, d.reg(op[0].reg), d.reg(op[1].reg)));
    return true;
  }
  // Compares and tests write only the condition code.
  if (m == "cgr" || m == "clgr" || m == "cr" || m == "clr" || m == "cghi" || m == "chi" ||
      m == "clgfi" || m == "clfi" || m == "tmll")
    return true;
  // ltgr r, r: a test of itself.
  if ((m == "ltgr" || m == "ltr") && d.is_reg(0) && d.is_reg(1) && op[0].reg == op[1].reg)
    return true;
  if ((m == "aghi" || m == "agfi") && d.is_reg(0) && d.is_imm(1)) {
    e.push_back(eff(effect::kind::adjust, d.reg(op[0].reg), "", op[1].imm));
    return true;
  }
  // aghik r1, r3, imm: r1 = r3 + imm.
  if (m == "aghik" && d.is_reg(0) && d.is_reg(1) && d.is_imm(2)) {
    std::string dst = d.reg(op[0].reg), src = d.reg(op[1].reg);
    e.push_back(dst == src ? eff(effect::kind::adjust, dst, "", op[2].imm)
                           : eff(effect::kind::address, dst, src, op[2].imm));
    return true;
  }
  // mvghi disp(base), imm: an 8-byte store of a constant (unoptimized code
  // keeps the number there on its way to r1).
  if (m == "mvghi" && d.is_plain_mem(0) && d.is_imm(1)) {
    e.push_back(eff(effect::kind::store_const, d.reg(op[0].mem.base), "", op[0].mem.disp, op[1].imm));
    return true;
  }
  if ((m == "la" || m == "lay") && d.is_reg(0) && d.is_plain_mem(1)) {
    std::string dst = d.reg(op[0].reg), base = d.reg(op[1].mem.base);
    e.push_back(dst == base ? eff(effect::kind::adjust, dst, "", op[1].mem.disp)
                            : eff(effect::kind::address, dst, base, op[1].mem.disp));
    return true;
  }
  // 8-byte loads and stores at base + displacement (general and FP registers).
  if ((m == "lg" || m == "ld" || m == "ldy") && d.is_reg(0) && d.is_plain_mem(1)) {
    e.push_back(eff(effect::kind::load, d.reg(op[0].reg), d.reg(op[1].mem.base), op[1].mem.disp));
    return true;
  }
  if ((m == "stg" || m == "std" || m == "stdy") && d.is_reg(0) && d.is_plain_mem(1)) {
    e.push_back(eff(effect::kind::store, d.reg(op[1].mem.base), d.reg(op[0].reg), op[1].mem.disp));
    return true;
  }
  // stmg/lmg r1, r3, disp(base): registers r1 up to r3 (wrapping past r15)
  // at consecutive doublewords.
  if ((m == "stmg" || m == "lmg") && d.is_reg(0) && d.is_reg(1) && d.is_plain_mem(2)) {
    const int first = op[0].reg - SYSZ_REG_0, last = op[1].reg - SYSZ_REG_0;
    const std::string base = d.reg(op[2].mem.base);
    const int count = (last - first + 16) % 16 + 1;
    for (int k = 0; k < count; ++k) {
      const int r = (first + k) % 16;
      const std::string name = d.reg(SYSZ_REG_0 + r);
      const std::int64_t at = op[2].mem.disp + 8 * k;
      e.push_back(m == "stmg" ? eff(effect::kind::store, base, name, at)
                              : eff(effect::kind::load, name, base, at));
    }
    return true;
  }
  return false;
}

}  // namespace

void s390x_decode(csh cs, const cs_insn& in, const syscall_convention& conv, instruction& out) {
  const cs_sysz& z = in.detail->sysz;
  const s390x_insn d{cs, in, conv, z.operands, z.op_count};
  s390x_operands(d, out);
  if (s390x_control(d, out)) return;
  if (s390x_known_effects(d, out.effects)) return;
  // Anything else writes its first operand, unless it is a store to memory.
  const std::string m = d.mnemonic();
  const bool store = starts_with(m, "st") || m == "xc" || m == "mvc";
  if (!store && d.is_reg(0)) out.effects.push_back(eff(effect::kind::clobber, d.reg(d.op[0].reg)));
}

}  // namespace sysabi::host
