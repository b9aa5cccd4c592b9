/* abi_checks/setjmp/canaries/canaries.h - the record a canary routine
 * (canaries/<arch>.S) works on.  Preprocessor offsets, shared with
 * setjmp.cpp; every slot is 8 bytes on every arch (32-bit arches use the
 * low half).
 *
 *   long sysabi_sj_canaries(struct sj_canary_test *t);
 *
 * loads distinct canaries into every callee-saved register (integer and
 * FP/SIMD), calls t->setjmp(t->env); on its first return loads different
 * junk into all of them and calls t->longjmp(t->env, 1); where setjmp
 * returns the second time, stores every callee-saved register into out[] /
 * fout[] and the stack pointer into sp_after (sp_before was stored just
 * before the call), then restores the caller's registers and returns the
 * value setjmp returned.  A faithful pair gives out == in, fout == fin,
 * sp_after == sp_before.
 */
#ifndef SYSABI_SETJMP_CANARIES_H
#define SYSABI_SETJMP_CANARIES_H

#define SJT_SETJMP 0     /* int (*)(env) */
#define SJT_LONGJMP 8    /* void (*)(env, int) */
#define SJT_ENV 16       /* the jmp_buf */
#define SJT_IN 24        /* in[12]: integer canaries */
#define SJT_JUNK 120     /* junk[12] */
#define SJT_OUT 216      /* out[12] */
#define SJT_FIN 312      /* fin[12]: FP canaries (64-bit each) */
#define SJT_FJUNK 408    /* fjunk[12] */
#define SJT_FOUT 504     /* fout[12] */
#define SJT_SP_BEFORE 600
#define SJT_SP_AFTER 608
#define SJT_RET 616
/* Slots 12-17 of each array, for arches with more than 12 callee-saved
 * registers of a kind (ppc64le: r14-r31, f14-f31).  After the rest, so the
 * offsets above stay within aarch64's ldp/stp reach (504). */
#define SJT_IN_HI 624    /* in[12..17] */
#define SJT_JUNK_HI 672
#define SJT_OUT_HI 720
#define SJT_FIN_HI 768
#define SJT_FJUNK_HI 816
#define SJT_FOUT_HI 864
#define SJT_SIZE 912

#endif
