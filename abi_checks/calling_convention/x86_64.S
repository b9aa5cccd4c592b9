// abi_checks/calling_convention/x86_64.S - the x86_64 system-call convention,
// observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in rdi (SysV psABI)
//
// Loads every general register from f->in[], every xmm register from
// f->fin[], rflags and mxcsr from f->misc[], executes `syscall`, and stores
// what the kernel handed back.  The frame layout is in frame.h.
//
// The rules checked (x86_64 psABI A.2.1, Linux arch/x86/entry/entry_64.S):
//   * rax carries the number in and the result out;
//   * rdi rsi rdx r10 r8 r9 carry arguments 1-6 (r10, not rcx: `syscall`
//     writes rcx);
//   * the CPU writes the return rip into rcx and rflags into r11;
//   * every other register, the stack pointer, the memory below it (the red
//     zone), rflags, xmm0-15 and mxcsr come back unchanged.
#include "frame.h"

#define IN(r) (CC_IN + (r) * 8)
#define OUT(r) (CC_OUT + (r) * 8)
#define MISC(i) CC_MISC_OFF(i)
#define FIN(i) (CC_FIN + (i) * 16)
#define FOUT(i) (CC_FOUT + (i) * 16)

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
sysabi_cc_trap:
        // The routine overwrites every register: keep the ones the C ABI
        // says a callee must preserve.
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, MISC(CC_M_SAVED_SP)(%rdi)

        // FP control: the caller's mxcsr is kept and a distinctive one
        // (round toward zero) is installed and read back.
        stmxcsr MISC(CC_M_FPCTL_SAVED)(%rdi)
        ldmxcsr MISC(CC_M_FPCTL_IN)(%rdi)
        stmxcsr MISC(CC_M_FPCTL_SET)(%rdi)

        // xmm0-15: canaries (the psABI calls them all caller-saved, the
        // kernel preserves them all across a system call).
        movdqu  FIN(0)(%rdi), %xmm0
        movdqu  FIN(1)(%rdi), %xmm1
        movdqu  FIN(2)(%rdi), %xmm2
        movdqu  FIN(3)(%rdi), %xmm3
        movdqu  FIN(4)(%rdi), %xmm4
        movdqu  FIN(5)(%rdi), %xmm5
        movdqu  FIN(6)(%rdi), %xmm6
        movdqu  FIN(7)(%rdi), %xmm7
        movdqu  FIN(8)(%rdi), %xmm8
        movdqu  FIN(9)(%rdi), %xmm9
        movdqu  FIN(10)(%rdi), %xmm10
        movdqu  FIN(11)(%rdi), %xmm11
        movdqu  FIN(12)(%rdi), %xmm12
        movdqu  FIN(13)(%rdi), %xmm13
        movdqu  FIN(14)(%rdi), %xmm14
        movdqu  FIN(15)(%rdi), %xmm15

        // rflags: set the arithmetic flags to a known pattern (popfq, while
        // still on the caller's stack), and read back what the CPU kept.
        // Nothing below changes a flag until the trap: only mov and lea.
        pushq   MISC(CC_M_FLAGS_IN)(%rdi)
        popfq
        pushfq
        popq    MISC(CC_M_FLAGS_SET)(%rdi)

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        lea     CC_TRAP_SP(%rdi), %rsp

        // Every general register gets its canary from in[]: rax the system
        // call number, rdi rsi rdx r10 r8 r9 the arguments (or canaries, for
        // a call that takes fewer), rcx and r11 canaries the CPU must
        // overwrite, everything else canaries that must survive.
        mov     IN(0)(%rdi), %rax           // number
        mov     IN(1)(%rdi), %rcx           // clobbered by the CPU: return rip
        mov     IN(2)(%rdi), %rdx           // argument 3
        mov     IN(3)(%rdi), %rbx           // preserved
        mov     IN(5)(%rdi), %rbp           // preserved
        mov     IN(6)(%rdi), %rsi           // argument 2
        mov     IN(8)(%rdi), %r8            // argument 5
        mov     IN(9)(%rdi), %r9            // argument 6
        mov     IN(10)(%rdi), %r10          // argument 4 (rcx's stand-in)
        mov     IN(11)(%rdi), %r11          // clobbered by the CPU: rflags
        mov     IN(12)(%rdi), %r12          // preserved
        mov     IN(13)(%rdi), %r13          // preserved
        mov     IN(14)(%rdi), %r14          // preserved
        mov     IN(15)(%rdi), %r15          // preserved
        mov     IN(7)(%rdi), %rdi           // argument 1, last: it was the base

        syscall
.Lafter_trap:
        // Move sp up past the checked area before spilling anything (lea
        // leaves the flags alone), then keep rflags and rax on the stack to
        // free a base register.
        lea     (CC_STACK_SIZE - CC_TRAP_SP)(%rsp), %rsp   // sp = f + 512
        pushfq                                  // rflags after the trap
        push    %rax                            // the result
        lea     -(CC_STACK_SIZE - 16)(%rsp), %rax          // rax = f

        mov     %rcx, OUT(1)(%rax)
        mov     %rdx, OUT(2)(%rax)
        mov     %rbx, OUT(3)(%rax)
        mov     %rbp, OUT(5)(%rax)
        mov     %rsi, OUT(6)(%rax)
        mov     %rdi, OUT(7)(%rax)
        mov     %r8, OUT(8)(%rax)
        mov     %r9, OUT(9)(%rax)
        mov     %r10, OUT(10)(%rax)
        mov     %r11, OUT(11)(%rax)
        mov     %r12, OUT(12)(%rax)
        mov     %r13, OUT(13)(%rax)
        mov     %r14, OUT(14)(%rax)
        mov     %r15, OUT(15)(%rax)
        popq    OUT(0)(%rax)                    // rax
        popq    MISC(CC_M_FLAGS_OUT)(%rax)      // rflags
        lea     -(CC_STACK_SIZE - CC_TRAP_SP)(%rsp), %rcx
        mov     %rcx, OUT(4)(%rax)              // rsp as the trap left it
        lea     .Lafter_trap(%rip), %rcx
        mov     %rcx, MISC(CC_M_AFTER_TRAP)(%rax)   // what rcx should hold

        movdqu  %xmm0, FOUT(0)(%rax)
        movdqu  %xmm1, FOUT(1)(%rax)
        movdqu  %xmm2, FOUT(2)(%rax)
        movdqu  %xmm3, FOUT(3)(%rax)
        movdqu  %xmm4, FOUT(4)(%rax)
        movdqu  %xmm5, FOUT(5)(%rax)
        movdqu  %xmm6, FOUT(6)(%rax)
        movdqu  %xmm7, FOUT(7)(%rax)
        movdqu  %xmm8, FOUT(8)(%rax)
        movdqu  %xmm9, FOUT(9)(%rax)
        movdqu  %xmm10, FOUT(10)(%rax)
        movdqu  %xmm11, FOUT(11)(%rax)
        movdqu  %xmm12, FOUT(12)(%rax)
        movdqu  %xmm13, FOUT(13)(%rax)
        movdqu  %xmm14, FOUT(14)(%rax)
        movdqu  %xmm15, FOUT(15)(%rax)
        stmxcsr MISC(CC_M_FPCTL_OUT)(%rax)
        ldmxcsr MISC(CC_M_FPCTL_SAVED)(%rax)    // the caller's mxcsr back

        mov     MISC(CC_M_SAVED_SP)(%rax), %rsp // the caller's stack back
        mov     OUT(0)(%rax), %rax              // return the result
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
