// cli/src/disasm/decode_riscv.cpp - riscv64 through llvm-objdump: Debian 12's
// Capstone 4 has no RISC-V decoder, so the text llvm-objdump (or the cross
// binutils' objdump) prints is parsed back into instructions and effects
// (sysabi/host/disasm.hpp).  A handful of mnemonics matter: li, lui, auipc,
// mv, addi, loads and stores, calls, branches, ecall.
#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "decoders.hpp"
#include "sysabi/host/disasm.hpp"
#include "sysabi/host/fact.hpp"
#include "sysabi/host/manifest.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

// llvm-objdump (or the cross binutils' objdump): the first found.
std::optional<std::string> riscv_objdump(std::string* tried) {
  for (const char* name : {"llvm-objdump-14", "llvm-objdump", "riscv64-linux-gnu-objdump"}) {
    *tried += fmt::format("{}{}", tried->empty() ? "" : ", ", name);
    if (auto p = find_on_path(name)) return p->string();
  }
  return std::nullopt;
}

std::optional<std::int64_t> number(const std::string& s) {
  try {
    std::size_t used = 0;
    long long v = std::stoll(s, &used, 0);
    if (used == s.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}

// "16(sp)" -> (16, sp)
std::optional<std::pair<std::int64_t, std::string>> memory_operand(const syscall_convention& conv,
                                                                   const std::string& s) {
  auto open = s.find('('), close = s.find(')');
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  auto d = open == 0 ? std::optional<std::int64_t>(0) : number(s.substr(0, open));
  if (!d) return std::nullopt;
  return std::make_pair(*d, canonical_register(conv, s.substr(open + 1, close - open - 1)));
}

// Traps, returns, calls, jumps, stops and branches; false for anything else.
bool riscv_control(const std::string& m, const std::vector<std::string>& ops,
                   const syscall_convention& conv, instruction& out) {
  using f = instruction::flow;
  if (m == "ecall")
    out.control = f::trap;
  else if (m == "ret" || (m == "jr" && !ops.empty() && canonical_register(conv, ops[0]) == "ra"))
    out.control = f::ret;
  else if (m == "call" || m == "jal" || m == "jalr" || m == "tail")
    out.control = m == "tail" ? f::jump : f::call;
  else if (m == "j" || m == "jr")
    out.control = f::jump;
  else if (m == "unimp" || m == "ebreak" || m == "c.unimp")
    out.control = f::stop;
  else if (m[0] == 'b' && m != "bset")  // beq bne blt bge bltu bgeu beqz bnez ...
    out.control = f::branch;
  else
    return false;
  return true;
}

// li, lui, auipc, mv, addi: constants, copies and address arithmetic.
bool riscv_arithmetic(const std::string& m, const std::vector<std::string>& ops,
                      const syscall_convention& conv, instruction& out) {
  auto& e = out.effects;
  auto reg = [&](const std::string& r) { return canonical_register(conv, r); };
  auto upper = [](std::int64_t v) { return static_cast<std::int32_t>(static_cast<std::uint32_t>(v) << 12); };
  if (m == "li" && ops.size() == 2)
    if (auto v = number(ops[1])) return e.push_back(eff(effect::kind::set_const, reg(ops[0]), "", 0, *v)), true;
  if (m == "lui" && ops.size() == 2)
    if (auto v = number(ops[1]))
      return e.push_back(eff(effect::kind::set_const, reg(ops[0]), "", 0, upper(*v))), true;
  if (m == "auipc" && ops.size() == 2)
    if (auto v = number(ops[1]))
      return e.push_back(eff(effect::kind::set_const, reg(ops[0]), "", 0,
                             static_cast<std::int64_t>(out.address) + upper(*v))),
             true;
  if (m == "mv" && ops.size() == 2) return e.push_back(eff(effect::kind::copy, reg(ops[0]), reg(ops[1]))), true;
  if ((m == "addi" || m == "addiw") && ops.size() == 3)
    if (auto v = number(ops[2])) {
      std::string d = reg(ops[0]), s = reg(ops[1]);
      e.push_back(d == s ? eff(effect::kind::adjust, d, "", *v) : eff(effect::kind::address, d, s, *v));
      return true;
    }
  return false;
}

// Loads and stores at register + displacement (floating-point stores have no effect followed).
bool riscv_load_store(const std::string& m, const std::vector<std::string>& ops,
                      const syscall_convention& conv, instruction& out) {
  auto& e = out.effects;
  static const char* stores[] = {"sd", "sw", "sh", "sb", "fsd", "fsw"};
  static const char* loads[] = {"ld", "lw", "lwu", "lh", "lhu", "lb", "lbu"};
  for (const char* s : stores)
    if (m == s && ops.size() == 2) {
      if (auto a = memory_operand(conv, ops[1])) {
        if (m[0] == 'f') return true;
        std::string src = canonical_register(conv, ops[0]);
        e.push_back(src == "zero" ? eff(effect::kind::store_const, a->second, "", a->first, 0)
                                  : eff(effect::kind::store, a->second, src, a->first));
      }
      return true;
    }
  for (const char* l : loads)
    if (m == l && ops.size() == 2)
      if (auto a = memory_operand(conv, ops[1])) {
        e.push_back(eff(effect::kind::load, canonical_register(conv, ops[0]), a->second, a->first));
        return true;
      }
  return false;
}

void riscv_decode(const std::string& mnemonic, const std::vector<std::string>& ops,
                  const syscall_convention& conv, instruction& out) {
  for (const auto& o : ops) {
    if (auto v = number(o)) out.immediates.push_back(*v);
    else if (auto m = memory_operand(conv, o)) out.registers.push_back(m->second);
    else if (o.find(' ') == std::string::npos && !o.empty()) out.registers.push_back(canonical_register(conv, o));
  }
  if (riscv_control(mnemonic, ops, conv, out) || riscv_arithmetic(mnemonic, ops, conv, out) ||
      riscv_load_store(mnemonic, ops, conv, out))
    return;
  // Anything else with a destination writes its first operand.
  if (!ops.empty() && !memory_operand(conv, ops[0]) && !number(ops[0]))
    out.effects.push_back(eff(effect::kind::clobber, canonical_register(conv, ops[0])));
}

// (address, mnemonic, operand text) of each instruction line objdump printed
// for the function.  In a relocatable object every function's section
// starts at 0: keep the lines of the section named like this function's
// (-ffunction-sections), or .text.
using objdump_row = std::pair<std::uint64_t, std::pair<std::string, std::string>>;
std::vector<objdump_row> objdump_rows(const std::string& text, const elf_image& image,
                                      const elf_function& f) {
  std::istringstream in(text);
  std::string line, current_section;
  static const std::regex insn_line(R"(^\s*([0-9a-f]+):\s*\t(\S+)\t?(.*)$)");
  static const std::regex section_line(R"(^Disassembly of section (\S+):)");
  std::vector<objdump_row> rows;
  const std::string want = image.relocatable() ? ".text." + f.name : "";
  bool any_section_match = false;
  std::smatch m;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  for (const auto& l : lines)
    if (std::regex_search(l, m, section_line) && m[1] == want) any_section_match = true;
  for (const auto& l : lines) {
    if (std::regex_search(l, m, section_line)) {
      current_section = m[1];
      continue;
    }
    if (image.relocatable() && any_section_match && current_section != want) continue;
    if (!std::regex_match(l, m, insn_line)) continue;
    std::string ops = m[3];
    while (!ops.empty() && (ops.back() == ' ' || ops.back() == '\t')) ops.pop_back();
    rows.push_back({std::stoull(m[1], nullptr, 16), {m[2], ops}});
  }
  return rows;
}

// "a0, 16(sp)" -> {"a0", "16(sp)"}; "0x1c <.L45>": the label objdump gave a
// target address is left out.
std::vector<std::string> split_operands(const std::string& text) {
  std::string operands_only = text;
  if (auto lt = text.find(" <"); lt != std::string::npos) operands_only = text.substr(0, lt);
  std::vector<std::string> ops;
  std::stringstream ss(operands_only);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(' ');
    auto e = item.find_last_not_of(' ');
    if (b != std::string::npos) ops.push_back(item.substr(b, e - b + 1));
  }
  return ops;
}

// auipc reg, hi; jalr lo(reg): a call to auipc's address + hi<<12 + lo.
void auipc_call_target(const instruction& prev, const std::vector<std::string>& ops,
                       const syscall_convention& conv, instruction& ins) {
  auto open = ops[0].find('(');
  if (prev.mnemonic == "auipc" && open != std::string::npos && !prev.effects.empty() &&
      prev.effects[0].what == effect::kind::set_const &&
      prev.effects[0].dst == canonical_register(conv, ops[0].substr(open + 1, ops[0].size() - open - 2))) {
    try {
      ins.target = static_cast<std::uint64_t>(prev.effects[0].constant +
                                              (open ? std::stoll(ops[0].substr(0, open)) : 0));
    } catch (...) {
    }
  }
}

std::string run_objdump(const std::string& tool, const elf_image& image, const elf_function& f) {
  std::vector<std::string> argv = {tool, "-d", "--no-show-raw-insn",
                                   fmt::format("--start-address={:#x}", f.address),
                                   fmt::format("--stop-address={:#x}", f.address + f.size),
                                   image.path().string()};
  auto r = run_capture(argv, 20000);
  if (!r.end.ok())
    throw usage_error(fmt::format("{} failed on {}: {}", tool, image.path().string(),
                                  last_line(r.end.stderr_tail)));
  return r.out;
}

}  // namespace

disassembly objdump_disassemble(const elf_image& image, const elf_function& f,
                                const syscall_convention& conv) {
  std::string tried;
  auto tool = riscv_objdump(&tried);
  if (!tool)
    throw usage_error(fmt::format(
        "cannot disassemble riscv64: Capstone 4 has no RISC-V decoder and none of {} is "
        "installed (Debian package llvm-14)",
        tried));
  auto code = image.bytes(f);
  auto rows = objdump_rows(run_objdump(*tool, image, f), image, f);
  disassembly out;
  out.decoder = fmt::format("{} (Debian 12's Capstone 4 has no RISC-V decoder)",
                            fs::path(*tool).filename().string());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    instruction ins;
    ins.address = rows[i].first;
    std::uint64_t end = i + 1 < rows.size() ? rows[i + 1].first : f.address + f.size;
    std::uint64_t off = ins.address - f.address;
    if (end <= ins.address || off >= code.size()) continue;
    ins.bytes.assign(code.begin() + static_cast<long>(off),
                     code.begin() + static_cast<long>(std::min<std::uint64_t>(end - f.address, code.size())));
    ins.mnemonic = rows[i].second.first;
    ins.operands = rows[i].second.second;
    auto ops = split_operands(ins.operands);
    riscv_decode(ins.mnemonic, ops, conv, ins);
    if (ins.control != instruction::flow::next && !ops.empty() && ops.back().rfind("0x", 0) == 0)
      ins.target = std::stoull(ops.back(), nullptr, 16);
    if (ins.control == instruction::flow::call && ops.size() == 1 && !out.instructions.empty())
      auipc_call_target(out.instructions.back(), ops, conv, ins);
    out.instructions.push_back(std::move(ins));
  }
  if (out.instructions.empty())
    throw usage_error(fmt::format("{} printed no instructions for {} in {}", *tool, f.name,
                                  image.path().string()));
  return out;
}

}  // namespace sysabi::host
