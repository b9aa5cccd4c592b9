// abi_checks/harness/process_state.hpp - see that another process is
// blocked, without sleeping.
//
// "The reader blocks" is a fact only if we watch it block: a bounded loop
// reads /proc/<pid>/stat (state 'S', sleeping) and /proc/<pid>/wchan (the
// kernel function it sleeps in: anon_pipe_read, wait_for_partner, ...),
// yielding the CPU between reads, until the process sleeps where expected or
// the time limit passes.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::harness {

// Waits until process `pid` sleeps in a kernel function whose name contains
// `wchan_part` ("" = anywhere).  Returns true if it did within `limit_ms`.
// `seen` (at least 64 bytes) receives the last wchan read.
bool wait_until_blocked(int pid, const char* wchan_part, unsigned limit_ms, char* seen,
                        usize seen_size);

// Waits (yielding, bounded by limit_ms) until *flag becomes nonzero - a word
// in a MAP_SHARED page another process sets.  Returns whether it did.
bool wait_for_flag(volatile int* flag, unsigned limit_ms);

// The state letter from /proc/<pid>/stat ('R', 'S', 'Z', ...), or 0.
char process_state(int pid);

}  // namespace sysabi::harness
