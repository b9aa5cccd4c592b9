// abi_checks/calling_convention/i386.S - the i386 system-call convention
// (`int $0x80`), observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f at 4(%esp) (cdecl)
//
// Loads every general register from f->in[], st0-st7 (and xmm0-7 where the
// CPU has SSE2) from f->fin[], eflags and the x87 control word from
// f->misc[], executes `int $0x80`, and stores what the kernel handed back.
// The frame layout is in frame.h.
//
// The rules checked (Linux arch/x86/entry/entry_32.S, i386 psABI):
//   * eax carries the number in and the result out;
//   * ebx ecx edx esi edi ebp carry arguments 1-6;
//   * every other register - all of them but eax - esp, the memory below
//     it, eflags, the x87 stack and control word, xmm0-7 come back
//     unchanged.
#include "frame.h"

#define IN(r) (CC_IN + (r) * 4)
#define OUT(r) (CC_OUT + (r) * 4)
#define MISC(i) CC_MISC_OFF(i)
#define FIN(i) (CC_FIN + (i) * 16)
#define FOUT(i) (CC_FOUT + (i) * 16)

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
sysabi_cc_trap:
        // Keep what cdecl says a callee must preserve: ebx esi edi ebp.
        push    %ebp
        push    %ebx
        push    %esi
        push    %edi
        mov     20(%esp), %eax              // f
        mov     %esp, MISC(CC_M_SAVED_SP)(%eax)

        // x87 control word: keep the caller's, install a distinctive one
        // (round toward zero) and read it back.
        fnstcw  MISC(CC_M_FPCTL_SAVED)(%eax)
        fldcw   MISC(CC_M_FPCTL_IN)(%eax)
        fnstcw  MISC(CC_M_FPCTL_SET)(%eax)

        // st0-st7: the whole x87 stack (empty at a call, per the psABI),
        // pushed from fin[7] down to fin[0], so st(i) = fin[i].
        fldl    FIN(7)(%eax)
        fldl    FIN(6)(%eax)
        fldl    FIN(5)(%eax)
        fldl    FIN(4)(%eax)
        fldl    FIN(3)(%eax)
        fldl    FIN(2)(%eax)
        fldl    FIN(1)(%eax)
        fldl    FIN(0)(%eax)
        // xmm0-7 only with SSE2 (the caller says); they sit in fin[8..15].
        testl   $CC_OPT_FP_EXT, MISC(CC_M_OPTIONS)(%eax)
        jz      1f
        movdqu  FIN(8)(%eax), %xmm0
        movdqu  FIN(9)(%eax), %xmm1
        movdqu  FIN(10)(%eax), %xmm2
        movdqu  FIN(11)(%eax), %xmm3
        movdqu  FIN(12)(%eax), %xmm4
        movdqu  FIN(13)(%eax), %xmm5
        movdqu  FIN(14)(%eax), %xmm6
        movdqu  FIN(15)(%eax), %xmm7
1:
        // eflags: set the arithmetic flags to a known pattern (popfl, while
        // still on the caller's stack), and read back what the CPU kept.
        // Nothing below changes a flag until the trap: only mov and lea.
        pushl   MISC(CC_M_FLAGS_IN)(%eax)
        popfl
        pushfl
        popl    MISC(CC_M_FLAGS_SET)(%eax)

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        lea     CC_TRAP_SP(%eax), %esp

        // Every register gets its canary from in[]: eax the number, ebx ecx
        // edx esi edi ebp the arguments (or canaries that must survive).
        mov     IN(1)(%eax), %ecx           // argument 2
        mov     IN(2)(%eax), %edx           // argument 3
        mov     IN(3)(%eax), %ebx           // argument 1
        mov     IN(5)(%eax), %ebp           // argument 6
        mov     IN(6)(%eax), %esi           // argument 4
        mov     IN(7)(%eax), %edi           // argument 5
        mov     IN(0)(%eax), %eax           // the number, last: it was the base

        int     $0x80
.Lafter_trap:
        // Move sp up past the checked area before spilling anything (lea
        // leaves the flags alone), then keep eflags and eax on the stack to
        // free a base register.
        lea     (CC_STACK_SIZE - CC_TRAP_SP)(%esp), %esp   // esp = f + 512
        pushfl                                  // eflags after the trap
        push    %eax                            // the result
        lea     -(CC_STACK_SIZE - 8)(%esp), %eax           // eax = f

        mov     %ecx, OUT(1)(%eax)
        mov     %edx, OUT(2)(%eax)
        mov     %ebx, OUT(3)(%eax)
        mov     %ebp, OUT(5)(%eax)
        mov     %esi, OUT(6)(%eax)
        mov     %edi, OUT(7)(%eax)
        popl    OUT(0)(%eax)                    // eax
        popl    MISC(CC_M_FLAGS_OUT)(%eax)      // eflags
        lea     -(CC_STACK_SIZE - CC_TRAP_SP)(%esp), %ecx
        mov     %ecx, OUT(4)(%eax)              // esp as the trap left it

        fstpl   FOUT(0)(%eax)                   // st0 ... st7, popping: the x87
        fstpl   FOUT(1)(%eax)                   // stack is empty again on return
        fstpl   FOUT(2)(%eax)
        fstpl   FOUT(3)(%eax)
        fstpl   FOUT(4)(%eax)
        fstpl   FOUT(5)(%eax)
        fstpl   FOUT(6)(%eax)
        fstpl   FOUT(7)(%eax)
        testl   $CC_OPT_FP_EXT, MISC(CC_M_OPTIONS)(%eax)
        jz      2f
        movdqu  %xmm0, FOUT(8)(%eax)
        movdqu  %xmm1, FOUT(9)(%eax)
        movdqu  %xmm2, FOUT(10)(%eax)
        movdqu  %xmm3, FOUT(11)(%eax)
        movdqu  %xmm4, FOUT(12)(%eax)
        movdqu  %xmm5, FOUT(13)(%eax)
        movdqu  %xmm6, FOUT(14)(%eax)
        movdqu  %xmm7, FOUT(15)(%eax)
2:
        fnstcw  MISC(CC_M_FPCTL_OUT)(%eax)
        fldcw   MISC(CC_M_FPCTL_SAVED)(%eax)    // the caller's control word back

        mov     MISC(CC_M_SAVED_SP)(%eax), %esp // the caller's stack back
        mov     OUT(0)(%eax), %eax              // return the result
        pop     %edi
        pop     %esi
        pop     %ebx
        pop     %ebp
        ret
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
