// abi_checks/setjmp/i386.S - setjmp and longjmp for i386, written from the
// i386 SysV psABI (2.2.2: ebx, esi, edi, ebp and esp belong to the caller).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env at 4(%esp)
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val at 8(%esp)
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// Arguments arrive on the stack (cdecl).  Slot offsets: jmp_buf.h.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
sysabi_setjmp:
        mov     4(%esp), %eax           // env
        mov     %ebx, SJ_EBX(%eax)      // callee-saved
        mov     %esi, SJ_ESI(%eax)      // callee-saved
        mov     %edi, SJ_EDI(%eax)      // callee-saved
        mov     %ebp, SJ_EBP(%eax)      // callee-saved (frame pointer)
        lea     4(%esp), %ecx           // the caller's esp once we return
        mov     %ecx, SJ_ESP(%eax)
        mov     (%esp), %ecx            // our return address: where longjmp resumes
        mov     %ecx, SJ_EIP(%eax)
        xor     %eax, %eax              // the direct return gives 0
        ret
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
sysabi_longjmp:
        mov     4(%esp), %edx           // env
        mov     8(%esp), %eax           // setjmp returns val ...
        test    %eax, %eax
        jnz     1f
        inc     %eax                    // ... or 1 for 0
1:      mov     SJ_EBX(%edx), %ebx      // restore every callee-saved register
        mov     SJ_ESI(%edx), %esi
        mov     SJ_EDI(%edx), %edi
        mov     SJ_EBP(%edx), %ebp
        mov     SJ_ESP(%edx), %esp      // the stack as setjmp's caller had it
        jmp     *SJ_EIP(%edx)           // setjmp returns a second time
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
sysabi_sigsetjmp:
        mov     4(%esp), %ecx           // env
        mov     8(%esp), %eax           // savemask
        mov     %eax, SJ_MASKED(%ecx)
        test    %eax, %eax
        jz      1f
        push    %ebx                    // ebx and esi carry system-call arguments,
        push    %esi                    // and are callee-saved: keep them
        lea     SJ_MASK(%ecx), %edx     // oldset
        xor     %ecx, %ecx              // set = NULL: read only
        mov     $SIG_BLOCK, %ebx        // how
        mov     $8, %esi                // sigsetsize
        mov     $__NR_rt_sigprocmask, %eax
        int     $0x80                   // the kernel keeps everything but eax
        pop     %esi
        pop     %ebx
1:      jmp     sysabi_setjmp           // tail call: the stack is as our caller left it
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
sysabi_siglongjmp:
        mov     4(%esp), %ecx           // env
        cmpl    $0, SJ_MASKED(%ecx)
        je      1f
        push    %ebx
        push    %esi
        lea     SJ_MASK(%ecx), %ecx     // set: the saved mask
        xor     %edx, %edx              // oldset = NULL
        mov     $SIG_SETMASK, %ebx
        mov     $8, %esi
        mov     $__NR_rt_sigprocmask, %eax
        int     $0x80
        pop     %esi
        pop     %ebx
1:      jmp     sysabi_longjmp          // env and val still at 4(%esp), 8(%esp)
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
