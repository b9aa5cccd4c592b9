// bench/exit_only_x86_64.S - the floor for exec->exit latency: a static
// program whose whole life is one exit_group(0).  Nothing to load, relocate
// or initialise; whatever a real program costs above this is its start-up.
        .text
        .globl  _start
_start:
        mov     $231, %eax      // __NR_exit_group (x86_64)
        xor     %edi, %edi      // status 0
        syscall                 // does not return
