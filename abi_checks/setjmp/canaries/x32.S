// abi_checks/setjmp/canaries/x32.S - every callee-saved register of x32
// (x86_64's: rbx rbp r12 r13 r14 r15, all 64 bits; no xmm is callee-saved
// in the psABI) through a setjmp/longjmp pair: x86_64.S assembled for x32,
// whose sysabi_sj_current is a 4-byte pointer (SJ_CURRENT_REG there).
#include "x86_64.S"
