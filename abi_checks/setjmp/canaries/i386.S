// abi_checks/setjmp/canaries/i386.S - every callee-saved register of i386
// (ebx esi edi ebp) through a setjmp/longjmp pair.  See canaries.h; 8-byte
// slots, of which the low half is used.
#include "canaries.h"

#define IN(i) (SJT_IN + 8 * (i))
#define JUNK(i) (SJT_JUNK + 8 * (i))
#define OUT(i) (SJT_OUT + 8 * (i))

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, @function
sysabi_sj_canaries:
        push    %ebx                    // our caller's callee-saved registers
        push    %esi
        push    %edi
        push    %ebp
        mov     20(%esp), %eax          // t
        mov     %eax, sysabi_sj_current // every callee-saved register is about to hold a canary
        mov     IN(0)(%eax), %ebx       // canaries in
        mov     IN(1)(%eax), %esi
        mov     IN(2)(%eax), %edi
        mov     IN(3)(%eax), %ebp
        mov     SJT_SETJMP(%eax), %ecx
        push    SJT_ENV(%eax)
        mov     %esp, SJT_SP_BEFORE(%eax)   // esp as it is when setjmp returns
        call    *%ecx                   // setjmp(env)
        mov     sysabi_sj_current, %ecx
        test    %eax, %eax
        jnz     1f                      // the second return
        mov     JUNK(0)(%ecx), %ebx     // first return: clobber them all
        mov     JUNK(1)(%ecx), %esi
        mov     JUNK(2)(%ecx), %edi
        mov     JUNK(3)(%ecx), %ebp
        push    %ebx                    // and move the stack pointer
        push    %ebx
        push    $1
        push    SJT_ENV(%ecx)
        call    *SJT_LONGJMP(%ecx)      // longjmp(env, 1): does not return here
        ud2
1:      mov     %esp, SJT_SP_AFTER(%ecx)
        add     $4, %esp                // setjmp's argument
        mov     %eax, SJT_RET(%ecx)
        mov     %ebx, OUT(0)(%ecx)      // what the pair gave back
        mov     %esi, OUT(1)(%ecx)
        mov     %edi, OUT(2)(%ecx)
        mov     %ebp, OUT(3)(%ecx)
        pop     %ebp
        pop     %edi
        pop     %esi
        pop     %ebx
        ret
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",@progbits
