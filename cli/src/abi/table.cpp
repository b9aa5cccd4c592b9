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
  c.trap_effect =
      "software interrupt 0x80: the kernel's entry_INT80_32 (its IA-32 emulation "
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
             {"x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",
              "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x30"},
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
             {"ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5",
              "a6", "a7"},
             "sp",
             "s0",
             "ra",
             "on the stack"};
  c.word_bytes = 8;
  return c;
}

syscall_convention ppc64le_convention() {
  syscall_convention c;
  c.arch = "ppc64le";
  c.trap = "sc";
  c.trap_effect = "system call interrupt (vector 0xc00): system_call_common reads r0 and r3-r8";
  c.number = "r0";
  c.arguments = {"r3", "r4", "r5", "r6", "r7", "r8"};
  c.result = "r3";
  c.error_flag = "cr0.SO";
  c.numbers = "powerpc's own table (arch/powerpc/kernel/syscalls/syscall.tbl, the 64-bit rows)";
  c.notes = {
      "The error is a flag, not a range: the kernel sets cr0.SO (summary overflow) and returns "
      "a positive errno in r3; with cr0.SO clear r3 is the result, whatever its value. The raw "
      "layer follows `sc` with `bns+ 1f; neg 3, 3` and so returns -errno like every other arch.",
      "r0 and r4-r12 are volatile across `sc`: the kernel may overwrite them or leave them, "
      "and so are cr0, ctr and xer; the raw layer declares them all clobbered. The "
      "calling_convention probe judges neither way for r0 and r4-r12.",
      "r2 (the TOC pointer), r13 (the thread pointer), r14-r31, cr1-cr7, lr and every FP and "
      "vector register survive.",
      "The vDSO's functions (__kernel_*, version LINUX_2.6.15) report errors the same way: "
      "cr0.SO and a positive errno.",
      "`scv 0` (POWER9, Linux 5.9) is a second entry with the number in r0 too, but returns "
      "-errno in r3 and clobbers more; the raw layer uses `sc`, which every CPU has.",
  };
  c.sources = {"Documentation/arch/powerpc/syscall64-abi.rst",
               "arch/powerpc/kernel/interrupt_64.S (system_call_common)",
               "64-bit ELF V2 ABI Specification, Power Architecture (2.2.1.1 Register Roles)",
               "syscall(2)"};
  c.calls = {{"r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"},
             {"r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r24",
              "r25", "r26", "r27", "r28", "r29", "r30", "r31"},
             {"r0", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "ctr"},
             "r1",
             "r31",
             "lr",
             "in the caller's parameter save area, from 32 bytes above r1 (space for r3-r10 "
             "included)"};
  c.word_bytes = 8;
  return c;
}

syscall_convention s390x_convention() {
  syscall_convention c;
  c.arch = "s390x";
  c.trap = "svc 0";
  c.trap_effect = "supervisor call: an SVC interruption; the kernel takes the number from svc's "
                  "8-bit code, or from r1 when the code is 0";
  c.number = "r1";
  c.arguments = {"r2", "r3", "r4", "r5", "r6", "r7"};
  c.result = "r2";
  c.numbers = "s390x's own table (arch/s390/kernel/syscalls/syscall.tbl)";
  c.notes = {
      "`svc N` with N < 256 carries the number in the instruction itself; numbers from 256 up "
      "must go through r1 with `svc 0`.  sysabi always uses r1: one form for every number.",
      "r6 and r7 carry arguments 5 and 6 but are callee-saved in the function-call "
      "convention: a stub that loads them must save and restore them.",
      "Big-endian: a 32-bit argument travels in the low half of its 64-bit register, and every "
      "multi-byte field the kernel reads or writes is stored most significant byte first.",
      "clone takes its first two arguments swapped (newsp, flags: CLONE_BACKWARDS2), and mmap "
      "is the old_mmap: one pointer to six unsigned longs.",
      "Every register but r2 comes back unchanged, r0 and r1 included, and the condition code "
      "too.",
  };
  c.sources = {"arch/s390/kernel/entry.S and syscall.c (__do_syscall)",
               "s390x ELF ABI supplement (register usage, the 160-byte register save area)",
               "syscall(2)"};
  c.calls = {{"r2", "r3", "r4", "r5", "r6"},
             {"r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r15"},
             {"r0", "r1", "r2", "r3", "r4", "r5", "r14"},
             "r15",
             "r11",
             "r14",
             "on the stack, from 160(r15) up (above the register save area)"};
  c.word_bytes = 8;
  return c;
}

syscall_convention mips64el_convention() {
  syscall_convention c;
  c.arch = "mips64el";
  c.trap = "syscall";
  c.trap_effect = "system-call exception: handle_sys64 (scall64-n64.S) reads v0 and a0-a5";
  c.number = "v0";
  c.arguments = {"a0", "a1", "a2", "a3", "a4", "a5"};
  c.result = "v0";
  c.error_flag_reg = "a3";
  c.error_min = 1;
  c.error_max = 4095;
  c.clobbered = {{"a3", "the error flag: 0 on success, 1 when v0 holds a positive errno"}};
  c.numbers =
      "mips n64's own table (arch/mips/kernel/syscalls/syscall_n64.tbl), numbered "
      "from 5000";
  c.notes = {
      "An error is not -errno in v0: the kernel puts the positive errno in v0 and sets a3 to "
      "1.  sysabi's raw layer (and every libc) negates v0 when a3 is set, so its results are "
      "-errno as on every other arch.",
      "Arguments 5 and 6 are a4/a5 ($8/$9), the n64 names of o32's t0/t1.",
      "at, a6, a7, t0-t3, t8, hi and lo are neither saved at the kernel's entry nor restored "
      "at its exit (SAVE_SOME, RESTORE_SOME): they may come back as the kernel's code left "
      "them, so the raw layer lists them as clobbered; the calling_convention probe does not "
      "check them (qemu-user leaves them alone).",
      "The number is loaded into v0 by the instruction right before `syscall`: kernels before "
      "2.6.36 restarted a call by backing up over both.",
      "mips has its own signal numbers (SIGUSR1 16, SIGCHLD 18), SIG_BLOCK 1, a 128-signal "
      "kernel sigset, a flags-first struct sigaction and a 104-byte struct stat with 32-bit "
      "timestamps, which glibc and musl do not use: they call statx.",
  };
  c.sources = {"arch/mips/kernel/scall64-n64.S (handle_sys64)",
               "arch/mips/include/asm/stackframe.h (SAVE_SOME, RESTORE_SOME)",
               "MIPS n64 ABI (MIPSpro N32/64 ABI Handbook)", "syscall(2)"};
  c.calls = {{"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"},
             {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "gp", "fp"},
             {"at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2",
              "t3", "t8", "t9", "ra"},
             "sp",
             "fp",
             "ra",
             "on the stack"};
  c.word_bytes = 8;
  return c;
}

syscall_convention sparc64_convention() {
  syscall_convention c;
  c.arch = "sparc64";
  c.trap = "ta 0x6d";
  c.trap_effect = "trap always, software trap 0x6d (trap type 0x16d): linux_sparc_syscall reads "
                  "g1 and o0-o5";
  c.number = "g1";
  c.arguments = {"o0", "o1", "o2", "o3", "o4", "o5"};
  c.result = "o0";
  c.numbers = "sparc's own table (arch/sparc/kernel/syscalls/syscall.tbl, the 64-bit rows)";
  c.notes = {
      "The error is a flag, not a range: the kernel sets the carry bit of %xcc (and %icc) when "
      "the call failed and leaves the positive errno in o0; it clears the carry on success. The "
      "raw layer branches on the carry and negates o0 (`bcs,a,pn %xcc` with the negation in the "
      "annulled delay slot), so its result is -errno like every other arch's.",
      "fork, vfork and clone return the child's pid to both processes (the parent's pid to the "
      "child on Linux) and tell them apart in o1: 1 in the child, 0 in the parent. pipe returns "
      "its second descriptor in o1 (pipe2 writes both to memory).",
      "Register windows: the kernel may spill the user's windows to their frames at %sp + 2047 "
      "(the V9 stack bias); every window's %sp must point at a valid frame.",
      "rt_sigaction takes a 5th argument, the restorer (minus 8: a sparc return jumps to the "
      "return address + 8), in place of sa_restorer and SA_RESTORER; the signal numbers, SA_* "
      "flags, SIG_BLOCK/SIG_SETMASK and errno values are SunOS's, not the generic ones.",
      "Base pages are 8 KiB.",
  };
  c.sources = {"arch/sparc/kernel/syscalls.S (linux_sparc_syscall, ret_sys_call)",
               "arch/sparc/kernel/process.c (sparc_clone)", "SPARC V9 psABI", "syscall(2)"};
  c.calls = {{"o0", "o1", "o2", "o3", "o4", "o5"},
             {"l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "i0", "i1", "i2", "i3", "i4", "i5",
              "i6", "i7"},
             {"g1", "g2", "g3", "g4", "g5", "o0", "o1", "o2", "o3", "o4", "o5", "o7"},
             "sp",
             "fp",
             "o7",
             "on the stack, from %sp + 2047 + 176 (after the window save area and six argument "
             "words)"};
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
  return {x86_64_convention(),   i386_convention(),          aarch64_convention(),
         
         
          arm_convention(),    
                
          riscv64_convention(), ppc64le_convention(), s390x_convention(), mips64el_convention(), sparc64_convention(), x32_convention()};
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
  for (const auto& c : syscall_conventions())
    s += fmt::format("{}{}", s.empty() ? "" : ", ", c.arch);
  return s;
}

}  // namespace sysabi::host
