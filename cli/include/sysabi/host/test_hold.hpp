// sysabi/host/test_hold.hpp - a place in sysabi where a test can stop it and
// signal it, without sleeping to guess when it got there.
//
// With SYSABI_TEST_HOLD=POINT:FD in the environment, the first time sysabi
// reaches the hold point named POINT it writes "POINT\n" to file descriptor
// FD, closes it, and waits there until SIGINT, SIGTERM or SIGHUP sets
// interrupt_requested (process.hpp); then it goes on, and the code after the
// point must honour the signal.  tests/lit/Inputs/leftovers.py --at POINT
// drives it.  Without the variable a hold point costs one getenv.
//
// The points (each named where it is):
//   run:outputs     `sysabi run` has opened its outputs (temp files exist)
//   run:tracing     a variant's trace_op helper is stopped under ptrace
//   run:layout      the struct layouts are being turned into facts
//   run:rendering   the report is rendered, not yet written
//   start:PROGRAM   a child whose program file is named PROGRAM has just
//                   started (qemu-system-x86_64, sysabi-probe, ...)
#pragma once

#include <string_view>

namespace sysabi::host {

void test_hold(std::string_view point);

}  // namespace sysabi::host
