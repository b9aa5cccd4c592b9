// abi_checks/setjmp/x86_64.S - setjmp and longjmp for x86_64, written from
// the SysV psABI (3.2.1 Registers and the Stack Frame).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in rdi
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in esi
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// What a longjmp must give back is what any function must give back to
// its caller: rbx, rbp, r12-r15 and the stack pointer, and control at the
// caller's return address.  Everything else (rax, rcx, rdx, rsi, rdi,
// r8-r11, all xmm) is caller-saved: the caller of setjmp expects it lost.
// Slot offsets: jmp_buf.h.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
sysabi_setjmp:
        mov     %rbx, SJ_RBX(%rdi)      // callee-saved: the caller's values, as they are now
        mov     %rbp, SJ_RBP(%rdi)      // callee-saved (the frame pointer, if the caller uses one)
        mov     %r12, SJ_R12(%rdi)      // callee-saved
        mov     %r13, SJ_R13(%rdi)      // callee-saved
        mov     %r14, SJ_R14(%rdi)      // callee-saved
        mov     %r15, SJ_R15(%rdi)      // callee-saved
        lea     8(%rsp), %rdx           // the caller's rsp once we return: above our return address
        mov     %rdx, SJ_RSP(%rdi)
        mov     (%rsp), %rdx            // our return address: where longjmp resumes
        mov     %rdx, SJ_RIP(%rdi)
        xor     %eax, %eax              // the direct return gives 0
        ret
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
sysabi_longjmp:
        xor     %eax, %eax              // setjmp's second return value is val, except that
        cmp     $1, %esi                // 0 would look like the first return: CF = (val == 0)
        adc     %esi, %eax              // eax = val + CF: 1 for 0, val otherwise, without a branch
        mov     SJ_RBX(%rdi), %rbx      // restore every callee-saved register
        mov     SJ_RBP(%rdi), %rbp
        mov     SJ_R12(%rdi), %r12
        mov     SJ_R13(%rdi), %r13
        mov     SJ_R14(%rdi), %r14
        mov     SJ_R15(%rdi), %r15
        mov     SJ_RSP(%rdi), %rsp      // the stack as setjmp's caller had it after the call
        jmp     *SJ_RIP(%rdi)           // "return" from setjmp a second time, eax = val
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
sysabi_sigsetjmp:
        mov     %esi, SJ_MASKED(%rdi)   // remember whether the mask is saved (savemask != 0)
        movl    $0, SJ_MASKED+4(%rdi)   // (the word's upper half)
        test    %esi, %esi
        jz      1f
        mov     %rdi, %r8               // r8: caller-saved, free, and the kernel keeps it
        lea     SJ_MASK(%rdi), %rdx     // oldset: where the current mask goes
        xor     %esi, %esi              // set = NULL: change nothing, only read
        mov     $SIG_BLOCK, %edi        // how (ignored with a NULL set)
        mov     $8, %r10d               // sigsetsize: the kernel's 64-bit sigset
        mov     $__NR_rt_sigprocmask, %eax
        syscall                         // clobbers rax, rcx, r11 only
        mov     %r8, %rdi
1:      jmp     sysabi_setjmp           // tail call: our return address is the caller's
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
sysabi_siglongjmp:
        cmpl    $0, SJ_MASKED(%rdi)
        je      1f
        mov     %rdi, %r8               // keep env and val across the system call
        mov     %esi, %r9d
        lea     SJ_MASK(%rdi), %rsi     // set: the mask sigsetjmp saved
        xor     %edx, %edx              // oldset = NULL
        mov     $SIG_SETMASK, %edi
        mov     $8, %r10d
        mov     $__NR_rt_sigprocmask, %eax
        syscall
        mov     %r8, %rdi
        mov     %r9d, %esi
1:      jmp     sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
