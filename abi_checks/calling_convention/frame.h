/* abi_checks/calling_convention/frame.h - the memory the trap routines work on.
 *
 * Shared by calling_convention.cpp and the per-arch trap routine
 * calling_convention/<arch>.S, so it is plain preprocessor text: offsets, no
 * types.  W is the register width (4 or 8); every slot below is one
 * register wide, FP slots are 16 bytes whatever the register.
 *
 *   unsigned long sysabi_cc_trap(struct frame *f);
 *
 * loads the whole register file from the frame (in[] for the general
 * registers, fin[] for FP/SIMD, the flags and FP control words from misc[]),
 * points the stack pointer at f + CC_TRAP_SP, executes the arch's trap
 * instruction, and stores the whole register file as the trap left it into
 * out[] / fout[] / misc[].  Returns the return register.
 *
 *   offset        what
 *   0             stack[512]: the stack during the trap.  sp = f + 256 at the
 *                 trap; [f, f + 256) lies below sp and must come back
 *                 untouched, the routine spills into [f + 256, f + 512) only
 *                 after the trap.  The probe installs no signal handler:
 *                 no signal frame can land on this small stack.
 *   CC_IN         in[32]:  value of general register number i before the trap
 *   CC_OUT        out[32]: value of general register number i after the trap
 *   CC_MISC       misc[16]: see CC_M_* below
 *   CC_FIN        fin[32][16]:  FP/SIMD register i before the trap
 *   CC_FOUT       fout[32][16]: FP/SIMD register i after the trap
 *
 * Register numbers are the architecture's own encoding: x86_64 rax=0 rcx=1
 * rdx=2 rbx=3 rsp=4 rbp=5 rsi=6 rdi=7 r8..r15; i386 the same for the e-regs;
 * aarch64 x0..x30 and sp=31; arm r0..r12, sp=13, lr=14; riscv64 x0..x31;
 * s390x r0;
 * mips64el $0..r15 (sp=15)..$31.
 * The stack pointer's in[] slot is not loaded (sp is always f + CC_TRAP_SP);
 * its out[] slot receives sp as the trap left it.
 */
#ifndef SYSABI_CALLING_CONVENTION_FRAME_H
#define SYSABI_CALLING_CONVENTION_FRAME_H

/* x32: 4-byte pointers, 8-byte registers. */
#if defined(__x86_64__)
#define CC_W 8
#else
#define CC_W __SIZEOF_POINTER__
#endif

#define CC_STACK_SIZE 512
#define CC_TRAP_SP 256
#define CC_NGPR 32
#define CC_NFP 32
#define CC_FP_SLOT 16

#define CC_IN CC_STACK_SIZE
#define CC_OUT (CC_IN + CC_NGPR * CC_W)
#define CC_MISC (CC_OUT + CC_NGPR * CC_W)
#define CC_NMISC 16
#define CC_FIN (CC_MISC + CC_NMISC * CC_W)
#define CC_FOUT (CC_FIN + CC_NFP * CC_FP_SLOT)
#define CC_FRAME_SIZE (CC_FOUT + CC_NFP * CC_FP_SLOT)

/* misc[] slots */
#define CC_M_SAVED_SP 0     /* the caller's stack pointer, restored after the trap */
#define CC_M_FLAGS_IN 1     /* condition flags to set before the trap */
#define CC_M_FLAGS_SET 2    /* the flags register read back after setting it */
#define CC_M_FLAGS_OUT 3    /* the flags register right after the trap */
#define CC_M_FPCTL_IN 4     /* FP control word to set (mxcsr, x87 cw, fpcr, fpscr, fcsr) */
#define CC_M_FPCTL_SET 5    /* ... read back after setting it */
#define CC_M_FPCTL_OUT 6    /* ... right after the trap */
#define CC_M_FPCTL_SAVED 7  /* the caller's, restored after the trap */
#define CC_M_AFTER_TRAP 8   /* address of the instruction after the trap */
#define CC_M_OPTIONS 9      /* CC_OPT_* bits */

#define CC_MISC_OFF(i) (CC_MISC + (i) * CC_W)

/* CC_M_OPTIONS bits */
#define CC_OPT_FP_EXT 1  /* the optional FP set: i386 xmm0-7 (SSE2), arm d16-d31 (VFP-D32) */

#endif
