// abi_checks/setjmp/canaries/x86_64.S - every callee-saved register of
// x86_64 (rbx rbp r12 r13 r14 r15; no xmm is callee-saved in the SysV
// psABI) through a setjmp/longjmp pair.  See canaries.h.  Also x32's
// (canaries/x32.S), where sysabi_sj_current is a 4-byte pointer: stored
// from edi, loaded into edi (which zero-extends into rdi).
#ifdef __ILP32__
#define SJ_CURRENT_REG %edi
#else
#define SJ_CURRENT_REG %rdi
#endif
#include "canaries.h"

#define IN(i) (SJT_IN + 8 * (i))
#define JUNK(i) (SJT_JUNK + 8 * (i))
#define OUT(i) (SJT_OUT + 8 * (i))

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, @function
sysabi_sj_canaries:
        push    %rbx                    // our caller's callee-saved registers: ours to give back
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        sub     $8, %rsp                // 16-byte alignment at the calls below
        mov     SJ_CURRENT_REG, sysabi_sj_current(%rip)   // every callee-saved register is about to hold a canary
        mov     IN(0)(%rdi), %rbx       // canaries in
        mov     IN(1)(%rdi), %rbp
        mov     IN(2)(%rdi), %r12
        mov     IN(3)(%rdi), %r13
        mov     IN(4)(%rdi), %r14
        mov     IN(5)(%rdi), %r15
        mov     %rsp, SJT_SP_BEFORE(%rdi)
        mov     SJT_SETJMP(%rdi), %rax
        mov     SJT_ENV(%rdi), %rdi
        call    *%rax                   // setjmp(env)
        mov     sysabi_sj_current(%rip), SJ_CURRENT_REG
        test    %eax, %eax
        jnz     1f                      // the second return: after longjmp
        mov     JUNK(0)(%rdi), %rbx     // first return: clobber every one of them
        mov     JUNK(1)(%rdi), %rbp
        mov     JUNK(2)(%rdi), %r12
        mov     JUNK(3)(%rdi), %r13
        mov     JUNK(4)(%rdi), %r14
        mov     JUNK(5)(%rdi), %r15
        push    %rbx                    // and move the stack pointer
        push    %rbx
        mov     SJT_LONGJMP(%rdi), %rax
        mov     SJT_ENV(%rdi), %rdi
        mov     $1, %esi
        call    *%rax                   // longjmp(env, 1): does not return here
        ud2
1:      mov     %rax, SJT_RET(%rdi)
        mov     %rbx, OUT(0)(%rdi)      // what the pair gave back
        mov     %rbp, OUT(1)(%rdi)
        mov     %r12, OUT(2)(%rdi)
        mov     %r13, OUT(3)(%rdi)
        mov     %r14, OUT(4)(%rdi)
        mov     %r15, OUT(5)(%rdi)
        mov     %rsp, SJT_SP_AFTER(%rdi)
        add     $8, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",@progbits
