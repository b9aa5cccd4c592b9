// abi_checks/setjmp/ppc64le.S - setjmp and longjmp for ppc64le, written
// from the ELFv2 ABI (2.2.1.1 Register Roles: r14-r31, f14-f31, v20-v31 and
// cr2-cr4 are non-volatile; r1 is the stack pointer, r2 the TOC pointer;
// lr holds the return address).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in r3
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in r4
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// None of them uses the TOC, so each has one entry point (no ELFv2 global
// entry prologue) and r2 is stored and restored like any other register.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .abiversion 2
        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
        .p2align 4
sysabi_setjmp:
        mflr    0                       // where longjmp resumes
        std     0, SJ_LR(3)
        std     1, SJ_SP(3)             // the stack pointer
        std     2, SJ_R2(3)             // the TOC pointer
        mfcr    0                       // cr (cr2-cr4 are the non-volatile fields)
        std     0, SJ_CR(3)
        std     14, SJ_R14+0(3)          // callee-saved
        std     15, SJ_R14+8(3)
        std     16, SJ_R14+16(3)
        std     17, SJ_R14+24(3)
        std     18, SJ_R14+32(3)
        std     19, SJ_R14+40(3)
        std     20, SJ_R14+48(3)
        std     21, SJ_R14+56(3)
        std     22, SJ_R14+64(3)
        std     23, SJ_R14+72(3)
        std     24, SJ_R14+80(3)
        std     25, SJ_R14+88(3)
        std     26, SJ_R14+96(3)
        std     27, SJ_R14+104(3)
        std     28, SJ_R14+112(3)
        std     29, SJ_R14+120(3)
        std     30, SJ_R14+128(3)
        std     31, SJ_R14+136(3)
        stfd    14, SJ_F14+0(3)         // callee-saved FP registers
        stfd    15, SJ_F14+8(3)
        stfd    16, SJ_F14+16(3)
        stfd    17, SJ_F14+24(3)
        stfd    18, SJ_F14+32(3)
        stfd    19, SJ_F14+40(3)
        stfd    20, SJ_F14+48(3)
        stfd    21, SJ_F14+56(3)
        stfd    22, SJ_F14+64(3)
        stfd    23, SJ_F14+72(3)
        stfd    24, SJ_F14+80(3)
        stfd    25, SJ_F14+88(3)
        stfd    26, SJ_F14+96(3)
        stfd    27, SJ_F14+104(3)
        stfd    28, SJ_F14+112(3)
        stfd    29, SJ_F14+120(3)
        stfd    30, SJ_F14+128(3)
        stfd    31, SJ_F14+136(3)
        addi    5, 3, SJ_V20            // r5: the vector slots (stxvd2x takes base + index)
        li      6, 0
        stxvd2x 52, 5, 6              // v20..v31 are vs52..vs63
        li      6, 16
        stxvd2x 53, 5, 6
        li      6, 32
        stxvd2x 54, 5, 6
        li      6, 48
        stxvd2x 55, 5, 6
        li      6, 64
        stxvd2x 56, 5, 6
        li      6, 80
        stxvd2x 57, 5, 6
        li      6, 96
        stxvd2x 58, 5, 6
        li      6, 112
        stxvd2x 59, 5, 6
        li      6, 128
        stxvd2x 60, 5, 6
        li      6, 144
        stxvd2x 61, 5, 6
        li      6, 160
        stxvd2x 62, 5, 6
        li      6, 176
        stxvd2x 63, 5, 6
        li      3, 0                    // the direct return gives 0
        blr
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
        .p2align 4
sysabi_longjmp:
        cmpwi   4, 0                    // setjmp returns val, or 1 for 0
        bne     1f
        li      4, 1
1:      ld      0, SJ_LR(3)             // setjmp's return address
        mtlr    0
        ld      0, SJ_CR(3)
        mtcrf   0xff, 0                 // cr as it was at setjmp
        ld      1, SJ_SP(3)             // the stack as it was at setjmp
        ld      2, SJ_R2(3)             // the TOC pointer
        ld      14, SJ_R14+0(3)          // restore every callee-saved register
        ld      15, SJ_R14+8(3)
        ld      16, SJ_R14+16(3)
        ld      17, SJ_R14+24(3)
        ld      18, SJ_R14+32(3)
        ld      19, SJ_R14+40(3)
        ld      20, SJ_R14+48(3)
        ld      21, SJ_R14+56(3)
        ld      22, SJ_R14+64(3)
        ld      23, SJ_R14+72(3)
        ld      24, SJ_R14+80(3)
        ld      25, SJ_R14+88(3)
        ld      26, SJ_R14+96(3)
        ld      27, SJ_R14+104(3)
        ld      28, SJ_R14+112(3)
        ld      29, SJ_R14+120(3)
        ld      30, SJ_R14+128(3)
        ld      31, SJ_R14+136(3)
        lfd     14, SJ_F14+0(3)
        lfd     15, SJ_F14+8(3)
        lfd     16, SJ_F14+16(3)
        lfd     17, SJ_F14+24(3)
        lfd     18, SJ_F14+32(3)
        lfd     19, SJ_F14+40(3)
        lfd     20, SJ_F14+48(3)
        lfd     21, SJ_F14+56(3)
        lfd     22, SJ_F14+64(3)
        lfd     23, SJ_F14+72(3)
        lfd     24, SJ_F14+80(3)
        lfd     25, SJ_F14+88(3)
        lfd     26, SJ_F14+96(3)
        lfd     27, SJ_F14+104(3)
        lfd     28, SJ_F14+112(3)
        lfd     29, SJ_F14+120(3)
        lfd     30, SJ_F14+128(3)
        lfd     31, SJ_F14+136(3)
        addi    5, 3, SJ_V20
        li      6, 0
        lxvd2x  52, 5, 6
        li      6, 16
        lxvd2x  53, 5, 6
        li      6, 32
        lxvd2x  54, 5, 6
        li      6, 48
        lxvd2x  55, 5, 6
        li      6, 64
        lxvd2x  56, 5, 6
        li      6, 80
        lxvd2x  57, 5, 6
        li      6, 96
        lxvd2x  58, 5, 6
        li      6, 112
        lxvd2x  59, 5, 6
        li      6, 128
        lxvd2x  60, 5, 6
        li      6, 144
        lxvd2x  61, 5, 6
        li      6, 160
        lxvd2x  62, 5, 6
        li      6, 176
        lxvd2x  63, 5, 6
        mr      3, 4                    // the value setjmp returns
        blr                             // to lr: setjmp returns a second time
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
        .p2align 4
sysabi_sigsetjmp:
        std     4, SJ_MASKED(3)         // whether the mask is saved
        cmpwi   4, 0
        beq     1f
        std     31, SJ_R14+136(3)       // r31 keeps env across sc (the kernel may
        mr      31, 3                   //   zero r0 and r4-r12); its value saved first
        li      3, SIG_BLOCK            // how
        li      4, 0                    // set = NULL: read only
        addi    5, 31, SJ_MASK          // oldset
        li      6, 8                    // sigsetsize
        li      0, __NR_rt_sigprocmask
        sc
        mr      3, 31                   // env back
        ld      31, SJ_R14+136(3)       // and the caller's r31
1:      b       sysabi_setjmp           // tail call: lr is still our caller's
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
        .p2align 4
sysabi_siglongjmp:
        ld      5, SJ_MASKED(3)
        cmpwi   5, 0
        beq     1f
        mr      30, 3                   // keep env and val across sc in r30, r31:
        mr      31, 4                   //   longjmp reloads both from env anyway
        li      3, SIG_SETMASK
        addi    4, 30, SJ_MASK          // set: the saved mask
        li      5, 0                    // oldset = NULL
        li      6, 8
        li      0, __NR_rt_sigprocmask
        sc
        mr      3, 30
        mr      4, 31
1:      b       sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
