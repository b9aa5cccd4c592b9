// cli/src/abi/table.cpp - the system-call convention of every arch sysabi
// knows: the one place `sysabi abi`, `sysabi asm` and docs/abi/ take it from.
//
// Each row states what the raw layer's arch header
// (raw_syscalls/include/sysabi/raw/arch/<arch>.hpp) implements and the
// calling_convention probe observes; `sysabi abi --check` and
// tests/lit/asm/abi-vs-probe.test hold the row to both.  Numbers are not
// here: they come from each arch's uapi headers at build time
// (scripts/syscall_table.py).
#include <fmt/format.h>

#include "sysabi/host/abi.hpp"

namespace sysabi::host {

namespace {

// One function per arch, in the order `sysabi abi` lists them.

syscall_convention x86_64_convention() {
  syscall_convention c;
  c.arch = "x86_64";
  c.trap = "syscall";
  c.trap_effect = "enter the kernel at the address in MSR_LSTAR";
  c.number = "rax";
  c.arguments = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
  c.result = "rax";
  c.clobbered = {{"rcx", "the CPU stores the return address (rip) there"},
                 {"r11", "the CPU stores rflags there"}};
  c.numbers = "x86_64's own table (arch/x86/entry/syscalls/syscall_64.tbl)";
  c.notes = {
      "Argument 4 travels in r10, not rcx as in a function call: `syscall` itself overwrites rcx.",
      "`int $0x80` still works in a 64-bit process on a kernel with IA-32 emulation, but it "
      "enters the i386 table: i386 numbers, i386 registers, arguments cut to 32 bits.",
      "The x32 ABI uses the same instruction with bit 30 set in the number (__X32_SYSCALL_BIT).",
      "The kernel writes nothing below rsp: the red zone survives a system call.",
  };
  c.sources = {"x86-64 psABI, appendix A.2 (AMD64 Linux kernel conventions)",
               "arch/x86/entry/entry_64.S (entry_SYSCALL_64)", "syscall(2)"};
  c.calls = {{"rdi", "rsi", "rdx", "rcx", "r8", "r9"},
             {"rbx", "rbp", "r12", "r13", "r14", "r15"},
             {"rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"},
             "rsp",
             "rbp",
             "",
             "on the stack, above the return address"};
  c.word_bytes = 8;
  return c;
}

syscall_convention i386_convention() {
  syscall_convention c;
  c.arch = "i386";
  c.trap = "int $0x80";
  c.trap_effect = "software interrupt 0x80: the kernel's entry_INT80_32 (its IA-32 emulation "
                  "under an x86_64 kernel)";
  c.number = "eax";
  c.arguments = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
  c.result = "eax";
  c.numbers = "i386's own table (arch/x86/entry/syscalls/syscall_32.tbl)";
  c.notes = {
      "`int $0x80` works on every i386 kernel and on x86_64 kernels with IA-32 emulation. "
      "glibc instead calls the vDSO's __kernel_vsyscall (its address is AT_SYSINFO in the "
      "auxiliary vector), which uses sysenter or syscall where the CPU has them: the same "
      "registers, a faster entry. sysabi's nolibc binaries use `int $0x80`: nothing to look up.",
      "ebx holds the GOT pointer in PIC code and ebp is the frame pointer at -O0, so neither can "
      "be named in an asm constraint: the raw layer passes argument 1 in edi and exchanges it "
      "with ebx around the trap; with 5 or 6 arguments it loads ebx (and ebp) from a block in "
      "memory, saving both on the stack.",
      "A 64-bit value takes two registers: _llseek gets an offset's high and low words, and "
      "mmap2 takes its offset in 4096-byte units.",
      "Every register but eax comes back unchanged, flags included (iret restores them).",
  };
  c.sources = {"i386 psABI", "arch/x86/entry/entry_32.S (entry_INT80_32)",
               "arch/x86/entry/entry_64_compat.S", "syscall(2)"};
  c.calls = {{},
             {"ebx", "esi", "edi", "ebp"},
             {"eax", "ecx", "edx"},
             "esp",
             "ebp",
             "",
             "all on the stack (cdecl), argument 1 at 4(%esp) on entry"};
  c.word_bytes = 4;
  return c;
}

syscall_convention aarch64_convention() {
  syscall_convention c;
  c.arch = "aarch64";
  c.trap = "svc #0";
  c.trap_effect = "supervisor call: an exception to EL1, where el0_svc reads x8 and x0-x5";
  c.number = "x8";
  c.arguments = {"x0", "x1", "x2", "x3", "x4", "x5"};
  c.result = "x0";
  c.numbers = "asm-generic (include/uapi/asm-generic/unistd.h), shared with riscv64";
  c.notes = {
      "Linux ignores svc's immediate; 0 is the convention.",
      "The asm-generic table has no open, stat, fork, pipe, dup2 or poll: only their "
      "successors openat, newfstatat/statx, clone, pipe2, dup3 and ppoll.",
      "SVE: any system call zeroes z0-z31 above bit 128, p0-p15 and FFR.",
  };
  c.sources = {"arch/arm64/kernel/entry-common.c and syscall.c (el0_svc, invoke_syscall)",
               "Documentation/arch/arm64/sve.rst", "syscall(2)"};
  c.calls = {{"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"},
             {"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29"},
             {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
              "x13", "x14", "x15", "x16", "x17", "x18", "x30"},
             "sp",
             "x29",
             "x30",
             "on the stack"};
  c.word_bytes = 8;
  return c;
}

syscall_convention arm_convention() {
  syscall_convention c;
  c.arch = "arm";
  c.trap = "svc #0";
  c.trap_effect = "supervisor call: vector_swi takes the number from r7 (EABI)";
  c.number = "r7";
  c.arguments = {"r0", "r1", "r2", "r3", "r4", "r5"};
  c.result = "r0";
  c.numbers =
      "arm's own table (arch/arm/tools/syscall.tbl); ARM-private calls at 0x0f0000 "
      "(__ARM_NR_BASE: cacheflush, set_tls, ...)";
  c.notes = {
      "EABI, every current distribution: the number in r7, `svc 0`. The old ABI (OABI) put it "
      "in the instruction (`swi 0x900000+n`); kernels with CONFIG_OABI_COMPAT still accept that.",
      "r7 is the frame pointer of Thumb code, so in Thumb code the raw layer keeps r7 in a "
      "scratch register around the trap instead of binding the number to it.",
      "A 64-bit argument takes an even/odd register pair, which is why arm has "
      "arm_fadvise64_64 and sync_file_range2, their arguments reordered to fit.",
  };
  c.sources = {"arch/arm/kernel/entry-common.S (vector_swi)", "AAPCS (r7 and r11 frame pointers)",
               "syscall(2)"};
  c.calls = {{"r0", "r1", "r2", "r3"},
             {"r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"},
             {"r0", "r1", "r2", "r3", "r12", "lr"},
             "sp",
             "r11",
             "lr",
             "on the stack"};
  c.word_bytes = 4;
  return c;
}

syscall_convention riscv64_convention() {
  syscall_convention c;
  c.arch = "riscv64";
  c.trap = "ecall";
  c.trap_effect = "environment call from U-mode: do_trap_ecall_u reads a7 and a0-a5";
  c.number = "a7";
  c.arguments = {"a0", "a1", "a2", "a3", "a4", "a5"};
  c.result = "a0";
  c.numbers = "asm-generic (include/uapi/asm-generic/unistd.h), shared with aarch64";
  c.notes = {
      "The asm-generic table, as on aarch64, and without renameat too: riscv64 never asked "
      "for it (__ARCH_WANT_RENAMEAT), renameat2 replaces it.",
      "riscv_flush_icache (and, from Linux 6.4, riscv_hwprobe) are riscv-only calls, in "
      "asm-generic's arch-specific range.",
      "a1 survives the trap, although the function-call convention would return a second word "
      "there.",
  };
  c.sources = {"arch/riscv/kernel/traps.c (do_trap_ecall_u)",
               "RISC-V ELF psABI (integer calling convention)", "syscall(2)"};
  c.calls = {{"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"},
             {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"},
             {"ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4",
              "a5", "a6", "a7"},
             "sp",
             "s0",
             "ra",
             "on the stack"};
  c.word_bytes = 8;
  return c;
}

syscall_convention x32_convention() {
  syscall_convention c = x86_64_convention();
  c.arch = "x32";
  c.trap_effect = "enter the kernel at the address in MSR_LSTAR, as x86_64: the same entry "
                  "tells x32 from x86_64 by bit 30 of rax";
  c.numbers = "x32's own table: x86_64's numbers with __X32_SYSCALL_BIT (0x40000000) added, "
              "and from 512 up x32's own (arch/x86/entry/syscalls/syscall_64.tbl, abi x32)";
  c.notes = {
      "x86_64's instruction and registers with ILP32 C types: `long` and pointers are 32 bits, "
      "the registers the kernel reads 64. Every argument fills a whole register: pointers and "
      "unsigned values zero-extended, signed values sign-extended; the result is all of rax.",
      "The kernel's `long` (__kernel_long_t) is 64 bits: off_t, time_t and struct stat's fields "
      "are x86_64's, and lseek takes and returns 64-bit offsets in one register.",
      "The calls whose argument structs hold pointers or C `long`s (rt_sigaction, ioctl, readv, "
      "recvmsg, execve, ...) have x32 numbers of their own from 512 up; x86_64's numbers for "
      "them (13, 16, 19, ...) are holes in x32's table.",
      "A kernel built without CONFIG_X86_X32_ABI answers every x32 call with ENOSYS and refuses "
      "x32 ELF files with ENOEXEC; Debian's amd64 kernel has it but off until syscall.x32=y.",
      "The kernel writes nothing below rsp: the red zone survives a system call.",
  };
  c.sources = {"x86-64 psABI, chapter 10 (ILP32) and appendix A.2",
               "arch/x86/entry/common.c (do_syscall_x32)",
               "arch/x86/entry/syscalls/syscall_64.tbl", "syscall(2)"};
  // The function-call convention is x86_64's, argument registers and all.
  c.word_bytes = 8;
  return c;
}

std::vector<syscall_convention> make_table() {
  return {x86_64_convention(), i386_convention(), aarch64_convention(), arm_convention(),
          riscv64_convention(), x32_convention()};
}

}  // namespace

const std::vector<syscall_convention>& syscall_conventions() {
  static const std::vector<syscall_convention> table = make_table();
  return table;
}

const syscall_convention* find_convention(std::string_view arch) {
  for (const auto& c : syscall_conventions())
    if (c.arch == arch) return &c;
  return nullptr;
}

std::string known_arches() {
  std::string s;
  for (const auto& c : syscall_conventions()) s += fmt::format("{}{}", s.empty() ? "" : ", ", c.arch);
  return s;
}

}  // namespace sysabi::host
