// abi_checks/calling_convention/sparc64.S - the sparc64 system-call
// convention, observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in %o0 (%i0 after save)
//
// Loads %g1-%g7, %o0-%o7, %l0-%l7 and %i0-%i7 from f->in[] (slot = the
// register's number: g 0-7, o 8-15, l 16-23, i 24-31; %g0 is hard-wired
// zero), %f0-%f62 as 32 doubles from f->fin[], %ccr and %fsr from f->misc[],
// executes `ta 0x6d`, and stores what the kernel handed back.  The frame
// layout is in frame.h.
//
// The rules checked (Linux arch/sparc/kernel/syscalls.S, SPARC V9 psABI):
//   * %g1 carries the number (and survives);
//   * %o0-%o5 carry arguments 1-6, %o0 carries the result out, and the
//     carry flag (%xcc.C, and %icc.C) says whether it is an error;
//   * every other register - the globals, %o1-%o7 (%o6 is %sp), the
//     locals, the ins - the memory below %sp, %f0-%f62, %fsr and %ccr's
//     N, Z and V bits come back unchanged.
//
// Register windows: %i6/%i7 here are our caller window's %o6/%o7 (its
// stack pointer and return address).  A flushw first writes every older
// window to its frame and marks it invalid, so nothing ever spills through
// their canary stack pointers; only this window can be spilled, to
// %sp + 2047 = f + 256 .. f + 384, the part of f->stack above %sp.
#include "frame.h"

#define MISC(i) CC_MISC_OFF(i)
#define SLOT(r) ((r) * 8)           /* from the in[]/out[] base register */
#define FSLOT(i) ((i) * 16)         /* from the fin[]/fout[] base register */
#define BIAS 2047                   /* the SPARC V9 stack bias */
/* misc[] slots this routine keeps its own window's state in (frame.h leaves 10-15 free) */
#define M_FP 10
#define M_I7 11
#define M_G5 12
#define M_G6 13
#define M_G7 14

        // Every global holds a canary: the V9 assembler wants uses of %g2/%g3
        // (scratch) and %g6/%g7 (system: this routine restores them) declared.
        .register %g2, #scratch
        .register %g3, #scratch
        .register %g6, #ignore
        .register %g7, #ignore

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, %function
        .p2align 2
sysabi_cc_trap:
        save    %sp, -192, %sp              // a window of our own: %i0 = f
        flushw                              // every older window to its frame (see above)
        stx     %sp, [%i0 + MISC(CC_M_SAVED_SP)]  // what we give back: our %sp, %fp, %i7,
        stx     %fp, [%i0 + MISC(M_FP)]     // and the system globals %g5-%g7 (%g7: the
        stx     %i7, [%i0 + MISC(M_I7)]     // thread pointer); %g2-%g4 are caller-saved
        stx     %g5, [%i0 + MISC(M_G5)]
        stx     %g6, [%i0 + MISC(M_G6)]
        stx     %g7, [%i0 + MISC(M_G7)]

        // %fsr: keep the caller's, install a distinctive one and read it back.
        stx     %fsr, [%i0 + MISC(CC_M_FPCTL_SAVED)]
        ldx     [%i0 + MISC(CC_M_FPCTL_IN)], %fsr
        stx     %fsr, [%i0 + MISC(CC_M_FPCTL_SET)]
        // %ccr: install the flags and read them back.
        ldx     [%i0 + MISC(CC_M_FLAGS_IN)], %l0
        wr      %l0, 0, %ccr                // %ccr = l0 xor 0
        rd      %ccr, %l0
        stx     %l0, [%i0 + MISC(CC_M_FLAGS_SET)]
        // %f0-%f62, as the 32 double registers %d0-%d62.
        add     %i0, CC_FIN, %l0
        ldd     [%l0 + FSLOT(0)], %f0
        ldd     [%l0 + FSLOT(1)], %f2
        ldd     [%l0 + FSLOT(2)], %f4
        ldd     [%l0 + FSLOT(3)], %f6
        ldd     [%l0 + FSLOT(4)], %f8
        ldd     [%l0 + FSLOT(5)], %f10
        ldd     [%l0 + FSLOT(6)], %f12
        ldd     [%l0 + FSLOT(7)], %f14
        ldd     [%l0 + FSLOT(8)], %f16
        ldd     [%l0 + FSLOT(9)], %f18
        ldd     [%l0 + FSLOT(10)], %f20
        ldd     [%l0 + FSLOT(11)], %f22
        ldd     [%l0 + FSLOT(12)], %f24
        ldd     [%l0 + FSLOT(13)], %f26
        ldd     [%l0 + FSLOT(14)], %f28
        ldd     [%l0 + FSLOT(15)], %f30
        ldd     [%l0 + FSLOT(16)], %f32
        ldd     [%l0 + FSLOT(17)], %f34
        ldd     [%l0 + FSLOT(18)], %f36
        ldd     [%l0 + FSLOT(19)], %f38
        ldd     [%l0 + FSLOT(20)], %f40
        ldd     [%l0 + FSLOT(21)], %f42
        ldd     [%l0 + FSLOT(22)], %f44
        ldd     [%l0 + FSLOT(23)], %f46
        ldd     [%l0 + FSLOT(24)], %f48
        ldd     [%l0 + FSLOT(25)], %f50
        ldd     [%l0 + FSLOT(26)], %f52
        ldd     [%l0 + FSLOT(27)], %f54
        ldd     [%l0 + FSLOT(28)], %f56
        ldd     [%l0 + FSLOT(29)], %f58
        ldd     [%l0 + FSLOT(30)], %f60
        ldd     [%l0 + FSLOT(31)], %f62

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        add     %i0, CC_TRAP_SP - BIAS, %sp // biased: %sp + 2047 = f + 256

        // Every register gets its canary from in[]: %g1 the number, %o0-%o5
        // the arguments (or canaries), the rest canaries that must survive.
        // %l7 is the base, loaded last.
        add     %i0, CC_IN, %l7
        ldx     [%l7 + SLOT(1)], %g1        // the number (preserved too)
        ldx     [%l7 + SLOT(2)], %g2
        ldx     [%l7 + SLOT(3)], %g3
        ldx     [%l7 + SLOT(4)], %g4
        ldx     [%l7 + SLOT(5)], %g5
        ldx     [%l7 + SLOT(6)], %g6
        ldx     [%l7 + SLOT(7)], %g7        // thread pointer
        ldx     [%l7 + SLOT(8)], %o0        // argument 1, result
        ldx     [%l7 + SLOT(9)], %o1        // argument 2
        ldx     [%l7 + SLOT(10)], %o2       // argument 3
        ldx     [%l7 + SLOT(11)], %o3       // argument 4
        ldx     [%l7 + SLOT(12)], %o4       // argument 5
        ldx     [%l7 + SLOT(13)], %o5       // argument 6
        ldx     [%l7 + SLOT(15)], %o7       // the call's return address slot
        ldx     [%l7 + SLOT(16)], %l0
        ldx     [%l7 + SLOT(17)], %l1
        ldx     [%l7 + SLOT(18)], %l2
        ldx     [%l7 + SLOT(19)], %l3
        ldx     [%l7 + SLOT(20)], %l4
        ldx     [%l7 + SLOT(21)], %l5
        ldx     [%l7 + SLOT(22)], %l6
        ldx     [%l7 + SLOT(24)], %i0
        ldx     [%l7 + SLOT(25)], %i1
        ldx     [%l7 + SLOT(26)], %i2
        ldx     [%l7 + SLOT(27)], %i3
        ldx     [%l7 + SLOT(28)], %i4
        ldx     [%l7 + SLOT(29)], %i5
        ldx     [%l7 + SLOT(30)], %i6       // our %fp: the caller window's %sp
        ldx     [%l7 + SLOT(31)], %i7       // our return address
        ldx     [%l7 + SLOT(23)], %l7       // last: it was the base

        ta      0x6d                        // the system call
.Lafter_trap:
        // Spill %l7 above %sp (f + 256: the checked area is below), then
        // make it the frame's address.
        stx     %l7, [%sp + BIAS]
        add     %sp, BIAS - CC_TRAP_SP, %l7 // l7 = f
        stx     %g1, [%l7 + CC_OUT + SLOT(1)]     // (stores leave %ccr alone: it is read below)
        stx     %g2, [%l7 + CC_OUT + SLOT(2)]
        stx     %g3, [%l7 + CC_OUT + SLOT(3)]
        stx     %g4, [%l7 + CC_OUT + SLOT(4)]
        stx     %g5, [%l7 + CC_OUT + SLOT(5)]
        stx     %g6, [%l7 + CC_OUT + SLOT(6)]
        stx     %g7, [%l7 + CC_OUT + SLOT(7)]
        stx     %o0, [%l7 + CC_OUT + SLOT(8)]
        stx     %o1, [%l7 + CC_OUT + SLOT(9)]
        stx     %o2, [%l7 + CC_OUT + SLOT(10)]
        stx     %o3, [%l7 + CC_OUT + SLOT(11)]
        stx     %o4, [%l7 + CC_OUT + SLOT(12)]
        stx     %o5, [%l7 + CC_OUT + SLOT(13)]
        stx     %o7, [%l7 + CC_OUT + SLOT(15)]
        stx     %l0, [%l7 + CC_OUT + SLOT(16)]
        stx     %l1, [%l7 + CC_OUT + SLOT(17)]
        stx     %l2, [%l7 + CC_OUT + SLOT(18)]
        stx     %l3, [%l7 + CC_OUT + SLOT(19)]
        stx     %l4, [%l7 + CC_OUT + SLOT(20)]
        stx     %l5, [%l7 + CC_OUT + SLOT(21)]
        stx     %l6, [%l7 + CC_OUT + SLOT(22)]
        stx     %i0, [%l7 + CC_OUT + SLOT(24)]
        stx     %i1, [%l7 + CC_OUT + SLOT(25)]
        stx     %i2, [%l7 + CC_OUT + SLOT(26)]
        stx     %i3, [%l7 + CC_OUT + SLOT(27)]
        stx     %i4, [%l7 + CC_OUT + SLOT(28)]
        stx     %i5, [%l7 + CC_OUT + SLOT(29)]
        stx     %i6, [%l7 + CC_OUT + SLOT(30)]
        stx     %i7, [%l7 + CC_OUT + SLOT(31)]
        add     %sp, BIAS, %g1                     // sp as the trap left it, unbiased
        stx     %g1, [%l7 + CC_OUT + SLOT(14)]     // (in[] holds f + 256, the real address)
        ldx     [%sp + BIAS], %g1                  // l7 as the trap left it
        stx     %g1, [%l7 + CC_OUT + SLOT(23)]
        rd      %ccr, %g1
        stx     %g1, [%l7 + MISC(CC_M_FLAGS_OUT)]
        add     %l7, CC_FOUT, %g1
        std     %f0, [%g1 + FSLOT(0)]
        std     %f2, [%g1 + FSLOT(1)]
        std     %f4, [%g1 + FSLOT(2)]
        std     %f6, [%g1 + FSLOT(3)]
        std     %f8, [%g1 + FSLOT(4)]
        std     %f10, [%g1 + FSLOT(5)]
        std     %f12, [%g1 + FSLOT(6)]
        std     %f14, [%g1 + FSLOT(7)]
        std     %f16, [%g1 + FSLOT(8)]
        std     %f18, [%g1 + FSLOT(9)]
        std     %f20, [%g1 + FSLOT(10)]
        std     %f22, [%g1 + FSLOT(11)]
        std     %f24, [%g1 + FSLOT(12)]
        std     %f26, [%g1 + FSLOT(13)]
        std     %f28, [%g1 + FSLOT(14)]
        std     %f30, [%g1 + FSLOT(15)]
        std     %f32, [%g1 + FSLOT(16)]
        std     %f34, [%g1 + FSLOT(17)]
        std     %f36, [%g1 + FSLOT(18)]
        std     %f38, [%g1 + FSLOT(19)]
        std     %f40, [%g1 + FSLOT(20)]
        std     %f42, [%g1 + FSLOT(21)]
        std     %f44, [%g1 + FSLOT(22)]
        std     %f46, [%g1 + FSLOT(23)]
        std     %f48, [%g1 + FSLOT(24)]
        std     %f50, [%g1 + FSLOT(25)]
        std     %f52, [%g1 + FSLOT(26)]
        std     %f54, [%g1 + FSLOT(27)]
        std     %f56, [%g1 + FSLOT(28)]
        std     %f58, [%g1 + FSLOT(29)]
        std     %f60, [%g1 + FSLOT(30)]
        std     %f62, [%g1 + FSLOT(31)]
        stx     %fsr, [%l7 + MISC(CC_M_FPCTL_OUT)]
        ldx     [%l7 + MISC(CC_M_FPCTL_SAVED)], %fsr  // the caller's %fsr back

        ldx     [%l7 + MISC(CC_M_SAVED_SP)], %sp  // our stack, frame pointer, return address,
        ldx     [%l7 + MISC(M_FP)], %fp           // system globals back
        ldx     [%l7 + MISC(M_I7)], %i7
        ldx     [%l7 + MISC(M_G5)], %g5
        ldx     [%l7 + MISC(M_G6)], %g6
        ldx     [%l7 + MISC(M_G7)], %g7
        ldx     [%l7 + CC_OUT + SLOT(8)], %i0     // return the result register (%o0)
        ret                                 // to %i7 + 8; the caller's window is refilled
         restore                            // from its frame (flushw put it there)
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
