// abi_checks/startup/entry.h - which function startup/<arch>.S stands in for.
//
// The link (abi_checks/CMakeLists.txt) wraps the first C function the
// start-up code calls: `main` in libc variants (called by libc's
// __libc_start_main), `sysabi_start_c` in nolibc ones (called by sysabi's
// _start, raw_syscalls/crt/arch/<arch>/start.S).  The start-up code then
// calls ENTRY instead; ENTRY hands its stack pointer, untouched, to the C++
// function RECORD (startup.cpp) as one more argument, and jumps there
// without a call: RECORD stores it and calls the real function.
#if SYSABI_HAS_LIBC
#define ENTRY __wrap_main
#define RECORD sysabi_startup_main
#else
#define ENTRY __wrap_sysabi_start_c
#define RECORD sysabi_startup_start_c
#endif
