// sysabi/rt/main.hpp - the entry point every sysabi program provides.
//
// Called with the process's initial argc/argv/envp and auxiliary vector,
// whether it was reached from sysabi's own _start (nolibc) or from libc's
// main() (libc variants).
#pragma once

int sysabi_main(int argc, char** argv, char** envp, unsigned long* auxv);
