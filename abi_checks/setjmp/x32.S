// abi_checks/setjmp/x32.S - setjmp and longjmp for x32: x86_64's (x86_64.S),
// assembled for x32.  x32 code keeps all 64 bits of rbx, rbp and r12-r15
// (the x32 psABI's callee-saved set is x86_64's), `call` pushes an 8-byte
// return address, the jmp_buf keeps 8-byte slots (jmp_buf.h, as glibc's
// x32 __jmp_buf of long long), and env arrives zero-extended in rdi.  The
// one difference is the rt_sigprocmask number <asm/unistd.h> gives
// (__X32_SYSCALL_BIT | 14).
#include "x86_64.S"
