// abi_checks/calling_convention/x32.S - the x32 system-call convention,
// observed register by register: x86_64's routine (x86_64.S), assembled for
// x32.  The registers, the trap and every rule are x86_64's; the number the
// probe loads into rax is x32's (__X32_SYSCALL_BIT | getppid), and frame.h
// keeps 8-byte register slots (CC_W) although pointers are 4 bytes.  The
// frame pointer arrives zero-extended in rdi, as the x32 psABI passes
// pointers, so the x86_64 code addresses it as it is.
#include "x86_64.S"
