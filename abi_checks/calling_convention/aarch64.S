// abi_checks/calling_convention/aarch64.S - the aarch64 system-call
// convention, observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in x0 (AAPCS64)
//
// Loads every general register from f->in[], v0-v31 from f->fin[], NZCV and
// FPCR from f->misc[], executes `svc #0`, and stores what the kernel handed
// back.  The frame layout is in frame.h.
//
// The rules checked (Linux arch/arm64/kernel/syscall.c, entry.S;
// Documentation/arch/arm64/sve.rst for the FP/SIMD state):
//   * x8 carries the number (and survives);
//   * x0-x5 carry arguments 1-6, x0 carries the result out;
//   * every other register x1-x30, sp, the memory below sp, NZCV, v0-v31
//     (the low 128 bits of SVE's z0-z31) and FPCR come back unchanged.
#include "frame.h"

#define IN(r) (CC_IN + (r) * 8)
#define OUT(r) (CC_OUT + (r) * 8)
#define MISC(i) CC_MISC_OFF(i)

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, %function
        .p2align 2
sysabi_cc_trap:
        // Keep what AAPCS64 says a callee must preserve: x19-x30, d8-d15.
        stp     x29, x30, [sp, #-160]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        stp     d8, d9, [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        mov     x1, sp
        str     x1, [x0, #MISC(CC_M_SAVED_SP)]

        // FP control: keep the caller's FPCR, install a distinctive one
        // (flush-to-zero, round toward zero) and read it back.
        mrs     x1, fpcr
        str     x1, [x0, #MISC(CC_M_FPCTL_SAVED)]
        ldr     x1, [x0, #MISC(CC_M_FPCTL_IN)]
        msr     fpcr, x1
        mrs     x1, fpcr
        str     x1, [x0, #MISC(CC_M_FPCTL_SET)]

        // v0-v31, all 128 bits (AAPCS64 only asks callees to keep the low
        // 64 bits of v8-v15; the kernel keeps everything).
        add     x1, x0, #CC_FIN
        ldp     q0, q1, [x1, #0]
        ldp     q2, q3, [x1, #32]
        ldp     q4, q5, [x1, #64]
        ldp     q6, q7, [x1, #96]
        ldp     q8, q9, [x1, #128]
        ldp     q10, q11, [x1, #160]
        ldp     q12, q13, [x1, #192]
        ldp     q14, q15, [x1, #224]
        ldp     q16, q17, [x1, #256]
        ldp     q18, q19, [x1, #288]
        ldp     q20, q21, [x1, #320]
        ldp     q22, q23, [x1, #352]
        ldp     q24, q25, [x1, #384]
        ldp     q26, q27, [x1, #416]
        ldp     q28, q29, [x1, #448]
        ldp     q30, q31, [x1, #480]

        // NZCV: a known pattern, read back.  Nothing below sets flags
        // until the trap: only loads, add/mov without S.
        ldr     x1, [x0, #MISC(CC_M_FLAGS_IN)]
        msr     nzcv, x1
        mrs     x1, nzcv
        str     x1, [x0, #MISC(CC_M_FLAGS_SET)]

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        add     x1, x0, #CC_TRAP_SP
        mov     sp, x1

        // Every general register gets its canary from in[]: x8 the number,
        // x0-x5 the arguments (or canaries), the rest canaries that must
        // survive.  x30 is the base, loaded last.
        add     x30, x0, #CC_IN
        ldp     x0, x1, [x30, #0]           // x0: argument 1, result; x1: argument 2
        ldp     x2, x3, [x30, #16]          // arguments 3, 4
        ldp     x4, x5, [x30, #32]          // arguments 5, 6
        ldp     x6, x7, [x30, #48]          // preserved
        ldp     x8, x9, [x30, #64]          // x8: the number (preserved too)
        ldp     x10, x11, [x30, #80]
        ldp     x12, x13, [x30, #96]
        ldp     x14, x15, [x30, #112]
        ldp     x16, x17, [x30, #128]       // the intra-procedure-call scratch registers
        ldp     x18, x19, [x30, #144]       // x18: the platform register, free on Linux
        ldp     x20, x21, [x30, #160]
        ldp     x22, x23, [x30, #176]
        ldp     x24, x25, [x30, #192]
        ldp     x26, x27, [x30, #208]
        ldp     x28, x29, [x30, #224]       // x29: frame pointer
        ldr     x30, [x30, #240]            // x30: link register, last: it was the base

        svc     #0
.Lafter_trap:
        // Move sp up past the checked area before spilling anything, then
        // free two registers: x0 for the frame, x1 for scratch.
        add     sp, sp, #(CC_STACK_SIZE - CC_TRAP_SP)  // sp = f + 512
        stp     x0, x1, [sp, #-16]!                    // sp = f + 496
        mrs     x1, nzcv                               // NZCV after the trap
        sub     x0, sp, #(CC_STACK_SIZE - 16)          // x0 = f
        str     x1, [x0, #MISC(CC_M_FLAGS_OUT)]

        add     x1, x0, #CC_OUT
        stp     x2, x3, [x1, #16]
        stp     x4, x5, [x1, #32]
        stp     x6, x7, [x1, #48]
        stp     x8, x9, [x1, #64]
        stp     x10, x11, [x1, #80]
        stp     x12, x13, [x1, #96]
        stp     x14, x15, [x1, #112]
        stp     x16, x17, [x1, #128]
        stp     x18, x19, [x1, #144]
        stp     x20, x21, [x1, #160]
        stp     x22, x23, [x1, #176]
        stp     x24, x25, [x1, #192]
        stp     x26, x27, [x1, #208]
        stp     x28, x29, [x1, #224]
        str     x30, [x1, #240]
        ldp     x2, x3, [sp]                // x0, x1 as the trap left them
        stp     x2, x3, [x1, #0]
        sub     x2, sp, #(CC_TRAP_SP - 16)  // sp as the trap left it
        str     x2, [x1, #248]              // out[31]

        add     x1, x0, #CC_FOUT
        stp     q0, q1, [x1, #0]
        stp     q2, q3, [x1, #32]
        stp     q4, q5, [x1, #64]
        stp     q6, q7, [x1, #96]
        stp     q8, q9, [x1, #128]
        stp     q10, q11, [x1, #160]
        stp     q12, q13, [x1, #192]
        stp     q14, q15, [x1, #224]
        stp     q16, q17, [x1, #256]
        stp     q18, q19, [x1, #288]
        stp     q20, q21, [x1, #320]
        stp     q22, q23, [x1, #352]
        stp     q24, q25, [x1, #384]
        stp     q26, q27, [x1, #416]
        stp     q28, q29, [x1, #448]
        stp     q30, q31, [x1, #480]
        mrs     x1, fpcr
        str     x1, [x0, #MISC(CC_M_FPCTL_OUT)]
        ldr     x1, [x0, #MISC(CC_M_FPCTL_SAVED)]
        msr     fpcr, x1                    // the caller's FPCR back

        ldr     x1, [x0, #MISC(CC_M_SAVED_SP)]
        mov     sp, x1                      // the caller's stack back
        ldr     x0, [x0, #OUT(0)]           // return the result
        ldp     d14, d15, [sp, #144]
        ldp     d12, d13, [sp, #128]
        ldp     d10, d11, [sp, #112]
        ldp     d8, d9, [sp, #96]
        ldp     x27, x28, [sp, #80]
        ldp     x25, x26, [sp, #64]
        ldp     x23, x24, [sp, #48]
        ldp     x21, x22, [sp, #32]
        ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #160
        ret
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", %progbits
