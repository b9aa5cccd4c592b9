/* abi_checks/calling_convention/s390x.S - the s390x system-call convention,
 * observed register by register.
 *
 *   unsigned long sysabi_cc_trap(frame *f)      f in r2 (s390x ELF ABI)
 *
 * Loads r0-r14 from f->in[] (r15, the stack pointer, points into f->stack),
 * f0-f15 from f->fin[], the floating-point control register (FPC) and the
 * condition code from f->misc[], executes `svc 0`, and stores what the
 * kernel handed back.  The frame layout is in frame.h.
 *
 * The rules checked (Linux arch/s390/kernel/entry.S and syscall.c, the
 * s390x ELF ABI supplement):
 *   * r1 carries the number (svc's immediate is 0) and survives;
 *   * r2-r7 carry arguments 1-6, r2 carries the result out;
 *   * every other general register, r0 and r8-r15 included, the memory
 *     below r15, f0-f15, the FPC and the condition code come back
 *     unchanged.
 * The access registers (a0/a1: the thread pointer) and the vector
 * registers beyond f0-f15 are not loaded.
 *
 * As a C function this routine keeps the ABI's rules itself: r6-r15 are
 * saved in the caller's 160-byte register save area (at 48(r15), the slots
 * the ABI gives r6-r15) and f8-f15 in a frame of its own. */
#include "frame.h"

#define MISC(i) CC_MISC_OFF(i)
#define SLOT(r) ((r) * 8)           /* from the in[]/out[] base */
#define FSLOT(i) ((i) * 16)         /* from the fin[]/fout[] base */
#define OWN 224                     /* this routine's frame: 160 (ABI) + f8-f15 */

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
        .p2align 3
sysabi_cc_trap:
        stmg    %r6, %r15, 48(%r15)     /* r6-r15 into the caller's register save area */
        aghi    %r15, -OWN              /* our own frame */
        std     %f8, 160(%r15)          /* f8-f15: callee-saved */
        std     %f9, 168(%r15)
        std     %f10, 176(%r15)
        std     %f11, 184(%r15)
        std     %f12, 192(%r15)
        std     %f13, 200(%r15)
        std     %f14, 208(%r15)
        std     %f15, 216(%r15)
        stg     %r15, MISC(CC_M_SAVED_SP)(%r2)  /* our r15, to come back to */

        /* FPC: keep the caller's, install a distinctive one (round toward
         * zero, the inexact flag raised) and read it back. */
        efpc    %r0                     /* r0 = the caller's FPC */
        stg     %r0, MISC(CC_M_FPCTL_SAVED)(%r2)
        lg      %r0, MISC(CC_M_FPCTL_IN)(%r2)
        sfpc    %r0                     /* FPC = ours */
        lghi    %r0, 0                  /* efpc writes the low word only */
        efpc    %r0                     /* read back */
        stg     %r0, MISC(CC_M_FPCTL_SET)(%r2)

        /* f0-f15, 8 bytes each from their 16-byte slots. */
        la      %r1, CC_FIN(%r2)        /* r1 = fin[] */
        ld      %f0, FSLOT(0)(%r1)
        ld      %f1, FSLOT(1)(%r1)
        ld      %f2, FSLOT(2)(%r1)
        ld      %f3, FSLOT(3)(%r1)
        ld      %f4, FSLOT(4)(%r1)
        ld      %f5, FSLOT(5)(%r1)
        ld      %f6, FSLOT(6)(%r1)
        ld      %f7, FSLOT(7)(%r1)
        ld      %f8, FSLOT(8)(%r1)
        ld      %f9, FSLOT(9)(%r1)
        ld      %f10, FSLOT(10)(%r1)
        ld      %f11, FSLOT(11)(%r1)
        ld      %f12, FSLOT(12)(%r1)
        ld      %f13, FSLOT(13)(%r1)
        ld      %f14, FSLOT(14)(%r1)
        ld      %f15, FSLOT(15)(%r1)

        /* The condition code: spm takes it from bits 34-35 of the register
         * (0x30000000 in the low word) and the program mask from 36-39
         * (misc's value leaves the mask 0: no overflow traps).  Nothing
         * below changes it before the svc: la, lmg do not set the CC. */
        lg      %r0, MISC(CC_M_FLAGS_IN)(%r2)
        spm     %r0                     /* CC and program mask = ours */
        lghi    %r0, 0                  /* ipm writes bits 32-39 only */
        ipm     %r0                     /* read them back */
        stg     %r0, MISC(CC_M_FLAGS_SET)(%r2)

        /* The stack pointer is a canary too: it points into f->stack, whose
         * 256 bytes below it the caller filled with a pattern. */
        la      %r15, CC_TRAP_SP(%r2)
        /* r0-r14 from in[0..14] in one load; r2, the base, is among them
         * (the address is computed before any register is loaded). */
        lmg     %r0, %r14, CC_IN(%r2)   /* r1 the number, r2-r7 the arguments, the rest canaries */

        svc     0                       /* the system call: number in r1 */
.Lafter_trap:
        /* Everything out through r15 (= f + CC_TRAP_SP), whose value is
         * known, before any instruction that could change the CC. */
        stmg    %r0, %r14, CC_OUT - CC_TRAP_SP(%r15)   /* r0-r14 as the trap left them */
        stg     %r15, CC_OUT - CC_TRAP_SP + SLOT(15)(%r15)  /* r15 as the trap left it */
        lghi    %r0, 0                  /* (lghi keeps the CC) */
        ipm     %r0                     /* CC and program mask as the trap left them */
        stg     %r0, CC_MISC - CC_TRAP_SP + SLOT(CC_M_FLAGS_OUT)(%r15)
        lay     %r2, -CC_TRAP_SP(%r15)  /* r2 = f */
        lghi    %r0, 0
        efpc    %r0                     /* the FPC as the trap left it */
        stg     %r0, MISC(CC_M_FPCTL_OUT)(%r2)
        lg      %r0, MISC(CC_M_FPCTL_SAVED)(%r2)
        sfpc    %r0                     /* the caller's FPC back */

        la      %r1, CC_FOUT(%r2)       /* r1 = fout[] */
        std     %f0, FSLOT(0)(%r1)
        std     %f1, FSLOT(1)(%r1)
        std     %f2, FSLOT(2)(%r1)
        std     %f3, FSLOT(3)(%r1)
        std     %f4, FSLOT(4)(%r1)
        std     %f5, FSLOT(5)(%r1)
        std     %f6, FSLOT(6)(%r1)
        std     %f7, FSLOT(7)(%r1)
        std     %f8, FSLOT(8)(%r1)
        std     %f9, FSLOT(9)(%r1)
        std     %f10, FSLOT(10)(%r1)
        std     %f11, FSLOT(11)(%r1)
        std     %f12, FSLOT(12)(%r1)
        std     %f13, FSLOT(13)(%r1)
        std     %f14, FSLOT(14)(%r1)
        std     %f15, FSLOT(15)(%r1)

        lg      %r15, MISC(CC_M_SAVED_SP)(%r2)  /* our frame back */
        lg      %r2, CC_OUT + SLOT(2)(%r2)      /* return the result */
        ld      %f8, 160(%r15)          /* the caller's f8-f15 */
        ld      %f9, 168(%r15)
        ld      %f10, 176(%r15)
        ld      %f11, 184(%r15)
        ld      %f12, 192(%r15)
        ld      %f13, 200(%r15)
        ld      %f14, 208(%r15)
        ld      %f15, 216(%r15)
        lmg     %r6, %r15, OWN + 48(%r15)   /* the caller's r6-r15, r15 last */
        br      %r14                    /* return */
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
