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

#define SJT_NREGS 18     /* slots per array: ppc64le has 18 (r14-r31, f14-f31) */
#define SJT_SETJMP 0     /* int (*)(env) */
#define SJT_LONGJMP 8    /* void (*)(env, int) */
#define SJT_ENV 16       /* the jmp_buf */
#define SJT_IN 24        /* in[18]: integer canaries */
#define SJT_JUNK 168     /* junk[18] */
#define SJT_OUT 312      /* out[18] */
#define SJT_FIN 456      /* fin[18]: FP canaries (64-bit each) */
#define SJT_FJUNK 600    /* fjunk[18] */
#define SJT_FOUT 744     /* fout[18] */
#define SJT_SP_BEFORE 888
#define SJT_SP_AFTER 896
#define SJT_RET 904
#define SJT_SIZE 912

#endif
