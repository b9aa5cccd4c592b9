// cli/commands/asm.cpp - `sysabi asm [--arch A] [SYMBOL|SYSCALL] [--object FILE]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/asm.hpp"
#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

action add_asm_command(CLI::App& app) {
  auto o = std::make_shared<asm_options>();
  auto* sub = app.add_subcommand(
      "asm", "Disassemble a raw system-call stub or a probe function (_start, sysabi_setjmp, ...), "
             "annotated");
  sub->add_option("what", o->what,
                  "A system call with a raw wrapper (getpid, mmap, ...) or a function symbol; "
                  "none: list them")
      ->type_name("SYMBOL|SYSCALL");
  sub->add_option("--arch", o->arch, "The arch (default: this machine's)")->type_name("ARCH");
  sub->add_option("--object", o->object,
                  "Disassemble SYMBOL from this ELF file (of --arch) instead of the build's")
      ->type_name("FILE");
  return [sub, o] { return *sub ? cmd_asm(*o) : -1; };
}

}  // namespace sysabi::host
