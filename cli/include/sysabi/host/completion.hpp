// sysabi/host/completion.hpp - the fact `harness.<variant>.completed`:
// whether a variant's sysabi-probe ran to its end and said so.
#pragma once

#include <string>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/probe_output.hpp"
#include "sysabi/host/process.hpp"

namespace sysabi::host {

// value "completed" and status pass when `value` is empty; otherwise `value`
// names what happened, status fail.  Scope "variant", expect "completed".
fact completion_fact(const std::string& variant, std::string value, std::string reason);

// Judges one run: a nonzero exit (but exit 1 with a failed fact in `out`:
// sysabi-probe's "a fact failed"), a signal, a timeout, a missing header or
// trailer, bad JSON, or a trailer counting other than `expected_probes`
// (-1: do not check) makes it fail; the value is the first problem, the
// reason all of them and the last line of stderr.
fact judge_run(const std::string& variant, const probe_output& out, const process_end& end,
               unsigned timeout_ms, long expected_probes);

}  // namespace sysabi::host
