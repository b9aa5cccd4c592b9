// sysabi/host/completion.hpp - the facts about how a variant was run:
// `harness.<variant>.completed` (whether its sysabi-probe ran to its end and
// said so), `harness.<variant>.runner` (what executed it) and
// `exec_format.<variant>` (whether the kernel itself executes a
// foreign-but-compatible variant).
#pragma once

#include <optional>
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
// When sysabi itself could not start the probe runner for a reason of the
// environment (EAGAIN under RLIMIT_NPROC, ENOMEM, EMFILE, ENFILE): the
// completion fact as a skip naming the cause (`what`: "could not start: ..."),
// never a failure of the variant.  Else nullopt.
std::optional<fact> environment_completion(const std::string& variant, const process_end& end,
                                           const std::string& what);
fact judge_run(const std::string& variant, const probe_output& out, const process_end& end,
               unsigned timeout_ms, long expected_probes);

// `harness.<variant>.runner`: "native" (the kernel executed it) or the
// emulator's name ("qemu-i386"); status info, scope variant, `how` as the
// reason.  A variant that falls back to qemu-user changes this value.
fact runner_fact(const std::string& variant, const std::string& runner, std::string how);

// `exec_format.<variant>`: "kernel" when the kernel's execve ran the
// variant's static probe itself, else the errno name it gave ("ENOEXEC");
// status info, scope variant, `tried` (what was executed, by which kernel)
// as the reason.
fact exec_format_fact(const std::string& variant, const std::string& value, std::string tried);

// "ENOEXEC" for ENOEXEC; "errno N" for a number with no name.
std::string errno_name(int e);

}  // namespace sysabi::host
