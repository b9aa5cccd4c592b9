// tests/unit/cli_disasm_dataflow_test.cpp - the data-flow pass
// (cli/src/disasm/dataflow.cpp) and the notes built on it
// (cli/src/disasm/annotate.cpp), over small hand-made instruction lists in
// x86_64's and i386's conventions: no decoder, no ELF file, each case one
// behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sysabi/host/asm.hpp"
#include "sysabi/host/dataflow.hpp"

namespace sysabi::host {
namespace {

using k = effect::kind;
using flow = instruction::flow;

const syscall_convention& conv(const char* arch) {
  const syscall_convention* c = find_convention(arch);
  if (!c) throw std::runtime_error(std::string("no convention for ") + arch);
  return *c;
}

// One instruction at `address`, with these effects and this control flow.
instruction insn(std::uint64_t address, std::vector<effect> effects, flow control = flow::next,
                 std::optional<std::uint64_t> target = std::nullopt) {
  instruction in;
  in.address = address;
  in.effects = std::move(effects);
  in.control = control;
  in.target = target;
  for (const auto& e : in.effects) {
    if (!e.dst.empty()) in.registers.push_back(e.dst);
    if (!e.src.empty()) in.registers.push_back(e.src);
  }
  return in;
}

effect set_const(const char* dst, std::int64_t v) { return effect{k::set_const, dst, "", 0, v}; }

bool has_note(const std::vector<std::string>& notes, const std::string& text) {
  return std::find(notes.begin(), notes.end(), text) != notes.end();
}

std::string all(const std::vector<std::string>& notes) {
  std::string s;
  for (const auto& n : notes) s += "[" + n + "] ";
  return s;
}

TEST(Dataflow, ConstantReachesTheTrapWithItsWriter) {
  std::vector<instruction> code = {insn(0, {set_const("rax", 39)}), insn(5, {}, flow::trap)};
  auto t = follow(code, conv("x86_64"));
  ASSERT_EQ(t.before.size(), 2u);
  auto rax = t.before[1].get("rax");
  EXPECT_TRUE(rax.constant()) << "rax before the trap";
  EXPECT_EQ(rax.value, 39);
  EXPECT_EQ(rax.origin, 0) << "made by instruction 0";
  EXPECT_EQ(rax.writer, 0);
}

TEST(Dataflow, TrapWritesTheResultAndClobbers) {
  std::vector<instruction> code = {insn(0, {}, flow::trap), insn(2, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_TRUE(t.before[1].get("rax").trap_result) << "rax after syscall is the kernel's result";
  EXPECT_TRUE(t.before[1].get("rcx").trap_clobbered) << "syscall overwrites rcx";
  EXPECT_TRUE(t.before[1].get("r11").trap_clobbered) << "syscall overwrites r11";
  EXPECT_FALSE(t.before[1].get("rdi").trap_clobbered) << "rdi survives the trap";
}

TEST(Dataflow, EntryArgumentsAndStackPointer) {
  std::vector<instruction> code = {insn(0, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_EQ(t.before[0].get("rdi").entry_argument, 1);
  EXPECT_EQ(t.before[0].get("rsi").entry_argument, 2);
  auto sp = t.before[0].get("rsp");
  EXPECT_EQ(sp.what, traced_value::kind::stack);
  EXPECT_EQ(sp.value, 0) << "the entry stack pointer is offset 0";
  EXPECT_EQ(t.before[0].get("rbx").entry_register, "rbx") << "an untouched register holds its entry value";
}

TEST(Dataflow, PushThenPopRestoresTheEntryValue) {
  std::vector<instruction> code = {
      insn(0, {{k::adjust, "rsp", "", -8, 0}, {k::store, "rsp", "rbx", 0, 0}}),  // push %rbx
      insn(1, {set_const("rbx", 7)}),
      insn(6, {{k::load, "rbx", "rsp", 0, 0}, {k::adjust, "rsp", "", 8, 0}}),  // pop %rbx
      insn(7, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_EQ(t.before[1].get("rsp").value, -8) << "push moved the stack pointer down a word";
  ASSERT_TRUE(t.before[1].stack.count(-8)) << "the pushed slot is followed";
  EXPECT_EQ(t.before[1].stack.at(-8).entry_register, "rbx");
  EXPECT_TRUE(t.before[2].get("rbx").constant());
  EXPECT_EQ(t.before[3].get("rbx").entry_register, "rbx") << "pop brought back the entry rbx";
  EXPECT_EQ(t.before[3].get("rsp").value, 0);
}

TEST(Dataflow, LoadThroughAnArgumentPointer) {
  std::vector<instruction> code = {insn(0, {{k::load, "rax", "rdi", 8, 0}}), insn(4, {})};
  auto t = follow(code, conv("x86_64"));
  auto v = t.before[1].get("rax");
  EXPECT_EQ(v.loaded_from_argument, 1) << "loaded from what argument 1 points to";
  EXPECT_EQ(v.loaded_offset, 8);
}

TEST(Dataflow, SwapExchangesValues) {
  std::vector<instruction> code = {insn(0, {set_const("rax", 1)}),
                                   insn(1, {{k::swap, "rax", "rbx", 0, 0}}), insn(2, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_EQ(t.before[2].get("rbx").value, 1);
  EXPECT_EQ(t.before[2].get("rax").entry_register, "rbx");
}

TEST(Dataflow, ForwardBranchMergeKeepsOnlyAgreedValues) {
  // 0: rax = 1; rdx = 5   1: branch to 3   2: rax = 2   3: (merge)
  std::vector<instruction> code = {insn(0, {set_const("rax", 1), set_const("rdx", 5)}),
                                   insn(1, {}, flow::branch, 3), insn(2, {set_const("rax", 2)}),
                                   insn(3, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_FALSE(t.before[3].get("rax").constant()) << "1 on one path, 2 on the other";
  EXPECT_TRUE(t.before[3].get("rdx").constant()) << "5 on both paths";
  EXPECT_EQ(t.before[3].get("rdx").value, 5);
}

TEST(Dataflow, CodeAfterAnUnconditionalJumpIsUnknown) {
  std::vector<instruction> code = {insn(0, {set_const("rax", 1)}), insn(1, {}, flow::jump, 100),
                                   insn(2, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_FALSE(t.before[2].entry_values) << "reached only from elsewhere";
  EXPECT_FALSE(t.before[2].get("rax").constant());
}

TEST(Dataflow, CallClobbersCallerSavedRegisters) {
  std::vector<instruction> code = {insn(0, {set_const("rdi", 3), set_const("rbx", 4)}),
                                   insn(1, {}, flow::call), insn(2, {})};
  auto t = follow(code, conv("x86_64"));
  EXPECT_TRUE(t.before[2].get("rdi").call_clobbered);
  EXPECT_TRUE(t.before[2].get("rbx").constant()) << "rbx is callee-saved";
}

TEST(Dataflow, AsSignedFollowsTheRegisterWidth) {
  EXPECT_EQ(as_signed(conv("i386"), 0xfffff001), -4095);
  EXPECT_EQ(as_signed(conv("x86_64"), 0xfffff001), 0xfffff001);
}

TEST(Annotate, NamesTheNumberAndTheArguments) {
  std::vector<instruction> code = {insn(0, {set_const("rdi", 1)}), insn(5, {set_const("rax", 39)}),
                                   insn(10, {}, flow::trap)};
  auto notes = annotate("sysabi_stub_getpid", code, conv("x86_64"), nullptr);
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_TRUE(has_note(notes[1], "rax = the number, 39")) << all(notes[1]);
  EXPECT_TRUE(has_note(notes[0], "rdi = argument 1, 1")) << all(notes[0]);
  EXPECT_TRUE(has_note(notes[2], "system call 39")) << all(notes[2]);
  for (const auto& c : conv("x86_64").clobbered)
    EXPECT_TRUE(has_note(notes[2], "clobbers " + std::string(c.reg) + ": " + std::string(c.why)))
        << c.reg << ": " << all(notes[2]);
}

TEST(Annotate, ErrnoTestAfterTheTrap) {
  instruction cmp = insn(7, {});
  cmp.registers = {"rax"};
  cmp.immediates = {-4096};
  cmp.mnemonic = "cmpq";
  std::vector<instruction> code = {insn(0, {set_const("rax", 39)}), insn(5, {}, flow::trap), cmp,
                                   insn(13, {}, flow::branch, 20)};
  auto notes = annotate("f", code, conv("x86_64"), nullptr);
  EXPECT_TRUE(has_note(notes[2], "errno decode: rax in [-4095, -1] (unsigned: above -4096) is -errno"))
      << all(notes[2]);
  EXPECT_TRUE(has_note(notes[3], "branch on the errno test above")) << all(notes[3]);
}

TEST(Annotate, LiteralPoolWordIsData) {
  instruction word = insn(0, {});
  word.data = true;
  auto notes = annotate("f", {word}, conv("arm"), nullptr);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], std::vector<std::string>{"data (a literal pool), not an instruction"});
}

}  // namespace
}  // namespace sysabi::host
