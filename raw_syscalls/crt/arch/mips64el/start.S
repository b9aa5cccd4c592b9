// _start for mips64el, n64 ABI (no libc).
//
// The kernel enters here with sp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (MIPS psABI, "Process
// Initialization").  v0 may hold a termination function for the dynamic
// linker's use; a static program ignores it.  n64 code is -mabicalls: every
// function computes its $gp from $t9 ($25), which must hold the function's
// own address on entry, so _start calls through $25.  The callee's address
// is a data word beside the code, reached pc-relatively through bal.

        .text
        .globl  _start
        .type   _start, @function
        .globl  __start             // mips's ld enters at __start, not _start: the same place
        .p2align 3                  // the .dword below must be 8-aligned
        .set    push
        .set    noreorder           // the delay slots are filled by hand
        .set    noat                // $at ($1) is used explicitly below
__start:
_start:
        bal     1f                  // ra = _start + 8, the address of the word below
        move    $4, $sp             // (delay slot) arg 1 of sysabi_start_c (a0): the initial stack pointer
        .dword  sysabi_start_c      // the callee's absolute address (a static, non-PIE link)
1:      ld      $25, 0($31)         // t9 = sysabi_start_c: n64 callees derive $gp from t9
        move    $30, $0             // frame pointer ($fp) 0: the outermost frame ends backtraces
        move    $31, $0             // return address 0: there is nowhere to return to
        daddiu  $1, $0, -16         // at = ~15
        and     $29, $29, $1        // psABI: sp % 16 == 0 on entry to every function (the kernel gives it; made sure)
        jalr    $25                 // never returns: it calls exit_group
        nop                         // (delay slot)
        teq     $0, $0              // trap if it did
        .set    pop
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
