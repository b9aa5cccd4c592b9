/* abi_checks/setjmp/jmp_buf.h - sysabi's jmp_buf, slot by slot, per arch.
 *
 * Plain preprocessor text, shared by the assembly (<arch>.S) and C++
 * (setjmp.hpp).  A slot holds one callee-saved register - the ones the
 * arch's procedure-call standard says a function must give back unchanged,
 * which is exactly what a longjmp must give back - plus the stack pointer
 * and the address to resume at.  Stored plain: no pointer mangling (glibc
 * mangles; see docs/setjmp.md).  After them: whether sigsetjmp saved the
 * signal mask (one word) and the mask itself (the kernel's 8-byte sigset).
 *
 *   SJ_SIZE       bytes in a sysabi jmp_buf
 *   SJ_MASKED     offset of the "mask saved" word
 *   SJ_MASK       offset of the saved mask
 */
#ifndef SYSABI_SETJMP_JMP_BUF_H
#define SYSABI_SETJMP_JMP_BUF_H

#if defined(__x86_64__)
/* SysV x86_64 psABI 3.2.1: rbx rbp r12-r15 are callee-saved; no xmm is. */
#define SJ_RBX 0
#define SJ_RBP 8
#define SJ_R12 16
#define SJ_R13 24
#define SJ_R14 32
#define SJ_R15 40
#define SJ_RSP 48 /* the caller's rsp after setjmp returns */
#define SJ_RIP 56 /* where setjmp returns to */
#define SJ_MASKED 64
#define SJ_MASK 72
#define SJ_SIZE 80
#elif defined(__i386__)
/* i386 SysV psABI: ebx esi edi ebp are callee-saved. */
#define SJ_EBX 0
#define SJ_ESI 4
#define SJ_EDI 8
#define SJ_EBP 12
#define SJ_ESP 16
#define SJ_EIP 20
#define SJ_MASKED 24
#define SJ_MASK 28
#define SJ_SIZE 36
#elif defined(__aarch64__)
/* AAPCS64 6.1.1: x19-x28 callee-saved, x29 frame pointer, x30 link
 * register; 6.1.2: the low 64 bits of v8-v15 (d8-d15). */
#define SJ_X19 0 /* x19..x28 at 0, 8, ..., 72 */
#define SJ_X29 80
#define SJ_X30 88
#define SJ_SP 96
#define SJ_D8 104 /* d8..d15 at 104, 112, ..., 160 */
#define SJ_MASKED 168
#define SJ_MASK 176
#define SJ_SIZE 184
#elif defined(__arm__)
/* AAPCS 5.1.1: r4-r11 callee-saved (r11 the frame pointer), sp, lr for the
 * return; 5.1.2.1 (VFP): d8-d15 callee-saved. */
#define SJ_R4 0 /* r4..r11 at 0, 4, ..., 28 */
#define SJ_SP 32
#define SJ_LR 36
#define SJ_D8 40 /* d8..d15 at 40, 48, ..., 96 */
#define SJ_MASKED 104
#define SJ_MASK 108
#define SJ_SIZE 116
#elif defined(__riscv) && __riscv_xlen == 64
/* RISC-V psABI: s0-s11 callee-saved (s0 the frame pointer), ra the return
 * address, sp; with the D extension (lp64d) fs0-fs11. */
#define SJ_RA 0
#define SJ_SP 8
#define SJ_S0 16   /* s0..s11 at 16, 24, ..., 104 */
#define SJ_FS0 112 /* fs0..fs11 at 112, 120, ..., 200 */
#define SJ_MASKED 208
#define SJ_MASK 216
#define SJ_SIZE 224
#elif defined(__powerpc64__)
/* ELFv2 ABI 2.2.1.1: r14-r31, f14-f31, v20-v31 (vs52-vs63), cr2-cr4 are
 * non-volatile; r1 the stack pointer, r2 the TOC pointer, lr the return. */
#define SJ_LR 0
#define SJ_SP 8
#define SJ_R2 16
#define SJ_CR 24
#define SJ_R14 32   /* r14..r31 at 32, 40, ..., 168 */
#define SJ_F14 176  /* f14..f31 at 176, 184, ..., 312 */
#define SJ_V20 320  /* v20..v31 (16 bytes each) at 320, 336, ..., 496 */
#define SJ_MASKED 512
#define SJ_MASK 520
#define SJ_SIZE 528
#elif defined(__s390x__)
/* s390x ELF ABI supplement: r6-r13 callee-saved (r11 the frame pointer),
 * r14 the return address, r15 the stack pointer; f8-f15 callee-saved.
 * One stmg stores r6-r15 in order, as glibc's and musl's do. */
#define SJ_R6 0    /* r6..r13 at 0, 8, ..., 56 */
#define SJ_R14 64
#define SJ_SP 72   /* r15 */
#define SJ_F8 80   /* f8..f15 at 80, 88, ..., 136 */
#define SJ_MASKED 144
#define SJ_MASK 152
#define SJ_SIZE 160
#elif defined(__mips__) && _MIPS_SIM == _ABI64
/* MIPS n64 psABI: s0-s7, gp and fp ($30) callee-saved, ra the return
 * address, sp; FP (FR=1): f24-f31 callee-saved.  mips's kernel sigset is
 * 128 signals: 16 bytes. */
#define SJ_RA 0
#define SJ_SP 8
#define SJ_S0 16   /* s0..s7 at 16, 24, ..., 72 */
#define SJ_FP 80
#define SJ_GP 88
#define SJ_F24 96  /* f24..f31 at 96, 104, ..., 152 */
#define SJ_MASKED 160
#define SJ_MASK 168
#define SJ_SIZE 184
#elif defined(__sparc__) && defined(__arch64__)
/* SPARC V9 psABI: what a function must give back is its caller's register
 * window (l0-l7, i0-i7), which is not in the jmp_buf: longjmp goes back up
 * the chain of windows to the one whose frame pointer (%i6) setjmp saw, so
 * a jump restores the stack pointer and the return address, and uses the
 * frame pointer to find the window.  Every FP register is caller-saved. */
#define SJ_SP 0  /* the caller's %sp (biased) */
#define SJ_FP 8  /* the caller's %fp (%i6, biased) */
#define SJ_O7 16 /* the call's own address: setjmp returns to %o7 + 8 */
#define SJ_MASKED 24
#define SJ_MASK 32
#define SJ_SIZE 40
#else
#error "sysabi setjmp: unsupported arch"
#endif

#endif
