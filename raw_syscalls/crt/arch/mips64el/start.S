// _start for mips64el, n64 ABI (no libc).
//
// The kernel enters here with sp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (MIPS psABI, "Process
// Initialization").  v0 may hold a termination function for the dynamic
// linker's use; a static program ignores it.  n64 code is -mabicalls: every
// function computes its $gp from $t9 ($25), which must hold the function's
// own address on entry, so _start calls through $25, loaded with the
// callee's absolute address (a static, non-PIE link: .option pic0 lets dla
// build it from immediates instead of a GOT that needs gp).

        .text
        .globl  _start
        .type   _start, @function
        .globl  __start             // mips's ld enters at __start, not _start: the same place
        .p2align 3
        .set    push
        .set    noreorder           // the delay slot is filled by hand
        .set    noat                // $at ($1) is used explicitly below
        .option pic0                // dla: an absolute address, no GOT
__start:
_start:
        move    $30, $0             // frame pointer ($fp) 0: the outermost frame ends backtraces
        move    $31, $0             // return address 0: there is nowhere to return to
        move    $4, $sp             // arg 1 of sysabi_start_c (a0): the initial stack pointer
        daddiu  $1, $0, -16         // at = ~15
        and     $29, $29, $1        // psABI: sp % 16 == 0 on entry to every function (the kernel gives it; made sure)
        dla     $25, sysabi_start_c // t9 = sysabi_start_c: n64 callees derive $gp from t9
        jalr    $25                 // never returns: it calls exit_group
        nop                         // (delay slot)
        teq     $0, $0              // trap if it did
        .set    pop
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
